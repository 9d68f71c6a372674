"""Accounts through the real CLI on a temporary database: add, list, disable, enable,
passwd, set, token; passwords never stored or printed in clear; bad input is one line,
a non-zero exit and no change."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from casefile.services import accounts
from casefile.store.sqlite import SQLiteStore

PASSWORD = "correct horse battery staple"
OTHER = "another long passphrase 42"


def one_line(text: str) -> str:
    lines = text.splitlines()
    assert len(lines) == 1, f"expected one line, got {lines!r}"
    assert "Traceback" not in text
    return lines[0]


def table(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def add(run, name: str, role: str, password: str = PASSWORD, *extra: str):
    return run("user", "add", name, "--role", role, "--password-stdin", "--by", "root",
               *extra, stdin=f"{password}\n".encode())


def test_add_list_passwd_disable_enable_through_the_console_script(casefile_script, db_path):
    result = add(casefile_script, "alice", "admin")
    assert result.code == 0, result.err
    # the first admin: confidential clearance (issue 11), said so
    assert "alice\tadmin\tconfidential\tactive\tpassword" in result.out
    assert PASSWORD not in result.out + result.err
    assert add(casefile_script, "bob", "editor", OTHER, "--clearance", "internal").code == 0

    listing = casefile_script("user", "list")
    assert listing.code == 0
    assert [line.split("\t")[:4] for line in listing.out.splitlines()] == [
        ["alice", "admin", "confidential", "active"], ["bob", "editor", "internal", "active"]]

    new = "a brand new passphrase"
    changed = casefile_script("user", "passwd", "bob", "--password-stdin",
                              stdin=f"{new}\n".encode())
    assert changed.code == 0 and new not in changed.out + changed.err
    with SQLiteStore(db_path) as store:
        assert accounts.authenticate_password(store, "bob", new) is not None
        assert accounts.authenticate_password(store, "bob", OTHER) is None

    assert casefile_script("user", "disable", "bob").code == 0
    with SQLiteStore(db_path) as store:
        assert accounts.authenticate_password(store, "bob", new) is None  # disabled
    assert "disabled since" in casefile_script("user", "list").out.splitlines()[1]
    assert casefile_script("user", "enable", "bob").code == 0
    with SQLiteStore(db_path) as store:
        assert accounts.authenticate_password(store, "bob", new).name == "bob"


def test_passwords_are_stored_only_as_argon2id_hashes(casefile_main, db_path):
    assert add(casefile_main, "alice", "admin").code == 0
    [(encoded,)] = table(db_path, "SELECT password_hash FROM users")
    assert encoded.startswith("$argon2id$") and PASSWORD not in encoded
    raw = b"".join(p.read_bytes() for p in db_path.parent.glob(db_path.name + "*"))
    assert PASSWORD.encode() not in raw
    audit = table(db_path, "SELECT before || after FROM audit_log")
    assert all("argon2" not in row[0] and PASSWORD not in row[0] for row in audit)


def test_token_is_printed_once_and_stored_as_a_hash(casefile_main, db_path):
    assert casefile_main("user", "add", "robot", "--role", "editor", "--no-password").code == 0
    made = casefile_main("user", "token", "robot")
    assert made.code == 0
    token = one_line(made.out)
    assert token.startswith("cf_") and len(token) > 40
    [(stored,)] = table(db_path, "SELECT token_hash FROM api_tokens")
    assert token not in stored and len(stored) == 64
    assert token not in casefile_main("user", "list").out
    assert token not in str(table(db_path, "SELECT * FROM audit_log"))
    with SQLiteStore(db_path) as store:
        assert accounts.authenticate_token(store, token).name == "robot"
        assert accounts.authenticate_token(store, token[:-1] + "x") is None
        assert accounts.authenticate_token(store, "not a token") is None
        assert accounts.authenticate_password(store, "robot", "") is None  # no password
    second = one_line(casefile_main("user", "token", "robot").out)
    assert second != token
    assert casefile_main("user", "disable", "robot").code == 0
    with SQLiteStore(db_path) as store:
        assert accounts.authenticate_token(store, token) is None
    refused = casefile_main("user", "token", "robot")
    assert refused.code == 1 and "disabled" in one_line(refused.err)


@pytest.mark.parametrize(
    ("args", "stdin", "words"),
    [
        (["user", "add", "eve", "--role", "boss", "--password-stdin"], PASSWORD, "role"),
        (["user", "add", "eve", "--clearance", "secret", "--password-stdin"], PASSWORD,
         "clearance"),
        (["user", "add", "no spaces", "--password-stdin"], PASSWORD, "user name"),
        (["user", "add", "eve", "--password-stdin"], "short", "at least 12"),
        (["user", "add", "eve", "--password-stdin"], "", "no password"),
        (["user", "add", "eve"], "", "no terminal"),  # never falls back to a visible prompt
        (["user", "add", "alice", "--password-stdin"], PASSWORD, "already exists"),
        (["user", "add", "ALICE", "--password-stdin"], PASSWORD, "already exists"),
        (["user", "disable", "nobody"], "", "no user named"),
        (["user", "passwd", "nobody", "--password-stdin"], PASSWORD, "no user named"),
        (["user", "passwd", "alice", "--password-stdin"], "alice", "at least 12"),
        (["user", "token", "nobody"], "", "no user named"),
        (["user", "disable", "alice"], "", "last active admin"),
        (["user", "set", "alice", "--role", "viewer"], "", "last active admin"),
        (["user", "set", "alice"], "", "--role or --clearance"),
        (["user", "enable", "alice"], "", "not disabled"),
        (["user", "add", "eve", "--password", PASSWORD], "", "No such option"),
    ],
)
def test_bad_input_is_one_line_nonzero_and_changes_nothing(casefile_main, db_path, args, stdin,
                                                           words):
    assert add(casefile_main, "alice", "admin").code == 0
    before = table(db_path, "SELECT * FROM users") + table(db_path, "SELECT * FROM audit_log")
    result = casefile_main(*args, stdin=f"{stdin}\n".encode() if stdin else b"")
    assert result.code != 0
    assert words in one_line(result.err)
    assert PASSWORD not in result.err + result.out
    after = table(db_path, "SELECT * FROM users") + table(db_path, "SELECT * FROM audit_log")
    assert after == before


def test_roles_clearance_and_has_admin(sqlite_store):
    assert not accounts.has_admin(sqlite_store)
    viewer = accounts.add_user(sqlite_store, "vera", "viewer", "root", PASSWORD)
    assert not accounts.has_admin(sqlite_store)
    admin = accounts.add_user(sqlite_store, "ada", "admin", "root", PASSWORD, "confidential")
    assert accounts.has_admin(sqlite_store)
    assert accounts.may(viewer, "read") and not accounts.may(viewer, "review")
    assert accounts.may(admin, "manage_users")
    assert accounts.cleared_for(admin, "confidential") and not accounts.cleared_for(viewer,
                                                                                 "internal")
    second = accounts.add_user(sqlite_store, "bea", "admin", "ada", None)
    accounts.disable_user(sqlite_store, "ada", "bea")  # not the last admin any more
    assert accounts.has_admin(sqlite_store)
    accounts.set_access(sqlite_store, "vera", "bea", role="editor", clearance="internal")
    vera = accounts.get_user(sqlite_store, "vera")
    assert (vera.role, vera.clearance) == ("editor", "internal")
    with pytest.raises(accounts.InvalidInput, match="last active admin"):
        accounts.disable_user(sqlite_store, second.name, "bea")
    actions = [e.action for e in sqlite_store.audit_entries()]
    assert actions == ["user.add", "user.add", "user.add", "user.disable", "user.access"]


def test_an_outdated_hash_is_upgraded_at_sign_in(sqlite_store):
    from argon2 import PasswordHasher

    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    accounts.add_user(sqlite_store, "old", "viewer", "root", PASSWORD)
    sqlite_store.update_user("old", {"password_hash": weak}, "user.passwd", "test", "now")
    assert accounts.authenticate_password(sqlite_store, "old", PASSWORD) is not None
    upgraded = sqlite_store.user_password_hash("old")
    assert upgraded != weak and "m=65536" in upgraded
