"""`casefile migrate-store SRC DST`: a whole database copied to another store (a team's
SQLite file to a shared PostgreSQL, and back), losslessly, then proven so.

The rules:

- Refused, with nothing written: a source that does not exist, a destination that holds
  data (anything but the seeded rows of a new database), the two being one database,
  schema versions that differ (each is checked before it is opened where it is a SQLite
  file, since opening an older one would migrate it), and a source that fails `casefile
  verify` (its problems would be copied, and then found in the copy, not where they
  are).
- The copy is `casefile.store.copy`: every table but the derived ones, in one
  transaction of the destination (a failure leaves it as it was), read from one snapshot
  of the source. The audit log and the record digests are rows like the others: the
  chain arrives byte for byte, and the copy appends no entry to it, so the source's head
  is the destination's and a head recorded elsewhere still anchors it. What the copy
  did is the command's output; a migration is not a change to the records.
- Then the derived tables are rebuilt (search index, case records) and the destination
  is checked: each table's row count and content fingerprint equal the source's, every
  original re-hashed against its key, and `verify_store` (the audit chain, every record
  against its recorded digest, page images, attached files, the engine's own checks),
  whose head must be the source's.
- A SQLite destination this command created is removed again when anything fails.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from casefile.services.cases import refresh_case_records
from casefile.services.integrity import IntegrityReport, verify_store
from casefile.services.search_index import reindex
from casefile.store import open_store
from casefile.store.base import Store, StoreError
from casefile.store.copy import (
    CopyStore,
    TableCopy,
    copy_tables,
    fingerprints,
    holds_data,
    read_snapshot,
    row_counts,
    schema_mismatch,
)
from casefile.store.migrate import load_migrations

MAX_PROBLEM_LINES = 20


class MigrateRefused(StoreError):
    """The copy was not started; nothing was written. One line."""


class MigrateFailed(StoreError):
    """The copy was made but does not verify (or failed half-way): every problem."""

    def __init__(self, problems: list[str]) -> None:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}")
        self.problems = problems


@dataclass(frozen=True)
class MigrateResult:
    tables: dict[str, int]  # rows copied per table, in copy order
    documents: int  # originals re-hashed on the destination
    records: int  # records checked against their recorded digests
    audit_entries: int
    audit_head: str
    created: bool  # the destination is a SQLite file this command made

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


Progress = Callable[[int], AbstractContextManager[Callable[[str, int], None]]]


def migrate_store(
    source: str, destination: str, progress: Progress | None = None
) -> MigrateResult:
    """Copy the store at `source` (a path or URL, as `--db` takes) into the empty store
    at `destination`, rebuild what is derived and verify the copy. `progress(total)`,
    if given, is entered with the number of rows to copy and yields `advance(table,
    rows)` (commands.common.progress_bar)."""
    source_file, target_file = _sqlite_file(source), _sqlite_file(destination)
    if source_file is not None and not source_file.is_file():
        raise MigrateRefused(f"no database at {source_file}")
    if source == destination or (
        source_file is not None and target_file is not None and target_file.exists()
        and source_file.resolve() == target_file.resolve()
    ):
        raise MigrateRefused("the source and the destination are the same database")
    if source_file is not None:
        _check_file(source_file, "source", must_be_empty=False)
    created = target_file is not None and not target_file.exists()
    if target_file is not None and not created:
        _check_file(target_file, "destination", must_be_empty=True)
    if target_file is not None and not target_file.parent.is_dir():
        raise MigrateRefused(f"no folder {target_file.parent} for the destination")
    try:
        return _migrate(source, destination, created, progress)
    except MigrateFailed as failed:
        if created and target_file is not None:
            _remove_sqlite(target_file)
            failed.problems.append("the destination was removed (this command created it)")
        else:
            failed.problems.append("the destination holds the copy that failed: do not use"
                                   " it; empty it before copying again")  # fmt: skip
        raise
    except BaseException:
        if created and target_file is not None:
            _remove_sqlite(target_file)
        raise


def _migrate(
    source: str, destination: str, created: bool, progress: Progress | None
) -> MigrateResult:
    with open_store(source) as src, open_store(destination) as dst:
        _same_schema(src, dst)
        table = holds_data(_copyable(dst).conn)
        if table is not None:
            raise MigrateRefused(f"the destination already holds data (table {table}):"
                                 " migrate-store copies into an empty database only")
        with read_snapshot(_copyable(src)):
            before = verify_store(src)
            if not before.ok:
                raise MigrateRefused(
                    f"the source fails verification ({len(before.problems)} problems; the"
                    f" first: {before.problems[0]}); nothing was copied: `casefile --db"
                    f" {source} verify` lists them")  # fmt: skip
            if progress is None:
                copied = copy_tables(_copyable(src), _copyable(dst))
            else:
                total = sum(row_counts(_copyable(src)).values())
                with progress(total) as advance:
                    copied = copy_tables(_copyable(src), _copyable(dst), advance)
        rebuild(dst)
        after = verify_store(dst)
        problems = copy_problems(copied, fingerprints(_copyable(dst)), before, after)
        if problems:
            raise MigrateFailed(problems[:MAX_PROBLEM_LINES])
    return MigrateResult(
        tables={name: c.rows for name, c in copied.items()},
        documents=after.documents,
        records=after.records,
        audit_entries=after.audit.entries,
        audit_head=after.audit.head,
        created=created,
    )


def rebuild(store: Store) -> None:
    """What the copy left out, made again from the copied rows: the search index (all of
    it marked, so no backend's triggers are relied on) and the stored case records."""
    reindex(store)
    refresh_case_records(store)


def copy_problems(
    copied: dict[str, TableCopy], found: dict[str, TableCopy],
    before: IntegrityReport, after: IntegrityReport,
) -> list[str]:  # fmt: skip
    """What differs between the source as read and the destination as written."""
    problems = []
    for name, source in copied.items():
        there = found.get(name, TableCopy(0, ""))
        if there.rows != source.rows:
            problems.append(f"table {name}: {source.rows} rows copied, {there.rows} in the"
                            " destination")  # fmt: skip
        elif there.fingerprint != source.fingerprint:
            problems.append(f"table {name}: its rows in the destination differ from the"
                            " source's")  # fmt: skip
    problems += [f"destination: {p}" for p in after.problems]
    if after.documents != before.documents:
        problems.append(f"destination: {after.documents} originals, the source has"
                        f" {before.documents}")  # fmt: skip
    if after.audit.ok and (after.audit.head, after.audit.entries) != (
            before.audit.head, before.audit.entries):
        problems.append(f"destination: its audit head {after.audit.head[:16]}"
                        f" ({after.audit.entries} entries) is not the source's"
                        f" {before.audit.head[:16]} ({before.audit.entries} entries)")
    return problems


# -- the backend-specific edges -------------------------------------------------------


def _copyable(store: Store) -> CopyStore:
    """Every backend's store has a connection and transactions (store/copy.py's
    protocol), which the `Store` protocol leaves out: services never use them."""
    return cast(CopyStore, store)


def _same_schema(source: Store, destination: Store) -> None:
    """Both stores hold the tables this casefile copies, column for column; on one
    backend, their migration numbers are equal too (backends number their own)."""
    for which, store in (("source", source), ("destination", destination)):
        mismatch = schema_mismatch(_copyable(store).conn)
        if mismatch is not None:
            raise MigrateRefused(f"the {which}'s schema is not this casefile's ({mismatch}):"
                                 " open it with this casefile first")  # fmt: skip
    if type(source) is type(destination):
        versions = [getattr(s, "schema_version", lambda: None)() for s in (source, destination)]
        if versions[0] != versions[1]:
            raise MigrateRefused(f"the source's schema version {versions[0]} differs from"
                                 f" the destination's {versions[1]}: open both with the same"
                                 " casefile first")  # fmt: skip


def _sqlite_file(location: str) -> Path | None:
    """The file behind a SQLite location (a path or sqlite:///path); None for a URL of
    another backend (open_store judges those)."""
    if location.lower().startswith("sqlite:///"):
        return Path(location[len("sqlite:///"):])
    return None if "://" in location else Path(location)


def _check_file(path: Path, which: str, *, must_be_empty: bool) -> None:
    """A SQLite file checked read-only, before opening it as a store would migrate it."""
    latest = load_migrations()[-1][0]
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as err:
        raise MigrateRefused(f"the {which} {path}: cannot open it ({err})") from None
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if not tables and must_be_empty:
            return  # an empty file: opening makes it a new database
        if "documents" not in tables:
            raise MigrateRefused(f"the {which} {path} is not a casefile database")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version != latest:
            upgrade = ("upgrade casefile" if version > latest else
                       f"open it once with this casefile (`casefile --db {path} verify`)")
            raise MigrateRefused(f"the {which} {path} has schema version {version}, this"
                                 f" casefile's is {latest}: {upgrade}, then copy")  # fmt: skip
        if must_be_empty and (table := holds_data(conn)) is not None:
            raise MigrateRefused(f"the destination {path} already holds data (table"
                                 f" {table}): migrate-store copies into an empty database"
                                 " only")  # fmt: skip
    except sqlite3.DatabaseError as err:
        raise MigrateRefused(f"the {which} {path} is not a readable database ({err})"
                             ) from None  # fmt: skip
    finally:
        conn.close()


def _remove_sqlite(path: Path) -> None:
    for name in (str(path), f"{path}-wal", f"{path}-shm", f"{path}-journal"):
        Path(name).unlink(missing_ok=True)


def describe(result: MigrateResult) -> list[str]:
    """The command's report, a line each."""
    tables = sum(1 for rows in result.tables.values() if rows)
    return [
        f"copied {result.rows} rows of {tables} tables ({len(result.tables)} in the schema);"
        " search index and case records rebuilt",
        f"verified: every table's rows equal the source's, {result.documents} originals match"
        f" their sha256, {result.records} records as the audit log recorded them",
        f"audit chain of {result.audit_entries} entries copied as it was (head"
        f" {result.audit_head}): the copy added no entry, so a head recorded from the source"
        " still anchors it",
    ]
