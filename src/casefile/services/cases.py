"""The case rules: how a person's events become a case summary and a current status.

This module is the one place these rules live; the CLI and the web app only display.

Order. A person's events (rejected ones excluded) are put in date order. Dates sort
by (year, month, day), a missing month or day counting as the start of the period.
An event without a year (no date, or a bare ``--MM-DD``) is placed right after the
latest dated event of the same person in the same document, or at that document's
publication date when it has none, or last; several such events keep the order in
which the text states them. Remaining ties go by document and then text position.

Status. The events are folded in that order. *Transitions* change custody and
always apply, except that nothing follows death:

==========================================================  ===========================
event                                                       status
==========================================================  ===========================
death                                                       deceased (final)
arrest                                                      detained (imprisoned stays
                                                            imprisoned)
disappearance                                               disappeared
sentence, term_kind prison / administrative_detention /     imprisoned
life / death
sentence, term_kind suspended / restricted_freedom / fine   sentenced (non-custodial)
sentence, other or no term_kind                             sentenced
release, acquittal                                          released
==========================================================  ===========================

*Stages* only move a case forward: they apply when the current status ranks lower
than theirs, so an undated "he was charged" recounted after a dated sentence, or a
hearing while in custody, does not hide that the person is behind bars:

====  =========================  ========================================================
rank  status                     set by
====  =========================  ========================================================
0     (none yet)
1     at risk                    harassment, ill_treatment (released also ranks 1)
2     under investigation        search, investigation, charge
3     on trial                   trial, appeal
4     convicted                  conviction
5     restricted                 restriction
6     sentenced (non-custodial)  fine (any sentenced status ranks 6)
7     --                         detained, disappeared, imprisoned rank 7
8     --                         deceased ranks 8
====  =========================  ========================================================

A designation concerns organisations and does not change a person's status; a person
whose events give no status at all is "unknown".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from casefile.i18n import Msg
from casefile.model import Event, PartialDate
from casefile.services import visibility
from casefile.services.access import FULL, Pseudonyms, Viewer
from casefile.services.errors import PersonNotFound
from casefile.services.search_index import refresh_search_index
from casefile.store.base import (
    CaseRecord,
    Store,
    StoredEvent,
    StoredOrganisation,
    StoredPerson,
    StoreError,
)
from casefile.store.base_documents import WITHDRAWN
from casefile.store.base_security import FULL_ACCESS

UNKNOWN = "unknown"

_CUSTODIAL_TERMS = {"prison", "administrative_detention", "life", "death"}
_NON_CUSTODIAL_TERMS = {"suspended", "restricted_freedom", "fine"}

_STAGES: dict[str, str] = {
    "harassment": "at risk",
    "ill_treatment": "at risk",
    "search": "under investigation",
    "investigation": "under investigation",
    "charge": "under investigation",
    "trial": "on trial",
    "appeal": "on trial",
    "conviction": "convicted",
    "restriction": "restricted",
    "fine": "sentenced (non-custodial)",
}

_RANK: dict[str | None, int] = {
    None: 0,
    UNKNOWN: 0,
    "at risk": 1,
    "released": 1,
    "under investigation": 2,
    "on trial": 3,
    "convicted": 4,
    "restricted": 5,
    "sentenced": 6,
    "sentenced (non-custodial)": 6,
    "detained": 7,
    "disappeared": 7,
    "imprisoned": 7,
    "deceased": 8,
}


# Every status a case can have, from least to most severe.
STATUSES: tuple[str, ...] = tuple(
    sorted((s for s in _RANK if s is not None), key=lambda s: (_RANK[s], s))
)
IN_CUSTODY: tuple[str, ...] = ("detained", "imprisoned")


def next_status(current: str | None, event: Event) -> str | None:
    """The status after `event`, given the status before it (None: nothing yet)."""
    if current == "deceased":
        return current
    kind = event.type
    if kind == "death":
        return "deceased"
    if kind == "arrest":
        return current if current == "imprisoned" else "detained"
    if kind == "disappearance":
        return "disappeared"
    if kind in ("release", "acquittal"):
        return "released"
    if kind == "sentence":
        if event.term_kind in _CUSTODIAL_TERMS:
            return "imprisoned"
        if event.term_kind in _NON_CUSTODIAL_TERMS:
            return "sentenced (non-custodial)"
        return "sentenced"
    stage = _STAGES.get(kind)
    if stage is not None and _RANK[stage] > _RANK[current]:
        return stage
    return current


def fold_status(events: Iterable[Event]) -> str:
    """The current status after events already in chronological order."""
    status: str | None = None
    for event in events:
        status = next_status(status, event)
    return status or UNKNOWN


_LAST = (10_000, 13, 32)


def _date_key(date: PartialDate | None) -> tuple[int, int, int] | None:
    if date is None or date.year is None:
        return None
    return date.sort_key()


def chronological(events: Iterable[StoredEvent]) -> list[StoredEvent]:
    """Events in the order the module docstring describes."""
    events = list(events)
    latest: dict[str, tuple[int, int, int]] = {}
    for stored in events:
        key = _date_key(stored.event.date)
        doc = stored.event.evidence.document_id
        if key is not None and (doc not in latest or key > latest[doc]):
            latest[doc] = key

    def order(stored: StoredEvent) -> tuple[object, ...]:
        ev = stored.event.evidence
        own = _date_key(stored.event.date)
        if own is not None:
            return (own, 0, ev.document_id, ev.start, stored.id)
        anchor = latest.get(ev.document_id) or _date_key(stored.document_published) or _LAST
        return (anchor, 1, ev.document_id, ev.start, stored.id)

    return sorted(events, key=order)


@dataclass(frozen=True)
class CaseSummary:
    person_id: int
    name: str
    country: str | None
    roles: tuple[str, ...]
    status: str
    last_event_type: str
    last_event_date: PartialDate | None
    documents: int  # distinct source documents of the person's events
    events: int


@dataclass(frozen=True)
class Timeline:
    person: StoredPerson
    status: str
    events: list[StoredEvent]  # chronological; each carries its quote and document id




class AmbiguousPerson(StoreError, LookupError):
    def __init__(self, query: str, candidates: Sequence[StoredPerson]) -> None:
        names = ", ".join(sorted(p.name for p in candidates))
        super().__init__(Msg(
            "%(query)s matches %(count)s persons: %(names)s",
            query=repr(query), count=len(candidates), names=names,
        ))
        self.query = query
        self.candidates = list(candidates)


def summarise(person: StoredPerson, events: Iterable[StoredEvent]) -> CaseSummary | None:
    """The case summary of one person; None when no event about them stands."""
    ordered = chronological(events)
    if not ordered:
        return None
    return summary_of(person, _record(person.id, ordered, country=person.country))


def summary_of(person: StoredPerson, record: CaseRecord) -> CaseSummary:
    """The summary of a case record: the country is the record's, as a reader of its
    clearance sees it (services.visibility.country_as_seen)."""
    return CaseSummary(
        person_id=person.id,
        name=person.name,
        country=record.country,
        roles=person.roles,
        status=record.status,
        last_event_type=record.last_event_type,
        last_event_date=record.last_event_date,
        documents=record.documents,
        events=record.events,
    )


def list_cases(store: Store) -> list[CaseSummary]:
    """One summary per person with at least one event, sorted by name."""
    summaries = [summarise(row.person, row.events) for row in store.list_cases()]
    found = [s for s in summaries if s is not None]
    return sorted(found, key=lambda s: (s.name.casefold(), s.person_id))


def find_person(store: Store, name_or_id: str | int) -> StoredPerson:
    """The one person a name (or a numeric id) designates; raises PersonNotFound or
    AmbiguousPerson otherwise."""
    if isinstance(name_or_id, int) or name_or_id.strip().isdigit():
        person = store.get_person(int(name_or_id))
        if person is None:
            raise PersonNotFound(str(name_or_id))
        return person
    candidates = store.find_persons(name_or_id)
    if not candidates:
        raise PersonNotFound(name_or_id)
    if len(candidates) > 1:
        raise AmbiguousPerson(name_or_id, candidates)
    return candidates[0]


def person_timeline(store: Store, name_or_id: str | int, viewer: Viewer = FULL) -> Timeline:
    """The person's standing events `viewer` may see; PersonNotFound if none."""
    person = find_person(store, name_or_id)
    events = chronological(store.person_events(person.id, viewer.level))
    if not events and viewer.level < FULL_ACCESS:
        raise PersonNotFound(str(name_or_id))
    if not events and store.persons_with_events([person.id], WITHDRAWN):
        # Known only from withdrawn documents: not a case for anyone (document_changes).
        raise PersonNotFound(str(name_or_id))
    names = Pseudonyms(store, viewer)
    # Every event is this person's: each goes by the name the case goes by.
    seen_name = visibility.name_as_seen(store, viewer.level, person, events)
    shown = visibility.person_as_seen(store, viewer.level, person, events, names)
    events = names.events([replace(e, entity_name=seen_name) for e in events])
    return Timeline(person=shown, status=fold_status(s.event for s in events), events=events)


def persons_as_seen(
    store: Store, viewer: Viewer, persons: Sequence[StoredPerson], names: Pseudonyms | None = None
) -> list[StoredPerson]:
    """Persons as `viewer` may see them (services.visibility: roles from visible
    documents, visible spellings, protected persons masked)."""
    return visibility.persons_as_seen(store, viewer.level, persons,
                                      names or Pseudonyms(store, viewer))  # fmt: skip


@dataclass(frozen=True)
class CaseView:
    """What a case page shows: the timeline and the organisations involved."""

    timeline: Timeline
    organisations: list[StoredOrganisation]


def case_view(store: Store, person_id: int, *, viewer: Viewer = FULL) -> CaseView:
    timeline = person_timeline(store, person_id, viewer)
    organisations = visibility.organisations_as_seen(
        store, viewer.level, store.person_organisations(person_id, viewer.level))
    return CaseView(timeline=timeline, organisations=organisations)


def refresh_case_records(store: Store, batch: int = 500) -> int:
    """Recompute the stored case records of persons whose events changed; the number
    recomputed. Lists and counts read those records instead of folding every person's
    events per request, so this runs before them (cheap when nothing changed) and after
    every write the services make. The search index, derived from the same records,
    is brought up to date with them."""
    done = 0
    while True:
        versions = store.stale_cases(batch)
        if not versions:
            refresh_search_index(store)
            return done
        events = store.events_of_persons(sorted(versions))
        countries = store.person_countries(sorted(versions))
        # One record per clearance at which the person has a visible event: the case
        # as a user of that clearance may know it, its country too.
        records = [
            _record(person_id, visible, clearance, visibility.country_as_seen(
                countries.get(person_id, (None, [])), clearance))
            for person_id, person_events in events.items()
            for clearance in range(FULL_ACCESS + 1)
            if (visible := chronological(e for e in person_events if e.level <= clearance))
        ]
        store.put_case_records(records, versions)
        done += len(versions)


def _record(
    person_id: int, ordered: list[StoredEvent], clearance: int = FULL_ACCESS,
    country: str | None = None,
) -> CaseRecord:  # fmt: skip
    last = ordered[-1].event
    return CaseRecord(
        clearance=clearance,
        country=country,
        person_id=person_id,
        status=fold_status(s.event for s in ordered),
        last_event_type=last.type,
        last_event_date=last.date,
        documents=len({s.event.evidence.document_id for s in ordered}),
        events=len(ordered),
    )


_CASE_COLUMNS = ("person", "country", "roles", "status", "last event", "date", "sources", "events")


def render_cases(cases: Sequence[CaseSummary]) -> str:
    """A plain-text table, one line per person."""
    if not cases:
        return "no cases yet"
    rows = [
        (
            c.name,
            c.country or "-",
            ", ".join(c.roles) or "-",
            c.status,
            c.last_event_type,
            c.last_event_date.iso() if c.last_event_date else "-",
            str(c.documents),
            str(c.events),
        )
        for c in cases
    ]
    widths = [max(len(r[i]) for r in [_CASE_COLUMNS, *rows]) for i in range(len(_CASE_COLUMNS))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip()
        for r in [_CASE_COLUMNS, *rows]
    )


def render_timeline(timeline: Timeline) -> str:
    """The person, their status, then each event with its date, quote and source."""
    person = timeline.person
    head = f"{person.name} ({person.country or '?'}): {timeline.status}"
    lines = [head]
    if person.roles:
        lines.append(f"roles: {', '.join(person.roles)}")
    if person.aliases:
        lines.append(f"also: {', '.join(person.aliases)}")
    for stored in timeline.events:
        e = stored.event
        details = [e.type]
        if e.term or e.term_kind:
            details.append(" ".join(x for x in (e.term, e.term_kind) if x))
        if e.charges:
            details.append("charges: " + "; ".join(e.charges))
        if stored.review_status != "unreviewed":
            details.append(f"[{stored.review_status}]")
        ev = e.evidence
        quote = " ".join(ev.quote.split())  # a quote may span lines of the source
        lines.append(f"{e.date.iso() if e.date else 'undated':<10}  {'  '.join(details)}")
        lines.append(f'{"":10}  "{quote}" (document {ev.document_id[:12]}, {ev.start}-{ev.end})')
    return "\n".join(lines)
