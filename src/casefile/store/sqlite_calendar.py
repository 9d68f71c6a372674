"""The SQLite store's calendar addresses (migration 0022): the sha256 of each user's
secret feed token, at most one live per user; made and revoked in audited transactions
whose entries never hold the hash."""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager

from casefile.i18n import Msg
from casefile.store.base import StoreError
from casefile.store.base_calendar import CalendarToken
from casefile.store.base_security import User
from casefile.store.sqlite_accounts import _USER_SELECT, _row_user
from casefile.store.sqlite_audit import append_audit


class CalendarWrites:
    """Needs `conn` and `transaction()` from SQLiteStore."""

    @property
    def conn(self) -> sqlite3.Connection:
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def set_calendar_token(self, name: str, token_hash: str, actor: str, at: str) -> int:
        with self.transaction() as db:
            user_id = _user_id(db, name)
            revoked = _revoke(db, user_id, at)
            new_id: int = db.execute(
                "INSERT INTO calendar_tokens (user_id, token_hash, created_at) VALUES (?, ?, ?)"
                " RETURNING id", (user_id, token_hash, at),
            ).fetchone()[0]  # fmt: skip
            append_audit(db, actor, "user.calendar", [f"user:{name}"],
                         {"calendar": revoked}, {"calendar": new_id}, at)  # fmt: skip
        return new_id

    def revoke_calendar_token(self, name: str, actor: str, at: str) -> CalendarToken | None:
        with self.transaction() as db:
            user_id = _user_id(db, name)
            live = _live(db, user_id)
            if live is None:
                return None
            _revoke(db, user_id, at)
            append_audit(db, actor, "user.calendar.revoke", [f"user:{name}"],
                         {"calendar": live.id}, {"calendar": None}, at)  # fmt: skip
        return CalendarToken(live.id, live.created_at, at)

    def calendar_token(self, name: str) -> CalendarToken | None:
        return _live(self.conn, _user_id(self.conn, name))

    def user_by_calendar_token(self, token_hash: str) -> tuple[User, str] | None:
        row = self.conn.execute(
            f"{_USER_SELECT} JOIN calendar_tokens c ON c.user_id = u.id"
            " WHERE c.token_hash = ? AND c.revoked_at IS NULL", (token_hash,),
        ).fetchone()  # fmt: skip
        if row is None:
            return None
        made = self.conn.execute("SELECT created_at FROM calendar_tokens WHERE token_hash = ?",
                                 (token_hash,)).fetchone()[0]  # fmt: skip
        return _row_user(row), str(made)


def _user_id(db: sqlite3.Connection, name: str) -> int:
    row = db.execute("SELECT id FROM users WHERE name = ?", (name,)).fetchone()
    if row is None:
        raise StoreError(Msg("no user named %(name)r", name=name))
    return int(row[0])


def _live(db: sqlite3.Connection, user_id: int) -> CalendarToken | None:
    row = db.execute(
        "SELECT id, created_at, revoked_at FROM calendar_tokens"
        " WHERE user_id = ? AND revoked_at IS NULL", (user_id,),
    ).fetchone()  # fmt: skip
    return None if row is None else CalendarToken(row[0], row[1], row[2])


def _revoke(db: sqlite3.Connection, user_id: int, at: str) -> int | None:
    row = db.execute("UPDATE calendar_tokens SET revoked_at = ? WHERE user_id = ?"
                     " AND revoked_at IS NULL RETURNING id", (at, user_id)).fetchone()  # fmt: skip
    return None if row is None else int(row[0])
