"""Web sign-in sessions: made at sign-in, ended by signing out, by expiry or by the
user being disabled.

Why server-side rows rather than signed cookies: a signed cookie stays valid until it
expires, whatever happens on the server, so signing out, disabling a user who lost a
laptop, or changing their role could not end it. Here the cookie is a random 256-bit id
the server looks up on every request (one indexed read), and the store keeps only its
sha256. Sessions end eight hours after sign-in, however active: a working day, and a
stolen cookie is not good for longer; extending on use would cost a write per request.

A user enrolled in two-factor sign-in first gets a pending session ("totp"), good only
for the code form and for five minutes; the code replaces it by an ordinary session
with a new id (services/twofactor.py, web/login_pages.py).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from casefile.store.base import Store
from casefile.store.base_security import SessionRecord, User

SESSION_LIFETIME = timedelta(hours=8)
PENDING_LIFETIME = timedelta(minutes=5)  # between the password and the code


@dataclass(frozen=True)
class NewSession:
    session_id: str  # for the cookie; only its hash is stored
    csrf: str
    expires_at: datetime


def start(
    store: Store, user: User, now: datetime | None = None, pending: str | None = None
) -> NewSession:
    moment = now or datetime.now(UTC)
    session_id, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    expires = moment + (PENDING_LIFETIME if pending else SESSION_LIFETIME)
    store.add_session(_hash(session_id), user.name, csrf, _iso(moment), _iso(expires),
                      pending)  # fmt: skip
    return NewSession(session_id, csrf, expires)


def lookup(store: Store, session_id: str) -> SessionRecord | None:
    """The live, complete session with this id whose user is still active, else None."""
    record = _live(store, session_id)
    return record if record is not None and record.pending is None else None


def lookup_pending(store: Store, session_id: str) -> SessionRecord | None:
    """The live session with this id still waiting for its second factor, else None."""
    record = _live(store, session_id)
    return record if record is not None and record.pending == "totp" else None


def _live(store: Store, session_id: str) -> SessionRecord | None:
    if not session_id or len(session_id) > 100:
        return None
    record = store.get_session(_hash(session_id), _iso(datetime.now(UTC)))
    if record is None or not record.user.active:
        return None
    return record


def end(store: Store, session_id: str) -> None:
    if session_id and len(session_id) <= 100:
        store.delete_session(_hash(session_id))


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")
