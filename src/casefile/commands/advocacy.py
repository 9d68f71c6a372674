"""`casefile consent` and `casefile draft`: a person's consent to be named in what is
published (services/consent.py), and appeal letters and urgent actions drafted from a
case's record (casefile.advocacy). Acting with full clearance like the other commands."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from casefile.commands.common import ByOption, UserError, actor, open_db

Name = Annotated[str, typer.Argument(help="The person's name, or the case's number.")]


def register(app: typer.Typer) -> None:
    app.command("consent")(consent)
    app.command("draft")(draft)


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


def draft(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help="appeal (a letter to the authorities) or"
                                        " urgent-action (for publication)")],
    name: Name,
    fmt: Annotated[str, typer.Option("--format", help="md, pdf or docx")] = "md",
    out: Annotated[Path | None, typer.Option(
        "-o", "--output", help="Write here (default: Markdown to standard output, PDF"
        " and DOCX to draft-KIND-ID.FORMAT).")] = None,
    demand: Annotated[list[str] | None, typer.Option(
        "--demand", help="release, drop-charges, fair-trial, lawyer-family, medical-care,"
        " investigate; repeatable (default: release).")] = None,
    unreviewed: Annotated[bool, typer.Option(
        "--unreviewed", help="Include facts no reviewer has checked, marked as such.")] = False,
    for_publication: Annotated[bool | None, typer.Option(
        "--for-publication/--not-for-publication",
        help="Pseudonymise everyone without a recorded consent (default: an urgent action"
        " is for publication, an appeal letter is not).")] = None,
    template: Annotated[Path | None, typer.Option(
        help="Your own Jinja2 template (copy one from casefile/advocacy/templates).")] = None,
    authorities: Annotated[Path | None, typer.Option(
        help="Your table of authorities (CSV; default: $CASEFILE_AUTHORITIES, else the"
        " example shipped).")] = None,
    addressee: Annotated[int | None, typer.Option(
        help="Which of the table's rows for the country (0 = the first).")] = None,
) -> None:
    """Draft an appeal letter or urgent action from the case's reviewed facts, each
    sentence cited to its source."""
    from casefile.advocacy.authorities import load_authorities
    from casefile.advocacy.drafts import build_draft
    from casefile.advocacy.render import FORMATS, render
    from casefile.services.access import FULL
    from casefile.services.cases import find_person

    if fmt not in FORMATS:
        raise UserError(f"--format: one of {', '.join(FORMATS)}, not {fmt[:20]!r}")
    table = load_authorities(authorities)
    with open_db(ctx) as store:
        person = find_person(store, name)
        made = build_draft(store, person.id, FULL, kind=kind, demands=demand or ("release",),
                           unreviewed=unreviewed, for_publication=for_publication,
                           authorities=table, addressee=addressee)  # fmt: skip
        data = render(made, fmt, template)
    for notice in made.notices:
        typer.echo(f"note: {notice}", err=True)
    if out is None and fmt == "md":
        sys.stdout.write(data.decode("utf-8"))
        return
    target = out or Path(f"draft-{kind}-{made.person_id}.{fmt}")
    if out is None and target.exists():
        raise UserError(f"{target} exists: name the file to write with -o")
    try:
        target.write_bytes(data)
    except OSError as err:
        raise UserError(f"cannot write {target}: {err.strerror}") from None
    typer.echo(f"wrote {target} ({len(data):,} bytes)")
