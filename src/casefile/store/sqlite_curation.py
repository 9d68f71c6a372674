"""The SQLite store's curation side (migration 0016): an analyst's verdict on a case
("not a person", "not a victim") and an event moved to another person, each with the
facts it changed, its `review_log` entries and one audit entry, in one transaction.

A mixin of `SQLiteStore`. The rules (who may, which names) are in services/curation.py;
what a standing verdict means for re-extraction is in `SQLiteStore.save_extraction`.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import AbstractContextManager
from typing import Any

from casefile.i18n import Msg
from casefile.store.base import FactNotFound, StoreError, VersionConflict
from casefile.store.base_curation import ACTION_WORDS, VERDICTS, CuratedFact, Curation
from casefile.store.base_security import FULL_ACCESS
from casefile.store.dialect import for_update
from casefile.store.sqlite_audit import append_audit

_REVIEW_COLUMNS = ("review_status", "reviewed_by", "reviewed_at")
_MOVE_COLUMNS = (*_REVIEW_COLUMNS, "person_id", "participant_name")


class CurationWrites:
    """Needs `conn` and `transaction()` from SQLiteStore."""

    @property
    def conn(self) -> sqlite3.Connection:
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def mark_person(
        self, person_id: int, verdict: str, actor: str, at: str, level: int = FULL_ACCESS
    ) -> Curation:
        """The verdict, and every standing event of the person a reader of `level` may
        see rejected (one above it is no decision of theirs to make)."""
        if verdict not in VERDICTS:
            raise StoreError(Msg("unknown verdict %(verdict)s", verdict=repr(verdict)))
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM persons WHERE id = ?", (person_id,)).fetchone() is None:
                raise StoreError(Msg("no person with id %(person_id)s", person_id=person_id))
            standing = standing_verdicts(db, person_id)
            if standing:
                said = ACTION_WORDS[standing[person_id]]
                raise StoreError(Msg(
                    "person %(person_id)s is already marked %(said)s",
                    person_id=person_id, said=said,
                ))
            events = db.execute(
                "SELECT id, document_sha256, version, review_status, reviewed_by, reviewed_at"
                " FROM events WHERE person_id = ? AND review_status != 'rejected'"
                f" AND level <= ? ORDER BY id{for_update(db)}",
                (person_id, level),
            ).fetchall()
            facts = []
            for row in events:
                db.execute(
                    "UPDATE events SET review_status = 'rejected', reviewed_by = ?,"
                    " reviewed_at = ?, version = ? WHERE id = ?",
                    (actor, at, row["version"] + 1, row["id"]),
                )
                _review_log(db, row["id"], row["document_sha256"], "reject", actor, at,
                            {"curation": [None, verdict]})  # fmt: skip
                facts.append(CuratedFact(row["id"], {c: row[c] for c in _REVIEW_COLUMNS},
                                         row["version"] + 1))  # fmt: skip
            curation_id = _insert(db, verdict, person_id, None, facts, actor, at)
            append_audit(db, actor, f"case.{verdict}",
                         [f"curation:{curation_id}", f"person:{person_id}",
                          *(f"event:{f.id}" for f in facts)],
                         {"events": {str(f.id): f.before for f in facts}},
                         {"verdict": verdict, "rejected": [f.id for f in facts]}, at)  # fmt: skip
        return self._curation(curation_id)

    def move_event(
        self, event_id: int, target_id: int, participant: str, actor: str, at: str,
        expected_version: int | None = None,
    ) -> Curation:
        with self.transaction() as db:
            row = db.execute(
                "SELECT id, document_sha256, version, person_id, participant_name,"
                " review_status, reviewed_by, reviewed_at FROM events WHERE id = ?",
                (event_id,),
            ).fetchone()
            if row is None:
                raise FactNotFound("event", event_id)
            if row["person_id"] is None:
                raise StoreError(Msg(
                    "event %(event_id)s is about an organisation, not a person",
                    event_id=event_id,
                ))
            if expected_version is not None and row["version"] != expected_version:
                raise VersionConflict("event", event_id, expected_version, row["version"])
            target = db.execute("SELECT COALESCE(merged_into, id) FROM persons WHERE id = ?",
                                (target_id,)).fetchone()  # fmt: skip
            if target is None:
                raise StoreError(Msg("no person with id %(target_id)s", target_id=target_id))
            if target[0] == row["person_id"]:
                raise StoreError(Msg(
                    "event %(event_id)s is already about person %(target)s",
                    event_id=event_id, target=target[0],
                ))
            db.execute(
                "UPDATE events SET person_id = ?, participant_name = ?,"
                " review_status = 'edited', reviewed_by = ?, reviewed_at = ?, version = ?"
                " WHERE id = ?",
                (target[0], participant, actor, at, row["version"] + 1, event_id),
            )
            changes = {"participant": [row["participant_name"], participant]}
            _review_log(db, event_id, row["document_sha256"], "edit", actor, at, changes)
            fact = CuratedFact(event_id, {c: row[c] for c in _MOVE_COLUMNS}, row["version"] + 1)
            curation_id = _insert(db, "move", row["person_id"], target[0], [fact], actor, at)
            append_audit(db, actor, "event.move",
                         [f"curation:{curation_id}", f"event:{event_id}",
                          f"person:{row['person_id']}", f"person:{target[0]}",
                          f"document:{row['document_sha256']}"],
                         fact.before, {**changes, "person_id": target[0],
                                       "review_status": "edited"}, at)  # fmt: skip
        return self._curation(curation_id)

    def undo_curation(
        self, curation_id: int, actor: str, at: str, level: int = FULL_ACCESS
    ) -> Curation:
        """Facts since raised above `level` stay as they are, like those decided on."""
        with self.transaction() as db:
            found = _curations(db, "WHERE id = ?", (curation_id,))
            if not found:
                raise StoreError(Msg(
                    "no curation with id %(curation_id)s",
                    curation_id=curation_id,
                ))
            curation = found[0]
            if not curation.standing:
                raise StoreError(Msg(
                    "curation %(curation_id)s was undone already",
                    curation_id=curation_id,
                ))
            restored, left = [], []
            for fact in curation.facts:
                row = db.execute("SELECT version, level FROM events WHERE id = ?",
                                 (fact.id,)).fetchone()  # fmt: skip
                if row is None or row["version"] != fact.version or row["level"] > level:
                    left.append(fact.id)  # decided on since: that decision stands
                    continue
                sets = {**fact.before, "version": fact.version + 1}
                assignments = ", ".join(f"{column} = :{column}" for column in sets)
                db.execute(f"UPDATE events SET {assignments} WHERE id = :id",
                           {**sets, "id": fact.id})  # fmt: skip
                restored.append(fact.id)
            db.execute("UPDATE curations SET undone_by = ?, undone_at = ? WHERE id = ?",
                       (actor, at, curation_id))  # fmt: skip
            people = {curation.person_id, curation.target_id or curation.person_id}
            append_audit(db, actor, "curation.undo",
                         [f"curation:{curation_id}", *(f"person:{p}" for p in sorted(people)),
                          *(f"event:{i}" for i in restored)],
                         {"action": curation.action},
                         {"restored": restored, "left_as_decided_since": left}, at)  # fmt: skip
        return self._curation(curation_id)

    def get_curation(self, curation_id: int) -> Curation | None:
        found = _curations(self.conn, "WHERE id = ?", (curation_id,))
        return found[0] if found else None

    def curations(self, limit: int = 100, person_id: int | None = None) -> list[Curation]:
        if person_id is None:
            return _curations(self.conn, "ORDER BY id DESC LIMIT ?", (limit,))
        return _curations(self.conn, "WHERE person_id = :p OR target_id = :p"
                          " ORDER BY id DESC LIMIT :limit", {"p": person_id, "limit": limit})

    def standing_verdicts(self) -> dict[int, str]:
        return standing_verdicts(self.conn)

    def _curation(self, curation_id: int) -> Curation:
        found = self.get_curation(curation_id)
        assert found is not None  # just written in this connection
        return found


def standing_verdicts(db: sqlite3.Connection, person_id: int | None = None) -> dict[int, str]:
    """person id -> "not_person" / "not_victim", for verdicts not undone."""
    sql = "SELECT person_id, action FROM curations WHERE undone_at IS NULL AND action != 'move'"
    if person_id is None:
        return {r[0]: r[1] for r in db.execute(sql)}
    return {r[0]: r[1] for r in db.execute(sql + " AND person_id = ?", (person_id,))}


def _insert(
    db: sqlite3.Connection, action: str, person_id: int, target_id: int | None,
    facts: list[CuratedFact], actor: str, at: str,
) -> int:  # fmt: skip
    payload = [{"id": f.id, "before": f.before, "version": f.version} for f in facts]
    new_id: int = db.execute(
        "INSERT INTO curations (action, person_id, target_id, facts, decided_by, decided_at)"
        " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        (action, person_id, target_id, json.dumps(payload, ensure_ascii=False), actor, at),
    ).fetchone()[0]
    return new_id


def _curations(db: sqlite3.Connection, where: str, params: Any) -> list[Curation]:
    return [
        Curation(
            id=r["id"], action=r["action"], person_id=r["person_id"], target_id=r["target_id"],
            facts=tuple(CuratedFact(f["id"], f["before"], f["version"])
                        for f in json.loads(r["facts"])),
            decided_by=r["decided_by"], decided_at=r["decided_at"],
            undone_by=r["undone_by"], undone_at=r["undone_at"],
        )
        for r in db.execute(f"SELECT * FROM curations {where}", params)
    ]  # fmt: skip


def _review_log(
    db: sqlite3.Connection, event_id: int, sha256: str, action: str, actor: str, at: str,
    changes: dict[str, list[Any]],
) -> None:  # fmt: skip
    """The fact's review history shows the curation (the audit entry is the curation's)."""
    db.execute(
        "INSERT INTO review_log (fact_kind, fact_id, document_sha256, action, reviewer, at,"
        " changes) VALUES ('event', ?, ?, ?, ?, ?, ?)",
        (event_id, sha256, action, actor, at, json.dumps(changes, ensure_ascii=False)),
    )
