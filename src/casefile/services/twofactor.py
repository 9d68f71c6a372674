"""Two-factor sign-in: time-based one-time codes (TOTP, RFC 6238, as authenticator apps
make them), asked for after the password in the web app.

Enrolment: an admin runs `casefile user totp NAME`, which shows the secret once (to be
typed or scanned into the user's app), or a signed-in user enrols on /account/2fa by
confirming a code from their app, which proves the secret arrived. A code is good once:
the store keeps the time step of the last code accepted, and a code of that step or an
earlier one is refused, so a code seen over a shoulder cannot be replayed. Wrong codes
count against the sign-in limits like wrong passwords (web/ratelimit.py).

An admin can require two factors of a role (`casefile user require-2fa --role editor`):
a user of that role who has not enrolled can, after the password, do nothing but enrol.
API tokens are not asked for a code: a token is already a credential nobody types, made
by an admin for a script, and revoked by a new password (services/accounts.py).
"""

from __future__ import annotations

import hmac
import time
from dataclasses import dataclass
from datetime import UTC, datetime

import pyotp

from casefile.i18n import Msg
from casefile.services.accounts import get_user
from casefile.services.errors import InvalidInput
from casefile.store.base import Store
from casefile.store.base_security import ROLES, User

ISSUER = "casefile"
STEP_SECONDS = 30
# A code of the previous or next step is accepted too: phones' clocks drift, and a code
# typed in the last seconds of its step arrives in the next one.
DRIFT_STEPS = 1
CODE_DIGITS = 6


@dataclass(frozen=True)
class Enrolment:
    secret: str  # base32, as authenticator apps take it
    uri: str  # otpauth://totp/..., what a QR code would hold


def enrol(store: Store, name: str, actor: str) -> Enrolment:
    """Enrol the user at once with a new secret (replacing any earlier one): for an
    admin to hand over. Audited as user.totp."""
    user = get_user(store, name)
    secret = pyotp.random_base32()
    store.set_totp(user.name, secret, "user.totp", actor, _now())
    return _enrolment(user, secret)


def remove(store: Store, name: str, actor: str) -> User:
    """Sign in with the password alone again (a lost phone); audited."""
    user = get_user(store, name)
    if not user.totp:
        raise InvalidInput(Msg("%(name)s has no two-factor sign-in to remove", name=user.name))
    return store.set_totp(user.name, None, "user.totp.remove", actor, _now())


def offer(store: Store, user: User) -> Enrolment:
    """The secret the enrolment page shows until a code from it is confirmed; the same
    one on every reload, so that what the user's app holds stays good."""
    pending = store.totp_state(user.name).pending
    if pending is None:
        pending = pyotp.random_base32()
        store.offer_totp(user.name, pending)
    return _enrolment(user, pending)


def offered(store: Store, user: User) -> Enrolment | None:
    """The secret offered for enrolment, if any (reads only)."""
    pending = store.totp_state(user.name).pending
    return None if pending is None else _enrolment(user, pending)


def confirm(store: Store, user: User, code: str, now: float | None = None) -> User:
    """Enrol with the offered secret if `code` is one of its codes; InvalidInput if not."""
    pending = store.totp_state(user.name).pending
    step = _matching_step(pending, code, now) if pending is not None else None
    if step is None:
        raise InvalidInput(Msg(
            "that code is not the one your app shows for this secret: try the next one"
        ))  # fmt: skip
    enrolled = store.set_totp(user.name, pending, "user.totp", user.name, _now())
    store.use_totp_step(user.name, step)  # the code that confirmed is spent
    return enrolled


def check_code(store: Store, user: User, code: str, now: float | None = None) -> bool:
    """Whether `code` is a current code of the user's secret not used before; using it."""
    secret = store.totp_state(user.name).secret
    step = _matching_step(secret, code, now) if secret is not None else None
    return step is not None and store.use_totp_step(user.name, step)


def require(store: Store, role: str, required: bool, actor: str) -> None:
    if role not in ROLES:
        raise InvalidInput(Msg(
            "role: one of %(items)s, not %(role)s",
            items=', '.join(ROLES), role=repr(role),
        ))
    store.set_role_policy(role, required, actor, _now())


def required_roles(store: Store) -> list[str]:
    policies = store.role_policies()
    return [role for role in ROLES if policies.get(role)]


def _matching_step(secret: str, code: str, now: float | None) -> int | None:
    code = "".join(code.split())
    if len(code) != CODE_DIGITS or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret, digits=CODE_DIGITS, interval=STEP_SECONDS)
    current = int((time.time() if now is None else now) // STEP_SECONDS)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _enrolment(user: User, secret: str) -> Enrolment:
    totp = pyotp.TOTP(secret, digits=CODE_DIGITS, interval=STEP_SECONDS)
    return Enrolment(secret, totp.provisioning_uri(name=user.name, issuer_name=ISSUER))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
