"""Schema migrations for SQLite: numbered `NNNN_name.sql` files applied in order.

The schema version lives in `PRAGMA user_version`, which SQLite writes inside the
transaction, so a failed migration leaves the database exactly as it was.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from importlib import resources

from casefile.store.base import StoreError
from casefile.store.dialect import DatabaseError, is_postgres

Migration = tuple[int, str, str]  # (number, file name, sql)

_FILE_NAME = re.compile(r"^(\d{4})_[A-Za-z0-9_]+\.sql$")


def load_migrations(folder_name: str = "migrations") -> list[Migration]:
    """The migrations shipped with the package in `folder_name` (SQLite's, or
    "migrations_pg" for PostgreSQL), checked to be numbered 1..N without gaps."""
    folder = resources.files("casefile.store").joinpath(folder_name)
    found: list[Migration] = []
    for entry in folder.iterdir():
        match = _FILE_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    numbers = [number for number, _, _ in found]
    if numbers != list(range(1, len(found) + 1)):
        raise StoreError(f"migrations must be numbered 0001, 0002, ... without gaps: {numbers}")
    return found


def schema_version(conn: sqlite3.Connection) -> int:
    if is_postgres(conn):
        from casefile.store.migrate_pg import pg_schema_version

        return pg_schema_version(conn)
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    return version


def migrate(conn: sqlite3.Connection, migrations: Sequence[Migration]) -> int:
    """Bring the database to the latest migration; return the version it had before.

    `conn` must be in autocommit mode (isolation_level=None): the transaction is ours.
    """
    if is_postgres(conn):
        from casefile.store.migrate_pg import migrate_pg

        return migrate_pg(conn, migrations)
    latest = migrations[-1][0] if migrations else 0
    current = schema_version(conn)
    refuse_newer(current, latest)
    if current == latest:
        # The common case takes no write lock, so opening never waits on a writer.
        return current
    # Foreign keys cannot be toggled inside a transaction, and a migration that rebuilds
    # a table (SQLite's only way to change a constraint) needs them off; we check them
    # ourselves before committing instead.
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while we waited for the lock.
            current = schema_version(conn)
            refuse_newer(current, latest)
            for number, name, sql in migrations:
                if number > current:
                    _apply(conn, number, name, sql)
            violation = conn.execute("PRAGMA foreign_key_check").fetchone()
            if violation is not None:
                raise StoreError(f"migration left a foreign-key violation in {violation[0]}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
    return current


def refuse_newer(current: int, latest: int) -> None:
    if current > latest:
        raise StoreError(
            f"database schema version {current} is newer than this casefile supports "
            f"({latest}); upgrade casefile to open it"
        )


def _apply(conn: sqlite3.Connection, number: int, name: str, sql: str) -> None:
    try:
        for statement in _statements(sql):
            conn.execute(statement)
    except DatabaseError as exc:
        raise StoreError(f"migration {name} failed: {exc}") from exc
    conn.execute(f"PRAGMA user_version = {int(number)}")


def _statements(sql: str) -> Iterator[str]:
    """Split a script into statements; sqlite3.complete_statement knows about triggers'
    BEGIN ... END and semicolons in strings, so no hand-written parser is needed.
    executescript() is not usable: it commits any open transaction first."""
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer
            buffer = ""
    leftover = [ln for ln in buffer.splitlines() if ln.strip() and not ln.lstrip().startswith("--")]
    if leftover:
        raise StoreError(f"migration ends with an unterminated statement: {leftover[0].strip()}")
