"""The SQLite database as a file: consistent snapshots of a live database, checks of a
candidate file before it is trusted, and replacing the live file atomically.

SQLite-specific by nature (a PostgreSQL backend would use pg_dump and its own restore);
the rules around them (encryption, what must pass before a restore) are in
`casefile.services.backup`.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from casefile.security.chain import verify_chain
from casefile.store.base import StoreError
from casefile.store.migrate import load_migrations, schema_version
from casefile.store.sqlite_audit import audit_rows, storage_problems

SQLITE_MAGIC = b"SQLite format 3\x00"
_SCHEME = re.compile(r"^sqlite:///", re.IGNORECASE)


def sqlite_path(url_or_path: str | Path) -> Path:
    """The file behind a --db value (a path or sqlite:///path, as open_store reads it)."""
    if isinstance(url_or_path, Path):
        return url_or_path
    if _SCHEME.match(url_or_path):
        return Path(url_or_path[len("sqlite:///"):])
    if "://" in url_or_path:
        raise StoreError(f"{url_or_path!r}: backups and restores work on SQLite"
                         " files only (back a PostgreSQL store up with pg_dump)")
    return Path(url_or_path)


def snapshot(database: Path, target: Path) -> None:
    """Copy a live database consistently while others read and write it: the backup API
    copies every page in one step, inside one read transaction (in WAL mode writers go
    on meanwhile and the copy is the database as of that transaction's start)."""
    if not database.is_file():
        raise StoreError(f"no database at {database}")
    source = sqlite3.connect(database, timeout=30)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
            # A standalone file: no -wal beside it, readable by a read-only open.
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
    except sqlite3.Error as err:
        raise StoreError(f"cannot take a snapshot of {database}: {err}") from err
    finally:
        source.close()
    fsync_file(target)


def file_problems(path: Path) -> list[str]:
    """What makes a database file unfit to become the live database, checked without
    opening it as a store (which would migrate it): SQLite's integrity check, a schema
    newer than this casefile, the audit chain. Empty when fit."""
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            return ["not a casefile backup (neither encrypted by casefile nor an SQLite file)"]
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as err:
        return [f"cannot open the backup's database: {err}"]
    try:
        problems = storage_problems(conn)
        if problems:
            return problems
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if "documents" not in tables:
            return ["not a casefile database (it has no documents table)"]
        latest = load_migrations()[-1][0]
        version = schema_version(conn)
        if version > latest:
            return [f"the backup's schema version {version} is newer than this casefile's"
                    f" ({latest}); upgrade casefile to restore it"]
        if "audit_log" in tables:
            report = verify_chain(audit_rows(conn))
            if report.problem:
                return [f"the backup's {report.problem}"]
        return []
    except sqlite3.DatabaseError as err:
        return [f"the backup's database is damaged: {err}"]
    finally:
        conn.close()


def replace_database(new: Path, target: Path) -> Path | None:
    """Make `new` (a file in target's folder) the database at `target`, atomically. The
    old database is kept beside it as `<name>.before-restore-<UTC time>`, whose path is
    returned (None when there was none). Refused while another connection has the
    database open: its writes would land in the old file."""
    if not target.exists():
        os.replace(new, target)
        fsync_dir(target.parent)
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = target.with_name(f"{target.name}.before-restore-{stamp}")
    if kept.exists():
        raise StoreError(f"{kept} exists; wait a second and restore again")
    conn = _exclusive(target)
    try:
        try:
            os.link(target, kept)  # the old inode lives on under the new name
        except OSError:
            shutil.copy2(target, kept)
            fsync_file(kept)
        for suffix in ("-wal", "-shm", "-journal"):  # stale companions of the old file
            companion = Path(f"{target}{suffix}")
            if companion.exists():
                os.replace(companion, Path(f"{kept}{suffix}"))
        os.replace(new, target)
        fsync_dir(target.parent)
    finally:
        if conn is not None:
            conn.close()
    return kept


def _exclusive(target: Path) -> sqlite3.Connection | None:
    """Leave WAL mode (only possible with no other connection open) and hold an
    exclusive lock while the files are swapped; None if the old file is not a readable
    database (a damaged one is exactly what a restore replaces)."""
    conn = sqlite3.connect(target, timeout=2, isolation_level=None)
    try:
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        if mode != "delete":
            raise StoreError(_IN_USE.format(target))
        conn.execute("BEGIN EXCLUSIVE")
    except sqlite3.OperationalError as err:
        conn.close()
        if "locked" in str(err) or "busy" in str(err):
            raise StoreError(_IN_USE.format(target)) from None
        return None
    except sqlite3.DatabaseError:
        conn.close()
        return None
    except BaseException:
        conn.close()
        raise
    return conn


_IN_USE = ("database {} is in use by another process; stop `casefile serve` and other"
           " casefile commands, then restore again")


def fsync_file(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def fsync_dir(folder: Path) -> None:
    """Make a rename durable: the folder's entry must reach the disk too."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
