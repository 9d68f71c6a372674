"""The SQLite store on a real database file: schema, migrations, saving, re-extraction."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from casefile.store import StoreError, open_store
from casefile.store.migrate import load_migrations, migrate, schema_version
from casefile.store.sqlite import SQLiteStore

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


def count(path: Path, table: str, where: str = "1") -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()[0]


def set_review(path: Path, sql_where: str, status: str, **changes: str) -> None:
    """Stand-in for the review workflow, which does not exist yet."""
    sets = ", ".join(["review_status = ?", *(f"{k} = ?" for k in changes)])
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(f"UPDATE events SET {sets} WHERE {sql_where}", (status, *changes.values()))
    conn.close()


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


# -- opening and migrations ----------------------------------------------------------


def test_new_database_is_migrated_in_wal_mode_with_foreign_keys(sqlite_store, db_path):
    conn = sqlite_store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    assert schema_version(conn) == len(load_migrations()) >= 1
    assert (db_path.parent / (db_path.name + "-wal")).exists()


def test_reopening_keeps_data_and_does_not_migrate_again(db_path, sample):
    with SQLiteStore(db_path) as store:
        store.save_extraction(sample.build(), sample.original)
    with SQLiteStore(db_path) as store:
        assert migrate(store.conn, load_migrations()) == len(load_migrations())
        assert store.has_document(sample.document.sha256)
    assert count(db_path, "events") == 3


def test_database_newer_than_the_code_is_refused(db_path):
    SQLiteStore(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(StoreError, match="newer than this casefile supports"):
        SQLiteStore(db_path)


def test_old_database_is_upgraded_and_keeps_its_rows(db_path, sample):
    with SQLiteStore(db_path) as store:
        store.save_extraction(sample.build(), sample.original)
    later = [
        *load_migrations(),
        (len(load_migrations()) + 1, "9999_note.sql", "ALTER TABLE documents ADD note TEXT;\n"),
    ]
    conn = sqlite3.connect(db_path, isolation_level=None)
    assert migrate(conn, later) == len(load_migrations())
    assert schema_version(conn) == len(later)
    assert conn.execute("SELECT count(*) FROM documents WHERE note IS NULL").fetchone()[0] == 1
    conn.close()


def test_failing_migration_leaves_database_untouched(db_path):
    SQLiteStore(db_path).close()
    before = dump(db_path)
    shipped = len(load_migrations())
    broken = [
        *load_migrations(),
        (shipped + 1, "9999_broken.sql", "CREATE TABLE fine (x INTEGER);\nCREATE TABLE oops (;\n"),
    ]
    conn = sqlite3.connect(db_path, isolation_level=None)
    with pytest.raises(StoreError, match="9999_broken.sql failed"):
        migrate(conn, broken)
    assert schema_version(conn) == shipped
    conn.close()
    assert dump(db_path) == before


def test_migration_with_trigger_body_is_split_correctly(db_path):
    SQLiteStore(db_path).close()
    trigger = (
        "CREATE TABLE log (what TEXT);\n"
        "CREATE TRIGGER doc_log AFTER INSERT ON documents BEGIN\n"
        "  INSERT INTO log VALUES ('a; b');\n"
        "  INSERT INTO log VALUES (new.sha256);\n"
        "END;\n-- trailing comment\n"
    )
    conn = sqlite3.connect(db_path, isolation_level=None)
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
    "url", ["postgresql://localhost/cases", "mysql://x", "sqlite://", "sqlite://host/x.db"]
)
def test_open_store_refuses_other_urls_in_one_line(url):
    with pytest.raises(StoreError) as err:
        open_store(url)
    assert "\n" not in str(err.value) and "sqlite:///" in str(err.value)


def test_open_store_in_a_missing_directory_is_a_store_error(tmp_path):
    with pytest.raises(StoreError, match="directory does not exist"):
        open_store(tmp_path / "nowhere" / "x.db")


# -- saving --------------------------------------------------------------------------


def test_save_stores_everything_with_provenance(sqlite_store, sample):
    result = sqlite_store.save_extraction(sample.build(), sample.original)
    assert (result.document_new, result.events, result.statistics, result.persons) == (
        True,
        3,
        1,
        1,
    )
    doc = sqlite_store.get_document(sample.document.sha256)
    assert doc is not None and doc.text == TEXT and doc.title == "Statement"
    assert str(doc.published) == "2023-12-01" and doc.ingested_at is not None
    assert sqlite_store.get_original(sample.document.sha256) == sample.original
    [person] = sqlite_store.iter_persons()
    assert (person.name, person.country, person.roles) == (
        "Marat Zholdybayev",
        "KZ",
        ("activist", "athlete"),
    )
    events = list(sqlite_store.iter_events())
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
    [org] = sqlite_store.iter_organisations()
    assert (org.name, org.kind) == ("DCK", "movement")
    [stat] = sqlite_store.iter_statistics()
    assert (stat.statistic.count, stat.statistic.period) == (8, "2023")


def test_saving_the_same_bytes_twice_stores_them_once(sqlite_store, db_path, sample):
    first = sqlite_store.save_extraction(sample.build(), sample.original)
    second = sqlite_store.save_extraction(sample.build(), sample.original)
    assert first.document_new and not second.document_new
    assert second.events == 3
    assert count(db_path, "documents") == 1
    assert count(db_path, "events") == 3
    assert count(db_path, "statistics") == 1
    assert count(db_path, "persons") == 1
    assert count(db_path, "person_roles") == 2
    assert [d.sha256 for d in sqlite_store.iter_documents()] == [sample.document.sha256]


def test_reextraction_replaces_unreviewed_facts_and_keeps_reviewed(
    sqlite_store, db_path, sample, make_extraction
):
    sqlite_store.save_extraction(sample.build(), sample.original)
    set_review(db_path, "type = 'arrest'", "accepted")
    # An analyst corrected the machine's type; the machine saying it again must not return.
    set_review(db_path, "type = 'designation'", "edited", label="terrorist")
    accepted_id = next(e.id for e in sqlite_store.iter_events() if e.event.type == "arrest")

    newer = make_extraction(TEXT, published="2023-12-01", title="Statement", language="en")
    newer.provenance = newer.provenance.__class__("test-extractor", "2", 0.95)
    newer.person("Marat Zholdybayev", roles=["activist"], country="KZ")
    newer.event("arrest", "Marat Zholdybayev", "was arrested on 2 March 2023", "2023-03-02")
    newer.event(
        "designation", "DCK", "DCK was banned as extremist", participant_kind="organisation"
    )
    newer.event("conviction", "Zholdybayev", "was sentenced to seven years in prison")
    result = sqlite_store.save_extraction(newer.build(), newer.original)

    assert not result.document_new and result.events == 1 and result.skipped_reviewed == 2
    events = {e.event.type: e for e in sqlite_store.iter_events()}
    assert set(events) == {"arrest", "designation", "conviction"}
    assert events["arrest"].id == accepted_id
    assert events["arrest"].event.provenance.version == "1"  # untouched
    assert events["designation"].event.label == "terrorist"
    assert events["conviction"].event.provenance.version == "2"
    assert count(db_path, "statistics") == 0
    [person] = sqlite_store.iter_persons()
    assert person.roles == ("activist",)


def test_a_failed_save_of_a_new_document_leaves_no_trace(sqlite_store, db_path, sample):
    sqlite_store.save_extraction(sample.build(), sample.original)
    sqlite_store.conn.execute(
        "CREATE TRIGGER boom BEFORE INSERT ON events WHEN new.participant_name = 'Boom'"
        " BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
    )
    before = dump(db_path)
    text = "Ann Lee was arrested. Boom was searched."
    other = sample.__class__(text).person("Ann Lee").person("Boom")
    other.event("arrest", "Ann Lee", "Ann Lee was arrested")
    other.event("search", "Boom", "Boom was searched")
    with pytest.raises(StoreError, match="injected failure"):
        sqlite_store.save_extraction(other.build(), other.original)
    assert dump(db_path) == before
    assert not sqlite_store.has_document(other.document.sha256)
    assert not sqlite_store.conn.in_transaction


def test_a_failed_reextraction_keeps_the_previous_facts(sqlite_store, db_path, sample):
    sqlite_store.save_extraction(sample.build(), sample.original)
    before = dump(db_path)
    sqlite_store.conn.execute(
        "CREATE TRIGGER boom BEFORE INSERT ON statistics"
        " BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
    )
    with pytest.raises(StoreError):
        sqlite_store.save_extraction(sample.build(), sample.original)
    sqlite_store.conn.execute("DROP TRIGGER boom")
    assert dump(db_path) == before


def test_a_quote_that_is_not_the_text_is_refused(sqlite_store, db_path, sample):
    extraction = sample.build()
    bad = extraction.events[0].evidence
    extraction.events[0].evidence = bad.__class__(
        bad.document_id, bad.start + 1, bad.end, bad.quote
    )
    with pytest.raises(StoreError, match="quote is not the text"):
        sqlite_store.save_extraction(extraction, sample.original)
    assert count(db_path, "documents") == 0


def test_a_document_id_that_is_not_the_bytes_hash_is_refused(sqlite_store, sample):
    with pytest.raises(StoreError, match="not the sha256"):
        sqlite_store.save_extraction(sample.build(), sample.original + b"x")


def test_changed_text_is_refused_once_facts_are_reviewed(
    sqlite_store, db_path, sample, make_extraction
):
    sqlite_store.save_extraction(sample.build(), sample.original)
    reread = make_extraction(TEXT)
    reread.document.text = TEXT + " Appendix."
    reread.document.sha256 = sample.document.sha256
    sqlite_store.save_extraction(reread.build(), sample.original)  # nothing reviewed yet
    assert sqlite_store.get_document(sample.document.sha256).text.endswith("Appendix.")
    sqlite_store.save_extraction(sample.build(), sample.original)
    set_review(db_path, "type = 'arrest'", "accepted")
    with pytest.raises(StoreError, match="reviewed facts quote the stored one"):
        sqlite_store.save_extraction(reread.build(), sample.original)


def test_names_link_within_a_document_and_by_key_across_documents(
    sqlite_store, db_path, make_extraction
):
    one = make_extraction("Žaneta Nováková was detained in Minsk.")
    one.person("Žaneta Nováková", aliases=["Zhaneta"])
    one.event("arrest", "Nováková", "was detained in Minsk")
    two = make_extraction("ZANETA  NOVAKOVA was released.")
    two.event("release", "ZANETA  NOVAKOVA", "was released")
    sqlite_store.save_extraction(one.build(), one.original)
    sqlite_store.save_extraction(two.build(), two.original)
    [person] = sqlite_store.iter_persons()
    assert person.name == "Žaneta Nováková" and person.aliases == ("Zhaneta",)
    assert {e.person_id for e in sqlite_store.iter_events()} == {person.id}
    assert [p.id for p in sqlite_store.find_persons("zhaneta")] == [person.id]


def test_find_persons_by_words_and_ambiguity(sqlite_store, make_extraction):
    doc = make_extraction("Ivan Petrov and Olga Petrova and Ivan Sidorov were arrested.")
    for name in ("Ivan Petrov", "Olga Petrova", "Ivan Sidorov"):
        doc.event("arrest", name, "were arrested")
    sqlite_store.save_extraction(doc.build(), doc.original)
    assert [p.name for p in sqlite_store.find_persons("petrov")] == ["Ivan Petrov"]
    assert [p.name for p in sqlite_store.find_persons("Sidorov")] == ["Ivan Sidorov"]
    assert len(sqlite_store.find_persons("Ivan")) == 2
    assert sqlite_store.find_persons("Nobody") == []


def test_persons_left_without_facts_by_reextraction_are_removed(sqlite_store, make_extraction):
    text = "Ann Lee was arrested. Bo Chen was searched."
    first = make_extraction(text)
    first.event("arrest", "Ann Lee", "Ann Lee was arrested")
    first.event("search", "Bo Chen", "Bo Chen was searched")
    sqlite_store.save_extraction(first.build(), first.original)
    again = make_extraction(text).event("arrest", "Ann Lee", "Ann Lee was arrested")
    sqlite_store.save_extraction(again.build(), again.original)
    assert [p.name for p in sqlite_store.iter_persons()] == ["Ann Lee"]


def test_rejected_events_are_exported_but_not_part_of_cases(sqlite_store, db_path, sample):
    sqlite_store.save_extraction(sample.build(), sample.original)
    set_review(db_path, "type = 'sentence'", "rejected")
    [case] = sqlite_store.list_cases()
    assert [e.event.type for e in case.events] == ["arrest"]
    assert [e.event.type for e in sqlite_store.person_events(case.person.id)] == ["arrest"]
    assert {e.event.type for e in sqlite_store.iter_events()} >= {"arrest", "sentence"}


def test_closed_store_says_so(db_path):
    store = SQLiteStore(db_path)
    store.close()
    store.close()  # idempotent
    with pytest.raises(StoreError, match="closed"):
        store.has_document("0" * 64)


def test_a_database_from_before_the_latest_migrations_opens_and_is_migrated(db_path, sample):
    """Records digested before migrating (sqlite_audit.open_tracked) include kinds whose
    tables the old schema lacks: they have no records yet, and opening must not fail."""
    earlier = [m for m in load_migrations() if m[0] <= 15]
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        migrate(conn, earlier)
    finally:
        conn.close()
    with SQLiteStore(db_path) as store:
        store.save_extraction(sample.build(), sample.original)
    with SQLiteStore(db_path) as store:
        assert schema_version(store.conn) == len(load_migrations())
        assert store.count_documents() == 1
