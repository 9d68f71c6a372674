"""What the store's mixins need to know of the backend under a connection: which one it
is, and the errors either raises (SQLite's or psycopg's), for their `except` clauses."""

from __future__ import annotations

import sqlite3
from typing import Any

import psycopg

DatabaseError: tuple[type[Exception], ...] = (sqlite3.Error, psycopg.Error)
IntegrityError: tuple[type[Exception], ...] = (sqlite3.IntegrityError, psycopg.IntegrityError)


def is_postgres(conn: Any) -> bool:
    """True for the PostgreSQL store's connection (store/pg_connection.py)."""
    return getattr(conn, "dialect", "sqlite") == "postgresql"


def for_update(conn: Any) -> str:
    """` FOR UPDATE` on PostgreSQL, nothing on SQLite: a version-checked edit reads its
    row with it, so that a concurrent edit waits for this one instead of both passing
    the check (SQLite's BEGIN IMMEDIATE already lets one writer in at a time)."""
    return " FOR UPDATE" if is_postgres(conn) else ""
