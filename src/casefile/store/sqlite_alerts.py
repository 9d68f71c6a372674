"""The SQLite store's reads for alerts (services/alerts.py): light rows to find the cases
an alert may concern, then only their events; each case's newest news day computed in
SQL. All filtered by level and review status, so that a dashboard does not build every
fact of every case."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from casefile.store import rows
from casefile.store.base import StoredEvent
from casefile.store.base_alerts import AlertCandidate, CaseNews

# The last day a document may have been published (a partial date's span's end), else
# the day the fact was stored.
_NEWS_DAY = (
    "CASE WHEN d.published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN d.published"
    " WHEN d.published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'"
    " THEN date(d.published || '-01', '+1 month', '-1 day')"
    " WHEN d.published GLOB '[0-9][0-9][0-9][0-9]' THEN d.published || '-12-31'"
    " ELSE substr(e.created_at, 1, 10) END"
)


class AlertReads:
    """Needs `conn` from SQLiteStore."""

    @property
    def conn(self) -> sqlite3.Connection:
        raise NotImplementedError

    def alert_candidates(
        self, level: int, statuses: Sequence[str] | None, custodial: Sequence[str]
    ) -> list[AlertCandidate]:
        where, params = _filter(level, statuses)
        cursor = self.conn.execute(
            f"SELECT e.person_id, e.type, e.date, e.term FROM events e WHERE {where} AND"  # noqa: S608
            " ((e.type = 'sentence' AND e.term IS NOT NULL"
            "   AND e.term_kind IN (SELECT value FROM json_each(?)))"
            "  OR (e.type IN ('trial', 'appeal', 'arrest') AND e.date IS NOT NULL))",
            (*params, json.dumps(list(custodial))),
        )  # fmt: skip
        return [AlertCandidate(*row) for row in cursor]

    def alert_events(
        self, level: int, types: Sequence[str], statuses: Sequence[str] | None,
        person_ids: Sequence[int],
    ) -> list[StoredEvent]:  # fmt: skip
        where, params = _filter(level, statuses)
        cursor = self.conn.execute(
            f"{rows.EVENT_SELECT} WHERE {where}"  # noqa: S608
            " AND e.type IN (SELECT value FROM json_each(?))"
            " AND e.person_id IN (SELECT value FROM json_each(?)) ORDER BY e.id",
            (*params, json.dumps(list(types)), json.dumps(list(person_ids))),
        )  # fmt: skip
        return [rows.stored_event(row) for row in cursor]

    def case_news(self, level: int, statuses: Sequence[str] | None) -> list[CaseNews]:
        where, params = _filter(level, statuses)
        # Driven by the review-status index (CROSS JOIN keeps events outside, the unary
        # + keeps events_person out): grouping through events_person read every fact.
        where = where.replace("e.person_id IS NOT NULL", "+e.person_id IS NOT NULL")
        cursor = self.conn.execute(
            f"SELECT e.person_id, max({_NEWS_DAY}) FROM events e"  # noqa: S608
            f" CROSS JOIN documents d ON d.sha256 = e.document_sha256 WHERE {where}"
            " GROUP BY +e.person_id", params,
        )  # fmt: skip
        return [CaseNews(*row) for row in cursor]

    def alerts_stamp(self) -> int:
        row = self.conn.execute("SELECT max(id) FROM audit_log").fetchone()
        return int(row[0] or 0)

    def latest_news_event(
        self, person_id: int, level: int, statuses: Sequence[str] | None
    ) -> StoredEvent | None:
        where, params = _filter(level, statuses)
        row = self.conn.execute(
            f"{rows.EVENT_SELECT} WHERE {where} AND e.person_id = ?"  # noqa: S608
            f" ORDER BY {_NEWS_DAY} DESC, e.id DESC LIMIT 1", (*params, person_id),
        ).fetchone()  # fmt: skip
        return None if row is None else rows.stored_event(row)


def _filter(level: int, statuses: Sequence[str] | None) -> tuple[str, tuple[object, ...]]:
    where = "e.person_id IS NOT NULL AND e.level <= ?"
    if statuses is None:
        return where + " AND e.review_status != 'rejected'", (level,)
    # Placeholders, not json_each: the planner then uses the review-status indexes.
    marks = ", ".join("?" for _ in statuses) or "NULL"
    return where + f" AND e.review_status IN ({marks})", (level, *statuses)
