"""`casefile access ...`: a document's or a fact's access level, and protected persons.

The CLI acts with full clearance (whoever runs it holds the database file); every
change is audited under --by / CASEFILE_USER."""

from __future__ import annotations

from typing import Annotated

import typer

from casefile.commands.common import ByOption, UserError, actor, open_db

access_app = typer.Typer(
    no_args_is_help=True, help="Who may see a record: access levels and protected persons."
)
Level = Annotated[str, typer.Argument(help="public, internal or confidential")]


def register(app: typer.Typer) -> None:
    app.add_typer(access_app, name="access")


@access_app.command("document")
def document_access(
    ctx: typer.Context, sha256: str, level: Level, by: ByOption = None
) -> None:
    """Set a document's access level; its facts follow (unless raised on their own)."""
    from casefile.services import classification
    from casefile.services.access import Viewer
    from casefile.services.documents import check_sha256

    with open_db(ctx) as store:
        _run(lambda: classification.set_document_access(
            store, Viewer(actor(by), "confidential"), check_sha256(sha256), level))
    typer.echo(f"document {sha256[:12]}: {level}")


@access_app.command("fact")
def fact_access(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help="event or statistic")],
    fact_id: int,
    level: Annotated[str, typer.Argument(help="public, internal, confidential or inherit")],
    by: ByOption = None,
) -> None:
    """Raise one fact above its document's level ("inherit": as its document again)."""
    from casefile.services import classification
    from casefile.services.access import Viewer

    with open_db(ctx) as store:
        _run(lambda: classification.set_fact_access(
            store, Viewer(actor(by), "confidential"), kind, fact_id, level))
    typer.echo(f"{kind} {fact_id}: {level}")


@access_app.command("protect")
def protect(
    ctx: typer.Context,
    person_id: int,
    off: Annotated[bool, typer.Option("--off", help="No longer protected.")] = False,
    by: ByOption = None,
) -> None:
    """Show a person under a pseudonym to all without confidential clearance, and in
    exports."""
    from casefile.services import classification
    from casefile.services.access import Pseudonyms, Viewer

    done: list[classification.Protection] = []
    with open_db(ctx) as store:
        viewer = Viewer(actor(by), "confidential")
        _run(lambda: done.append(classification.set_protected(store, viewer, person_id,
                                                              not off)))  # fmt: skip
        shown = Pseudonyms(store, Viewer("x", "public")).pseudonym(person_id)
    typer.echo(f"person {person_id}: {'not protected' if off else f'protected, shown as {shown}'}")
    if done and done[0].notice:
        typer.echo(f"notice: {done[0].notice}")


def _run(action: object) -> None:
    from casefile.services.errors import InvalidInput, NotFound
    from casefile.store import StoreError

    try:
        action()  # type: ignore[operator]
    except (InvalidInput, NotFound, StoreError, LookupError) as err:
        raise UserError(str(err).strip("'\"")) from None
