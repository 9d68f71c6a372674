"""The SQLite store's accounts side: users, their roles, clearances and password hashes,
and API tokens. Every change appends its audit entry in the same transaction; password
and token hashes never enter the audit log (it records that a password changed, not
what to)."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from contextlib import AbstractContextManager
from typing import Any

from casefile.store.base import StoreError
from casefile.store.base_security import User
from casefile.store.sqlite_audit import append_audit

_SETTABLE = ("role", "clearance", "password_hash", "password_changed_at", "disabled_at")
_USER_SELECT = (
    "SELECT u.id, u.name, u.role, u.clearance, u.password_hash IS NOT NULL AS has_password,"
    " u.created_at, u.password_changed_at, u.disabled_at, (SELECT count(*) FROM api_tokens t"
    " WHERE t.user_id = u.id AND t.revoked_at IS NULL) AS tokens FROM users u"
)


class AccountWrites:
    """Needs `conn` and `transaction()` from SQLiteStore."""

    @property
    def conn(self) -> sqlite3.Connection:
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def add_user(
        self, name: str, role: str, clearance: str, password_hash: str | None, actor: str,
        at: str,
    ) -> User:
        with self.transaction() as db:
            if _user(db, name) is not None:
                raise StoreError(f"a user named {name!r} already exists")
            db.execute(
                "INSERT INTO users (name, role, clearance, password_hash, created_at,"
                " password_changed_at) VALUES (?, ?, ?, ?, ?, ?)",
                (name, role, clearance, password_hash, at,
                 at if password_hash is not None else None),
            )  # fmt: skip
            user = _user(db, name)
            assert user is not None
            append_audit(db, actor, "user.add", [f"user:{user.name}"], {}, _public(user), at)
        return user

    def get_user(self, name: str) -> User | None:
        return _user(self.conn, name)

    def list_users(self) -> list[User]:
        return [_row_user(r) for r in self.conn.execute(f"{_USER_SELECT} ORDER BY u.name")]

    def update_user(
        self, name: str, values: Mapping[str, Any], action: str, actor: str, at: str
    ) -> User:
        unknown = set(values) - set(_SETTABLE)
        if unknown:
            raise StoreError(f"a user has no settable field(s) {', '.join(sorted(unknown))}")
        with self.transaction() as db:
            before = _user(db, name)
            if before is None:
                raise StoreError(f"no user named {name!r}")
            sets = ", ".join(f"{column} = :{column}" for column in values)
            db.execute(f"UPDATE users SET {sets} WHERE id = :id", {**values, "id": before.id})
            after = _user(db, name)
            assert after is not None
            old, new = _public(before), _public(after)
            changed = {k for k in new if old[k] != new[k]}
            secret = {"password": "(changed)"} if "password_hash" in values else {}
            append_audit(db, actor, action, [f"user:{after.name}"],
                         {k: old[k] for k in changed}, {**{k: new[k] for k in changed}, **secret},
                         at)  # fmt: skip
        return after

    def user_password_hash(self, name: str) -> str | None:
        row = self.conn.execute(
            "SELECT password_hash FROM users WHERE name = ?", (name,)
        ).fetchone()
        return None if row is None else row[0]

    def add_token(self, name: str, token_hash: str, actor: str, at: str) -> int:
        with self.transaction() as db:
            user = _user(db, name)
            if user is None:
                raise StoreError(f"no user named {name!r}")
            row = db.execute(
                "INSERT INTO api_tokens (user_id, token_hash, created_at) VALUES (?, ?, ?)"
                " RETURNING id",
                (user.id, token_hash, at),
            ).fetchone()
            token_id = int(row[0])
            append_audit(db, actor, "user.token", [f"user:{user.name}"], {},
                         {"token": token_id}, at)  # fmt: skip
        return token_id

    def user_by_token(self, token_hash: str) -> User | None:
        row = self.conn.execute(
            f"{_USER_SELECT} JOIN api_tokens k ON k.user_id = u.id"
            " WHERE k.token_hash = ? AND k.revoked_at IS NULL",
            (token_hash,),
        ).fetchone()
        return None if row is None else _row_user(row)


def _user(db: sqlite3.Connection, name: str) -> User | None:
    row = db.execute(f"{_USER_SELECT} WHERE u.name = ?", (name,)).fetchone()
    return None if row is None else _row_user(row)


def _row_user(row: sqlite3.Row) -> User:
    return User(
        id=row["id"], name=row["name"], role=row["role"], clearance=row["clearance"],
        has_password=bool(row["has_password"]), created_at=row["created_at"],
        password_changed_at=row["password_changed_at"], disabled_at=row["disabled_at"],
        tokens=row["tokens"],
    )


def _public(user: User) -> dict[str, Any]:
    """What the audit log may show of a user."""
    return {"role": user.role, "clearance": user.clearance, "password": user.has_password,
            "disabled_at": user.disabled_at, "tokens": user.tokens}
