"""Malformed requests thrown at every state-changing route of the API and the forms
(hypothesis): odd path values, bodies of the wrong shape and type, unknown fields, huge
numbers, control characters, wrong content types. Never a 500; an API error is the JSON
error shape; a refused request (4xx) leaves the database exactly as it was.

Schemathesis would do the API half from /api/openapi.json, but it is not installed
here; this covers the forms too, which the schema does not describe.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import web_support
from casefile.extract.pipeline import PipelineConfig
from casefile.model import Extraction
from casefile.web import create_app
from test_access_routes import TABLE
from web_support import Seeded, dump, sign_in

seeded = web_support.seeded  # fixture

ROUTES = sorted(key for key in TABLE if key[0] != "GET" and key != ("POST", "/logout"))
FIELDS = ["text", "title", "language", "published", "url", "version", "type", "participant",
          "participant_kind", "date", "term", "term_kind", "charges", "agent", "count", "what",
          "quote", "start", "end", "kept", "merged", "access", "access_level", "protected",
          "next", "name", "password", "reviewer", "csrf_token", "login_token"]  # fmt: skip

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True), st.text(max_size=40),
    st.sampled_from(["", "confidential", "public", "2023-13-45", "P7Y", "arrest", "../..",
                     "\x00", "event", "1e999", "-1", "9" * 30]),
)  # fmt: skip
json_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=10)  # fmt: skip
path_values = st.one_of(
    st.integers(min_value=-5, max_value=2**64).map(str),
    st.sampled_from(["event", "statistic", "accept", "reject", "x", "%00", "0", "1", "2"]),
    st.text(alphabet="abcdef0123456789", min_size=64, max_size=64),
    st.text(min_size=1, max_size=20).filter(lambda s: s not in (".", "..")),
)  # fmt: skip
bodies = st.one_of(
    st.builds(lambda d: ("json", d),
              st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=6)),
    st.builds(lambda v: ("json", v), json_values),
    st.builds(lambda d: ("form", d),
              st.dictionaries(st.sampled_from(FIELDS), st.text(max_size=30), max_size=6)),
    st.builds(lambda b: ("raw", b), st.binary(max_size=200)),
)  # fmt: skip


class EmptyPipeline:
    """Extraction finds nothing: the fuzz is about the web layer, not the NLP. Its
    configuration is the default one (linking thresholds included)."""

    config = PipelineConfig()

    def __call__(self, document: Any) -> Extraction:
        return Extraction(document=document)


class Holder:
    def get(self) -> EmptyPipeline:
        return EmptyPipeline()


@pytest.fixture
def editor(seeded: Seeded) -> Iterator[TestClient]:
    app = create_app(seeded.db_path)
    app.state.pipeline = Holder()
    with TestClient(app, follow_redirects=False) as client:
        yield sign_in(client, seeded.db_path, "Dana")


def fill(route: str, values: list[str]) -> str:
    parts, it = [], iter(values)
    for part in route.split("/"):
        parts.append(quote(next(it), safe="") if part.startswith("{") else part)
    return "/".join(parts)


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(route=st.sampled_from(ROUTES), values=st.lists(path_values, min_size=3, max_size=3),
       body=bodies, kind=st.sampled_from(["application/json", "text/plain", None]))  # fmt: skip
def test_malformed_requests_are_4xx_and_change_nothing(editor, seeded, route, values, body,
                                                       kind):  # fmt: skip
    method, template = route
    path = fill(template, values)
    before = dump(seeded.db_path)
    how, payload = body
    if how == "json":
        response = editor.request(method, path, content=json.dumps(payload),
                                  headers={"content-type": kind or "application/json"})  # fmt: skip
    elif how == "form":
        response = editor.request(method, path, data=payload)
    else:
        headers = {"content-type": kind} if kind else {}
        response = editor.request(method, path, content=payload, headers=headers)
    assert response.status_code < 500, (method, path, body, response.text[:300])
    if path.startswith("/api") and response.status_code >= 400:
        error = response.json()["error"]
        assert error["status"] == response.status_code and error["message"]
    if response.status_code >= 400:
        assert dump(seeded.db_path) == before, (method, path, body)


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(route=st.sampled_from(ROUTES), body=bodies,
       kind=st.sampled_from(["application/json", "application/x-www-form-urlencoded", None]))
def test_malformed_bodies_on_real_records_are_4xx_and_change_nothing(editor, seeded, route,
                                                                    body, kind):  # fmt: skip
    """The same, on paths that exist (real document, fact, person): the body is all
    that is wrong, so the routes' own parsing is what is tried."""
    method, template = route
    # By row, not by type and name: the fixture lives across examples, and an earlier
    # example's well-formed edit may have changed the arrest's type or participant.
    with sqlite3.connect(seeded.db_path) as conn:
        (arrest,) = conn.execute(
            "SELECT min(id) FROM events WHERE document_sha256 = ?", (seeded.kz,)
        ).fetchone()
    path = TABLE[route].path.format(kz=seeded.kz, arrest=arrest, ru=seeded.ru, missing="f" * 64)
    before = dump(seeded.db_path)
    how, payload = body
    if how == "form":
        response = editor.request(method, path, data=payload)
    else:
        content = json.dumps(payload) if how == "json" else payload
        headers = {"content-type": kind} if kind else {}
        response = editor.request(method, path, content=content, headers=headers)
    assert response.status_code < 500, (method, path, body, response.text[:300])
    if path.startswith("/api") and response.status_code >= 400:
        assert response.json()["error"]["status"] == response.status_code
    if response.status_code >= 400:
        assert dump(seeded.db_path) == before, (method, path, body)
