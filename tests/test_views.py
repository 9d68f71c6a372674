"""A record of who read a protected person's case or a confidential document (issue 9):
an audit entry per view (page, API, original download), none for other records or for a
refused request, readable by admins on /views and with `casefile user views`."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

import web_support
from casefile.store.sqlite import SQLiteStore
from casefile.web import create_app
from web_support import Seeded, password_hash, sign_in

seeded = web_support.seeded  # fixture
AT = "2026-01-01T00:00:00+00:00"


def person_id(seeded: Seeded, name: str) -> int:
    conn = sqlite3.connect(seeded.db_path)
    try:
        return int(conn.execute("SELECT id FROM persons WHERE name = ?", (name,)).fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def guarded(seeded: Seeded) -> Iterator[tuple[TestClient, int, int]]:
    """The KZ statement internal, the RU one confidential, Marat protected."""
    marat, anna = person_id(seeded, "Marat Zholdybayev"), person_id(seeded, "Anna Petrova")
    with SQLiteStore(seeded.db_path) as store:
        store.set_document_level(seeded.kz, 1, "test", AT)
        store.set_document_level(seeded.ru, 2, "test", AT)
        store.set_person_protected(marat, True, "test", AT)
        store.add_user("Pia", "viewer", "public", password_hash(), "test", AT)
        store.add_user("Ines", "admin", "internal", password_hash(), "test", AT)
    with TestClient(create_app(seeded.db_path), follow_redirects=False) as client:
        yield client, marat, anna


def views(seeded: Seeded) -> list[tuple[str, list[str], dict]]:
    with SQLiteStore(seeded.db_path) as store:
        return [(e.actor, json.loads(e.subjects), json.loads(e.after))
                for e in store.audit_entries() if e.action == "view"]  # fmt: skip


def test_each_read_of_a_protected_case_or_confidential_document_is_recorded(guarded, seeded):
    client, marat, anna = guarded
    sign_in(client, seeded.db_path, "Dana")
    for path in (f"/documents/{seeded.ru}", f"/api/documents/{seeded.ru}",
                 f"/documents/{seeded.ru}/original", f"/cases/{marat}", f"/api/cases/{marat}"):
        assert client.get(path).status_code == 200, path
    # Not protected, not confidential: no record.
    for path in (f"/documents/{seeded.kz}", f"/cases/{anna}", "/cases", "/api/cases"):
        assert client.get(path).status_code == 200, path
    ru, person = f"document:{seeded.ru}", f"person:{marat}"
    assert [(actor, subjects, after["via"]) for actor, subjects, after in views(seeded)] == [
        ("Dana", [ru], "page"), ("Dana", [ru], "api"), ("Dana", [ru], "original"),
        ("Dana", [person], "page"), ("Dana", [person], "api"),
    ]


def test_a_refused_or_missing_record_leaves_no_view(guarded, seeded):
    client, marat, _ = guarded
    sign_in(client, seeded.db_path, "Pia")  # public clearance
    assert client.get(f"/documents/{seeded.ru}").status_code == 404
    assert client.get(f"/api/documents/{seeded.ru}").status_code == 404
    assert client.get("/cases/999999").status_code == 404
    assert views(seeded) == []


def test_admins_read_the_views_on_a_page_and_in_the_cli(guarded, seeded, casefile_main):
    client, marat, _ = guarded
    sign_in(client, seeded.db_path, "Vera")
    client.get(f"/cases/{marat}")
    client.get(f"/documents/{seeded.ru}")
    assert client.get("/views").status_code == 403  # a viewer
    sign_in(client, seeded.db_path, "root")
    page = client.get("/views").text
    assert page.count('data-testid="view-row"') == 2
    assert f'data-actor="Vera" data-record="person:{marat}"' in page
    assert f'data-record="document:{seeded.ru}"' in page
    # An admin of internal clearance is not told that the confidential document exists.
    sign_in(client, seeded.db_path, "Ines")
    page = client.get("/views").text
    assert seeded.ru not in page and page.count('data-testid="view-row"') == 1
    listed = casefile_main("user", "views", db=seeded.db_path)
    assert listed.code == 0
    assert [line.split("\t")[1:4] for line in listed.out.splitlines()] == [
        ["Vera", f"person:{marat}", "page"], ["Vera", f"document:{seeded.ru}", "page"]]
    one = casefile_main("user", "views", "--record", f"person:{marat}", db=seeded.db_path)
    assert len(one.out.splitlines()) == 1
    bad = casefile_main("user", "views", "--record", "event:1", db=seeded.db_path)
    assert bad.code == 1 and "person:ID or document:SHA256" in bad.err
