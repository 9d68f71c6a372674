"""Row-level helpers for the SQLite store: entity upserts, fact inserts, row mapping."""

from __future__ import annotations

import json
import sqlite3
from functools import lru_cache
from typing import Any

from casefile.i18n import Msg
from casefile.link.orgs import compares_with_every_name, same_organisation
from casefile.model import (
    Event,
    Evidence,
    Organisation,
    PartialDate,
    ParticipantKind,
    Person,
    Provenance,
    Statistic,
)
from casefile.names import name_key, same_entity
from casefile.store.base import (
    RoleAssertion,
    StoredEvent,
    StoredPerson,
    StoredStatistic,
    StoreError,
)

EVENT_SELECT = (
    "SELECT e.*, COALESCE(p.name, o.name) AS entity_name, d.published AS document_published"
    " FROM events e JOIN documents d ON d.sha256 = e.document_sha256"
    " LEFT JOIN persons p ON p.id = e.person_id"
    " LEFT JOIN organisations o ON o.id = e.organisation_id"
)

_FACT_TABLES = ("events", "statistics", "person_roles")
# A new fact's effective access level: its document's (migration 0007).
DOCUMENT_LEVEL = "(SELECT level FROM document_levels WHERE sha256 = ?)"


class Resolver:
    """Maps the names one extraction uses to stored person and organisation ids.

    An event may name its participant more briefly than the persons list does
    ("Zholdybayev" for "Marat Zholdybayev"); within one document a unique word-subset
    match is the same person. Across documents only the exact key links, for now.
    """

    def __init__(self, db: sqlite3.Connection, now: str) -> None:
        self.db = db
        self.now = now
        self._persons: dict[str, int] = {}
        self._orgs: dict[str, int] = {}
        self.person_ids_used: set[int] = set()
        self.organisation_ids_used: set[int] = set()

    def add_person(self, person: Person) -> int:
        pid = self._linked_person(person.name)
        if pid is None:
            pid = self._upsert(
                "INSERT INTO persons (key, name, country, created_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(key) DO UPDATE SET"
                " country = COALESCE(persons.country, excluded.country)"
                " RETURNING COALESCE(merged_into, id)",
                person.name,
                person.country,
            )
        elif person.country:
            self.db.execute(
                "UPDATE persons SET country = COALESCE(country, ?) WHERE id = ?",
                (person.country, pid),
            )
        self._remember(self._persons, person.name, person.aliases, pid, "person_aliases")
        self.person_ids_used.add(pid)
        return pid

    def add_organisation(self, org: Organisation) -> int:
        oid = self._known_organisation(org)
        if oid is not None:
            for name in (org.name, *org.aliases):
                key = name_key(name)
                self._orgs[key] = oid
                self.db.execute(
                    "INSERT OR IGNORE INTO organisation_aliases (organisation_id, alias, key)"
                    " SELECT ?, ?, ? WHERE NOT EXISTS"
                    " (SELECT 1 FROM organisations WHERE id = ? AND key = ?)",
                    (oid, name.strip(), key, oid, key),
                )
            self.organisation_ids_used.add(oid)
            return oid
        oid = self._upsert(
            "INSERT INTO organisations (key, name, kind, created_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(key) DO UPDATE SET kind = COALESCE(organisations.kind, excluded.kind)"
            " RETURNING id",
            org.name,
            org.kind,
        )
        self._remember(self._orgs, org.name, org.aliases, oid, "organisation_aliases")
        self.organisation_ids_used.add(oid)
        return oid

    def _linked_person(self, name: str) -> int | None:
        """The case a name already belongs to: a person merged into another (follow it),
        or one name of a linked person ("Жолдыбаев" once merged into "Marat
        Zholdybayev"). A name that two cases share resolves to neither."""
        key = name_key(name)
        row = self.db.execute(
            "SELECT COALESCE(merged_into, id) FROM persons WHERE key = ?", (key,)
        ).fetchone()
        if row is not None:
            return int(row[0])
        owners = self.db.execute(
            "SELECT DISTINCT a.person_id FROM person_aliases a JOIN persons p"
            " ON p.id = a.person_id WHERE a.key = ? AND p.merged_into IS NULL LIMIT 2",
            (key,),
        ).fetchall()
        return int(owners[0][0]) if len(owners) == 1 else None

    def _known_organisation(self, org: Organisation) -> int | None:
        """An organisation already stored under another of its names: an alias, the
        same name in another language or script (DCK / ДВК, from `casefile.link`'s table
        of known organisations), or an acronym and its expansion (DCK / Democratic Choice
        of Kazakhstan)."""
        names = [org.name, *org.aliases]
        keys = [name_key(n) for n in names]
        row = self.db.execute(
            "SELECT id FROM organisations WHERE key IN (SELECT value FROM json_each(?))"
            " UNION SELECT organisation_id FROM organisation_aliases"
            " WHERE key IN (SELECT value FROM json_each(?))",
            (json.dumps(keys), json.dumps(keys)),
        ).fetchall()
        if len(row) == 1:
            return int(row[0][0])
        if row:
            return None  # the names point at several organisations: leave it to a person
        short = "" if compares_with_every_name(names) else " WHERE length({col}) <= 8"
        stored = self.db.execute(
            "SELECT o.id, o.name FROM organisations o" + short.format(col="o.name")
            + " UNION ALL SELECT a.organisation_id, a.alias FROM organisation_aliases a"
            + short.format(col="a.alias")
        ).fetchall()
        found = {oid for oid, other in stored for name in names if same_organisation(name, other)}
        return found.pop() if len(found) == 1 else None

    def person_id(self, name: str) -> int:
        found = self._lookup(self._persons, name)
        if found is None:
            return self.add_person(Person(name=name))
        self.person_ids_used.add(found)
        return found

    def known_person(self, name: str) -> int | None:
        """The stored person a name resolves to, without storing one."""
        found = self._lookup(self._persons, name)
        return found if found is not None else self._linked_person(name)

    def organisation_id(self, name: str) -> int:
        found = self._lookup(self._orgs, name)
        if found is None:
            return self.add_organisation(Organisation(name=name))
        self.organisation_ids_used.add(found)
        return found

    def _upsert(self, sql: str, name: str, extra: str | None) -> int:
        key = name_key(name)
        if not key:
            raise StoreError(Msg("a participant has no name: %(name)s", name=repr(name)))
        new_id: int = self.db.execute(sql, (key, name.strip(), extra, self.now)).fetchone()[0]
        return new_id

    def _remember(
        self, known: dict[str, int], name: str, aliases: list[str], id_: int, table: str
    ) -> None:
        key = name_key(name)
        known[key] = id_
        owner = "person_id" if table == "person_aliases" else "organisation_id"
        for alias in aliases:
            alias_key = name_key(alias)
            if alias_key and alias_key != key:
                known.setdefault(alias_key, id_)
                self.db.execute(
                    f"INSERT OR IGNORE INTO {table} ({owner}, alias, key) VALUES (?, ?, ?)",
                    (id_, alias.strip(), alias_key),
                )

    @staticmethod
    def _lookup(known: dict[str, int], name: str) -> int | None:
        key = name_key(name)
        if key in known:
            return known[key]
        matches = {id_ for k, id_ in known.items() if key and same_entity(key, k)}
        return matches.pop() if len(matches) == 1 else None


def event_fingerprint(event: Event) -> str:
    ev = event.evidence
    return json.dumps(
        [event.type, event.participant_kind, name_key(event.participant), ev.start, ev.end]
    )


def statistic_fingerprint(stat: Statistic) -> str:
    return json.dumps([stat.count, stat.evidence.start, stat.evidence.end])


# Facts an analyst has touched, which re-extraction keeps as they are: a review decision,
# or a level of their own (deleting and re-creating a raised fact would bring it back at
# its document's level, visible to readers it was raised above).
ANALYSTS_FACT = "(review_status != 'unreviewed' OR access_level IS NOT NULL)"


def reviewed_fingerprints(db: sqlite3.Connection, table: str, sha256: str) -> set[str]:
    assert table in _FACT_TABLES
    cursor = db.execute(
        f"SELECT fingerprint FROM {table} WHERE document_sha256 = ? AND {ANALYSTS_FACT}",
        (sha256,),
    )
    return {row[0] for row in cursor}


def count_reviewed(db: sqlite3.Connection, sha256: str) -> int:
    return sum(
        db.execute(
            f"SELECT count(*) FROM {table} WHERE document_sha256 = ? AND "
            + (ANALYSTS_FACT if table != "person_roles" else "review_status != 'unreviewed'"),
            (sha256,),
        ).fetchone()[0]
        for table in _FACT_TABLES
    )


def insert_roles(
    db: sqlite3.Connection, person_id: int, person: Person, sha256: str, now: str
) -> int:
    """Insert the person's roles as asserted by this document; a reviewed assertion of
    the same role is left as the reviewer left it. The country this document gives the
    person is kept with the document too (migration 0011): readers see it only with it."""
    if person.country:
        db.execute(
            "INSERT INTO person_countries (person_id, document_sha256, country)"
            " VALUES (?, ?, ?) ON CONFLICT (person_id, document_sha256)"
            " DO UPDATE SET country = excluded.country WHERE country != excluded.country",
            (person_id, sha256, person.country),
        )
    ev = next((e for e in person.evidence if e.document_id == sha256), None)
    stored = 0
    for role in dict.fromkeys(person.roles):
        cursor = db.execute(
            "INSERT OR IGNORE INTO person_roles (person_id, role, document_sha256,"
            " evidence_start, evidence_end, evidence_quote, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (person_id, role, sha256, *((ev.start, ev.end, ev.quote) if ev else (None,) * 3), now),
        )
        stored += cursor.rowcount
    return stored


def insert_event(
    db: sqlite3.Connection, event: Event, resolver: Resolver, fingerprint: str, now: str
) -> None:
    person_id: int | None = None
    org_id: int | None = None
    if event.participant_kind == "organisation":
        org_id = resolver.organisation_id(event.participant)
    else:
        person_id = resolver.person_id(event.participant)
    ev, prov = event.evidence, event.provenance
    db.execute(
        "INSERT INTO events (document_sha256, type, person_id, organisation_id,"
        " participant_name, date, date_precision, agent, place, term, term_kind, charges,"
        " articles, label, evidence_start, evidence_end, evidence_quote, extractor,"
        " extractor_version, confidence, fingerprint, created_at, level, date_inferred)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
        f" {DOCUMENT_LEVEL}, ?)",
        (
            ev.document_id, event.type, person_id, org_id, event.participant,
            event.date.iso() if event.date else None,
            event.date.precision.value if event.date else None,
            event.agent, event.place, event.term, event.term_kind,
            json.dumps(event.charges, ensure_ascii=False),
            json.dumps(event.articles, ensure_ascii=False),
            event.label, ev.start, ev.end, ev.quote,
            prov.extractor, prov.version, prov.confidence, fingerprint, now, ev.document_id,
            int(event.date_inferred and event.date is not None),
        ),
    )  # fmt: skip


def insert_statistic(db: sqlite3.Connection, stat: Statistic, fingerprint: str, now: str) -> None:
    ev, prov = stat.evidence, stat.provenance
    db.execute(
        "INSERT INTO statistics (document_sha256, count, what, period, evidence_start,"
        " evidence_end, evidence_quote, extractor, extractor_version, confidence,"
        " fingerprint, created_at, level) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
        f" {DOCUMENT_LEVEL})",
        (ev.document_id, stat.count, stat.what, stat.period, ev.start, ev.end, ev.quote,
         prov.extractor, prov.version, prov.confidence, fingerprint, now, ev.document_id),
    )  # fmt: skip


def delete_orphans(db: sqlite3.Connection, persons: set[int], orgs: set[int]) -> None:
    """Remove entities that a re-extraction left with no fact at all."""
    for pid in persons:
        # a person in a merge's record stays, so the merge can be undone; one with an
        # intervention recorded stays with it (a campaign's record is no extraction's)
        db.execute(
            "DELETE FROM persons WHERE id = ? AND NOT EXISTS"
            " (SELECT 1 FROM events WHERE person_id = ?) AND NOT EXISTS"
            " (SELECT 1 FROM person_roles WHERE person_id = ?) AND NOT EXISTS"
            " (SELECT 1 FROM person_merges WHERE kept_id = ? OR merged_id = ?)"
            " AND NOT EXISTS (SELECT 1 FROM persons WHERE merged_into = ?)"
            " AND NOT EXISTS (SELECT 1 FROM interventions WHERE person_id = ?)",
            (pid, pid, pid, pid, pid, pid, pid),
        )
    for oid in orgs:
        db.execute(
            "DELETE FROM organisations WHERE id = ? AND NOT EXISTS"
            " (SELECT 1 FROM events WHERE organisation_id = ?)",
            (oid, oid),
        )


def grouped(db: sqlite3.Connection, sql: str, params: tuple[Any, ...] = ()) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = {}
    for row in db.execute(sql, params):
        out.setdefault(row[0], []).append(row[1])
    return out


def load_persons(db: sqlite3.Connection, ids: list[int] | None) -> list[StoredPerson]:
    """Persons with their aliases and role assertions; all of them when `ids` is None."""
    only, params = (
        (" WHERE {col} IN (SELECT id FROM persons WHERE merged_into IS NULL)", ())
        if ids is None
        else (" WHERE {col} IN (SELECT value FROM json_each(?))", (json.dumps(ids),))
    )
    aliases = grouped(
        db,
        "SELECT person_id, alias FROM person_aliases"
        + only.format(col="person_id")
        + " ORDER BY alias",
        params,
    )
    roles: dict[int, list[RoleAssertion]] = {}
    for r in db.execute(
        "SELECT * FROM person_roles" + only.format(col="person_id") + " ORDER BY id", params
    ):
        ev = evidence(r) if r["evidence_start"] is not None else None
        roles.setdefault(r["person_id"], []).append(
            RoleAssertion(r["role"], r["document_sha256"], ev, r["review_status"])
        )
    return [
        StoredPerson(
            id=r["id"],
            key=r["key"],
            name=r["name"],
            country=r["country"],
            aliases=tuple(aliases.get(r["id"], ())),
            role_assertions=tuple(roles.get(r["id"], ())),
            created_at=r["created_at"],
            protected=bool(r["protected"]),
        )
        for r in db.execute(
            "SELECT * FROM persons" + only.format(col="id") + " ORDER BY id", params
        )
    ]


def evidence(row: sqlite3.Row) -> Evidence:
    return Evidence(
        row["document_sha256"], row["evidence_start"], row["evidence_end"], row["evidence_quote"]
    )


@lru_cache(maxsize=16384)
def stored_date(text: str) -> PartialDate:
    """A stored date, parsed once: lists and exports read thousands of events, whose
    dates repeat (PartialDate is immutable, so one object serves them all)."""
    return PartialDate.parse(text)


def _json_list(text: str) -> list[str]:
    return [] if text == "[]" else json.loads(text)  # most facts have no charges


def stored_event(row: sqlite3.Row) -> StoredEvent:
    kind: ParticipantKind = "organisation" if row["organisation_id"] is not None else "person"
    event = row_event(row, kind)
    published = row["document_published"]
    return StoredEvent(
        id=row["id"],
        event=event,
        person_id=row["person_id"],
        organisation_id=row["organisation_id"],
        entity_name=row["entity_name"],
        review_status=row["review_status"],
        version=row["version"],
        created_at=row["created_at"],
        document_published=stored_date(published) if published else None,
        reviewed_by=row["reviewed_by"],
        reviewed_at=row["reviewed_at"],
        level=row["level"],
        own_level=row["access_level"],
    )


def row_event(row: sqlite3.Row, participant_kind: ParticipantKind) -> Event:
    """The event an `events` or `possible_events` row holds."""
    return Event(
        type=row["type"],
        participant=row["participant_name"],
        participant_kind=participant_kind,
        evidence=evidence(row),
        provenance=Provenance(row["extractor"], row["extractor_version"], row["confidence"]),
        date=stored_date(row["date"]) if row["date"] else None,
        agent=row["agent"],
        place=row["place"],
        term=row["term"],
        term_kind=row["term_kind"],
        charges=_json_list(row["charges"]),
        articles=_json_list(row["articles"]),
        label=row["label"],
        date_inferred=bool(row["date_inferred"]),
    )


def stored_statistic(row: sqlite3.Row) -> StoredStatistic:
    return StoredStatistic(
        id=row["id"],
        statistic=Statistic(
            count=row["count"],
            what=row["what"],
            period=row["period"],
            evidence=evidence(row),
            provenance=Provenance(row["extractor"], row["extractor_version"], row["confidence"]),
        ),
        review_status=row["review_status"],
        version=row["version"],
        created_at=row["created_at"],
        reviewed_by=row["reviewed_by"],
        reviewed_at=row["reviewed_at"],
        level=row["level"],
        own_level=row["access_level"],
    )
