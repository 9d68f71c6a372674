"""The app under a real uvicorn server on a loopback port, as browser tests will use it,
and `casefile serve`'s own argument checks."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

import web_support
from casefile.store import StoreError
from casefile.web.server import background_server

seeded = web_support.seeded  # fixture


def test_background_server_serves_pages_and_api_over_http(seeded):
    with background_server(seeded.db_path) as base:
        assert base.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(f"{base}/cases", timeout=10) as response:
            page = response.read().decode()
        assert response.status == 200 and "Marat Zhylanbayev" in page
        with urllib.request.urlopen(f"{base}/static/app.js", timeout=10) as response:
            assert b"add-fact" in response.read()
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{base}/api/cases/999", timeout=10)
        assert missing.value.code == 404
    with pytest.raises(urllib.error.URLError):  # stopped on leaving the block
        urllib.request.urlopen(f"{base}/", timeout=2)


def test_a_database_that_cannot_be_opened_fails_before_serving(tmp_path):
    with (
        pytest.raises(StoreError, match="directory does not exist"),
        background_server(tmp_path / "missing" / "x.db"),
    ):
        pass


def test_serve_rejects_a_port_out_of_range(casefile_main):
    result = casefile_main("serve", "--port", "70000")
    assert result.code == 2 and "--port" in result.err and "65535" in result.err
