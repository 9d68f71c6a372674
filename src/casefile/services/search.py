"""Finding cases: the case list's filters, and full-text search over documents and facts.

Filters arrive as the strings a form or a query string holds; `parse_case_filters`
turns them into typed values or raises InvalidInput naming the field.

Search reads the search index (`services.search_index`): every word by its keys
(`link.search_terms`), so that any spelling, script or Russian case of a name finds the
others, English and Russian words find their other forms, and `word*` finds every word
it begins. The case list puts the cases whose names hold every word first. A search
holding any key of a protected person's names (or a prefix of one) finds nothing for a
reader who may not see those names: a pseudonymised hit would tell them whose
pseudonym it is.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field, replace

from casefile.i18n import N_, Msg, message_of
from casefile.link.search_terms import WORD, QueryWord, fts_match, query_words, word_keys
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
from casefile.services.search_index import refresh_search_index
from casefile.services.visibility import events_as_seen
from casefile.store.base import CaseQuery, DocumentHit, Store, StoredEvent
from casefile.store.base_search import DocumentMatch

MATCH_START, MATCH_END = "\x02", "\x03"  # around matched words in a snippet
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")
# The case list's sortable columns (the store's CASE_SORTS): "facts" counts events.
CASE_SORTS = ("name", "status", "last_event", "facts", "country")


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
    sort: str = ""  # a column of CASE_SORTS; "" is by relevance, then name
    descending: bool = False

    @property
    def words(self) -> tuple[QueryWord, ...]:
        return query_words(self.q)

    def is_empty(self) -> bool:
        return replace(self, sort="", descending=False) == CaseFilters()

    @property
    def sort_key(self) -> str:
        """The sort as the query string gives it: "facts", or "-facts" descending."""
        return ("-" if self.descending else "") + self.sort


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
    sort: str = "",
) -> CaseFilters:
    """Typed filters from form strings; empty means "any". `organisation` is an id or a
    name (or alias) of an organisation `viewer` may see (services.organisations).
    `sort`: a column of CASE_SORTS, with a leading "-" for descending."""
    sort = sort.strip()
    descending = sort.startswith("-")
    sort = sort.removeprefix("-")
    if sort and sort not in CASE_SORTS:
        raise InvalidInput(Msg(
            "sort: unknown column %(sort)s (one of %(items)s)",
            sort=repr(sort), items=', '.join(CASE_SORTS),
        ))
    country, status, event_type = country.strip(), status.strip(), event_type.strip()
    if country and not _COUNTRY.match(country):
        raise InvalidInput(Msg(
            "country: give a two-letter ISO code such as KZ, not %(country)s",
            country=repr(country),
        ))
    if status and status not in STATUSES:
        raise InvalidInput(Msg(
            "status: unknown status %(status)s (one of %(items)s)",
            status=repr(status), items=', '.join(STATUSES),
        ))
    if event_type and event_type not in EVENT_TYPES:
        raise InvalidInput(Msg(
            "event type: unknown type %(event_type)s",
            event_type=repr(event_type),
        ))
    start, end = _date("from", date_from), _date("to", date_to)
    if start and end and _first_day(start) > _last_day(end):
        raise InvalidInput(Msg(
            "dates: 'from' %(start)s is after 'to' %(end)s",
            start=start, end=end,
        ))
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
        sort=sort,
        descending=descending and bool(sort),
    )


def find_cases(
    store: Store, filters: CaseFilters, page: int = 1, size: int = 25, *, viewer: Viewer = FULL,
    named: bool = False,
) -> Page[CaseSummary]:
    """One page of the cases `viewer` may see matching every filter, sorted by name (with
    a search: those whose names hold every word first); each case as the events visible
    to them make it. `named`: only cases whose names hold every word."""
    limit, offset = bounds(page, size)
    refresh_case_records(store)
    names = Pseudonyms(store, viewer)
    words = filters.words
    if filters.q and (not words or names_protected(store, names, words)):
        return Page(items=[], total=0, number=page, size=size)
    query = replace(_case_query(store, filters, viewer, named), limit=limit, offset=offset)
    total, listings = store.query_cases(query)
    persons = persons_as_seen(store, viewer, [listing.person for listing in listings], names)
    items = [summary_of(person, listing.record)
             for person, listing in zip(persons, listings, strict=True)]  # fmt: skip
    return Page(items=items, total=total, number=page, size=size)


def _case_query(
    store: Store, filters: CaseFilters, viewer: Viewer, named: bool = False
) -> CaseQuery:
    words = filters.words
    match = fts_match(words, "names" if named else None) if words else ""
    return CaseQuery(
        country=filters.country,
        status=filters.status,
        event_type=filters.event_type,
        organisation_id=filters.organisation_id,
        date_from=_first_day(filters.date_from) if filters.date_from else None,
        date_to=_last_day(filters.date_to) if filters.date_to else None,
        match=match,
        names_match=fts_match(words, "names") if words else "",
        documents_match=match if match and not named
        and _discriminates(store, match, viewer) else "",
        clearance=viewer.level,
        sort=filters.sort,
        descending=filters.descending,
    )


def _finds_nothing(store: Store, filters: CaseFilters, viewer: Viewer) -> bool:
    """A search with no word, or one naming a protected person `viewer` may not see."""
    if not filters.q:
        return False
    words = filters.words
    return not words or names_protected(store, Pseudonyms(store, viewer), words)


@dataclass(frozen=True)
class CaseFacets:
    """How many cases each choice of a filter would list, with the other filters kept;
    only cases `viewer` may see are counted. A facet not `complete` counts only the
    chosen value (see case_facets): the other values' counts are not known."""

    status: dict[str, int] = field(default_factory=dict)
    country: dict[str, int] = field(default_factory=dict)
    status_complete: bool = True
    country_complete: bool = True


def case_facets(store: Store, filters: CaseFilters, *, viewer: Viewer = FULL) -> CaseFacets:
    """Counts beside the status and country filters. A facet leaves its own filter out
    (each value says what choosing it would give), except where that would leave only
    an event filter (type, organisation, dates) to read: every event of a date range
    again, 40-60 ms at 100,000 facts. Then it counts the chosen value alone."""
    refresh_case_records(store)
    if _finds_nothing(store, filters, viewer):
        return CaseFacets()
    query = _case_query(store, filters, viewer)
    by_event = any(x is not None for x in (query.event_type, query.organisation_id,
                                           query.date_from, query.date_to))  # fmt: skip
    status_apart = query.status is not None and (not by_event or query.country is not None)
    country_apart = query.country is not None and (not by_event or query.status is not None)
    # What neither facet leaves out comes from one grouping of the list's own matches.
    pairs = {} if status_apart and country_apart else store.case_facets(query, "status,country")
    return CaseFacets(
        status=store.case_facets(query, "status") if status_apart else _summed(pairs, 0),
        country=store.case_facets(query, "country") if country_apart else _summed(pairs, 1),
        status_complete=query.status is None or status_apart,
        country_complete=query.country is None or country_apart,
    )


def _summed(pairs: dict[str, int], part: int) -> dict[str, int]:
    out: dict[str, int] = {}
    for key, n in pairs.items():
        value = key.split("\x1f")[part]
        if value:
            out[value] = out.get(value, 0) + n
    return out


def all_case_ids(store: Store, filters: CaseFilters, *, viewer: Viewer = FULL) -> list[int]:
    """Every case of the list as `viewer` sees it (all pages), in its order."""
    refresh_case_records(store)
    if _finds_nothing(store, filters, viewer):
        return []
    return store.case_ids(_case_query(store, filters, viewer))


# A search matching more documents than this does not tell cases apart through their
# documents (a word most documents hold): only names and facts are searched then. Asking
# which cases every matching document reports on cost 60-150 ms at 100,000 facts.
DOCUMENT_MATCHES_FOR_CASES = 500


def _discriminates(store: Store, match: str, viewer: Viewer) -> bool:
    # Counted among the documents the viewer may see: the answer must not depend on
    # hidden ones.
    limit = DOCUMENT_MATCHES_FOR_CASES
    return store.count_document_matches(match, viewer.level, limit + 1) <= limit


def case_countries(store: Store, viewer: Viewer = FULL) -> list[str]:
    """The countries of the cases `viewer` may see, for the case list's filter."""
    return store.case_countries(viewer.level)


@dataclass(frozen=True)
class SearchResults:
    q: str
    documents: list[DocumentHit]
    events: list[StoredEvent]
    cases: list[CaseSummary] = field(default_factory=list)  # the first of those named
    case_total: int = 0  # cases whose names hold every word
    sources: dict[str, str] = field(default_factory=dict)  # the facts' documents' labels


CASES_SHOWN = 10


def search(store: Store, q: str, limit: int = 50, *, viewer: Viewer = FULL) -> SearchResults:
    """The cases, standing facts and documents matching every word of `q` that `viewer`
    may see: the best `limit` of each kind (facts: the newest, when a search matches more
    than the store ranks); each fact with its document's label, each document with its
    title (else its file name) and a snippet. A search for a protected person's name by
    someone who may not see it finds nothing."""
    words = query_words(q)
    names = Pseudonyms(store, viewer)
    if not words or names_protected(store, names, words):
        return SearchResults(q=q, documents=[], events=[])
    refresh_search_index(store)
    match = fts_match(words)
    matches = store.match_documents(match, limit, viewer.level)
    texts = store.document_texts([m.sha256 for m in matches])
    matcher = _Matcher(words)
    documents = [_document_hit(names, found, texts.get(found.sha256, ""), matcher)
                 for found in matches]  # fmt: skip
    found = store.match_events(match, limit, viewer.level)
    events = names.events(events_as_seen(store, viewer.level, found))
    cases = find_cases(store, CaseFilters(q=q), 1, CASES_SHOWN, viewer=viewer, named=True)
    labels = store.document_labels(sorted({e.event.evidence.document_id for e in events}))
    sources = {sha: _label(names, sha, *pair) for sha, pair in labels.items()}
    return SearchResults(q=q, documents=documents, events=events, cases=cases.items,
                         case_total=cases.total, sources=sources)  # fmt: skip


def names_protected(store: Store, names: Pseudonyms, words: tuple[QueryWord, ...]) -> bool:
    """Whether a search finds a word of a protected person's names that `names`' viewer
    may not see: any key of theirs (any spelling the records give), or a prefix of one."""
    if names.index is None or not words:
        return False
    keys = protected_keys(store)
    for word in words:
        if word.prefix:
            if any(key.startswith(word.keys[0]) for key in keys):
                return True
        elif not keys.isdisjoint(word.keys):
            return True
    return names.mentions_protected(w.written for w in words if not w.prefix)


def protected_keys(store: Store) -> frozenset[str]:
    """Every key of every word of the protected persons' names (as the records spell
    them); initials left out, as masking leaves them."""
    spellings = sorted({n for names in store.protected_names().values() for n in names})
    return _keys_of(tuple(spellings))


_KEYS_KEPT: dict[tuple[str, ...], frozenset[str]] = {}


def _keys_of(spellings: tuple[str, ...]) -> frozenset[str]:
    known = _KEYS_KEPT.get(spellings)
    if known is None:
        known = frozenset(k for name in spellings for m in WORD.finditer(name)
                          for k in word_keys(m.group()) if len(k) > 1)  # fmt: skip
        if len(_KEYS_KEPT) > 16:
            _KEYS_KEPT.clear()
        _KEYS_KEPT[spellings] = known
    return known


def _label(names: Pseudonyms, sha256: str, title: str | None, source: str | None) -> str:
    """What names a document on a page: its title, else its file name, else its id."""
    shown = names.label(title) or names.label(source)
    return shown or f"Document {sha256[:12]}"


_ELLIPSIS = "…"  # where a snippet cut the text
_BEFORE, _AFTER = 10, 14  # words around the first match
_SCANNED = 1_000_000  # characters read for a match; past them the text's start is shown


class _Matcher:
    """Whether a text's word is one a search finds (each word's answer kept: a text
    repeats its words)."""

    def __init__(self, words: tuple[QueryWord, ...]) -> None:
        self.keys = frozenset(k for w in words if not w.prefix for k in w.keys)
        self.prefixes = tuple(w.keys[0] for w in words if w.prefix)
        self.known: dict[str, bool] = {}

    def __call__(self, word: str) -> bool:
        found = self.known.get(word)
        if found is None:
            keys = word_keys(word)
            found = not self.keys.isdisjoint(keys) or (
                bool(self.prefixes) and any(k.startswith(self.prefixes) for k in keys))
            self.known[word] = found
        return found


def _document_hit(
    names: Pseudonyms, found: DocumentMatch, text: str, matcher: _Matcher
) -> DocumentHit:
    start, end, marks = _excerpt(text, matcher)
    excerpt = text[start:end]
    spans = names.excerpt_spans(excerpt, found.sha256, start) if names.index else []
    snippet = marked(excerpt, marks, spans, MATCH_START, MATCH_END)
    snippet = (_ELLIPSIS if start > 0 else "") + snippet + (_ELLIPSIS if end < len(text) else "")
    label = _label(names, found.sha256, found.title, found.source_name)
    return DocumentHit(found.sha256, names.label(found.title), snippet, found.published, label)


def _excerpt(text: str, matcher: _Matcher) -> tuple[int, int, list[tuple[int, int]]]:
    """Where the snippet of `text` starts and ends (around its first matching word,
    else its start) and the matching words in it, relative to its start."""
    before: deque[tuple[int, int]] = deque(maxlen=_BEFORE)
    opening: list[tuple[int, int]] = []  # the text's first words, if nothing matches
    window: list[tuple[int, int]] = []
    marks: list[tuple[int, int]] = []
    for m in WORD.finditer(text):
        span = m.span()
        hit = matcher(m.group())
        if not window:
            if hit:
                window = [*before, span]
                marks.append(span)
            elif span[0] > _SCANNED:
                break
            else:
                before.append(span)
                if len(opening) < _BEFORE + _AFTER:
                    opening.append(span)
            continue
        window.append(span)
        if hit:
            marks.append(span)
        if len(window) >= _BEFORE + _AFTER:
            break
    if not window:  # no match in the text (the title matched): its beginning
        window = opening
    if not window:
        return 0, 0, []
    start, end = window[0][0], window[-1][1]
    return start, end, [(a - start, b - start) for a, b in marks]


def _date(which: str, raw: str) -> PartialDate | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        date = PartialDate.parse(raw)
    except ValueError as err:
        raise InvalidInput(Msg(_DATE_PROBLEM[which], err=message_of(err))) from None
    if date.year is None:
        raise InvalidInput(Msg(_DATE_NEEDS_YEAR[which], raw=repr(raw)))
    return date


# One sentence per end of the range, so that a page says each whole in its language.
_DATE_PROBLEM = {"from": N_("date from: %(err)s"), "to": N_("date to: %(err)s")}
_DATE_NEEDS_YEAR = {"from": N_("date from: a date range needs a year, not %(raw)s"),
                    "to": N_("date to: a date range needs a year, not %(raw)s")}  # fmt: skip


def _first_day(date: PartialDate) -> str:
    return f"{date.year:04d}-{date.month or 1:02d}-{date.day or 1:02d}"


def _last_day(date: PartialDate) -> str:
    # Day 31 for every month: the bound only compares with ISO strings, never a calendar.
    return f"{date.year:04d}-{date.month or 12:02d}-{date.day or 31:02d}"
