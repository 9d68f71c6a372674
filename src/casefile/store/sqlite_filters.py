"""The case list's filters as SQL over `case_summaries cs JOIN persons p`: which
persons have an event of a type, an organisation and a date range, or match a search.
Shared with `sqlite_reads` (the organisation tests, and what "standing" means).
The search index's rows are laid out by `sqlite_search` (rowid = person * 4 + clearance)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from casefile.store.base import CaseQuery

STANDING = "review_status != 'rejected'"

# An event's (possibly partial) date as the first and last day it may mean: "2023" is
# 2023-01-01 .. 2023-12-31. Month-day dates ("--11-30") have no year and match no range.
_PERIOD_START = "({e}.date || substr('0000-01-01', length({e}.date) + 1))"
_PERIOD_END = "({e}.date || substr('0000-12-31', length({e}.date) + 1))"

# An event's agent in lower case without a leading "the": "the FSB" names "FSB".
AGENT_LOWER = (
    "(CASE WHEN lower({e}.agent) LIKE 'the %' THEN substr(lower({e}.agent), 5)"
    " ELSE lower({e}.agent) END)"
)
# The organisation :org involves an event when the event's document states one of the
# organisation's events, or when the event names it as the agent.
ORG_DOCUMENTS = (
    "SELECT oe.document_sha256 FROM events oe WHERE oe.organisation_id = :org"
    " AND oe.review_status != 'rejected' AND oe.level <= :clearance"
)
ORG_NAMES = (
    "SELECT lower(name) FROM organisations WHERE id = :org"
    " UNION SELECT lower(alias) FROM organisation_aliases WHERE organisation_id = :org"
)
INVOLVES_ORG = "({e}.document_sha256 IN (" + ORG_DOCUMENTS + ") OR " + AGENT_LOWER + (
    " IN (" + ORG_NAMES + "))")


def involved_persons(events_where: str) -> str:
    """The persons of the events matching `events_where` (over `events e`) that involve
    the organisation :org, as INVOLVES_ORG tests it but in two halves, each read off an
    index (its documents' events by document; events naming it as the agent by the
    expression index of migration 0018): the OR of the two read every event."""
    return (
        f"SELECT e.person_id FROM events e WHERE {events_where} AND e.document_sha256 IN"
        f" ({ORG_DOCUMENTS}) UNION SELECT e.person_id FROM events e WHERE {events_where}"
        f" AND e.agent IS NOT NULL AND {AGENT_LOWER.format(e='e')} IN ({ORG_NAMES})"
    )


def case_filters(query: CaseQuery) -> tuple[list[str], dict[str, Any]]:
    """WHERE terms (to be joined by AND) and their named parameters, over
    `case_summaries cs` alone (persons need not be joined: a summary's person exists,
    its foreign key cascades)."""
    where: list[str] = []
    # Every filter looks only at events visible at the reader's clearance: "persons
    # arrested in 2023" must not reveal a confidential arrest by listing its person.
    params: dict[str, Any] = {"clearance": query.clearance}
    if query.country is not None:
        where.append("cs.country = :country")  # as a reader of the clearance sees it
        params["country"] = query.country
    if query.status is not None:
        where.append("cs.status = :status")
        params["status"] = query.status
    # Type, organisation and dates must hold for one and the same event: "arrested in
    # 2023" is not "arrested once, and something else in 2023". Which persons have such
    # an event is asked one of two ways, whichever reads less (see below).
    on_event: list[str] = []
    if query.event_type is not None:
        on_event.append("e.type = :event_type")
        params["event_type"] = query.event_type
    if query.organisation_id is not None:
        on_event.append(INVOLVES_ORG.format(e="e"))
        params["org"] = query.organisation_id
    if query.date_from is not None or query.date_to is not None:
        on_event.append("e.date >= '0'")
    if query.date_from is not None:
        # A date that overlaps the range starts with the from-year or later: "2023"
        # itself qualifies for 2023-06-01, "2022-12" does not. That bound uses the index;
        # the exact test follows.
        on_event.append("e.date >= :from_year")
        on_event.append(f"{_PERIOD_END.format(e='e')} >= :date_from")
        params["date_from"] = query.date_from
        params["from_year"] = query.date_from[:4]
    if query.date_to is not None:
        # A date's text never sorts after the first day it stands for ("2023" < "2023-01-01").
        on_event.append("e.date <= :date_to")
        on_event.append(f"{_PERIOD_START.format(e='e')} <= :date_to")
        params["date_to"] = query.date_to
    if on_event and (query.status or query.country) and query.event_type is None:
        # Without a type, the IN below reads every event of a date range (25-60 ms at
        # 100,000 facts); with a status or country, probing those persons' events through
        # events_person takes 1-25 ms. Named: left to itself, the planner walked another
        # index per person (12 s). With a type, the (type, date) index makes IN cheaper.
        where.append(
            "EXISTS (SELECT 1 FROM events e INDEXED BY events_person"
            " WHERE e.person_id = cs.person_id"
            f" AND e.{STANDING} AND e.level <= :clearance AND " + " AND ".join(on_event) + ")"
        )
    elif on_event:
        others = [c for c in on_event if c != INVOLVES_ORG.format(e="e")]
        events_where = " AND ".join(
            [f"e.person_id IS NOT NULL AND e.{STANDING} AND e.level <= :clearance", *others])
        if query.organisation_id is not None:  # read off indexes, not every event
            where.append(f"cs.person_id IN ({involved_persons(events_where)})")
        else:
            where.append(
                f"cs.person_id IN (SELECT e.person_id FROM events e WHERE {events_where})")
    if query.match:
        # The case's names and facts as a reader of this clearance may see them, in one
        # row per case and clearance (search_cases, migration 0013).
        in_case = ("cs.person_id IN (SELECT rowid >> 2 FROM search_cases WHERE search_cases"
                   " MATCH :match AND (rowid & 3) = :clearance)")  # fmt: skip
        if query.documents_match:
            where.append(f"({in_case} OR {IN_DOCUMENT})")
            params["documents_match"] = query.documents_match
        else:
            where.append(in_case)
        params["match"] = query.match
        params["names_match"] = query.names_match or query.match
    return where, params


# A person with a standing event the reader may see in a document that matches.
IN_DOCUMENT = (
    "cs.person_id IN (SELECT e.person_id FROM events e WHERE e.document_sha256 IN"
    " (SELECT i.sha256 FROM search_document_ids i WHERE i.id IN (SELECT rowid FROM"
    f" search_documents WHERE search_documents MATCH :documents_match)) AND e.{STANDING}"
    " AND e.level <= :clearance)"
)


# The case list's sortable columns. Cases without a value go last either way; the name
# and the id break ties, so that a sort is stable across pages.
CASE_SORTS: dict[str, str] = {
    "name": "p.name COLLATE NOCASE",
    "status": "cs.status",
    "last_event": "cs.last_event_date",
    "facts": "cs.events",
    "country": "cs.country",
}


def case_order_by(query: CaseQuery) -> str:
    """The ORDER BY of a case list: a chosen column, else relevance; then the name."""
    tie = "p.name COLLATE NOCASE, p.id"
    if not query.sort:
        return case_order(query) + tie
    column = CASE_SORTS[query.sort]  # a KeyError here is a caller's bug: checked before
    way = " DESC" if query.descending else ""
    return f"({column}) IS NULL, {column}{way}, {tie}"


def facet_query(query: CaseQuery, facet: str) -> CaseQuery:
    """The query whose matches a facet counts: all filters but the facet's own, so
    each value's count says what choosing it would give."""
    if facet == "status":
        return replace(query, status=None)
    if facet == "country":
        return replace(query, country=None)
    raise ValueError(f"no facet {facet!r}")


def case_order(query: CaseQuery) -> str:
    """What sorts a case list before the name: with a search, the cases whose names
    hold every word first (the person searched for), then those whose facts do, then
    those only a document holding the words reports on."""
    if not query.match:
        return ""
    named = ("cs.person_id IN (SELECT rowid >> 2 FROM search_cases WHERE search_cases"
             " MATCH :names_match AND (rowid & 3) = :clearance) DESC, ")  # fmt: skip
    if not query.documents_match:
        return named
    return named + (
        "cs.person_id IN (SELECT rowid >> 2 FROM search_cases WHERE search_cases"
        " MATCH :match AND (rowid & 3) = :clearance) DESC, "
    )
