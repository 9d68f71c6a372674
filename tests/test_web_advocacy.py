"""Advocacy in the web app (web/advocacy_pages.py): the case page's consent form and its
API; the draft form and its download. Seeded with web_support's invented cases."""

from __future__ import annotations

from fastapi.testclient import TestClient

import web_support
from casefile.store.sqlite import SQLiteStore
from web_support import dump, sign_in

client, seeded = web_support.client, web_support.seeded  # fixtures


def _person(db, name: str) -> int:
    with SQLiteStore(db) as store:
        [found] = store.find_persons(name)
        return found.id


def test_consent_recorded_on_the_case_page_and_read_through_the_api(client, seeded):
    marat = _person(seeded.db_path, "Marat Zholdybayev")
    page = client.get(f"/cases/{marat}").text
    assert 'data-testid="consent-form"' in page
    assert "no consent recorded" in page
    done = client.post(f"/cases/{marat}/consent", follow_redirects=False,
                       data={"given": "1", "given_by": "family", "note": "asked by phone"})
    assert done.status_code == 303 and done.headers["location"] == f"/cases/{marat}#consent"
    page = client.get(f"/cases/{marat}").text
    assert "agreed, by the family" in page and "asked by phone" in page
    read = client.get(f"/api/persons/{marat}/consent").json()
    assert read["consent"]["given"] is True and read["consent"]["recorded_by"] == "Dana"
    changed = client.put(f"/api/persons/{marat}/consent",
                         json={"given": False, "given_by": "lawyer"})
    assert changed.status_code == 200
    assert client.get(f"/api/persons/{marat}/consent").json()["consent"]["given"] is False


def test_consent_bad_input_and_roles_change_nothing(client, seeded):
    marat = _person(seeded.db_path, "Marat Zholdybayev")
    before = dump(seeded.db_path)
    bad = client.post(f"/cases/{marat}/consent", data={"given": "yes", "given_by": "family"})
    assert bad.status_code == 400
    bad = client.post(f"/cases/{marat}/consent", data={"given": "1", "given_by": "cousin"})
    assert bad.status_code == 400
    assert client.put(f"/api/persons/{marat}/consent",
                      json={"given": True, "given_by": "cousin"}).status_code == 422
    sign_in(client, seeded.db_path, "Vera")  # a viewer: sees, may not record
    assert 'data-testid="consent-form"' not in client.get(f"/cases/{marat}").text
    refused = client.post(f"/cases/{marat}/consent", data={"given": "1", "given_by": "person"})
    assert refused.status_code == 403
    assert _records(seeded.db_path) == _records_of(before)


def _records(db) -> list[str]:
    return _records_of(dump(db))


def _records_of(rows: list[str]) -> list[str]:
    """The database's rows but the sessions (signing in as another user adds one)."""
    return [r for r in rows if not r.startswith('INSERT INTO "sessions"')]


def test_consent_page_in_russian(client: TestClient, seeded):
    marat = _person(seeded.db_path, "Marat Zholdybayev")
    client.cookies.set("casefile_language", "ru")
    page = client.get(f"/cases/{marat}").text
    assert "no consent recorded" not in page and "Record consent" not in page
    assert "согласие не записано" in page


def test_draft_form_preview_and_downloads(client, seeded):
    marat = _person(seeded.db_path, "Marat Zholdybayev")
    case = client.get(f"/cases/{marat}").text
    assert 'data-testid="draft-open"' in case
    page = client.get(f"/cases/{marat}/draft", params={"kind": "appeal", "unreviewed": "1",
                                                       "demand": ["release", "medical-care"]})
    assert page.status_code == 200
    assert "Marat Zholdybayev was arrested" in page.text  # the preview
    assert "adequate medical care" in page.text and "[unreviewed]" in page.text
    assert "demand=medical-care" in page.text  # the download links keep the choices
    md = client.get(f"/cases/{marat}/draft/file",
                    params={"format": "md", "kind": "urgent-action", "unreviewed": "1"})
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert "Zholdybayev" not in md.text and "pseudonym" in md.text  # no consent on record
    assert "Zholdybayev" not in md.headers["content-disposition"]
    docx = client.get(f"/cases/{marat}/draft/file", params={"format": "docx"})
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    bad = client.get(f"/cases/{marat}/draft/file", params={"format": "odt"})
    assert bad.status_code in (400, 422)
    bad = client.get(f"/cases/{marat}/draft", params={"demand": "free pizza"})
    assert bad.status_code == 400
    assert client.get("/cases/999999/draft").status_code == 404


def test_draft_respects_clearance(client, seeded):
    marat = _person(seeded.db_path, "Marat Zholdybayev")
    with SQLiteStore(seeded.db_path) as store:
        store.add_user("Pia", "viewer", "public", web_support.password_hash(), "test",
                       "2026-01-01T00:00:00+00:00")
    sign_in(client, seeded.db_path, "Pia")  # the seeded documents are confidential
    assert client.get(f"/cases/{marat}/draft").status_code == 404
    assert client.get(f"/cases/{marat}/draft/file").status_code == 404
