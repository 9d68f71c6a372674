"""Schema migrations for PostgreSQL: `migrations_pg/NNNN_name.sql`, applied in order in
one transaction, the version in the `schema_version` table (PostgreSQL's DDL is
transactional, so a failed migration leaves the database as it was). Concurrent openers
queue on an advisory lock. After the files, the record-tracking triggers are (re)made
from sqlite_digests' table of tracked tables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from casefile.store.base import StoreError
from casefile.store.dialect import DatabaseError
from casefile.store.migrate import Migration, refuse_newer

MIGRATION_LOCK = 0x6361736566696C65  # "casefile" as a bigint: our advisory lock key


def pg_schema_version(conn: Any) -> int:
    exists = conn.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()[0]
    if not exists:
        return 0
    row = conn.execute("SELECT version FROM schema_version").fetchone()
    return 0 if row is None else int(row[0])


def migrate_pg(conn: Any, migrations: Sequence[Migration]) -> int:
    latest = migrations[-1][0] if migrations else 0
    current = pg_schema_version(conn)
    refuse_newer(current, latest)
    if current == latest:
        return current
    conn.execute("BEGIN")
    try:
        conn.execute("SELECT pg_advisory_xact_lock(?)", (MIGRATION_LOCK,))
        current = pg_schema_version(conn)  # another process may have migrated meanwhile
        refuse_newer(current, latest)
        if current < latest:
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)")
            for number, name, sql in migrations:
                if number > current:
                    try:
                        conn.raw.execute(sql)  # a whole script: no parameters, no rewriting
                    except DatabaseError as exc:
                        raise StoreError(f"migration {name} failed: {exc}") from exc
            conn.execute("DELETE FROM schema_version")
            conn.execute("INSERT INTO schema_version (version) VALUES (?)", (latest,))
            install_pg_tracking(conn)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return current


def install_pg_tracking(conn: Any) -> None:
    """Triggers noting which records a casefile session touched (sqlite_digests): they
    write to the session's temporary `changed_records` only when the session set
    `casefile.tracking`, so an edit made by another program leaves no note."""
    from casefile.store.sqlite_digests import TRACKED

    for table, (kind, key, columns) in TRACKED.items():
        notes = []
        for row, ops in (("NEW", "('INSERT', 'UPDATE')"), ("OLD", "('DELETE', 'UPDATE')")):
            value = f"'{kind}:' || {key.format(row=row)}"
            notes.append(
                f"IF TG_OP IN {ops} THEN note := {value};"
                " IF note IS NOT NULL AND NOT EXISTS (SELECT 1 FROM changed_records"
                " WHERE record = note) THEN INSERT INTO changed_records VALUES (note);"
                " END IF; END IF;"
            )
        conn.raw.execute(
            f"CREATE OR REPLACE FUNCTION casefile_track_{table}() RETURNS trigger"
            " LANGUAGE plpgsql AS $$ DECLARE note text; BEGIN"
            " IF current_setting('casefile.tracking', true) IS DISTINCT FROM 'on'"
            f" THEN RETURN NULL; END IF; {' '.join(notes)} RETURN NULL; END $$"
        )
        on = f"INSERT OR DELETE OR UPDATE OF {columns}" if columns else (
            "INSERT OR DELETE OR UPDATE")
        conn.raw.execute(f"DROP TRIGGER IF EXISTS casefile_track ON {table}")
        conn.raw.execute(
            f"CREATE TRIGGER casefile_track AFTER {on} ON {table}"
            f" FOR EACH ROW EXECUTE FUNCTION casefile_track_{table}()"
        )
