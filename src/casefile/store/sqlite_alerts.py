"""The SQLite store's reads for alerts (services/alerts.py): the events of the types the
rules read, and a light row per fact for the no-news rule, filtered by level and review
status in SQL so that a dashboard does not build every fact of every case."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from casefile.store import rows
from casefile.store.base import StoredEvent
from casefile.store.base_alerts import NewsRow


class AlertReads:
    """Needs `conn` from SQLiteStore."""

    @property
    def conn(self) -> sqlite3.Connection:
        raise NotImplementedError

    def alert_events(
        self, level: int, types: Sequence[str], statuses: Sequence[str] | None
    ) -> list[StoredEvent]:
        where, params = _filter(level, statuses)
        cursor = self.conn.execute(
            f"{rows.EVENT_SELECT} WHERE {where}"  # noqa: S608
            " AND e.type IN (SELECT value FROM json_each(?)) ORDER BY e.id",
            (*params, json.dumps(list(types))),
        )  # fmt: skip
        return [rows.stored_event(row) for row in cursor]

    def news_rows(self, level: int, statuses: Sequence[str] | None) -> list[NewsRow]:
        where, params = _filter(level, statuses)
        cursor = self.conn.execute(
            "SELECT e.person_id, e.id, d.published, e.created_at FROM events e"
            f" JOIN documents d ON d.sha256 = e.document_sha256 WHERE {where}",  # noqa: S608
            params,
        )  # fmt: skip
        return [NewsRow(*row) for row in cursor]


def _filter(level: int, statuses: Sequence[str] | None) -> tuple[str, tuple[object, ...]]:
    where = "e.person_id IS NOT NULL AND e.level <= ?"
    if statuses is None:
        return where + " AND e.review_status != 'rejected'", (level,)
    return (where + " AND e.review_status IN (SELECT value FROM json_each(?))",
            (level, json.dumps(list(statuses))))  # fmt: skip
