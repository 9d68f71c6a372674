"""The storage interface: what the pipeline, services and exports may ask of a store.

Kept small and free of SQL so that a PostgreSQL backend can implement it later.
Rows handed out are plain dataclasses wrapping the domain model, plus the
bookkeeping a store adds (ids, review status, version, timestamps).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from types import TracebackType
from typing import Protocol, Self

from casefile.model import Document, Event, Evidence, Extraction, PartialDate, Statistic

REVIEW_STATUSES: tuple[str, ...] = ("unreviewed", "accepted", "rejected", "edited")


class StoreError(Exception):
    """A store cannot be opened or refuses an operation; the message is one readable line."""


@dataclass(frozen=True)
class SaveResult:
    document_sha256: str
    document_new: bool  # False: these bytes were already stored
    events: int  # machine events stored by this save
    statistics: int
    persons: int  # distinct persons this document's facts are about
    skipped_reviewed: int = 0  # new facts not stored because a reviewed twin exists


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


@dataclass(frozen=True)
class StoredStatistic:
    id: int
    statistic: Statistic
    review_status: str
    version: int
    created_at: str


@dataclass(frozen=True)
class CaseRow:
    """A person and the events about them that no reviewer rejected, in no set order."""

    person: StoredPerson
    events: list[StoredEvent] = field(default_factory=list)


class Store(Protocol):
    """A case store. Implementations are context managers; `close()` is idempotent."""

    def save_extraction(self, extraction: Extraction, original: bytes) -> SaveResult:
        """Store a document and its machine-made facts atomically, replacing the
        document's earlier unreviewed facts and keeping reviewed ones."""
        ...

    def has_document(self, sha256: str) -> bool: ...

    def get_document(self, sha256: str) -> Document | None: ...

    def get_original(self, sha256: str) -> bytes | None: ...

    def iter_documents(self) -> Iterator[Document]: ...

    def iter_persons(self) -> Iterator[StoredPerson]: ...

    def get_person(self, person_id: int) -> StoredPerson | None: ...

    def find_persons(self, name: str) -> list[StoredPerson]:
        """Persons whose name or alias has this name's key; failing that, those whose
        name or alias words contain the query's words or are contained in them."""
        ...

    def iter_organisations(self) -> Iterator[StoredOrganisation]: ...

    def iter_events(self) -> Iterator[StoredEvent]:
        """Every event, rejected ones included (exports show the review status)."""
        ...

    def person_events(self, person_id: int) -> list[StoredEvent]:
        """The person's events that no reviewer rejected, in no set order."""
        ...

    def list_cases(self) -> list[CaseRow]:
        """Every person with at least one event no reviewer rejected."""
        ...

    def iter_statistics(self) -> Iterator[StoredStatistic]: ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
