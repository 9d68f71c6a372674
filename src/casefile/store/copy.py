"""Copying every row of one store into another (`casefile migrate-store`): the storage
half, backend-neutral. The rules around it (what is refused, what is verified) are in
`casefile.services.migrate_store`.

What is copied is read off the schema the migrations build (an in-memory SQLite database,
the reference every backend follows: the same table and column names), so a table a
later migration adds is copied without a change here; a table whose rows are derived
from the others must be named in `DERIVED`, and a test fails until it is one or the
other. Tables go in foreign-key order, parents first; a column pointing at its own table
(`persons.merged_into`) is copied as NULL and set once the whole table is in.

Only plain SQL both SQLite and PostgreSQL read is used, through the stores' `conn`:
rows are read in key order a page at a time (`WHERE key > last ORDER BY key LIMIT n`,
so neither driver holds more than a page: a database's originals may be gigabytes) and
written many rows to an INSERT. Every row is written as an upsert on its primary key,
because a new database already holds a few rows (its installation secret, which the
source's replaces so that pseudonyms stay the same; the default level a trigger gives a
new document, which the source's replaces). Rows are fingerprinted as they are read
(an order-free sum of each row's hash) so the destination can be compared table by table
without a second pass over the source.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any, Protocol

from casefile.store.base import StoreError

PAGE_ROWS = 1000
# Values in one INSERT: under SQLite's limit (32,766 since 3.32) and PostgreSQL's (65,535).
MAX_PARAMETERS = 30_000
# Pages of tables holding originals, page images or attached files: up to 10 MB a row.
LARGE_PAGE_ROWS = 8
# Tables whose BLOB columns are small (a 32-byte digest): read in full pages.
SMALL_BLOBS = frozenset({"record_digests"})

# Tables not copied: their rows are derived from the others, and the destination's
# triggers and rebuilds (`services.migrate_store.rebuild`) make them again.
DERIVED: dict[str, str] = {
    "case_summaries": "services.cases.refresh_case_records, from stale_cases",
    "stale_cases": "triggers on events and person_countries; marked again after the copy",
    "event_month_counts": "triggers on events",
    "fact_review_counts": "triggers on events and statistics",
    "search_document_ids": "services.search_index.reindex",
    "search_documents": "services.search_index.reindex (FTS5)",
    "search_events": "services.search_index.reindex (FTS5)",
    "search_cases": "services.search_index.reindex (FTS5)",
    "search_stale_documents": "triggers on documents; marked again by reindex",
    "search_stale_events": "triggers on events; marked again by reindex",
    "search_stale_cases": "triggers on events, aliases and roles; marked again by reindex",
}
# Rows a database holds from its first migration: the copy replaces them, and they do
# not make a destination "hold data".
SEEDED = frozenset({"installation_secrets"})


class CopyStore(Protocol):
    """What the copy needs of a store, whatever its backend: a DB-API connection taking
    qmark SQL, and a write transaction. A backend may add `after_bulk_copy()` (called
    after the rows are in, so ids the copy wrote are not handed out again),
    `discard_change_notes()` (forget the records its own change tracking noted: the
    copy's rows come with the digests the audit log recorded for them) and
    `bulk_copy()` (a context entered inside the copy's transaction, yielding a writer
    of whole pages, `write(table, columns, rows)`, or None: PostgreSQL's COPY with the
    schema's triggers off, store/pg_bulk.py)."""

    @property
    def conn(self) -> Any: ...

    def transaction(self) -> AbstractContextManager[Any]: ...


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]
    deferred: tuple[str, ...]  # columns referencing this same table
    large: bool  # rows of up to megabytes: read a few at a time
    # In SQLite, a table with a key other than an INTEGER PRIMARY KEY keeps its rows in
    # the order they were written (a hidden rowid), which is the order a read without
    # ORDER BY returns (aliases, say): the source is read, and so written, in that order
    # (PostgreSQL's: its heap order, for the small ones).
    rowid: bool = False


@dataclass(frozen=True)
class TableCopy:
    rows: int
    fingerprint: str  # hex: the sum of the rows' sha256, so row order does not matter


@cache
def schema_tables() -> tuple[Table, ...]:
    """The tables a copy carries, parents before the tables referencing them."""
    with _reference() as conn:
        names = _table_names(conn)
        tables: dict[str, Table] = {}
        parents: dict[str, set[str]] = {}
        for name in names:
            if name in DERIVED or _is_fts_shadow(name, names):
                continue
            info = list(conn.execute(f"PRAGMA table_info({name})"))
            keys = sorted((r[5], r[1]) for r in info if r[5])
            if not keys:  # a virtual table among them: what is not derived has a key
                raise RuntimeError(f"table {name} has no primary key, so store/copy.py cannot"
                                   " page it; name it in DERIVED if its rows are derived")
            references = list(conn.execute(f"PRAGMA foreign_key_list({name})"))
            deferred = tuple(r[3] for r in references if r[2] == name)
            blobs = [r[1] for r in info if str(r[2]).upper() == "BLOB"]
            sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,))
            without_rowid = "WITHOUT ROWID" in sql.fetchone()[0].upper()
            integer_key = len(keys) == 1 and any(
                r[1] == keys[0][1] and str(r[2]).upper() == "INTEGER" for r in info)
            tables[name] = Table(name, tuple(r[1] for r in info), tuple(k for _, k in keys),
                                 deferred, bool(blobs) and name not in SMALL_BLOBS,
                                 not without_rowid and not integer_key)
            parents[name] = {r[2] for r in references if r[2] != name}
    return tuple(tables[n] for n in _parents_first(parents))


def schema_table_names() -> list[str]:
    """Every table of the reference schema except FTS5's own (for the test that each is
    copied or derived)."""
    with _reference() as conn:
        names = _table_names(conn)
    return [n for n in names if not _is_fts_shadow(n, names)]


@contextmanager
def _reference() -> Iterator[sqlite3.Connection]:
    """The schema the migrations build, in memory: what every backend's tables follow."""
    from casefile.store.migrate import load_migrations, migrate

    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrate(conn, load_migrations())
        yield conn
    finally:
        conn.close()


def _table_names(conn: sqlite3.Connection) -> list[str]:
    # sqlite_sequence is SQLite's own (AUTOINCREMENT's high-water marks): a destination
    # keeps its own as the copied ids go in.
    return [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'sqlite_sequence'"
        " ORDER BY name")]  # fmt: skip


def _is_fts_shadow(name: str, names: Sequence[str]) -> bool:
    """FTS5 keeps a virtual table's index in tables named after it (`x_data`, ...)."""
    base, _, suffix = name.rpartition("_")
    return suffix in ("config", "content", "data", "docsize", "idx") and base in names


def _parents_first(parents: dict[str, set[str]]) -> list[str]:
    order: list[str] = []
    left = dict(parents)
    while left:
        ready = sorted(n for n, p in left.items() if not (p & left.keys()))
        if not ready:
            raise RuntimeError(f"foreign keys form a cycle between {sorted(left)}")
        order += ready
        for name in ready:
            del left[name]
    return order


def holds_data(conn: Any) -> str | None:
    """The first copied table in which the database behind `conn` holds a row (None:
    it is empty)."""
    for table in schema_tables():
        if table.name not in SEEDED and conn.execute(
            f"SELECT 1 FROM {table.name} LIMIT 1"  # noqa: S608 (names from the schema)
        ).fetchone() is not None:
            return table.name
    return None


def row_counts(store: CopyStore) -> dict[str, int]:
    """Each copied table's number of rows (what a progress bar counts to)."""
    return {t.name: int(store.conn.execute(f"SELECT count(*) FROM {t.name}").fetchone()[0])  # noqa: S608
            for t in schema_tables()}  # fmt: skip


def read_pages(store: CopyStore, table: Table) -> Iterator[list[tuple[Any, ...]]]:
    """The table's rows in key order, a page at a time (keyset paging: each page is one
    indexed query, and no driver holds more than a page)."""
    physical = _physical_order(store) if table.rowid else None
    if physical is not None and physical != "rowid" and not table.large:
        # A small table in heap order: one query (no key to page by keeps that order).
        yield [tuple(_plain(v) for v in row) for row in store.conn.execute(
            f"SELECT {', '.join(table.columns)} FROM {table.name} ORDER BY {physical}"  # noqa: S608
        ).fetchall()]  # fmt: skip
        return
    key = ("rowid",) if physical == "rowid" else table.key
    columns = ", ".join((*key, *table.columns))
    order = ", ".join(key)
    # PostgreSQL is given SQLite's NULL order (pg_sql: NULLS FIRST ascending), which its
    # ascending indexes do not give: each page would sort the whole table. A key holds no
    # NULL, so its index order is written out and the page is an index range scan.
    postgres = getattr(store.conn, "dialect", None) == "postgresql"
    by = ", ".join(f"{k} NULLS LAST" for k in key) if postgres else order
    limit = LARGE_PAGE_ROWS if table.large else PAGE_ROWS
    after: tuple[Any, ...] | None = None
    while True:
        if after is None:
            where, params = "", ()  # type: tuple[str, tuple[Any, ...]]
        elif len(key) == 1:
            where, params = f" WHERE {key[0]} > ?", after
        else:  # row values: SQLite 3.15+, PostgreSQL
            marks = ", ".join("?" for _ in key)
            where, params = f" WHERE ({order}) > ({marks})", after
        rows = store.conn.execute(
            f"SELECT {columns} FROM {table.name}{where} ORDER BY {by} LIMIT {limit}",  # noqa: S608
            params).fetchall()  # fmt: skip
        if not rows:
            return
        yield [tuple(_plain(v) for v in row[len(key):]) for row in rows]
        if len(rows) < limit:
            return
        after = tuple(rows[-1][: len(key)])


def _physical_order(store: CopyStore) -> str | None:
    """The hidden column in whose order a read without ORDER BY returns rows: SQLite's
    rowid, PostgreSQL's ctid (its heap order; the PostgreSQL store's connection says
    `dialect = "postgresql"`). Aliases are read that way, so a copy keeps their order."""
    if isinstance(store.conn, sqlite3.Connection):
        return "rowid"
    return "ctid" if getattr(store.conn, "dialect", None) == "postgresql" else None


def copy_tables(
    source: CopyStore, destination: CopyStore,
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, TableCopy]:  # fmt: skip
    """Copy every table's rows inside one transaction of `destination` (a failure leaves
    it as it was); the source's rows and fingerprint per table. The caller holds the
    source still (one read snapshot) and has checked the destination is empty."""
    copied: dict[str, TableCopy] = {}
    bulk = getattr(destination, "bulk_copy", None)
    with destination.transaction() as db, (bulk() if bulk else nullcontext()) as writer:
        for table in schema_tables():
            try:
                copied[table.name] = _copy_table(source, db, table, progress, writer)
            except StoreError:
                raise
            except Exception as err:  # the driver's own (disk full, a constraint): one line
                raise StoreError(f"copying table {table.name} failed: {err}; the destination"
                                 " was left as it was") from err  # fmt: skip
        _mark_cases_stale(db)
        discard = getattr(destination, "discard_change_notes", None)
        if discard is not None:
            discard()
    reset_sequences(destination)
    return copied


def reset_sequences(store: CopyStore) -> None:
    """The hook for backends whose ids come from sequences (PostgreSQL's
    `after_bulk_copy()`): rows were written with their ids, so the sequences must move
    past them. SQLite needs nothing: a new rowid is one more than the largest."""
    reset = getattr(store, "after_bulk_copy", None)
    if reset is not None:
        reset()


def schema_mismatch(conn: Any) -> str | None:
    """How the tables behind `conn` differ from the schema this casefile copies (None:
    every copied table has exactly its columns). Backend-neutral: the columns are read
    from an empty SELECT's cursor description."""
    for table in schema_tables():
        try:
            cursor = conn.execute(f"SELECT * FROM {table.name} LIMIT 0")  # noqa: S608
            cursor.fetchall()
        except Exception:  # the driver's "no such table"
            return f"it has no table {table.name}"
        found = [d[0] for d in cursor.description]
        if missing := [c for c in table.columns if c not in found]:
            return f"its table {table.name} lacks {', '.join(missing)}"
        if extra := [c for c in found if c not in table.columns]:
            return f"its table {table.name} has {', '.join(extra)}, unknown to this casefile"
    return None


def _copy_table(
    source: CopyStore, db: Any, table: Table, progress: Callable[[str, int], None] | None,
    writer: Any = None,
) -> TableCopy:  # fmt: skip
    deferred = [table.columns.index(c) for c in table.deferred]
    later: list[tuple[Any, ...]] = []
    rows, total = 0, 0
    for page in read_pages(source, table):
        for row in page:
            total = (total + _row_hash(row)) % _MODULUS
        if deferred:
            later += [(*(row[i] for i in deferred), *(row[table.columns.index(k)]
                                                     for k in table.key))
                      for row in page if any(row[i] is not None for i in deferred)]  # fmt: skip
            page = [tuple(None if i in deferred else v for i, v in enumerate(row))
                    for row in page]  # fmt: skip
        if writer is not None and table.name not in SEEDED:
            # Nothing to replace: without triggers, no row was made for this table.
            writer.write(table.name, table.columns, page)
            rows += len(page)
            if progress is not None:
                progress(table.name, len(page))
            continue
        step = max(1, MAX_PARAMETERS // len(table.columns))
        for start in range(0, len(page), step):
            chunk = page[start : start + step]
            # One statement of many rows: a round trip per chunk, not per row.
            db.execute(_upsert(table, len(chunk)), [v for row in chunk for v in row])
        rows += len(page)
        if progress is not None:
            progress(table.name, len(page))
    if later:
        sets = ", ".join(f"{c} = ?" for c in table.deferred)
        keys = " AND ".join(f"{k} = ?" for k in table.key)
        db.executemany(f"UPDATE {table.name} SET {sets} WHERE {keys}", later)  # noqa: S608
    return TableCopy(rows, f"{total:064x}")


@cache
def _upsert(table: Table, rows: int) -> str:
    columns = ", ".join(table.columns)
    marks = ", ".join([f"({', '.join('?' for _ in table.columns)})"] * rows)
    rest = [c for c in table.columns if c not in table.key]
    action = (f"DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in rest)}" if rest
              else "DO NOTHING")  # fmt: skip
    return (f"INSERT INTO {table.name} ({columns}) VALUES {marks}"  # noqa: S608
            f" ON CONFLICT ({', '.join(table.key)}) {action}")


def _mark_cases_stale(db: Any) -> None:
    """Every case's stored record is recomputed on the destination (the triggers mark
    them as events arrive; this does not rely on a backend's triggers to)."""
    db.execute("INSERT INTO stale_cases (person_id) SELECT DISTINCT person_id FROM events"
               " WHERE person_id IS NOT NULL"
               " ON CONFLICT (person_id) DO UPDATE SET version = stale_cases.version + 1")


def fingerprints(store: CopyStore) -> dict[str, TableCopy]:
    """Each copied table's row count and fingerprint, read a page at a time."""
    out = {}
    for table in schema_tables():
        rows, total = 0, 0
        for page in read_pages(store, table):
            rows += len(page)
            for row in page:
                total = (total + _row_hash(row)) % _MODULUS
        out[table.name] = TableCopy(rows, f"{total:064x}")
    return out


_MODULUS = 2**256


def _plain(value: Any) -> Any:
    """A value as both drivers write it back: bytes for a blob (psycopg reads
    memoryview), int for a boolean or an integral NUMERIC."""
    if isinstance(value, (memoryview, bytearray)):
        return bytes(value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _row_hash(row: tuple[Any, ...]) -> int:
    tagged = [{"b": v.hex()} if isinstance(v, bytes) else
              {"f": repr(v)} if isinstance(v, float) else v for v in row]  # fmt: skip
    encoded = json.dumps(tagged, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return int.from_bytes(hashlib.sha256(encoded).digest(), "big")


@contextmanager
def read_snapshot(store: CopyStore) -> Iterator[None]:
    """Hold one read transaction on `store` so that every table is read as of one
    moment, even if another process writes meanwhile. A backend may offer its own
    (`read_snapshot()`: PostgreSQL's REPEATABLE READ); SQLite's deferred BEGIN is one
    once the first read is made."""
    own = getattr(store, "read_snapshot", None)
    if own is not None:
        with own():
            yield
        return
    store.conn.execute("BEGIN")
    try:
        yield
    finally:
        store.conn.execute("ROLLBACK")
