"""`casefile document ...`: correcting what is known of a stored document.

The CLI acts with full clearance (whoever runs it holds the database file); every
change is audited under --by / CASEFILE_USER."""

from __future__ import annotations

from typing import Annotated

import typer

from casefile.commands.common import ByOption, UserError, actor, open_db

document_app = typer.Typer(no_args_is_help=True, help="Correct a stored document's metadata.")


def register(app: typer.Typer) -> None:
    app.add_typer(document_app, name="document")


@document_app.command("set")
def set_document(
    ctx: typer.Context,
    sha256: Annotated[str, typer.Argument(help="The document's id (64 hex digits).")],
    published: Annotated[
        str | None,
        typer.Option(help='Publication date, ISO (2024-03-12, 2024-03, 2024); "" if unknown.'),
    ] = None,
    by: ByOption = None,
) -> None:
    """Set a document's publication date; it wins over any date found in the document,
    and the document's unreviewed facts are extracted again to follow it."""
    from casefile.cli import _pipeline
    from casefile.services.access import Viewer
    from casefile.services.documents import set_published
    from casefile.services.errors import InvalidInput, NotFound
    from casefile.store import StoreError

    if published is None:
        raise UserError("nothing to set: give --published DATE")
    with open_db(ctx) as store:
        try:
            date = set_published(store, Viewer(actor(by), "confidential"), sha256, published,
                                 lambda: _pipeline(ctx))  # fmt: skip
        except (InvalidInput, NotFound, StoreError) as err:
            raise UserError(str(err).strip("'\"")) from None
    typer.echo(f"document {sha256[:12]}: published {date.iso() if date else 'unknown'}")
