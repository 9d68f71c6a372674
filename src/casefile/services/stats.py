"""The dashboard's figures: counts, latest events, events per month by type over the
whole range of dated events (or the range a reader picks)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from casefile.i18n import N_, Msg
from casefile.services.access import FULL, Pseudonyms, Viewer
from casefile.services.cases import IN_CUSTODY, refresh_case_records
from casefile.services.errors import InvalidInput
from casefile.services.visibility import events_as_seen
from casefile.store.base import Store, StoredEvent

# A range longer than this is drawn a bar a year: 400 month bars would be slivers.
MONTHLY_BARS = 60
_MONTH = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


@dataclass(frozen=True)
class MonthRange:
    """Months as YYYY-MM, both ends included; None: from the first (to the last) dated
    event."""

    first: str | None = None
    last: str | None = None

    @property
    def whole(self) -> bool:
        return self.first is None and self.last is None


@dataclass(frozen=True)
class MonthlyCounts:
    """Standing events dated to a month or a day, per period and type, over consecutive
    periods (those without events included, so a chart has no gaps). A period is a
    month (YYYY-MM), or a year (YYYY) when the range is longer than MONTHLY_BARS months."""

    months: list[str]  # the periods, oldest first
    types: list[str]  # the event types that occur, by total count, largest first
    counts: dict[tuple[str, str], int] = field(default_factory=dict)  # (period, type)
    by_year: bool = False
    # The first and last month with a dated event the reader may see (the picker's bounds).
    dated: tuple[str, str] | None = None

    def total(self, month: str) -> int:
        return sum(self.counts.get((month, t), 0) for t in self.types)

    @property
    def peak(self) -> int:
        return max((self.total(m) for m in self.months), default=0)


@dataclass(frozen=True)
class Dashboard:
    cases: int  # persons with at least one standing event
    in_custody: int  # cases whose status is detained or imprisoned
    documents: int
    awaiting_review: int  # events and statistics no reviewer decided on
    by_status: dict[str, int]
    latest: list[StoredEvent]
    per_month: MonthlyCounts
    period: MonthRange = MonthRange()


def parse_month_range(first: str = "", last: str = "") -> MonthRange:
    """The range picker's months ("2023-03"; a year alone means its first or last month).
    InvalidInput names the field."""
    start, end = _month("from", first, "01"), _month("to", last, "12")
    if start and end and start > end:
        raise InvalidInput(Msg("from %(start)s is after to %(end)s", start=start, end=end))
    return MonthRange(start, end)


def _month(which: str, raw: str, default_month: str) -> str | None:
    raw = raw.strip()
    if not raw:
        return None
    found = _MONTH.match(raw)
    if not found or not 1 <= int(found[2] or default_month) <= 12:
        raise InvalidInput(Msg(_NOT_A_MONTH[which], raw=repr(raw[:20])))
    if not 1800 <= int(found[1]) <= 2200:
        raise InvalidInput(Msg(_NOT_A_YEAR[which], found=found[1]))
    return f"{found[1]}-{found[2] or default_month}"


# One sentence per end of the range, so that a page says each whole in its language.
_NOT_A_MONTH = {"from": N_("from: a month as YYYY-MM (or a year), not %(raw)s"),
                "to": N_("to: a month as YYYY-MM (or a year), not %(raw)s")}  # fmt: skip
_NOT_A_YEAR = {"from": N_("from: a year between 1800 and 2200, not %(found)s"),
               "to": N_("to: a year between 1800 and 2200, not %(found)s")}  # fmt: skip


def dashboard(
    store: Store, latest: int = 10, *, viewer: Viewer = FULL, period: MonthRange = MonthRange()
) -> Dashboard:
    """Every figure counts only what `viewer` may see."""
    refresh_case_records(store)
    level = viewer.level
    by_status = store.count_cases_by_status(level)
    recent = store.latest_events(latest, level)
    return Dashboard(
        cases=sum(by_status.values()),
        in_custody=sum(by_status.get(s, 0) for s in IN_CUSTODY),
        documents=store.count_documents(level),
        awaiting_review=store.count_unreviewed(level),
        by_status=dict(sorted(by_status.items(), key=lambda kv: (-kv[1], kv[0]))),
        latest=Pseudonyms(store, viewer).events(events_as_seen(store, level, recent)),
        per_month=events_per_month(store, level, period),
        period=period,
    )


def events_per_month(store: Store, level: int, period: MonthRange = MonthRange()) -> MonthlyCounts:
    """Over `period`; its open ends are the first and the last month with an event, but
    never later than this month unless asked (a misread year must not push the chart
    into the future)."""
    rows = store.events_per_month("0000-01", "9999-12", level)  # a row per month and type
    if not rows:
        return MonthlyCounts(months=[], types=[])
    now = datetime.now(UTC)
    this_month = f"{now.year:04d}-{now.month:02d}"
    dated = (rows[0][0], rows[-1][0])
    first = period.first or dated[0]
    last = period.last or max(min(dated[1], this_month), first)
    months = _months_between(first, last)
    by_year = len(months) > MONTHLY_BARS
    periods = sorted({m[:4] for m in months}) if by_year else months
    counts: dict[tuple[str, str], int] = {}
    for month, kind, n in rows:
        if first <= month <= last:
            key = (month[:4] if by_year else month, kind)
            counts[key] = counts.get(key, 0) + n
    totals: dict[str, int] = {}
    for (_, kind), n in counts.items():
        totals[kind] = totals.get(kind, 0) + n
    types = sorted(totals, key=lambda t: (-totals[t], t))
    return MonthlyCounts(periods, types, counts, by_year=by_year, dated=dated)


def _months_between(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    out: list[str] = []
    while (label := f"{year:04d}-{month:02d}") <= last:
        out.append(label)
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    return out
