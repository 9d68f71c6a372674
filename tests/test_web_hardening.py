"""The web app against a visitor who is not where they claim (issue 9): DNS rebinding
in demo mode (finding 8), forged X-Forwarded-For against the sign-in limits (finding 11),
and the Content-Security-Policy header (finding 13)."""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from fastapi.testclient import TestClient

import web_support
from casefile.web import create_app
from casefile.web.hosts import LOOPBACK_NAMES, HostRefused, host_allowed, serving_hosts
from casefile.web.ratelimit import LoginLimiter
from casefile.web.server import background_server
from web_support import PASSWORD, Seeded, sign_in

seeded = web_support.seeded  # fixture


# -- finding 8: Host headers --------------------------------------------------------


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:8000", "localhost", "LOCALHOST:8000",
                                  "[::1]", "[::1]:8000", "localhost."])  # fmt: skip
def test_demo_mode_signs_in_visitors_who_reached_a_loopback_name(seeded: Seeded, host):
    app = create_app(seeded.db_path, demo=True, port=8000)
    with TestClient(app, headers={"host": host}) as client:
        page = client.get("/cases")
        assert page.status_code == 200 and 'data-testid="signed-in-as">demo<' in page.text


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example",
                                  "localhost:9999", "", "[::1", "::1", "127.0.0.1:x"])  # fmt: skip
def test_demo_mode_refuses_any_other_host_before_signing_anyone_in(seeded: Seeded, host):
    app = create_app(seeded.db_path, demo=True, port=8000)
    with TestClient(app, headers={"host": host}, follow_redirects=False) as client:
        for path in ("/login", "/cases", "/api/me", "/static/style.css"):
            refused = client.get(path)
            assert refused.status_code == 400, (host, path)
            assert "unexpected Host" in refused.text
            assert "casefile_session" not in refused.headers.get("set-cookie", "")
        assert client.post("/login", data={"name": "demo"}).status_code == 400


def test_serve_answers_loopback_its_host_and_allowed_hosts_only(seeded: Seeded):
    names = serving_hosts("10.0.0.5", ["Casefile.Example.org"], demo=False)
    assert names == LOOPBACK_NAMES | {"10.0.0.5", "casefile.example.org"}
    app = create_app(seeded.db_path, allowed_hosts=names, port=8000)
    with TestClient(app, follow_redirects=False) as client:
        sign_in(client, seeded.db_path, "Vera")
        for host in ("casefile.example.org", "casefile.example.org:443", "10.0.0.5:8000"):
            assert client.get("/api/me", headers={"host": host}).status_code == 200, host
        assert client.get("/api/me", headers={"host": "evil.example"}).status_code == 400
    assert host_allowed("anything", serving_hosts("0.0.0.0", ["*"], demo=False), None)


def test_serve_options_that_would_open_the_door_are_refused():
    with pytest.raises(HostRefused, match="listens on every address"):
        serving_hosts("0.0.0.0", [], demo=False)
    with pytest.raises(HostRefused, match="loopback"):
        serving_hosts("127.0.0.1", ["casefile.example.org"], demo=True)


def test_serve_refuses_a_wildcard_address_without_allowed_hosts_and_a_bad_proxy(
    casefile_main, tmp_path
):
    db = str(tmp_path / "new.db")
    wide = casefile_main("--db", db, "serve", "--host", "0.0.0.0", "--port", "1")
    assert wide.code == 1 and "--allowed-host" in wide.err
    proxy = casefile_main("--db", db, "serve", "--trusted-proxy", "*", "--port", "1")
    assert proxy.code == 1 and "--trusted-proxy" in proxy.err
    demo = casefile_main("--db", db, "serve", "--demo", "--trusted-proxy", "127.0.0.1",
                         "--port", "1")  # fmt: skip
    assert demo.code == 1 and "--trusted-proxy" in demo.err


# -- finding 11: X-Forwarded-For ------------------------------------------------------


def _failed_sign_in(base: str, name: str, forwarded_for: str) -> int:
    """A wrong password for `name` from this machine claiming to forward `forwarded_for`."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    form = opener.open(f"{base}/login", timeout=10).read().decode()
    token = re.search(r'name="login_token" value="([^"]+)"', form)[1]
    body = urllib.parse.urlencode({"name": name, "password": "wrong password here",
                                   "login_token": token}).encode()  # fmt: skip
    request = urllib.request.Request(f"{base}/login", data=body,
                                     headers={"X-Forwarded-For": forwarded_for})  # fmt: skip
    try:
        return opener.open(request, timeout=10).status
    except urllib.error.HTTPError as answer:
        return answer.code


def test_a_forged_forwarded_for_does_not_get_a_fresh_address_per_guess(seeded: Seeded):
    limiter = LoginLimiter(per_account=100, per_address=3)
    with background_server(seeded.db_path, limiter=limiter) as base:
        codes = [_failed_sign_in(base, f"name{n}", f"198.51.100.{n}") for n in range(5)]
    assert codes == [401, 401, 401, 429, 429]


def test_a_trusted_proxys_forwarded_for_is_believed(seeded: Seeded):
    limiter = LoginLimiter(per_account=100, per_address=3)
    with background_server(seeded.db_path, limiter=limiter, proxies=("127.0.0.1",)) as base:
        # Rightmost untrusted hop: what the client put first is not what counts.
        codes = [_failed_sign_in(base, f"name{n}", f"10.9.9.9, 198.51.100.{n}")
                 for n in range(5)]  # fmt: skip
        same = [_failed_sign_in(base, "other", "203.0.113.7") for _ in range(4)]
    assert codes == [401] * 5
    assert same == [401, 401, 401, 429]


def test_the_right_password_still_signs_in_through_the_real_server(seeded: Seeded):
    with background_server(seeded.db_path) as base:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        form = opener.open(f"{base}/login", timeout=10).read().decode()
        token = re.search(r'name="login_token" value="([^"]+)"', form)[1]
        body = urllib.parse.urlencode({"name": "Vera", "password": PASSWORD,
                                       "login_token": token}).encode()  # fmt: skip
        page = opener.open(f"{base}/login", data=body, timeout=10).read().decode()
    assert 'data-testid="signed-in-as">Vera<' in page


# -- finding 13: Content-Security-Policy ------------------------------------------------


def test_every_page_carries_a_policy_that_runs_only_our_own_files(seeded: Seeded):
    with TestClient(create_app(seeded.db_path), follow_redirects=False) as client:
        sign_in(client, seeded.db_path, "Dana")
        for path in ("/", "/cases", f"/documents/{seeded.kz}", "/api/cases", "/login",
                     "/static/app.js", "/no/such/page"):  # fmt: skip
            policy = client.get(path).headers["content-security-policy"]
            directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
            assert directives["script-src"] == "'self'", path
            assert directives["style-src"] == "'self'", path
            assert directives["default-src"] == "'self'" and directives["base-uri"] == "'none'"
            assert directives["frame-ancestors"] == "'none'"
            assert directives["form-action"] == "'self'"
        page = client.get(f"/documents/{seeded.ru}").text
    # Nothing inline for the policy to block: no script or style element without a
    # source, no style or event-handler attribute, no javascript: link.
    assert "<script>" not in page and "<style" not in page  # the text's own <script> escaped
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert not re.search(r"\s(style|on[a-z]+)=", page)
    assert "javascript:" not in page.lower()
