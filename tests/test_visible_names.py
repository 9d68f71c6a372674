"""What a reader sees of an organisation's names and a person's country comes only from
documents they may see (issue 9's residual leaks): an organisation stored under the
name a confidential document gave it goes by a name a visible event spells; a person's
country is the one visible documents give, in the case, the case list, its country
filter and the list of countries offered, and follows a document's level when it
changes."""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from casefile.exchange.export import export
from casefile.services.access import Viewer, VisibleRecords
from casefile.services.cases import refresh_case_records
from casefile.store.sqlite import SQLiteStore
from casefile.web import create_app
from web_support import add_users, sign_in

AT = "2026-01-01T00:00:00+00:00"
SECRET_TEXT = ("The Ravenscar Guild was raided on 2 May 2025. "
               "Mila Dorn was detained in Belarus on 3 May 2025.")  # fmt: skip
OPEN_TEXT = "RG was fined on 5 May 2025. Mila Dorn was fined on 6 May 2025."


@dataclass
class World:
    db: Path
    secret: str  # the confidential document's sha256
    org: int
    person: int


@pytest.fixture
def world(db_path: Path, make_extraction) -> World:
    # The confidential document comes first: the stored name and country are its own.
    secret = (make_extraction(SECRET_TEXT, title="Debrief")
              .organisation("Ravenscar Guild", aliases=["RG"])
              .person("Mila Dorn", country="BY")
              .event("search", "Ravenscar Guild", "The Ravenscar Guild was raided on 2 May"
                     " 2025", "2025-05-02", participant_kind="organisation")
              .event("arrest", "Mila Dorn", "Mila Dorn was detained in Belarus on 3 May 2025",
                     "2025-05-03"))  # fmt: skip
    public = (make_extraction(OPEN_TEXT, title="Bulletin")
              .organisation("RG")
              .person("Mila Dorn", country="KZ")
              .event("fine", "RG", "RG was fined on 5 May 2025", "2025-05-05",
                     participant_kind="organisation")
              .event("fine", "Mila Dorn", "Mila Dorn was fined on 6 May 2025",
                     "2025-05-06"))  # fmt: skip
    with SQLiteStore(db_path) as store:
        for built, level in ((secret, 2), (public, 0)):
            store.save_extraction(built.build(), built.original, "test")
            store.set_document_level(built.document.sha256, level, "test", AT)
        add_users(store, {"root": ("admin", "confidential"), "Pia": ("viewer", "public")})
        refresh_case_records(store)
    conn = sqlite3.connect(db_path)
    try:
        [(org, name)] = conn.execute("SELECT id, name FROM organisations").fetchall()
        [(person, country)] = conn.execute("SELECT id, country FROM persons").fetchall()
    finally:
        conn.close()
    assert (name, country) == ("Ravenscar Guild", "BY")  # as the confidential text gave
    return World(db_path, secret.document.sha256, org, person)


@pytest.fixture
def clients(world: World) -> Iterator[dict[str, TestClient]]:
    app = create_app(world.db)
    with TestClient(app) as pia, TestClient(app) as root:
        yield {"Pia": sign_in(pia, world.db, "Pia"), "root": sign_in(root, world.db, "root")}


def test_an_organisation_named_by_a_hidden_document_goes_by_a_visible_name(world, clients):
    pia = clients["Pia"]
    record = pia.get(f"/api/organisations/{world.org}").json()
    assert (record["organisation"]["name"], record["organisation"]["aliases"]) == ("RG", [])
    assert [e["entity_name"] for e in record["events"] if "entity_name" in e] in ([], ["RG"])
    for url in (f"/organisations/{world.org}", "/organisations", "/api/organisations",
                f"/api/cases/{world.person}", f"/cases/{world.person}",
                f"/cases?organisation={world.org}", "/api/cases?organisation=RG"):
        answer = pia.get(url)
        assert answer.status_code == 200, url
        assert "Ravenscar" not in answer.text, url
    assert pia.get("/api/cases?organisation=RG").json()["total"] == 1
    hidden = pia.get("/api/cases?organisation=Ravenscar Guild")
    missing = pia.get("/api/cases?organisation=Zorblax Society")
    assert hidden.status_code == missing.status_code == 400
    assert (hidden.json()["error"]["message"].replace("Ravenscar Guild", "X")
            == missing.json()["error"]["message"].replace("Zorblax Society", "X"))  # fmt: skip
    # the admin of confidential clearance sees the stored name and the alias
    full = clients["root"].get(f"/api/organisations/{world.org}").json()["organisation"]
    assert (full["name"], full["aliases"]) == ("Ravenscar Guild", ["RG"])


def test_a_country_is_the_one_visible_documents_give(world, clients):
    pia, root = clients["Pia"], clients["root"]
    assert pia.get(f"/api/cases/{world.person}").json()["person"]["country"] == "KZ"
    assert root.get(f"/api/cases/{world.person}").json()["person"]["country"] == "BY"
    assert [c["country"] for c in pia.get("/api/cases").json()["items"]] == ["KZ"]
    assert [c["country"] for c in root.get("/api/cases").json()["items"]] == ["BY"]
    assert pia.get("/api/cases?country=BY").json()["total"] == 0
    assert pia.get("/api/cases?country=KZ").json()["total"] == 1
    assert root.get("/api/cases?country=BY").json()["total"] == 1
    page = pia.get("/cases").text
    assert 'value="KZ"' in page and 'value="BY"' not in page
    assert 'data-testid="case-country">KZ<' in pia.get(f"/cases/{world.person}").text


def test_a_country_follows_its_documents_level(world, clients):
    pia = clients["Pia"]
    with SQLiteStore(world.db) as store:
        store.set_document_level(world.secret, 0, "root", AT)
        refresh_case_records(store)
    # Both documents visible: the stored country, which a visible document now gives.
    assert pia.get(f"/api/cases/{world.person}").json()["person"]["country"] == "BY"
    assert pia.get("/api/cases?country=BY").json()["total"] == 1
    assert 'value="BY"' in pia.get("/cases").text


def test_an_export_below_confidential_holds_neither_the_hidden_name_nor_country(world):
    out = io.StringIO()
    with SQLiteStore(world.db) as store:
        records = VisibleRecords(store, Viewer("export", "public"))
        export(records, "json", out)  # type: ignore[arg-type]
    data = json.loads(out.getvalue())
    assert [(o["name"], o["aliases"]) for o in data["organisations"]] == [("RG", [])]
    assert [p["country"] for p in data["persons"]] == ["KZ"]
    assert "Ravenscar" not in out.getvalue()
