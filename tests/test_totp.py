"""Two-factor sign-in (issue 9): enrolment by an admin (CLI) or by the user (web page,
confirmed by a code), the code asked after the password, codes good once and counted by
the sign-in limits, roles that require it, API tokens left alone; all audited."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator

import pyotp
import pytest
from fastapi.testclient import TestClient

import web_support
from casefile.services import accounts, twofactor
from casefile.store.sqlite import SQLiteStore
from casefile.web import create_app
from casefile.web.ratelimit import LoginLimiter
from web_support import PASSWORD, Seeded, sign_in

seeded = web_support.seeded  # fixture


@pytest.fixture
def anonymous(seeded: Seeded) -> Iterator[TestClient]:
    app = create_app(seeded.db_path, limiter=LoginLimiter(per_account=3, per_address=50))
    with TestClient(app, follow_redirects=False) as client:
        yield client


def login(client: TestClient, name: str, password: str = PASSWORD, next: str = "/"):
    form = client.get("/login").text
    token = re.search(r'name="login_token" value="([^"]+)"', form)[1]
    return client.post("/login", data={"name": name, "password": password,
                                       "login_token": token, "next": next})  # fmt: skip


def send_code(client: TestClient, code: str, next: str = "/"):
    form = client.get("/login/code").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form)[1]
    return client.post("/login/code", data={"code": code, "csrf_token": csrf, "next": next})


def enrol(db, name: str) -> pyotp.TOTP:
    with SQLiteStore(db) as store:
        return pyotp.TOTP(twofactor.enrol(store, name, "root").secret)


def test_the_cli_enrols_a_user_shows_the_secret_once_and_audits_without_it(casefile_main,
                                                                           db_path):
    made = casefile_main("user", "add", "bob", "--role", "editor", "--password-stdin",
                         stdin=f"{PASSWORD}\n".encode())  # fmt: skip
    assert made.code == 0
    shown = casefile_main("user", "totp", "bob", "--by", "root")
    assert shown.code == 0 and "shown only now" in shown.err
    secret, uri = shown.out.splitlines()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    assert uri.startswith("otpauth://totp/casefile:bob?secret=" + secret)
    assert casefile_main("user", "list").out.rstrip().endswith("\t2fa")
    with SQLiteStore(db_path) as store:
        [entry] = [e for e in store.audit_entries("user:bob") if e.action == "user.totp"]
        assert entry.actor == "root" and json.loads(entry.after) == {"totp": True}
        assert secret not in str(store.audit_entries())
        user = store.get_user("bob")
        assert twofactor.check_code(store, user, pyotp.TOTP(secret).now())
    removed = casefile_main("user", "totp", "bob", "--remove", "--by", "root")
    assert removed.code == 0 and casefile_main("user", "list").out.rstrip().endswith("no 2fa")
    again = casefile_main("user", "totp", "bob", "--remove")
    assert again.code == 1 and "no two-factor sign-in" in again.err


def test_an_enrolled_user_signs_in_with_password_then_code(anonymous, seeded):
    totp = enrol(seeded.db_path, "Vera")
    asked = login(anonymous, "Vera", next="/cases")
    assert asked.status_code == 303 and asked.headers["location"] == "/login/code?next=%2Fcases"
    # Half-way, the pending session opens nothing.
    assert anonymous.get("/api/me").status_code == 401
    assert anonymous.get("/cases").status_code == 303
    pending = anonymous.cookies["casefile_session"]
    wrong = send_code(anonymous, "000000" if totp.now() != "000000" else "111111")
    assert wrong.status_code == 401 and "wrong or already used code" in wrong.text
    done = send_code(anonymous, totp.now(), next="/cases")
    assert done.status_code == 303 and done.headers["location"] == "/cases"
    assert anonymous.cookies["casefile_session"] != pending  # a new id once complete
    assert anonymous.get("/api/me").json()["name"] == "Vera"
    anonymous.cookies.clear()
    anonymous.cookies.set("casefile_session", pending)
    assert anonymous.get("/api/me").status_code == 401  # the pending one is gone
    assert anonymous.get("/login/code").status_code == 303


def test_a_code_is_good_once(anonymous, seeded):
    totp = enrol(seeded.db_path, "Vera")
    code = totp.now()
    login(anonymous, "Vera")
    assert send_code(anonymous, code).status_code == 303
    anonymous.cookies.clear()
    login(anonymous, "Vera")
    replayed = send_code(anonymous, code)
    assert replayed.status_code == 401
    assert send_code(anonymous, totp.at(time.time() + 30)).status_code == 303


def test_wrong_codes_count_like_wrong_passwords_and_the_password_does_not_reset_them(
    anonymous, seeded
):
    totp = enrol(seeded.db_path, "Vera")
    for _ in range(3):
        login(anonymous, "Vera")  # the right password each time
        assert send_code(anonymous, "12345x").status_code == 401
    limited = login(anonymous, "Vera")
    assert limited.status_code == 429
    anonymous.cookies.clear()
    assert send_code_without_form(anonymous, totp.now()).status_code == 403


def send_code_without_form(client: TestClient, code: str):
    return client.post("/login/code", data={"code": code, "csrf_token": "guess"})


def test_the_code_form_needs_its_pending_session(anonymous, seeded):
    enrol(seeded.db_path, "Vera")
    assert anonymous.get("/login/code").headers["location"] == "/login?next=%2F"
    login(anonymous, "Vera")
    assert send_code_without_form(anonymous, "123456").status_code == 403


def test_a_role_that_requires_2fa_sends_its_users_to_enrol_and_nowhere_else(casefile_main,
                                                                            anonymous, seeded):
    required = casefile_main("user", "require-2fa", "--role", "viewer", "--by", "root",
                             db=seeded.db_path)  # fmt: skip
    assert required.code == 0 and "required of: viewer" in required.out
    with SQLiteStore(seeded.db_path) as store:
        token = accounts.new_token(store, "Vera", "root").token
        [entry] = [e for e in store.audit_entries("role:viewer")]
        assert entry.action == "role.require_2fa" and entry.actor == "root"
    signed = login(anonymous, "Vera", next="/cases")
    assert signed.status_code == 303 and signed.headers["location"] == "/account/2fa"
    assert anonymous.get("/cases").status_code == 403
    assert anonymous.get("/api/me").status_code == 403
    with SQLiteStore(seeded.db_path) as store:  # even a token made before stays good
        assert accounts.authenticate_token(store, token).name == "Vera"
    page = anonymous.get("/account/2fa")
    assert page.status_code == 200 and 'data-testid="totp-required"' in page.text
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7]+)<', page.text)[1]
    assert secret in anonymous.get("/account/2fa").text  # the same on reload
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]
    bad = anonymous.post("/account/2fa", data={"code": "000000x", "csrf_token": csrf})
    assert bad.status_code == 400 and 'data-testid="totp-error"' in bad.text
    good = anonymous.post("/account/2fa", data={"code": pyotp.TOTP(secret).now(),
                                                 "csrf_token": csrf})  # fmt: skip
    assert good.status_code == 303
    assert anonymous.get("/cases").status_code == 200
    assert 'data-testid="totp-on"' in anonymous.get("/account/2fa").text
    with SQLiteStore(seeded.db_path) as store:
        [entry] = [e for e in store.audit_entries("user:Vera") if e.action == "user.totp"]
        assert entry.actor == "Vera"
    # Scripts: an API token is not asked for a code.
    anonymous.cookies.clear()
    headers = {"Authorization": f"Bearer {token}"}
    assert anonymous.get("/api/me", headers=headers).json()["name"] == "Vera"
    # The next sign-in asks for the code.
    assert login(anonymous, "Vera").headers["location"].startswith("/login/code")


def test_a_user_who_must_enrol_can_still_sign_out(anonymous, seeded):
    with SQLiteStore(seeded.db_path) as store:
        twofactor.require(store, "editor", True, "root")
    sign_in(anonymous, seeded.db_path, "Dana")
    assert anonymous.get("/review").status_code == 403
    assert anonymous.post("/logout").status_code == 303
    assert anonymous.get("/api/me").status_code == 401
