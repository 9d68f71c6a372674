"""Finding cases: filter parsing, date ranges over partial dates, full-text search, and
the derived case records, including on a database created before they existed."""

from __future__ import annotations

import sqlite3

import pytest

import web_support
from casefile.services.errors import InvalidInput
from casefile.services.search import find_cases, parse_case_filters, search
from casefile.store.migrate import load_migrations, migrate
from casefile.store.sqlite import SQLiteStore

seeded = web_support.seeded  # fixture


def names(store, **filters) -> list[str]:
    return [c.name for c in find_cases(store, parse_case_filters(store, **filters)).items]


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"country": "KAZ"}, "two-letter"),
        ({"status": "jailed"}, "unknown status"),
        ({"event_type": "Arrest"}, "unknown type"),
        ({"date_from": "2024-13"}, "month out of range"),
        ({"date_to": "--05-01"}, "needs a year"),
        ({"date_from": "2024-06", "date_to": "2024-05-31"}, "after"),
        ({"organisation": "0"}, "not an id"),
        ({"organisation": "Unknown Front"}, "no organisation"),
    ],
)
def test_bad_filters_say_which_field(seeded, filters, message):
    with SQLiteStore(seeded.db_path) as store, pytest.raises(InvalidInput, match=message):
        parse_case_filters(store, **filters)


def test_partial_dates_match_the_ranges_they_overlap(seeded, make_extraction):
    text = "Olga Belova was arrested in 2022. Pavel Ugrov was arrested in May 2022."
    builder = (
        make_extraction(text)
        .event("arrest", "Olga Belova", "Olga Belova was arrested in 2022", "2022")
        .event("arrest", "Pavel Ugrov", "Pavel Ugrov was arrested in May 2022", "2022-05")
    )
    with SQLiteStore(seeded.db_path) as store:
        store.save_extraction(builder.build(), builder.original)
        assert names(store, date_from="2022-05-31", date_to="2022-06") == [
            "Olga Belova",
            "Pavel Ugrov",
        ]
        assert names(store, date_from="2022-06", date_to="2022-12-31") == ["Olga Belova"]
        assert names(store, date_to="2021") == []


def test_search_ignores_query_syntax_and_finds_words_anywhere(seeded):
    with SQLiteStore(seeded.db_path) as store:
        assert names(store, q='treason" OR "x') == []  # words, not FTS5 syntax
        assert names(store, q="TREASON") == ["Anna Petrova"]
        assert names(store, q="Zholdybayev") == ["Marat Zholdybayev"]
        results = search(store, "(journalist*")
        assert [d.sha256 for d in results.documents] == [seeded.ru]
        assert search(store, "  ").documents == []


def test_an_older_database_gains_search_and_case_records_on_opening(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, load_migrations()[:1])  # the schema as issue 1 left it
    conn.execute(
        "INSERT INTO documents VALUES (?, 'Ivan Ivanov was arrested.', x'00', 'Old', NULL, NULL,"
        " NULL, 'en', NULL, NULL, '2024-01-01T00:00:00+00:00')",
        ("a" * 64,),
    )
    conn.execute("INSERT INTO persons VALUES (1, 'ivan ivanov', 'Ivan Ivanov', 'RU', 'now')")
    conn.execute(
        "INSERT INTO events (document_sha256, type, person_id, participant_name, date,"
        " date_precision, evidence_start, evidence_end, evidence_quote, extractor,"
        " extractor_version, confidence, fingerprint, created_at) VALUES (?, 'arrest', 1,"
        " 'Ivan Ivanov', '2024', 'year', 12, 24, 'was arrested', 'x', '1', 0.5, 'f', 'now')",
        ("a" * 64,),
    )
    conn.close()
    with SQLiteStore(path) as store:
        found = find_cases(store, parse_case_filters(store, q="arrested", country="RU"))
        assert [(c.name, c.status) for c in found.items] == [("Ivan Ivanov", "detained")]
        assert [d.title for d in search(store, "Ivanov").documents] == ["Old"]
        assert store.stale_cases(10) == {}  # computed once, then read
