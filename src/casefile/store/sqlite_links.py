"""The SQLite store's linking side: merging two person rows into one case, undoing it,
and the link proposals an analyst decides.

A mixin of `SQLiteStore`. A merge moves the merged person's events, roles and aliases to
the kept person and records exactly what moved, so a split restores it; each runs in one
transaction. After a split the pair is remembered as rejected, so the automatic linker
never merges it again.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import AbstractContextManager
from datetime import UTC, datetime

from casefile.i18n import Msg
from casefile.names import name_key
from casefile.store.base import StoreError
from casefile.store.base_links import LinkProposal, LinkTarget, MergeRecord
from casefile.store.sqlite_audit import append_audit

LINKER = "casefile-linker"  # the actor of proposals, which only the linker makes

# A role row moved to another person unless that person holds the same role from the same
# document already (SQLite's UPDATE OR IGNORE, written so that PostgreSQL takes it too);
# its parameter is the person moved to.
_NO_SAME_ROLE = ("NOT EXISTS (SELECT 1 FROM person_roles o WHERE o.person_id = ?"
                 " AND o.role = person_roles.role"
                 " AND o.document_sha256 = person_roles.document_sha256)")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


class LinkWrites:
    """Needs `conn` and `transaction()` from SQLiteStore."""

    @property
    def conn(self) -> sqlite3.Connection:
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    # -- reading ------------------------------------------------------------------------

    def link_targets(self, person_ids: list[int] | None = None) -> list[LinkTarget]:
        """Persons that stand as cases (not merged away), with every name they go by;
        all of them, or those with the given ids."""
        where = "p.merged_into IS NULL" + (
            " AND p.id IN (SELECT value FROM json_each(?))" if person_ids is not None else ""
        )
        params = (json.dumps(person_ids),) if person_ids is not None else ()
        names: dict[int, list[str]] = {}
        countries: dict[int, str | None] = {}
        for row in self.conn.execute(
            f"SELECT p.id, p.name, p.country FROM persons p WHERE {where} ORDER BY p.id", params
        ):
            names[row["id"]] = [row["name"]]
            countries[row["id"]] = row["country"]
        for row in self.conn.execute(
            "SELECT a.person_id, a.alias FROM person_aliases a JOIN persons p ON p.id ="
            f" a.person_id WHERE {where} ORDER BY a.alias", params
        ):
            names[row["person_id"]].append(row["alias"])
        return [LinkTarget(pid, tuple(dict.fromkeys(n)), countries[pid]) for pid, n in
                names.items()]

    def canonical_person(self, person_id: int) -> int | None:
        """The case a person id stands in: itself, the person it was merged into, or None
        when there is no such person."""
        row = self.conn.execute(
            "SELECT COALESCE(merged_into, id) FROM persons WHERE id = ?", (person_id,)
        ).fetchone()
        return int(row[0]) if row is not None else None

    def proposed_pairs(self) -> set[tuple[int, int]]:
        return {(r[0], r[1]) for r in self.conn.execute(
            "SELECT person_a, person_b FROM link_proposals")}  # fmt: skip

    def rejected_pairs(self) -> set[tuple[int, int]]:
        return {
            (r[0], r[1]) for r in self.conn.execute(
                "SELECT person_a, person_b FROM link_proposals WHERE status = 'rejected'"
            )
        }

    def link_proposals(self, status: str = "pending", limit: int = 100) -> list[LinkProposal]:
        cursor = self.conn.execute(
            "SELECT lp.*, a.name AS name_a, b.name AS name_b FROM link_proposals lp"
            " JOIN persons a ON a.id = lp.person_a JOIN persons b ON b.id = lp.person_b"
            " WHERE lp.status = ? ORDER BY lp.score DESC, lp.id LIMIT ?",
            (status, limit),
        )
        return [_proposal(r) for r in cursor]

    def get_link_proposal(self, proposal_id: int) -> LinkProposal | None:
        row = self.conn.execute(
            "SELECT lp.*, a.name AS name_a, b.name AS name_b FROM link_proposals lp"
            " JOIN persons a ON a.id = lp.person_a JOIN persons b ON b.id = lp.person_b"
            " WHERE lp.id = ?",
            (proposal_id,),
        ).fetchone()
        return _proposal(row) if row is not None else None

    def person_merges(self, person_id: int | None = None) -> list[MergeRecord]:
        where, params = ("", ()) if person_id is None else (
            " WHERE m.kept_id = ? OR m.merged_id = ?", (person_id, person_id)
        )
        cursor = self.conn.execute(
            "SELECT m.*, k.name AS kept_name, g.name AS merged_name FROM person_merges m"
            " JOIN persons k ON k.id = m.kept_id JOIN persons g ON g.id = m.merged_id"
            + where + " ORDER BY m.id",
            params,
        )
        return [_merge(r) for r in cursor]

    # -- writing ------------------------------------------------------------------------

    def fuller_case(self, a: int, b: int, events_upto: int | None = None) -> tuple[int, int]:
        return _kept_first(self.conn, a, b, events_upto)

    def propose_link(self, person_a: int, person_b: int, score: float) -> int | None:
        """A pending proposal for the pair, unless the pair was already proposed or
        decided; its id, or None."""
        a, b = _pair(person_a, person_b)
        with self.transaction() as db:
            row = db.execute(
                "INSERT INTO link_proposals (person_a, person_b, score, created_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (person_a, person_b) DO NOTHING RETURNING id",
                (a, b, round(score, 4), _now()),
            ).fetchone()
            if row is not None:
                append_audit(db, LINKER, "link.propose",
                             [f"link_proposal:{row[0]}", f"person:{a}", f"person:{b}"], {},
                             {"status": "pending", "score": round(score, 4)})  # fmt: skip
        return int(row[0]) if row is not None else None

    def merge_persons(
        self, kept_id: int, merged_id: int, decided_by: str, score: float | None = None
    ) -> MergeRecord:
        """Make `merged_id` part of `kept_id`'s case. Raises StoreError when either is
        unknown or already merged away, or they are the same person."""
        with self.transaction() as db:
            merge_id = _merge_in(db, kept_id, merged_id, decided_by, score)
        return next(m for m in self.person_merges(kept_id) if m.id == merge_id)

    def split_merge(self, merge_id: int, decided_by: str) -> MergeRecord:
        """Undo a merge: the merged person stands as a case of their own again, and the
        pair is recorded as rejected so that no automatic link joins them again."""
        with self.transaction() as db:
            row = db.execute("SELECT * FROM person_merges WHERE id = ?", (merge_id,)).fetchone()
            if row is None:
                raise StoreError(Msg("no merge with id %(merge_id)s", merge_id=merge_id))
            if row["undone_at"] is not None:
                raise StoreError(Msg(
                    "merge %(merge_id)s was already undone on %(row)s",
                    merge_id=merge_id, row=row['undone_at'],
                ))
            _split(db, row, decided_by)
        return next(m for m in self.person_merges() if m.id == merge_id)

    def decide_link_proposal(
        self, proposal_id: int, accept: bool, decided_by: str
    ) -> MergeRecord | None:
        """Accepting merges the pair (the person with more events is kept); rejecting
        records that they are different people. The merge, when there is one."""
        with self.transaction() as db:
            row = db.execute(
                "SELECT * FROM link_proposals WHERE id = ?", (proposal_id,)
            ).fetchone()
            if row is None:
                raise StoreError(Msg(
                    "no link proposal with id %(proposal_id)s",
                    proposal_id=proposal_id,
                ))
            if row["status"] != "pending":
                raise StoreError(Msg(
                    "link proposal %(proposal_id)s was already %(row)s",
                    proposal_id=proposal_id, row=row['status'],
                ))
            db.execute(
                "UPDATE link_proposals SET status = ?, decided_by = ?, decided_at = ?"
                " WHERE id = ?",
                ("accepted" if accept else "rejected", decided_by, _now(), proposal_id),
            )
            append_audit(db, decided_by, "link.accept" if accept else "link.reject",
                         [f"link_proposal:{proposal_id}", f"person:{row['person_a']}",
                          f"person:{row['person_b']}"], {"status": "pending"},
                         {"status": "accepted" if accept else "rejected"})  # fmt: skip
            if not accept:
                return None
            kept, merged = _kept_first(db, _canonical(db, row["person_a"]),
                                       _canonical(db, row["person_b"]))
            if kept == merged:
                return None  # already one case through other merges
            merge_id = _merge_in(db, kept, merged, decided_by, row["score"])
        return next(m for m in self.person_merges(kept) if m.id == merge_id)


def _canonical(db: sqlite3.Connection, person_id: int) -> int:
    row = db.execute("SELECT merged_into FROM persons WHERE id = ?", (person_id,)).fetchone()
    if row is None:
        raise StoreError(Msg("no person with id %(person_id)s", person_id=person_id))
    return int(row[0]) if row[0] is not None else person_id


def _kept_first(db: sqlite3.Connection, a: int, b: int,
                events_upto: int | None = None) -> tuple[int, int]:  # fmt: skip
    # events_upto: the events stored when a queued batch was (its linking done later).
    upto = (1 << 62) if events_upto is None else events_upto
    counts = dict(db.execute(
        "SELECT person_id, count(*) FROM events WHERE person_id IN (?, ?) AND id <= ?"
        " GROUP BY person_id", (a, b, upto),
    ).fetchall())
    return (a, b) if (counts.get(a, 0), -a) >= (counts.get(b, 0), -b) else (b, a)


def _merge_in(
    db: sqlite3.Connection, kept: int, merged: int, decided_by: str, score: float | None
) -> int:
    if kept == merged:
        raise StoreError(Msg("a person cannot be merged with themselves"))
    persons = {r["id"]: r for r in db.execute(
        "SELECT id, name, key, country, merged_into FROM persons WHERE id IN (?, ?)",
        (kept, merged),
    )}
    for pid in (kept, merged):
        if pid not in persons:
            raise StoreError(Msg("no person with id %(pid)s", pid=pid))
        if persons[pid]["merged_into"] is not None:
            raise StoreError(
                Msg(
                    "person %(pid)s is already part of person %(persons)s's case",
                    pid=pid, persons=persons[pid]['merged_into'],
                )
            )
    events = [r[0] for r in db.execute("SELECT id FROM events WHERE person_id = ?", (merged,))]
    db.execute("UPDATE events SET person_id = ? WHERE person_id = ?", (kept, merged))
    roles = []
    for (role_id,) in db.execute(
        "SELECT id FROM person_roles WHERE person_id = ?", (merged,)
    ).fetchall():
        # the kept person may already hold the role from that document: that row stays
        if db.execute(f"UPDATE person_roles SET person_id = ? WHERE id = ? AND {_NO_SAME_ROLE}",
                      (kept, role_id, kept)).rowcount:
            roles.append(role_id)
    names = [(persons[merged]["name"], persons[merged]["key"])] + [
        (r["alias"], r["key"]) for r in db.execute(
            "SELECT alias, key FROM person_aliases WHERE person_id = ?", (merged,))
    ]
    aliases = []
    for alias, key in names:
        if key != persons[kept]["key"] and db.execute(
            "INSERT OR IGNORE INTO person_aliases (person_id, alias, key) VALUES (?, ?, ?)",
            (kept, alias, key),
        ).rowcount:
            aliases.append(key)
    followers = [r[0] for r in db.execute(
        "SELECT id FROM persons WHERE merged_into = ?", (merged,))]
    db.execute("UPDATE persons SET merged_into = ? WHERE merged_into = ?", (kept, merged))
    db.execute("UPDATE persons SET merged_into = ? WHERE id = ?", (kept, merged))
    db.execute("UPDATE persons SET country = COALESCE(country, ?) WHERE id = ?",
               (persons[merged]["country"], kept))
    a, b = _pair(kept, merged)
    db.execute(
        "UPDATE link_proposals SET status = 'accepted', decided_by = ?, decided_at = ?"
        " WHERE person_a = ? AND person_b = ? AND status = 'pending'",
        (decided_by, _now(), a, b),
    )
    moved = {"events": events, "roles": roles, "aliases": aliases, "followers": followers}
    row = db.execute(
        "INSERT INTO person_merges (kept_id, merged_id, score, decided_by, decided_at, moved)"
        " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        (kept, merged, score, decided_by, _now(), json.dumps(moved)),
    ).fetchone()
    append_audit(db, decided_by, "person.merge",
                 [f"merge:{row[0]}", f"person:{kept}", f"person:{merged}"],
                 {"merged_into": None}, {"merged_into": kept, "score": score, "moved": moved})
    return int(row[0])


def _split(db: sqlite3.Connection, row: sqlite3.Row, decided_by: str) -> None:
    kept, merged = row["kept_id"], row["merged_id"]
    moved = json.loads(row["moved"])
    current = db.execute("SELECT merged_into FROM persons WHERE id = ?", (merged,)).fetchone()
    if current is None or current[0] != kept:
        raise StoreError(Msg(
            "merge %(row)s cannot be undone: a later merge changed the case",
            row=row['id'],
        ))
    # events saved after the merge under one of the merged person's names go back too
    keys = {r[0] for r in db.execute(
        "SELECT key FROM persons WHERE id = ? UNION SELECT key FROM person_aliases"
        " WHERE person_id = ?", (merged, merged))}
    later = [r[0] for r in db.execute(
        "SELECT id, participant_name FROM events WHERE person_id = ?", (kept,)
    ).fetchall() if name_key(r[1]) in keys]
    ids = sorted(set(moved["events"]) | set(later))
    db.execute(
        "UPDATE events SET person_id = ? WHERE person_id = ? AND id IN"
        " (SELECT value FROM json_each(?))", (merged, kept, json.dumps(ids)))
    db.execute(
        "UPDATE person_roles SET person_id = ? WHERE person_id = ? AND id IN"
        f" (SELECT value FROM json_each(?)) AND {_NO_SAME_ROLE}",
        (merged, kept, json.dumps(moved["roles"]), merged))
    db.execute(
        "DELETE FROM person_aliases WHERE person_id = ? AND key IN"
        " (SELECT value FROM json_each(?))", (kept, json.dumps(moved["aliases"])))
    db.execute("UPDATE persons SET merged_into = NULL WHERE id = ?", (merged,))
    db.execute(
        "UPDATE persons SET merged_into = ? WHERE id IN (SELECT value FROM json_each(?))",
        (merged, json.dumps(moved["followers"])))
    db.execute("UPDATE person_merges SET undone_by = ?, undone_at = ? WHERE id = ?",
               (decided_by, _now(), row["id"]))
    a, b = _pair(kept, merged)
    db.execute(
        "INSERT INTO link_proposals (person_a, person_b, score, status, decided_by, decided_at,"
        " created_at) VALUES (?, ?, COALESCE(?, 1.0), 'rejected', ?, ?, ?)"
        " ON CONFLICT (person_a, person_b) DO UPDATE SET status = 'rejected',"
        " decided_by = excluded.decided_by, decided_at = excluded.decided_at",
        (a, b, row["score"], decided_by, _now(), _now()),
    )
    # last, so that the entry records the digests of everything the split wrote
    append_audit(db, decided_by, "person.split",
                 [f"merge:{row['id']}", f"person:{kept}", f"person:{merged}"],
                 {"merged_into": kept}, {"merged_into": None, "events_returned": ids})


def _proposal(row: sqlite3.Row) -> LinkProposal:
    return LinkProposal(
        id=row["id"], person_a=row["person_a"], person_b=row["person_b"],
        name_a=row["name_a"], name_b=row["name_b"], score=row["score"], status=row["status"],
        decided_by=row["decided_by"], decided_at=row["decided_at"], created_at=row["created_at"],
    )


def _merge(row: sqlite3.Row) -> MergeRecord:
    moved = json.loads(row["moved"])
    return MergeRecord(
        id=row["id"], kept_id=row["kept_id"], merged_id=row["merged_id"],
        kept_name=row["kept_name"], merged_name=row["merged_name"], score=row["score"],
        decided_by=row["decided_by"], decided_at=row["decided_at"],
        events_moved=len(moved["events"]), undone_by=row["undone_by"],
        undone_at=row["undone_at"],
    )
