"""Alerts in the web app (services/alerts.py, services/calendar_feed.py): the JSON list,
the signed-in user's iCalendar file, the feed behind a per-user secret address (no
session: the address is the credential, so it is a public route that answers "not
found" for any address not live), and the account page that makes and revokes it.

The date alerts are computed for is the app's clock (`app.state.clock`, a callable
returning today's date; tests freeze it), else today in UTC."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from casefile.services import accounts, alerts, calendar_feed
from casefile.services.access import Viewer, viewer_of
from casefile.services.alerts import Alert, AlertReport
from casefile.services.errors import InvalidInput
from casefile.services.wording import date_in_words
from casefile.store import Store
from casefile.web.auth import Read
from casefile.web.context import StoreDep, require_form, templates

pages = APIRouter(default_response_class=HTMLResponse)
api = APIRouter(prefix="/api", tags=["api"])

FormRoutes = [Depends(require_form)]
ICS = "text/calendar; charset=utf-8"
FEED_PATH = "/calendar/{token}.ics"
DASHBOARD_QUIET = 10  # the dashboard lists the longest silent cases, and counts them all
DASHBOARD_ALERTS = 50  # and the soonest alerts


def today_of(request: Request) -> dt.date:
    clock = getattr(request.app.state, "clock", None)
    return clock() if clock is not None else dt.datetime.now(dt.UTC).date()


class ReportCache:
    """Alert reports kept between changes to the records: computing one reads every
    case's facts (a second at 100,000 facts), and the dashboard shows one on each visit.
    A report depends only on the records (stamped by the audit log's last entry), the
    reader's clearance and whether they see protected names, the day and the options:
    that is the key, so a change, a new day or another clearance computes afresh."""

    def __init__(self, size: int = 32) -> None:
        self._lock = threading.Lock()
        self._items: OrderedDict[tuple[Any, ...], AlertReport] = OrderedDict()
        self._size = size

    def get(self, key: tuple[Any, ...], compute: Callable[[], AlertReport]) -> AlertReport:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        report = compute()
        with self._lock:
            self._items[key] = report
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return report


_CACHE_LOCK = threading.Lock()


def report_for(request: Request, store: Store, viewer: Viewer, **options: Any) -> AlertReport:
    """The alerts for `viewer` today, from the app's cache when nothing changed since."""
    with _CACHE_LOCK:
        cache = getattr(request.app.state, "alert_reports", None)
        if cache is None:
            cache = request.app.state.alert_reports = ReportCache()
    today = today_of(request)
    key = (store.alerts_stamp(), viewer.level, viewer.sees_protected, today,
           tuple(sorted(options.items())))  # fmt: skip
    return cache.get(key, lambda: alerts.alerts(store, viewer, today, **options))


@api.get("/alerts")
def alerts_api(
    request: Request, store: StoreDep, principal: Read,
    within: Annotated[str, Query(max_length=10, description="30d, 6w, 3m")] = "30d",
    no_news_months: Annotated[int, Query(ge=1, le=alerts.MAX_NO_NEWS_MONTHS)]
    = alerts.DEFAULT_NO_NEWS_MONTHS,
) -> dict[str, Any]:  # fmt: skip
    """Alerts from reviewed facts: sentence ends, hearings, anniversaries, no news."""
    today = today_of(request)
    try:
        days = alerts.parse_within(within, today)
    except ValueError as err:
        raise InvalidInput(str(err)) from None
    report = report_for(request, store, principal.viewer, within_days=days,
                        no_news_months=no_news_months)  # fmt: skip
    return {"today": today.isoformat(), "within_days": days, "no_news_months": no_news_months,
            "items": [_json(a) for a in report.alerts],
            "undated": [_json(a) for a in report.undated]}  # fmt: skip


@pages.get("/calendar.ics", name="my_calendar")
def my_calendar(request: Request, store: StoreDep, principal: Read) -> Response:
    """The signed-in user's alerts as a file a calendar program imports."""
    return _feed(request, store, principal.user, "attachment")


@pages.get(FEED_PATH, name="calendar_feed")
def calendar_feed_route(request: Request, token: Annotated[str, Path(max_length=100)],
                        store: StoreDep) -> Response:  # fmt: skip
    """The feed at a user's secret address (services/calendar_feed.py)."""
    return _feed(request, store, calendar_feed.user_of(store, token), "inline")


@pages.get("/account/calendar", name="account_calendar")
def account_calendar(request: Request, store: StoreDep, principal: Read) -> Response:
    return _account_page(request, store, principal.user.name, None)


@pages.post("/account/calendar", dependencies=FormRoutes)
def new_calendar_address(request: Request, store: StoreDep, principal: Read) -> Response:
    """A new address, shown on the page this once (only its hash is kept)."""
    made = calendar_feed.new_address(store, principal.user.name, principal.user.name)
    return _account_page(request, store, principal.user.name, str(request.base_url).rstrip("/")
                         + made.path)  # fmt: skip


@pages.post("/account/calendar/revoke", dependencies=FormRoutes)
def revoke_calendar_address(store: StoreDep, principal: Read) -> Response:
    calendar_feed.revoke(store, principal.user.name, principal.user.name)
    return RedirectResponse("/account/calendar", status_code=303)


def _feed(request: Request, store: StoreDep, user: Any, disposition: str) -> Response:
    report = report_for(request, store, viewer_of(user), within_days=calendar_feed.FEED_DAYS)
    language = accounts.preferred_language(store, user) or "en"
    return Response(calendar_feed.ics(report, language), media_type=ICS,
                    headers={"Content-Disposition":
                             f'{disposition}; filename="casefile-alerts.ics"'})  # fmt: skip


def _account_page(request: Request, store: StoreDep, name: str, new: str | None) -> Response:
    return templates.TemplateResponse(
        request, "account_calendar.html",
        {"current": calendar_feed.current(store, name), "new_address": new},
    )  # fmt: skip


def _json(alert: Alert) -> dict[str, Any]:
    return {
        "kind": alert.kind, "case": {"id": alert.case_id, "name": alert.case_name},
        "date": alert.date.iso() if alert.date else None,
        "first_day": alert.first_day.isoformat() if alert.first_day else None,
        "last_day": alert.last_day.isoformat() if alert.last_day else None,
        "title": alerts.title(alert), "details": alerts.details(alert),
        "facts": [{"id": f.id, "type": f.event.type,
                   "date": f.event.date.iso() if f.event.date else None,
                   "quote": f.event.evidence.quote,
                   "document": f.event.evidence.document_id,
                   "date_in_words": date_in_words(f.event.date)} for f in alert.facts],
        "unreviewed": alert.unreviewed,
    }  # fmt: skip
