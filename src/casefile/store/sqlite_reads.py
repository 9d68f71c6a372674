"""The SQLite store's read side for the web pages: derived case records, the filtered
case list, documents, full-text search and dashboard counts (organisations: sqlite_orgs.py).

A mixin of `SQLiteStore`, kept apart so that neither file grows past reading size.
Every query here is bounded by an index or a LIMIT: the pages must stay fast on a
database of 10,000 documents and 100,000 facts.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from datetime import UTC, datetime

from casefile.model import PartialDate
from casefile.store import rows
from casefile.store.base import (
    CaseListing,
    CaseQuery,
    CaseRecord,
    DocumentInfo,
    StoredEvent,
    StoredPerson,
    StoredStatistic,
)
from casefile.store.base_security import FULL_ACCESS
from casefile.store.sqlite_filters import STANDING, case_filters, case_order_by, facet_query


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

    def events_of_cases(self, person_ids: list[int], level: int) -> list[StoredEvent]:
        cursor = self.conn.execute(
            f"{rows.EVENT_SELECT} WHERE e.person_id IN (SELECT value FROM json_each(?))"
            " AND e.level <= ? ORDER BY e.id",
            (json.dumps(person_ids), level),
        )
        return [rows.stored_event(row) for row in cursor]

    def get_persons(self, person_ids: list[int]) -> list[StoredPerson]:
        return rows.load_persons(self.conn, person_ids)

    def document_titles(self, sha256s: list[str]) -> dict[str, str | None]:
        cursor = self.conn.execute(
            "SELECT sha256, title FROM documents WHERE sha256 IN (SELECT value FROM json_each(?))",
            (json.dumps(sha256s),),
        )
        return {row[0]: row[1] for row in cursor}

    def document_urls(self, sha256s: list[str]) -> dict[str, str | None]:
        cursor = self.conn.execute(
            "SELECT sha256, url FROM documents WHERE sha256 IN (SELECT value FROM json_each(?))",
            (json.dumps(sha256s),),
        )
        return {row[0]: row[1] for row in cursor}

    def person_spellings(self, person_ids: list[int], level: int) -> dict[int, set[str]]:
        return participant_spellings(self.conn, "person_id", person_ids, level)

    def person_countries(
        self, person_ids: list[int]
    ) -> dict[int, tuple[str | None, list[tuple[str, int]]]]:
        wanted = json.dumps(person_ids)
        found: dict[int, tuple[str | None, list[tuple[str, int]]]] = {
            row[0]: (row[1], []) for row in self.conn.execute(
                "SELECT id, country FROM persons WHERE id IN (SELECT value FROM json_each(?))",
                (wanted,))
        }  # fmt: skip
        cursor = self.conn.execute(
            "SELECT COALESCE(p.merged_into, p.id), c.country, l.level FROM person_countries c"
            " JOIN persons p ON p.id = c.person_id"
            " JOIN document_levels l ON l.sha256 = c.document_sha256"
            " WHERE c.person_id IN (SELECT value FROM json_each(:ids)"
            "  UNION SELECT id FROM persons WHERE merged_into IN"
            "  (SELECT value FROM json_each(:ids)))",
            {"ids": wanted},
        )
        for case_id, country, level in cursor:
            if case_id in found:
                found[case_id][1].append((country, int(level)))
        return found

    def put_case_records(self, records: list[CaseRecord], versions: Mapping[int, int]) -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            # A person's rows at every clearance are written afresh: one that lost its
            # last visible event at some clearance loses that row.
            conn.execute(
                "DELETE FROM case_summaries WHERE person_id IN (SELECT value FROM json_each(?))",
                (json.dumps(list(versions)),),
            )
            for r in records:
                conn.execute(
                    "INSERT OR REPLACE INTO case_summaries (person_id, clearance, status,"
                    " last_event_type, last_event_date, documents, events, country,"
                    " updated_at) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS"
                    " (SELECT 1 FROM persons WHERE id = ?)",
                    (r.person_id, r.clearance, r.status, r.last_event_type,
                     r.last_event_date.iso() if r.last_event_date else None,
                     r.documents, r.events, r.country, now, r.person_id),
                )  # fmt: skip
            for person_id, version in versions.items():
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
        base = "FROM case_summaries cs JOIN persons p ON p.id = cs.person_id WHERE " + (
            " AND ".join(["cs.clearance = :clearance", *where])
        )
        # One pass for the page and the total (a window over all matches): the filters'
        # subqueries are evaluated once, not once for the count and again for the page.
        page = self.conn.execute(
            f"SELECT cs.*, count(*) OVER () AS total {base}"
            f" ORDER BY {case_order_by(query)} LIMIT :limit OFFSET :offset",
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

    def count_cases_by_status(self, level: int = FULL_ACCESS) -> dict[str, int]:
        cursor = self.conn.execute(
            "SELECT status, count(*) FROM case_summaries WHERE clearance = ? GROUP BY status",
            (level,),
        )
        return {row[0]: row[1] for row in cursor}

    def case_facets(self, query: CaseQuery, facet: str) -> dict[str, int]:
        # Counted over case_summaries at the reader's clearance only, with the same
        # filters as the list: a hidden case is never counted. Without persons joined:
        # the counts read case_summaries' indexes only (at 1,000,000 facts on
        # PostgreSQL the join took half of each count).
        if facet == "status,country":  # both at once, joined by char 31
            where, params = case_filters(query)
            column = "cs.status || char(31) || coalesce(cs.country, '')"
        else:
            where, params = case_filters(facet_query(query, facet))
            column = f"cs.{facet}"
            where = [*where, f"cs.{facet} IS NOT NULL"]
        cursor = self.conn.execute(
            f"SELECT {column}, count(*) FROM case_summaries cs WHERE "
            + " AND ".join(["cs.clearance = :clearance", *where])
            + " GROUP BY 1",
            params,
        )
        return {row[0]: row[1] for row in cursor}

    def case_ids(self, query: CaseQuery) -> list[int]:
        where, params = case_filters(query)
        cursor = self.conn.execute(
            "SELECT cs.person_id FROM case_summaries cs JOIN persons p ON p.id = cs.person_id"
            " WHERE " + " AND ".join(["cs.clearance = :clearance", *where])
            + f" ORDER BY {case_order_by(query)}",
            params,
        )
        return [row[0] for row in cursor]

    def case_countries(self, level: int = FULL_ACCESS) -> list[str]:
        cursor = self.conn.execute(
            "SELECT DISTINCT country FROM case_summaries WHERE clearance = ?"
            " AND country IS NOT NULL ORDER BY country",
            (level,),
        )
        return [row[0] for row in cursor]

    def visible_persons(self, person_ids: list[int], level: int) -> set[int]:
        """Those of the persons with a case at this clearance (an event one may see)."""
        cursor = self.conn.execute(
            "SELECT person_id FROM case_summaries WHERE clearance = ?"
            " AND person_id IN (SELECT value FROM json_each(?))",
            (level, json.dumps(person_ids)),
        )
        return {row[0] for row in cursor}

    # -- documents and search -----------------------------------------------------------

    def list_documents(
        self, limit: int, offset: int, level: int = FULL_ACCESS
    ) -> tuple[int, list[DocumentInfo]]:
        total = self.count_documents(level)
        cursor = self.conn.execute(
            "SELECT d.sha256, title, publisher, published, language, source_name, ingested_at,"
            " l.level AS access_level, (SELECT count(*) FROM events e"
            f"  WHERE e.document_sha256 = d.sha256 AND e.{STANDING} AND e.level <= :level)"
            " AS events FROM documents d JOIN document_levels l ON l.sha256 = d.sha256"
            " WHERE l.level <= :level"
            " ORDER BY ingested_at DESC, d.sha256 LIMIT :limit OFFSET :offset",
            {"limit": limit, "offset": offset, "level": level},
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
                access_level=r["access_level"],
            )
            for r in cursor
        ]

    def document_level(self, sha256: str) -> int | None:
        row = self.conn.execute(
            "SELECT level FROM document_levels WHERE sha256 = ?", (sha256,)
        ).fetchone()
        return None if row is None else int(row[0])

    def document_levels(self, sha256s: list[str]) -> dict[str, int]:
        cursor = self.conn.execute(
            "SELECT sha256, level FROM document_levels"
            " WHERE sha256 IN (SELECT value FROM json_each(?))",
            (json.dumps(sha256s),),
        )
        return {row[0]: int(row[1]) for row in cursor}

    def document_events(self, sha256: str, level: int = FULL_ACCESS) -> list[StoredEvent]:
        cursor = self.conn.execute(
            f"{rows.EVENT_SELECT} WHERE e.document_sha256 = ? AND e.level <= ?"
            " ORDER BY e.evidence_start, e.evidence_end, e.id",
            (sha256, level),
        )
        return [rows.stored_event(row) for row in cursor]

    def document_statistics(
        self, sha256: str, level: int = FULL_ACCESS
    ) -> list[StoredStatistic]:
        cursor = self.conn.execute(
            "SELECT * FROM statistics WHERE document_sha256 = ? AND level <= ?"
            " ORDER BY evidence_start, id",
            (sha256, level),
        )
        return [rows.stored_statistic(row) for row in cursor]

    # -- dashboard ------------------------------------------------------------------------

    def count_documents(self, level: int = FULL_ACCESS) -> int:
        count: int = self.conn.execute(
            "SELECT count(*) FROM document_levels WHERE level <= ?", (level,)
        ).fetchone()[0]
        return count

    def count_unreviewed(self, level: int = FULL_ACCESS) -> int:
        # Kept by triggers (migrations 0005, 0007): counting the facts took 5-15 ms.
        count: int = self.conn.execute(
            "SELECT coalesce(sum(n), 0) FROM fact_review_counts"
            " WHERE review_status = 'unreviewed' AND level <= ?",
            (level,),
        ).fetchone()[0]
        return count

    def latest_events(self, limit: int, level: int = FULL_ACCESS) -> list[StoredEvent]:
        # '0' <= date skips undated and year-less ("--11-30") events; the events_date
        # index is walked backwards from the latest date. The ids come first, from the
        # index alone: joined in one query, SQLite read whole rows (and the documents'
        # rows past their text) for far more events than the limit, 45 ms at 100,000.
        cursor = self.conn.execute(
            f"{rows.EVENT_SELECT} WHERE e.id IN (SELECT id FROM events WHERE date >= '0'"
            f" AND {STANDING} AND level <= ? ORDER BY date DESC, id DESC LIMIT ?)"
            " ORDER BY e.date DESC, e.id DESC",
            (level, limit),
        )
        return [rows.stored_event(row) for row in cursor]

    def events_per_month(
        self, first_month: str, last_month: str, level: int = FULL_ACCESS
    ) -> list[tuple[str, str, int]]:
        # Kept by triggers (migrations 0005, 0007): grouping two years of events took
        # 15-35 ms; the levels up to the reader's are summed here.
        cursor = self.conn.execute(
            "SELECT month, type, sum(n) AS total FROM event_month_counts"
            " WHERE month >= ? AND month <= ? AND level <= ? GROUP BY month, type"
            " HAVING sum(n) > 0 ORDER BY month, type",
            (first_month, last_month, level),
        )
        return [(row[0], row[1], row[2]) for row in cursor]


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
        clearance=row["clearance"],
        country=row["country"],
    )


def participant_spellings(
    conn: sqlite3.Connection, column: str, ids: list[int], level: int
) -> dict[int, set[str]]:
    """The names standing events at or below `level` give each of these persons
    (`column` "person_id") or organisations ("organisation_id")."""
    assert column in ("person_id", "organisation_id")
    found: dict[int, set[str]] = {}
    cursor = conn.execute(
        f"SELECT DISTINCT {column}, participant_name FROM events"
        f" WHERE {column} IN (SELECT value FROM json_each(?)) AND {STANDING} AND level <= ?",
        (json.dumps(ids), level),
    )
    for owner, name in cursor:
        found.setdefault(owner, set()).add(name)
    return found
