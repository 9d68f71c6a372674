"""Case storage. `open_store` is the one way in; backends implement `Store`."""

from __future__ import annotations

import re
from pathlib import Path

from casefile.names import name_key
from casefile.store.base import (
    EDITABLE_EVENT_FIELDS,
    FACT_KINDS,
    REVIEW_STATUSES,
    CaseListing,
    CaseQuery,
    CaseRecord,
    CaseRow,
    DocumentHit,
    DocumentInfo,
    FactNotFound,
    PossibleNotFound,
    ReviewDecision,
    ReviewEntry,
    RoleAssertion,
    SaveResult,
    Store,
    StoredEvent,
    StoredOrganisation,
    StoredPerson,
    StoredStatistic,
    StoreError,
    VersionConflict,
)

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def open_store(url_or_path: str | Path, *, shared_across_threads: bool = False) -> Store:
    """Open (creating and migrating as needed) the store at a path or URL.

    `sqlite:///relative.db` and `sqlite:////absolute.db` follow SQLAlchemy's spelling;
    `postgresql://user@host:port/database` (libpq's URL) opens the PostgreSQL store;
    any other `scheme://` is refused.
    `shared_across_threads`: opened in one thread, used in another (one at a time), as a
    web server's thread pool does with a request's store.
    """
    from casefile.store.sqlite import SQLiteStore

    def sqlite_at(path: Path) -> Store:
        return SQLiteStore(path, check_same_thread=not shared_across_threads)

    if isinstance(url_or_path, Path):
        return sqlite_at(url_or_path)
    match = _SCHEME.match(url_or_path)
    if match is None:
        return sqlite_at(Path(url_or_path))
    if is_server_url(url_or_path):
        from casefile.store.postgres import PostgresStore

        return PostgresStore(url_or_path)
    if match.group(1).lower() == "sqlite" and url_or_path[len("sqlite://") :].startswith("/"):
        path = url_or_path[len("sqlite:///") :]
        if path:
            return sqlite_at(Path(path))
    raise StoreError(f"unsupported store {url_or_path!r}: give a file path, sqlite:///path"
                     " or postgresql://host/database")


def is_server_url(url_or_path: str | Path) -> bool:
    """A database on a server (postgresql://), not a file."""
    if isinstance(url_or_path, Path):
        return False
    match = _SCHEME.match(url_or_path)
    return match is not None and match.group(1).lower() in ("postgresql", "postgres")


def store_exists(url_or_path: str | Path) -> bool:
    """Whether opening would find a store rather than create one: a file that exists; a
    server's database is taken to exist (opening it says so if it does not)."""
    if is_server_url(url_or_path):
        return True
    path = str(url_or_path)
    if path.startswith("sqlite:///"):
        path = path[len("sqlite:///"):]
    return Path(path).is_file()


__all__ = [
    "EDITABLE_EVENT_FIELDS",
    "FACT_KINDS",
    "REVIEW_STATUSES",
    "CaseListing",
    "CaseQuery",
    "CaseRecord",
    "CaseRow",
    "DocumentHit",
    "DocumentInfo",
    "FactNotFound",
    "PossibleNotFound",
    "ReviewDecision",
    "ReviewEntry",
    "RoleAssertion",
    "SaveResult",
    "Store",
    "StoreError",
    "StoredEvent",
    "StoredOrganisation",
    "StoredPerson",
    "StoredStatistic",
    "VersionConflict",
    "name_key",
    "is_server_url",
    "open_store",
    "store_exists",
]
