"""Possible facts in SQLite (and PostgreSQL, through the same SQL): the events the event
model scored just below its threshold, stored apart from the facts (migration 0026).

A decision moves a possible fact into `events`, with the model's provenance, as accepted
or rejected, and deletes its row: from then on it is a fact like any other, which
re-extraction keeps (its fingerprint is a reviewed one) and `casefile train --store`
reads as a label. The review log records it as an "add" or a "reject"; the audit log as
`possible.accept` / `possible.reject`, which the review queue's undo does not take back
(there is no possible fact to go back to once re-extraction may have replaced them).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import Any

from casefile.model import Event, ParticipantKind
from casefile.store import rows
from casefile.store.base import PossibleNotFound
from casefile.store.base_possible import StoredPossible
from casefile.store.base_security import FULL_ACCESS
from casefile.store.dialect import for_update
from casefile.store.sqlite_audit import append_audit

_SELECT = ("SELECT p.*, coalesce(l.level, 2) AS level FROM possible_events p"
           " LEFT JOIN document_levels l ON l.sha256 = p.document_sha256")  # fmt: skip


class PossibleWrites:
    """Needs `conn` and `transaction()` from SQLiteStore."""

    @property
    def conn(self) -> sqlite3.Connection:
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def possible_events(
        self, level: int = FULL_ACCESS, sha256: str | None = None, limit: int = 50,
        offset: int = 0,
    ) -> tuple[int, list[StoredPossible]]:  # fmt: skip
        where, params = _visible(level, sha256)
        cursor = self.conn.execute(
            f"{_SELECT} WHERE {where} ORDER BY p.confidence DESC, p.id"
            " LIMIT :limit OFFSET :offset", {**params, "limit": limit, "offset": offset},
        )  # fmt: skip
        return self.count_possible(level, sha256), [_stored_possible(row) for row in cursor]

    def count_possible(
        self, level: int = FULL_ACCESS, sha256: str | None = None, at_most: int | None = None
    ) -> int:
        where, params = _visible(level, sha256)
        query = (f"SELECT 1 FROM possible_events p LEFT JOIN document_levels l"
                 f" ON l.sha256 = p.document_sha256 WHERE {where}")  # fmt: skip
        if at_most is not None:
            query = f"SELECT 1 FROM ({query} LIMIT :at_most) AS counted"
            params["at_most"] = at_most
        found: int = self.conn.execute(f"SELECT count(*) FROM ({query}) AS visible",
                                       params).fetchone()[0]  # fmt: skip
        return found

    def decide_possible(
        self, possible_id: int, accept: bool, reviewer: str, at: str, level: int = FULL_ACCESS
    ) -> int:
        status = "accepted" if accept else "rejected"
        with self.transaction() as db:
            # the row alone, locked (PostgreSQL locks no outer join's nullable side)
            row = db.execute(f"SELECT * FROM possible_events WHERE id = ?{for_update(db)}",
                             (possible_id,)).fetchone()  # fmt: skip
            found = None if row is None else db.execute(
                "SELECT level FROM document_levels WHERE sha256 = ?", (row["document_sha256"],)
            ).fetchone()  # fmt: skip
            if row is None or found is None or found[0] > level:
                raise PossibleNotFound(possible_id)
            possible = _stored_possible(row, found[0])
            event = possible.event
            rows.insert_event(db, event, rows.Resolver(db, at), row["fingerprint"], at)
            event_id: int = db.execute(
                "SELECT id FROM events WHERE document_sha256 = ? AND fingerprint = ?"
                " ORDER BY id DESC LIMIT 1", (row["document_sha256"], row["fingerprint"]),
            ).fetchone()[0]  # fmt: skip
            db.execute("UPDATE events SET review_status = ?, reviewed_by = ?, reviewed_at = ?"
                       " WHERE id = ?", (status, reviewer, at, event_id))  # fmt: skip
            db.execute("DELETE FROM possible_events WHERE id = ?", (possible_id,))
            ev = event.evidence
            after = {"review_status": status, "type": event.type,
                     "participant": event.participant, "confidence":
                     event.provenance.confidence, "evidence": [ev.start, ev.end, ev.quote]}
            db.execute(
                "INSERT INTO review_log (fact_kind, fact_id, document_sha256, action, reviewer,"
                " at, changes) VALUES ('event', ?, ?, ?, ?, ?, '{}')",
                (event_id, ev.document_id, "add" if accept else "reject", reviewer, at),
            )  # fmt: skip
            append_audit(db, reviewer, f"possible.{'accept' if accept else 'reject'}",
                         [f"event:{event_id}", f"document:{ev.document_id}"],
                         {"possible": possible_id}, after, at)  # fmt: skip
        return event_id


def replace_possible(
    db: sqlite3.Connection, sha256: str, events: Iterable[Event], now: str
) -> None:
    """The document's possible facts replaced by `events`, but for those already among
    its events (any review status: a rejected one was asked and answered)."""
    db.execute("DELETE FROM possible_events WHERE document_sha256 = ?", (sha256,))
    known = {r[0] for r in db.execute(
        "SELECT fingerprint FROM events WHERE document_sha256 = ?", (sha256,))}  # fmt: skip
    for event in events:
        fingerprint = rows.event_fingerprint(event)
        if fingerprint not in known:
            known.add(fingerprint)
            _insert(db, event, fingerprint, now)


def _visible(level: int, sha256: str | None) -> tuple[str, dict[str, Any]]:
    """The filter of the possible facts up to `level` (of one document, or of all)."""
    where = "coalesce(l.level, 2) <= :level"
    if sha256 is not None:
        where += " AND p.document_sha256 = :sha256"
    return where, {"level": level, "sha256": sha256}


def _insert(db: sqlite3.Connection, event: Event, fingerprint: str, now: str) -> None:
    ev, prov = event.evidence, event.provenance
    db.execute(
        "INSERT INTO possible_events (document_sha256, type, participant_kind,"
        " participant_name, date, date_precision, date_inferred, agent, place, term,"
        " term_kind, charges, articles, label, evidence_start, evidence_end, evidence_quote,"
        " extractor, extractor_version, confidence, fingerprint, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            ev.document_id, event.type, event.participant_kind, event.participant,
            event.date.iso() if event.date else None,
            event.date.precision.value if event.date else None,
            int(event.date_inferred and event.date is not None),
            event.agent, event.place, event.term, event.term_kind,
            json.dumps(event.charges, ensure_ascii=False),
            json.dumps(event.articles, ensure_ascii=False),
            event.label, ev.start, ev.end, ev.quote,
            prov.extractor, prov.version, prov.confidence, fingerprint, now,
        ),
    )  # fmt: skip


def _stored_possible(row: sqlite3.Row, level: int | None = None) -> StoredPossible:
    kind: ParticipantKind = (
        "organisation" if row["participant_kind"] == "organisation" else "person")
    return StoredPossible(row["id"], rows.row_event(row, kind),
                          row["created_at"], row["level"] if level is None else level)
