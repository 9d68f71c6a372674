"""The dashboard's figures: counts, latest events, events per month by type."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from casefile.services.access import FULL, Pseudonyms, Viewer
from casefile.services.cases import IN_CUSTODY, refresh_case_records
from casefile.services.visibility import events_as_seen
from casefile.store.base import Store, StoredEvent


@dataclass(frozen=True)
class MonthlyCounts:
    """Standing events dated to a month or a day, per month and type, over a window of
    consecutive months (months without events included, so a chart has no gaps)."""

    months: list[str]  # YYYY-MM, oldest first
    types: list[str]  # the event types that occur, by total count, largest first
    counts: dict[tuple[str, str], int] = field(default_factory=dict)  # (month, type)

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


def dashboard(
    store: Store, months: int = 24, latest: int = 10, *, viewer: Viewer = FULL
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
        per_month=events_per_month(store, recent, months, level),
    )


def events_per_month(
    store: Store, recent: list[StoredEvent], months: int, level: int
) -> MonthlyCounts:
    """The window ends at the month of the latest event, or this month if that is later
    than now (a misread year must not push the chart into the future)."""
    now = datetime.now(UTC)
    this_month = (now.year, now.month)
    latest = next((e.event.date for e in recent if e.event.date and e.event.date.month), None)
    if latest is None or latest.year is None or latest.month is None:
        end = this_month
    else:
        end = min((latest.year, latest.month), this_month)
    window = _months_ending(end, months)
    rows = store.events_per_month(window[0], window[-1], level)
    counts = {(month, kind): n for month, kind, n in rows}
    totals: dict[str, int] = {}
    for (_, kind), n in counts.items():
        totals[kind] = totals.get(kind, 0) + n
    types = sorted(totals, key=lambda t: (-totals[t], t))
    return MonthlyCounts(months=window, types=types, counts=counts)


def _months_ending(end: tuple[int, int], count: int) -> list[str]:
    year, month = end
    out: list[str] = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]
