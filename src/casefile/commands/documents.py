"""`casefile document ...`: correcting a stored document's metadata, withdrawing,
restoring and deleting it (services.document_changes holds the rules).

The CLI acts with full clearance and as an admin (whoever runs it holds the database
file); every change is audited under --by / CASEFILE_USER."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from casefile.commands.common import ByOption, UserError, actor, open_db

if TYPE_CHECKING:
    from casefile.services.access import Viewer

document_app = typer.Typer(
    no_args_is_help=True,
    help="Correct, withdraw, restore or delete a stored document.",
)

Sha = Annotated[str, typer.Argument(help="The document's id (64 hex digits).")]


def register(app: typer.Typer) -> None:
    app.add_typer(document_app, name="document")


@contextmanager
def _one_line_errors() -> Iterator[None]:
    from casefile.services.errors import Forbidden, InvalidInput, NotFound
    from casefile.store import StoreError

    try:
        yield
    except (InvalidInput, NotFound, Forbidden, StoreError) as err:
        raise UserError(str(err).strip("'\"")) from None


def _viewer(by: str | None) -> Viewer:
    from casefile.services.access import Viewer

    return Viewer(actor(by), "confidential", admin=True)


@document_app.command("set")
def set_document(
    ctx: typer.Context,
    sha256: Sha,
    title: Annotated[str | None, typer.Option(help='Title; "" for none.')] = None,
    publisher: Annotated[str | None, typer.Option(help='Publisher; "" for none.')] = None,
    url: Annotated[str | None, typer.Option(help='Web address (http/https); "" for none.')] = None,
    published: Annotated[
        str | None,
        typer.Option(help='Publication date, ISO (2024-03-12, 2024-03, 2024); "" if unknown.'),
    ] = None,
    language: Annotated[
        str | None, typer.Option(help='Two-letter code (en, ru); "" to detect it again.')
    ] = None,
    by: ByOption = None,
) -> None:
    """Correct a document's title, publisher, address, publication date or language. A
    new date wins over any date found in the document; a new date or language extracts
    the document again (facts already reviewed are kept as they are)."""
    from casefile.cli import _pipeline
    from casefile.services.document_changes import edit_document

    given = {"title": title, "publisher": publisher, "url": url, "published": published,
             "language": language}  # fmt: skip
    if all(v is None for v in given.values()):
        raise UserError("nothing to set: give --title, --publisher, --url, --published or"
                        " --language")  # fmt: skip
    with open_db(ctx) as store, _one_line_errors():
        edit = edit_document(store, _viewer(by), sha256, **given,
                             pipeline=lambda: _pipeline(ctx))  # fmt: skip
        document = store.get_document(sha256)
    date = document.published if document else None
    if any(v is not None for k, v in given.items() if k != "published"):
        typer.echo(f"document {sha256[:12]}: {edit.summary()}")
    if published is not None:
        typer.echo(f"document {sha256[:12]}: published {date.iso() if date else 'unknown'}")


@document_app.command("withdraw")
def withdraw(
    ctx: typer.Context,
    sha256: Sha,
    reason: Annotated[str, typer.Option(help="Why, for the record.")] = "",
    by: ByOption = None,
) -> None:
    """Hide a document and its facts from everyone (lists, cases, searches, counts,
    exports) until it is restored."""
    from casefile.services.document_changes import withdraw as run_withdraw

    with open_db(ctx) as store, _one_line_errors():
        run_withdraw(store, _viewer(by), sha256, reason)
    typer.echo(f"document {sha256[:12]}: withdrawn; undo with 'casefile document restore"
               f" {sha256[:12]}…'")  # fmt: skip


@document_app.command("restore")
def restore(ctx: typer.Context, sha256: Sha, by: ByOption = None) -> None:
    """Undo a withdrawal: the document and its facts are back at the level they had."""
    from casefile.services.access import level_name
    from casefile.services.document_changes import restore as run_restore

    with open_db(ctx) as store, _one_line_errors():
        level = run_restore(store, _viewer(by), sha256)
    typer.echo(f"document {sha256[:12]}: restored at {level_name(level)}")


@document_app.command("withdrawn")
def list_withdrawn(ctx: typer.Context) -> None:
    """The withdrawn documents: id, when, by whom, title, reason."""
    from casefile.services.access import FULL
    from casefile.services.document_changes import withdrawn_documents

    with open_db(ctx) as store, _one_line_errors():
        found = withdrawn_documents(store, _viewer(FULL.name))
    for w in found:
        typer.echo(f"{w.sha256}\t{w.withdrawn_at}\t{w.withdrawn_by}\t{w.title}\t{w.reason}")
    if not found:
        typer.echo("no document is withdrawn")


@document_app.command("delete")
def delete(
    ctx: typer.Context,
    sha256: Sha,
    with_reviewed: Annotated[
        bool,
        typer.Option("--with-reviewed",
                     help="Also delete the facts analysts accepted, edited or added."),
    ] = False,
    by: ByOption = None,
) -> None:
    """Delete a document for good: its original, text and facts, and the people and
    organisations no other document mentions. Refused while analysts' reviewed facts
    cite it, unless --with-reviewed. Withdraw instead if in doubt."""
    from casefile.services.document_changes import delete as run_delete

    with open_db(ctx) as store, _one_line_errors():
        gone = run_delete(store, _viewer(by), sha256, with_reviewed=with_reviewed)
    typer.echo(f"document {sha256[:12]}: deleted with {gone.events} events and"
               f" {gone.statistics} statistics ({gone.reviewed} reviewed);"
               f" {gone.persons} persons and {gone.organisations} organisations left with no"
               " other source removed")  # fmt: skip
