"""`casefile batch`: many documents extracted in-process or on a Dask cluster, stored
in batches; `--failures` lists the documents that failed. The rules are in
casefile.batch; this module parses and prints."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from casefile.commands.common import ByOption, UserError, actor, open_db, progress_bar

ENGINES = ("local", "dask")
WRITERS = ("auto", "client", "workers")


def register(app: typer.Typer) -> None:
    app.command(name="batch")(batch)


def batch(
    ctx: typer.Context,
    inputs: Annotated[list[str] | None, typer.Argument(
        help="Folders, .jsonl or .parquet files (a 'text' column and any of published,"
        " publisher, url, title, language, access), or documents.")] = None,
    engine: Annotated[str, typer.Option(
        help="local (this process) or dask (a Dask cluster).")] = "local",
    scheduler: Annotated[str | None, typer.Option(
        help="A running Dask scheduler, tcp://HOST:PORT (dask engine; default: a"
        " LocalCluster on this machine).")] = None,
    workers: Annotated[int | None, typer.Option(
        help="Worker processes of the LocalCluster (dask engine without --scheduler;"
        " default: one per core).")] = None,
    writer: Annotated[str, typer.Option(
        help="Who writes the extracted documents to the store (dask engine): client (this"
        " process), workers (each worker its own batches; a PostgreSQL store, or a SQLite"
        " file on a LocalCluster), or auto: workers on a LocalCluster, else client.")
    ] = "auto",
    batch_size: Annotated[int, typer.Option(
        help="Documents per partition, and per transaction.")] = 32,
    link_every: Annotated[int, typer.Option(
        help="Link the stored persons to the cases every N batches (0: once, at the end"
        " of the run; the same links either way).")] = 0,
    failures: Annotated[bool, typer.Option(
        "--failures", help="List the documents that failed and are not stored, and exit.")
    ] = False,
    by: ByOption = None,
) -> None:
    """Extract and store many documents; those already stored are skipped, so a run
    that stopped is resumed by running it again. Ends with a summary."""
    from casefile.batch.inputs import BatchInputError, check_inputs
    from casefile.batch.run import run_batch

    if failures:
        _list_failures(ctx)
        return
    if engine not in ENGINES:
        raise UserError(f"--engine: one of {', '.join(ENGINES)}, not {engine!r}")
    if scheduler is not None and engine != "dask":
        raise UserError("--scheduler: only with --engine dask")
    if workers is not None and (engine != "dask" or scheduler is not None):
        raise UserError("--workers: only with --engine dask and no --scheduler")
    if workers is not None and not 1 <= workers <= 256:
        raise UserError("--workers: from 1 to 256")
    if writer not in WRITERS:
        raise UserError(f"--writer: one of {', '.join(WRITERS)}, not {writer!r}")
    if writer == "workers" and engine != "dask":
        raise UserError("--writer workers: only with --engine dask")
    if not 1 <= batch_size <= 10_000:
        raise UserError("--batch-size: from 1 to 10000")
    if link_every < 0:
        raise UserError("--link-every: 0 (at the end) or more")
    who = actor(by)
    store_writer = _store_writer(writer, engine, scheduler, ctx.obj["db"], who)
    try:
        checked = check_inputs(list(inputs or []))
    except BatchInputError as err:
        raise UserError(str(err)) from None
    if not any(i.count for i in checked):
        raise UserError(f"nothing to extract: no documents in {', '.join(inputs or [])}")
    with open_db(ctx) as store:
        config = _config(ctx)
        try:
            runner = _engine(engine, config, scheduler, workers, store_writer)
        except BatchInputError as err:
            raise UserError(str(err)) from None
        try:
            with progress_bar(sum(i.count for i in checked), "extracting") as advance:
                report = run_batch(checked, store, runner, who, batch_size, advance,
                                   link_every=link_every, linking=config.link)  # fmt: skip
        except BatchInputError as err:  # an input changed or became unreadable meanwhile
            raise UserError(f"{err} (what was stored so far is kept; run again to go on)"
                            ) from None
        finally:
            runner.close()
    for line in report.lines():
        typer.echo(line)
    if report.failed:
        raise typer.Exit(1)


def _config(ctx: typer.Context) -> Any:
    from casefile.extract.pipeline import load_config

    config = ctx.obj["config"]
    if config is not None and not config.is_file():
        raise UserError(f"--config: {config}: no such file")
    return load_config(config)


def _engine(name: str, config: Any, scheduler: str | None, workers: int | None,
            writer: Any) -> Any:  # fmt: skip
    from casefile.batch.engines import make_engine

    return make_engine(name, config, scheduler, workers, writer)


def _store_writer(writer: str, engine: str, scheduler: str | None, db: str,
                  who: str) -> Any:  # fmt: skip
    """Workers write on a LocalCluster (its workers share this machine and the store's
    file) unless told otherwise; on a running scheduler, only when told, and only to a
    database server, which other machines can reach as a file of this one they cannot."""
    from casefile.batch.write import StoreWriter
    from casefile.store import is_server_url

    if engine != "dask" or writer == "client" or (writer == "auto" and scheduler):
        return None
    if not is_server_url(db):
        if scheduler is not None:
            raise UserError("--writer workers: with --scheduler, only to a PostgreSQL store"
                            " (the workers of other machines cannot open this SQLite file)")
        if "://" not in db:
            db = str(Path(db).resolve())  # the workers' working directory may differ
    return StoreWriter(db, who)


def _list_failures(ctx: typer.Context) -> None:
    with open_db(ctx) as store:
        found = store.batch_failures()
    if not found:
        typer.echo("no failed documents")
        return
    for failure in found:
        tries = f", {failure.attempts} attempts" if failure.attempts > 1 else ""
        typer.echo(f"{failure.sha256[:12]} {failure.source_name} ({failure.failed_at}{tries}):"
                   f" {failure.error}")  # fmt: skip
