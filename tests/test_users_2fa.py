"""The admin Users page shows who has enrolled a second factor and sets which roles must
(the same service as `casefile user require-2fa`), with the anti-forgery token and the
manage_users permission like the page's other forms, audited; and the add-document form
says that a stored document keeps its level."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

import web_support
from casefile.services import twofactor
from casefile.store.sqlite import SQLiteStore
from casefile.web import create_app
from casefile.web.auth import CSRF_HEADER
from web_support import Seeded, dump, sign_in, visible_text

seeded = web_support.seeded  # fixture


@pytest.fixture
def admin(seeded: Seeded) -> Iterator[TestClient]:
    with TestClient(create_app(seeded.db_path), follow_redirects=False) as client:
        yield sign_in(client, seeded.db_path, "root")


def _row(page: str, marker: str) -> str:
    start = page.index(marker)
    return visible_text(page[start:page.index("</tr>", start)])


def test_the_users_page_shows_who_has_enrolled_a_second_factor(admin, seeded):
    with SQLiteStore(seeded.db_path) as store:
        twofactor.enrol(store, "Bek", "root")
        twofactor.require(store, "viewer", True, "root")
    page = admin.get("/users").text
    assert "not enrolled" not in _row(page, 'data-user="Bek"')
    assert "enrolled" in _row(page, 'data-user="Bek"')
    assert "not enrolled (required" in _row(page, 'data-user="Vera"')
    dana = _row(page, 'data-user="Dana"')
    assert "not enrolled" in dana and "required" not in dana
    assert "required" in _row(page, 'data-role="viewer"')
    assert "optional" in _row(page, 'data-role="editor"')


def test_an_admin_requires_a_second_factor_of_a_role_on_the_users_page(admin, seeded):
    response = admin.post("/roles/2fa", data={"role": "editor", "required": "1"})
    assert response.status_code == 303 and response.headers["location"] == "/users"
    with SQLiteStore(seeded.db_path) as store:
        assert twofactor.required_roles(store) == ["editor"]
        [entry] = [e for e in store.audit_entries(None, 10) if e.action == "role.require_2fa"]
    assert entry.actor == "root" and json.loads(entry.after) == {"require_2fa": True}
    assert "No longer require" in _row(admin.get("/users").text, 'data-role="editor"')
    admin.post("/roles/2fa", data={"role": "editor", "required": ""})
    with SQLiteStore(seeded.db_path) as store:
        assert twofactor.required_roles(store) == []


@pytest.mark.parametrize("form", [{"role": "owner", "required": "1"},
                                  {"role": "editor", "required": "yes"}])  # fmt: skip
def test_a_bad_requirement_is_refused_and_changes_nothing(admin, seeded, form):
    before = dump(seeded.db_path)
    assert admin.post("/roles/2fa", data=form).status_code == 400
    assert dump(seeded.db_path) == before


def test_the_requirement_needs_the_anti_forgery_token_and_an_admin(admin, seeded):
    token = admin.headers.pop(CSRF_HEADER)
    assert admin.post("/roles/2fa", data={"role": "viewer", "required": "1"}).status_code == 403
    admin.headers[CSRF_HEADER] = token
    sign_in(admin, seeded.db_path, "Dana")  # an editor
    assert admin.post("/roles/2fa", data={"role": "viewer", "required": "1"}).status_code == 403
    with SQLiteStore(seeded.db_path) as store:
        assert twofactor.required_roles(store) == []
        assert [e for e in store.audit_entries(None, 100) if e.action == "role.require_2fa"] == []


def test_the_add_document_form_says_a_stored_document_keeps_its_level(admin):
    hint = visible_text(admin.get("/documents/new").text)
    assert "A document already stored keeps its level" in hint
    assert "changed on the document's page" in hint
