"""A write the disk refused, told apart from a write the store refused.

SQLite reports a full disk as "database or disk is full" (SQLITE_FULL) and a write the
file system refused for another reason (a quota, a file size limit, a failing disk) as
"disk I/O error" (SQLITE_IOERR_*). Either way the transaction is rolled back: nothing of
the change was saved, and nothing saved before it was lost. Users are told that, in one
line, instead of the exception's class name.
"""

from __future__ import annotations

import sqlite3

DISK_FULL = (
    "the disk is full: the database could not be written (nothing of this change was"
    " saved, nothing saved before was lost; free some space and try again)"
)
WRITE_FAILED = (
    "the database could not be written: the disk refused the write (full, over a quota"
    " or failing; nothing of this change was saved, nothing saved before was lost)"
)


def storage_failure(error: BaseException) -> str | None:
    """The one-line message for `error` if it (or what caused it) is the disk refusing
    a write; None for any other error."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, sqlite3.Error):
            code = str(getattr(current, "sqlite_errorname", "") or "")
            text = str(current).lower()
            if code == "SQLITE_FULL" or "database or disk is full" in text:
                return DISK_FULL
            if code.startswith("SQLITE_IOERR") or "disk i/o error" in text:
                return WRITE_FAILED
        current = current.__cause__ or current.__context__
    return None
