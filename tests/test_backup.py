"""Backups and restores through the real CLI: plain and encrypted round trips, and every
damaged, wrong or unfit backup refused with one line and a non-zero exit while the live
database stays exactly as it was (compared by a full SQL dump)."""

from __future__ import annotations

import io
import os
import sqlite3
import threading
from pathlib import Path

import pytest

from casefile.security.envelope import EnvelopeError, decrypt_stream, encrypt_stream
from casefile.services import accounts
from casefile.store.sqlite import SQLiteStore

PASSPHRASE = "a long backup passphrase"
TEXT = "On 12 March 2024, journalist Arlen Tovas was sentenced to six years in prison."


def one_line(text: str) -> str:
    lines = text.splitlines()
    assert len(lines) == 1, f"expected one line, got {lines!r}"
    assert "Traceback" not in text
    return lines[0]


def dump(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def users(db: Path) -> list[str]:
    with SQLiteStore(db) as store:
        return [u.name for u in store.list_users()]


@pytest.fixture
def live(db_path, make_extraction) -> Path:
    doc = (make_extraction(TEXT).person("Arlen Tovas")
           .event("sentence", "Arlen Tovas", "was sentenced to six years in prison", "2024-03-12"))
    with SQLiteStore(db_path) as store:
        store.save_extraction(doc.build(), doc.original, "ingester")
        accounts.add_user(store, "ada", "admin", "root", "correct horse battery")
    return db_path


@pytest.fixture
def passphrase(monkeypatch):
    monkeypatch.setenv("CASEFILE_BACKUP_PASSPHRASE", PASSPHRASE)


def strays(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("encrypted", [False, True])
def test_backup_then_restore_brings_back_the_snapshot(casefile_main, live, tmp_path, monkeypatch,
                                                      encrypted):
    monkeypatch.setenv("CASEFILE_BACKUP_PASSPHRASE", PASSPHRASE)
    target = tmp_path / "backups" / "b.cfbak"
    target.parent.mkdir()
    made = casefile_main("backup", str(target), *(["--encrypt"] if encrypted else []))
    assert made.code == 0, made.err
    assert made.out.startswith("encrypted backup" if encrypted else "backup (not encrypted)")
    raw = target.read_bytes()
    assert raw.startswith(b"CFBACKUP" if encrypted else b"SQLite format 3\x00")
    assert (TEXT.encode() in raw) is not encrypted  # nothing readable in an encrypted one
    snapshot = dump(live)

    with SQLiteStore(live) as store:  # life goes on after the backup
        accounts.add_user(store, "late", "viewer", "ada", None)
    restored = casefile_main("restore", str(target))
    assert restored.code == 0, restored.err
    assert "audit chain of 2 entries ok" in restored.out
    assert dump(live) == snapshot and users(live) == ["ada"]
    [kept] = [p for p in tmp_path.iterdir() if ".before-restore-" in p.name]
    assert "late" in users(kept)  # the replaced database is kept, not lost
    assert casefile_main("verify").code == 0
    assert strays(tmp_path) == [] and strays(target.parent) == []


def test_restore_to_another_path_with_db_option(casefile_main, live, tmp_path):
    target = tmp_path / "b.db"
    assert casefile_main("backup", str(target)).code == 0
    elsewhere = tmp_path / "copy.db"
    result = casefile_main("restore", str(target), "--db", str(elsewhere))
    assert result.code == 0, result.err
    assert dump(elsewhere) == dump(live)
    assert "kept" not in result.out  # nothing was there to keep


def flip(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


def cut(path: Path, keep: int) -> None:
    path.write_bytes(path.read_bytes()[:keep])


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        (lambda p: flip(p, p.stat().st_size // 2), "does not authenticate"),
        (lambda p: flip(p, p.stat().st_size - 1), "does not authenticate"),
        (lambda p: flip(p, 30), "wrong passphrase, or the backup's header is damaged"),
        (lambda p: cut(p, p.stat().st_size - 100), "does not authenticate"),
        (lambda p: cut(p, 60), "truncated"),
        (lambda p: cut(p, 20), "not an encrypted casefile backup"),
        (lambda p: p.write_bytes(p.read_bytes() + b"more"), "does not authenticate"),
    ],
)
def test_a_damaged_encrypted_backup_is_refused_and_nothing_changes(
    casefile_main, live, tmp_path, passphrase, damage, words
):
    target = tmp_path / "b.cfbak"
    assert casefile_main("backup", str(target), "--encrypt").code == 0
    damage(target)
    with SQLiteStore(live) as store:
        accounts.add_user(store, "late", "viewer", "ada", None)
    before = dump(live)
    result = casefile_main("restore", str(target))
    assert result.code == 1
    line = one_line(result.err)
    assert line.startswith("error: refusing to restore: ") and words in line
    assert dump(live) == before
    assert strays(tmp_path) == [] and not list(tmp_path.glob("*.before-restore-*"))


def test_a_wrong_passphrase_is_refused_and_nothing_changes(casefile_main, live, tmp_path,
                                                           monkeypatch):
    target = tmp_path / "b.cfbak"
    monkeypatch.setenv("CASEFILE_BACKUP_PASSPHRASE", PASSPHRASE)
    assert casefile_main("backup", str(target), "--encrypt").code == 0
    before = dump(live)
    monkeypatch.setenv("CASEFILE_BACKUP_PASSPHRASE", PASSPHRASE + "!")
    result = casefile_main("restore", str(target))
    assert result.code == 1 and "wrong passphrase" in one_line(result.err)
    monkeypatch.delenv("CASEFILE_BACKUP_PASSPHRASE")
    result = casefile_main("restore", str(target))  # no terminal to ask at
    assert result.code == 1 and "CASEFILE_BACKUP_PASSPHRASE" in one_line(result.err)
    assert dump(live) == before and strays(tmp_path) == []


def tamper_audit(db: Path) -> None:
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET actor = 'mallory' WHERE id = 1")
    conn.close()


def set_version(db: Path) -> None:
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA user_version = 99")
    conn.close()


def flip_original(db: Path) -> None:
    data = bytearray(db.read_bytes())
    assert data.find(b"Arlen Tovas was sentenced") > 0
    # every copy (the original, the text, the indexes), as a disk gone bad could
    for found in range(len(data)):
        if data[found:found + 11] == b"Arlen Tovas":
            data[found] ^= 0x20
    db.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        (lambda p: cut(p, p.stat().st_size // 2), "damaged"),
        (tamper_audit, "audit entry 1: its content does not match"),
        (set_version, "newer than this casefile"),
        (flip_original, "original bytes no longer match"),
        (lambda p: p.write_text("just some text, not a backup at all"), "not a casefile backup"),
    ],
)
def test_an_unfit_plain_backup_is_refused_and_nothing_changes(casefile_main, live, tmp_path,
                                                              damage, words):
    target = tmp_path / "b.db"
    assert casefile_main("backup", str(target)).code == 0
    damage(target)
    before = dump(live)
    result = casefile_main("restore", str(target))
    assert result.code == 1
    assert words in one_line(result.err)
    assert dump(live) == before and strays(tmp_path) == []


def test_restore_refuses_a_database_in_use(casefile_main, live, tmp_path):
    target = tmp_path / "b.db"
    assert casefile_main("backup", str(target)).code == 0
    before = dump(live)
    with SQLiteStore(live) as busy:  # a server or another command has it open
        result = casefile_main("restore", str(target))
        assert result.code == 1 and "in use" in one_line(result.err)
        assert busy.list_users()[0].name == "ada"
    assert dump(live) == before and strays(tmp_path) == []
    assert casefile_main("restore", str(target)).code == 0  # once it is closed


@pytest.mark.parametrize(
    ("args", "env", "words"),
    [
        (["backup", "{existing}"], None, "never overwrites"),
        (["backup", "{tmp}/missing/b.db"], None, "no such folder"),
        (["backup", "{tmp}/b.cfbak", "--encrypt"], "short", "at least 12"),
        (["backup", "{tmp}/b.cfbak", "--encrypt"], "", "no terminal"),
        (["backup", "{tmp}/b.cfbak", "--passphrase", PASSPHRASE], None, "No such option"),
        (["restore", "{tmp}/nothing.db"], None, "no such file"),
        (["--db", "{tmp}/none.db", "backup", "{tmp}/b.db"], None, "no database"),
    ],
)
def test_bad_backup_arguments_are_one_line(casefile_main, live, tmp_path, monkeypatch, args,
                                           env, words):
    existing = tmp_path / "existing.db"
    existing.write_bytes(b"keep me")
    if env is None:
        monkeypatch.delenv("CASEFILE_BACKUP_PASSPHRASE", raising=False)
    else:
        monkeypatch.setenv("CASEFILE_BACKUP_PASSPHRASE", env)
    args = [a.format(tmp=tmp_path, existing=existing) for a in args]
    result = casefile_main(*args)  # a --db given here comes after the fixture's and wins
    assert result.code != 0
    assert words in one_line(result.err)
    assert existing.read_bytes() == b"keep me"
    assert not (tmp_path / "b.cfbak").exists() and strays(tmp_path) == []


def test_a_backup_taken_while_others_write_is_consistent(casefile_main, live, tmp_path):
    stop = threading.Event()
    written: list[int] = []

    def writer() -> None:
        with SQLiteStore(live, check_same_thread=False) as store:
            n = 0
            while not stop.is_set() and n < 400:
                accounts.add_user(store, f"user{n}", "viewer", "writer", None)
                written.append(n)
                n += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 5:
            stop.wait(0.01)
        target = tmp_path / "during.db"
        result = casefile_main("backup", str(target))
    finally:
        stop.set()
        thread.join()
    assert result.code == 0, result.err
    copy = tmp_path / "copy.db"
    assert casefile_main("restore", str(target), "--db", str(copy)).code == 0
    names = users(copy)
    # every user in the snapshot has its audit entry: no half-written change
    with SQLiteStore(copy) as store:
        audited = [e for e in store.audit_entries(limit=10_000) if e.action == "user.add"]
    assert len(audited) == len(names) >= 6


def test_envelope_streams_many_chunks_and_refuses_reordering(tmp_path):
    plain = os.urandom((1 << 20) * 2 + 12345)  # three chunks
    sealed = io.BytesIO()
    encrypt_stream(io.BytesIO(plain), sealed, PASSPHRASE, log2_n=10)
    data = sealed.getvalue()
    out = io.BytesIO()
    decrypt_stream(io.BytesIO(data), out, PASSPHRASE)
    assert out.getvalue() == plain
    header, chunk = 37 + 16, (1 << 20) + 16
    swapped = data[:header] + data[header + chunk:header + 2 * chunk] + \
        data[header:header + chunk] + data[header + 2 * chunk:]
    at_boundary = data[:header + 2 * chunk]  # whole chunks, the last one missing
    for bad in (swapped, at_boundary):
        with pytest.raises(EnvelopeError, match="chunk"):
            decrypt_stream(io.BytesIO(bad), io.BytesIO(), PASSPHRASE)
    empty = io.BytesIO()
    encrypt_stream(io.BytesIO(b""), empty, PASSPHRASE, log2_n=10)
    out = io.BytesIO()
    decrypt_stream(io.BytesIO(empty.getvalue()), out, PASSPHRASE)
    assert out.getvalue() == b""
