"""The SQLite store's organisation reads: one, by name, the list, and who and what they
are involved with; each at a reader's access level (migration 0007). A mixin of
`SQLiteStore`, apart from sqlite_reads.py to keep both at reading size."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from casefile.names import name_key
from casefile.store import rows
from casefile.store.base import (
    OrganisationListing,
    StoredEvent,
    StoredOrganisation,
    StoredPerson,
)
from casefile.store.base_security import FULL_ACCESS
from casefile.store.sqlite_filters import AGENT_LOWER, STANDING, involved_persons
from casefile.store.sqlite_reads import participant_spellings


class OrganisationReads:
    """Needs `conn` from SQLiteStore."""

    @property
    def conn(self) -> sqlite3.Connection:
        raise NotImplementedError

    # -- organisations ----------------------------------------------------------------------

    def get_organisation(self, organisation_id: int) -> StoredOrganisation | None:
        found = _load_organisations(self.conn, "WHERE o.id = ?", (organisation_id,))
        return found[0] if found else None

    def find_organisations(self, name: str) -> list[StoredOrganisation]:
        key = name_key(name)
        return _load_organisations(
            self.conn,
            "WHERE o.key = ? OR o.id IN (SELECT organisation_id FROM organisation_aliases"
            " WHERE key = ?) ORDER BY o.id",
            (key, key),
        )

    def list_organisations(
        self, limit: int, offset: int, level: int = FULL_ACCESS, *,
        with_events: bool = False, designated: bool = False,
    ) -> tuple[int, list[OrganisationListing]]:
        # Below full clearance, only organisations with an event one may see: a small
        # group named in confidential statements alone is itself confidential.
        # At full clearance, all but those that only withdrawn documents name (migration
        # 0014: their events are above every clearance).
        level = int(level)
        terms = [
            "(NOT EXISTS (SELECT 1 FROM events v WHERE v.organisation_id = o.id"
            f" AND v.level > {level}) OR EXISTS (SELECT 1 FROM events v"
            f" WHERE v.organisation_id = o.id AND v.level <= {level}))"
            if level >= FULL_ACCESS else
            "EXISTS (SELECT 1 FROM events v WHERE v.organisation_id = o.id"
            f" AND v.level <= {level})"
        ]  # fmt: skip
        standing = (f"SELECT 1 FROM events s WHERE s.organisation_id = o.id AND s.{STANDING}"
                    f" AND s.level <= {level}")  # fmt: skip
        is_designated = f"EXISTS ({standing} AND s.type = 'designation')"
        if with_events:
            # A fact about it, or one it acted in (the agent of an arrest): the agents
            # are read once for the whole list, not once per organisation.
            agents = (f"SELECT {AGENT_LOWER.format(e='a')} FROM events a WHERE a.agent"
                      f" IS NOT NULL AND a.{STANDING} AND a.level <= {level}")  # fmt: skip
            terms.append(
                f"(EXISTS ({standing}) OR lower(o.name) IN ({agents}) OR EXISTS (SELECT 1"
                " FROM organisation_aliases oa WHERE oa.organisation_id = o.id"
                f" AND lower(oa.alias) IN ({agents})))"
            )
        if designated:
            terms.append(is_designated)
        where = " WHERE " + " AND ".join(terms)
        total: int = self.conn.execute(
            f"SELECT count(*) FROM organisations o{where}"
        ).fetchone()[0]
        # A negative limit is every organisation (a search's candidates): SQLite reads
        # LIMIT -1 so, PostgreSQL refuses it, so the clause is left out there.
        paged = " LIMIT ? OFFSET ?" if limit >= 0 else ""
        page = _load_organisations(
            self.conn,
            f"{where} ORDER BY {is_designated} DESC, o.name COLLATE NOCASE, o.id{paged}",
            (limit, offset) if limit >= 0 else (),
        )[0 if limit >= 0 else offset :]  # fmt: skip
        ids = json.dumps([o.id for o in page])
        counts = dict(
            self.conn.execute(
                "SELECT organisation_id, count(*) FROM events WHERE organisation_id IN"
                f" (SELECT value FROM json_each(?)) AND {STANDING} AND level <= ?"
                " GROUP BY organisation_id",
                (ids, level),
            ).fetchall()
        )
        labels = rows.grouped(
            self.conn,
            "SELECT DISTINCT organisation_id, coalesce(label, '') FROM events"
            " WHERE organisation_id IN (SELECT value FROM json_each(?))"
            f" AND type = 'designation' AND {STANDING} AND level <= ?"
            " ORDER BY 1, 2",
            (ids, level),
        )
        return total, [OrganisationListing(o, counts.get(o.id, 0), tuple(labels.get(o.id, ())))
                       for o in page]  # fmt: skip

    def organisation_events(
        self, organisation_id: int, level: int = FULL_ACCESS
    ) -> list[StoredEvent]:
        cursor = self.conn.execute(
            f"{rows.EVENT_SELECT} WHERE e.organisation_id = ? AND e.{STANDING}"
            " AND e.level <= ? ORDER BY e.id",
            (organisation_id, level),
        )
        return [rows.stored_event(row) for row in cursor]

    def organisation_spellings(
        self, organisation_ids: list[int], level: int
    ) -> dict[int, set[str]]:
        return participant_spellings(self.conn, "organisation_id", organisation_ids, level)

    def events_of_organisations(
        self, organisation_ids: list[int], level: int
    ) -> dict[int, list[StoredEvent]]:
        found: dict[int, list[StoredEvent]] = {oid: [] for oid in organisation_ids}
        cursor = self.conn.execute(
            f"{rows.EVENT_SELECT} WHERE e.organisation_id IN (SELECT value FROM json_each(?))"
            f" AND e.{STANDING} AND e.level <= ? ORDER BY e.id",
            (json.dumps(organisation_ids), level),
        )
        for row in cursor:
            found[row["organisation_id"]].append(rows.stored_event(row))
        return found

    def organisation_persons(
        self, organisation_id: int, level: int = FULL_ACCESS
    ) -> list[StoredPerson]:
        ids = [
            row[0]
            for row in self.conn.execute(
                involved_persons(
                    f"e.person_id IS NOT NULL AND e.{STANDING} AND e.level <= :clearance"),
                {"org": organisation_id, "clearance": level},
            )
        ]
        return sorted(rows.load_persons(self.conn, ids), key=lambda p: p.name.casefold())

    def person_organisations(
        self, person_id: int, level: int = FULL_ACCESS
    ) -> list[StoredOrganisation]:
        # Organisations with an event in one of the person's documents, or named as
        # the agent of one of the person's events; then the same test as above.
        candidates = [
            row[0]
            for row in self.conn.execute(
                "SELECT DISTINCT oe.organisation_id FROM events pe JOIN events oe"
                " ON oe.document_sha256 = pe.document_sha256"
                f" WHERE pe.person_id = :p AND pe.{STANDING} AND oe.organisation_id IS NOT NULL"
                f" AND oe.{STANDING} AND pe.level <= :level AND oe.level <= :level"
                " UNION SELECT o.id FROM events pe JOIN organisations o ON lower(o.name) ="
                f"  {AGENT_LOWER.format(e='pe')} WHERE pe.person_id = :p AND pe.{STANDING}"
                " AND pe.level <= :level"
                " UNION SELECT a.organisation_id FROM events pe JOIN organisation_aliases a"
                f"  ON lower(a.alias) = {AGENT_LOWER.format(e='pe')}"
                f" WHERE pe.person_id = :p AND pe.{STANDING} AND pe.level <= :level",
                {"p": person_id, "level": level},
            )
        ]
        return _load_organisations(
            self.conn,
            "WHERE o.id IN (SELECT value FROM json_each(?)) ORDER BY o.name COLLATE NOCASE",
            (json.dumps(candidates),),
        )


def _load_organisations(
    conn: sqlite3.Connection, tail: str, params: tuple[Any, ...]
) -> list[StoredOrganisation]:
    found = conn.execute(f"SELECT o.* FROM organisations o {tail}", params).fetchall()
    aliases = rows.grouped(
        conn,
        "SELECT organisation_id, alias FROM organisation_aliases"
        " WHERE organisation_id IN (SELECT value FROM json_each(?)) ORDER BY alias",
        (json.dumps([r["id"] for r in found]),),
    )
    return [
        StoredOrganisation(
            id=r["id"],
            key=r["key"],
            name=r["name"],
            kind=r["kind"],
            aliases=tuple(aliases.get(r["id"], ())),
            created_at=r["created_at"],
        )
        for r in found
    ]
