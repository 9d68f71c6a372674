"""Backups and restores: a consistent snapshot of the live database, optionally
encrypted with a passphrase, and a restore that trusts nothing it has not checked.

A restore proves the backup sound before it touches the live database: it decrypts and
authenticates every chunk (encrypted backups), then checks the snapshot (SQLite's
integrity check, a schema no newer than ours, the audit chain, every original's sha256)
in a private copy beside the target, and every record against the state the audit log
recorded (`verify_store`). Only then is the copy renamed over the target; the
old database is kept beside it as `*.before-restore-<time>` (never deleted), and a
database still open elsewhere is refused rather than replaced under its users.

Plain-text temporary copies live in the live database's own folder, which already holds
the same data unencrypted, never in a shared temporary folder.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from casefile.security.chain import GENESIS
from casefile.security.envelope import EnvelopeError, decrypt_stream, encrypt_stream, is_encrypted
from casefile.services.integrity import verify_store
from casefile.store import open_store
from casefile.store.base import StoreError
from casefile.store.sqlite_files import (
    file_problems,
    fsync_dir,
    fsync_file,
    replace_database,
    snapshot,
    sqlite_path,
)

MIN_PASSPHRASE_LENGTH = 12


class BackupError(StoreError):
    """A backup or restore was refused; nothing was changed. One line."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    encrypted: bool
    audit_head: str  # the snapshot's: kept apart from the backup, it proves the chain whole
    audit_entries: int


@dataclass(frozen=True)
class RestoreResult:
    database: Path
    kept: Path | None  # the database that was there before
    documents: int
    audit_entries: int
    audit_head: str


def check_new_passphrase(passphrase: str) -> str:
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise BackupError(f"a backup passphrase needs at least {MIN_PASSPHRASE_LENGTH} characters")
    return passphrase


def backup(
    database: str | Path, target: Path, passphrase: str | None = None, *, log2_n: int | None = None
) -> BackupResult:
    """Snapshot `database` (which may be in use) into `target`, a new file."""
    db_path = sqlite_path(database)
    if not db_path.is_file():
        raise BackupError(f"no database at {db_path}")
    if target.exists():
        raise BackupError(f"{target} exists; a backup never overwrites a file, choose a new name")
    if not target.parent.is_dir():
        raise BackupError(f"{target.parent}: no such folder")
    if passphrase is not None:
        check_new_passphrase(passphrase)
    plain = _temporary(db_path.parent if passphrase is not None else target.parent, target)
    sealed = _temporary(target.parent, target)
    try:
        snapshot(db_path, plain)
        problems = file_problems(plain)
        if problems:
            raise BackupError(f"the snapshot failed its check: {problems[0]}")
        head, entries = audit_head(plain)
        if passphrase is None:
            os.replace(plain, target)
        else:
            with plain.open("rb") as source, sealed.open("xb") as out:
                options = {} if log2_n is None else {"log2_n": log2_n}
                encrypt_stream(source, out, passphrase, **options)
            fsync_file(sealed)
            os.replace(sealed, target)
        fsync_dir(target.parent)
    except OSError as err:
        raise BackupError(f"cannot write {target}: {err.strerror or err}") from None
    finally:
        _remove(plain, sealed)
    return BackupResult(target, target.stat().st_size, passphrase is not None, head, entries)


def audit_head(database: Path) -> tuple[str, int]:
    """The last audit entry's hash and the number of entries, read from a snapshot."""
    conn = sqlite3.connect(database)
    try:
        row = conn.execute("SELECT hash, id FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    except sqlite3.OperationalError:  # a database from before the audit log
        row = None
    finally:
        conn.close()
    return (row[0], int(row[1])) if row is not None else (GENESIS, 0)


def restore(
    source: Path, database: str | Path, passphrase: Callable[[], str],
    expect_head: str | None = None,
) -> RestoreResult:
    """Check the backup at `source` completely, then make it the database. `passphrase`
    is asked only when the backup is encrypted; `expect_head`, the audit head recorded
    when the backup was made, must be in its chain."""
    db_path = sqlite_path(database)
    if not source.is_file():
        raise BackupError(f"{source}: no such file")
    if not db_path.parent.is_dir():
        raise BackupError(f"{db_path.parent}: no such folder")
    if source.resolve() == db_path.resolve():
        raise BackupError("the backup and the database are the same file")
    candidate = _temporary(db_path.parent, db_path)
    try:
        with source.open("rb") as handle, candidate.open("xb") as out:
            if is_encrypted(handle.read(8)):
                handle.seek(0)
                decrypt_stream(handle, out, passphrase())
            else:
                handle.seek(0)
                shutil.copyfileobj(handle, out)
        fsync_file(candidate)
        problems = file_problems(candidate)
        if problems:
            raise BackupError(f"refusing to restore: {problems[0]}")
        with open_store(candidate) as store:  # migrates an older schema, in our copy
            report = verify_store(store, expect_head)
        if not report.ok:
            raise BackupError(f"refusing to restore: {report.problems[0]}")
        kept = replace_database(candidate, db_path)
    except EnvelopeError as err:
        raise BackupError(f"refusing to restore: {err}") from None
    except OSError as err:
        raise BackupError(f"restore failed, nothing changed: {err.strerror or err}") from None
    finally:
        _remove(candidate)
    return RestoreResult(db_path, kept, report.documents, report.audit.entries,
                         report.audit.head)


def _temporary(folder: Path, beside: Path) -> Path:
    return folder / f".{beside.name}.{secrets.token_hex(6)}.tmp"


def _remove(*paths: Path) -> None:
    for path in paths:
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"),
                         Path(f"{path}-journal")):  # fmt: skip
            leftover.unlink(missing_ok=True)
