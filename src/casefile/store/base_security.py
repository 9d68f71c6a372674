"""The storage interface for accounts, the audit trail and integrity checks; `Store`
(base.py) includes these protocols, so a PostgreSQL backend implements them too.

Password hashes never leave the store inside a `User`: only `user_password_hash` hands
one out, to the one service that checks passwords.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from casefile.security.chain import ChainEntry

ROLES: tuple[str, ...] = ("admin", "editor", "viewer")
CLEARANCES: tuple[str, ...] = ("public", "internal", "confidential")  # low to high
# Access levels as stored (document_levels.level, events.level ...): CLEARANCES index.
FULL_ACCESS = 2  # confidential: everything; the CLI reads at this level


def level_of(name: str) -> int:
    """"public" -> 0 ... "confidential" -> 2; ValueError for anything else."""
    return CLEARANCES.index(name)


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    clearance: str
    has_password: bool
    created_at: str
    password_changed_at: str | None
    disabled_at: str | None
    tokens: int  # API tokens not revoked
    totp: bool = False  # enrolled in two-factor sign-in
    role_requires_2fa: bool = False  # an admin requires it of this user's role

    @property
    def active(self) -> bool:
        return self.disabled_at is None

    @property
    def must_enrol_2fa(self) -> bool:
        """Signed in by password, and may do nothing until enrolled in 2FA."""
        return self.role_requires_2fa and not self.totp


@dataclass(frozen=True)
class TokenRecord:
    """An API token as listed (never the token or its hash)."""

    id: int
    created_at: str
    last_used_at: str | None  # to the hour
    revoked_at: str | None


@dataclass(frozen=True)
class TotpState:
    secret: str | None  # None: not enrolled
    last_step: int | None  # the time step of the last code accepted
    pending: str | None  # a secret offered for enrolment, not yet confirmed


AuditEntry = ChainEntry


@dataclass(frozen=True)
class SessionRecord:
    """A signed-in web session: whose, its anti-forgery token, when it ends."""

    user: User
    csrf: str
    expires_at: str
    pending: str | None = None  # "totp": the password was right, the code is to come


class AccessStore(Protocol):
    """Confidentiality (migration 0007): levels of documents and facts, protected persons."""

    def set_document_level(self, sha256: str, level: int, actor: str, at: str) -> int: ...

    def set_fact_level(
        self, kind: str, fact_id: int, level: int | None, actor: str, at: str
    ) -> None: ...

    def set_person_protected(self, person_id: int, protected: bool, actor: str,
                             at: str) -> None: ...  # fmt: skip

    def protected_names(self) -> dict[int, list[str]]: ...

    def pseudonym_key(self) -> bytes: ...

    def person_name_marks(self) -> tuple[int, int, int, int]:
        """(highest person id, persons, highest alias rowid, aliases)."""
        ...

    def persons_with_events(self, person_ids: list[int], level: int) -> set[int]:
        """Those of the persons with a standing event at or below `level`."""
        ...

    def person_names(
        self, after: tuple[int, int] = (0, 0), upto: tuple[int, int] | None = None
    ) -> list[tuple[int, str]]:
        """(person id, name or alias) of persons and aliases in (after, upto]."""
        ...

    def visible_persons(self, person_ids: list[int], level: int) -> set[int]:
        """Those of the persons with a case at this clearance."""
        ...


class SessionStore(Protocol):
    def add_session(
        self, id_hash: str, user_name: str, csrf: str, created_at: str, expires_at: str,
        pending: str | None = None,
    ) -> None: ...

    def get_session(self, id_hash: str, now: str) -> SessionRecord | None:
        """The session with this id hash if it has not expired (its user may be disabled:
        the caller decides)."""
        ...

    def delete_session(self, id_hash: str) -> None: ...

    def delete_user_sessions(self, user_name: str) -> int: ...


class AccountStore(Protocol):
    def add_user(
        self, name: str, role: str, clearance: str, password_hash: str | None, actor: str,
        at: str,
    ) -> User:
        """Raises StoreError if the name is taken (names are compared without case)."""
        ...

    def get_user(self, name: str) -> User | None: ...

    def list_users(self) -> list[User]: ...

    def user_language(self, name: str) -> str | None:
        """The interface language the user chose (None: none, or no such user)."""
        ...

    def set_user_language(self, name: str, language: str | None) -> None:
        """Keep the user's interface language: a preference, neither audited nor part of
        the record's digest."""
        ...

    def update_user(
        self, name: str, values: Mapping[str, Any], action: str, actor: str, at: str,
        *, end_credentials: bool = False,
    ) -> User:
        """Set columns of the user (role, clearance, password_hash, password_changed_at,
        disabled_at) and log `action`, atomically; `end_credentials` also revokes every
        API token of the user and ends their sessions, in the same transaction."""
        ...

    def user_password_hash(self, name: str) -> str | None: ...

    def add_token(self, name: str, token_hash: str, actor: str, at: str) -> int: ...

    def user_by_token(self, token_hash: str) -> User | None:
        """The user of an unrevoked token, disabled or not (the caller decides)."""
        ...

    def touch_token(self, token_hash: str, at: str, unless_since: str) -> None:
        """Record that the token was used at `at`, unless already recorded since
        `unless_since` (so that scripts do not write on every request)."""
        ...

    def list_tokens(self, name: str) -> list[TokenRecord]: ...

    def revoke_token(self, name: str, token_id: int, actor: str, at: str) -> TokenRecord:
        """Revoke one live token of the user; StoreError if they have no such token."""
        ...

    def totp_state(self, name: str) -> TotpState: ...

    def offer_totp(self, name: str, secret: str) -> None:
        """Keep a secret shown for enrolment until it is confirmed (not a change of the
        account yet, so not audited)."""
        ...

    def set_totp(self, name: str, secret: str | None, action: str, actor: str,
                 at: str) -> User:  # fmt: skip
        """Enrol (`secret`) or remove two-factor sign-in, audited as `action`."""
        ...

    def use_totp_step(self, name: str, step: int) -> bool:
        """Record `step` as used if it is later than the last one used; False if not
        (the code was used already), atomically."""
        ...

    def role_policies(self) -> dict[str, bool]:
        """Role -> whether it must sign in with a second factor."""
        ...

    def set_role_policy(self, role: str, require_2fa: bool, actor: str, at: str) -> None: ...

    def record_view(self, actor: str, subject: str, details: Mapping[str, Any],
                    at: str) -> None:  # fmt: skip
        """Append a "view" entry to the audit log: `actor` read `subject`."""
        ...

    def record_hidden_copy(self, actor: str, sha256: str, details: Mapping[str, Any],
                           at: str) -> None:  # fmt: skip
        """Append a "document.upload.hidden_copy" entry: `actor` uploaded a copy of a
        document above their clearance (which changed nothing)."""
        ...

    def view_entries(self, subject: str | None = None, limit: int = 100) -> list[AuditEntry]:
        """The latest "view" entries (of `subject` only, if given), oldest first."""
        ...


class AuditStore(Protocol):
    def audit_entries(self, subject: str | None = None, limit: int = 100) -> list[AuditEntry]:
        """The latest `limit` entries (touching `subject`, as "kind:id"), oldest first."""
        ...

    def iter_audit(self) -> Iterator[AuditEntry]:
        """Every entry in id order, for verifying the chain."""
        ...


class IntegrityStore(Protocol):
    def iter_originals(self) -> Iterator[tuple[str, bytes]]:
        """(sha256 as stored, original bytes) of every document, one at a time."""
        ...

    def storage_problems(self) -> list[str]:
        """What the database engine's own checks find wrong, one line each."""
        ...

    def iter_record_digests(self) -> Iterator[tuple[int, str, str | None]]:
        """Every record digest the audit log recorded: (entry id, "kind:key", digest hex or
        None for a deletion), each record's in entry order."""
        ...

    def current_record_digests(self) -> dict[str, str]:
        """The digest of every record as the database holds it now."""
        ...
