"""Bulk loading into PostgreSQL for `casefile migrate-store`: rows sent with COPY FROM
STDIN, the schema's own triggers off while they arrive.

Row by row, the copy into PostgreSQL spends most of its time in PL/pgSQL triggers: each
event counts itself into the dashboard's tables and marks its case and its search keys
stale, each document marks itself for the search index, and the record-tracking
triggers note every row. All of that is derived work that the copy redoes in bulk
anyway (the search index and case records are rebuilt after it; the copy marks every
case stale itself). So, inside the copy's transaction:

- each table's enabled user triggers (not the internal ones that check foreign keys:
  those still run) are disabled by name (`ALTER TABLE ... DISABLE TRIGGER name`),
  which needs the tables' ownership: a database owner who let casefile create its
  schema has it. `session_replication_role = replica` would need a superuser, and
  would switch the foreign-key checks off as well;
- rows go in with COPY, a stream per table instead of an INSERT per thousand rows;
- before the commit, the dashboard's counts (what the triggers on events and
  statistics keep) are computed from the copied rows with the same rules, and the
  same triggers are enabled again.

ALTER TABLE is transactional: a copy that fails rolls back to the triggers as they
were. It also locks each table until the commit, which is no loss: the destination is
a new, empty database nobody else writes to. Where the tables belong to another role,
`bulk_loader` yields None and the copy writes as before (INSERTs, triggers on).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

# The dashboard's counts as the triggers on events and statistics keep them
# (migrations_pg/0001_schema.sql, casefile_count_event / casefile_count_statistic).
_COUNTS = (
    "DELETE FROM event_month_counts",
    "DELETE FROM fact_review_counts",
    "INSERT INTO event_month_counts (level, month, type, n)"
    " SELECT level, substr(date, 1, 7), type, count(*) FROM events"
    " WHERE date >= '0' AND length(date) >= 7 AND review_status <> 'rejected'"
    " GROUP BY level, substr(date, 1, 7), type",
    "INSERT INTO fact_review_counts (level, kind, review_status, n)"
    " SELECT level, 'event', review_status, count(*) FROM events"
    " GROUP BY level, review_status"
    " UNION ALL SELECT level, 'statistic', review_status, count(*) FROM statistics"
    " GROUP BY level, review_status",
)


class BulkLoader:
    """Writes whole tables with COPY on a connection whose triggers are off."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw  # the psycopg connection, inside the copy's transaction

    def write(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with self.raw.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)


def _triggers(raw: Any) -> list[tuple[str, str, bool]]:
    """(table, trigger, owned) for every enabled user trigger of the current schema."""
    return [(str(table), str(name), bool(owned)) for table, name, owned in raw.execute(
        "SELECT c.relname, t.tgname, pg_has_role(current_user, c.relowner, 'USAGE')"
        " FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
        " WHERE NOT t.tgisinternal AND t.tgenabled <> 'D'"
        " AND c.relnamespace = current_schema()::regnamespace"
        " ORDER BY c.relname, t.tgname").fetchall()]  # fmt: skip


@contextmanager
def bulk_loader(raw: Any) -> Iterator[BulkLoader | None]:
    """Inside an open transaction on `raw` (a psycopg connection): the triggers off and
    a loader, or None when this role cannot switch them off (it does not own every
    table that has one). On leaving without an error: the counts rebuilt, the triggers
    on again (on an error the transaction's rollback undoes both)."""
    triggers = _triggers(raw)
    if not all(owned for _, _, owned in triggers):
        yield None
        return
    for table, name, _ in triggers:
        raw.execute(f'ALTER TABLE {table} DISABLE TRIGGER "{name}"')
    yield BulkLoader(raw)
    for sql in _COUNTS:
        raw.execute(sql)
    for table, name, _ in triggers:
        raw.execute(f'ALTER TABLE {table} ENABLE TRIGGER "{name}"')
