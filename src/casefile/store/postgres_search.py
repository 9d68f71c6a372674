"""The search index's matching on PostgreSQL. The rest of sqlite_search.SearchIndex
runs as it is: FTS5's tables are plain tables there (migrations_pg) with a `rowid`
column and a tsvector of the keys, and `x MATCH ?` becomes `x.keys @@ to_tsquery(...)`
(pg_sql). What is left is ranking: FTS5's bm25 becomes ts_rank (title words weigh
more: weight A)."""

from __future__ import annotations

from typing import Any

from casefile.model import PartialDate
from casefile.store.base import StoredEvent
from casefile.store.base_search import DocumentMatch
from casefile.store.base_security import FULL_ACCESS
from casefile.store.pg_sql import fts_tsquery
from casefile.store.sqlite_search import RANKED_MATCHES, shown_events

# ts_rank's weights for D, C, B, A: a title word (A) counts five times a text word (D),
# as bm25(search_documents, 5.0, 1.0) has it in SQLite.
_WEIGHTS = "'{0.2, 0.2, 0.2, 1.0}'"


class PostgresSearch:
    """Needs `conn` from the store (a pg_connection.PgConnection)."""

    conn: Any

    def match_documents(
        self, match: str, limit: int, level: int = FULL_ACCESS
    ) -> list[DocumentMatch]:
        query = fts_tsquery(match)
        ranked = self.conn.raw.execute(
            "SELECT count(*) FROM (SELECT 1 FROM search_documents"
            " WHERE keys @@ to_tsquery('simple', %s) LIMIT %s) AS m",
            (query, RANKED_MATCHES + 1)).fetchone()[0] <= RANKED_MATCHES  # fmt: skip
        score = (f"-ts_rank({_WEIGHTS}, keys, to_tsquery('simple', %(q)s))" if ranked
                 else "-rowid")  # fmt: skip
        cursor = self.conn.raw.execute(
            "SELECT i.sha256, i.title, i.source_name, i.published FROM"
            f" (SELECT rowid, {score} AS score FROM search_documents"
            "  WHERE keys @@ to_tsquery('simple', %(q)s)) AS m"
            " JOIN search_document_ids i ON i.id = m.rowid"
            " JOIN document_levels l ON l.sha256 = i.sha256"
            " WHERE l.level <= %(level)s ORDER BY m.score, i.sha256 LIMIT %(limit)s",
            {"q": query, "level": level, "limit": limit},
        )
        return [DocumentMatch(r[0], r[1], r[2], PartialDate.parse(r[3]) if r[3] else None)
                for r in cursor]  # fmt: skip

    def match_events(
        self, match: str, limit: int, level: int = FULL_ACCESS
    ) -> list[StoredEvent]:
        query = fts_tsquery(match)
        # Counted only up to the point where ranking stops: a common word matches most
        # facts, and counting them all visits every matching row.
        ranked = self.conn.raw.execute(
            "SELECT count(*) FROM (SELECT 1 FROM search_events"
            " WHERE keys @@ to_tsquery('simple', %s) LIMIT %s) AS m",
            (query, RANKED_MATCHES + 1)).fetchone()[0] <= RANKED_MATCHES  # fmt: skip
        # normalisation 2 (rank / length): as bm25, a short fact holding the words ranks
        # before a long one; ties in id order, as FTS5's
        order = ("ts_rank(keys, to_tsquery('simple', %(q)s), 2) DESC, rowid"
                 if ranked else "rowid DESC")  # fmt: skip
        ids = [r[0] for r in self.conn.raw.execute(
            "SELECT rowid FROM search_events WHERE keys @@ to_tsquery('simple', %(q)s)"
            f" ORDER BY {order} LIMIT %(n)s", {"q": query, "n": limit * 4})]  # fmt: skip
        return shown_events(self.conn, ids, level, limit)
