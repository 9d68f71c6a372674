"""`casefile migrate-store SRC DST` (issue 13, item 2): a whole database copied into an
empty store and verified; a round trip gives the same exports.

The source is the canary world (levels, a protected person, merges, proposals,
curations, a withdrawal, users, interventions with a file, calendar addresses) with a
few documents of ../shared/corpus/dev ingested through the real pipeline at run time
(never copied into the project; CASEFILE_MIGRATE_DEV_DOCS of them, default 4), reviews,
consent, a session, an API token, a two-factor policy, an OCR page, a spreadsheet import
and a batch failure, so that every copied table holds rows (a test checks it).

Destinations come from `new_store`, parametrised by backend: a PostgreSQL backend adds
its own parameter (a URL of an empty database) and every test here runs against it."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from casefile.store.copy import DERIVED, schema_table_names, schema_tables
from casefile.store.sqlite import SQLiteStore

REPO = Path(__file__).resolve().parents[1]
DEV = Path(os.environ.get("CASEFILE_CORPUS", REPO.parent / "shared" / "corpus")) / "dev"
DEV_DOCS = int(os.environ.get("CASEFILE_MIGRATE_DEV_DOCS", "4"))
AT = "2026-02-01T00:00:00+00:00"
SHEET = """\
name,country,status,arrest date,charges,source URL
Ivar Tesk,KZ,imprisoned,2023-05-02,extremism,https://news.example/1
Olga Prim,KZ,detained,2023-06-01,,https://news.example/2
"""
# Everything a reader can take out of the database: the full records with originals,
# a clearance's view (pseudonyms: the installation key must travel), the spreadsheet.
EXPORTS = (
    ("json", "--real-names", "--with-originals"),
    ("csv",),
    ("json", "--clearance", "internal"),
    ("popolo",),
)


@pytest.fixture(params=["sqlite", "postgresql"])
def new_store(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[str], str]:
    """Makes the location of a new, empty store of the backend under test (`name` keeps
    two apart): a SQLite file, or the URL of a new database on the throwaway PostgreSQL
    server of the PostgreSQL backend's tests (skipped where that backend is not in the
    checkout)."""
    if request.param == "sqlite":
        return lambda name: str(tmp_path / f"{name}.db")
    try:
        server = request.getfixturevalue("pg_server")
    except pytest.FixtureLookupError:
        pytest.skip("no PostgreSQL backend in this checkout (its tests' pg_server fixture)")
    return lambda name: str(server.new_database())


def _world(path: Path) -> Path:
    from canary_world import build_world

    build_world(path)
    return path


@pytest.fixture(scope="module")
def world_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The canary world alone: no pipeline, fast; copied before each test changes it."""
    return _world(tmp_path_factory.mktemp("world") / "world.db")


@pytest.fixture(scope="module")
def dev_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not DEV.is_dir() or not any(DEV.glob("*.txt")):
        pytest.skip(f"no dev corpus at {DEV} (the real reports are read at run time only)")
    folder = tmp_path_factory.mktemp("dev")
    path = _world(folder / "source.db")
    with SQLiteStore(path) as store:
        _fill(store, folder)
    return path


def _fill(store: SQLiteStore, folder: Path) -> None:
    """Dev documents through the pipeline, then a row in every table the world leaves
    empty, each through the service that writes it."""
    from casefile.exchange.imports import import_file
    from casefile.extract.pipeline import Pipeline, load_config
    from casefile.ingest import ingest, read_sources
    from casefile.model import PageImage
    from casefile.services import accounts, consent, review, sessions, twofactor
    from casefile.services.review import Reviewer
    from casefile.store.base_batch import BatchFailure, BatchSave
    from conftest import ExtractionBuilder

    files = sorted(DEV.glob("*.txt"))[:DEV_DOCS]
    outcomes = list(ingest(read_sources(files), store, Pipeline(load_config(None)),
                           actor="tester"))  # fmt: skip
    assert all(o.error is None for o in outcomes), [o.error for o in outcomes]
    reviewer = Reviewer("tester")
    ids = [r[0] for r in store.conn.execute(
        "SELECT id FROM events WHERE review_status = 'unreviewed' ORDER BY id LIMIT 3")]
    assert len(ids) == 3, "the dev documents gave too few events to review"
    review.accept(store, "event", ids[0], reviewer)
    review.reject(store, "event", ids[1], reviewer)
    review.edit(store, "event", ids[2], {"date": "2021-03"}, reviewer)
    person = store.conn.execute("SELECT min(id) FROM persons WHERE merged_into IS NULL"
                                ).fetchone()[0]  # fmt: skip
    consent.record_consent(store, person, given=True, given_by="family",
                           note="Agreed by phone (invented).", by=reviewer)  # fmt: skip
    admin = accounts.add_user(store, "migrator", "admin", "tester", None)
    accounts.new_token(store, "migrator", "tester")
    sessions.start(store, admin)
    twofactor.require(store, "admin", True, "tester")
    scan = ExtractionBuilder("Scanned page: Tobin Quarrell was fined.", title="A scan")
    scan.person("Tobin Quarrell").event("fine", "Tobin Quarrell", "Tobin Quarrell was fined")
    text = scan.document.text
    store.save_extraction(scan.build(), scan.original, "tester", [
        PageImage(1, b"\x89PNG invented page", 10, 12, 91.5, 5, 0, len(text), "tesseract 5 eng")])
    failed = hashlib.sha256(b"an unreadable upload").hexdigest()
    store.save_batch([], [BatchFailure(failed, "broken.pdf", "invented: no text layer")],
                     "tester")  # fmt: skip
    # A batch stored by a run that stopped before linking it: its linking stays queued.
    queued = ExtractionBuilder("Police fined Wenna Corrib on 3 May 2024.", title="Queued")
    queued.person("Wenna Corrib").event("fine", "Wenna Corrib", "Police fined Wenna Corrib")
    store.save_batch([BatchSave(queued.build(), queued.original)], [], "tester",
                     queue_links=True)  # fmt: skip
    sheet = folder / "sheet.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    report = import_file(store, sheet, actor="tester")
    assert report.stored, report.bad


def _copy_db(source: Path, target: Path) -> Path:
    """A private copy of a module's database (backup API: consistent, no -wal needed)."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return target


def _exports(casefile_main: Callable[..., object], db: str, tmp_path: Path) -> dict[str, bytes]:
    out = {}
    for args in EXPORTS:
        name = "-".join(a.strip("-") for a in args)
        target = tmp_path / f"export-{abs(hash(db))}-{name}"
        done = casefile_main("export", "--format", *args, "--output", str(target), db=db)
        assert done.code == 0, done.err
        out[name] = target.read_bytes()
    cases = casefile_main("cases", db=db)
    assert cases.code == 0, cases.err
    out["cases"] = cases.out.encode()
    log = casefile_main("audit", "log", "--limit", "100000", db=db)
    assert log.code == 0, log.err
    out["audit log"] = log.out.encode()
    return out


def _verify(casefile_main: Callable[..., object], db: str) -> str:
    done = casefile_main("verify", db=db)
    assert done.code == 0, done.err
    return done.out


def _migrate(casefile_main: Callable[..., object], source: str, target: str) -> object:
    return casefile_main("migrate-store", source, target)


# -- what is copied ---------------------------------------------------------------------


def test_every_table_is_copied_or_named_as_derived() -> None:
    copied = {t.name for t in schema_tables()}
    assert set(DERIVED) <= set(schema_table_names()), "DERIVED names a table that is gone"
    assert copied | set(DERIVED) == set(schema_table_names())
    assert not copied & set(DERIVED)
    order = [t.name for t in schema_tables()]
    assert order.index("documents") < order.index("document_levels")
    assert order.index("persons") < order.index("events")
    assert order.index("users") < order.index("sessions")
    assert [t.deferred for t in schema_tables() if t.name == "persons"] == [("merged_into",)]


def test_the_dev_source_holds_rows_in_every_copied_table(dev_db: Path) -> None:
    with SQLiteStore(dev_db) as store:
        empty = [t.name for t in schema_tables() if store.conn.execute(
            f"SELECT count(*) FROM {t.name}").fetchone()[0] == 0]  # noqa: S608
    assert empty == [], f"tables the test never copies a row of: {empty}"


# -- the copy -----------------------------------------------------------------------------


def test_migrating_the_dev_database_gives_identical_exports(
    dev_db: Path, new_store: Callable[[str], str], casefile_main, tmp_path: Path
) -> None:
    source = str(_copy_db(dev_db, tmp_path / "source.db"))
    head_before = _verify(casefile_main, source)
    target = new_store("copy")
    done = _migrate(casefile_main, source, target)
    assert done.code == 0, done.err
    assert "copied" in done.out and "the copy added no entry" in done.out
    assert _exports(casefile_main, target, tmp_path) == _exports(casefile_main, source, tmp_path)
    # The same verification, the same chain: its head, entries and records unchanged.
    assert _verify(casefile_main, target) == head_before
    search = ("search", "find", "Wendhollow")
    assert casefile_main(*search, db=target).out == casefile_main(*search, db=source).out


def test_a_round_trip_through_another_store_gives_identical_exports(
    dev_db: Path, new_store: Callable[[str], str], casefile_main, tmp_path: Path
) -> None:
    a = str(_copy_db(dev_db, tmp_path / "a.db"))
    b = new_store("b")
    c = str(tmp_path / "c.db")  # back to SQLite
    assert _migrate(casefile_main, a, b).code == 0
    done = _migrate(casefile_main, b, c)
    assert done.code == 0, done.err
    assert _exports(casefile_main, c, tmp_path) == _exports(casefile_main, a, tmp_path)
    assert _verify(casefile_main, c) == _verify(casefile_main, a)
    # Every copied table holds the same rows, in the same order of keys.
    for table in schema_tables():
        columns, keys = ", ".join(table.columns), ", ".join(table.key)
        query = f"SELECT {columns} FROM {table.name} ORDER BY {keys}"  # noqa: S608
        with sqlite3.connect(a) as one, sqlite3.connect(c) as other:
            assert one.execute(query).fetchall() == other.execute(query).fetchall(), table.name


def test_the_library_reports_what_it_copied(world_db: Path, tmp_path: Path) -> None:
    from casefile.services.migrate_store import migrate_store

    source = _copy_db(world_db, tmp_path / "source.db")
    result = migrate_store(str(source), f"sqlite:///{tmp_path / 'copy.db'}")
    with SQLiteStore(source) as store:
        counts = {t.name: store.conn.execute(f"SELECT count(*) FROM {t.name}").fetchone()[0]
                  for t in schema_tables()}  # noqa: S608
        entries = store.conn.execute("SELECT count(*), max(hash) FROM audit_log").fetchone()
    assert result.tables == counts and result.created
    assert result.audit_entries == entries[0] and result.documents == counts["documents"]
    # The pseudonym key is the source's (a new database makes its own).
    query = "SELECT value FROM installation_secrets"
    with sqlite3.connect(source) as one, sqlite3.connect(tmp_path / "copy.db") as other:
        assert one.execute(query).fetchall() == other.execute(query).fetchall()


# -- refusals ------------------------------------------------------------------------------


def _file_state(path: Path) -> tuple[str, int]:
    """The database file's bytes and the size of its write-ahead log: a read-only open
    of a WAL database may leave an empty -wal (and the -shm index) beside it, which
    holds nothing."""
    wal = Path(f"{path}-wal")
    return hashlib.sha256(path.read_bytes()).hexdigest(), wal.stat().st_size if wal.exists() else 0


def test_a_destination_holding_data_is_refused_and_left_untouched(
    world_db: Path, casefile_main, tmp_path: Path
) -> None:
    source = _copy_db(world_db, tmp_path / "source.db")
    target = _copy_db(world_db, tmp_path / "target.db")
    before = _file_state(target)
    done = _migrate(casefile_main, str(source), str(target))
    assert done.code == 1
    assert done.err.count("\n") == 1 and "already holds data" in done.err
    assert "Traceback" not in done.err
    assert _file_state(target) == before


def test_the_same_database_twice_is_refused(world_db: Path, casefile_main, tmp_path: Path
                                            ) -> None:  # fmt: skip
    source = _copy_db(world_db, tmp_path / "source.db")
    done = _migrate(casefile_main, str(source), f"sqlite:///{source}")
    assert done.code == 1 and "same database" in done.err


def test_a_missing_source_is_refused_and_nothing_is_created(casefile_main, tmp_path: Path
                                                            ) -> None:  # fmt: skip
    done = _migrate(casefile_main, str(tmp_path / "nothing.db"), str(tmp_path / "new.db"))
    assert done.code == 1 and "no database at" in done.err
    assert not (tmp_path / "new.db").exists()


def test_different_schema_versions_are_refused(world_db: Path, casefile_main, tmp_path: Path
                                               ) -> None:  # fmt: skip
    source = _copy_db(world_db, tmp_path / "source.db")
    with sqlite3.connect(source) as conn:
        conn.execute("PRAGMA user_version = 23")
    before = _file_state(source)
    done = _migrate(casefile_main, str(source), str(tmp_path / "new.db"))
    assert done.code == 1 and "schema version 23" in done.err, done.err
    assert _file_state(source) == before  # not migrated by opening it
    assert not (tmp_path / "new.db").exists()


def test_a_tampered_original_in_the_source_is_reported(
    world_db: Path, casefile_main, tmp_path: Path
) -> None:
    source = _copy_db(world_db, tmp_path / "source.db")
    with sqlite3.connect(source) as conn:
        sha256 = conn.execute("SELECT min(sha256) FROM documents").fetchone()[0]
        conn.execute("UPDATE documents SET original = ? WHERE sha256 = ?",
                     (b"bytes swapped in by someone else", sha256))  # fmt: skip
    done = _migrate(casefile_main, str(source), str(tmp_path / "new.db"))
    assert done.code == 1
    assert f"document {sha256[:12]}: its original bytes no longer match" in done.err
    assert "nothing was copied" in done.err
    assert not (tmp_path / "new.db").exists()


def test_a_copy_that_does_not_verify_is_reported(world_db: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A copy losing a row (a backend's bug, simulated) fails its own check."""
    from casefile.services import migrate_store as service
    from casefile.store import copy

    real = copy._copy_table

    def lossy(source, db, table, progress, *writer):  # type: ignore[no-untyped-def]
        copied = real(source, db, table, progress, *writer)
        if table.name == "person_aliases":
            db.execute("DELETE FROM person_aliases WHERE (person_id, key) IN"
                       " (SELECT person_id, key FROM person_aliases LIMIT 1)")  # fmt: skip
        return copied

    monkeypatch.setattr(copy, "_copy_table", lossy)
    source = _copy_db(world_db, tmp_path / "source.db")
    with pytest.raises(service.MigrateFailed) as failed:
        service.migrate_store(str(source), str(tmp_path / "new.db"))
    problems = "\n".join(failed.value.problems)
    assert "table person_aliases:" in problems and "rows copied" in problems
    assert "changed outside casefile" in problems or "person " in problems
    assert not (tmp_path / "new.db").exists()


def test_an_existing_empty_destination_is_used(world_db: Path, tmp_path: Path) -> None:
    from casefile.services.migrate_store import migrate_store

    target = tmp_path / "empty.db"
    SQLiteStore(target).close()  # a new database: only its seeded rows
    result = migrate_store(str(_copy_db(world_db, tmp_path / "source.db")), str(target))
    assert not result.created and result.rows > 100


def test_a_copy_failing_half_way_leaves_the_destination_empty(
    world_db: Path, casefile_main, tmp_path: Path
) -> None:
    """The destination refuses one table's rows (a trigger of its own standing in for
    a driver's error): one line, and not a row of the tables copied before stays."""
    target = tmp_path / "empty.db"
    SQLiteStore(target).close()
    with sqlite3.connect(target) as conn:
        conn.execute("CREATE TRIGGER refuse BEFORE INSERT ON events"
                     " BEGIN SELECT RAISE(ABORT, 'refused by the destination'); END")  # fmt: skip
    source = _copy_db(world_db, tmp_path / "source.db")
    done = _migrate(casefile_main, str(source), str(target))
    assert done.code == 1, done.err
    assert done.err.count("\n") == 1 and "copying table events failed" in done.err
    from casefile.store.copy import holds_data

    with sqlite3.connect(target) as conn:
        assert holds_data(conn) is None
        assert conn.execute("SELECT count(*) FROM documents").fetchone() == (0,)


def test_a_destination_whose_tables_differ_is_refused(
    world_db: Path, casefile_main, tmp_path: Path
) -> None:
    """Backends number their migrations apart, so what is compared across them is every
    copied table's columns; a column this casefile does not know refuses the copy."""
    target = tmp_path / "other.db"
    SQLiteStore(target).close()
    with sqlite3.connect(target) as conn:
        conn.execute("ALTER TABLE persons ADD COLUMN nickname TEXT")
    done = _migrate(casefile_main, str(_copy_db(world_db, tmp_path / "source.db")), str(target))
    assert done.code == 1
    assert "its table persons has nickname, unknown to this casefile" in done.err, done.err
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT count(*) FROM audit_log").fetchone() == (0,)


# -- PostgreSQL: the bulk path ---------------------------------------------------------

_DISABLED = ("SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'D'")
_COUNTS = ("SELECT level, month, type, n FROM event_month_counts ORDER BY 1, 2, 3",
           "SELECT level, kind, review_status, n FROM fact_review_counts ORDER BY 1, 2, 3")


def test_into_postgresql_rows_go_in_bulk_and_the_counts_match_the_triggers(
    world_db: Path, tmp_path: Path, pg_server
) -> None:
    """The database owner's copy writes with COPY, its triggers off (store/pg_bulk.py),
    and ends with them on and the dashboard's counts as the triggers make them: the same
    copy by a role that does not own the tables (INSERTs, triggers on) gives the same."""
    from casefile.services.migrate_store import migrate_store
    from casefile.store.postgres import PostgresStore
    from pg_support import raw_connect

    clerk = f"clerk{os.getpid()}"
    pg_server.admin(f"CREATE ROLE {clerk} LOGIN")
    owned, other = pg_server.new_database(), pg_server.new_database()
    with raw_connect(other) as conn:
        conn.execute(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {clerk}")
        conn.execute(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {clerk}")
    as_clerk = other.replace("//casefile@", f"//{clerk}@")
    for url, bulk in ((owned, True), (as_clerk, False)):
        with PostgresStore(url) as store, store.transaction(), store.bulk_copy() as loader:
            disabled = store.conn.execute(_DISABLED).fetchone()[0]
            assert (loader is not None, disabled > 0) == (bulk, bulk)
        source = _copy_db(world_db, tmp_path / f"source{bulk}.db")
        assert migrate_store(str(source), url).rows > 100
    with raw_connect(owned) as fast, raw_connect(other) as slow:
        assert fast.execute(_DISABLED).fetchone()[0] == 0
        for query in _COUNTS:
            rows = fast.execute(query).fetchall()
            assert rows and rows == slow.execute(query).fetchall(), query
        stale = "SELECT count(*) FROM stale_cases"
        assert fast.execute(stale).fetchone() == slow.execute(stale).fetchone()
