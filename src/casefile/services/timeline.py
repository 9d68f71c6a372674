"""A case timeline that reads: one row per real event, with every source that reports it.

Several documents often report the same arrest. Facts become one row when they are
about the same person, of the same type, come from different documents, and agree:

- dates are compatible when one is the other at a coarser precision (2021, 2021-03 and
  2021-03-05 agree; 2021-03-05 and 2021-03-06 do not); two yearless dates agree when
  they name the same day; a fact without any date joins nothing (nothing says which of
  the person's searches or charges it is);
- terms agree by value (P18M and P1Y6M) or when one source gives none; likewise kinds.

Facts are placed most precise first; a fact compatible with exactly one row joins it, one
compatible with several (a bare "2021" beside two arrests that year) stays a row of its
own rather than be guessed into one. A row holds at most one fact per document: a
document that states two arrests on compatible dates is taken at its word.

Rows with a year are in date order; rows without one (no date, or a day and month only)
come apart, in the order cases.chronological gives them. The custody periods and court
marks the case page draws are derived here too (`custody_chart_items`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from casefile.extract.terms import durations_equal
from casefile.model import Event, PartialDate, Precision
from casefile.services.cases import chronological
from casefile.store.base import StoredEvent

_PRECISION_RANK = {Precision.DAY: 0, Precision.MONTH: 1, Precision.YEAR: 2,
                   Precision.MONTH_DAY: 3}  # fmt: skip
_UNDATED_RANK = 4

CUSTODY_STARTS = frozenset({"arrest"})
CUSTODY_ENDS = frozenset({"release"})
COURT_MARKS = frozenset({"trial", "appeal", "conviction", "sentence", "acquittal"})


@dataclass(frozen=True)
class TimelineRow:
    """One real event. `event` is what the row shows: the most precise date its sources
    give, and the term, kind, agent and charges any of them states; `sources` are the
    facts themselves (each with its quote and document): the one whose date the row shows
    first, the others in timeline order."""

    event: Event
    sources: tuple[StoredEvent, ...]

    @property
    def id(self) -> int:
        """The row's anchor: its first source's id."""
        return self.sources[0].id

    @property
    def documents(self) -> int:
        return len({s.event.evidence.document_id for s in self.sources})


@dataclass(frozen=True)
class CaseTimeline:
    dated: list[TimelineRow]
    undated: list[TimelineRow]

    @property
    def rows(self) -> list[TimelineRow]:
        return [*self.dated, *self.undated]


def dates_compatible(a: PartialDate | None, b: PartialDate | None) -> bool:
    """Whether two dates may name the same day (see the module docstring)."""
    if a is None or b is None:
        return False
    if a.year is None or b.year is None:
        return a == b
    pairs = ((a.year, b.year), (a.month, b.month), (a.day, b.day))
    for x, y in pairs:
        if x is None or y is None:
            return True
        if x != y:
            return False
    return True


def _agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _terms_agree(a: Event, b: Event) -> bool:
    terms = a.term is None or b.term is None or durations_equal(a.term, b.term)
    return terms and _agree(a.term_kind, b.term_kind)


def same_event(a: StoredEvent, b: StoredEvent) -> bool:
    """Whether two facts may report one event (the module docstring's rule, bar the
    one-row-per-document and ambiguity rules, which need the whole list)."""
    return (
        a.event.type == b.event.type
        and a.person_id == b.person_id
        and a.organisation_id == b.organisation_id
        and a.event.evidence.document_id != b.event.evidence.document_id
        and dates_compatible(a.event.date, b.event.date)
        and _terms_agree(a.event, b.event)
    )


def _precision(date: PartialDate | None) -> int:
    return _UNDATED_RANK if date is None else _PRECISION_RANK[date.precision]


def merge_sources(events: Sequence[StoredEvent]) -> list[list[StoredEvent]]:
    """The facts grouped into real events, each group in `events`' order."""
    position = {id(s): i for i, s in enumerate(events)}
    groups: list[list[StoredEvent]] = []
    for fact in sorted(events, key=lambda s: (_precision(s.event.date), position[id(s)])):
        fits = [g for g in groups if all(same_event(fact, other) for other in g)]
        if len(fits) == 1:
            fits[0].append(fact)
        else:
            groups.append([fact])
    return [sorted(g, key=lambda s: position[id(s)]) for g in groups]


def _row(group: list[StoredEvent]) -> TimelineRow:
    # Shown: the most precise date, stated before inferred; the first of each detail.
    best = min(group, key=lambda s: (_precision(s.event.date), s.event.date_inferred))
    charges: list[str] = []
    for s in group:
        charges += [c for c in s.event.charges if c not in charges]
    shown = replace(
        best.event,
        term=next((s.event.term for s in group if s.event.term), None),
        term_kind=next((s.event.term_kind for s in group if s.event.term_kind), None),
        agent=best.event.agent or next((s.event.agent for s in group if s.event.agent), None),
        charges=charges,
    )
    return TimelineRow(event=shown, sources=(best, *(s for s in group if s is not best)))


def _date_key(date: PartialDate | None) -> tuple[int, int, int]:
    assert date is not None and date.year is not None
    return date.sort_key()


def case_timeline(events: Sequence[StoredEvent]) -> CaseTimeline:
    """A person's facts as timeline rows: dated rows in date order, undated apart."""
    ordered = chronological(events)
    position = {id(s): i for i, s in enumerate(ordered)}
    rows = [_row(g) for g in merge_sources(ordered)]
    dated: list[TimelineRow] = []
    undated: list[TimelineRow] = []
    for row in rows:
        has_year = row.event.date is not None and row.event.date.year is not None
        (dated if has_year else undated).append(row)
    dated.sort(key=lambda r: (_date_key(r.event.date), position[id(r.sources[0])]))
    undated.sort(key=lambda r: position[id(r.sources[0])])
    return CaseTimeline(dated=dated, undated=undated)


@dataclass(frozen=True)
class CustodyPeriod:
    start: TimelineRow  # an arrest
    end: TimelineRow  # the release that followed it


@dataclass(frozen=True)
class ChartItems:
    periods: list[CustodyPeriod]
    marks: list[TimelineRow]  # court events, and arrests or releases left unpaired


def _end_key(date: PartialDate) -> tuple[int, int, int]:
    assert date.year is not None
    return (date.year, date.month or 12, date.day or 31)


def custody_chart_items(timeline: CaseTimeline) -> ChartItems:
    """Custody periods (a dated arrest to the next dated release not before it) and marks,
    from the dated rows only: an undated event has no place on an axis of time."""
    periods: list[CustodyPeriod] = []
    marks: list[TimelineRow] = []
    open_arrest: TimelineRow | None = None
    for row in timeline.dated:
        kind = row.event.type
        if kind in CUSTODY_STARTS:
            if open_arrest is None:
                open_arrest = row
            else:  # arrested again before any release: custody runs from the first
                marks.append(row)
        elif kind in CUSTODY_ENDS:
            assert row.event.date is not None
            if (
                open_arrest is not None
                and open_arrest.event.date is not None
                and (_end_key(row.event.date) >= _date_key(open_arrest.event.date))
            ):
                periods.append(CustodyPeriod(open_arrest, row))
                open_arrest = None
            else:
                marks.append(row)
        elif kind in COURT_MARKS:
            marks.append(row)
    if open_arrest is not None:
        marks.append(open_arrest)
    return ChartItems(periods=periods, marks=marks)
