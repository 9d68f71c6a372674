"""The PostgreSQL store: the SQLite store's mixins over a psycopg connection.

`open_store("postgresql://...")` (or `--db` / `CASEFILE_DB`) opens it. The mixins' SQL
runs through pg_connection.PgConnection, which rewrites SQLite's dialect; what differs
by more than syntax is here or in postgres_search.py:

- Schema: `migrations_pg/NNNN_*.sql`, the version in the `schema_version` table; the
  first file equals SQLite's schema at its migration 0024, and a test compares the two
  (a SQLite migration without its PostgreSQL twin fails the suite).
- Writers: SQLite's `BEGIN IMMEDIATE` let one writer in at a time. Here transactions
  are READ COMMITTED and run side by side; what relied on one writer is locked
  explicitly: the audit chain's append takes a transaction-level advisory lock
  (sqlite_audit.append_audit: each entry links to the one before, so appends queue),
  and version-checked edits lock their row (`SELECT ... FOR UPDATE`, sqlite_review).
- Record tracking (sqlite_digests): SQLite's temporary triggers are, here, permanent
  triggers that note touched records in the session's temporary table only when the
  session set `casefile.tracking`: another program's edits leave no note, as in SQLite.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg

from casefile.i18n import Msg
from casefile.store.base import StoreError
from casefile.store.migrate import Migration, load_migrations
from casefile.store.pg_bulk import BulkLoader, bulk_loader
from casefile.store.pg_connection import PgConnection
from casefile.store.postgres_search import PostgresSearch
from casefile.store.sqlite import SQLiteStore
from casefile.store.sqlite_audit import open_tracked


def load_pg_migrations() -> list[Migration]:
    """The PostgreSQL migrations shipped with the package, numbered 1..N without gaps."""
    return load_migrations("migrations_pg")


def _redacted(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"://([^:/@]+):[^@/]*@", r"://\1:***@", url)


class PostgresStore(PostgresSearch, SQLiteStore):
    # Writers run side by side: rows and the audit chain are locked where needed.
    _BEGIN = "BEGIN"

    def __init__(self, url: str, **_: Any) -> None:
        self.path = _redacted(url)  # type: ignore[assignment]
        try:
            conn = PgConnection(url)
        except psycopg.Error as exc:
            raise StoreError(Msg(
                "cannot open database %(path)s: %(exc)s",
                path=self.path, exc=str(exc).strip().splitlines()[0] if str(exc) else exc,
            )) from exc
        try:
            open_tracked(conn, load_pg_migrations())  # type: ignore[arg-type]
        except psycopg.Error as exc:
            conn.close()
            raise StoreError(Msg(
                "cannot open database %(path)s: %(exc)s",
                path=self.path, exc=str(exc).strip().splitlines()[0],
            )) from exc
        except BaseException:
            conn.close()
            raise
        self._conn = conn  # type: ignore[assignment]

    # -- what SQLite answers through rowid or PRAGMA --------------------------------

    def person_name_marks(self) -> tuple[int, int, int, int]:
        """As SQLite's, but person_aliases has no rowid here: the alias mark is a sum of
        the aliases' hashes, which changes (up or down) whenever an alias does;
        person_names then gives every alias, so a change rebuilds the names."""
        row = self.conn.execute(
            "SELECT (SELECT coalesce(max(id), 0) FROM persons), (SELECT count(*) FROM persons),"
            " (SELECT coalesce(sum(hashtext(person_id || ':' || key)::bigint), 0)"
            "  FROM person_aliases) + 2147483648 * (SELECT count(*) FROM person_aliases),"
            " (SELECT count(*) FROM person_aliases)"
        ).fetchone()
        return int(row[0]), int(row[1]), int(row[2]), int(row[3])

    def person_names(
        self, after: tuple[int, int] = (0, 0), upto: tuple[int, int] | None = None
    ) -> list[tuple[int, str]]:
        top = upto or (2**63 - 1, 2**63 - 1)
        names = [(int(pid), name) for pid, name in self.conn.execute(
            "SELECT id, name FROM persons WHERE id > ? AND id <= ?", (after[0], top[0]))
            if name]  # fmt: skip
        if after[1] != top[1] or after == (0, 0):
            names += [(int(pid), alias) for pid, alias in self.conn.execute(
                "SELECT person_id, alias FROM person_aliases") if alias]  # fmt: skip
        return names

    def iter_originals(self) -> Iterator[tuple[str, bytes]]:
        for sha256, original in self.conn.execute(
            "SELECT sha256, original FROM documents ORDER BY ingested_at, sha256"
        ):
            yield sha256, bytes(original)

    def storage_problems(self) -> list[str]:
        # PostgreSQL checks foreign keys and constraints on every write, and its pages
        # by their checksums as it reads them: there is no separate check to run.
        return []

    @contextmanager
    def bulk_copy(self) -> Iterator[BulkLoader | None]:
        """Inside `casefile migrate-store`'s transaction: COPY with the triggers off
        (store/pg_bulk.py), or None where this role cannot switch them off."""
        with bulk_loader(self.conn.raw) as loader:
            yield loader

    def after_bulk_copy(self) -> None:
        """After rows were copied in with their ids (`casefile migrate-store`): move every
        identity column's sequence past the highest id, so the next insert gets a new one."""
        conn = self.conn
        found = conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND is_identity = 'YES'"
        ).fetchall()
        for table, column in found:
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'),"  # noqa: S608
                f" coalesce((SELECT max({column}) FROM {table}), 0) + 1, false)"
            )
