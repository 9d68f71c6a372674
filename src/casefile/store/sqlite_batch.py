"""The SQLite store's batch saves (issue 13, `casefile batch`): many documents in one
`BEGIN IMMEDIATE` transaction, each inside its own SAVEPOINT so that one the store
refuses is rolled back alone and recorded in `batch_failures` (migration 0024) while
the others are kept. Either the whole batch commits or none of it does: a run killed
mid-batch leaves no half document, and the next run finds the batch's documents
missing and extracts them again.

A mixin of `SQLiteStore`."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime

from casefile.store.base import SaveResult, StoreError
from casefile.store.base_batch import BatchFailure, BatchSave, QueuedLinks
from casefile.store.dialect import DatabaseError, IntegrityError
from casefile.store.sqlite_audit import SYSTEM_ACTOR, append_audit

_COLUMNS = ("sha256", "source_name", "error", "failed_at", "attempts")

# What refuses one document of a batch (rolled back alone): its facts, or a constraint.
_REFUSED: tuple[type[Exception], ...] = (StoreError, *IntegrityError)


class BatchWrites:
    """Needs `conn` and `transaction()` from SQLiteStore."""

    @property
    def conn(self) -> sqlite3.Connection:
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def save_batch(
        self, saves: Sequence[BatchSave], failures: Sequence[BatchFailure], actor: str | None,
        queue_links: bool = False,
    ) -> list[SaveResult | BatchFailure]:  # fmt: skip
        from casefile.store.sqlite import save_in  # sqlite.py imports this module

        now = datetime.now(UTC).isoformat(timespec="seconds")
        who = actor or SYSTEM_ACTOR
        answers: list[SaveResult | BatchFailure] = []
        try:
            with self.transaction() as db:
                for save in saves:
                    doc = save.extraction.document
                    db.execute("SAVEPOINT batch_document")
                    try:
                        answer: SaveResult | BatchFailure = save_in(
                            db, save.extraction, save.original, actor, save.pages, now)
                    except _REFUSED as err:
                        # This document alone is refused; the batch goes on.
                        db.execute("ROLLBACK TO batch_document")
                        answer = BatchFailure(doc.sha256, doc.source_name or doc.sha256[:12],
                                              _one_line(err))  # fmt: skip
                    db.execute("RELEASE batch_document")
                    if isinstance(answer, BatchFailure):
                        _record_failure(db, answer, who, now)
                    else:
                        _clear_failure(db, doc.sha256, who, now)
                    answers.append(answer)
                for failure in failures:
                    _record_failure(db, failure, who, now)
                if queue_links:
                    _queue_links(db, answers, now)
        except DatabaseError as exc:
            raise StoreError(f"saving a batch of {len(saves)} documents failed: {exc}") from exc
        return answers

    def link_queue(self) -> list[QueuedLinks]:
        return [QueuedLinks(row["id"], tuple(json.loads(row["person_ids"])),
                            row["person_horizon"], row["event_horizon"])
                for row in self.conn.execute("SELECT * FROM link_queue ORDER BY id")]  # fmt: skip

    def drop_queued_links(self, queue_id: int) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM link_queue WHERE id = ?", (queue_id,))

    def batch_failures(self, limit: int | None = None) -> list[BatchFailure]:
        # No LIMIT -1 for "no limit": SQLite's own; PostgreSQL refuses it.
        rows = self.conn.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM batch_failures ORDER BY failed_at DESC, sha256"
            + ("" if limit is None else " LIMIT ?"), () if limit is None else (limit,))  # fmt: skip
        return [BatchFailure(**{c: row[c] for c in _COLUMNS}) for row in rows]


def _queue_links(db: sqlite3.Connection, answers: list[SaveResult | BatchFailure],
                 now: str) -> None:  # fmt: skip
    """The batch's persons and how far the store reached: a batch linked later is linked
    as it would have been now (no person or event stored after it taken into account).
    Bookkeeping of the run, not a record: its rows are not audited (the documents and the
    links made from them are)."""
    persons = sorted({p for a in answers if isinstance(a, SaveResult) for p in a.person_ids})
    if not persons:
        return
    horizons = db.execute("SELECT (SELECT coalesce(max(id), 0) FROM persons),"
                          " (SELECT coalesce(max(id), 0) FROM events)").fetchone()  # fmt: skip
    db.execute("INSERT INTO link_queue (person_ids, person_horizon, event_horizon, created_at)"
               " VALUES (?, ?, ?, ?)", (json.dumps(persons), horizons[0], horizons[1], now))


def _record_failure(db: sqlite3.Connection, failure: BatchFailure, actor: str, now: str) -> None:
    before = db.execute(f"SELECT {', '.join(_COLUMNS)} FROM batch_failures WHERE sha256 = ?",
                        (failure.sha256,)).fetchone()  # fmt: skip
    db.execute(
        "INSERT INTO batch_failures (sha256, source_name, error, failed_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (sha256) DO UPDATE SET source_name = excluded.source_name,"
        " error = excluded.error, failed_at = excluded.failed_at, attempts = attempts + 1",
        (failure.sha256, failure.source_name, failure.error, now))  # fmt: skip
    after = db.execute(f"SELECT {', '.join(_COLUMNS)} FROM batch_failures WHERE sha256 = ?",
                       (failure.sha256,)).fetchone()  # fmt: skip
    append_audit(db, actor, "batch.failure", [f"batch_failure:{failure.sha256}"],
                 dict(before) if before else None, dict(after), now)  # fmt: skip


def _clear_failure(db: sqlite3.Connection, sha256: str, actor: str, now: str) -> None:
    before = db.execute(f"SELECT {', '.join(_COLUMNS)} FROM batch_failures WHERE sha256 = ?",
                        (sha256,)).fetchone()  # fmt: skip
    if before is None:
        return
    db.execute("DELETE FROM batch_failures WHERE sha256 = ?", (sha256,))
    append_audit(db, actor, "batch.failure_cleared", [f"batch_failure:{sha256}"],
                 dict(before), None, now)  # fmt: skip


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split()) or type(err).__name__
