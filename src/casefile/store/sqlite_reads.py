"""The SQLite store's read side for the web pages: derived case records, the filtered
case list, documents, full-text search, dashboard counts and organisations.

A mixin of `SQLiteStore`, kept apart so that neither file grows past reading size.
Every query here is bounded by an index or a LIMIT: the pages must stay fast on a
database of 10,000 documents and 100,000 facts.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from casefile.model import PartialDate
from casefile.names import name_key
from casefile.store import rows
from casefile.store.base import (
    CaseListing,
    CaseQuery,
    CaseRecord,
    DocumentHit,
    DocumentInfo,
    StoredEvent,
    StoredOrganisation,
    StoredPerson,
    StoredStatistic,
)
from casefile.store.sqlite_filters import (
    AGENT_LOWER,
    INVOLVES_ORG,
    STANDING,
    case_filters,
    fts_query,
)

RANKED_MATCHES = 10_000  # facts matching a search beyond which they are not ranked


class ReadQueries:
    """Needs `conn` (and `transaction()` for the one write here) from SQLiteStore."""

    @property
    def conn(self) -> sqlite3.Connection:
        raise NotImplementedError

    # -- derived case records ---------------------------------------------------------

    def stale_cases(self, limit: int) -> dict[int, int]:
        cursor = self.conn.execute(
            "SELECT person_id, version FROM stale_cases ORDER BY person_id LIMIT ?", (limit,)
        )
        return {row[0]: row[1] for row in cursor}

    def events_of_persons(self, person_ids: list[int]) -> dict[int, list[StoredEvent]]:
        found: dict[int, list[StoredEvent]] = {pid: [] for pid in person_ids}
        cursor = self.conn.execute(
            f"{rows.EVENT_SELECT} WHERE e.person_id IN (SELECT value FROM json_each(?))"
            f" AND e.{STANDING} ORDER BY e.id",
            (json.dumps(person_ids),),
        )
        for row in cursor:
            found[row["person_id"]].append(rows.stored_event(row))
        return found

    def put_case_records(self, records: list[CaseRecord], versions: Mapping[int, int]) -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            kept = {r.person_id for r in records}
            for r in records:
                conn.execute(
                    "INSERT OR REPLACE INTO case_summaries (person_id, status, last_event_type,"
                    " last_event_date, documents, events, updated_at)"
                    " SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM persons WHERE id = ?)",
                    (r.person_id, r.status, r.last_event_type,
                     r.last_event_date.iso() if r.last_event_date else None,
                     r.documents, r.events, now, r.person_id),
                )  # fmt: skip
            for person_id, version in versions.items():
                if person_id not in kept:
                    conn.execute("DELETE FROM case_summaries WHERE person_id = ?", (person_id,))
                conn.execute(
                    "DELETE FROM stale_cases WHERE person_id = ? AND version = ?",
                    (person_id, version),
                )
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def query_cases(self, query: CaseQuery) -> tuple[int, list[CaseListing]]:
        where, params = case_filters(query)
        base = "FROM case_summaries cs JOIN persons p ON p.id = cs.person_id" + (
            " WHERE " + " AND ".join(where) if where else ""
        )
        # One pass for the page and the total (a window over all matches): the filters'
        # subqueries are evaluated once, not once for the count and again for the page.
        page = self.conn.execute(
            f"SELECT cs.*, count(*) OVER () AS total {base}"
            " ORDER BY p.name COLLATE NOCASE, p.id LIMIT :limit OFFSET :offset",
            {**params, "limit": query.limit, "offset": query.offset},
        ).fetchall()
        if page:
            total: int = page[0]["total"]
        else:  # past the last page, or nothing matches
            total = self.conn.execute(f"SELECT count(*) {base}", params).fetchone()[0]
        persons = {p.id: p for p in rows.load_persons(self.conn, [r["person_id"] for r in page])}
        return total, [
            CaseListing(person=persons[r["person_id"]], record=_case_record(r))
            for r in page
            if r["person_id"] in persons
        ]

    def count_cases_by_status(self) -> dict[str, int]:
        cursor = self.conn.execute("SELECT status, count(*) FROM case_summaries GROUP BY status")
        return {row[0]: row[1] for row in cursor}

    def case_countries(self) -> list[str]:
        cursor = self.conn.execute(
            "SELECT DISTINCT p.country FROM persons p WHERE p.country IS NOT NULL"
            " AND EXISTS (SELECT 1 FROM case_summaries cs WHERE cs.person_id = p.id)"
            " ORDER BY p.country"
        )
        return [row[0] for row in cursor]

    # -- documents and search -----------------------------------------------------------

    def list_documents(self, limit: int, offset: int) -> tuple[int, list[DocumentInfo]]:
        total: int = self.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        cursor = self.conn.execute(
            "SELECT sha256, title, publisher, published, language, source_name, ingested_at,"
            " (SELECT count(*) FROM events e WHERE e.document_sha256 = d.sha256"
            f"  AND e.{STANDING}) AS events"
            " FROM documents d ORDER BY ingested_at DESC, sha256 LIMIT ? OFFSET ?",
            (limit, offset),
        )
        return total, [
            DocumentInfo(
                sha256=r["sha256"],
                title=r["title"],
                publisher=r["publisher"],
                published=_date(r["published"]),
                language=r["language"],
                source_name=r["source_name"],
                ingested_at=r["ingested_at"],
                events=r["events"],
            )
            for r in cursor
        ]

    def document_events(self, sha256: str) -> list[StoredEvent]:
        cursor = self.conn.execute(
            f"{rows.EVENT_SELECT} WHERE e.document_sha256 = ?"
            " ORDER BY e.evidence_start, e.evidence_end, e.id",
            (sha256,),
        )
        return [rows.stored_event(row) for row in cursor]

    def document_statistics(self, sha256: str) -> list[StoredStatistic]:
        cursor = self.conn.execute(
            "SELECT * FROM statistics WHERE document_sha256 = ? ORDER BY evidence_start, id",
            (sha256,),
        )
        return [rows.stored_statistic(row) for row in cursor]

    def search_documents(self, words: tuple[str, ...], limit: int) -> list[DocumentHit]:
        if not words:
            return []
        cursor = self.conn.execute(
            "SELECT f.sha256, d.title, d.published,"
            " snippet(documents_fts, 2, char(2), char(3), '…', 24) AS snippet"
            " FROM documents_fts f JOIN documents d ON d.sha256 = f.sha256"
            " WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?",
            (fts_query(words), limit),
        )
        return [
            DocumentHit(r["sha256"], r["title"], r["snippet"], _date(r["published"]))
            for r in cursor
        ]

    def search_events(self, words: tuple[str, ...], limit: int) -> list[StoredEvent]:
        if not words:
            return []
        # Ranking costs ~1.5 µs a match (40 ms for a word in 30,000 facts) where counting
        # costs almost nothing: past RANKED_MATCHES, the newest facts come first instead.
        match = fts_query(words)
        found = self.conn.execute(
            "SELECT count(*) FROM events_fts WHERE events_fts MATCH ?", (match,)
        ).fetchone()[0]
        order = "rank" if found <= RANKED_MATCHES else "rowid DESC"
        cursor = self.conn.execute(
            f"{rows.EVENT_SELECT} WHERE e.id IN (SELECT rowid FROM events_fts WHERE events_fts"
            f" MATCH ? ORDER BY {order} LIMIT ?) AND e.{STANDING} ORDER BY e.id",
            (match, limit),
        )
        return [rows.stored_event(row) for row in cursor]

    # -- dashboard ------------------------------------------------------------------------

    def count_documents(self) -> int:
        count: int = self.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        return count

    def count_unreviewed(self) -> int:
        # Kept by triggers (migration 0005): counting the facts took 5-15 ms.
        count: int = self.conn.execute(
            "SELECT coalesce(sum(n), 0) FROM fact_review_counts WHERE review_status = 'unreviewed'"
        ).fetchone()[0]
        return count

    def latest_events(self, limit: int) -> list[StoredEvent]:
        # '0' <= date skips undated and year-less ("--11-30") events; the events_date
        # index is walked backwards from the latest date. The ids come first, from the
        # index alone: joined in one query, SQLite read whole rows (and the documents'
        # rows past their text) for far more events than the limit, 45 ms at 100,000.
        cursor = self.conn.execute(
            f"{rows.EVENT_SELECT} WHERE e.id IN (SELECT id FROM events WHERE date >= '0'"
            f" AND {STANDING} ORDER BY date DESC, id DESC LIMIT ?)"
            " ORDER BY e.date DESC, e.id DESC",
            (limit,),
        )
        return [rows.stored_event(row) for row in cursor]

    def events_per_month(self, first_month: str, last_month: str) -> list[tuple[str, str, int]]:
        # Kept by triggers (migration 0005): grouping two years of events took 15-35 ms.
        cursor = self.conn.execute(
            "SELECT month, type, n FROM event_month_counts"
            " WHERE month >= ? AND month <= ? AND n > 0 ORDER BY month, type",
            (first_month, last_month),
        )
        return [(row[0], row[1], row[2]) for row in cursor]

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
        self, limit: int, offset: int
    ) -> tuple[int, list[tuple[StoredOrganisation, int]]]:
        total: int = self.conn.execute("SELECT count(*) FROM organisations").fetchone()[0]
        page = _load_organisations(
            self.conn, "ORDER BY o.name COLLATE NOCASE, o.id LIMIT ? OFFSET ?", (limit, offset)
        )
        counts = dict(
            self.conn.execute(
                "SELECT organisation_id, count(*) FROM events WHERE organisation_id IN"
                f" (SELECT value FROM json_each(?)) AND {STANDING} GROUP BY organisation_id",
                (json.dumps([o.id for o in page]),),
            ).fetchall()
        )
        return total, [(o, counts.get(o.id, 0)) for o in page]

    def organisation_events(self, organisation_id: int) -> list[StoredEvent]:
        cursor = self.conn.execute(
            f"{rows.EVENT_SELECT} WHERE e.organisation_id = ? AND e.{STANDING} ORDER BY e.id",
            (organisation_id,),
        )
        return [rows.stored_event(row) for row in cursor]

    def organisation_persons(self, organisation_id: int) -> list[StoredPerson]:
        ids = [
            row[0]
            for row in self.conn.execute(
                "SELECT DISTINCT e.person_id FROM events e WHERE e.person_id IS NOT NULL"
                f" AND e.{STANDING} AND {INVOLVES_ORG.format(e='e')}",
                {"org": organisation_id},
            )
        ]
        return sorted(rows.load_persons(self.conn, ids), key=lambda p: p.name.casefold())

    def person_organisations(self, person_id: int) -> list[StoredOrganisation]:
        # Organisations with an event in one of the person's documents, or named as
        # the agent of one of the person's events; then the same test as above.
        candidates = [
            row[0]
            for row in self.conn.execute(
                "SELECT DISTINCT oe.organisation_id FROM events pe JOIN events oe"
                " ON oe.document_sha256 = pe.document_sha256"
                f" WHERE pe.person_id = :p AND pe.{STANDING} AND oe.organisation_id IS NOT NULL"
                f" AND oe.{STANDING}"
                " UNION SELECT o.id FROM events pe JOIN organisations o ON lower(o.name) ="
                f"  {AGENT_LOWER.format(e='pe')} WHERE pe.person_id = :p AND pe.{STANDING}"
                " UNION SELECT a.organisation_id FROM events pe JOIN organisation_aliases a"
                f"  ON lower(a.alias) = {AGENT_LOWER.format(e='pe')}"
                f" WHERE pe.person_id = :p AND pe.{STANDING}",
                {"p": person_id},
            )
        ]
        return _load_organisations(
            self.conn,
            "WHERE o.id IN (SELECT value FROM json_each(?)) ORDER BY o.name COLLATE NOCASE",
            (json.dumps(candidates),),
        )


def _date(value: str | None) -> PartialDate | None:
    return PartialDate.parse(value) if value else None


def _case_record(row: sqlite3.Row) -> CaseRecord:
    return CaseRecord(
        person_id=row["person_id"],
        status=row["status"],
        last_event_type=row["last_event_type"],
        last_event_date=_date(row["last_event_date"]),
        documents=row["documents"],
        events=row["events"],
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
