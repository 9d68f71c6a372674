"""Errors the services raise for input a user can fix; each message is one line.

Lookups that find nothing raise `LookupError`s (`PersonNotFound`, `FactNotFound`,
`NotFound`); the web layer turns them into 404s, these into 4xx by their class.
"""

from __future__ import annotations


class InvalidInput(ValueError):
    """A value the user gave cannot be used (a malformed date, an unknown event type)."""


class TooLarge(InvalidInput):
    """An upload over the size limit."""


class UnsupportedMediaType(InvalidInput):
    """An upload in a format casefile does not read."""


class NotFound(LookupError):
    """A document, organisation or other record that does not exist."""
