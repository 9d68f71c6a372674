"""`casefile consent` and `casefile draft`: a person's consent to be named in what is
published (services/consent.py), and appeal letters and urgent actions drafted from a
case's record (casefile.advocacy). Acting with full clearance like the other commands."""

from __future__ import annotations

from typing import Annotated

import typer

from casefile.commands.common import ByOption, UserError, actor, open_db

Name = Annotated[str, typer.Argument(help="The person's name, or the case's number.")]


def register(app: typer.Typer) -> None:
    app.command("consent")(consent)


def consent(
    ctx: typer.Context,
    name: Name,
    given: Annotated[bool | None, typer.Option(
        "--given/--refused", help="Agreed to be named publicly, or refused.")] = None,
    by_whom: Annotated[str | None, typer.Option(
        "--by-whom", help="Who gave or refused it: person, family or lawyer.")] = None,
    note: Annotated[str, typer.Option(help="How and when it was given, say.")] = "",
    by: ByOption = None,
) -> None:
    """Record whether a person agreed to be named in publications; without --given or
    --refused, show what is recorded."""
    from casefile.services import consent as service
    from casefile.services.cases import find_person
    from casefile.services.review import Reviewer

    with open_db(ctx) as store:
        person = find_person(store, name)
        if given is None:
            if by_whom or note:
                raise UserError("say --given or --refused")
            typer.echo(describe(service.consent_of(store, person.id), person.name))
            return
        if not by_whom:
            raise UserError("--by-whom: person, family or lawyer")
        done = service.record_consent(store, person.id, given=given, given_by=by_whom,
                                      note=note, by=Reviewer(actor(by)))  # fmt: skip
    typer.echo(describe(done, person.name))


def describe(recorded: object, name: str) -> str:
    from casefile.store.base_consent import Consent

    if not isinstance(recorded, Consent):
        return f"{name}: no consent recorded (publications show a pseudonym)"
    said = "agreed to be named" if recorded.given else "refused to be named"
    who = "" if recorded.given_by == "person" else f" (their {recorded.given_by})"
    note = f"; {recorded.note}" if recorded.note else ""
    return (f"{name}: {said}{who}, recorded by {recorded.recorded_by} at"
            f" {recorded.recorded_at}{note}")
