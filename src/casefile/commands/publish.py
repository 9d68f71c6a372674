"""`casefile publish`: the public site, a static website of the published cases
(casefile.publish; docs/publish.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from casefile.commands.common import UserError, open_db
from casefile.store import store_exists


def register(app: typer.Typer) -> None:
    app.command(name="publish")(publish)


def publish(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", "-o", help="The site's folder (made"
                                         " if missing; rebuilt where it changed).")],
    clearance: Annotated[str, typer.Option(
        "--clearance", help="What may be published: public (the only level a public"
        " site may hold).")] = "public",
    base_url: Annotated[str, typer.Option(
        "--base-url", help="Where the site will be served (https://example.org/cases/),"
        " for the sitemap's addresses.")] = "",
    language: Annotated[str, typer.Option(help="The pages' language: en or ru.")] = "en",
) -> None:
    """A static website of the published cases: the case list (per country too), each
    case's timeline with its sources, the statistics report, CSV and JSON downloads and
    a sitemap. Only public documents' accepted facts; everyone without a recorded
    consent to be named, and every protected person, under a pseudonym."""
    from casefile.i18n import LANGUAGES
    from casefile.publish import build_model, render_site, write_site
    from casefile.publish.output import PublishError, check_output

    if clearance != "public":
        raise UserError(f"--clearance: a published site holds public records only, not"
                        f" {clearance!r}")  # fmt: skip
    if language not in LANGUAGES:
        raise UserError(f"--language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    if base_url and not base_url.startswith(("https://", "http://")):
        raise UserError(f"--base-url: an http(s) address, not {base_url[:60]!r}")
    if not store_exists(ctx.obj["db"]):
        raise UserError(f"no database at {ctx.obj['db']}")  # opening would create one
    try:
        check_output(output)  # before the work of reading the records
        with open_db(ctx) as store:
            files = render_site(build_model(store), base_url=base_url, language=language)
        result = write_site(output, files)
    except PublishError as err:
        raise UserError(str(err)) from None
    typer.echo(f"published {output}: {result.written} written, {result.unchanged}"
               f" unchanged, {result.removed} removed", err=True)  # fmt: skip
