"""What the PostgreSQL store adds to the suite that runs on both backends: its schema is
SQLite's (same tables, columns and kinds of value, so a store copies table by table),
its migrations, and its writers, which run side by side where SQLite's queue."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from casefile.services import review
from casefile.services.audit import verify_audit
from casefile.store import StoreError, VersionConflict, open_store
from casefile.store.migrate import load_migrations, migrate, schema_version
from casefile.store.postgres import PostgresStore, load_pg_migrations
from casefile.store.sqlite import SQLiteStore
from pg_support import dump_rows, raw_connect

# FTS5's virtual tables are plain tables on PostgreSQL, with their rowid as a column and a
# tsvector of their keys (derived data: `casefile search reindex` rebuilds them).
_FTS = {"search_documents", "search_events", "search_cases"}
_FTS_SHADOWS = ("_data", "_idx", "_content", "_docsize", "_config")
_KINDS = {  # SQLite's declared type -> PostgreSQL's
    "INTEGER": "bigint", "TEXT": "text", "REAL": "double precision", "BLOB": "bytea",
}  # fmt: skip


@pytest.fixture
def pg_url(pg_server) -> str:
    return pg_server.new_database()


def sqlite_columns(path: Path) -> dict[str, list[tuple[str, str]]]:
    SQLiteStore(path).close()
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite_%' ORDER BY name")]  # fmt: skip
        shadows = {f"{t}{s}" for t in _FTS for s in _FTS_SHADOWS}
        return {t: [(r[1], r[2]) for r in conn.execute(f"PRAGMA table_info({t})")]
                for t in tables if t not in shadows}  # fmt: skip
    finally:
        conn.close()


def pg_columns(url: str) -> dict[str, list[tuple[str, str]]]:
    conn = raw_connect(url)
    try:
        found: dict[str, list[tuple[str, str]]] = {}
        for table, column, kind in conn.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns"
            " WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
        ):
            found.setdefault(table, []).append((column, kind))
        return found
    finally:
        conn.close()


def test_both_backends_have_the_same_tables_columns_and_kinds(tmp_path, pg_url):
    """A SQLite migration without its PostgreSQL twin (migrations_pg) fails here."""
    lite = sqlite_columns(tmp_path / "cases.db")
    pg = pg_columns(pg_url)
    assert pg.pop("schema_version") == [("version", "integer")]
    assert sorted(pg) == sorted(lite)
    for table, columns in lite.items():
        if table in _FTS:
            # FTS5 reports its columns without a type
            assert [c for c, _ in pg[table]] == ["rowid", *(c for c, _ in columns), "keys"]
            continue
        expected = [(c, _KINDS[kind]) for c, kind in columns]
        assert pg[table] == expected, table


def test_the_postgresql_schema_is_at_its_latest_migration(pg_url):
    with open_store(pg_url) as store:
        assert schema_version(store.conn) == len(load_pg_migrations()) >= 1
        assert isinstance(store, PostgresStore)
        assert store.conn.execute(
            "SELECT count(*) FROM installation_secrets WHERE name = 'pseudonym_key'"
            " AND length(value) = 64").fetchone()[0] == 1


def test_a_failing_postgresql_migration_leaves_the_database_untouched(pg_url):
    before = dump_rows(pg_url)
    shipped = load_pg_migrations()
    broken = [*shipped, (len(shipped) + 1, "0099_broken.sql",
                         "CREATE TABLE fine (x integer);\nCREATE TABLE oops (;\n")]
    conn = raw_connect(pg_url)
    try:
        with pytest.raises(StoreError, match="0099_broken.sql failed"):
            migrate(conn, broken)
        assert schema_version(conn) == len(shipped)
        assert conn.execute("SELECT to_regclass('fine') IS NULL").fetchone()[0]
    finally:
        conn.close()
    assert dump_rows(pg_url) == before


def test_a_postgresql_database_newer_than_the_code_is_refused(pg_url):
    conn = raw_connect(pg_url)
    conn.execute("UPDATE schema_version SET version = 999")
    conn.close()
    with pytest.raises(StoreError, match="newer than this casefile supports"):
        open_store(pg_url)


def test_an_unreachable_server_is_one_line_without_the_password():
    with pytest.raises(StoreError) as err:
        open_store("postgresql://ana:secret@127.0.0.1:1/cases")
    message = str(err.value)
    assert message.startswith("cannot open database postgresql://ana:***@127.0.0.1:1/cases")
    assert "\n" not in message and "secret" not in message


def test_after_bulk_copy_moves_the_ids_past_the_copied_rows(pg_url):
    conn = raw_connect(pg_url)
    conn.execute("INSERT INTO users (id, name, role, clearance, created_at)"
                 " VALUES (41, 'copied', 'viewer', 'public', '2026-01-01T00:00:00+00:00')")
    conn.close()
    with open_store(pg_url) as store:
        assert isinstance(store, PostgresStore)
        store.after_bulk_copy()
        store.add_user("next", "viewer", "public", None, "test", "2026-01-02T00:00:00+00:00")
        assert store.get_user("next").id == 42  # type: ignore[union-attr]


def test_concurrent_writers_keep_one_chain(pg_url):
    """Two connections append at once: the advisory lock queues the appends, so every
    entry links to the one before and none is lost."""
    errors: list[BaseException] = []

    def add(prefix: str) -> None:
        try:
            with open_store(pg_url) as store:
                for n in range(15):
                    store.add_user(f"{prefix}{n}", "viewer", "public", None, "root",
                                   "2026-01-01T00:00:00+00:00")  # fmt: skip
        except BaseException as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(p,)) for p in ("a", "b", "c")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with open_store(pg_url) as store:
        entries = list(store.iter_audit())
        assert len(entries) == 45 and [e.id for e in entries] == list(range(1, 46))
        assert verify_audit(store).ok


def test_concurrent_decisions_on_one_version_let_one_through(pg_url, make_extraction):
    """Two reviewers decide on version 1 of a fact at once: the row lock makes the
    second see version 2 and refuse, as SQLite's single writer does."""
    doc = make_extraction("Police detained Dana Ostrova.").person("Dana Ostrova")
    doc.event("arrest", "Dana Ostrova", "Police detained Dana Ostrova")
    with open_store(pg_url) as store:
        store.save_extraction(doc.build(), doc.original)
        [event] = list(store.iter_events())
    outcomes: list[str] = []
    start = threading.Barrier(4)

    def decide(name: str) -> None:
        with open_store(pg_url) as store:
            start.wait()
            try:
                review.accept(store, "event", event.id, review.Reviewer(name), 1)
                outcomes.append("accepted")
            except VersionConflict:
                outcomes.append("conflict")

    threads = [threading.Thread(target=decide, args=(f"r{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["accepted", "conflict", "conflict", "conflict"]
    with open_store(pg_url) as store:
        assert store.get_event(event.id).version == 2  # type: ignore[union-attr]
        assert verify_audit(store).ok


def test_sqlite_migrations_still_number_from_one(tmp_path):
    # PostgreSQL's first migration is SQLite's schema at this count: a new SQLite
    # migration needs a migrations_pg twin (the columns test says which).
    conn = sqlite3.connect(tmp_path / "x.db", isolation_level=None)
    assert migrate(conn, load_migrations()) == 0
    conn.close()
