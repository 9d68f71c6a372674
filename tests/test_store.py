"""The store on a real database: schema, migrations, saving, re-extraction.

Saving and reading run on both backends (`store_db`: a SQLite file, a PostgreSQL
database); opening a file and SQLite's migrations run on SQLite (`file_db`), their
PostgreSQL side is in test_store_backends.py."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from casefile.store import StoreError, open_store
from casefile.store.migrate import load_migrations, migrate, schema_version
from casefile.store.postgres import load_pg_migrations
from casefile.store.sqlite import SQLiteStore
from pg_support import dump_rows, raw_connect

TEXT = (
    "Marat Zholdybayev was arrested on 2 March 2023. "
    "On 30 November 2023 Zholdybayev, the athlete, was sentenced to seven years in prison. "
    "Since January, eight persons have been convicted. "
    "The movement DCK was banned as extremist."
)


@pytest.fixture
def sample(make_extraction):
    return (
        make_extraction(TEXT, published="2023-12-01", title="Statement", language="en")
        .person("Marat Zholdybayev", roles=["activist", "athlete"], country="KZ")
        .organisation("DCK", kind="movement")
        .event("arrest", "Marat Zholdybayev", "was arrested on 2 March 2023", "2023-03-02")
        .event(
            "sentence",
            "Zholdybayev",
            "was sentenced to seven years in prison",
            "2023-11-30",
            term="P7Y",
            term_kind="prison",
            charges=["participating in an extremist organization"],
        )
        .event(
            "designation",
            "DCK",
            "DCK was banned as extremist",
            participant_kind="organisation",
            label="extremist",
        )
        .statistic(8, "persons convicted", "eight persons have been convicted", period="2023")
    )


@pytest.fixture
def db_path(store_db: Path | str) -> Path | str:
    return store_db


@pytest.fixture
def file_db(tmp_path: Path) -> Path:
    return tmp_path / "cases.db"


@pytest.fixture
def file_store(file_db: Path):
    with SQLiteStore(file_db) as opened:
        yield opened


@pytest.fixture
def store(db_path):
    with open_store(db_path) as opened:
        yield opened


def count(path: Path | str, table: str, where: str = "true") -> int:
    conn = raw_connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()[0]
    finally:
        conn.close()


def set_review(path: Path | str, sql_where: str, status: str, **changes: str) -> None:
    """Stand-in for the review workflow, which does not exist yet."""
    sets = ", ".join(["review_status = ?", *(f"{k} = ?" for k in changes)])
    conn = raw_connect(path)
    conn.execute(f"UPDATE events SET {sets} WHERE {sql_where}", (status, *changes.values()))
    conn.close()


def dump(path: Path | str) -> list[str]:
    return dump_rows(path)


def inject_failure(store, table: str, when: str = "true") -> None:
    """A trigger that fails inserts into `table` where `when` holds (NEW.column ...)."""
    if isinstance(store.path, Path):
        store.conn.execute(f"CREATE TRIGGER boom BEFORE INSERT ON {table} WHEN {when}"
                           " BEGIN SELECT RAISE(ABORT, 'injected failure'); END")
        return
    store.conn.execute(
        "CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        f" IF {when} THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$")
    store.conn.execute(f"CREATE TRIGGER boom BEFORE INSERT ON {table}"
                       " FOR EACH ROW EXECUTE FUNCTION boom()")


def drop_failure(store, table: str) -> None:
    if isinstance(store.path, Path):
        store.conn.execute("DROP TRIGGER boom")
    else:
        store.conn.execute(f"DROP TRIGGER boom ON {table}")
        store.conn.execute("DROP FUNCTION boom()")


# -- opening and migrations ----------------------------------------------------------


def test_new_database_is_migrated_in_wal_mode_with_foreign_keys(file_store, file_db):
    conn = file_store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    assert schema_version(conn) == len(load_migrations()) >= 1
    assert (file_db.parent / (file_db.name + "-wal")).exists()


def test_reopening_keeps_data_and_does_not_migrate_again(db_path, sample):
    with open_store(db_path) as store:
        store.save_extraction(sample.build(), sample.original)
    with open_store(db_path) as store:
        migrations = load_migrations() if isinstance(db_path, Path) else load_pg_migrations()
        assert migrate(store.conn, migrations) == len(migrations)
        assert store.has_document(sample.document.sha256)
    assert count(db_path, "events") == 3


def test_database_newer_than_the_code_is_refused(file_db):
    SQLiteStore(file_db).close()
    conn = sqlite3.connect(file_db)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(StoreError, match="newer than this casefile supports"):
        SQLiteStore(file_db)


def test_old_database_is_upgraded_and_keeps_its_rows(file_db, sample):
    with SQLiteStore(file_db) as store:
        store.save_extraction(sample.build(), sample.original)
    later = [
        *load_migrations(),
        (len(load_migrations()) + 1, "9999_note.sql", "ALTER TABLE documents ADD note TEXT;\n"),
    ]
    conn = sqlite3.connect(file_db, isolation_level=None)
    assert migrate(conn, later) == len(load_migrations())
    assert schema_version(conn) == len(later)
    assert conn.execute("SELECT count(*) FROM documents WHERE note IS NULL").fetchone()[0] == 1
    conn.close()


def test_failing_migration_leaves_database_untouched(file_db):
    SQLiteStore(file_db).close()
    before = dump(file_db)
    shipped = len(load_migrations())
    broken = [
        *load_migrations(),
        (shipped + 1, "9999_broken.sql", "CREATE TABLE fine (x INTEGER);\nCREATE TABLE oops (;\n"),
    ]
    conn = sqlite3.connect(file_db, isolation_level=None)
    with pytest.raises(StoreError, match="9999_broken.sql failed"):
        migrate(conn, broken)
    assert schema_version(conn) == shipped
    conn.close()
    assert dump(file_db) == before


def test_migration_with_trigger_body_is_split_correctly(file_db):
    SQLiteStore(file_db).close()
    trigger = (
        "CREATE TABLE log (what TEXT);\n"
        "CREATE TRIGGER doc_log AFTER INSERT ON documents BEGIN\n"
        "  INSERT INTO log VALUES ('a; b');\n"
        "  INSERT INTO log VALUES (new.sha256);\n"
        "END;\n-- trailing comment\n"
    )
    conn = sqlite3.connect(file_db, isolation_level=None)
    shipped = load_migrations()
    migrate(conn, [*shipped, (len(shipped) + 1, "9999_log.sql", trigger)])
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    assert "doc_log" in names
    conn.execute("INSERT INTO documents (sha256, text, original, ingested_at)"
                 " VALUES (?, 't', x'00', 'now')", ("a" * 64,))
    assert [r[0] for r in conn.execute("SELECT what FROM log")] == ["a; b", "a" * 64]
    conn.close()


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_bytes(b"this is not sqlite, just some notes" * 100)
    with pytest.raises(StoreError, match="cannot open database"):
        SQLiteStore(bogus)


def test_open_store_accepts_paths_and_sqlite_urls(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    open_store(tmp_path / "a.db").close()
    open_store(str(tmp_path / "b.db")).close()
    open_store("sqlite:///relative.db").close()
    open_store(f"sqlite:///{tmp_path / 'absolute.db'}").close()
    for name in ("a.db", "b.db", "relative.db", "absolute.db"):
        assert (tmp_path / name).exists(), name


@pytest.mark.parametrize(
    "url", ["mysql://x", "sqlite://", "sqlite://host/x.db"]
)
def test_open_store_refuses_other_urls_in_one_line(url):
    with pytest.raises(StoreError) as err:
        open_store(url)
    assert "\n" not in str(err.value) and "sqlite:///" in str(err.value)


def test_open_store_in_a_missing_directory_is_a_store_error(tmp_path):
    with pytest.raises(StoreError, match="directory does not exist"):
        open_store(tmp_path / "nowhere" / "x.db")


# -- saving --------------------------------------------------------------------------


def test_save_stores_everything_with_provenance(store, sample):
    result = store.save_extraction(sample.build(), sample.original)
    assert (result.document_new, result.events, result.statistics, result.persons) == (
        True,
        3,
        1,
        1,
    )
    doc = store.get_document(sample.document.sha256)
    assert doc is not None and doc.text == TEXT and doc.title == "Statement"
    assert str(doc.published) == "2023-12-01" and doc.ingested_at is not None
    assert store.get_original(sample.document.sha256) == sample.original
    [person] = store.iter_persons()
    assert (person.name, person.country, person.roles) == (
        "Marat Zholdybayev",
        "KZ",
        ("activist", "athlete"),
    )
    events = list(store.iter_events())
    sentence = next(e for e in events if e.event.type == "sentence")
    assert sentence.person_id == person.id and sentence.entity_name == "Marat Zholdybayev"
    assert sentence.event.participant == "Zholdybayev"  # as the text gave it
    assert sentence.event.charges == ["participating in an extremist organization"]
    assert sentence.event.provenance.extractor == "test-extractor"
    assert sentence.review_status == "unreviewed" and sentence.version == 1
    ev = sentence.event.evidence
    assert TEXT[ev.start : ev.end] == ev.quote
    designation = next(e for e in events if e.event.type == "designation")
    assert designation.organisation_id is not None and designation.person_id is None
    [org] = store.iter_organisations()
    assert (org.name, org.kind) == ("DCK", "movement")
    [stat] = store.iter_statistics()
    assert (stat.statistic.count, stat.statistic.period) == (8, "2023")


def test_saving_the_same_bytes_twice_stores_them_once(store, db_path, sample):
    first = store.save_extraction(sample.build(), sample.original)
    second = store.save_extraction(sample.build(), sample.original)
    assert first.document_new and not second.document_new
    assert second.events == 3
    assert count(db_path, "documents") == 1
    assert count(db_path, "events") == 3
    assert count(db_path, "statistics") == 1
    assert count(db_path, "persons") == 1
    assert count(db_path, "person_roles") == 2
    assert [d.sha256 for d in store.iter_documents()] == [sample.document.sha256]


def test_reextraction_replaces_unreviewed_facts_and_keeps_reviewed(
    store, db_path, sample, make_extraction
):
    store.save_extraction(sample.build(), sample.original)
    set_review(db_path, "type = 'arrest'", "accepted")
    # An analyst corrected the machine's type; the machine saying it again must not return.
    set_review(db_path, "type = 'designation'", "edited", label="terrorist")
    accepted_id = next(e.id for e in store.iter_events() if e.event.type == "arrest")

    newer = make_extraction(TEXT, published="2023-12-01", title="Statement", language="en")
    newer.provenance = newer.provenance.__class__("test-extractor", "2", 0.95)
    newer.person("Marat Zholdybayev", roles=["activist"], country="KZ")
    newer.event("arrest", "Marat Zholdybayev", "was arrested on 2 March 2023", "2023-03-02")
    newer.event(
        "designation", "DCK", "DCK was banned as extremist", participant_kind="organisation"
    )
    newer.event("conviction", "Zholdybayev", "was sentenced to seven years in prison")
    result = store.save_extraction(newer.build(), newer.original)

    assert not result.document_new and result.events == 1 and result.skipped_reviewed == 2
    events = {e.event.type: e for e in store.iter_events()}
    assert set(events) == {"arrest", "designation", "conviction"}
    assert events["arrest"].id == accepted_id
    assert events["arrest"].event.provenance.version == "1"  # untouched
    assert events["designation"].event.label == "terrorist"
    assert events["conviction"].event.provenance.version == "2"
    assert count(db_path, "statistics") == 0
    [person] = store.iter_persons()
    assert person.roles == ("activist",)


def test_a_failed_save_of_a_new_document_leaves_no_trace(store, db_path, sample):
    store.save_extraction(sample.build(), sample.original)
    inject_failure(store, "events", "new.participant_name = 'Boom'")
    before = dump(db_path)
    text = "Ann Lee was arrested. Boom was searched."
    other = sample.__class__(text).person("Ann Lee").person("Boom")
    other.event("arrest", "Ann Lee", "Ann Lee was arrested")
    other.event("search", "Boom", "Boom was searched")
    with pytest.raises(StoreError, match="injected failure"):
        store.save_extraction(other.build(), other.original)
    assert dump(db_path) == before
    assert not store.has_document(other.document.sha256)
    assert not store.conn.in_transaction


def test_a_failed_reextraction_keeps_the_previous_facts(store, db_path, sample):
    store.save_extraction(sample.build(), sample.original)
    before = dump(db_path)
    inject_failure(store, "statistics")
    with pytest.raises(StoreError):
        store.save_extraction(sample.build(), sample.original)
    drop_failure(store, "statistics")
    assert dump(db_path) == before


def test_a_quote_that_is_not_the_text_is_refused(store, db_path, sample):
    extraction = sample.build()
    bad = extraction.events[0].evidence
    extraction.events[0].evidence = bad.__class__(
        bad.document_id, bad.start + 1, bad.end, bad.quote
    )
    with pytest.raises(StoreError, match="quote is not the text"):
        store.save_extraction(extraction, sample.original)
    assert count(db_path, "documents") == 0


def test_a_document_id_that_is_not_the_bytes_hash_is_refused(store, sample):
    with pytest.raises(StoreError, match="not the sha256"):
        store.save_extraction(sample.build(), sample.original + b"x")


def test_changed_text_is_refused_once_facts_are_reviewed(
    store, db_path, sample, make_extraction
):
    store.save_extraction(sample.build(), sample.original)
    reread = make_extraction(TEXT)
    reread.document.text = TEXT + " Appendix."
    reread.document.sha256 = sample.document.sha256
    store.save_extraction(reread.build(), sample.original)  # nothing reviewed yet
    assert store.get_document(sample.document.sha256).text.endswith("Appendix.")
    store.save_extraction(sample.build(), sample.original)
    set_review(db_path, "type = 'arrest'", "accepted")
    with pytest.raises(StoreError, match="reviewed facts quote the stored one"):
        store.save_extraction(reread.build(), sample.original)


def test_names_link_within_a_document_and_by_key_across_documents(
    store, db_path, make_extraction
):
    one = make_extraction("Žaneta Nováková was detained in Minsk.")
    one.person("Žaneta Nováková", aliases=["Zhaneta"])
    one.event("arrest", "Nováková", "was detained in Minsk")
    two = make_extraction("ZANETA  NOVAKOVA was released.")
    two.event("release", "ZANETA  NOVAKOVA", "was released")
    store.save_extraction(one.build(), one.original)
    store.save_extraction(two.build(), two.original)
    [person] = store.iter_persons()
    assert person.name == "Žaneta Nováková" and person.aliases == ("Zhaneta",)
    assert {e.person_id for e in store.iter_events()} == {person.id}
    assert [p.id for p in store.find_persons("zhaneta")] == [person.id]


def test_find_persons_by_words_and_ambiguity(store, make_extraction):
    doc = make_extraction("Ivan Petrov and Olga Petrova and Ivan Sidorov were arrested.")
    for name in ("Ivan Petrov", "Olga Petrova", "Ivan Sidorov"):
        doc.event("arrest", name, "were arrested")
    store.save_extraction(doc.build(), doc.original)
    assert [p.name for p in store.find_persons("petrov")] == ["Ivan Petrov"]
    assert [p.name for p in store.find_persons("Sidorov")] == ["Ivan Sidorov"]
    assert len(store.find_persons("Ivan")) == 2
    assert store.find_persons("Nobody") == []


def test_persons_left_without_facts_by_reextraction_are_removed(store, make_extraction):
    text = "Ann Lee was arrested. Bo Chen was searched."
    first = make_extraction(text)
    first.event("arrest", "Ann Lee", "Ann Lee was arrested")
    first.event("search", "Bo Chen", "Bo Chen was searched")
    store.save_extraction(first.build(), first.original)
    again = make_extraction(text).event("arrest", "Ann Lee", "Ann Lee was arrested")
    store.save_extraction(again.build(), again.original)
    assert [p.name for p in store.iter_persons()] == ["Ann Lee"]


def test_rejected_events_are_exported_but_not_part_of_cases(store, db_path, sample):
    store.save_extraction(sample.build(), sample.original)
    set_review(db_path, "type = 'sentence'", "rejected")
    [case] = store.list_cases()
    assert [e.event.type for e in case.events] == ["arrest"]
    assert [e.event.type for e in store.person_events(case.person.id)] == ["arrest"]
    assert {e.event.type for e in store.iter_events()} >= {"arrest", "sentence"}


def test_closed_store_says_so(db_path):
    store = open_store(db_path)
    store.close()
    store.close()  # idempotent
    with pytest.raises(StoreError, match="closed"):
        store.has_document("0" * 64)


def test_a_database_from_before_the_latest_migrations_opens_and_is_migrated(file_db, sample):
    """Records digested before migrating (sqlite_audit.open_tracked) include kinds whose
    tables the old schema lacks: they have no records yet, and opening must not fail."""
    earlier = [m for m in load_migrations() if m[0] <= 15]
    conn = sqlite3.connect(file_db, isolation_level=None)
    try:
        migrate(conn, earlier)
    finally:
        conn.close()
    with SQLiteStore(file_db) as store:
        store.save_extraction(sample.build(), sample.original)
    with SQLiteStore(file_db) as store:
        assert schema_version(store.conn) == len(load_migrations())
        assert store.count_documents() == 1


def test_a_status_with_a_date_range_filters_cases_on_both_backends(store, sample):
    """SQLite is told which index to probe events by (`INDEXED BY`, sqlite_filters);
    PostgreSQL has no such clause and plans by itself: the same cases either way."""
    from casefile.services.cases import refresh_case_records
    from casefile.store.base import CaseQuery

    store.save_extraction(sample.build(), sample.original)
    refresh_case_records(store)
    for date_from, date_to, found in (("2023-01-01", "2023-12-31", 1),
                                      ("2021-01-01", "2021-12-31", 0)):
        for status in ("imprisoned", "released"):
            total, listings = store.query_cases(
                CaseQuery(status=status, date_from=date_from, date_to=date_to))
            expected = found if status == "imprisoned" else 0
            assert total == len(listings) == expected, (status, date_from)


def test_every_organisation_is_listed_with_a_negative_limit_on_both_backends(store, sample):
    """A search of organisations reads every candidate (limit -1): SQLite's LIMIT -1,
    which PostgreSQL refuses, is not sent."""
    store.save_extraction(sample.build(), sample.original)
    total, everything = store.list_organisations(-1, 0, 2, with_events=True)
    assert total == len(everything) == 1 and everything[0].organisation.name == "DCK"
    assert store.list_organisations(1, 0, 2, with_events=True)[1] == everything
