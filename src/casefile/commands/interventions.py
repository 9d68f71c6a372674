"""`casefile interventions list|add|edit|delete`: a case's appeals, letters, urgent
actions and submissions from the command line (services/interventions.py), acting with
full clearance like the other commands."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Annotated, Any

import typer

from casefile.commands.common import ByOption, UserError, actor, open_db

interventions_app = typer.Typer(
    no_args_is_help=True,
    help="A case's interventions: appeals, letters, urgent actions, submissions, and what"
    " came back.",
)


def register(app: typer.Typer) -> None:
    app.add_typer(interventions_app, name="interventions")


Case = Annotated[str, typer.Argument(metavar="NAME", help="The case: a name or its number.")]
InterventionId = Annotated[int, typer.Argument(metavar="ID", help="The intervention's number.")]
Text = Annotated[str | None, typer.Option()]
KindOption = Annotated[str | None, typer.Option(
    "--kind", help="appeal, letter, urgent_action or submission")]
DateOption = Annotated[str | None, typer.Option("--date", help="ISO, possibly partial: 2024-03")]
TextFile = Annotated[Path | None, typer.Option(
    "--text-file", help="Read the text from this UTF-8 file.", dir_okay=False)]
AttachOption = Annotated[Path | None, typer.Option(
    "--file", help="Attach this file (kept as received, with its sha256).", dir_okay=False)]
AccessOption = Annotated[str | None, typer.Option(
    "--access", help="Raise it above its case: public, internal, confidential ('' for none).")]


@interventions_app.command("list")
def list_(ctx: typer.Context, case: Case) -> None:
    """The case's interventions, newest first."""
    from casefile.services import interventions
    from casefile.services.access import FULL
    from casefile.services.cases import find_person

    with open_db(ctx) as store:
        person = find_person(store, case)
        shown = interventions.for_case(store, person.id, FULL)
        if not shown:
            typer.echo(f"no intervention recorded for {person.name}")
        for s in shown:
            typer.echo(_line(s))


@interventions_app.command("add")
def add(
    ctx: typer.Context, case: Case, kind: KindOption = None, date: DateOption = None,
    sender: Text = None, addressee: Text = None, channel: Text = None, text: Text = None,
    text_file: TextFile = None, file: AttachOption = None, response: Text = None,
    outcome: Text = None, access: AccessOption = None, by: ByOption = None,
) -> None:  # fmt: skip
    """Record an intervention about a case."""
    from casefile.services import interventions
    from casefile.services.cases import find_person
    from casefile.services.review import Reviewer

    fields = _given(kind=kind, date=date, sender=sender, addressee=addressee, channel=channel,
                    text=_text(text, text_file), response=response, outcome=outcome,
                    access_level=access)  # fmt: skip
    with open_db(ctx) as store:
        person = find_person(store, case)
        done = interventions.add(store, person.id, fields, Reviewer(actor(by)), _attach(file))
    typer.echo(f"intervention {done.id} recorded for {done.case_name}")


@interventions_app.command("edit")
def edit(
    ctx: typer.Context, intervention: InterventionId, kind: KindOption = None,
    date: DateOption = None, sender: Text = None, addressee: Text = None,
    channel: Text = None, text: Text = None, text_file: TextFile = None,
    file: AttachOption = None,
    remove_file: Annotated[bool, typer.Option("--remove-file", help="Drop the attached file.")]
    = False,
    response: Text = None, outcome: Text = None, access: AccessOption = None,
    by: ByOption = None,
) -> None:  # fmt: skip
    """Change the fields given; the others stay."""
    from casefile.services import interventions
    from casefile.services.review import Reviewer

    fields = _given(kind=kind, date=date, sender=sender, addressee=addressee, channel=channel,
                    text=_text(text, text_file), response=response, outcome=outcome,
                    access_level=access)  # fmt: skip
    if not fields and file is None and not remove_file:
        raise UserError("nothing to change: give at least one field")
    with open_db(ctx) as store:
        done = interventions.edit(store, intervention, fields, Reviewer(actor(by)),
                                  _attach(file), remove_file)  # fmt: skip
    typer.echo(f"intervention {done.id} changed (version {done.intervention.version})")


@interventions_app.command("delete")
def delete(ctx: typer.Context, intervention: InterventionId, by: ByOption = None) -> None:
    """Delete an intervention (the audit log keeps what it was)."""
    from casefile.services import interventions
    from casefile.services.review import Reviewer

    with open_db(ctx) as store:
        gone = interventions.delete(store, intervention, Reviewer(actor(by)))
    typer.echo(f"intervention {gone.id} deleted")


def _given(**fields: str | None) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v is not None}


def _text(text: str | None, path: Path | None) -> str | None:
    if path is None:
        return text
    if text is not None:
        raise UserError("give --text or --text-file, not both")
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise UserError(f"--text-file {path}: {err}") from None


def _attach(path: Path | None) -> Any:
    from casefile.services import interventions

    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError as err:
        raise UserError(f"--file {path}: {err.strerror or err}") from None
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return interventions.new_file(path.name, media_type, data)


def _line(shown: Any) -> str:
    i = shown.intervention
    parts = [str(i.id), i.date.iso() if i.date else "undated", i.kind]
    if i.sender:
        parts.append(f"from {i.sender}")
    if i.addressee:
        parts.append(f"to {i.addressee}")
    if i.channel:
        parts.append(f"by {i.channel}")
    if i.file:
        parts.append(f"file {i.file.name} ({i.file.size} bytes, sha256 {i.file.sha256[:12]})")
    if i.response:
        parts.append(f"response: {' '.join(i.response.split())[:80]}")
    if i.outcome:
        parts.append(f"outcome: {' '.join(i.outcome.split())[:80]}")
    return "\t".join(parts)
