"""Case storage. `open_store` is the one way in; backends implement `Store`."""

from __future__ import annotations

import re
from pathlib import Path

from casefile.names import name_key
from casefile.store.base import (
    REVIEW_STATUSES,
    CaseRow,
    RoleAssertion,
    SaveResult,
    Store,
    StoredEvent,
    StoredOrganisation,
    StoredPerson,
    StoredStatistic,
    StoreError,
)

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def open_store(url_or_path: str | Path) -> Store:
    """Open (creating and migrating as needed) the store at a path or URL.

    `sqlite:///relative.db` and `sqlite:////absolute.db` follow SQLAlchemy's spelling;
    any other `scheme://` is refused until a backend for it exists.
    """
    from casefile.store.sqlite import SQLiteStore

    if isinstance(url_or_path, Path):
        return SQLiteStore(url_or_path)
    match = _SCHEME.match(url_or_path)
    if match is None:
        return SQLiteStore(Path(url_or_path))
    if match.group(1).lower() == "sqlite" and url_or_path[len("sqlite://") :].startswith("/"):
        path = url_or_path[len("sqlite:///") :]
        if path:
            return SQLiteStore(Path(path))
    raise StoreError(f"unsupported store {url_or_path!r}: give a file path or sqlite:///path")


__all__ = [
    "REVIEW_STATUSES",
    "CaseRow",
    "RoleAssertion",
    "SaveResult",
    "Store",
    "StoreError",
    "StoredEvent",
    "StoredOrganisation",
    "StoredPerson",
    "StoredStatistic",
    "name_key",
    "open_store",
]
