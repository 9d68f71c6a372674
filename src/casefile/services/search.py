"""Finding cases: the case list's filters, and full-text search over documents and facts.

Filters arrive as the strings a form or a query string holds; `parse_case_filters`
turns them into typed values or raises InvalidInput naming the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from casefile.model import EVENT_TYPES, PartialDate
from casefile.services import organisations
from casefile.services.access import FULL, Viewer
from casefile.services.cases import (
    STATUSES,
    CaseSummary,
    persons_as_seen,
    refresh_case_records,
    summary_of,
)
from casefile.services.errors import InvalidInput
from casefile.services.masking import Pseudonyms, marked
from casefile.services.paging import Page, bounds
from casefile.services.visibility import events_as_seen
from casefile.store.base import CaseQuery, DocumentHit, Store, StoredEvent

MAX_QUERY_WORDS = 12
MATCH_START, MATCH_END = "\x02", "\x03"  # around matched words in a snippet
_WORD = re.compile(r"\w+")
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")


@dataclass(frozen=True)
class CaseFilters:
    country: str | None = None  # ISO 3166-1 alpha-2, upper case
    status: str | None = None
    event_type: str | None = None
    organisation_id: int | None = None
    organisation_name: str = ""  # as the viewer who gave the filter may see it
    date_from: PartialDate | None = None
    date_to: PartialDate | None = None
    q: str = ""

    @property
    def words(self) -> tuple[str, ...]:
        return query_words(self.q)

    def is_empty(self) -> bool:
        return self == CaseFilters()


def query_words(q: str) -> tuple[str, ...]:
    """The words of a search, punctuation dropped: every one must match."""
    return tuple(_WORD.findall(q))[:MAX_QUERY_WORDS]


def parse_case_filters(
    store: Store,
    *,
    viewer: Viewer = FULL,
    country: str = "",
    status: str = "",
    event_type: str = "",
    organisation: str = "",
    date_from: str = "",
    date_to: str = "",
    q: str = "",
) -> CaseFilters:
    """Typed filters from form strings; empty means "any". `organisation` is an id or a
    name (or alias) of an organisation `viewer` may see (services.organisations)."""
    country, status, event_type = country.strip(), status.strip(), event_type.strip()
    if country and not _COUNTRY.match(country):
        raise InvalidInput(f"country: give a two-letter ISO code such as KZ, not {country!r}")
    if status and status not in STATUSES:
        raise InvalidInput(f"status: unknown status {status!r} (one of {', '.join(STATUSES)})")
    if event_type and event_type not in EVENT_TYPES:
        raise InvalidInput(f"event type: unknown type {event_type!r}")
    start, end = _date("from", date_from), _date("to", date_to)
    if start and end and _first_day(start) > _last_day(end):
        raise InvalidInput(f"dates: 'from' {start} is after 'to' {end}")
    org = organisations.filter_organisation(store, organisation, viewer)
    return CaseFilters(
        country=country.upper() or None,
        status=status or None,
        event_type=event_type or None,
        organisation_id=org.id if org else None,
        organisation_name=org.name if org else "",
        date_from=start,
        date_to=end,
        q=q.strip()[:500],
    )


def find_cases(
    store: Store, filters: CaseFilters, page: int = 1, size: int = 25, *, viewer: Viewer = FULL
) -> Page[CaseSummary]:
    """One page of the cases `viewer` may see matching every filter, sorted by name;
    each case as the events visible to them make it."""
    limit, offset = bounds(page, size)
    refresh_case_records(store)
    names = Pseudonyms(store, viewer)
    if names.mentions_protected(filters.words):
        return Page(items=[], total=0, number=page, size=size)
    total, listings = store.query_cases(
        CaseQuery(
            country=filters.country,
            status=filters.status,
            event_type=filters.event_type,
            organisation_id=filters.organisation_id,
            date_from=_first_day(filters.date_from) if filters.date_from else None,
            date_to=_last_day(filters.date_to) if filters.date_to else None,
            words=filters.words,
            clearance=viewer.level,
            limit=limit,
            offset=offset,
        )
    )
    persons = persons_as_seen(store, viewer, [listing.person for listing in listings], names)
    items = [summary_of(person, listing.record)
             for person, listing in zip(persons, listings, strict=True)]  # fmt: skip
    return Page(items=items, total=total, number=page, size=size)


def case_countries(store: Store, viewer: Viewer = FULL) -> list[str]:
    """The countries of the cases `viewer` may see, for the case list's filter."""
    return store.case_countries(viewer.level)


@dataclass(frozen=True)
class SearchResults:
    q: str
    documents: list[DocumentHit]
    events: list[StoredEvent]


def search(store: Store, q: str, limit: int = 50, *, viewer: Viewer = FULL) -> SearchResults:
    """Documents and standing facts holding every word of `q` that `viewer` may see: the
    best `limit` matches (facts: the newest, when a search matches more than the store
    ranks). A search for a protected person's name by someone who may not see it finds
    nothing: a pseudonymised hit would tell them whose pseudonym it is."""
    words = query_words(q)
    names = Pseudonyms(store, viewer)
    if names.mentions_protected(words):
        return SearchResults(q=q, documents=[], events=[])
    documents = [
        _masked_hit(names, hit)
        for hit in store.search_documents(words, limit, viewer.level)
    ]
    found = store.search_events(words, limit, viewer.level)
    events = names.events(events_as_seen(store, viewer.level, found))
    return SearchResults(q=q, documents=documents, events=events)


_ELLIPSIS = "…"  # what the store's snippet puts where it cut the text


def _masked_hit(names: Pseudonyms, hit: DocumentHit) -> DocumentHit:
    """A document hit with protected names masked before its matches are highlighted:
    a highlight never splits a mask ("\x02Uladzimir\x03 Labkovich" is one name), and
    the snippet is masked as the document's text is there (a name it cut in two, read
    whole in the text around it)."""
    if names.index is None:
        return hit
    plain, marks = _unmarked(hit.snippet)
    lead = 1 if plain.startswith(_ELLIPSIS) else 0
    trail = 1 if plain.endswith(_ELLIPSIS) and len(plain) > lead else 0
    core = plain[lead : len(plain) - trail]
    spans = [(a + lead, b + lead, r) for a, b, r in names.excerpt_spans(core, hit.sha256)]
    return replace(hit, title=names.label(hit.title),
                   snippet=marked(plain, marks, spans, MATCH_START, MATCH_END))  # fmt: skip


def _unmarked(snippet: str) -> tuple[str, list[tuple[int, int]]]:
    """A snippet without its match markers, and where the marked runs were."""
    plain: list[str] = []
    marks: list[tuple[int, int]] = []
    at, start = 0, None
    for piece in re.split(f"([{MATCH_START}{MATCH_END}])", snippet):
        if piece == MATCH_START:
            start = at
        elif piece == MATCH_END:
            if start is not None:
                marks.append((start, at))
            start = None
        else:
            plain.append(piece)
            at += len(piece)
    return "".join(plain), marks


def _date(which: str, raw: str) -> PartialDate | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        date = PartialDate.parse(raw)
    except ValueError as err:
        raise InvalidInput(f"date {which}: {err}") from None
    if date.year is None:
        raise InvalidInput(f"date {which}: a date range needs a year, not {raw!r}")
    return date


def _first_day(date: PartialDate) -> str:
    return f"{date.year:04d}-{date.month or 1:02d}-{date.day or 1:02d}"


def _last_day(date: PartialDate) -> str:
    # Day 31 for every month: the bound only compares with ISO strings, never a calendar.
    return f"{date.year:04d}-{date.month or 12:02d}-{date.day or 31:02d}"
