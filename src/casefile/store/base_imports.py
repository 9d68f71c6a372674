"""What `casefile import` hands the store: records read from a file, each fact with its
evidence, stored in one transaction (`ImportStore.import_batch`).

Persons and organisations are referred to by `ref`, the file's own name for them (an
export's id, a spreadsheet's name key), since their ids in this store are not known
until the batch is stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from casefile.model import Document, Event, Evidence, Organisation, Person, Statistic


@dataclass(frozen=True)
class ImportedFile:
    """A spreadsheet stored as a document: how it was read."""

    format: str  # csv or xlsx
    mapping: str | None  # the mapping file's text; None: the default columns
    rows: int
    # Carried by a casefile export (the spreadsheet was imported where it was made):
    # marked again here, and importing the export twice is no second import of the file.
    from_export: bool = False


@dataclass(frozen=True)
class ImportRecord:
    """A spreadsheet stored by an import: how it was read, who imported it and when."""

    format: str
    mapping: str | None
    rows: int
    imported_by: str
    imported_at: str


@dataclass(frozen=True)
class ImportedDocument:
    document: Document
    original: bytes
    spreadsheet: ImportedFile | None = None  # None: a document as casefile exported it


@dataclass(frozen=True)
class ImportedRole:
    person_ref: str
    role: str
    document_sha256: str
    evidence: Evidence | None
    review_status: str = "unreviewed"


@dataclass(frozen=True)
class ImportedEvent:
    event: Event
    ref: str  # the person's (or, for an organisation's event, the organisation's) ref
    review_status: str = "unreviewed"


@dataclass(frozen=True)
class ImportedStatistic:
    statistic: Statistic
    review_status: str = "unreviewed"


@dataclass
class ImportBatch:
    source: str  # the file's name, for the audit log
    format: str  # csv, xlsx, json, jsonl
    documents: list[ImportedDocument] = field(default_factory=list)
    persons: dict[str, Person] = field(default_factory=dict)  # ref -> name, aliases, country
    organisations: dict[str, Organisation] = field(default_factory=dict)
    roles: list[ImportedRole] = field(default_factory=list)
    events: list[ImportedEvent] = field(default_factory=list)
    statistics: list[ImportedStatistic] = field(default_factory=list)


@dataclass(frozen=True)
class ImportResult:
    documents_new: int
    persons: int
    organisations: int
    events: int
    statistics: int
    roles: int
    already_stored: int  # facts the store held already (same document and fingerprint)
    person_ids: tuple[int, ...]


class ImportStore(Protocol):
    def import_batch(self, batch: ImportBatch, actor: str) -> ImportResult:
        """Store the batch in one transaction with one audit entry: all or nothing.
        StoreError if a fact's quote is not its document's text at its span, or a
        spreadsheet was imported already."""
        ...

    def imported_file(self, sha256: str) -> ImportRecord | None:
        """How, by whom and when this document was imported as a spreadsheet, if it was."""
        ...
