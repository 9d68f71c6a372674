"""The SQLite store's search index (migration 0013): what changed since it was written,
writing the keys `services.search_index` computed, and matching against them.

A mixin of `SQLiteStore`. The index is derived data, like `case_summaries`: its writes
are not audited, and `mark_search_stale` rebuilds it from the records.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any

from casefile.model import PartialDate
from casefile.store import rows
from casefile.store.base import StoredEvent
from casefile.store.base_search import CaseKeys, DocumentMatch
from casefile.store.base_security import FULL_ACCESS
from casefile.store.sqlite_filters import STANDING

# Matches beyond which a search is not ranked (bm25 costs 1.5-3 µs a match, counting
# almost nothing): the newest come first instead. A word that many facts or documents
# hold ranks them no better than their age does.
RANKED_MATCHES = 3_000
CASE_ROWS = 4  # search_cases rowid = person_id * CASE_ROWS + clearance


class SearchIndex:
    """Needs `conn` from SQLiteStore."""

    @property
    def conn(self) -> sqlite3.Connection:
        raise NotImplementedError

    # -- keeping the index ------------------------------------------------------------

    def stale_search_documents(self, limit: int) -> dict[str, int]:
        return dict(self.conn.execute(
            "SELECT sha256, version FROM search_stale_documents ORDER BY sha256 LIMIT ?",
            (limit,)).fetchall())  # fmt: skip

    def stale_search_events(self, limit: int) -> dict[int, int]:
        return dict(self.conn.execute(
            "SELECT id, version FROM search_stale_events ORDER BY id LIMIT ?",
            (limit,)).fetchall())  # fmt: skip

    def stale_search_cases(self, limit: int) -> dict[int, int]:
        return dict(self.conn.execute(
            "SELECT person_id, version FROM search_stale_cases ORDER BY person_id LIMIT ?",
            (limit,)).fetchall())  # fmt: skip

    def search_document_texts(self, sha256s: list[str]) -> dict[str, tuple[str | None, str]]:
        cursor = self.conn.execute(
            "SELECT sha256, title, text FROM documents"
            " WHERE sha256 IN (SELECT value FROM json_each(?))",
            (json.dumps(sha256s),),
        )
        return {r[0]: (r[1], r[2]) for r in cursor}

    def document_texts(self, sha256s: list[str]) -> dict[str, str]:
        # The text alone: it stands before the original bytes, which are not read.
        cursor = self.conn.execute(
            "SELECT sha256, text FROM documents WHERE sha256 IN (SELECT value FROM json_each(?))",
            (json.dumps(sha256s),),
        )
        return {r[0]: r[1] for r in cursor}

    def search_event_texts(self, event_ids: list[int]) -> dict[int, str]:
        cursor = self.conn.execute(
            "SELECT id, participant_name, evidence_quote, charges, agent FROM events"
            " WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(event_ids),),
        )
        return {r[0]: " ".join(p for p in (r[1], r[2], *_charges(r[3]), r[4]) if p)
                for r in cursor}  # fmt: skip

    def put_document_keys(
        self, keys: Mapping[str, tuple[str, str] | None], versions: Mapping[str, int]
    ) -> None:
        with _derived(self.conn) as conn:
            for sha256, pair in keys.items():
                row = conn.execute(
                    "SELECT id FROM search_document_ids WHERE sha256 = ?", (sha256,)
                ).fetchone()
                if row is not None:
                    conn.execute("DELETE FROM search_documents WHERE rowid = ?", (row[0],))
                if pair is None:
                    conn.execute("DELETE FROM search_document_ids WHERE sha256 = ?", (sha256,))
                    continue
                inserted = conn.execute(
                    "INSERT INTO search_document_ids (sha256, title, source_name, published)"
                    " SELECT sha256, title, source_name, published FROM documents"
                    " WHERE sha256 = ? ON CONFLICT (sha256) DO UPDATE SET title ="
                    " excluded.title, source_name = excluded.source_name,"
                    " published = excluded.published RETURNING id",
                    (sha256,)).fetchone()  # fmt: skip
                if inserted is not None:  # else deleted meanwhile: marked again
                    conn.execute(
                        "INSERT INTO search_documents (rowid, title, body) VALUES (?, ?, ?)",
                        (inserted[0], *pair),
                    )
            conn.executemany(
                "DELETE FROM search_stale_documents WHERE sha256 = ? AND version = ?",
                versions.items(),
            )

    def put_event_keys(self, keys: Mapping[int, str | None], versions: Mapping[int, int]) -> None:
        with _derived(self.conn) as conn:
            conn.executemany("DELETE FROM search_events WHERE rowid = ?", [(k,) for k in keys])
            conn.executemany(
                "INSERT INTO search_events (rowid, body) VALUES (?, ?)",
                [(k, v) for k, v in keys.items() if v is not None],
            )
            conn.executemany(
                "DELETE FROM search_stale_events WHERE id = ? AND version = ?", versions.items()
            )

    def put_case_keys(self, keys: Mapping[int, CaseKeys], versions: Mapping[int, int]) -> None:
        with _derived(self.conn) as conn:
            for person_id in versions:
                conn.execute(
                    "DELETE FROM search_cases WHERE rowid BETWEEN ? AND ?",
                    (person_id * CASE_ROWS, person_id * CASE_ROWS + CASE_ROWS - 1),
                )
            conn.executemany(
                "INSERT INTO search_cases (rowid, names, facts) VALUES (?, ?, ?)",
                [(pid * CASE_ROWS + clearance, names, facts)
                 for pid, by_level in keys.items()
                 for clearance, (names, facts) in by_level.items()],
            )  # fmt: skip
            conn.executemany(
                "DELETE FROM search_stale_cases WHERE person_id = ? AND version = ?",
                versions.items(),
            )

    def mark_search_stale(self) -> tuple[int, int, int]:
        with _derived(self.conn) as conn:
            for table in ("search_documents", "search_events", "search_cases"):
                conn.execute(f"DELETE FROM {table}")  # noqa: S608 (a fixed name)
            conn.execute("DELETE FROM search_document_ids")
            counts = [conn.execute(sql).rowcount for sql in (
                "INSERT INTO search_stale_documents (sha256) SELECT sha256 FROM documents"
                " WHERE true ON CONFLICT (sha256) DO UPDATE SET version = version + 1",
                "INSERT INTO search_stale_events (id) SELECT id FROM events"
                " WHERE true ON CONFLICT (id) DO UPDATE SET version = version + 1",
                "INSERT INTO search_stale_cases (person_id) SELECT DISTINCT person_id"
                " FROM events WHERE person_id IS NOT NULL"
                " ON CONFLICT (person_id) DO UPDATE SET version = version + 1",
            )]  # fmt: skip
        return counts[0], counts[1], counts[2]

    # -- matching -----------------------------------------------------------------------

    def match_documents(
        self, match: str, limit: int, level: int = FULL_ACCESS
    ) -> list[DocumentMatch]:
        # Title words weigh more than the text's: a document about the person first.
        ranked = self.conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM search_documents WHERE search_documents"
            " MATCH ? LIMIT ?)", (match, RANKED_MATCHES + 1)).fetchone()[0] <= RANKED_MATCHES
        score = "bm25(search_documents, 5.0, 1.0)" if ranked else "-rowid"
        cursor = self.conn.execute(
            "SELECT i.sha256, i.title, i.source_name, i.published FROM"
            f" (SELECT rowid, {score} AS score FROM search_documents"
            "  WHERE search_documents MATCH ?) m"
            " JOIN search_document_ids i ON i.id = m.rowid"
            " JOIN document_levels l ON l.sha256 = i.sha256"
            " WHERE l.level <= ? ORDER BY m.score, i.sha256 LIMIT ?",
            (match, level, limit),
        )
        return [DocumentMatch(r[0], r[1], r[2], PartialDate.parse(r[3]) if r[3] else None)
                for r in cursor]  # fmt: skip

    def match_events(
        self, match: str, limit: int, level: int = FULL_ACCESS
    ) -> list[StoredEvent]:
        # Ranking costs ~1.5 µs a match where counting costs almost nothing: past
        # RANKED_MATCHES, the newest facts come first instead.
        found = self.conn.execute(
            "SELECT count(*) FROM search_events WHERE search_events MATCH ?", (match,)
        ).fetchone()[0]
        order = "rank" if found <= RANKED_MATCHES else "rowid DESC"
        # Hidden and rejected facts are dropped after the ranked pick: more are picked
        # than shown, so that a page is rarely short of them; whole rows (joined with
        # their documents) are read only for those shown.
        ids = [r[0] for r in self.conn.execute(
            f"SELECT rowid FROM search_events WHERE search_events MATCH ? ORDER BY {order}"
            " LIMIT ?", (match, limit * 4))]  # fmt: skip
        return shown_events(self.conn, ids, level, limit)

    def count_document_matches(self, match: str, level: int, upto: int) -> int:
        found: int = self.conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM search_documents m"
            " JOIN search_document_ids i ON i.id = m.rowid"
            " JOIN document_levels l ON l.sha256 = i.sha256"
            " WHERE search_documents MATCH ? AND l.level <= ? LIMIT ?)",
            (match, level, upto),
        ).fetchone()[0]
        return found

    def document_labels(self, sha256s: list[str]) -> dict[str, tuple[str | None, str | None]]:
        cursor = self.conn.execute(
            "SELECT sha256, title, source_name FROM search_document_ids"
            " WHERE sha256 IN (SELECT value FROM json_each(?))",
            (json.dumps(sha256s),),
        )
        return {r[0]: (r[1], r[2]) for r in cursor}


def _charges(raw: str | None) -> list[str]:
    """A fact's charges (a JSON list) as text: escaped letters would index as "u0438"."""
    try:
        charges = json.loads(raw or "[]")
    except ValueError:
        return [raw or ""]
    return [str(c) for c in charges] if isinstance(charges, list) else [str(charges)]


class _derived:
    """A write transaction for derived rows (not audited: the records did not change)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.conn.execute("COMMIT")
        elif self.conn.in_transaction:
            self.conn.execute("ROLLBACK")


def shown_events(
    conn: Any, ids: list[int], level: int, limit: int
) -> list[StoredEvent]:
    """The first `limit` of the ranked fact ids `ids` that stand and are at or below
    `level`, read in full in that order (both backends' search ends here)."""
    shown = {r[0] for r in conn.execute(
        f"SELECT id FROM events WHERE id IN (SELECT value FROM json_each(?)) AND {STANDING}"
        " AND level <= ?", (json.dumps(ids), level))}  # fmt: skip
    picked = [i for i in ids if i in shown][:limit]
    cursor = conn.execute(
        f"{rows.EVENT_SELECT} WHERE e.id IN (SELECT value FROM json_each(?))",
        (json.dumps(picked),),
    )
    found_events = {row["id"]: rows.stored_event(row) for row in cursor}
    return [found_events[i] for i in picked if i in found_events]
