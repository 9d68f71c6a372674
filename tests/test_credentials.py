"""Credentials end when they should (issue 9, finding 9): a new password ends the
user's sessions and revokes their API tokens; one token can be listed and revoked by
id; disabling revokes for good, so enabling again brings nothing back; all audited."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import web_support
from casefile.services import accounts
from casefile.store.sqlite import SQLiteStore
from casefile.web import create_app
from web_support import Seeded, sign_in

seeded = web_support.seeded  # fixture

PASSWORD = "correct horse battery staple"
NEW = "a brand new passphrase"


def add(run, name: str, role: str = "editor"):
    return run("user", "add", name, "--role", role, "--password-stdin", "--by", "root",
               stdin=f"{PASSWORD}\n".encode())  # fmt: skip


def new_token(db: Path, name: str) -> str:
    with SQLiteStore(db) as store:
        return accounts.new_token(store, name, "root").token


def token_works(db: Path, token: str) -> bool:
    with SQLiteStore(db) as store:
        return accounts.authenticate_token(store, token) is not None


def test_a_new_password_ends_sessions_and_revokes_tokens_and_says_so(casefile_main, db_path):
    assert add(casefile_main, "root", "admin").code == 0
    assert add(casefile_main, "bob").code == 0
    first, second = new_token(db_path, "bob"), new_token(db_path, "bob")
    with SQLiteStore(db_path) as store:
        from casefile.services import sessions

        bob = store.get_user("bob")
        session = sessions.start(store, bob)
        assert sessions.lookup(store, session.session_id) is not None
    changed = casefile_main("user", "passwd", "bob", "--password-stdin", "--by", "root",
                            stdin=f"{NEW}\n".encode())  # fmt: skip
    assert changed.code == 0, changed.err
    assert "signed out everywhere" in changed.out and "2 API tokens revoked" in changed.out
    assert not token_works(db_path, first) and not token_works(db_path, second)
    with SQLiteStore(db_path) as store:
        assert sessions.lookup(store, session.session_id) is None
        [entry] = [e for e in store.audit_entries("user:bob") if e.action == "user.passwd"]
        after = json.loads(entry.after)
        assert entry.actor == "root" and after["tokens_revoked"] == [1, 2]
        assert after["sessions_ended"] == 1 and after["tokens"] == 0
    assert "0 tokens" in casefile_main("user", "list").out.splitlines()[1]


def test_one_token_is_listed_and_revoked_by_id_and_the_others_keep_working(casefile_main,
                                                                           db_path):
    assert add(casefile_main, "root", "admin").code == 0
    assert add(casefile_main, "robot").code == 0
    kept, lost = new_token(db_path, "robot"), new_token(db_path, "robot")
    assert token_works(db_path, kept)  # records its use
    listing = casefile_main("user", "tokens", "robot")
    assert listing.code == 0
    lines = listing.out.splitlines()
    assert len(lines) == 2 and lines[0].startswith("1\tmade ") and lines[0].endswith("live")
    assert "last used never" in lines[1] and "last used never" not in lines[0]
    revoked = casefile_main("user", "revoke-token", "robot", "2", "--by", "root")
    assert revoked.code == 0 and "revoked API token 2 of robot" in revoked.out
    assert token_works(db_path, kept) and not token_works(db_path, lost)
    assert "\trevoked " in casefile_main("user", "tokens", "robot").out.splitlines()[1]
    again = casefile_main("user", "revoke-token", "robot", "2")
    assert again.code == 1 and "no live API token 2" in again.err
    other = casefile_main("user", "revoke-token", "root", "1")  # robot's, not root's
    assert other.code == 1 and token_works(db_path, kept)
    with SQLiteStore(db_path) as store:
        [entry] = [e for e in store.audit_entries("user:robot")
                   if e.action == "user.token.revoke"]  # fmt: skip
        assert entry.actor == "root" and json.loads(entry.after)["revoked"] == [2]


def test_enabling_again_brings_back_no_token_and_no_session(casefile_main, db_path):
    assert add(casefile_main, "root", "admin").code == 0
    assert add(casefile_main, "bob").code == 0
    token = new_token(db_path, "bob")
    disabled = casefile_main("user", "disable", "bob", "--by", "root")
    assert disabled.code == 0 and "1 API token revoked" in disabled.err
    assert casefile_main("user", "enable", "bob").code == 0
    assert not token_works(db_path, token)
    with SQLiteStore(db_path) as store:
        assert store.get_user("bob").tokens == 0
        [entry] = [e for e in store.audit_entries("user:bob") if e.action == "user.disable"]
        assert json.loads(entry.after)["tokens_revoked"] == [1]
        assert accounts.authenticate_password(store, "bob", PASSWORD) is not None


def test_a_disabled_then_enabled_users_old_session_cookie_stays_dead(seeded: Seeded):
    with TestClient(create_app(seeded.db_path)) as client:
        sign_in(client, seeded.db_path, "Vera")
        assert client.get("/api/me").status_code == 200
        with SQLiteStore(seeded.db_path) as store:
            accounts.disable_user(store, "Vera", "root")
            accounts.enable_user(store, "Vera", "root")
        assert client.get("/api/me").status_code == 401


@pytest.mark.parametrize("args", [["user", "tokens", "nobody"],
                                  ["user", "revoke-token", "nobody", "1"],
                                  ["user", "revoke-token", "root", "x"]])  # fmt: skip
def test_token_commands_refuse_bad_input_in_one_line(casefile_main, db_path, args):
    assert add(casefile_main, "root", "admin").code == 0
    result = casefile_main(*args)
    assert result.code != 0 and len(result.err.strip().splitlines()) == 1
    assert "Traceback" not in result.err


def test_a_password_changed_on_the_web_signs_out_everywhere_and_revokes_tokens(seeded: Seeded):
    token = new_token(seeded.db_path, "Vera")
    app = create_app(seeded.db_path)
    with TestClient(app, follow_redirects=False) as client, TestClient(app) as elsewhere:
        sign_in(elsewhere, seeded.db_path, "Vera")  # another browser
        sign_in(client, seeded.db_path, "Vera")
        assert 'data-testid="password-form"' in client.get("/account/password").text
        form = {"current": PASSWORD, "new": NEW, "again": NEW}
        differ = client.post("/account/password", data={**form, "again": NEW + "!"})
        assert differ.status_code == 400 and "differ" in differ.text
        wrong = client.post("/account/password", data={**form, "current": "not it at all"})
        assert wrong.status_code == 400 and "current password is not right" in wrong.text
        done = client.post("/account/password", data=form)
        assert done.status_code == 303 and done.headers["location"] == "/login"
        assert client.get("/api/me").status_code == 401
        assert elsewhere.get("/api/me").status_code == 401
    assert not token_works(seeded.db_path, token)
    with SQLiteStore(seeded.db_path) as store:
        assert accounts.authenticate_password(store, "Vera", NEW) is not None
        [entry] = [e for e in store.audit_entries("user:Vera") if e.action == "user.passwd"]
        assert entry.actor == "Vera" and json.loads(entry.after)["sessions_ended"] == 2


def test_wrong_current_passwords_count_as_failed_sign_ins(seeded: Seeded):
    from casefile.web.ratelimit import LoginLimiter

    app = create_app(seeded.db_path, limiter=LoginLimiter(per_account=2, per_address=50))
    with TestClient(app, follow_redirects=False) as client:
        sign_in(client, seeded.db_path, "Vera")
        form = {"current": "not it at all", "new": NEW, "again": NEW}
        assert [client.post("/account/password", data=form).status_code
                for _ in range(3)] == [400, 400, 429]  # fmt: skip
