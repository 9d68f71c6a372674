"""`casefile alerts`: sentence ends, hearings, anniversaries of detention and cases with
no news (services/alerts.py), read with full clearance like the other commands; and
`casefile user calendar-url|calendar-revoke`, a user's secret calendar address
(services/calendar_feed.py), added to the `user` group here."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from casefile.commands.accounts import user_app
from casefile.commands.common import ByOption, UserError, actor, open_db


def register(app: typer.Typer) -> None:
    app.command(name="alerts")(alerts_command)


def alerts_command(
    ctx: typer.Context,
    within: Annotated[str, typer.Option(help="How far ahead: days, weeks or months (30d, 6w,"
                                        " 3m).")] = "30d",
    no_news_months: Annotated[int, typer.Option(
        "--no-news-months", help="A case with nothing new for this many months is an alert.",
        min=1, max=600)] = 6,
    unreviewed: Annotated[bool, typer.Option(
        "--unreviewed", help="Also facts no reviewer has accepted (marked so).")] = False,
    today: Annotated[str | None, typer.Option(
        help="Compute as on this day (YYYY-MM-DD) instead of today.")] = None,
) -> None:  # fmt: skip
    """Dates not to miss, from the reviewed facts: sentence ends, trial and appeal
    hearings, anniversaries of detention; and cases with no news."""
    from casefile.services import alerts
    from casefile.services.access import FULL

    try:
        day = dt.date.fromisoformat(today) if today else dt.date.today()
        days = alerts.parse_within(within, day)
    except ValueError as err:
        raise UserError(str(err)) from None
    with open_db(ctx) as store:
        report = alerts.alerts(store, FULL, day, within_days=days,
                               no_news_months=no_news_months, unreviewed=unreviewed)  # fmt: skip
    if not report.alerts and not report.undated:
        typer.echo(f"no alerts between {day} and {day + dt.timedelta(days=days)}")
    for a in [*report.alerts, *report.undated]:
        mark = " [unreviewed]" if a.unreviewed else ""
        facts = ",".join(str(f.id) for f in a.facts)
        typer.echo(f"{alerts.when(a)}\t{a.kind}\t{a.case_name} (#{a.case_id})\t"
                   f"{alerts.details(a)}{mark}\tfacts {facts}")  # fmt: skip


Name = Annotated[str, typer.Argument(help="The user's name.")]


@user_app.command("calendar-url")
def calendar_url(
    ctx: typer.Context, name: Name,
    base: Annotated[str, typer.Option(help="The site's address, put before the path"
                                      " (https://casefile.example.org).")] = "",
    by: ByOption = None,
) -> None:  # fmt: skip
    """A new secret calendar address for the user (the previous one stops working);
    printed once, only its hash is kept."""
    from casefile.services import calendar_feed

    with open_db(ctx) as store:
        made = calendar_feed.new_address(store, name, actor(by))
    typer.echo(base.rstrip("/") + made.path)
    typer.echo(f"calendar address for {name}; it is shown only now", err=True)


@user_app.command("calendar-revoke")
def calendar_revoke(ctx: typer.Context, name: Name, by: ByOption = None) -> None:
    """Revoke the user's calendar address: it answers "not found" from now on."""
    from casefile.services import calendar_feed

    with open_db(ctx) as store:
        revoked = calendar_feed.revoke(store, name, actor(by))
    if revoked is None:
        raise UserError(f"{name} has no calendar address")
    typer.echo(f"revoked the calendar address of {name} (made {revoked.created_at})")
