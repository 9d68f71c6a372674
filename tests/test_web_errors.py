"""Bad requests get a 4xx page (or, under /api, a JSON error), never a 500, and leave the
database exactly as it was."""

from __future__ import annotations

import pytest

import web_support
from casefile.sources import MAX_BYTES
from web_support import dump, event_id

client, seeded = web_support.client, web_support.seeded  # fixtures

ABSENT_SHA = "0" * 64


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/cases/999", 404),
        ("/cases/abc", 400),
        ("/cases/0", 400),
        ("/cases/99999999999999999999999", 400),  # past SQLite's 64-bit integers
        (f"/documents/{ABSENT_SHA}", 404),
        ("/documents/not-a-sha", 404),
        (f"/documents/{ABSENT_SHA}/original", 404),
        ("/organisations/999", 404),
        ("/facts/event/999", 404),
        ("/facts/opinion/1", 400),
        ("/cases?date_from=March", 400),
        ("/cases?date_from=2024-13", 400),
        ("/cases?date_from=--03-01", 400),
        ("/cases?date_from=2024&date_to=2023", 400),
        ("/cases?status=happy", 400),
        ("/cases?event_type=party", 400),
        ("/cases?country=Kazakhstan", 400),
        ("/cases?organisation=Nobody+Inc", 400),
        ("/cases?page=0", 400),
        ("/cases?page=abc", 400),
        ("/review?page=-1", 400),
        ("/no/such/page", 404),
    ],
)
def test_bad_page_requests_are_4xx_pages(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert f'data-status="{status}"' in response.text and "Traceback" not in response.text


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/cases/999", 404),
        ("/api/cases/abc", 422),
        ("/api/documents/" + ABSENT_SHA, 404),
        ("/api/organisations/999", 404),
        ("/api/facts/statistic/999", 404),
        ("/api/facts/opinion/1", 422),
        ("/api/cases?date_to=2024-02-30x", 400),
        ("/api/cases?size=1000", 422),
        ("/api/nothing", 404),
    ],
)
def test_bad_api_requests_are_json_errors(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["status"] == status and error["message"]


def bad_posts(seeded):
    arrest = event_id(seeded.db_path, "arrest", "Marat")
    fact = f"/facts/event/{arrest}"
    add = f"/documents/{seeded.kz}/facts"
    return [
        # (method, url, keyword arguments, expected status)
        ("post", f"{fact}/accept", {"data": {"version": "7"}}, 409),  # stale version
        ("post", f"{fact}/accept", {"data": {"version": "x"}}, 400),
        ("post", f"{fact}/accept", {"json": {"version": 1}}, 415),  # a form route
        ("post", f"{fact}/accept", {"content": b"version=1"}, 415),  # no content type
        ("post", f"{fact}/approve", {"data": {"version": "1"}}, 400),
        ("get", f"{fact}/accept", {}, 405),
        ("post", "/facts/event/999/reject", {"data": {"version": "1"}}, 404),
        ("post", fact, {"data": {"date": "30/11/2023"}}, 400),
        ("post", fact, {"data": {"type": "party"}}, 400),
        ("post", fact, {"data": {"participant": "  "}}, 400),
        ("post", fact, {"data": {"term": "for a while"}}, 400),
        ("post", fact, {"data": {"term_kind": "forever"}}, 400),
        ("post", "/facts/statistic/1", {"data": {"count": "-3"}}, 400),
        (
            "post",
            add,
            {"data": {"quote": "not in the text", "type": "arrest", "participant": "X"}},
            400,
        ),
        ("post", add, {"data": {"quote": "was", "type": "arrest", "participant": "X"}}, 400),
        (
            "post",
            add,
            {"data": {"start": "5", "end": "3", "type": "arrest", "participant": "X"}},
            400,
        ),
        (
            "post",
            add,
            {"data": {"start": "0", "end": "99999", "type": "arrest", "participant": "X"}},
            400,
        ),
        (
            "post",
            add,
            {
                "data": {
                    "start": "0",
                    "end": "5",
                    "quote": "other",
                    "type": "arrest",
                    "participant": "X",
                }
            },
            400,
        ),
        ("post", add, {"data": {"quote": "DCK was banned", "type": "arrest"}}, 400),
        (
            "post",
            add,
            {
                "data": {
                    "quote": "DCK was banned",
                    "type": "arrest",
                    "participant": "X",
                    "date": "yesterday",
                }
            },
            400,
        ),
        (
            "post",
            f"/documents/{ABSENT_SHA}/facts",
            {"data": {"quote": "x", "type": "arrest", "participant": "X"}},
            404,
        ),
        ("post", "/documents", {"data": {"text": "   "}}, 400),
        ("post", "/documents", {"data": {"text": "Some text.", "published": "soon"}}, 400),
        ("post", "/documents", {"data": {"text": "Some text.", "language": "english"}}, 400),
        ("post", "/documents", {"data": {"text": "Some text.", "url": "javascript:alert(1)"}}, 400),
        (
            "post",
            "/documents",
            {"files": {"file": ("tool.exe", b"MZ\x90\x00", "application/x-msdownload")}},
            415,
        ),
        ("post", "/documents", {"files": {"file": ("photo", b"GIF89a\x01", "image/gif")}}, 415),
        # a PNG is read by OCR: a damaged one is bad input
        ("post", "/documents", {"files": {"file": ("photo", b"\x89PNG\r\n", "image/png")}}, 400),
        ("post", "/documents", {"files": {"file": ("empty.txt", b"", "text/plain")}}, 400),
        (
            "post",
            "/documents",
            {"files": {"file": ("bad.pdf", b"%PDF-1.4 broken", "application/pdf")}},
            400,
        ),
        ("post", "/documents", {"json": {"text": "Some text."}}, 415),
        ("post", "/api/facts/event/999/accept", {"json": {}}, 404),
        (
            "post",
            f"/api{fact}/accept",
            {"content": b"{}", "headers": {"content-type": "text/plain"}},
            415,
        ),
        ("post", f"/api{fact}/accept", {"json": {"version": 2, "extra": 1}}, 422),
        ("patch", f"/api{fact}", {"json": {"date": "2023-02-30T00"}}, 400),
        ("patch", f"/api{fact}", {"json": {"count": 3}}, 400),  # not a field of events
        ("patch", "/api/facts/statistic/1", {"json": {"type": "arrest"}}, 400),
        ("patch", f"/api{fact}", {"json": {"charges": "not a list"}}, 422),
        (
            "post",
            f"/api/documents/{seeded.kz}/facts",
            {"json": {"type": "arrest", "participant": "X", "start": 10**20, "end": 10**21}},
            400,
        ),
        ("post", "/api/documents", {"json": {"title": "no text"}}, 422),
        ("post", "/api/documents", {"data": {"text": "form, not JSON"}}, 415),
        ("post", "/api/documents/upload", {"data": {"title": "no file"}}, 422),
    ]


def test_bad_writes_are_refused_and_change_nothing(client, seeded):
    before = dump(seeded.db_path)
    for method, url, kwargs, status in bad_posts(seeded):
        response = getattr(client, method)(url, **kwargs)
        assert response.status_code == status, (method, url, kwargs, response.text[:300])
        assert "Traceback" not in response.text
        if url.startswith("/api"):
            assert response.json()["error"]["status"] == status
        else:
            assert f'data-status="{status}"' in response.text
    assert dump(seeded.db_path) == before


def test_oversized_uploads_are_refused_before_they_are_read(client, seeded):
    before = dump(seeded.db_path)
    too_big = b"a" * (MAX_BYTES + 300 * 1024)
    page = client.post("/documents", files={"file": ("big.txt", too_big, "text/plain")})
    assert page.status_code == 413 and 'data-status="413"' in page.text
    api = client.post("/api/documents/upload", files={"file": ("big.txt", too_big, "text/plain")})
    assert api.status_code == 413 and api.json()["error"]["status"] == 413
    assert dump(seeded.db_path) == before


def test_a_file_just_over_the_source_limit_is_refused_too(client, seeded):
    before = dump(seeded.db_path)
    response = client.post("/documents", files={"file": ("big.txt", b"a" * (MAX_BYTES + 1))})
    assert response.status_code == 413
    assert dump(seeded.db_path) == before
