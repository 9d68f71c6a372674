"""Remembering an expensive read of the SQLite store until the database changes.

The dashboard's aggregates (events per month by type, facts awaiting review) read tens
of thousands of index entries at 100,000 facts, 15-25 ms, yet change only when someone
writes. A store kept open between requests (the web app's pool) can answer them again
from memory as long as nothing was written: `PRAGMA data_version` changes when another
connection commits, and the connection's `total_changes` when this one writes. Both are
checked on every call, so a stale answer is never given.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def until_changed(method: Callable[..., T]) -> Callable[..., T]:
    """Memoise a read method of a store (anything with `conn`) per store and arguments,
    until the database changes."""

    @functools.wraps(method)
    def read(self: Any, *args: Any) -> T:
        conn: sqlite3.Connection = self.conn
        version = conn.execute("PRAGMA data_version").fetchone()[0]
        stamp = (version, conn.total_changes)
        memo: dict[tuple[str, tuple[Any, ...]], tuple[tuple[int, int], Any]]
        memo = self.__dict__.setdefault("_until_changed", {})
        key = (method.__name__, args)
        hit = memo.get(key)
        if hit is not None and hit[0] == stamp:
            value: T = hit[1]
            return value
        value = method(self, *args)
        memo[key] = (stamp, value)
        return value

    return read
