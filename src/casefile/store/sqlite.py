"""The SQLite store: plain SQL over stdlib sqlite3, in WAL mode with foreign keys on.

The connection runs in autocommit mode and every write opens its own
`BEGIN IMMEDIATE` transaction, so a failure anywhere in a save rolls all of it back
and concurrent writers queue on busy_timeout instead of failing half-way.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from casefile.i18n import Msg
from casefile.model import Document, Event, Evidence, Extraction, PageImage, PartialDate
from casefile.names import name_key, same_entity
from casefile.store import rows
from casefile.store.base import (
    CaseRow,
    SaveResult,
    StoredEvent,
    StoredOrganisation,
    StoredPerson,
    StoredStatistic,
    StoreError,
)
from casefile.store.base_security import FULL_ACCESS
from casefile.store.dialect import DatabaseError
from casefile.store.migrate import load_migrations, schema_version
from casefile.store.sqlite_access import AccessWrites
from casefile.store.sqlite_accounts import AccountWrites
from casefile.store.sqlite_alerts import AlertReads
from casefile.store.sqlite_audit import (
    SYSTEM_ACTOR,
    AuditReads,
    append_audit,
    machine_facts,
    open_tracked,
    record_untold_changes,
)
from casefile.store.sqlite_batch import BatchWrites
from casefile.store.sqlite_calendar import CalendarWrites
from casefile.store.sqlite_consent import ConsentWrites
from casefile.store.sqlite_curation import CurationWrites, standing_verdicts
from casefile.store.sqlite_documents import DocumentWrites, changes_between, fact_contents
from casefile.store.sqlite_imports import ImportWrites
from casefile.store.sqlite_interventions import InterventionWrites
from casefile.store.sqlite_links import LinkWrites
from casefile.store.sqlite_orgs import OrganisationReads
from casefile.store.sqlite_pages import PageReads, replace_pages
from casefile.store.sqlite_possible import PossibleWrites, replace_possible
from casefile.store.sqlite_reads import ReadQueries
from casefile.store.sqlite_reports import ReportReads
from casefile.store.sqlite_review import ReviewWrites
from casefile.store.sqlite_search import SearchIndex
from casefile.store.sqlite_sessions import SessionWrites

DEFAULT_BUSY_TIMEOUT_MS = 5000


class SQLiteStore(
    ReadQueries, OrganisationReads, ReviewWrites, LinkWrites, AccountWrites, SessionWrites,
    AccessWrites, AuditReads, SearchIndex, DocumentWrites, CurationWrites, PageReads,
    ConsentWrites, ReportReads, ImportWrites, InterventionWrites, CalendarWrites, AlertReads,
    BatchWrites, PossibleWrites,
):
    # Takes the write lock at once, so concurrent writers queue on busy_timeout.
    _BEGIN = "BEGIN IMMEDIATE"

    def __init__(
        self,
        path: str | Path,
        *,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
        check_same_thread: bool = True,
    ):
        """`check_same_thread=False` lets a web server open the store in one worker thread
        and use it in another; the caller must still use it from one thread at a time."""
        self.path = Path(path)
        if not self.path.parent.is_dir():
            raise StoreError(Msg(
                "cannot open database %(path)s: its directory does not exist",
                path=self.path,
            ))
        try:
            conn = sqlite3.connect(
                self.path,
                isolation_level=None,
                timeout=busy_timeout_ms / 1000,
                check_same_thread=check_same_thread,
            )
        except DatabaseError as exc:
            raise StoreError(Msg(
                "cannot open database %(path)s: %(exc)s",
                path=self.path, exc=exc,
            )) from exc
        try:
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            open_tracked(conn, load_migrations())
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(Msg(
                "cannot open database %(path)s: %(exc)s",
                path=self.path, exc=exc,
            )) from exc
        except BaseException:
            conn.close()
            raise
        self._conn: sqlite3.Connection | None = conn

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(Msg("store %(path)s is closed", path=self.path))
        return self._conn

    def schema_version(self) -> int:
        """The number of the last migration applied (`PRAGMA user_version`)."""
        return schema_version(self.conn)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self.conn
        conn.execute(self._BEGIN)
        try:
            yield conn
            record_untold_changes(conn)
        except BaseException:
            # SQLite rolls back by itself on some errors (disk full); a second ROLLBACK
            # would then raise and hide the original exception.
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    # -- writing -------------------------------------------------------------------

    def save_extraction(
        self, extraction: Extraction, original: bytes, actor: str | None = None,
        pages: Sequence[PageImage] | None = None,
    ) -> SaveResult:  # fmt: skip
        doc = extraction.document
        now = _utc_now()
        try:
            with self.transaction() as db:
                return save_in(db, extraction, original, actor, pages, now)
        except DatabaseError as exc:
            raise StoreError(Msg(
                "saving document %(sha256)s failed: %(exc)s",
                sha256=doc.sha256[:12], exc=exc,
            )) from exc

    # -- reading -------------------------------------------------------------------

    def has_document(self, sha256: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM documents WHERE sha256 = ?", (sha256,))
        return row.fetchone() is not None

    def get_document(self, sha256: str) -> Document | None:
        row = self.conn.execute(
            f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE sha256 = ?", (sha256,)
        ).fetchone()
        return None if row is None else _document(row)

    def set_document_published(
        self, sha256: str, published: PartialDate | None, actor: str, at: str
    ) -> None:
        """An editor's publication date (None: none is known), audited; ingest and
        re-extraction leave it as set from then on (see `_put_document`)."""
        with self.transaction() as db:
            row = db.execute("SELECT published, published_source FROM documents"
                             " WHERE sha256 = ?", (sha256,)).fetchone()  # fmt: skip
            if row is None:
                raise StoreError(Msg("no document %(sha256)s", sha256=sha256[:12]))
            after = {"published": published.iso() if published else None,
                     "published_source": f"edited:{actor}"}  # fmt: skip
            db.execute("UPDATE documents SET published = :published,"
                       " published_source = :published_source WHERE sha256 = :sha256",
                       {**after, "sha256": sha256})  # fmt: skip
            append_audit(db, actor, "document.published", [f"document:{sha256}"],
                         {"published": row[0], "published_source": row[1]}, after, at)  # fmt: skip

    def get_original(self, sha256: str) -> bytes | None:
        row = self.conn.execute("SELECT original FROM documents WHERE sha256 = ?", (sha256,))
        found = row.fetchone()
        return None if found is None else bytes(found[0])

    def iter_documents(self) -> Iterator[Document]:
        cursor = self.conn.execute(
            f"SELECT {_DOCUMENT_COLUMNS} FROM documents ORDER BY ingested_at, sha256"
        )
        for row in cursor:
            yield _document(row)

    def get_documents(self, sha256s: list[str]) -> Iterator[Document]:
        cursor = self.conn.execute(
            f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE sha256 IN"
            " (SELECT value FROM json_each(?)) ORDER BY ingested_at, sha256",
            (json.dumps(sha256s),),
        )
        for row in cursor:
            yield _document(row)

    def iter_persons(self) -> Iterator[StoredPerson]:
        yield from rows.load_persons(self.conn, None)

    def get_person(self, person_id: int) -> StoredPerson | None:
        found = rows.load_persons(self.conn, [person_id])
        return found[0] if found else None

    def find_persons(self, name: str) -> list[StoredPerson]:
        key = name_key(name)
        if not key:
            return []
        names = self.conn.execute(
            "SELECT id, key FROM persons UNION ALL SELECT person_id, key FROM person_aliases"
        ).fetchall()
        exact = sorted({pid for pid, k in names if k == key})
        if exact:
            return rows.load_persons(self.conn, exact)
        similar = sorted({pid for pid, k in names if same_entity(key, k)})
        return rows.load_persons(self.conn, similar)

    def iter_organisations(self) -> Iterator[StoredOrganisation]:
        aliases = rows.grouped(self.conn, "SELECT organisation_id, alias FROM organisation_aliases")
        for row in self.conn.execute("SELECT * FROM organisations ORDER BY id"):
            yield StoredOrganisation(
                id=row["id"],
                key=row["key"],
                name=row["name"],
                kind=row["kind"],
                aliases=tuple(aliases.get(row["id"], ())),
                created_at=row["created_at"],
            )

    def iter_events(self) -> Iterator[StoredEvent]:
        for row in self.conn.execute(f"{rows.EVENT_SELECT} ORDER BY e.id"):
            yield rows.stored_event(row)

    def person_events(self, person_id: int, level: int = FULL_ACCESS) -> list[StoredEvent]:
        cursor = self.conn.execute(
            f"{rows.EVENT_SELECT} WHERE e.person_id = ? AND e.review_status != 'rejected'"
            " AND e.level <= ? ORDER BY e.id",
            (person_id, level),
        )
        return [rows.stored_event(row) for row in cursor]

    def list_cases(self) -> list[CaseRow]:
        by_person: dict[int, list[StoredEvent]] = {}
        cursor = self.conn.execute(
            f"{rows.EVENT_SELECT} WHERE e.person_id IS NOT NULL"
            " AND e.review_status != 'rejected' ORDER BY e.id"
        )
        for row in cursor:
            by_person.setdefault(row["person_id"], []).append(rows.stored_event(row))
        persons = rows.load_persons(self.conn, sorted(by_person))
        return [CaseRow(person=p, events=by_person[p.id]) for p in persons]

    def iter_statistics(self) -> Iterator[StoredStatistic]:
        for row in self.conn.execute("SELECT * FROM statistics ORDER BY id"):
            yield rows.stored_statistic(row)


_DOCUMENT_COLUMNS = (
    "sha256, text, title, publisher, url, published, published_source, language, source_name,"
    " media_type, ingested_at"
)
_METADATA = ("title", "publisher", "url", "language", "source_name", "media_type")


def save_in(
    db: sqlite3.Connection, extraction: Extraction, original: bytes, actor: str | None,
    pages: Sequence[PageImage] | None, now: str,
) -> SaveResult:  # fmt: skip
    """A document and its machine facts saved inside the caller's transaction: one
    document (`save_extraction`) or a batch of them (sqlite_batch.py). Checks the facts'
    evidence first (StoreError)."""
    doc = extraction.document
    _check(extraction, original)
    if db.execute("SELECT 1 FROM imported_files WHERE sha256 = ?", (doc.sha256,)).fetchone():
        # Its facts are the spreadsheet's rows (migration 0023), which an extraction of
        # the text built from them would replace.
        raise StoreError(Msg("document %(sha256)s is a spreadsheet imported with 'casefile"
                             " import': it is not extracted", sha256=doc.sha256[:12]))  # fmt: skip
    facts_before = machine_facts(db, doc.sha256)
    contents_before = fact_contents(db, doc.sha256)
    document_new = _put_document(db, doc, original, now)
    if pages is not None:
        replace_pages(db, doc.sha256, pages, doc.text)
    resolver = rows.Resolver(db, now)
    for person in extraction.persons:
        resolver.add_person(person)
    for org in extraction.organisations:
        resolver.add_organisation(org)
    orphan_candidates = _delete_unreviewed(db, doc.sha256)
    skipped = curated_skipped = 0
    # An analyst's "not a person" / "not a victim" stands for every document
    # (services/curation.py): no machine fact about them is stored again.
    verdicts = standing_verdicts(db)
    for person in extraction.persons:
        person_id = resolver.person_id(person.name)
        if verdicts.get(person_id) != "not_person":
            rows.insert_roles(db, person_id, person, doc.sha256, now)
    reviewed = rows.reviewed_fingerprints(db, "events", doc.sha256)
    events = 0
    for event in extraction.events:
        fingerprint = rows.event_fingerprint(event)
        if fingerprint in reviewed:
            skipped += 1
            continue
        if (verdicts and event.participant_kind == "person"
                and resolver.person_id(event.participant) in verdicts):
            curated_skipped += 1
            continue
        rows.insert_event(db, event, resolver, fingerprint, now)
        events += 1
    replace_possible(db, doc.sha256, _possible_events(extraction, resolver, verdicts), now)
    reviewed = rows.reviewed_fingerprints(db, "statistics", doc.sha256)
    statistics = 0
    for stat in extraction.statistics:
        fingerprint = rows.statistic_fingerprint(stat)
        if fingerprint in reviewed:
            skipped += 1
            continue
        rows.insert_statistic(db, stat, fingerprint, now)
        statistics += 1
    rows.delete_orphans(
        db,
        orphan_candidates[0] - resolver.person_ids_used,
        orphan_candidates[1] - resolver.organisation_ids_used,
    )
    _audit_save(db, actor, doc.sha256, document_new, len(original), facts_before,
                skipped, now, pages)
    added, changed, removed = changes_between(contents_before,
                                              fact_contents(db, doc.sha256))
    return SaveResult(
        document_sha256=doc.sha256,
        document_new=document_new,
        events=events,
        statistics=statistics,
        persons=len(resolver.person_ids_used),
        skipped_reviewed=skipped,
        skipped_curated=curated_skipped,
        person_ids=tuple(sorted(resolver.person_ids_used)),
        added=added,
        changed=changed,
        removed=removed,
    )


def _utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _iso_utc(moment: datetime | None, default: str) -> str:
    if moment is None:
        return default
    if moment.tzinfo is None:  # the model's datetimes are UTC by convention
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _document(row: sqlite3.Row) -> Document:
    return Document(
        sha256=row["sha256"],
        text=row["text"],
        title=row["title"],
        publisher=row["publisher"],
        url=row["url"],
        published=PartialDate.parse(row["published"]) if row["published"] else None,
        published_source=row["published_source"],
        language=row["language"],
        source_name=row["source_name"],
        media_type=row["media_type"],
        ingested_at=datetime.fromisoformat(row["ingested_at"]),
    )


def _audit_save(
    db: sqlite3.Connection, actor: str | None, sha256: str, new: bool, size: int,
    facts_before: dict[str, Any], skipped_reviewed: int, now: str,
    pages: Sequence[PageImage] | None = None,
) -> None:
    """The save's audit entry: the document as stored and the machine facts replaced."""
    row = db.execute(
        f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE sha256 = ?", (sha256,)
    ).fetchone()
    document = {k: row[k] for k in _DOCUMENT_COLUMNS.split(", ") if k != "text"}
    document.update(bytes=size, text_sha256=hashlib.sha256(row["text"].encode()).hexdigest())
    after = {"document": document, "machine_facts": machine_facts(db, sha256),
             "skipped_reviewed": skipped_reviewed}
    if pages:
        # What OCR read: each page's image by its hash, and how sure it was.
        after["ocr_pages"] = [{"page": p.page, "image_sha256": hashlib.sha256(p.png).hexdigest(),
                               "confidence": None if p.confidence is None
                               else round(p.confidence, 2), "engine": p.engine}
                              for p in pages]  # fmt: skip
    append_audit(db, actor or SYSTEM_ACTOR, "document.ingest" if new else "document.reingest",
                 [f"document:{sha256}"], {"machine_facts": facts_before}, after, now)


def _check(extraction: Extraction, original: bytes) -> None:
    """Refuse what would make the record unverifiable: a document whose id is not its
    bytes' hash, or a fact whose quote is not the text at its span."""
    doc = extraction.document
    if hashlib.sha256(original).hexdigest() != doc.sha256:
        raise StoreError(Msg(
            "document %(sha256)s is not the sha256 of the bytes given",
            sha256=doc.sha256[:12],
        ))
    facts: list[tuple[str, Evidence]] = [
        *((f"{e.type} of {e.participant}", e.evidence) for e in extraction.events),
        *((f"statistic {s.what!r}", s.evidence) for s in extraction.statistics),
    ]
    # A person's mentions may come from other documents once persons are merged; only
    # the ones in this document are stored (with their roles), so only those are checked.
    facts += [
        (f"person {p.name}", ev)
        for p in extraction.persons
        for ev in p.evidence
        if ev.document_id == doc.sha256
    ]
    for what, ev in facts:
        if ev.document_id != doc.sha256:
            raise StoreError(Msg(
                "%(what)s: evidence points at another document %(document_id)s",
                what=what, document_id=ev.document_id[:12],
            ))
        if doc.text[ev.start : ev.end] != ev.quote:
            raise StoreError(Msg(
                "%(what)s: quote is not the text at %(start)s:%(end)s",
                what=what, start=ev.start, end=ev.end,
            ))


def _put_document(db: sqlite3.Connection, doc: Document, original: bytes, now: str) -> bool:
    """Insert the document; if present, fill in metadata it lacked. True if it was new."""
    row = db.execute("SELECT text FROM documents WHERE sha256 = ?", (doc.sha256,)).fetchone()
    published = doc.published.iso() if doc.published else None
    if row is None:
        db.execute(
            "INSERT INTO documents (sha256, text, original, title, publisher, url, published,"
            " published_source, language, source_name, media_type, ingested_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc.sha256, doc.text, original, doc.title, doc.publisher, doc.url, published,
             doc.published_source if published else None, doc.language, doc.source_name,
             doc.media_type, _iso_utc(doc.ingested_at, now)),
        )  # fmt: skip
        return True
    if row["text"] != doc.text:
        # A newer text extractor may read the same bytes differently. Evidence offsets
        # index the stored text, so that is only safe while no analyst relied on them.
        if rows.count_reviewed(db, doc.sha256):
            raise StoreError(
                Msg(
                    "document %(sha256)s: the new text differs from the stored one and reviewed "
                    "facts quote the stored one; refusing to re-extract",
                    sha256=doc.sha256[:12],
                )
            )
        db.execute("UPDATE documents SET text = ? WHERE sha256 = ?", (doc.text, doc.sha256))
    fill: dict[str, Any] = {c: getattr(doc, c) for c in _METADATA}
    sets = ", ".join(f"{c} = COALESCE({c}, :{c})" for c in fill)
    db.execute(
        f"UPDATE documents SET {sets} WHERE sha256 = :sha256", {**fill, "sha256": doc.sha256}
    )
    if published:
        # A date and its source go together. One fills a gap; a date given at ingest also
        # replaces one the document merely stated; none replaces one a person gave or set
        # (a date without a source was given: it was stored before sources were kept), nor
        # an editor's "no date known".
        db.execute(
            "UPDATE documents SET published = :published, published_source = :source"
            " WHERE sha256 = :sha256 AND (published_source IS NULL OR :source = 'given')"
            " AND (published IS NULL OR published_source IS NOT NULL)"
            " AND coalesce(published_source, '') != 'given'"
            " AND coalesce(published_source, '') NOT LIKE 'edited:%'",
            {"published": published, "source": doc.published_source, "sha256": doc.sha256},
        )
    return False


def _possible_events(
    extraction: Extraction, resolver: rows.Resolver, verdicts: dict[int, str]
) -> list[Event]:
    """The extraction's possible facts, but those about a person an analyst's standing
    verdict says is no person or no victim (nothing about them is asked again)."""
    if not verdicts:
        return extraction.possible_events
    return [e for e in extraction.possible_events
            if e.participant_kind != "person" or resolver.known_person(e.participant)
            not in verdicts]  # fmt: skip


def _delete_unreviewed(db: sqlite3.Connection, sha256: str) -> tuple[set[int], set[int]]:
    """Drop the document's machine-made facts; return the persons and organisations
    they were about, which may be left with no facts at all."""
    persons = {
        r[0]
        for r in db.execute(
            f"SELECT person_id FROM events WHERE document_sha256 = ? AND NOT {rows.ANALYSTS_FACT}"
            " AND person_id IS NOT NULL UNION SELECT person_id FROM person_roles"
            " WHERE document_sha256 = ? AND review_status = 'unreviewed'",
            (sha256, sha256),
        )
    }
    orgs = {
        r[0]
        for r in db.execute(
            f"SELECT organisation_id FROM events WHERE document_sha256 = ? AND NOT"
            f" {rows.ANALYSTS_FACT} AND organisation_id IS NOT NULL",
            (sha256,),
        )
    }
    for table in ("events", "statistics"):
        db.execute(f"DELETE FROM {table} WHERE document_sha256 = ? AND NOT {rows.ANALYSTS_FACT}",
                   (sha256,))  # fmt: skip
    db.execute("DELETE FROM person_roles WHERE document_sha256 = ? AND review_status ="
               " 'unreviewed'", (sha256,))  # fmt: skip
    return persons, orgs
