"""The SQLite store's web sessions: rows keyed by the sha256 of the session id.

Sessions are not records: signing in and out does not enter the audit log (it would
grow by every visit and serialise every sign-in behind the log's chain)."""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager

from casefile.store.base_security import SessionRecord
from casefile.store.sqlite_accounts import _USER_SELECT, _row_user


class SessionWrites:
    """Needs `conn` and `transaction()` from SQLiteStore."""

    @property
    def conn(self) -> sqlite3.Connection:
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def add_session(self, id_hash: str, user_name: str, csrf: str, created_at: str,
                    expires_at: str, pending: str | None = None) -> None:  # fmt: skip
        with self.transaction() as db:
            # Expired rows are removed here rather than by a timer: sign-ins are rare.
            db.execute("DELETE FROM sessions WHERE expires_at <= ?", (created_at,))
            db.execute(
                "INSERT INTO sessions (id_hash, user_id, csrf, created_at, expires_at, pending)"
                " SELECT ?, id, ?, ?, ?, ? FROM users WHERE name = ?",
                (id_hash, csrf, created_at, expires_at, pending, user_name),
            )

    def get_session(self, id_hash: str, now: str) -> SessionRecord | None:
        row = self.conn.execute(
            _USER_SELECT.replace(" FROM users u", ", s.csrf AS s_csrf, s.expires_at AS s_expires,"
                                 " s.pending AS s_pending"
                                 " FROM users u JOIN sessions s ON s.user_id = u.id")
            + " WHERE s.id_hash = ? AND s.expires_at > ?",
            (id_hash, now),
        ).fetchone()  # fmt: skip
        if row is None:
            return None
        return SessionRecord(_row_user(row), row["s_csrf"], row["s_expires"], row["s_pending"])

    def delete_session(self, id_hash: str) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM sessions WHERE id_hash = ?", (id_hash,))

    def delete_user_sessions(self, user_name: str) -> int:
        with self.transaction() as db:
            cursor = db.execute(
                "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?)",
                (user_name,),
            )
            return cursor.rowcount
