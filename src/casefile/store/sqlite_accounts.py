"""The SQLite store's accounts side: users, their roles, clearances and password hashes,
API tokens, two-factor secrets and the roles that must use them. Every change appends
its audit entry in the same transaction; password and token hashes and TOTP secrets
never enter the audit log (it records that a password changed, not what to)."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from contextlib import AbstractContextManager
from typing import Any

from casefile.i18n import Msg
from casefile.security.chain import ChainEntry
from casefile.store.base import StoreError
from casefile.store.base_security import AuditEntry, TokenRecord, TotpState, User
from casefile.store.sqlite_audit import _COLUMNS, append_audit

_SETTABLE = ("role", "clearance", "password_hash", "password_changed_at", "disabled_at")
_USER_SELECT = (
    "SELECT u.id, u.name, u.role, u.clearance, u.password_hash IS NOT NULL AS has_password,"
    " u.created_at, u.password_changed_at, u.disabled_at, (SELECT count(*) FROM api_tokens t"
    " WHERE t.user_id = u.id AND t.revoked_at IS NULL) AS tokens,"
    " u.totp_enrolled_at IS NOT NULL AS totp, coalesce((SELECT p.require_2fa FROM"
    " role_policies p WHERE p.role = u.role), 0) AS role_requires_2fa FROM users u"
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
                raise StoreError(Msg("a user named %(name)s already exists", name=repr(name)))
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

    def user_language(self, name: str) -> str | None:
        row = self.conn.execute("SELECT language FROM users WHERE name = ?", (name,)).fetchone()
        return None if row is None or row[0] is None else str(row[0])

    def set_user_language(self, name: str, language: str | None) -> None:
        with self.transaction() as db:
            db.execute("UPDATE users SET language = ? WHERE name = ?", (language, name))

    def list_users(self) -> list[User]:
        return [_row_user(r) for r in self.conn.execute(f"{_USER_SELECT} ORDER BY u.name")]

    def update_user(
        self, name: str, values: Mapping[str, Any], action: str, actor: str, at: str,
        *, end_credentials: bool = False,
    ) -> User:
        unknown = set(values) - set(_SETTABLE)
        if unknown:
            raise StoreError(Msg(
                "a user has no settable field(s) %(items)s",
                items=', '.join(sorted(unknown)),
            ))
        with self.transaction() as db:
            before = _existing_user(db, name)
            sets = ", ".join(f"{column} = :{column}" for column in values)
            if sets:
                db.execute(f"UPDATE users SET {sets} WHERE id = :id",
                           {**values, "id": before.id})  # fmt: skip
            ended: dict[str, Any] = {}
            if end_credentials:
                ended = _end_credentials(db, before.id, at)
            after = _user(db, name)
            assert after is not None
            old, new = _public(before), _public(after)
            changed = {k for k in new if old[k] != new[k]}
            secret = {"password": "(changed)"} if "password_hash" in values else {}
            append_audit(db, actor, action, [f"user:{after.name}"],
                         {k: old[k] for k in changed},
                         {**{k: new[k] for k in changed}, **secret, **ended}, at)  # fmt: skip
        return after

    def user_password_hash(self, name: str) -> str | None:
        row = self.conn.execute(
            "SELECT password_hash FROM users WHERE name = ?", (name,)
        ).fetchone()
        return None if row is None else row[0]

    def add_token(self, name: str, token_hash: str, actor: str, at: str) -> int:
        with self.transaction() as db:
            user = _existing_user(db, name)
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

    def touch_token(self, token_hash: str, at: str, unless_since: str) -> None:
        stale = self.conn.execute(
            "SELECT 1 FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL"
            " AND (last_used_at IS NULL OR last_used_at < ?)", (token_hash, unless_since),
        ).fetchone()  # fmt: skip
        if stale is None:  # the common case: read only, no write lock taken
            return
        with self.transaction() as db:
            db.execute("UPDATE api_tokens SET last_used_at = ? WHERE token_hash = ?",
                       (at, token_hash))  # fmt: skip

    def list_tokens(self, name: str) -> list[TokenRecord]:
        user = _existing_user(self.conn, name)
        rows = self.conn.execute(
            "SELECT id, created_at, last_used_at, revoked_at FROM api_tokens"
            " WHERE user_id = ? ORDER BY id", (user.id,),
        )  # fmt: skip
        return [TokenRecord(r["id"], r["created_at"], r["last_used_at"], r["revoked_at"])
                for r in rows]  # fmt: skip

    def revoke_token(self, name: str, token_id: int, actor: str, at: str) -> TokenRecord:
        with self.transaction() as db:
            user = _existing_user(db, name)
            row = db.execute(
                "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ?"
                " AND revoked_at IS NULL RETURNING id, created_at, last_used_at, revoked_at",
                (at, token_id, user.id),
            ).fetchone()
            if row is None:
                raise StoreError(Msg(
                    "%(name)s has no live API token %(token_id)s",
                    name=user.name, token_id=token_id,
                ))
            append_audit(db, actor, "user.token.revoke", [f"user:{user.name}"],
                         {"tokens": user.tokens}, {"tokens": user.tokens - 1,
                                                   "revoked": [token_id]}, at)  # fmt: skip
        return TokenRecord(row[0], row[1], row[2], row[3])

    def totp_state(self, name: str) -> TotpState:
        row = self.conn.execute(
            "SELECT totp_secret, totp_last_step, totp_pending FROM users WHERE name = ?",
            (name,),
        ).fetchone()
        if row is None:
            raise StoreError(Msg("no user named %(name)s", name=repr(name)))
        return TotpState(row[0], row[1], row[2])

    def offer_totp(self, name: str, secret: str) -> None:
        with self.transaction() as db:
            db.execute("UPDATE users SET totp_pending = ? WHERE name = ?", (secret, name))

    def set_totp(self, name: str, secret: str | None, action: str, actor: str,
                 at: str) -> User:  # fmt: skip
        with self.transaction() as db:
            before = _existing_user(db, name)
            db.execute(
                "UPDATE users SET totp_secret = ?, totp_enrolled_at = ?, totp_last_step = NULL,"
                " totp_pending = NULL WHERE id = ?",
                (secret, at if secret is not None else None, before.id),
            )
            after = _user(db, name)
            assert after is not None
            append_audit(db, actor, action, [f"user:{after.name}"], {"totp": before.totp},
                         {"totp": after.totp}, at)  # fmt: skip
        return after

    def use_totp_step(self, name: str, step: int) -> bool:
        with self.transaction() as db:
            cursor = db.execute(
                "UPDATE users SET totp_last_step = ? WHERE name = ? AND totp_secret IS NOT NULL"
                " AND (totp_last_step IS NULL OR totp_last_step < ?)", (step, name, step),
            )  # fmt: skip
            return cursor.rowcount == 1

    def role_policies(self) -> dict[str, bool]:
        rows = self.conn.execute("SELECT role, require_2fa FROM role_policies")
        return {row[0]: bool(row[1]) for row in rows}

    def set_role_policy(self, role: str, require_2fa: bool, actor: str, at: str) -> None:
        with self.transaction() as db:
            row = db.execute("SELECT require_2fa FROM role_policies WHERE role = ?",
                             (role,)).fetchone()  # fmt: skip
            before = bool(row[0]) if row is not None else False
            db.execute(
                "INSERT INTO role_policies (role, require_2fa) VALUES (?, ?) ON CONFLICT (role)"
                " DO UPDATE SET require_2fa = excluded.require_2fa", (role, int(require_2fa)),
            )  # fmt: skip
            append_audit(db, actor, "role.require_2fa", [f"role:{role}"],
                         {"require_2fa": before}, {"require_2fa": require_2fa}, at)  # fmt: skip


    def record_view(self, actor: str, subject: str, details: Mapping[str, Any],
                    at: str) -> None:  # fmt: skip
        with self.transaction() as db:
            append_audit(db, actor, "view", [subject], {}, details, at)

    def record_hidden_copy(self, actor: str, sha256: str, details: Mapping[str, Any],
                           at: str) -> None:  # fmt: skip
        with self.transaction() as db:
            append_audit(db, actor, "document.upload.hidden_copy", [f"document:{sha256}"],
                         {}, details, at)  # fmt: skip

    def view_entries(self, subject: str | None = None, limit: int = 100) -> list[AuditEntry]:
        where, params = "action = 'view'", ()  # type: tuple[str, tuple[str, ...]]
        if subject is not None:
            where += " AND subjects = json_array(?)"
            params = (subject,)
        rows = self.conn.execute(
            f"SELECT * FROM (SELECT {_COLUMNS} FROM audit_log WHERE {where} ORDER BY id DESC"
            " LIMIT ?) ORDER BY id", (*params, limit),
        )  # fmt: skip
        return [ChainEntry(*row) for row in rows]


def _end_credentials(db: sqlite3.Connection, user_id: int, at: str) -> dict[str, Any]:
    """Revoke every live API token of the user and end their web sessions: for good, so
    that enabling the account again brings none of them back."""
    revoked = [row[0] for row in db.execute(
        "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL"
        " RETURNING id", (at, user_id),
    )]  # fmt: skip
    sessions = db.execute("DELETE FROM sessions WHERE user_id = ?", (user_id,)).rowcount
    return {"tokens_revoked": sorted(revoked), "sessions_ended": sessions}


def _existing_user(db: sqlite3.Connection, name: str) -> User:
    user = _user(db, name)
    if user is None:
        raise StoreError(Msg("no user named %(name)s", name=repr(name)))
    return user


def _user(db: sqlite3.Connection, name: str) -> User | None:
    row = db.execute(f"{_USER_SELECT} WHERE u.name = ?", (name,)).fetchone()
    return None if row is None else _row_user(row)


def _row_user(row: sqlite3.Row) -> User:
    return User(
        id=row["id"], name=row["name"], role=row["role"], clearance=row["clearance"],
        has_password=bool(row["has_password"]), created_at=row["created_at"],
        password_changed_at=row["password_changed_at"], disabled_at=row["disabled_at"],
        tokens=row["tokens"], totp=bool(row["totp"]),
        role_requires_2fa=bool(row["role_requires_2fa"]),
    )


def _public(user: User) -> dict[str, Any]:
    """What the audit log may show of a user."""
    return {"role": user.role, "clearance": user.clearance, "password": user.has_password,
            "disabled_at": user.disabled_at, "tokens": user.tokens, "totp": user.totp}
