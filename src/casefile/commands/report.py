"""`casefile report`: counts by country, year, event type, charge and sentence, what
sources claim apart, as HTML or PDF (casefile.reports; docs/reports.md)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from casefile.commands.common import UserError, open_db
from casefile.store import store_exists


def register(app: typer.Typer) -> None:
    app.command(name="report")(report)


def report(
    ctx: typer.Context,
    country: Annotated[str, typer.Option(help="Only cases of this country (KZ, BY, ...).")] = "",
    first: Annotated[str, typer.Option("--from", help="Only events dated this year or later.")]
    = "",
    last: Annotated[str, typer.Option("--to", help="Only events dated this year or earlier.")]
    = "",
    format: Annotated[str, typer.Option("--format", help="html or pdf")] = "html",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="The file to write"
                                                " (default: standard output).")] = None,
    clearance: Annotated[str, typer.Option(
        "--clearance", help="Count only what a user of this clearance may see: public,"
        " internal or confidential (the default: everything, as the database holder).",
    )] = "confidential",
    language: Annotated[str, typer.Option(help="The report's language: en or ru.")] = "en",
    for_publication: Annotated[bool, typer.Option(
        "--for-publication", help="To be published: the quotes and titles shown also mask"
        " everyone without a recorded consent to be named.",
    )] = False,
) -> None:
    """A report of what the records document (cases by country, year, event type,
    charge, sentence; accepted and unreviewed apart) and, apart, what sources claim."""
    from casefile.i18n import LANGUAGES
    from casefile.reports import build_report, parse_filters
    from casefile.reports.render import FORMATS, render
    from casefile.services.access import CLEARANCES, Viewer
    from casefile.services.errors import InvalidInput

    if format not in FORMATS:
        raise UserError(f"--format must be html or pdf, not {format!r}")
    if clearance not in CLEARANCES:
        raise UserError(f"--clearance must be one of {', '.join(CLEARANCES)}, not {clearance!r}")
    if language not in LANGUAGES:
        raise UserError(f"--language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    if output is None and format == "pdf" and sys.stdout.isatty():
        raise UserError("--format pdf: give -o FILE (or redirect standard output)")
    if not store_exists(ctx.obj["db"]):
        raise UserError(f"no database at {ctx.obj['db']}")  # opening would create one
    try:
        filters = parse_filters(country, first, last)
    except InvalidInput as err:
        raise UserError(f"--{err}") from None
    with open_db(ctx) as store:
        report = build_report(store, filters, viewer=Viewer("report", clearance),
                              publication=for_publication)  # fmt: skip
        body = render(report, format, language)
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(body)
        sys.stdout.buffer.flush()
        return
    try:
        output.write_bytes(body)
    except OSError as err:
        raise UserError(f"{output}: cannot write ({err.strerror or err})") from None
    typer.echo(f"wrote {output} ({format}, {len(body):,} bytes)", err=True)
