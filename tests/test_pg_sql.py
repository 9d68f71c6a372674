"""SQLite's dialect rewritten for PostgreSQL (store/pg_sql.py), statement by statement.

No server needed: these pin the rewrites the PostgreSQL store relies on, so a change to
the translator shows here before it shows as a failing store test on PostgreSQL."""

import pytest

from casefile.store.pg_sql import translate


@pytest.mark.parametrize(
    ("sqlite", "postgresql"),
    [
        # parameters, and a literal % that psycopg would otherwise read as one
        ("SELECT a FROM t WHERE b = ? AND c LIKE '50%'",
         "SELECT a FROM t WHERE b = %s AND c ILIKE '50%%'"),
        ("UPDATE t SET a = :a WHERE b = :b", "UPDATE t SET a = %(a)s WHERE b = %(b)s"),
        # SQLite's conflict clause, and its scalar max()
        ("INSERT OR IGNORE INTO t (a) VALUES (?)",
         "INSERT  INTO t (a) VALUES (%s) ON CONFLICT DO NOTHING"),
        ("SELECT max(a, b) FROM t", "SELECT greatest(a, b) FROM t"),
        # SQLite sorts NULL first when ascending; PostgreSQL last unless told
        ("SELECT a FROM t ORDER BY x", "SELECT a FROM t ORDER BY x NULLS FIRST"),
    ],
)
def test_rewrites(sqlite: str, postgresql: str) -> None:
    assert translate(sqlite).text == postgresql


def test_a_json_list_of_ids_becomes_an_array() -> None:
    done = translate("SELECT id FROM events WHERE id IN (SELECT value FROM json_each(?))")
    assert "unnest(%s::{list0}[])" in done.text
    assert [(item.param, item.empty_type) for item in done.lists] == [(0, "bigint")]


def test_named_parameters_are_flagged() -> None:
    assert translate("SELECT :a").named and not translate("SELECT ?").named
