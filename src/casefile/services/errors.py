"""Errors the services raise for input a user can fix; each message is one line.

Lookups that find nothing raise `LookupError`s (`PersonNotFound`, `FactNotFound`,
`NotFound`); the web layer turns them into 404s, these into 4xx by their class.
"""

from __future__ import annotations

from casefile.i18n import Msg
from casefile.store.base import StoreError


class InvalidInput(ValueError):
    """A value the user gave cannot be used (a malformed date, an unknown event type)."""


class TooLarge(InvalidInput):
    """An upload over the size limit."""


class UnsupportedMediaType(InvalidInput):
    """An upload in a format casefile does not read."""


class NotFound(LookupError):
    """A document, organisation or other record that does not exist."""


# Also a StoreError, so that callers which report store problems as one line report it
# the same way.
class PersonNotFound(StoreError, LookupError):
    def __init__(self, query: str) -> None:
        super().__init__(Msg("no person matches %(query)s", query=repr(query)))
        self.query = query


class NotSignedIn(PermissionError):
    """No valid session or API token (401; pages send the visitor to the sign-in form)."""


class Forbidden(PermissionError):
    """Signed in, but the role does not allow this, or a form's anti-forgery token is
    missing or wrong (403)."""


class TooManyAttempts(PermissionError):
    """Too many failed sign-ins (429); `retry_after` is in seconds."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
