"""The SQLite store's reads for reports (store/base_reports.py): one scan of the events
table with the case summaries of one clearance (100,000 facts in well under a second,
bench/web.py), and the statistics with their documents."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

from casefile.model import PartialDate
from casefile.store import rows
from casefile.store.base_reports import CitedStatistic, ReportFact
from casefile.store.sqlite_filters import STANDING


class ReportReads:
    """Needs `conn` from SQLiteStore."""

    @property
    def conn(self) -> sqlite3.Connection:
        raise NotImplementedError

    def report_facts(self, level: int) -> Iterator[ReportFact]:
        cursor = self.conn.execute(
            "SELECT e.person_id, e.organisation_id, e.type, e.date, e.review_status, e.term,"
            " e.term_kind, e.articles, e.charges, cs.country, e.document_sha256 FROM events e"
            " LEFT JOIN case_summaries cs ON cs.person_id = e.person_id AND cs.clearance = ?"
            f" WHERE e.{STANDING} AND e.level <= ?",
            (level, level),
        )
        for (pid, oid, kind, date, status, term, term_kind, articles, charges, country,
             sha256) in cursor:  # fmt: skip
            yield ReportFact(pid, oid, kind, date, status != "unreviewed", term, term_kind,
                             _list(articles), _list(charges), country, sha256)  # fmt: skip

    def report_statistics(self, level: int) -> list[CitedStatistic]:
        cursor = self.conn.execute(
            "SELECT s.*, d.title AS d_title, d.publisher AS d_publisher, d.url AS d_url,"
            " d.published AS d_published, (SELECT json_group_array(DISTINCT c.country)"
            " FROM person_countries c WHERE c.document_sha256 = s.document_sha256)"
            " AS d_countries FROM statistics s JOIN documents d ON d.sha256 = s.document_sha256"
            f" WHERE s.{STANDING} AND s.level <= ? ORDER BY d.published, s.id",
            (level,),
        )
        return [
            CitedStatistic(
                rows.stored_statistic(row), row["document_sha256"], row["d_title"],
                row["d_publisher"], row["d_url"],
                PartialDate.parse(row["d_published"]) if row["d_published"] else None,
                frozenset(json.loads(row["d_countries"] or "[]")),
            )  # fmt: skip
            for row in cursor
        ]


def _list(raw: str) -> tuple[str, ...]:
    """A JSON list column; most are empty, and parsing 100,000 of them costs."""
    return () if raw == "[]" else tuple(json.loads(raw))
