"""The SQLite store's side of correcting documents: their metadata, withdrawing and
restoring them (migration 0014), deleting them, and what a re-extraction changed.

Each change is one `BEGIN IMMEDIATE` transaction with its audit entry. A withdrawn
document and its facts have level `WITHDRAWN`, above every clearance, so every read
that filters on the level (all of them) leaves them out; the level the document had is
kept in `document_withdrawals` for the restore."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from contextlib import AbstractContextManager
from typing import Any

from casefile.i18n import Msg
from casefile.store import rows
from casefile.store.base import StoreError
from casefile.store.base_documents import (
    EDITABLE,
    WITHDRAWN,
    Deleted,
    ReviewedFactsExist,
    Withdrawal,
)
from casefile.store.sqlite_audit import append_audit

_FACT_TABLES = ("events", "statistics")
# What a machine fact says beyond its fingerprint (type, participant, span): a change of
# these between two extractions is a changed fact, not a new one.
_CONTENT = {
    "events": "date, date_precision, date_inferred, agent, place, term, term_kind, charges,"
    " articles, label",
    "statistics": "count, what, period",
}


class DocumentWrites:
    """Needs `conn` and `transaction()` from SQLiteStore."""

    @property
    def conn(self) -> sqlite3.Connection:
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def set_document_metadata(
        self, sha256: str, values: dict[str, str | None], actor: str, at: str
    ) -> dict[str, Any]:
        """Set some of `EDITABLE` (None: unknown); returns the changed fields' old values
        (nothing changed: {} and no audit entry)."""
        unknown = set(values) - set(EDITABLE)
        if unknown:
            raise StoreError(Msg(
                "not a document field one may set: %(sorted)s",
                sorted=sorted(unknown),
            ))
        with self.transaction() as db:
            row = db.execute(f"SELECT {', '.join(EDITABLE)} FROM documents WHERE sha256 = ?",
                             (sha256,)).fetchone()  # fmt: skip
            if row is None:
                raise StoreError(Msg("no document %(sha256)s", sha256=sha256[:12]))
            before = {k: row[k] for k, v in values.items() if row[k] != v}
            if not before:
                return {}
            after = {k: values[k] for k in before}
            sets = ", ".join(f"{k} = :{k}" for k in after)
            db.execute(f"UPDATE documents SET {sets} WHERE sha256 = :sha256",
                       {**after, "sha256": sha256})  # fmt: skip
            append_audit(db, actor, "document.metadata", [f"document:{sha256}"], before, after,
                         at)  # fmt: skip
        return before

    def withdraw_document(self, sha256: str, actor: str, reason: str, at: str) -> int:
        """Hide the document and its facts from everyone; returns the level it had."""
        with self.transaction() as db:
            row = db.execute("SELECT level FROM document_levels WHERE sha256 = ?",
                             (sha256,)).fetchone()  # fmt: skip
            if row is None:
                raise StoreError(Msg("no document %(sha256)s", sha256=sha256[:12]))
            previous = int(row[0])
            if previous == WITHDRAWN:
                raise StoreError(Msg(
                    "document %(sha256)s is already withdrawn",
                    sha256=sha256[:12],
                ))
            db.execute("INSERT INTO document_withdrawals (sha256, previous_level, withdrawn_by,"
                       " withdrawn_at, reason) VALUES (?, ?, ?, ?, ?)",
                       (sha256, previous, actor, at, reason))  # fmt: skip
            _set_level(db, sha256, WITHDRAWN)
            append_audit(db, actor, "document.withdraw", [f"document:{sha256}"],
                         {"access_level": previous}, {"access_level": WITHDRAWN,
                                                      "reason": reason}, at)  # fmt: skip
        return previous

    def restore_document(self, sha256: str, actor: str, at: str) -> int:
        """Undo a withdrawal: the document and its facts at the level they had."""
        with self.transaction() as db:
            found = _withdrawal(db, sha256)
            if found is None:
                raise StoreError(Msg("document %(sha256)s is not withdrawn", sha256=sha256[:12]))
            _set_level(db, sha256, found.previous_level)
            db.execute("DELETE FROM document_withdrawals WHERE sha256 = ?", (sha256,))
            append_audit(db, actor, "document.restore", [f"document:{sha256}"],
                         {"access_level": WITHDRAWN, "withdrawn_by": found.withdrawn_by,
                          "withdrawn_at": found.withdrawn_at},
                         {"access_level": found.previous_level}, at)  # fmt: skip
        return found.previous_level

    def withdrawal(self, sha256: str) -> Withdrawal | None:
        return _withdrawal(self.conn, sha256)

    def withdrawals(self, level: int) -> list[Withdrawal]:
        """Withdrawn documents that were at `level` or below, the latest first."""
        cursor = self.conn.execute(
            "SELECT w.*, d.title, d.source_name FROM document_withdrawals w"
            " JOIN documents d ON d.sha256 = w.sha256 WHERE w.previous_level <= ?"
            " ORDER BY w.withdrawn_at DESC, w.sha256", (level,))  # fmt: skip
        return [_as_withdrawal(r) for r in cursor]

    def delete_document(
        self, sha256: str, actor: str, at: str, *, with_reviewed: bool = False
    ) -> Deleted:
        """Delete the document, its original and every fact citing it, and the persons
        and organisations left with no fact anywhere (as a re-extraction does). Facts an
        analyst accepted, edited or added go only `with_reviewed`: else ReviewedFactsExist.
        The audit entry keeps what was deleted in counts and metadata, not its text."""
        with self.transaction() as db:
            row = db.execute("SELECT title, publisher, url, published, language, source_name,"
                             " media_type, ingested_at, length(original) AS bytes"
                             " FROM documents WHERE sha256 = ?", (sha256,)).fetchone()  # fmt: skip
            if row is None:
                raise StoreError(Msg("no document %(sha256)s", sha256=sha256[:12]))
            reviewed = _count(db, sha256, "review_status IN ('accepted', 'edited')")
            if reviewed and not with_reviewed:
                raise ReviewedFactsExist(sha256, reviewed)
            persons = {r[0] for r in db.execute(
                "SELECT person_id FROM events WHERE document_sha256 = ? AND person_id IS NOT"
                " NULL UNION SELECT person_id FROM person_roles WHERE document_sha256 = ?",
                (sha256, sha256))}  # fmt: skip
            orgs = {r[0] for r in db.execute(
                "SELECT organisation_id FROM events WHERE document_sha256 = ?"
                " AND organisation_id IS NOT NULL", (sha256,))}  # fmt: skip
            counts = {t: _count(db, sha256, "1", t) for t in _FACT_TABLES}
            for table in (*_FACT_TABLES, "person_roles", "review_log", "possible_events"):
                db.execute(f"DELETE FROM {table} WHERE document_sha256 = ?", (sha256,))  # noqa: S608
            db.execute("DELETE FROM documents WHERE sha256 = ?", (sha256,))
            before_persons = _existing_ids(db, "persons", persons)
            before_orgs = _existing_ids(db, "organisations", orgs)
            rows.delete_orphans(db, persons, orgs)
            gone_persons = len(before_persons - _existing_ids(db, "persons", persons))
            gone_orgs = len(before_orgs - _existing_ids(db, "organisations", orgs))
            deleted = Deleted(counts["events"], counts["statistics"], reviewed, gone_persons,
                              gone_orgs)  # fmt: skip
            append_audit(db, actor, "document.delete", [f"document:{sha256}"],
                         {"document": dict(row)}, {"deleted": deleted.__dict__}, at)  # fmt: skip
        return deleted


def _set_level(db: sqlite3.Connection, sha256: str, level: int) -> None:
    """The document's level and its facts' effective ones (never below their own)."""
    db.execute("UPDATE document_levels SET level = ? WHERE sha256 = ?", (level, sha256))
    for table in _FACT_TABLES:
        db.execute(f"UPDATE {table} SET level = max(?, coalesce(access_level, 0))"  # noqa: S608
                   " WHERE document_sha256 = ?", (level, sha256))  # fmt: skip


def _withdrawal(db: sqlite3.Connection, sha256: str) -> Withdrawal | None:
    row = db.execute("SELECT w.*, d.title, d.source_name FROM document_withdrawals w"
                     " JOIN documents d ON d.sha256 = w.sha256 WHERE w.sha256 = ?",
                     (sha256,)).fetchone()  # fmt: skip
    return None if row is None else _as_withdrawal(row)


def _as_withdrawal(row: sqlite3.Row) -> Withdrawal:
    return Withdrawal(row["sha256"], row["previous_level"], row["withdrawn_by"],
                      row["withdrawn_at"], row["reason"], row["title"],
                      row["source_name"])  # fmt: skip


def _count(db: sqlite3.Connection, sha256: str, where: str,
           table: str | None = None) -> int:  # fmt: skip
    return sum(
        db.execute(f"SELECT count(*) FROM {t} WHERE document_sha256 = ? AND {where}",  # noqa: S608
                   (sha256,)).fetchone()[0]
        for t in ((table,) if table else _FACT_TABLES)
    )  # fmt: skip


def _existing_ids(db: sqlite3.Connection, table: str, ids: set[int]) -> set[int]:
    if not ids:
        return set()
    found = db.execute(f"SELECT id FROM {table} WHERE id IN (SELECT value FROM"  # noqa: S608
                       " json_each(?))", (json.dumps(sorted(ids)),))  # fmt: skip
    return {r[0] for r in found}


def fact_contents(db: sqlite3.Connection, sha256: str) -> dict[tuple[str, str], list[str]]:
    """The document's machine facts no analyst touched: (table, fingerprint) -> what each
    such fact says, so that two extractions can be compared (`changes_between`)."""
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for table in _FACT_TABLES:
        cursor = db.execute(f"SELECT fingerprint, {_CONTENT[table]} FROM {table}"  # noqa: S608
                            f" WHERE document_sha256 = ? AND NOT {rows.ANALYSTS_FACT}",
                            (sha256,))  # fmt: skip
        for row in cursor:
            out[(table, row[0])].append(json.dumps(list(row)[1:]))
    return {k: sorted(v) for k, v in out.items()}


def changes_between(
    before: dict[tuple[str, str], list[str]], after: dict[tuple[str, str], list[str]]
) -> tuple[int, int, int]:
    """(added, changed, removed) machine facts from one extraction to the next."""
    added = sum(len(v) for k, v in after.items() if k not in before)
    removed = sum(len(v) for k, v in before.items() if k not in after)
    changed = 0
    for key in before.keys() & after.keys():
        old, new = before[key], after[key]
        same = sum((Counter(old) & Counter(new)).values())
        changed += max(0, min(len(old), len(new)) - same)
        added += max(0, len(new) - len(old))
        removed += max(0, len(old) - len(new))
    return added, changed, removed
