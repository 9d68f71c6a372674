"""Password and API-token hashing.

Passwords: argon2id with argon2-cffi's defaults (RFC 9106's second recommended
setting), verified in constant time by the library; an old hash is upgraded at the next
successful sign-in (`needs_rehash`). Tokens: 256 random bits, shown once; only their
sha256 is stored, which suffices for a secret nobody can guess and lets a token be found
by an indexed lookup instead of trying every stored hash.
"""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

TOKEN_PREFIX = "cf_"  # recognisable in logs and secret scanners
_HASHER = PasswordHasher()


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def password_matches(encoded: str, password: str) -> bool:
    try:
        return _HASHER.verify(encoded, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(encoded: str) -> bool:
    return _HASHER.check_needs_rehash(encoded)


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
