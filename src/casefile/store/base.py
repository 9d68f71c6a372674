"""The storage interface: what the pipeline, services and exports may ask of a store.

Kept small and free of SQL so that a PostgreSQL backend can implement it later.
Rows handed out are plain dataclasses wrapping the domain model, plus the
bookkeeping a store adds (ids, review status, version, timestamps).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Protocol, Self

from casefile.i18n import N_, Msg
from casefile.model import (
    Document,
    Event,
    Evidence,
    Extraction,
    PageImage,
    PartialDate,
    Statistic,
)
from casefile.store.base_alerts import AlertReadStore
from casefile.store.base_batch import BatchStore
from casefile.store.base_calendar import CalendarStore
from casefile.store.base_consent import ConsentStore
from casefile.store.base_curation import CurationStore
from casefile.store.base_documents import DocumentStore
from casefile.store.base_imports import ImportStore
from casefile.store.base_interventions import InterventionStore
from casefile.store.base_links import LinkStore
from casefile.store.base_pages import PageStore
from casefile.store.base_possible import PossibleStore
from casefile.store.base_reports import ReportStore
from casefile.store.base_search import SearchIndexStore
from casefile.store.base_security import (
    FULL_ACCESS,
    AccessStore,
    AccountStore,
    AuditStore,
    IntegrityStore,
    SessionStore,
)

REVIEW_STATUSES: tuple[str, ...] = ("unreviewed", "accepted", "rejected", "edited")
FACT_KINDS: tuple[str, ...] = ("event", "statistic")
REVIEW_ACTIONS: tuple[str, ...] = ("accept", "reject", "edit", "add")
# Event fields a reviewer may change, named as on `model.Event`.
EDITABLE_EVENT_FIELDS: tuple[str, ...] = (
    "type", "participant", "date", "term", "term_kind", "charges", "agent",
)  # fmt: skip


class StoreError(Exception):
    """A store cannot be opened or refuses an operation; the message is one readable line."""


# Each kind of fact its own sentence, so that a page can say it whole in its language.
_MISSING = {"event": N_("no event with id %(fact_id)s"),
            "statistic": N_("no statistic with id %(fact_id)s")}  # fmt: skip
_CHANGED = {
    "event": N_("event %(fact_id)s was changed by someone else (version %(actual)s, you had"
                " %(expected)s); reload it and decide again"),
    "statistic": N_("statistic %(fact_id)s was changed by someone else (version %(actual)s,"
                    " you had %(expected)s); reload it and decide again"),
}  # fmt: skip


def fact_missing(kind: str, fact_id: int) -> Msg:
    """"no event with id 7" (a kind of fact with no sentence of its own: as the others)."""
    template = _MISSING.get(kind)
    if template is None:
        return Msg("no %(kind)s with id %(fact_id)s", kind=kind, fact_id=fact_id)
    return Msg(template, fact_id=fact_id)


class FactNotFound(StoreError, LookupError):
    def __init__(self, kind: str, fact_id: int) -> None:
        super().__init__(fact_missing(kind, fact_id))


class PossibleNotFound(StoreError, LookupError):
    """A possible fact decided already, replaced by a re-extraction, or above the
    reader's clearance."""

    def __init__(self, possible_id: int) -> None:
        super().__init__(Msg("no possible fact with id %(id)s", id=possible_id))
        self.possible_id = possible_id


class VersionConflict(StoreError):
    """The fact changed since the reviewer loaded it (optimistic locking)."""

    def __init__(self, kind: str, fact_id: int, expected: int, actual: int) -> None:
        template = _CHANGED.get(kind, _CHANGED["event"])
        super().__init__(Msg(template, fact_id=fact_id, actual=actual, expected=expected))


@dataclass(frozen=True)
class SaveResult:
    document_sha256: str
    document_new: bool  # False: these bytes were already stored
    events: int  # machine events stored by this save
    statistics: int
    persons: int  # distinct persons this document's facts are about
    skipped_reviewed: int = 0  # new facts not stored because a reviewed twin exists
    # new facts not stored because an analyst said their person is no person or no victim
    skipped_curated: int = 0
    person_ids: tuple[int, ...] = ()  # those persons' ids, for linking
    # Machine facts compared with the document's previous extraction (by fingerprint:
    # type, participant, span; changed: same fingerprint, other date, term, ...).
    added: int = 0
    changed: int = 0
    removed: int = 0


@dataclass(frozen=True)
class RoleAssertion:
    role: str
    document_sha256: str
    evidence: Evidence | None
    review_status: str


@dataclass(frozen=True)
class StoredPerson:
    id: int
    key: str
    name: str
    country: str | None
    aliases: tuple[str, ...] = ()
    role_assertions: tuple[RoleAssertion, ...] = ()
    created_at: str = ""
    protected: bool = False  # shown under a pseudonym without confidential clearance

    @property
    def roles(self) -> tuple[str, ...]:
        """Distinct roles no reviewer rejected, in a stable order."""
        kept = {a.role for a in self.role_assertions if a.review_status != "rejected"}
        return tuple(sorted(kept))


@dataclass(frozen=True)
class StoredOrganisation:
    id: int
    key: str
    name: str
    kind: str | None
    aliases: tuple[str, ...] = ()
    created_at: str = ""


@dataclass(frozen=True)
class OrganisationListing:
    organisation: StoredOrganisation
    events: int  # standing events, at the reader's level
    designations: tuple[str, ...] = ()  # their labels ("extremist"; "" unlabelled)


@dataclass(frozen=True)
class StoredEvent:
    id: int
    event: Event  # participant is the name as the text gave it
    person_id: int | None
    organisation_id: int | None
    entity_name: str  # the stored person's or organisation's name
    review_status: str
    version: int
    created_at: str
    document_published: PartialDate | None = None  # for ordering undated events
    reviewed_by: str | None = None
    reviewed_at: str | None = None
    level: int = FULL_ACCESS  # effective access level: max(document's, own_level)
    own_level: int | None = None  # set on the fact itself; None: as its document


@dataclass(frozen=True)
class StoredStatistic:
    id: int
    statistic: Statistic
    review_status: str
    version: int
    created_at: str
    reviewed_by: str | None = None
    reviewed_at: str | None = None
    level: int = FULL_ACCESS
    own_level: int | None = None


@dataclass(frozen=True)
class CaseRow:
    """A person and the events about them that no reviewer rejected, in no set order."""

    person: StoredPerson
    events: list[StoredEvent] = field(default_factory=list)


@dataclass(frozen=True)
class CaseRecord:
    """A person's derived case summary as the store keeps it (computed by the services)."""

    person_id: int
    status: str
    last_event_type: str
    last_event_date: PartialDate | None
    documents: int
    events: int
    clearance: int = FULL_ACCESS  # computed from the events visible at this clearance
    country: str | None = None  # as a reader of this clearance sees it


@dataclass(frozen=True)
class CaseListing:
    person: StoredPerson
    record: CaseRecord


@dataclass(frozen=True)
class CaseQuery:
    """Filters over case records; None means "any". Dates are ISO days, inclusive, and
    match a person with a standing event whose (possibly partial) date overlaps them."""

    country: str | None = None
    status: str | None = None
    event_type: str | None = None
    organisation_id: int | None = None
    date_from: str | None = None
    date_to: str | None = None
    # Search (FTS5 expressions over the search index, `link.search_terms.fts_match`):
    # cases whose names or facts match, and, with `documents_match`, those with a fact in
    # a matching document; those whose names match come first, those found only through
    # a document last.
    match: str = ""
    names_match: str = ""
    documents_match: str = ""
    clearance: int = FULL_ACCESS  # only cases and events visible at this clearance
    limit: int = 50
    offset: int = 0
    sort: str = ""  # one of sqlite_filters.CASE_SORTS; "" is by relevance, then name
    descending: bool = False


@dataclass(frozen=True)
class DocumentInfo:
    """A document without its text, for lists."""

    sha256: str
    title: str | None
    publisher: str | None
    published: PartialDate | None
    language: str | None
    source_name: str | None
    ingested_at: str
    events: int
    access_level: int = FULL_ACCESS


@dataclass(frozen=True)
class DocumentHit:
    sha256: str
    title: str | None
    snippet: str  # matched words between \x02 and \x03 markers
    published: PartialDate | None
    label: str = ""  # what names it on a page: its title, else its file name, else its id


@dataclass(frozen=True)
class ReviewEntry:
    fact_kind: str
    fact_id: int
    action: str
    reviewer: str
    at: str
    changes: dict[str, list[Any]]  # field -> [before, after]


@dataclass(frozen=True)
class ReviewQuery:
    """Which unreviewed facts the queue lists, and in what order. The event-only filters
    (type, person, date_inferred) leave statistics out."""

    document: str | None = None  # sha256
    type: str | None = None
    person_id: int | None = None
    min_confidence: float | None = None
    max_confidence: float | None = None
    date_inferred: bool | None = None
    extractor_version: str | None = None
    sort: str = "oldest"  # or "confidence": least sure first

    @property
    def events_only(self) -> bool:
        return self.type is not None or self.person_id is not None or (
            self.date_inferred is not None)


@dataclass(frozen=True)
class ReviewUndo:
    """What undoing a reviewer's last decision restored."""

    kind: str
    fact_id: int
    action: str  # the decision undone
    status: str  # the status restored


@dataclass(frozen=True)
class ReviewDecision:
    """One review decision for the store to apply atomically with its audit entry."""

    kind: str  # one of FACT_KINDS
    fact_id: int
    action: str  # accept, reject or edit
    reviewer: str
    at: str  # UTC, ISO 8601
    expected_version: int | None  # None: whatever the current version is
    # New values of EDITABLE_EVENT_FIELDS (model types) for an edit; "count"/"what" for
    # statistics.
    values: Mapping[str, Any] = field(default_factory=dict)
    changes: Mapping[str, list[Any]] = field(default_factory=dict)  # for the audit log


class Store(
    AccountStore, AuditStore, IntegrityStore, SessionStore, AccessStore, LinkStore,
    SearchIndexStore, DocumentStore, CurationStore, PageStore, ConsentStore, ReportStore,
    ImportStore, InterventionStore, CalendarStore, AlertReadStore, BatchStore, PossibleStore,
    Protocol,
):
    """A case store. Implementations are context managers; `close()` is idempotent.
    Every write appends its entry to the audit log in the same transaction."""

    def save_extraction(
        self, extraction: Extraction, original: bytes, actor: str | None = None,
        pages: Sequence[PageImage] | None = None,
    ) -> SaveResult:  # fmt: skip
        """Store a document and its machine-made facts atomically, replacing the
        document's earlier unreviewed facts and keeping reviewed ones; `actor` is who
        ingested it, for the audit log (None: the system). `pages`: the page images OCR
        read, replacing the stored ones (None keeps them: a re-extraction reads the
        stored text, not the pages)."""
        ...

    def has_document(self, sha256: str) -> bool: ...

    def get_document(self, sha256: str) -> Document | None: ...

    def get_original(self, sha256: str) -> bytes | None: ...

    def set_document_published(
        self, sha256: str, published: PartialDate | None, actor: str, at: str
    ) -> None: ...

    def iter_documents(self) -> Iterator[Document]: ...

    def get_documents(self, sha256s: list[str]) -> Iterator[Document]:
        """These documents (those that exist), in the order of `iter_documents`."""
        ...

    def iter_persons(self) -> Iterator[StoredPerson]: ...

    def get_person(self, person_id: int) -> StoredPerson | None: ...

    def get_persons(self, person_ids: list[int]) -> list[StoredPerson]:
        """These persons (those that exist), by id."""
        ...

    def document_titles(self, sha256s: list[str]) -> dict[str, str | None]:
        """Each of these documents' title, without reading its text."""
        ...

    def document_urls(self, sha256s: list[str]) -> dict[str, str | None]:
        """Each of these documents' URL, without reading its text."""
        ...

    def find_persons(self, name: str) -> list[StoredPerson]:
        """Persons whose name or alias has this name's key; failing that, those whose
        name or alias words contain the query's words or are contained in them."""
        ...

    def iter_organisations(self) -> Iterator[StoredOrganisation]: ...

    def iter_events(self) -> Iterator[StoredEvent]:
        """Every event, rejected ones included (exports show the review status)."""
        ...

    def person_events(self, person_id: int, level: int = FULL_ACCESS) -> list[StoredEvent]:
        """The person's events up to `level` that no reviewer rejected, in no set order."""
        ...

    def list_cases(self) -> list[CaseRow]:
        """Every person with at least one event no reviewer rejected."""
        ...

    def iter_statistics(self) -> Iterator[StoredStatistic]: ...

    # -- derived case records (see services.cases.refresh_case_records) --------------

    def stale_cases(self, limit: int) -> dict[int, int]:
        """Persons whose events changed since their record was written: id -> version."""
        ...

    def events_of_persons(self, person_ids: list[int]) -> dict[int, list[StoredEvent]]:
        """Each person's events that no reviewer rejected."""
        ...

    def events_of_cases(self, person_ids: list[int], level: int) -> list[StoredEvent]:
        """Every event of these persons up to `level`, rejected ones included (exports
        show the review status), by id."""
        ...

    def person_spellings(self, person_ids: list[int], level: int) -> dict[int, set[str]]:
        """The names the standing events up to `level` give each of these persons."""
        ...

    def person_countries(
        self, person_ids: list[int]
    ) -> dict[int, tuple[str | None, list[tuple[str, int]]]]:
        """Each person's stored country, and the countries documents give them or anyone
        merged into them, each with that document's level."""
        ...

    def put_case_records(self, records: list[CaseRecord], versions: Mapping[int, int]) -> None:
        """Store the records computed for the persons in `versions` (a person there
        without a record has no case any more) and clear their staleness, unless their
        events changed again meanwhile (a different version)."""
        ...

    def query_cases(self, query: CaseQuery) -> tuple[int, list[CaseListing]]:
        """The total number of matching cases and one page of them, by name."""
        ...

    def count_cases_by_status(self, level: int = FULL_ACCESS) -> dict[str, int]: ...

    def case_countries(self, level: int = FULL_ACCESS) -> list[str]:
        """The countries of persons with a case at this clearance, sorted."""
        ...

    def case_facets(self, query: CaseQuery, facet: str) -> dict[str, int]:
        """How many cases match `query` (its own `facet` filter left out) per value of
        `facet` ("status" or "country"), at the query's clearance; "status,country":
        per pair, joined by char 31 (no country: empty), with every filter kept."""
        ...

    def case_ids(self, query: CaseQuery) -> list[int]:
        """Every matching case's person id, in the query's order (no page)."""
        ...

    # -- documents, search, statistics ----------------------------------------------

    def list_documents(
        self, limit: int, offset: int, level: int = FULL_ACCESS
    ) -> tuple[int, list[DocumentInfo]]: ...

    def document_level(self, sha256: str) -> int | None: ...

    def document_levels(self, sha256s: list[str]) -> dict[str, int]:
        """The levels of those of these documents that exist."""
        ...

    def document_events(self, sha256: str, level: int = FULL_ACCESS) -> list[StoredEvent]:
        """The document's events up to `level`, rejected ones included, by position."""
        ...

    def document_statistics(
        self, sha256: str, level: int = FULL_ACCESS
    ) -> list[StoredStatistic]: ...

    def count_documents(self, level: int = FULL_ACCESS) -> int: ...

    def count_unreviewed(self, level: int = FULL_ACCESS) -> int:
        """Events and statistics no reviewer has decided on."""
        ...

    def latest_events(self, limit: int, level: int = FULL_ACCESS) -> list[StoredEvent]:
        """Standing events with a year, latest date first."""
        ...

    def events_per_month(
        self, first_month: str, last_month: str, level: int = FULL_ACCESS
    ) -> list[tuple[str, str, int]]:
        """(YYYY-MM, event type, count) of standing events dated to a month or a day."""
        ...

    # -- organisations -----------------------------------------------------------------

    def get_organisation(self, organisation_id: int) -> StoredOrganisation | None: ...

    def find_organisations(self, name: str) -> list[StoredOrganisation]:
        """Organisations whose name or alias has this name's key."""
        ...

    def list_organisations(
        self, limit: int, offset: int, level: int = FULL_ACCESS, *,
        with_events: bool = False, designated: bool = False,
    ) -> tuple[int, list[OrganisationListing]]:
        """Organisations, designated ones first, then by name; each with its number of
        standing events and its designations' labels at `level`. `with_events`: only
        those with a standing event or named as the agent of one; `designated`: only
        those with a designation."""
        ...

    def organisation_events(
        self, organisation_id: int, level: int = FULL_ACCESS
    ) -> list[StoredEvent]: ...

    def organisation_spellings(
        self, organisation_ids: list[int], level: int
    ) -> dict[int, set[str]]:
        """The names the standing events up to `level` give each of these organisations."""
        ...

    def events_of_organisations(
        self, organisation_ids: list[int], level: int
    ) -> dict[int, list[StoredEvent]]:
        """Each organisation's standing events up to `level`."""
        ...

    def organisation_persons(
        self, organisation_id: int, level: int = FULL_ACCESS
    ) -> list[StoredPerson]:
        """Persons with a standing event that involves the organisation: reported in a
        document that states one of the organisation's events, or naming it as agent."""
        ...

    def person_organisations(
        self, person_id: int, level: int = FULL_ACCESS
    ) -> list[StoredOrganisation]:
        """The converse of organisation_persons."""
        ...

    # -- review -------------------------------------------------------------------------

    def get_event(self, event_id: int) -> StoredEvent | None: ...

    def get_statistic(self, statistic_id: int) -> StoredStatistic | None: ...

    def review_queue(
        self, limit: int, offset: int, level: int = FULL_ACCESS,
        query: ReviewQuery | None = None,
    ) -> tuple[int, list[StoredEvent | StoredStatistic]]:
        """Unreviewed facts the query selects, oldest first (or least sure first)."""
        ...

    def review_extractor_versions(self, level: int = FULL_ACCESS) -> list[str]:
        """The extractor versions of unreviewed facts, newest name last."""
        ...

    def undo_last_review(
        self, reviewer: str, at: str, level: int = FULL_ACCESS
    ) -> ReviewUndo | None:
        """Restore the status a fact had before `reviewer`'s last accept or reject (an
        edit or an undo last, or a fact above `level`: None), bump its version and audit
        it as fact.undo. VersionConflict if someone changed the fact since."""
        ...

    def apply_review(self, decision: ReviewDecision) -> None:
        """Set the fact's review status (and new values), bump its version and log the
        decision, atomically. Raises FactNotFound or VersionConflict."""
        ...

    def add_event(self, event: Event, reviewer: str, at: str) -> int:
        """Store an event an analyst asserted (accepted, logged as "add"); its id."""
        ...

    def review_history(self, kind: str, fact_id: int) -> list[ReviewEntry]: ...


    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
