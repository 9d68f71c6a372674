"""Alerts: dates a campaigner must not miss, computed from a case's stored facts.

Kinds (each alert names its case, its date, and the facts it was computed from):

- `sentence_end`: a custodial sentence (prison, administrative detention) with a term
  ends at custody start + term. Custody starts at the arrest the sentence follows: the
  latest dated arrest on or before the sentence with no release between them (an
  undated sentence: the only dated arrest of the case). When there is none, or a
  release comes between, the end is *not guessed*: the alert is listed apart as "custody
  start unknown", with the sentence it concerns. A release after the sentence ends the
  question (no alert). Partial dates keep their precision: an arrest known to the month
  gives an end known to the month (an end in the window when any day of that month is),
  one known to the year an end known to the year; an end date is the day the term
  completes (start 2021-03-05 + 7 years: 2028-03-05).
- `trial`, `appeal`: a hearing dated in the window (today included).
- `anniversary`: while a person is in custody (an arrest with no release, acquittal or
  death after it; re-arrests inside one custody count from the first), each year of it
  falling in the window. An arrest known only to the year has none.
- `no_news`: a case with nothing new for N months: its latest news is the publication
  date of the newest document a fact of the case comes from (the day it was added when
  undated; the last day of a partial date's span). Dated the day the silence reached N
  months, and listed whatever the window. Not for a case whose status (as the case list
  shows it to the viewer) is released or deceased, where silence is expected.

Which facts: by default those a reviewer accepted (or edited); `unreviewed=True` takes
every fact not rejected, and such alerts are marked. Only what the viewer may see is read
(their clearance, through the store's levels), and protected persons' names are masked
(services.masking). The time is a parameter (`today`), never read here, so that the
rules can be tested with a frozen clock.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from casefile.extract.terms import duration_months_days
from casefile.i18n import N_, gettext
from casefile.model import PartialDate
from casefile.services.access import Pseudonyms, Viewer
from casefile.services.cases import refresh_case_records
from casefile.services.timeline import TimelineRow, case_timeline
from casefile.services.visibility import names_as_seen
from casefile.services.wording import date_in_words, term_in_words
from casefile.store.base import CaseQuery, Store, StoredEvent
from casefile.store.base_alerts import AlertCandidate

ALERT_KINDS = ("sentence_end", "trial", "appeal", "anniversary", "no_news")
KIND_WORDS = {"sentence_end": N_("sentence ends"), "trial": N_("trial hearing"),
              "appeal": N_("appeal hearing"), "anniversary": N_("anniversary of detention"),
              "no_news": N_("no news")}  # fmt: skip
CUSTODIAL_TERMS = frozenset({"prison", "administrative_detention"})
CUSTODY_ENDS = frozenset({"release", "acquittal", "death"})
# The event types the dated rules read (no news reads every fact, through news_rows).
RULE_TYPES = frozenset({"arrest", "sentence", "trial", "appeal", *CUSTODY_ENDS})
QUIET_STATUSES = frozenset({"released", "deceased"})
REVIEWED = frozenset({"accepted", "edited"})
DEFAULT_WITHIN_DAYS = 30
DEFAULT_NO_NEWS_MONTHS = 6
MAX_WITHIN_DAYS = 3660
MAX_NO_NEWS_MONTHS = 600


@dataclass(frozen=True)
class Alert:
    kind: str  # one of ALERT_KINDS
    case_id: int
    case_name: str  # as the viewer may see it
    date: PartialDate | None  # at its precision; None: it cannot be computed
    first_day: dt.date | None  # the days `date` may be (a month: its first and last)
    last_day: dt.date | None
    facts: tuple[StoredEvent, ...]  # what it was computed from, masked for the viewer
    term: str | None = None  # sentence_end: the term (ISO 8601 duration)
    start: PartialDate | None = None  # sentence_end: custody start; anniversary: arrest
    years: int | None = None  # anniversary: years in custody on that date
    months: int | None = None  # no_news: the months of silence asked for
    unreviewed: bool = False  # computed from at least one unreviewed fact

    @property
    def uid(self) -> str:
        """Stable across feeds while the facts stand (a calendar updates, not adds)."""
        ids = "-".join(str(f.id) for f in self.facts)
        when = self.date.iso() if self.date else "undated"
        return f"{self.kind}-{self.case_id}-{ids}-{when}@casefile"


@dataclass(frozen=True)
class AlertReport:
    today: dt.date
    within_days: int
    no_news_months: int
    alerts: list[Alert]  # dated, in date order
    undated: list[Alert]  # what cannot be dated without guessing (custody start unknown)
    quiet_cases: int = 0  # cases with no news, all of them (no_news_limit may list fewer)
    total: int = 0  # alerts found before `limit` (and after no_news_limit)


def alerts(
    store: Store, viewer: Viewer, today: dt.date, *, within_days: int = DEFAULT_WITHIN_DAYS,
    no_news_months: int = DEFAULT_NO_NEWS_MONTHS, unreviewed: bool = False,
    no_news_limit: int | None = None, limit: int | None = None,
) -> AlertReport:  # fmt: skip
    """The alerts of every case the viewer may see falling between `today` and
    `within_days` later, with the no-news cases (the `no_news_limit` longest silent,
    if given: a dashboard shows a few, a feed all)."""
    if not 0 <= within_days <= MAX_WITHIN_DAYS:
        raise ValueError(f"within: 0 to {MAX_WITHIN_DAYS} days")
    if not 1 <= no_news_months <= MAX_NO_NEWS_MONTHS:
        raise ValueError(f"no news: 1 to {MAX_NO_NEWS_MONTHS} months")
    refresh_case_records(store)
    level = viewer.level
    statuses = None if unreviewed else sorted(REVIEWED)
    window = (today, today + dt.timedelta(days=within_days))
    # Light rows first: only the cases one of whose facts may make an alert are read.
    candidates = store.alert_candidates(level, statuses, sorted(CUSTODIAL_TERMS))
    wanted = sorted({c.person_id for c in candidates if _may_alert(c, window)})
    by_case: dict[int, list[StoredEvent]] = {}
    for event in store.alert_events(level, sorted(RULE_TYPES), statuses, wanted):
        assert event.person_id is not None
        by_case.setdefault(event.person_id, []).append(event)
    found = [(case_id, f) for case_id, events in by_case.items()
             for f in _case_alerts(events, window)]  # fmt: skip
    quiet = _quiet_cases(store, level, statuses, today, no_news_months)
    for case_id, f in sorted(quiet, key=lambda q: (q[1].span or (today, today))[0])[
            :no_news_limit]:  # fmt: skip
        latest = store.latest_news_event(case_id, level, statuses)
        found.append((case_id, replace(f, facts=(latest,) if latest else ())))
    total = len(found)
    if limit is not None:  # the soonest, named: names are the costly part
        found = [*sorted(((c, f) for c, f in found if f.span),
                         key=lambda x: x[1].span[0] if x[1].span else today)[:limit],
                 *[(c, f) for c, f in found if not f.span][:limit]]  # fmt: skip
    names = Pseudonyms(store, viewer)
    shown = _names(store, viewer, names, {c for c, _ in found})
    out = [_alert(f, case_id, shown[case_id], names, no_news_months) for case_id, f in found]
    dated = sorted((a for a in out if a.first_day is not None),
                   key=lambda a: (a.first_day, a.case_name, a.kind))  # fmt: skip
    undated = sorted((a for a in out if a.first_day is None), key=lambda a: (a.case_name, a.kind))
    return AlertReport(today, within_days, no_news_months, dated, undated, len(quiet), total)


# -- the rules, over one case's timeline ----------------------------------------------------


@dataclass(frozen=True)
class _Found:
    kind: str
    span: tuple[dt.date, dt.date] | None
    rows: tuple[TimelineRow, ...]
    facts: tuple[StoredEvent, ...] = ()  # when not the rows' sources (no_news: its news)
    term: str | None = None
    start: PartialDate | None = None
    years: int | None = None


def _case_alerts(events: list[StoredEvent], window: tuple[dt.date, dt.date]) -> list[_Found]:
    timeline = case_timeline(events)
    rows = timeline.dated
    out = [*_sentence_ends(rows, timeline.undated, window), *_anniversaries(rows, window)]
    for row in rows:
        if row.event.type in ("trial", "appeal") and row.event.date is not None:
            span = span_of(row.event.date)
            if _overlaps(span, window):
                out.append(_Found(row.event.type, span, (row,)))
    return out


def _sentence_ends(
    dated: list[TimelineRow], undated: list[TimelineRow], window: tuple[dt.date, dt.date]
) -> list[_Found]:
    out = []
    for row in [*dated, *undated]:
        ev = row.event
        if ev.type != "sentence" or ev.term_kind not in CUSTODIAL_TERMS or not ev.term:
            continue
        try:
            months, days = duration_months_days(ev.term)
        except ValueError:
            continue
        sentenced = span_of(ev.date) if ev.date and ev.date.year is not None else None
        if sentenced is not None and _released_after(dated, sentenced[0]):
            continue  # out already: nothing to watch for
        arrest = _custody_start(dated, sentenced)
        if arrest is None:
            # Not guessed; but a sentence whose latest possible end has passed is no alert.
            if sentenced is None or shift(sentenced[1], months, days) >= window[0]:
                out.append(_Found("sentence_end", None, (row,), term=ev.term))
            continue
        assert arrest.event.date is not None
        first, last = span_of(arrest.event.date)
        end = (shift(first, months, days), shift(last + _DAY, months, days) - _DAY)
        if _overlaps(end, window):
            out.append(_Found("sentence_end", end, (arrest, row), term=ev.term,
                              start=arrest.event.date))  # fmt: skip
    return out


def _custody_start(
    dated: list[TimelineRow], sentenced: tuple[dt.date, dt.date] | None
) -> TimelineRow | None:
    """The arrest custody runs from (module docstring), None when not certain."""
    arrests = [r for r in dated if r.event.type == "arrest"]
    if sentenced is None:
        return arrests[0] if len(arrests) == 1 else None
    before = [r for r in arrests if _row_span(r)[0] <= sentenced[1]]
    if not before:
        return None
    arrest = before[-1]
    start = _row_span(arrest)[0]
    between = [r for r in dated if r.event.type in CUSTODY_ENDS
               and start <= _row_span(r)[0] <= sentenced[1]]  # fmt: skip
    return None if between else arrest


def _released_after(dated: list[TimelineRow], day: dt.date) -> bool:
    return any(r.event.type in CUSTODY_ENDS and _row_span(r)[1] >= day for r in dated)


def _row_span(row: TimelineRow) -> tuple[dt.date, dt.date]:
    """The span of a dated row's date (the timeline's dated rows have a year)."""
    assert row.event.date is not None
    return span_of(row.event.date)


def _anniversaries(dated: list[TimelineRow], window: tuple[dt.date, dt.date]) -> list[_Found]:
    custody: TimelineRow | None = None
    for row in dated:
        if row.event.type == "arrest" and custody is None:
            custody = row
        elif row.event.type in CUSTODY_ENDS:
            custody = None
    if custody is None or custody.event.date is None or custody.event.date.month is None:
        return []
    first, last = span_of(custody.event.date)
    out = []
    for years in range(max(1, window[0].year - first.year), window[1].year - first.year + 1):
        span = (shift(first, 12 * years, 0), shift(last + _DAY, 12 * years, 0) - _DAY)
        if _overlaps(span, window):
            out.append(_Found("anniversary", span, (custody,), start=custody.event.date,
                              years=years))  # fmt: skip
    return out


def _may_alert(candidate: AlertCandidate, window: tuple[dt.date, dt.date]) -> bool:
    """Whether the fact may make an alert in the window, before its case is read: a
    custodial sentence that may not have ended, a hearing in it, an arrest with an
    anniversary in it (the rules then decide over the whole case)."""
    try:
        date = PartialDate.parse(candidate.date) if candidate.date else None
    except ValueError:
        return False
    if date is not None and date.year is None:
        date = None
    if candidate.type == "sentence":
        if date is None:
            return True
        try:
            months, days = duration_months_days(candidate.term or "")
        except ValueError:
            return False
        return shift(span_of(date)[1] + _DAY, months, days) >= window[0]
    if date is None:
        return False
    first, last = span_of(date)
    if candidate.type in ("trial", "appeal"):
        return _overlaps((first, last), window)
    if date.month is None:  # an arrest known to the year has no anniversary
        return False
    return any(_overlaps((shift(first, 12 * n, 0), shift(last + _DAY, 12 * n, 0) - _DAY),
                         window)
               for n in range(max(1, window[0].year - first.year),
                              window[1].year - first.year + 1))  # fmt: skip


def _quiet_cases(
    store: Store, level: int, statuses: Sequence[str] | None, today: dt.date, months: int
) -> list[tuple[int, _Found]]:
    """Cases whose latest news is older than `months` (module docstring), except those
    released or deceased as the case list shows them at this clearance."""
    settled = {case for status in QUIET_STATUSES
               for case in store.case_ids(CaseQuery(clearance=level, status=status))}  # fmt: skip
    out = []
    for news in store.case_news(level, statuses):
        quiet_since = shift(dt.date.fromisoformat(news.day), months, 0)
        if quiet_since <= today and news.person_id not in settled:
            out.append((news.person_id, _Found("no_news", (quiet_since, quiet_since), ())))
    return out


# -- dates -------------------------------------------------------------------------------

_DAY = dt.timedelta(days=1)


def span_of(date: PartialDate) -> tuple[dt.date, dt.date]:
    """The first and last day a partial date with a year may be."""
    assert date.year is not None, "a date without a year has no span"
    if date.month is None:
        return dt.date(date.year, 1, 1), dt.date(date.year, 12, 31)
    if date.day is None:
        return (dt.date(date.year, date.month, 1),
                dt.date(date.year, date.month, calendar.monthrange(date.year, date.month)[1]))
    day = dt.date(date.year, date.month, date.day)
    return day, day


@lru_cache(maxsize=65536)  # the no-news rule shifts every case's latest day
def shift(day: dt.date, months: int, days: int) -> dt.date:
    """`day` plus a term: months first (the 31st becomes a shorter month's last day, 29
    February a common year's 28th), then days."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    moved = dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
    return moved + dt.timedelta(days=days)


def as_partial(first: dt.date, last: dt.date) -> PartialDate | None:
    """The partial date whose span is exactly [first, last]; None if none is."""
    if first == last:
        return PartialDate(first.year, first.month, first.day)
    year_end = dt.date(first.year, 12, 31)
    if first == dt.date(first.year, 1, 1) and last == year_end:
        return PartialDate(first.year)
    month_end = calendar.monthrange(first.year, first.month)[1]
    if first.day == 1 and (last.year, last.month, last.day) == (first.year, first.month,
                                                                month_end):  # fmt: skip
        return PartialDate(first.year, first.month)
    return None


def _overlaps(span: tuple[dt.date, dt.date], window: tuple[dt.date, dt.date]) -> bool:
    return span[0] <= window[1] and span[1] >= window[0]


# -- as the viewer sees it ------------------------------------------------------------------


def _names(store: Store, viewer: Viewer, names: Pseudonyms, case_ids: set[int]) -> dict[int, str]:
    """Each case's name as the viewer may see it (read for all cases at once)."""
    ids = sorted(case_ids)
    seen = names_as_seen(store, viewer.level, ids)
    return {p.id: names.name(p.id, seen.get(p.id, p.name)) for p in store.get_persons(ids)}


def _alert(found: _Found, case_id: int, name: str, names: Pseudonyms, months: int) -> Alert:
    facts = found.facts or tuple(s for row in found.rows for s in row.sources)
    span = found.span
    return Alert(
        kind=found.kind, case_id=case_id, case_name=name,
        date=as_partial(*span) if span else None, first_day=span[0] if span else None,
        last_day=span[1] if span else None, facts=tuple(names.event(f) for f in facts),
        term=found.term, start=found.start, years=found.years,
        months=months if found.kind == "no_news" else None,
        unreviewed=any(f.review_status not in REVIEWED for f in facts),
    )  # fmt: skip


# -- in words ------------------------------------------------------------------------------


def when(alert: Alert) -> str:
    """The alert's date in words: a partial date as such, a span that is none as both ends."""
    if alert.first_day is None or alert.last_day is None:
        return gettext("date unknown")
    if alert.date is not None:
        return date_in_words(alert.date)
    return gettext("between %(first)s and %(last)s") % {
        "first": date_in_words(as_partial(alert.first_day, alert.first_day)),
        "last": date_in_words(as_partial(alert.last_day, alert.last_day))}


def title(alert: Alert) -> str:
    """One line: what, whose."""
    return gettext("%(what)s: %(name)s") % {"what": gettext(KIND_WORDS[alert.kind]),
                                            "name": alert.case_name}


def details(alert: Alert) -> str:
    """How it was computed, in a sentence."""
    if alert.kind == "sentence_end":
        term = term_in_words(alert.term)
        if alert.start is None:
            return gettext("custody start unknown: a sentence of %(term)s, not dated without"
                           " it") % {"term": term}
        return gettext("%(term)s from custody starting %(start)s") % {
            "term": term, "start": date_in_words(alert.start)}
    if alert.kind == "anniversary":
        return gettext("%(years)s in custody since %(start)s") % {
            "years": term_in_words(f"P{alert.years}Y"), "start": date_in_words(alert.start)}
    if alert.kind == "no_news":
        latest = alert.facts[0].document_published if alert.facts else None
        return gettext("nothing new for %(months)s; latest news %(latest)s") % {
            "months": term_in_words(f"P{alert.months}M"),
            "latest": date_in_words(latest, gettext("undated"))}
    return gettext("hearing on %(date)s") % {"date": when(alert)}


def parse_within(raw: str, today: dt.date) -> int:
    """A window as typed: days ("30", "30d"), weeks ("6w") or months ("3m"), as days."""
    text = raw.strip().lower()
    number, unit = (text[:-1], text[-1]) if text[-1:] in ("d", "w", "m") else (text, "d")
    if not number.isdigit() or len(number) > 4:
        raise ValueError(f"within: a number of days, weeks or months (30d, 6w, 3m), not"
                         f" {raw[:20]!r}")  # fmt: skip
    n = int(number)
    days = n * 7 if unit == "w" else (shift(today, n, 0) - today).days if unit == "m" else n
    if days > MAX_WITHIN_DAYS:
        raise ValueError(f"within: at most {MAX_WITHIN_DAYS} days")
    return days
