"""`casefile ingest`: files, folders and standard input in; one line per document and,
for a folder, a summary. Which files of a folder are read, the sidecar's rows and the
summary's counts are services.folder_ingest's rules; this module parses and prints.
Registered by casefile.cli itself, so that it comes first in `casefile --help`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from casefile.commands.common import ByOption, UserError, actor, open_db, progress_bar


def ingest(
    ctx: typer.Context,
    paths: Annotated[list[str], typer.Argument(help="Files or folders; '-' reads stdin.")],
    published: Annotated[str | None, typer.Option(help="Publication date, ISO.")] = None,
    language: Annotated[
        str | None, typer.Option(help="ISO 639-1 code; detected if absent.")
    ] = None,
    publisher: Annotated[str | None, typer.Option()] = None,
    url: Annotated[str | None, typer.Option()] = None,
    title: Annotated[str | None, typer.Option()] = None,
    access: Annotated[str | None, typer.Option(
        "--access", help="public, internal or confidential: the level of NEW documents"
        " (default confidential); one already stored keeps its own."
    )] = None,
    metadata_file: Annotated[Path | None, typer.Option(
        "--metadata", help="A .csv, .tsv or .jsonl file: one row per file, a 'file' column"
        " (name or path in the folder) and any of published, publisher, url, title, language,"
        " access. Its values win over the options above. Checked whole before anything is"
        " stored."
    )] = None,
    exclude: Annotated[list[str] | None, typer.Option(
        "--exclude", help="Leave out files of a folder matching GLOB (a name, or a path"
        " in the folder with '/'); repeatable."
    )] = None,
    include_notes: Annotated[bool, typer.Option(
        "--include-notes", help="Take annotator notes (notes/, annotations/, README, NOTES"
        " files) as documents; skipped by default."
    )] = False,
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="Name every skipped file in the summary."
    )] = False,
    by: ByOption = None,
) -> None:
    """Store documents and the facts extracted from them; one line per document.

    A folder ends with a summary (stored, refreshed, skipped by reason, failed), and shows
    a progress bar on a terminal."""
    from casefile.cli import _pipeline, _published
    from casefile.ingest import Metadata
    from casefile.services import access as access_rules
    from casefile.services.folder_ingest import Tally, plan_ingest, run_plan
    from casefile.services.ingest_sidecar import SidecarError, read_sidecar

    metadata = Metadata(_published(published), language, publisher, url, title)
    if access is not None:
        try:
            access_rules.parse_level(access, "--access")
        except ValueError as err:
            raise UserError(str(err)) from None
    try:
        sidecar = read_sidecar(metadata_file) if metadata_file is not None else None
        plan = plan_ingest(paths, exclude or (), include_notes, sidecar)
    except SidecarError as err:
        for line in err.lines[:20]:
            typer.echo(f"error: {line}", err=True)
        if len(err.lines) > 20:
            typer.echo(f"error: and {len(err.lines) - 20} more", err=True)
        raise UserError("the metadata file has errors; nothing was ingested") from None
    if sidecar is not None and sidecar.ignored_columns:
        typer.echo(f"note: --metadata: columns ignored: {', '.join(sidecar.ignored_columns)}",
                   err=True)  # fmt: skip
    tally = Tally(skipped=list(plan.skipped))
    if not plan.files and not plan.stdin:  # only folders, holding no file to ingest
        if verbose:
            for line in tally.lines(verbose)[1:]:
                typer.echo(line, err=True)
        skipped = f" ({tally.skip_counts()} skipped)" if tally.skipped else ""
        raise UserError(f"nothing to ingest: no supported files in {', '.join(paths)}{skipped}")
    files = len(plan.files) + plan.stdin
    with open_db(ctx) as store, progress_bar(files, "ingesting") as advance:
        pipeline = _pipeline(ctx)
        for outcome in run_plan(plan, store, pipeline, metadata, access, actor(by)):
            tally.add(outcome)
            advance(1, outcome.source_name)
            if not outcome.skipped:
                typer.echo(outcome.summary(), err=bool(outcome.error))
    if plan.wants_summary:
        for line in tally.lines(verbose):
            typer.echo(line)
    if tally.failed:
        raise typer.Exit(1)
