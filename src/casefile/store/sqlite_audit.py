"""The SQLite store's audit side: appending a chained entry inside the caller's
transaction, and reading the log back.

Every write of the store calls `append_audit` in the transaction of its change, so a
change and its entry commit or roll back together. The transaction is `BEGIN IMMEDIATE`
(SQLiteStore.transaction), so no other writer can append between reading the chain's
head and writing the next entry.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from casefile.security.chain import GENESIS, ChainEntry, canonical_json, entry_hash, state_hash
from casefile.store.base_security import AuditEntry
from casefile.store.dialect import is_postgres
from casefile.store.migrate import Migration, migrate, schema_version
from casefile.store.rows import ANALYSTS_FACT
from casefile.store.sqlite_digests import (
    current_digests,
    has_recorded_digests,
    has_records,
    install_tracking,
    is_tracking,
    newest_digests,
    recorded_digests,
    take_changed,
    write_digests,
)

AUDIT_LOCK = 0x6361736566696C66  # PostgreSQL's advisory lock key for the chain's appends
SYSTEM_ACTOR = "casefile"  # changes no person asked for (a command run without --by)


def audit_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def append_audit(
    db: sqlite3.Connection,
    actor: str,
    action: str,
    subjects: Sequence[str],
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    at: str | None = None,
) -> int:
    """Append one entry to the chain; the caller's open write transaction commits it.
    It records the digests of the records the transaction changed since its last entry."""
    if not db.in_transaction:
        raise RuntimeError("audit entries are written inside the change's transaction")
    return _write_entry(db, actor, action, subjects, before, after, at, take_changed(db))


def record_untold_changes(db: sqlite3.Connection) -> None:
    """Called just before a transaction commits: records changed after the transaction's
    last audit entry (or in a transaction without one) get an entry of their own, so that
    whatever casefile writes is recorded as casefile's."""
    changed = take_changed(db)
    if changed:
        _write_entry(db, SYSTEM_ACTOR, "records.changed", [r for r, _ in changed], {},
                     {"records": len(changed)}, None, changed)  # fmt: skip


def _write_entry(
    db: sqlite3.Connection,
    actor: str,
    action: str,
    subjects: Sequence[str],
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    at: str | None,
    digests: Sequence[tuple[str, str | None]],
) -> int:
    if is_postgres(db):
        # PostgreSQL lets writers run side by side; each entry links to the one before,
        # so appends queue here until the transaction ends (and then read its head).
        db.execute("SELECT pg_advisory_xact_lock(?)", (AUDIT_LOCK,))
    head = db.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    entry_id, prev_hash = (head[0] + 1, head[1]) if head is not None else (1, GENESIS)
    values = (
        at or audit_now(),
        actor or SYSTEM_ACTOR,
        action,
        canonical_json(list(dict.fromkeys(subjects))),
        canonical_json(dict(before or {})),
        canonical_json(dict(after or {})),
    )
    state = state_hash(digests) if digests else None
    digest = entry_hash(entry_id, *values, prev_hash, state)
    db.execute(
        "INSERT INTO audit_log (id, at, actor, action, subjects, before, after, prev_hash,"
        " hash, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (entry_id, *values, prev_hash, digest, state),
    )
    write_digests(db, entry_id, digests)
    return entry_id


def open_tracked(conn: sqlite3.Connection, migrations: Sequence[Migration]) -> None:
    """Migrate, start noting touched records, and record the state where nothing
    recorded it yet: a "baseline" entry for a database from before record digests, or
    a "schema.migrate" entry for records a migration changed.

    A migration's changes are recorded only for records that matched their recorded
    digest before it ran, so an upgrade does not make earlier outside edits look
    legitimate."""
    latest = migrations[-1][0] if migrations else 0
    before: dict[str, str] | None = None
    if schema_version(conn) < latest and _has_table(conn, "record_digests"):
        before = current_digests(conn)
    previous = migrate(conn, migrations)
    install_tracking(conn)
    if before is None and (has_recorded_digests(conn) or not has_records(conn)):
        return  # the common case takes no write lock, as migrate's does
    conn.execute("BEGIN IMMEDIATE")
    try:
        if before is None:
            if not has_recorded_digests(conn):  # not done meanwhile by another process
                now = current_digests(conn)
                if now:
                    _write_entry(conn, SYSTEM_ACTOR, "baseline", [], {},
                                 {"records": len(now)}, None, sorted(now.items()))  # fmt: skip
        else:
            now = current_digests(conn)
            every = sorted(set(now) | set(before))
            recorded = newest_digests(conn, every)
            changed = [(r, now.get(r)) for r in every
                       if now.get(r) != before.get(r) and before.get(r) == recorded.get(r)]
            if changed:
                _write_entry(conn, SYSTEM_ACTOR, "schema.migrate", [], {"schema": previous},
                             {"schema": latest, "records": len(changed)}, None, changed)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    if is_postgres(conn):
        return bool(conn.execute("SELECT to_regclass(?) IS NOT NULL", (name,)).fetchone()[0])
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,))
    return row.fetchone() is not None


def audit_rows(conn: sqlite3.Connection) -> Iterator[AuditEntry]:
    """Every entry in id order, from any connection (the restore check reads a snapshot
    that is not opened as a store)."""
    for row in conn.execute(f"SELECT {_COLUMNS} FROM audit_log ORDER BY id"):
        yield ChainEntry(*row)


_COLUMNS = "id, at, actor, action, subjects, before, after, prev_hash, hash, state"


class AuditReads:
    """Needs `conn` from SQLiteStore."""

    @property
    def conn(self) -> sqlite3.Connection:
        raise NotImplementedError

    def audit_entries(self, subject: str | None = None, limit: int = 100) -> list[AuditEntry]:
        where, params = "", ()  # type: tuple[str, tuple[str, ...]]
        if subject is not None:
            # A document is often named by a prefix of its sha256.
            where = (" WHERE EXISTS (SELECT 1 FROM json_each(audit_log.subjects) s"
                     " WHERE s.value = ? OR (s.value LIKE 'document:%' AND ? LIKE 'document:%'"
                     " AND length(?) >= 15 AND substr(s.value, 1, length(?)) = ?))")
            params = (subject,) * 5
        cursor = self.conn.execute(
            f"SELECT * FROM (SELECT {_COLUMNS} FROM audit_log{where} ORDER BY id DESC"
            " LIMIT ?) ORDER BY id",
            (*params, limit),
        )
        return [ChainEntry(*row) for row in cursor]

    def iter_audit(self) -> Iterator[AuditEntry]:
        yield from audit_rows(self.conn)

    def iter_originals(self) -> Iterator[tuple[str, bytes]]:
        # A cursor steps row by row, so only one original is in memory at a time.
        for sha256, original in self.conn.execute(
            "SELECT sha256, original FROM documents ORDER BY rowid"
        ):
            yield sha256, bytes(original)

    def storage_problems(self) -> list[str]:
        return storage_problems(self.conn)

    def discard_change_notes(self) -> None:
        """Forget the records this connection noted as touched (store/copy.py: rows
        copied with the digests the audit log recorded for them are no change to
        record; noted, they would be given a "records.changed" entry at commit)."""
        if is_tracking(self.conn):
            # Unqualified: SQLite finds its temp table first, PostgreSQL its pg_temp one.
            self.conn.execute("DELETE FROM changed_records")

    def iter_record_digests(self) -> Iterator[tuple[int, str, str | None]]:
        yield from recorded_digests(self.conn)

    def current_record_digests(self) -> dict[str, str]:
        return current_digests(self.conn)


def storage_problems(conn: sqlite3.Connection) -> list[str]:
    """SQLite's integrity check (pages, indexes, constraints) and foreign keys."""
    problems = [
        f"integrity check: {row[0]}"
        for row in conn.execute("PRAGMA integrity_check")
        if row[0] != "ok"
    ]
    for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
        problems.append(f"foreign key: {table} row {rowid} points at a missing {parent}")
    return problems


def machine_facts(db: sqlite3.Connection, sha256: str) -> dict[str, Any]:
    """A document's machine-made facts no analyst touched, by fingerprint, which says what each
    is (type, participant, span) compactly: the before and after of a re-extraction."""
    facts: dict[str, Any] = {}
    for table in ("events", "statistics"):
        facts[table] = sorted(
            json.loads(r[0]) for r in db.execute(
                f"SELECT fingerprint FROM {table} WHERE document_sha256 = ?"
                f" AND NOT {ANALYSTS_FACT}", (sha256,))
        )
    return facts
