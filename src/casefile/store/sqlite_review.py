"""The SQLite store's review side: single facts, the review queue, review decisions with
their audit entries, and facts an analyst adds.

A mixin of `SQLiteStore`. A decision and its `review_log` entry are written in one
transaction, and a decision made on an outdated version of the fact is refused.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager
from typing import Any

from casefile.i18n import Msg
from casefile.model import Event, PartialDate
from casefile.store import rows
from casefile.store.base import (
    FactNotFound,
    ReviewDecision,
    ReviewEntry,
    ReviewQuery,
    ReviewUndo,
    StoredEvent,
    StoredStatistic,
    StoreError,
    VersionConflict,
)
from casefile.store.base_security import FULL_ACCESS
from casefile.store.dialect import for_update
from casefile.store.sqlite_audit import append_audit

_TABLES = {"event": "events", "statistic": "statistics"}
_STATUS_AFTER = {"accept": "accepted", "reject": "rejected", "edit": "edited"}
ANALYST_EXTRACTOR = "analyst"


class ReviewWrites:
    """Needs `conn` and `transaction()` from SQLiteStore."""

    @property
    def conn(self) -> sqlite3.Connection:
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def get_event(self, event_id: int) -> StoredEvent | None:
        row = self.conn.execute(f"{rows.EVENT_SELECT} WHERE e.id = ?", (event_id,)).fetchone()
        return None if row is None else rows.stored_event(row)

    def get_statistic(self, statistic_id: int) -> StoredStatistic | None:
        row = self.conn.execute("SELECT * FROM statistics WHERE id = ?", (statistic_id,))
        found = row.fetchone()
        return None if found is None else rows.stored_statistic(found)

    def review_queue(
        self, limit: int, offset: int, level: int = FULL_ACCESS,
        query: ReviewQuery | None = None,
    ) -> tuple[int, list[StoredEvent | StoredStatistic]]:
        query = query or ReviewQuery()
        params: dict[str, Any] = {"level": level, "limit": limit, "offset": offset}
        event_where, stat_where = _queue_conditions(query, params)
        parts = [f"SELECT 'event' AS kind, id, created_at, confidence FROM events"
                 f" WHERE {event_where}"]  # fmt: skip
        counts = [f"(SELECT count(*) FROM events WHERE {event_where})"]
        if not query.events_only:
            parts.append("SELECT 'statistic', id, created_at, confidence FROM statistics"
                         f" WHERE {stat_where}")  # fmt: skip
            counts.append(f"(SELECT count(*) FROM statistics WHERE {stat_where})")
        order = "created_at, kind, id"
        if query.sort == "confidence":
            order = "confidence, " + order
        if query == ReviewQuery(sort=query.sort):
            # Unfiltered: the counts triggers keep (migrations 0005, 0007), not a count of
            # every unreviewed fact's level (25 ms at 100,000 facts).
            counts = ["(SELECT coalesce(sum(n), 0) FROM fact_review_counts"
                      " WHERE review_status = 'unreviewed' AND level <= :level)"]  # fmt: skip
        total: int = self.conn.execute(f"SELECT {' + '.join(counts)}", params).fetchone()[0]
        page = self.conn.execute(
            f"{' UNION ALL '.join(parts)} ORDER BY {order} LIMIT :limit OFFSET :offset",
            params,
        ).fetchall()
        events = self._events_by_id([r["id"] for r in page if r["kind"] == "event"])
        stats = self._statistics_by_id([r["id"] for r in page if r["kind"] == "statistic"])
        facts: list[StoredEvent | StoredStatistic] = []
        for r in page:
            fact = events.get(r["id"]) if r["kind"] == "event" else stats.get(r["id"])
            if fact is not None:
                facts.append(fact)
        return total, facts

    def review_extractor_versions(self, level: int = FULL_ACCESS) -> list[str]:
        cursor = self.conn.execute(
            "SELECT extractor_version FROM events WHERE review_status = 'unreviewed'"
            " AND level <= :level UNION SELECT extractor_version FROM statistics"
            " WHERE review_status = 'unreviewed' AND level <= :level ORDER BY 1",
            {"level": level},
        )
        return [row[0] for row in cursor]

    def undo_last_review(
        self, reviewer: str, at: str, level: int = FULL_ACCESS
    ) -> ReviewUndo | None:
        with self.transaction() as db:
            last = db.execute(
                "SELECT action, subjects, before, after FROM audit_log WHERE actor = ?"
                " AND action IN ('fact.accept', 'fact.reject', 'fact.edit', 'fact.add',"
                " 'fact.undo', 'possible.accept', 'possible.reject') ORDER BY id DESC LIMIT 1",
                (reviewer,),
            ).fetchone()
            if last is None or last["action"] not in ("fact.accept", "fact.reject"):
                return None
            kind, _, raw_id = json.loads(last["subjects"])[0].partition(":")
            fact_id, table = int(raw_id), _TABLES[kind]
            before, after = json.loads(last["before"]), json.loads(last["after"])
            row = db.execute(
                f"SELECT version, document_sha256, level FROM {table} WHERE id = ?"
                f"{for_update(db)}", (fact_id,)
            ).fetchone()
            if row is None or row["level"] > level:
                return None  # a fact now above the reviewer's clearance: as if none
            if row["version"] != after["version"]:
                # someone changed the fact since: undoing would overwrite their decision
                raise VersionConflict(kind, fact_id, after["version"], row["version"])
            status = before["review_status"]
            decided = status != "unreviewed"
            db.execute(
                f"UPDATE {table} SET review_status = ?, reviewed_by = ?, reviewed_at = ?,"
                " version = ? WHERE id = ?",
                (status, reviewer if decided else None, at if decided else None,
                 row["version"] + 1, fact_id),
            )  # fmt: skip
            undone = last["action"].removeprefix("fact.")
            append_audit(db, reviewer, "fact.undo",
                         [f"{kind}:{fact_id}", f"document:{row['document_sha256']}"],
                         {"review_status": after["review_status"], "version": row["version"]},
                         {"review_status": status, "version": row["version"] + 1,
                          "undone": undone}, at)  # fmt: skip
        return ReviewUndo(kind, fact_id, undone, status)

    def apply_review(self, decision: ReviewDecision) -> None:
        table = _TABLES[decision.kind]
        if decision.action not in _STATUS_AFTER:
            raise StoreError(Msg("unknown review action %(action)s", action=repr(decision.action)))
        with self.transaction() as db:
            owner = "organisation_id" if decision.kind == "event" else "NULL"
            row = db.execute(
                f"SELECT version, review_status, document_sha256, {owner} AS organisation_id"
                f" FROM {table}"
                f" WHERE id = ?{for_update(db)}",
                (decision.fact_id,),
            ).fetchone()
            if row is None:
                raise FactNotFound(decision.kind, decision.fact_id)
            expected = decision.expected_version
            if expected is not None and row["version"] != expected:
                raise VersionConflict(decision.kind, decision.fact_id, expected, row["version"])
            sets: dict[str, Any] = {
                "review_status": _STATUS_AFTER[decision.action],
                "reviewed_by": decision.reviewer,
                "reviewed_at": decision.at,
                "version": row["version"] + 1,
            }
            if decision.action == "edit":
                if decision.kind == "event":
                    is_org = row["organisation_id"] is not None
                    sets.update(_event_columns(db, decision.values, is_org, decision.at))
                else:
                    sets.update({k: decision.values[k] for k in ("count", "what")
                                 if k in decision.values})  # fmt: skip
            assignments = ", ".join(f"{column} = :{column}" for column in sets)
            db.execute(
                f"UPDATE {table} SET {assignments} WHERE id = :fact_id",
                {**sets, "fact_id": decision.fact_id},
            )
            before = {"review_status": row["review_status"], "version": row["version"]}
            after = {"review_status": sets["review_status"], "version": sets["version"]}
            for name, (old, new) in decision.changes.items():
                before[name], after[name] = old, new
            _log(db, decision.kind, decision.fact_id, row["document_sha256"], decision.action,
                 decision.reviewer, decision.at, decision.changes, before, after)  # fmt: skip

    def add_event(self, event: Event, reviewer: str, at: str) -> int:
        ev = event.evidence
        with self.transaction() as db:
            text = db.execute(
                "SELECT substr(text, ?, ?) FROM documents WHERE sha256 = ?",
                (ev.start + 1, ev.end - ev.start, ev.document_id),
            ).fetchone()
            if text is None:
                raise StoreError(Msg(
                    "no document %(document_id)s",
                    document_id=ev.document_id[:12],
                ))
            if (text[0] or "") != ev.quote:
                raise StoreError(Msg(
                    "the quote is not the text at %(start)s:%(end)s",
                    start=ev.start, end=ev.end,
                ))
            resolver = rows.Resolver(db, at)
            rows.insert_event(db, event, resolver, rows.event_fingerprint(event), at)
            event_id: int = db.execute("SELECT last_insert_rowid()").fetchone()[0]
            db.execute(
                "UPDATE events SET review_status = 'accepted', reviewed_by = ?, reviewed_at = ?"
                " WHERE id = ?",
                (reviewer, at, event_id),
            )
            added = {"review_status": "accepted", "type": event.type,
                     "participant": event.participant, "date": event.date.iso() if event.date
                     else None, "term": event.term, "charges": list(event.charges),
                     "agent": event.agent, "evidence": [ev.start, ev.end, ev.quote]}
            _log(db, "event", event_id, ev.document_id, "add", reviewer, at, {}, {}, added)
        return event_id

    def review_history(self, kind: str, fact_id: int) -> list[ReviewEntry]:
        cursor = self.conn.execute(
            "SELECT * FROM review_log WHERE fact_kind = ? AND fact_id = ? ORDER BY id",
            (kind, fact_id),
        )
        return [
            ReviewEntry(
                fact_kind=r["fact_kind"],
                fact_id=r["fact_id"],
                action=r["action"],
                reviewer=r["reviewer"],
                at=r["at"],
                changes=json.loads(r["changes"]),
            )
            for r in cursor
        ]

    def _events_by_id(self, ids: list[int]) -> dict[int, StoredEvent]:
        cursor = self.conn.execute(
            f"{rows.EVENT_SELECT} WHERE e.id IN (SELECT value FROM json_each(?))",
            (json.dumps(ids),),
        )
        return {row["id"]: rows.stored_event(row) for row in cursor}

    def _statistics_by_id(self, ids: list[int]) -> dict[int, StoredStatistic]:
        cursor = self.conn.execute(
            "SELECT * FROM statistics WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(ids),),
        )
        return {row["id"]: rows.stored_statistic(row) for row in cursor}


def _queue_conditions(query: ReviewQuery, params: dict[str, Any]) -> tuple[str, str]:
    """The WHERE clauses of the queue's events and statistics; fills `params`."""
    shared = ["review_status = 'unreviewed'", "level <= :level"]
    if query.document is not None:
        shared.append("document_sha256 = :document")
        params["document"] = query.document
    if query.min_confidence is not None:
        shared.append("confidence >= :min_confidence")
        params["min_confidence"] = query.min_confidence
    if query.max_confidence is not None:
        shared.append("confidence <= :max_confidence")
        params["max_confidence"] = query.max_confidence
    if query.extractor_version is not None:
        shared.append("extractor_version = :extractor_version")
        params["extractor_version"] = query.extractor_version
    events = list(shared)
    if query.type is not None:
        events.append("type = :type")
        params["type"] = query.type
    if query.person_id is not None:
        events.append("person_id = :person_id")
        params["person_id"] = query.person_id
    if query.date_inferred is not None:
        events.append("date IS NOT NULL AND date_inferred = :date_inferred")
        params["date_inferred"] = int(query.date_inferred)
    return " AND ".join(events), " AND ".join(shared)


def _event_columns(
    db: sqlite3.Connection, values: Mapping[str, Any], is_org: bool, now: str
) -> Iterator[tuple[str, Any]]:
    """The column values of an event edit given in model terms."""
    for name, value in values.items():
        if name == "participant":
            resolver = rows.Resolver(db, now)
            owner = "organisation_id" if is_org else "person_id"
            new_id = resolver.organisation_id(value) if is_org else resolver.person_id(value)
            yield "participant_name", value.strip()
            yield owner, new_id
        elif name == "date":
            date: PartialDate | None = value
            yield "date", date.iso() if date else None
            yield "date_precision", date.precision.value if date else None
            yield "date_inferred", 0  # an analyst's date is a stated one
        elif name == "charges":
            yield "charges", json.dumps(list(value), ensure_ascii=False)
        elif name in ("type", "term", "term_kind", "agent"):
            yield name, value
        else:
            raise StoreError(Msg("an event has no editable field %(name)s", name=repr(name)))


def _log(
    db: sqlite3.Connection,
    kind: str,
    fact_id: int,
    sha256: str,
    action: str,
    reviewer: str,
    at: str,
    changes: Mapping[str, list[Any]],
    before: Mapping[str, Any],
    after: Mapping[str, Any],
) -> None:
    """The one place a review decision is recorded: `review_log` keeps the review
    history the pages show, the chained audit log the tamper-evident record of it."""
    db.execute(
        "INSERT INTO review_log (fact_kind, fact_id, document_sha256, action, reviewer, at,"
        " changes) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (kind, fact_id, sha256, action, reviewer, at,
         json.dumps(dict(changes), ensure_ascii=False, default=str)),
    )  # fmt: skip
    # last, so that the entry records the digests of everything the decision wrote
    append_audit(db, reviewer, f"fact.{action}", [f"{kind}:{fact_id}", f"document:{sha256}"],
                 before, after, at)
