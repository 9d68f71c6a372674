"""Signing in and out in process: the form and its own anti-forgery cookie, session
cookies' flags, rate limiting per account and per address, demo mode."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

import web_support
from casefile.store.sqlite import SQLiteStore
from casefile.web import create_app
from casefile.web.ratelimit import LoginLimiter
from web_support import PASSWORD, Seeded, dump, sign_in

seeded = web_support.seeded  # fixture


@pytest.fixture
def anonymous(seeded: Seeded) -> Iterator[TestClient]:
    app = create_app(seeded.db_path, limiter=LoginLimiter(per_account=3, per_address=5))
    with TestClient(app, follow_redirects=False) as client:
        yield client


def login(client: TestClient, name: str, password: str, **extra: str):
    form = client.get("/login").text
    token = re.search(r'name="login_token" value="([^"]+)"', form)[1]
    return client.post("/login", data={"name": name, "password": password,
                                       "login_token": token, **extra})  # fmt: skip


def test_signing_in_sets_a_strict_session_cookie_and_returns_where_we_were(anonymous):
    sent = anonymous.get("/cases?country=KZ")
    assert sent.status_code == 303
    assert sent.headers["location"] == "/login?next=%2Fcases%3Fcountry%3DKZ"
    response = login(anonymous, "Vera", PASSWORD, next="/cases?country=KZ")
    assert response.status_code == 303 and response.headers["location"] == "/cases?country=KZ"
    cookie = response.headers["set-cookie"]
    assert "casefile_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain http here; https or --secure-cookies sets it
    page = anonymous.get("/cases?country=KZ")
    assert page.status_code == 200 and 'data-testid="signed-in-as">Vera<' in page.text
    assert page.headers["x-frame-options"] == "DENY" and page.headers["cache-control"] == "no-store"


def test_secure_cookies_over_https_or_when_asked(seeded):
    app = create_app(seeded.db_path)
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as client:
        assert "Secure" in login(client, "Vera", PASSWORD).headers["set-cookie"]
    behind_a_proxy = create_app(seeded.db_path, secure_cookies=True)
    with TestClient(behind_a_proxy) as client:
        assert "Secure" in client.get("/login").headers["set-cookie"]


def test_an_external_next_is_not_followed(anonymous):
    response = login(anonymous, "Vera", PASSWORD, next="//evil.example/")
    assert response.headers["location"] == "/"


def test_the_sign_in_form_refuses_a_post_without_its_own_token(anonymous, seeded):
    before = dump(seeded.db_path)
    response = anonymous.post("/login", data={"name": "Vera", "password": PASSWORD})
    assert response.status_code == 403 and "casefile_session" not in response.headers.get(
        "set-cookie", "")
    assert dump(seeded.db_path) == before


def test_failed_sign_ins_are_limited_per_account_then_per_address(anonymous):
    for _ in range(3):
        assert login(anonymous, "Vera", "wrong password here").status_code == 401
    limited = login(anonymous, "Vera", PASSWORD)  # even the right password now
    assert limited.status_code == 429 and "too many failed sign-ins" in limited.text
    assert int(limited.headers["retry-after"]) > 0
    # Another account from the same address: two more failures reach the address limit.
    for _ in range(2):
        assert login(anonymous, "Dana", "wrong password here").status_code == 401
    assert login(anonymous, "Dana", PASSWORD).status_code == 429


def test_a_right_password_clears_the_account_count(anonymous):
    for _ in range(2):
        login(anonymous, "Vera", "wrong password here")
    assert login(anonymous, "Vera", PASSWORD).status_code == 303
    anonymous.cookies.clear()
    for _ in range(2):
        assert login(anonymous, "Vera", "wrong password here").status_code == 401


def test_an_unknown_name_and_a_wrong_password_look_the_same(anonymous):
    unknown = login(anonymous, "nobody", PASSWORD)
    wrong = login(anonymous, "Vera", "wrong password here")
    assert unknown.status_code == wrong.status_code == 401
    assert 'data-testid="login-error">wrong name or password<' in unknown.text
    assert 'data-testid="login-error">wrong name or password<' in wrong.text


def test_sign_out_invalidates_the_session_even_if_the_cookie_is_kept(anonymous, seeded):
    login(anonymous, "Vera", PASSWORD)
    cookie = anonymous.cookies["casefile_session"]
    csrf = anonymous.get("/api/me").json()["csrf_token"]
    assert anonymous.post("/logout", data={"csrf_token": csrf}).status_code == 303
    anonymous.cookies.set("casefile_session", cookie)  # a copy kept by an attacker
    assert anonymous.get("/api/me").status_code == 401
    with SQLiteStore(seeded.db_path) as store:
        assert store.conn.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0


def test_the_database_keeps_only_a_hash_of_the_session_id(anonymous, seeded):
    login(anonymous, "Vera", PASSWORD)
    cookie = anonymous.cookies["casefile_session"]
    assert cookie.encode() not in (seeded.db_path.read_bytes() + _wal(seeded))


def _wal(seeded: Seeded) -> bytes:
    wal = seeded.db_path.with_name(seeded.db_path.name + "-wal")
    return wal.read_bytes() if wal.exists() else b""


def test_demo_mode_signs_loopback_visitors_in_as_the_demo_admin(seeded):
    # Demo mode answers only loopback Host names (DNS rebinding: test_web_hardening.py).
    app = create_app(seeded.db_path, demo=True)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        page = client.get("/cases")
        assert page.status_code == 200
        assert 'data-testid="demo-badge"' in page.text
        assert 'data-testid="signed-in-as">demo<' in page.text
        assert client.get("/api/me").json()["role"] == "admin"


def test_demo_mode_gives_other_addresses_the_ordinary_form(seeded):
    app = create_app(seeded.db_path, demo=True)
    with TestClient(app, base_url="http://127.0.0.1", client=("203.0.113.9", 5000),
                    follow_redirects=False) as client:  # fmt: skip
        response = client.get("/login")
        assert response.status_code == 200 and 'data-testid="login-form"' in response.text
        assert "casefile_session" not in response.headers.get("set-cookie", "")


def test_an_admin_manages_users_in_the_web_app_as_the_services_allow(anonymous, seeded):
    sign_in(anonymous, seeded.db_path, "root")
    assert 'data-user="Vera"' in anonymous.get("/users").text
    added = anonymous.post("/users", data={"name": "nadia", "role": "editor",
                                            "clearance": "internal", "password": PASSWORD})
    assert added.status_code == 303
    short = anonymous.post("/users", data={"name": "oleg", "role": "viewer", "password": "x"})
    assert short.status_code == 400 and "12 characters" in short.text
    before = dump(seeded.db_path)
    last_admin = anonymous.post("/users/root/disable", data={"next": ""})
    assert last_admin.status_code == 400 and "last active admin" in last_admin.text
    assert dump(seeded.db_path) == before
    anonymous.cookies.clear()
    anonymous.headers.pop("x-csrf-token", None)
    assert login(anonymous, "nadia", PASSWORD).status_code == 303
    assert anonymous.get("/api/me").json()["clearance"] == "internal"
    assert anonymous.get("/users").status_code == 403  # an editor
    with SQLiteStore(seeded.db_path) as store:
        [entry] = [e for e in store.audit_entries("user:nadia") if e.action == "user.add"]
    assert entry.actor == "root"
