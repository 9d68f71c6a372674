"""`casefile case not-person|not-victim|move|undo|curations`: case curation from the
command line (services/curation.py), acting with full clearance like the other commands."""

from __future__ import annotations

from typing import Annotated

import typer

from casefile.commands.common import ByOption, actor, open_db

case_app = typer.Typer(no_args_is_help=True, help="Curate cases: not a person, not a"
                       " victim, an event moved to another person; and undo.")  # fmt: skip


def register(app: typer.Typer) -> None:
    app.add_typer(case_app, name="case")


PersonId = Annotated[int, typer.Argument(help="The case's number (as `search find` lists it).")]


@case_app.command("not-person")
def not_person(ctx: typer.Context, person: PersonId, by: ByOption = None) -> None:
    """The name is no person (a month, a law, an outlet): reject its events, and let no
    later extraction bring any back."""
    _mark(ctx, person, "not_person", by)


@case_app.command("not-victim")
def not_victim(ctx: typer.Context, person: PersonId, by: ByOption = None) -> None:
    """The person is no victim (an official, a judge): reject their events, keep them."""
    _mark(ctx, person, "not_victim", by)


@case_app.command("move")
def move(
    ctx: typer.Context,
    event: Annotated[int, typer.Argument(help="The event's number.")],
    to: Annotated[int, typer.Option("--to", help="The case it is about.")],
    by: ByOption = None,
) -> None:
    """Make an event another case's (its quote stays)."""
    from casefile.services import curation
    from casefile.services.review import Reviewer

    with open_db(ctx) as store:
        done = curation.move_event(store, event, to, Reviewer(actor(by)))
    typer.echo(f"curation {done.id}: event {event} moved from case {done.person_id}"
               f" to case {done.target_id}")


@case_app.command("undo")
def undo(
    ctx: typer.Context,
    curation_id: Annotated[int, typer.Argument(help="The curation's number.")],
    by: ByOption = None,
) -> None:
    """Undo a curation; facts decided on since stay as decided."""
    from casefile.services import curation
    from casefile.services.review import Reviewer

    with open_db(ctx) as store:
        done = curation.undo(store, curation_id, Reviewer(actor(by)))
    typer.echo(f"curation {done.id} undone")


@case_app.command("curations")
def curations(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="At most this many, newest first.")] = 50,
) -> None:
    """Curations, newest first."""
    from casefile.services import curation
    from casefile.services.access import FULL

    with open_db(ctx) as store:
        for c in curation.curations(store, FULL, max(1, limit)):
            cur = c.curation
            what = (f"{c.words} from {c.name} (#{cur.person_id}) to {c.target_name}"
                    f" (#{cur.target_id})" if cur.action == "move"
                    else f"{c.name} (#{cur.person_id}): {c.words}")  # fmt: skip
            state = f"; undone by {cur.undone_by} at {cur.undone_at}" if cur.undone_at else ""
            typer.echo(f"{cur.id}\t{what}, by {cur.decided_by} at {cur.decided_at}{state}")


def _mark(ctx: typer.Context, person: int, verdict: str, by: str | None) -> None:
    from casefile.services import curation
    from casefile.services.review import Reviewer

    with open_db(ctx) as store:
        done = curation.mark(store, person, verdict, Reviewer(actor(by)))
    typer.echo(f"curation {done.id}: case {person} marked {curation.ACTION_WORDS[verdict]},"
               f" {len(done.facts)} events rejected")
