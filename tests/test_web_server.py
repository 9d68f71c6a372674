"""The app under a real uvicorn server on a loopback port, as browser tests will use it,
and `casefile serve`'s own argument checks."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

import web_support
from casefile.services import accounts
from casefile.store import StoreError
from casefile.store.sqlite import SQLiteStore
from casefile.web.server import background_server

seeded = web_support.seeded  # fixture


def test_background_server_serves_pages_and_api_over_http(seeded):
    with background_server(seeded.db_path) as base:
        assert base.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(f"{base}/cases", timeout=10) as response:
            page = response.read().decode()  # sent to sign in first
        assert response.status == 200 and response.url.startswith(f"{base}/login?next=")
        assert 'data-testid="login-form"' in page and "Marat" not in page
        token = signed_in_token(seeded.db_path)
        request = urllib.request.Request(f"{base}/api/cases",
                                         headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert "Marat Zholdybayev" in response.read().decode()
        with urllib.request.urlopen(f"{base}/static/app.js", timeout=10) as response:
            assert b"add-fact" in response.read()
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(urllib.request.Request(
                f"{base}/api/cases/999", headers={"Authorization": f"Bearer {token}"}), timeout=10)
        assert missing.value.code == 404
        with pytest.raises(urllib.error.HTTPError) as anonymous:
            urllib.request.urlopen(f"{base}/api/cases/1", timeout=10)
        assert anonymous.value.code == 401
    with pytest.raises(urllib.error.URLError):  # stopped on leaving the block
        urllib.request.urlopen(f"{base}/", timeout=2)


def signed_in_token(db_path) -> str:
    with SQLiteStore(db_path) as store:
        return accounts.new_token(store, "Vera", "test").token


def test_serve_refuses_without_an_admin_unless_demo_and_demo_only_on_loopback(
    casefile_main, tmp_path
):
    empty = casefile_main("--db", str(tmp_path / "new.db"), "serve", "--port", "1")
    assert empty.code == 1 and "no admin account" in empty.err and "user add" in empty.err
    public = casefile_main("--db", str(tmp_path / "new.db"), "serve", "--demo",
                           "--host", "0.0.0.0")  # fmt: skip
    assert public.code == 1 and "127.0.0.1" in public.err


def test_a_database_that_cannot_be_opened_fails_before_serving(tmp_path):
    with (
        pytest.raises(StoreError, match="directory does not exist"),
        background_server(tmp_path / "missing" / "x.db"),
    ):
        pass


def test_serve_rejects_a_port_out_of_range(casefile_main):
    result = casefile_main("serve", "--port", "70000")
    assert result.code == 2 and "--port" in result.err and "65535" in result.err
