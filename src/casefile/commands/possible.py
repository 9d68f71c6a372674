"""`casefile possible list|accept|reject`: the events the model almost extracted, answered
from the command line (services/possible_facts.py), with full clearance like the other
commands. An answer is a label for `casefile train --store`."""

from __future__ import annotations

from typing import Annotated

import typer

from casefile.commands.common import ByOption, actor, open_db

possible_app = typer.Typer(no_args_is_help=True, help="Possible facts: events the model"
                           " scored just below its threshold, to accept or reject.")  # fmt: skip


def register(app: typer.Typer) -> None:
    app.add_typer(possible_app, name="possible")


PossibleId = Annotated[int, typer.Argument(help="The possible fact's number (as listed).")]


@possible_app.command("list")
def list_possible(
    ctx: typer.Context,
    document: Annotated[str | None, typer.Option(help="Only this document's (sha256).")] = None,
    limit: Annotated[int, typer.Option(help="At most this many, likeliest first.")] = 50,
) -> None:
    """Possible facts, the likeliest first: number, probability, type, person, date, quote."""
    from casefile.services.possible_facts import possible_facts

    with open_db(ctx) as store:
        page = possible_facts(store, sha256=document, limit=limit)
    for item in page.items:
        event = item.event
        quote = " ".join(event.evidence.quote.split())
        typer.echo(f"{item.id}\t{event.provenance.confidence:.2f}\t{event.type}"
                   f"\t{event.participant}\t{event.date.iso() if event.date else '-'}"
                   f"\t{event.evidence.document_id[:12]}\t{quote}")  # fmt: skip
    typer.echo(f"{len(page.items)} of {page.total} possible facts")


@possible_app.command("accept")
def accept(ctx: typer.Context, possible: PossibleId, by: ByOption = None) -> None:
    """It is a fact: store it as an accepted event."""
    _decide(ctx, possible, True, by)


@possible_app.command("reject")
def reject(ctx: typer.Context, possible: PossibleId, by: ByOption = None) -> None:
    """It is no fact: store it as a rejected event (a negative for training)."""
    _decide(ctx, possible, False, by)


def _decide(ctx: typer.Context, possible: int, accept: bool, by: str | None) -> None:
    from casefile.services.possible_facts import decide
    from casefile.services.review import Reviewer

    with open_db(ctx) as store:
        event = decide(store, possible, accept, Reviewer(actor(by)))
    typer.echo(f"possible fact {possible} {'accepted' if accept else 'rejected'}:"
               f" event {event.id}")

