"""The command line: parses arguments and calls the library; no rules live here."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from casefile.commands.common import ByOption as ActorOption
from casefile.commands.common import UserError, actor
from casefile.commands.ingest import ingest as ingest_command
from casefile.model import PartialDate

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="casefile: human-rights documents in, verifiable case records out.",
)

DbOption = Annotated[
    str,
    typer.Option("--db", envvar="CASEFILE_DB",
                 help="SQLite database file (or sqlite:///path), or a PostgreSQL database"
                      " (postgresql://user@host/database)."),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", envvar="CASEFILE_CONFIG", help="TOML file with an [extract] table."),
]




@app.callback()
def main_options(
    ctx: typer.Context,
    db: DbOption = "casefile.db",
    config: ConfigOption = None,
) -> None:
    ctx.obj = {
        "db": db,
        "config": config or (Path("casefile.toml") if Path("casefile.toml").exists() else None),
    }


def _pipeline(ctx: typer.Context) -> Any:
    from casefile.extract.pipeline import Pipeline, load_config

    config = ctx.obj["config"]
    if config is not None and not config.is_file():
        # load_config reads a missing file as "the defaults": right for the implicit
        # ./casefile.toml, wrong for a file the user named.
        raise UserError(f"--config: {config}: no such file")
    return Pipeline(load_config(config))


@contextmanager
def _store(ctx: typer.Context) -> Iterator[Any]:
    from casefile.store import open_store

    store = open_store(ctx.obj["db"])
    try:
        yield store
    finally:
        store.close()


def _published(value: str | None) -> PartialDate | None:
    if value is None:
        return None
    try:
        return PartialDate.parse(value)
    except ValueError as err:
        raise UserError(f"--published: {err}") from None


app.command(name="ingest")(ingest_command)


@app.command()
def extract(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(help="A file, or '-' for stdin.")],
    published: Annotated[str | None, typer.Option()] = None,
    language: Annotated[str | None, typer.Option()] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (the default).")] = True,
) -> None:
    """Extract facts from one document without storing anything."""
    from casefile.exchange.records import extraction_dict
    from casefile.ingest import Metadata, build_document
    from casefile.sources import read_path, read_stdin

    source = read_stdin() if path == "-" else read_path(Path(path))
    document = build_document(source, Metadata(_published(published), language))
    result = extraction_dict(_pipeline(ctx)(document))
    typer.echo(json.dumps(result, ensure_ascii=False, indent=2))


@app.command()
def reextract(ctx: typer.Context, by: ActorOption = None) -> None:
    """Run the current extractor over every stored document (reviewed facts are kept)."""
    from casefile.ingest import reextract as run_reextract

    with _store(ctx) as store:
        for outcome in run_reextract(store, _pipeline(ctx), actor(by)):
            typer.echo(outcome.summary())


@app.command()
def cases(ctx: typer.Context) -> None:
    """One row per person: status, last event, number of sources."""
    from casefile.services.cases import list_cases, render_cases

    with _store(ctx) as store:
        typer.echo(render_cases(list_cases(store)))


@app.command()
def show(ctx: typer.Context, name: Annotated[str, typer.Argument(help="A person's name.")]) -> None:
    """A person's timeline: each event with its date and source quote."""
    from casefile.services.cases import person_timeline, render_timeline

    with _store(ctx) as store:
        typer.echo(render_timeline(person_timeline(store, name)))


link_app = typer.Typer(
    no_args_is_help=True,
    help="One case per real person: links between spellings and scripts, and their review.",
)
app.add_typer(link_app, name="link")
ByOption = Annotated[
    str, typer.Option("--by", envvar="CASEFILE_USER", help="Who makes the decision.")
]


@link_app.command("run")
def link_run(ctx: typer.Context) -> None:
    """Link every case to the cases it is one with (ingest does this per document)."""
    from casefile.commands.common import link_thresholds
    from casefile.services.linking import link_persons

    thresholds = link_thresholds(ctx)
    with _store(ctx) as store:
        outcome = link_persons(store, config=thresholds)
        for merge in outcome.merged:
            typer.echo(_merge_line(merge))
        typer.echo(f"{len(outcome.merged)} merged, {outcome.proposed} proposed")


@link_app.command("proposals")
def link_proposals(ctx: typer.Context) -> None:
    """Possible links waiting for an analyst, most likely first."""
    from casefile.services.linking import pending_proposals

    with _store(ctx) as store:
        for p in pending_proposals(store):
            typer.echo(f"{p.id}\t{p.score:.2f}\t{p.name_a} (#{p.person_a}) ~ "
                       f"{p.name_b} (#{p.person_b})")


@link_app.command("accept")
def link_accept(ctx: typer.Context, proposal: int, by: ByOption = "analyst") -> None:
    """Confirm a proposal: the two persons become one case."""
    from casefile.services.linking import decide_proposal

    with _store(ctx) as store:
        merge = decide_proposal(store, proposal, True, by)
        typer.echo(_merge_line(merge) if merge else f"proposal {proposal} accepted")


@link_app.command("reject")
def link_reject(ctx: typer.Context, proposal: int, by: ByOption = "analyst") -> None:
    """Reject a proposal: the two are different people and stay apart."""
    from casefile.services.linking import decide_proposal

    with _store(ctx) as store:
        decide_proposal(store, proposal, False, by)
        typer.echo(f"proposal {proposal} rejected")


@link_app.command("merge")
def link_merge(ctx: typer.Context, kept: int, merged: int, by: ByOption = "analyst") -> None:
    """Merge person MERGED into person KEPT's case (ids as `link history` shows them)."""
    from casefile.services.linking import merge as run_merge

    with _store(ctx) as store:
        typer.echo(_merge_line(run_merge(store, kept, merged, by)))


@link_app.command("split")
def link_split(ctx: typer.Context, merge_id: int, by: ByOption = "analyst") -> None:
    """Undo a merge; the two persons stay apart from then on."""
    from casefile.services.linking import split

    with _store(ctx) as store:
        typer.echo(_merge_line(split(store, merge_id, by)))


@link_app.command("history")
def link_history(ctx: typer.Context) -> None:
    """Every merge, who made it and when, and whether it was undone."""
    with _store(ctx) as store:
        for merge in store.person_merges():
            typer.echo(_merge_line(merge))


def _merge_line(merge: Any) -> str:
    score = f"{merge.score:.2f}" if merge.score is not None else "by hand"
    line = (f"merge {merge.id}: {merge.merged_name} (#{merge.merged_id}) into "
            f"{merge.kept_name} (#{merge.kept_id}), {score}, by {merge.decided_by} "
            f"at {merge.decided_at}")
    return line + (f"; undone by {merge.undone_by} at {merge.undone_at}"
                   if merge.undone_at else "")


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    demo: Annotated[bool, typer.Option(
        "--demo", help="Sign visitors from this machine in as a demo admin (loopback only)."
    )] = False,
    secure_cookies: Annotated[bool | None, typer.Option(
        "--secure-cookies/--no-secure-cookies",
        help="Mark cookies Secure (behind a TLS proxy); default: when a request is https.",
    )] = None,
    allowed_host: Annotated[list[str] | None, typer.Option(
        "--allowed-host", help="A Host name clients reach this server by (repeat for more;"
        " '*' for any); loopback names and --host are always answered.",
    )] = None,
    trusted_proxy: Annotated[list[str] | None, typer.Option(
        "--trusted-proxy", help="The address (or network) of a reverse proxy whose"
        " X-Forwarded-For and -Proto are believed (repeat for more); default: none.",
    )] = None,
) -> None:
    """Serve the web application: pages, and the JSON API under /api. Needs an admin
    account (casefile user add NAME --role admin) unless --demo."""
    from casefile.web.server import ServeRefused, run

    try:
        run(ctx.obj["db"], host=host, port=port, config=ctx.obj["config"], demo=demo,
            secure_cookies=secure_cookies, allowed_hosts=tuple(allowed_host or ()),
            proxies=tuple(trusted_proxy or ()), announce=typer.echo)  # fmt: skip
    except ServeRefused as refused:
        raise UserError(str(refused)) from None


@app.command(name="eval")
def evaluate(
    ctx: typer.Context,
    gold_dir: Annotated[Path, typer.Argument(help="Folder of NAME.txt + NAME.gold.json.")],
    per_doc: Annotated[bool, typer.Option("--per-doc", help="A line per document.")] = False,
    language: Annotated[str | None, typer.Option(help="Only documents in this language.")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    errors: Annotated[bool, typer.Option("--errors", help="List misses and extras.")] = False,
) -> None:
    """Score the extractor against gold files as the annotation guidelines define."""
    from casefile.evaluation import evaluate as run_eval
    from casefile.evaluation import load_gold_dir, render_errors, render_report, report_as_dict
    from casefile.exchange.records import extraction_dict
    from casefile.ingest import Metadata, document_from_text

    pipeline = _pipeline(ctx)
    docs = [d for d in load_gold_dir(gold_dir) if language in (None, d.language)]

    def system(text: str, lang: str | None, published: str | None) -> dict[str, Any]:
        document = document_from_text(text, Metadata(_published(published), lang))
        return extraction_dict(pipeline(document))

    report = run_eval(docs, system)
    if as_json:
        typer.echo(json.dumps(report_as_dict(report), indent=2))
    else:
        if errors:
            typer.echo(render_errors(report))
        typer.echo(render_report(report, per_doc=per_doc))


@app.command()
def train(
    gold_dirs: Annotated[
        list[Path] | None, typer.Argument(help="Folders of NAME.txt + NAME.gold.json.")
    ] = None,
    store: Annotated[Path | None, typer.Option(
        "--store", help="A casefile database: its analysts' decisions become training data."
    )] = None,
    out: Annotated[Path, typer.Option("--out", help="Where to write the model.")] = Path(
        "event_model.json"
    ),
    folds: Annotated[int, typer.Option(help="Out-of-fold figures by document; 1: none.")] = 5,
    repeats: Annotated[int, typer.Option(
        help="Dealings of the documents into folds that the decision is judged on."
    )] = 3,
    cache: Annotated[
        Path | None, typer.Option(help="Folder to keep each document's candidates in.")
    ] = None,
    victims: Annotated[bool, typer.Option(
        "--victims/--no-victims", help="Train a victim model whose probability is a feature."
    )] = True,
    doc_types: Annotated[str | None, typer.Option(
        "--doc-types",
        help="Languages (comma-separated, or 'none') whose candidates read a "
             "document-type model's probabilities (default: learn.doc_types."
             "DOC_TYPE_LANGUAGES, today none; docs/event-model.md).",
    )] = None,
    draw_seed: Annotated[int, typer.Option(
        "--draw-seed",
        help="Which draws of hidden rule events to fit on (0: the shipped model's); "
             "other seeds show how far a retraining alone moves the figures.",
    )] = 0,
) -> None:
    """Train the event model on gold folders and/or a store's reviewed facts; print its
    model card (out-of-fold figures on the gold)."""
    # imported here, not at the top: every other command would pay for the training code
    from casefile.evaluation import load_gold_dir
    from casefile.learn.doc_types import DOC_TYPE_OPTION, languages_of
    from casefile.learn.train import train_model

    gold_dirs = gold_dirs or []
    if not gold_dirs and store is None:
        raise UserError("give gold folders, --store DB, or both")
    if folds < 1:
        raise UserError("--folds: must be 1 or more")
    if repeats < 1:
        raise UserError("--repeats: must be 1 or more")
    if draw_seed < 0:
        raise UserError("--draw-seed: must be 0 or more")
    try:
        type_languages = languages_of(DOC_TYPE_OPTION if doc_types is None else doc_types)
    except ValueError as err:
        raise UserError(f"--doc-types: {err}") from None
    for folder in gold_dirs:
        if not folder.is_dir():
            raise UserError(f"{folder}: not a folder of gold files")
    if store is not None and not store.is_file():
        raise UserError(f"--store: {store}: no such database")  # opening would create one
    sets = [(folder.name, load_gold_dir(folder)) for folder in gold_dirs]
    if sets and sum(len(g) for _, g in sets) < folds:
        raise UserError(f"{folds} folds need at least {folds} gold documents")
    decisions = None
    if store is not None:
        from casefile.learn.store_data import store_rows
        from casefile.store import open_store

        with open_store(store) as opened:
            decisions = store_rows(opened)
    try:
        trained = train_model(sets, folds=folds, cache=cache, store=decisions,
                              victims=victims, repeats=repeats, doc_types=type_languages,
                              draw_seed=draw_seed)
    except ValueError as err:  # e.g. only positive labels: nothing to tell them from
        raise UserError(str(err)) from None
    trained.model.save(out)
    typer.echo(json.dumps(trained.model.card, indent=2, ensure_ascii=False))
    if trained.model.dates is not None:
        typer.echo(json.dumps({"date_model": trained.model.dates.card}, indent=2,
                              ensure_ascii=False))
    typer.echo(f"wrote {out} ({len(trained.model.weights)} weights)")


def _register_command_groups() -> None:
    from casefile.commands import advocacy, register

    register(app)
    advocacy.register(app)


_register_command_groups()


def main() -> None:
    """Entry point: every expected failure is one line on stderr and a non-zero exit."""
    try:
        code = app(standalone_mode=False)
    except typer.TyperException as err:
        # Usage errors. Typer vendors click, so these are not `click.ClickException`s.
        # With no arguments at all the "error" is the help, which typer has printed.
        message = err.format_message().strip()
        if "\n" in message:
            typer.echo(message, err=True)
        elif message:
            typer.echo(f"error: {message} (see 'casefile --help')", err=True)
        sys.exit(err.exit_code)
    except typer.Abort:
        typer.echo("aborted", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as err:
        # Imported only when something failed: the list pulls in the whole pipeline, and
        # a usage error or `--help` should not pay for loading it.
        from casefile.errors import EXPECTED_ERRORS, storage_failure

        disk = storage_failure(err)
        if disk is not None:  # before StoreError: its message would name only SQLite's words
            typer.echo(f"error: {disk}", err=True)
            sys.exit(1)
        if isinstance(err, (UserError, *EXPECTED_ERRORS)):
            typer.echo(f"error: {err}", err=True)
            sys.exit(1)
        if os.environ.get("CASEFILE_DEBUG"):  # a bug: still one line, unless debugging
            raise
        typer.echo(f"internal error: {type(err).__name__}: {err}", err=True)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)
