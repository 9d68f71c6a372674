"""Accounts: who may use casefile and how much they may do and see.

Roles: `admin` (everything, users included), `editor` (ingest, review, edit, link) and
`viewer` (read). Clearance (`public` < `internal` < `confidential`) is how sensitive a
record a user may see; the services will enforce it per record (phase 2).

Passwords are never stored, printed or logged: only their argon2id hashes are kept.
API tokens are printed once, when made, and kept as hashes. The last active admin can
be neither disabled nor demoted, so an installation never locks itself out.

A new password, or disabling the account, ends every session of the user and revokes
every API token of theirs, for good: whoever knew the old password may have signed in
or made a token with it, and an account enabled again starts with no credentials but
its password. One token is revoked by its id (`revoke_token`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from casefile.i18n import LANGUAGES, N_, Msg, message_of
from casefile.security import passwords
from casefile.services.errors import InvalidInput, NotFound
from casefile.store.base import Store, StoreError
from casefile.store.base_security import CLEARANCES, ROLES, TokenRecord, User

MIN_PASSWORD_LENGTH = 12
# argon2 hashes any length, but a megabyte password is a denial of service, not a secret.
MAX_PASSWORD_LENGTH = 1024
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
# A token's last use is recorded to the hour: enough to find a forgotten script, and a
# script's requests do not each write to the database.
TOKEN_USE_RESOLUTION = timedelta(hours=1)

# What each role may do; phase 2's permission checks and their test read this table.
PERMISSIONS: dict[str, frozenset[str]] = {
    "viewer": frozenset({"read"}),
    "editor": frozenset({"read", "ingest", "review", "link"}),
    "admin": frozenset({"read", "ingest", "review", "link", "manage_users", "manage_documents",
                        "backup"}),
}


@dataclass(frozen=True)
class NewToken:
    user: User
    token: str  # shown once; only its hash is stored


def may(user: User, permission: str) -> bool:
    return user.active and permission in PERMISSIONS.get(user.role, frozenset())


def cleared_for(user: User, level: str) -> bool:
    """Whether the user may see a record of this sensitivity."""
    return CLEARANCES.index(user.clearance) >= CLEARANCES.index(_clearance(level))


FIRST_ADMIN_CLEARANCE = "confidential"


def default_clearance(store: Store, role: str) -> str:
    """The clearance of an account created without one: the first admin of an
    installation gets confidential, else they could not see the documents they ingest
    (confidential until classified) nor give anyone access to them; everyone else
    public, the least, until an admin decides."""
    if role.strip().lower() == "admin" and not any(u.role == "admin" for u in store.list_users()):
        return FIRST_ADMIN_CLEARANCE
    return "public"


def has_admin(store: Store) -> bool:
    """At least one admin who can sign in: `casefile serve` needs one (or --demo)."""
    return any(u.role == "admin" and u.active for u in store.list_users())


DEMO_USER = "demo"


def demo_admin(store: Store, actor: str) -> User:
    """The account `casefile serve --demo` signs loopback visitors in as: an admin with
    full clearance and no password or token, so it cannot be used from anywhere else."""
    user = store.get_user(DEMO_USER)
    if user is None:
        return store.add_user(DEMO_USER, "admin", "confidential", None, actor, _now())
    if user.role != "admin" or user.clearance != "confidential" or not user.active:
        raise InvalidInput(Msg(
            "a user named %(DEMO_USER)s exists and is not the demo admin",
            DEMO_USER=repr(DEMO_USER),
        ))
    return user


def preferred_language(store: Store, user: User) -> str | None:
    """The interface language `user` chose, if it is still one the interface speaks."""
    language = store.user_language(user.name)
    return language if language in LANGUAGES else None


def set_preferred_language(store: Store, user: User, language: str) -> None:
    if language not in LANGUAGES:
        raise InvalidInput(Msg(
            "language: one of %(items)s, not %(language)s",
            items=', '.join(LANGUAGES), language=repr(language[:20]),
        ))
    store.set_user_language(user.name, language)


def list_users(store: Store) -> list[User]:
    return store.list_users()


def get_user(store: Store, name: str) -> User:
    user = store.get_user(name)
    if user is None:
        raise NotFound(Msg("no user named %(name)s", name=repr(name)))
    return user


def add_user(
    store: Store, name: str, role: str, actor: str, password: str | None,
    clearance: str | None = None,
) -> User:
    """A new account; `password` None makes a token-only account (for scripts).
    Without a clearance: see `default_clearance`."""
    name = _name(name)
    if store.get_user(name) is not None:
        raise InvalidInput(Msg("a user named %(name)s already exists", name=repr(name)))
    clearance = clearance or default_clearance(store, role)
    encoded = None if password is None else passwords.hash_password(_password(password, name))
    return store.add_user(name, _role(role), _clearance(clearance), encoded, actor, _now())


def set_password(store: Store, name: str, password: str, actor: str) -> User:
    """A new password; every session of the user ends and every API token of theirs is
    revoked, in the same transaction (the audit entry lists the tokens)."""
    user = get_user(store, name)
    encoded = passwords.hash_password(_password(password, user.name))
    now = _now()
    return store.update_user(user.name, {"password_hash": encoded, "password_changed_at": now},
                             "user.passwd", actor, now, end_credentials=True)  # fmt: skip


def change_own_password(store: Store, user: User, current: str, new: str) -> User:
    """A signed-in user's new password, given the current one (a session left open on a
    shared machine must not be enough to take the account over). Like set_password, it
    ends every session and revokes every token of theirs."""
    if authenticate_password(store, user.name, current) is None:
        raise InvalidInput(Msg("the current password is not right"))
    if new == current:
        raise InvalidInput(Msg("the new password is the current one"))
    return set_password(store, user.name, new, user.name)


def set_access(
    store: Store, name: str, actor: str, role: str | None = None, clearance: str | None = None
) -> User:
    user = get_user(store, name)
    values = {}
    if role is not None:
        values["role"] = _role(role)
        if user.role == "admin" and role != "admin":
            _refuse_last_admin(store, user, "demoted")
    if clearance is not None:
        values["clearance"] = _clearance(clearance)
    if not values:
        raise InvalidInput(Msg("give --role or --clearance"))
    return store.update_user(user.name, values, "user.access", actor, _now())


def disable_user(store: Store, name: str, actor: str) -> User:
    user = get_user(store, name)
    if not user.active:
        raise InvalidInput(Msg(
            "user %(name)s is already disabled (since %(disabled_at)s)",
            name=repr(user.name), disabled_at=user.disabled_at,
        ))
    if user.role == "admin":
        _refuse_last_admin(store, user, "disabled")
    now = _now()
    # Signed out everywhere at once, and its tokens revoked for good: enabling the
    # account again must not bring back a token made by whoever had it.
    return store.update_user(user.name, {"disabled_at": now}, "user.disable", actor, now,
                             end_credentials=True)  # fmt: skip


def enable_user(store: Store, name: str, actor: str) -> User:
    user = get_user(store, name)
    if user.active:
        raise InvalidInput(Msg("user %(name)s is not disabled", name=repr(user.name)))
    return store.update_user(user.name, {"disabled_at": None}, "user.enable", actor, _now())


def new_token(store: Store, name: str, actor: str) -> NewToken:
    user = get_user(store, name)
    if not user.active:
        raise InvalidInput(Msg(
            "user %(name)s is disabled; enable them first",
            name=repr(user.name),
        ))
    token = passwords.new_token()
    store.add_token(user.name, passwords.token_hash(token), actor, _now())
    return NewToken(get_user(store, user.name), token)


def list_tokens(store: Store, name: str) -> list[TokenRecord]:
    """Every API token the user has had: id, made, last used (to the hour), revoked."""
    return store.list_tokens(get_user(store, name).name)


def revoke_token(store: Store, name: str, token_id: int, actor: str) -> TokenRecord:
    user = get_user(store, name)
    try:
        return store.revoke_token(user.name, token_id, actor, _now())
    except StoreError as err:
        raise NotFound(message_of(err)) from None


def authenticate_password(store: Store, name: str, password: str) -> User | None:
    """The active user with this name and password, or None (never says which was
    wrong). Upgrades an outdated hash on success."""
    if len(password) > MAX_PASSWORD_LENGTH:
        return None
    user = store.get_user(name)
    encoded = store.user_password_hash(user.name) if user is not None else None
    if not passwords.password_matches(encoded or _dummy_hash(), password):
        return None
    if user is None or encoded is None or not user.active:
        return None
    if passwords.needs_rehash(encoded):
        store.update_user(user.name, {"password_hash": passwords.hash_password(password)},
                          "user.rehash", user.name, _now())  # fmt: skip
    return user


def authenticate_token(store: Store, token: str) -> User | None:
    if not token.startswith(passwords.TOKEN_PREFIX) or len(token) > 200:
        return None
    digest = passwords.token_hash(token)
    user = store.user_by_token(digest)
    if user is None or not user.active:
        return None
    moment = datetime.now(UTC)
    store.touch_token(digest, _iso(moment.replace(minute=0, second=0, microsecond=0)),
                      _iso(moment - TOKEN_USE_RESOLUTION))  # fmt: skip
    return user


@cache
def _dummy_hash() -> str:
    """A hash to verify against when the user does not exist, so that a sign-in for an
    unknown name takes as long as one with a wrong password."""
    return passwords.hash_password("casefile-no-such-user")


def _refuse_last_admin(store: Store, user: User, what: str) -> None:
    others = [u for u in store.list_users()
              if u.role == "admin" and u.active and u.id != user.id]  # fmt: skip
    if not others:
        template = (N_("%(name)s is the last active admin and cannot be demoted")
                    if what == "demoted"
                    else N_("%(name)s is the last active admin and cannot be disabled"))
        raise InvalidInput(Msg(template, name=repr(user.name)))


def _name(raw: str) -> str:
    name = raw.strip()
    if not _NAME.match(name):
        raise InvalidInput(
            Msg(
                "a user name is 1-64 letters, digits, '.', '_', '@' or '-', starting with a letter"
                " or digit"
            )
        )
    return name


def _role(role: str) -> str:
    if role not in ROLES:
        raise InvalidInput(Msg(
            "role: one of %(items)s, not %(role)s",
            items=', '.join(ROLES), role=repr(role),
        ))
    return role


def _clearance(level: str) -> str:
    if level not in CLEARANCES:
        raise InvalidInput(Msg(
            "clearance: one of %(items)s, not %(level)s",
            items=', '.join(CLEARANCES), level=repr(level),
        ))
    return level


def _password(password: str, name: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(Msg(
            "a password needs at least %(MIN_PASSWORD_LENGTH)s characters",
            MIN_PASSWORD_LENGTH=MIN_PASSWORD_LENGTH,
        ))
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInput(Msg(
            "a password has at most %(MAX_PASSWORD_LENGTH)s characters",
            MAX_PASSWORD_LENGTH=MAX_PASSWORD_LENGTH,
        ))
    if password.strip().casefold() == name.casefold():
        raise InvalidInput(Msg("the password must not be the user name"))
    return password


def _now() -> str:
    return _iso(datetime.now(UTC))


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")
