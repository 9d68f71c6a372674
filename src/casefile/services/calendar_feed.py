"""The alerts as an iCalendar feed (RFC 5545, written by the `icalendar` package) that a
calendar program subscribes to, and the per-user secret addresses that reach it.

An address is /calendar/<token>.ics: the token is 256 random bits, shown once and kept
as its sha256 (like an API token); one live address per user, a new one revoking the
old. The feed is computed when it is read, as the address's user may see the records at
that moment (their clearance; protected persons pseudonymised): a user disabled, or
whose password changed after the address was made, has no feed (not found), as a
revoked address has none.

One VEVENT per dated alert (services.alerts), all-day, spanning the days its date may
be (a month known only to the month spans the month); alerts that cannot be dated are
left out (the dashboard and `casefile alerts` list them).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from icalendar import Calendar, Event

from casefile.i18n import gettext, reset_language, set_language
from casefile.security import passwords
from casefile.services import accounts, alerts
from casefile.services.alerts import AlertReport
from casefile.services.errors import NotFound
from casefile.services.wording import date_in_words
from casefile.store.base import Store
from casefile.store.base_calendar import CalendarToken
from casefile.store.base_security import User

TOKEN_PREFIX = "cal_"
FEED_DAYS = 366  # a calendar looks ahead: a year of alerts, not the dashboard's month


@dataclass(frozen=True)
class NewAddress:
    token: str  # shown once
    path: str  # /calendar/<token>.ics


def new_address(store: Store, name: str, actor: str) -> NewAddress:
    """A new secret address for the user (the old one stops working)."""
    user = accounts.get_user(store, name)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    store.set_calendar_token(user.name, passwords.token_hash(token), actor, _now())
    return NewAddress(token, f"/calendar/{token}.ics")


def revoke(store: Store, name: str, actor: str) -> CalendarToken | None:
    user = accounts.get_user(store, name)
    return store.revoke_calendar_token(user.name, actor, _now())


def current(store: Store, name: str) -> CalendarToken | None:
    return store.calendar_token(accounts.get_user(store, name).name)


def user_of(store: Store, token: str) -> User:
    """The user whose live address this is; NotFound otherwise (never says why)."""
    missing = NotFound("no such calendar")
    if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        raise missing
    found = store.user_by_calendar_token(passwords.token_hash(token))
    if found is None:
        raise missing
    user, made = found
    if not user.active or (user.password_changed_at or "") > made:
        raise missing
    return user


def ics(report: AlertReport, language: str = "en") -> bytes:
    """The feed of a report's dated alerts, its words in `language`."""
    token = set_language(language)
    try:
        cal = Calendar()
        cal.add("prodid", "-//casefile//alerts//EN")
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("x-wr-calname", gettext("casefile alerts"))
        stamp = dt.datetime.combine(report.today, dt.time(0), dt.UTC)
        for alert in report.alerts:
            assert alert.first_day is not None and alert.last_day is not None
            event = Event()
            event.add("uid", alert.uid)
            event.add("dtstamp", stamp)
            event.add("dtstart", alert.first_day)
            event.add("dtend", alert.last_day + dt.timedelta(days=1))
            event.add("summary", alerts.title(alert))
            lines = [alerts.details(alert)]
            lines += [f"“{f.event.evidence.quote}” ({date_in_words(f.event.date)})"
                      for f in alert.facts]  # fmt: skip
            if alert.unreviewed:
                lines.append(gettext("Computed from facts not yet reviewed."))
            event.add("description", "\n".join(lines))
            event.add("categories", [alert.kind])
            cal.add_component(event)
        return bytes(cal.to_ical())
    finally:
        reset_language(token)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
