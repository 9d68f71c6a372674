"""Imports (`casefile import`): a batch of records read from a file, stored in one
`BEGIN IMMEDIATE` transaction with one audit entry, through the same row helpers as a
document's save (`rows.Resolver`, `rows.insert_event`, ...), so an import is stored
exactly as ingested facts are; migration 0023 marks the spreadsheets among them.

A fact the store already holds (same document, same fingerprint) is not stored twice,
so importing an export again adds nothing. Review decisions in the file are kept as
decisions (recorded as made by the importer, at import time).
"""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import AbstractContextManager
from datetime import UTC, datetime

from casefile.i18n import Msg
from casefile.model import Document, Evidence, Person
from casefile.store import rows
from casefile.store.base import StoreError
from casefile.store.base_imports import ImportBatch, ImportRecord, ImportResult
from casefile.store.dialect import DatabaseError
from casefile.store.sqlite_audit import append_audit

REVIEW_STATUSES = ("unreviewed", "accepted", "rejected", "edited")


class _Chosen(rows.Resolver):
    """`rows.insert_event` asks the resolver for the participant's id; an import knows
    it already (the file says whose fact it is), so the answer is set before each."""

    chosen = 0

    def person_id(self, name: str) -> int:
        self.person_ids_used.add(self.chosen)
        return self.chosen

    def organisation_id(self, name: str) -> int:
        self.organisation_ids_used.add(self.chosen)
        return self.chosen


class ImportWrites:
    """Needs `conn` and `transaction()` from SQLiteStore."""

    @property
    def conn(self) -> sqlite3.Connection:
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def imported_file(self, sha256: str) -> ImportRecord | None:
        row = self.conn.execute(
            "SELECT format, mapping, rows, imported_by, imported_at FROM imported_files"
            " WHERE sha256 = ?", (sha256,)).fetchone()  # fmt: skip
        return None if row is None else ImportRecord(*row)

    def import_batch(self, batch: ImportBatch, actor: str) -> ImportResult:
        from casefile.store.sqlite import _put_document  # the one way a document is stored

        texts = {d.document.sha256: d.document for d in batch.documents}
        _check(batch, texts)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        try:
            with self.transaction() as db:
                new = 0
                for item in batch.documents:
                    if item.spreadsheet is not None and not item.spreadsheet.from_export:
                        _refuse_reimport(db, item.document.sha256)
                    new += _put_document(db, item.document, item.original, now)
                    if item.spreadsheet is not None:
                        sheet = item.spreadsheet
                        db.execute("INSERT OR IGNORE INTO imported_files (sha256, format,"
                                   " mapping, rows, imported_by, imported_at)"
                                   " VALUES (?, ?, ?, ?, ?, ?)",
                                   (item.document.sha256, sheet.format, sheet.mapping,
                                    sheet.rows, actor, now))  # fmt: skip
                resolver = _Chosen(db, now)
                persons = {ref: resolver.add_person(Person(p.name, list(p.aliases),
                                                           country=p.country))
                           for ref, p in batch.persons.items()}  # fmt: skip
                orgs = {ref: resolver.add_organisation(o) for ref, o in batch.organisations.items()}
                events = statistics = roles = already = 0
                pairs: set[tuple[str, str]] = set()  # (person ref, document): its country
                for fact in batch.events:
                    event = fact.event
                    fingerprint = rows.event_fingerprint(event)
                    if _held(db, "events", event.evidence.document_id, fingerprint):
                        already += 1
                        continue
                    owners = orgs if event.participant_kind == "organisation" else persons
                    resolver.chosen = owners[fact.ref]
                    rows.insert_event(db, event, resolver, fingerprint, now)
                    _decided(db, "events", fact.review_status, actor, now)
                    if event.participant_kind == "person":
                        pairs.add((fact.ref, event.evidence.document_id))
                    events += 1
                for stat in batch.statistics:
                    fingerprint = rows.statistic_fingerprint(stat.statistic)
                    if _held(db, "statistics", stat.statistic.evidence.document_id, fingerprint):
                        already += 1
                        continue
                    rows.insert_statistic(db, stat.statistic, fingerprint, now)
                    _decided(db, "statistics", stat.review_status, actor, now)
                    statistics += 1
                for role in batch.roles:
                    person = batch.persons[role.person_ref]
                    evidence = [role.evidence] if role.evidence else []
                    stored = rows.insert_roles(db, persons[role.person_ref], Person(
                        person.name, roles=[role.role], evidence=evidence), role.document_sha256,
                        now)  # fmt: skip
                    if stored and role.review_status != "unreviewed":
                        db.execute("UPDATE person_roles SET review_status = ? WHERE id ="
                                   " last_insert_rowid()", (role.review_status,))  # fmt: skip
                    roles += stored
                    already += 1 - stored
                    pairs.add((role.person_ref, role.document_sha256))
                for ref, sha256 in sorted(pairs):  # the country each document gives them
                    country = batch.persons[ref].country
                    if country:
                        rows.insert_roles(db, persons[ref], Person("", country=country),
                                          sha256, now)  # fmt: skip
                result = ImportResult(new, len(set(persons.values())), len(set(orgs.values())),
                                      events, statistics, roles, already,
                                      tuple(sorted(set(persons.values()))))  # fmt: skip
                append_audit(db, actor, "import", [f"document:{s}" for s in texts], None, {
                    "file": batch.source, "format": batch.format, "documents": sorted(texts),
                    "documents_new": new, "persons": result.persons,
                    "organisations": result.organisations, "events": events,
                    "statistics": statistics, "roles": roles, "already_stored": already,
                }, now)  # fmt: skip
        except DatabaseError as exc:
            raise StoreError(f"importing {batch.source} failed: {exc}") from exc
        return result


def _check(batch: ImportBatch, texts: dict[str, Document]) -> None:
    """Refuse, before anything is written, what would make the record unverifiable:
    a fact whose quote is not its document's text at its span, or a reference to a
    person, organisation, document or review status the batch does not hold."""
    for item in batch.documents:
        doc = item.document
        if hashlib.sha256(item.original).hexdigest() != doc.sha256:
            raise StoreError(f"document {doc.sha256[:12]} is not the sha256 of the bytes given")
    facts: list[tuple[str, Evidence, str]] = [
        *((f"{e.event.type} of {e.event.participant}", e.event.evidence, e.review_status)
          for e in batch.events),
        *((f"statistic {s.statistic.what!r}", s.statistic.evidence, s.review_status)
          for s in batch.statistics),
        *((f"role {r.role}", r.evidence, r.review_status) for r in batch.roles if r.evidence),
    ]  # fmt: skip
    for what, ev, status in facts:
        cited = texts.get(ev.document_id)
        if cited is None:
            raise StoreError(f"{what}: its document {ev.document_id[:12]} is not in the file")
        if cited.text[ev.start : ev.end] != ev.quote:
            raise StoreError(f"{what}: quote is not the text at {ev.start}:{ev.end}")
        if status not in REVIEW_STATUSES:
            raise StoreError(f"{what}: unknown review status {status!r}")
    for fact in batch.events:
        event = fact.event
        known = (fact.ref in batch.organisations if event.participant_kind == "organisation"
                 else fact.ref in batch.persons)  # fmt: skip
        if not known:
            raise StoreError(f"{event.type} of {event.participant}: no such"
                             f" {event.participant_kind} {fact.ref!r} in the file")  # fmt: skip
    for role in batch.roles:
        if role.person_ref not in batch.persons:
            raise StoreError(f"role {role.role}: no such person {role.person_ref!r} in the file")
        if role.document_sha256 not in texts:
            raise StoreError(f"role {role.role}: its document {role.document_sha256[:12]}"
                             " is not in the file")  # fmt: skip


def _refuse_reimport(db: sqlite3.Connection, sha256: str) -> None:
    row = db.execute("SELECT imported_by, imported_at FROM imported_files WHERE sha256 = ?",
                     (sha256,)).fetchone()  # fmt: skip
    if row is not None:
        raise StoreError(Msg("this file was imported already (by %(user)s, %(at)s):"
                             " document %(sha256)s", user=row[0], at=row[1],
                             sha256=sha256[:12]))  # fmt: skip


def _held(db: sqlite3.Connection, table: str, sha256: str, fingerprint: str) -> bool:
    return db.execute(f"SELECT 1 FROM {table} WHERE document_sha256 = ? AND fingerprint = ?"  # noqa: S608
                      " LIMIT 1", (sha256, fingerprint)).fetchone() is not None  # fmt: skip


def _decided(db: sqlite3.Connection, table: str, status: str, actor: str, now: str) -> None:
    """The file's review decision on the fact just inserted, as the importer's."""
    if status != "unreviewed":
        db.execute(f"UPDATE {table} SET review_status = ?, reviewed_by = ?, reviewed_at = ?"  # noqa: S608
                   " WHERE id = last_insert_rowid()", (status, actor, now))  # fmt: skip
