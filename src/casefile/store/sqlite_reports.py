"""The SQLite store's reads for reports (store/base_reports.py). The counts are grouped
in SQLite: reading 100,000 facts into Python to count them took seconds
(bench/web.py); only the facts with charges or a sentence, and the statistics a report
lists, come out whole."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from casefile.model import PartialDate
from casefile.store import rows
from casefile.store.base_reports import (
    REPORT_GROUPS,
    CitedStatistic,
    GroupCount,
    ReportFact,
    ReportScope,
    StatisticRef,
)
from casefile.store.sqlite_filters import STANDING

# The scope's facts: a person's standing events at the level, with the case's country at
# that clearance and the year of the date ("--11-30" has none), of the country, in the
# years (then undated facts are out).
_COUNTED = "e.person_id, e.review_status, e.type, e.date"  # in the events_date index
_READ = f"{_COUNTED}, e.document_sha256, e.term, e.term_kind, e.articles, e.charges"


def _in_scope(columns: str) -> str:
    return (
        f"WITH f AS (SELECT {columns}, cs.country AS country, CASE WHEN e.date GLOB"
        " '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(e.date, 1, 4) AS INTEGER) END AS year"
        " FROM events e LEFT JOIN case_summaries cs"
        " ON cs.person_id = e.person_id AND cs.clearance = :level"
        f" WHERE e.person_id IS NOT NULL AND e.{STANDING} AND e.level <= :level"
        " AND (:country IS NULL OR cs.country = :country)),"
        " k AS (SELECT * FROM f WHERE NOT :dated OR (year IS NOT NULL"
        " AND (:first IS NULL OR year >= :first) AND (:last IS NULL OR year <= :last))) "
    )


_ACCEPTED = "review_status != 'unreviewed'"
_GROUP_KEYS = {"total": "CAST('' AS TEXT)", "country": "COALESCE(country, '')",
               "year": "COALESCE(CAST(year AS TEXT), '')", "type": "type"}  # fmt: skip


def _params(scope: ReportScope) -> dict[str, Any]:
    return {"level": scope.level, "country": scope.country, "dated": scope.dated_only,
            "first": scope.first_year, "last": scope.last_year}  # fmt: skip


class ReportReads:
    """Needs `conn` from SQLiteStore."""

    @property
    def conn(self) -> sqlite3.Connection:
        raise NotImplementedError

    def report_counts(self, scope: ReportScope, group: str) -> list[GroupCount]:
        if group not in REPORT_GROUPS:
            raise ValueError(f"no report group {group!r}")
        key = _GROUP_KEYS[group]
        cursor = self.conn.execute(
            f"{_in_scope(_COUNTED)} SELECT {key}, count(DISTINCT person_id),"  # noqa: S608
            f" count(DISTINCT CASE WHEN {_ACCEPTED} THEN person_id END), count(*),"
            f" total({_ACCEPTED}) FROM k GROUP BY {key}",
            _params(scope),
        )
        return [GroupCount(key, cases, accepted, facts, int(accepted_facts))
                for key, cases, accepted, facts, accepted_facts in cursor]  # fmt: skip

    def report_documents(self, scope: ReportScope) -> int:
        columns = f"{_COUNTED}, e.document_sha256"
        row = self.conn.execute(
            f"{_in_scope(columns)} SELECT count(DISTINCT document_sha256) FROM k",
            _params(scope)).fetchone()  # fmt: skip
        return int(row[0])

    def report_undated(self, scope: ReportScope) -> int:
        if not scope.dated_only:
            return 0
        row = self.conn.execute(f"{_in_scope(_COUNTED)} SELECT count(*) FROM f WHERE year IS NULL",
                                _params(scope)).fetchone()  # fmt: skip
        return int(row[0])

    def report_organisations(self, scope: ReportScope) -> int:
        row = self.conn.execute(
            "SELECT count(DISTINCT organisation_id) FROM (SELECT organisation_id, CASE WHEN"
            " date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(date, 1, 4) AS INTEGER) END"
            f" AS year FROM events WHERE organisation_id IS NOT NULL AND {STANDING}"
            " AND level <= :level) WHERE NOT :dated OR (year IS NOT NULL"
            " AND (:first IS NULL OR year >= :first) AND (:last IS NULL OR year <= :last))",
            _params(scope),
        ).fetchone()
        return int(row[0])

    def report_facts(self, scope: ReportScope) -> Iterator[ReportFact]:
        cursor = self.conn.execute(
            f"{_in_scope(_READ)} SELECT person_id, type, date, {_ACCEPTED}, term, term_kind,"
            " articles, charges FROM k WHERE articles != '[]' OR charges != '[]'"
            " OR type = 'sentence' OR term IS NOT NULL",
            _params(scope),
        )
        for pid, kind, date, accepted, term, term_kind, articles, charges in cursor:
            yield ReportFact(pid, kind, date, bool(accepted), term, term_kind,
                             _list(articles), _list(charges))  # fmt: skip

    def report_statistics(self, level: int) -> list[StatisticRef]:
        cursor = self.conn.execute(
            "SELECT s.id, s.period, s.document_sha256, d.published FROM statistics s"
            f" JOIN documents d ON d.sha256 = s.document_sha256 WHERE s.{STANDING}"
            " AND s.level <= ? ORDER BY d.published, s.id",
            (level,),
        )
        return [StatisticRef(sid, period, sha256, PartialDate.parse(published)
                             if published else None)
                for sid, period, sha256, published in cursor]  # fmt: skip

    def country_documents(self, country: str) -> set[str]:
        cursor = self.conn.execute(
            "SELECT DISTINCT document_sha256 FROM person_countries WHERE country = ?",
            (country,))  # fmt: skip
        return {row[0] for row in cursor}

    def cited_statistics(self, ids: list[int]) -> list[CitedStatistic]:
        cursor = self.conn.execute(
            "SELECT s.*, d.title AS d_title, d.publisher AS d_publisher, d.url AS d_url,"
            " d.published AS d_published FROM statistics s"
            " JOIN documents d ON d.sha256 = s.document_sha256"
            " WHERE s.id IN (SELECT value FROM json_each(?))",
            (json.dumps(ids),),
        )
        found = {
            row["id"]: CitedStatistic(
                rows.stored_statistic(row), row["document_sha256"], row["d_title"],
                row["d_publisher"], row["d_url"],
                PartialDate.parse(row["d_published"]) if row["d_published"] else None,
            )  # fmt: skip
            for row in cursor
        }
        return [found[i] for i in ids if i in found]


def _list(raw: str) -> tuple[str, ...]:
    """A JSON list column; most are empty, and parsing thousands of them costs."""
    return () if raw == "[]" else tuple(json.loads(raw))
