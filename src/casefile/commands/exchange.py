"""`casefile export` and `casefile import`: arguments parsed, the exchange package
called, one line per problem (docs/exchange.md)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from casefile.commands.common import ByOption, UserError, actor, open_db

FORMATS = ("json", "jsonl", "csv", "popolo")


def register(app: typer.Typer) -> None:
    app.command(name="export")(export)
    app.command(name="import")(import_file)


def export(
    ctx: typer.Context,
    format: Annotated[str, typer.Option("--format", help="json, jsonl, csv or popolo")] = "json",
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
    clearance: Annotated[str, typer.Option(
        "--clearance", help="Export only what a user of this clearance may see: public,"
        " internal or confidential (the default: everything, as the database holder).",
    )] = "confidential",
    real_names: Annotated[bool, typer.Option(
        "--real-names", help="Protected persons by name (needs --clearance confidential).",
    )] = False,
    public: Annotated[bool, typer.Option(
        "--public", help="Only what may be published: public documents' accepted facts,"
        " protected persons pseudonymised.",
    )] = False,
    base_url: Annotated[str, typer.Option(
        "--base-url", help="Where the web application is served (https://cases.example.org):"
        " case and document links are absolute (csv, popolo). Without it: relative paths.",
    )] = "",
    with_originals: Annotated[bool, typer.Option(
        "--with-originals", help="json, jsonl: each document's original bytes too, so that"
        " `casefile import` elsewhere keeps its identity (full clearance and real names only).",
    )] = False,
) -> None:
    """Everything a user of --clearance may see, with provenance; protected persons
    pseudonymised unless --real-names. --public: what may be published."""
    from casefile.exchange.export import export as run_export
    from casefile.exchange.popolo import write_popolo
    from casefile.exchange.public import PublicRecords
    from casefile.services.access import CLEARANCES, Viewer, VisibleRecords

    if format not in FORMATS:
        raise UserError(f"--format must be one of {', '.join(FORMATS)}, not {format!r}")
    if clearance not in CLEARANCES:
        raise UserError(f"--clearance must be one of {', '.join(CLEARANCES)}, not {clearance!r}")
    if real_names and (clearance != "confidential" or public):
        raise UserError("--real-names needs --clearance confidential (and no --public)")
    if public and clearance != "confidential":
        raise UserError("--public exports public records; leave out --clearance")
    if with_originals and (not real_names or format not in ("json", "jsonl")):
        # An original would show a protected person's name that the text masks.
        raise UserError("--with-originals needs --format json or jsonl and --real-names")
    if base_url and not base_url.startswith(("http://", "https://")):
        raise UserError(f"--base-url: an http:// or https:// address, not {base_url!r}")
    viewer = Viewer("export", clearance, real_names=real_names)

    def write(out: TextIO, store: Any) -> None:
        if format == "popolo":
            write_popolo(store, out, base_url=base_url)
        else:
            run_export(store, format, out, base_url=base_url,  # type: ignore[arg-type]
                       originals=with_originals)  # fmt: skip

    with open_db(ctx) as full_store:
        from casefile.services.cases import refresh_case_records

        refresh_case_records(full_store)  # who a reader may see is read from them
        store = PublicRecords(full_store) if public else VisibleRecords(full_store, viewer)
        if output is None:
            write(sys.stdout, store)
            return
        try:
            out = output.open("w", encoding="utf-8", newline="")
        except OSError as err:
            raise UserError(f"{output}: cannot write ({err.strerror or err})") from None
        with out:
            write(out, store)


def import_file(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A .csv, .tsv or .xlsx spreadsheet, or a"
                                         " casefile .json / .jsonl export.")],
    mapping: Annotated[Path | None, typer.Option(
        "--mapping", help="TOML: which column holds what (docs/exchange.md).")] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Check every row and report the bad ones; import nothing.")] = False,
    skip_bad: Annotated[bool, typer.Option(
        "--skip-bad", help="Import the good rows and name the bad ones (else a bad row"
        " stops the whole import).")] = False,
    no_link: Annotated[bool, typer.Option(
        "--no-link", help="Do not link a spreadsheet's persons to existing cases.")] = False,
    by: ByOption = None,
) -> None:
    """Import a spreadsheet teams keep, or casefile's own export: all of it in one
    transaction, or nothing; facts cite the file (a spreadsheet's row) or their own
    source (an export's)."""
    from casefile.commands.common import link_thresholds
    from casefile.exchange.imports import ImportFailed, prepare, store_batch

    who = actor(by)
    linking = link_thresholds(ctx)
    if not file.is_file():
        raise UserError(f"{file}: no such file")
    try:
        # The whole file is read and checked before a database is opened (or created).
        batch, report = prepare(file, mapping, skip_bad=skip_bad)
        if dry_run and not _exists(ctx.obj["db"]):
            report.dry_run = True
        else:
            with open_db(ctx) as store:
                store_batch(store, batch, report, dry_run=dry_run, skip_bad=skip_bad,
                            actor=who, link=not no_link, linking=linking)  # fmt: skip
    except ImportFailed as err:
        raise UserError(str(err)) from None
    for line in report.bad:
        typer.echo(("skipped: " if report.stored else "bad: ") + line, err=True)
    typer.echo(report.summary())
    if report.refused or (dry_run and report.bad):
        raise typer.Exit(1)


def _exists(db: str) -> bool:
    from casefile.store import store_exists

    return store_exists(db)
