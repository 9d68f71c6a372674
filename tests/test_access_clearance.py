"""Confidentiality, walked over every read route: users of each clearance see exactly
the records at or below it, in pages, the API, search, counts and exports; protected
persons are pseudonyms to everyone without confidential clearance.

The Kazakh statement is public, the Russian one confidential, and the Kazakh statistic
is raised to internal on its own. Each record has words no other holds (markers); a
user's every response must hold no marker above their clearance.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import web_support
from casefile.store.sqlite import SQLiteStore
from casefile.web import create_app
from test_access_routes import TABLE, NoPipeline
from web_support import Seeded, add_users, sign_in

seeded = web_support.seeded  # fixture

CLEARANCE_USERS = {"Pia": ("viewer", "public"), "Ian": ("viewer", "internal"),
                   "Cora": ("viewer", "confidential")}  # fmt: skip
USER_OF = {"public": "Pia", "internal": "Ian", "confidential": "Cora"}
# Words only a record of that level holds.
MARKERS = {
    "public": ["Zholdybayev", "DCK"],
    # A fact raised above its document hides the fact, not the document's words: its
    # marker is what only the fact holds.
    "internal": ["persons convicted"],
    "confidential": ["Petrova", "FSB", "treason"],
}
LEVELS = ("public", "internal", "confidential")


def ids(db: Path, sql: str) -> list:
    conn = sqlite3.connect(db)
    try:
        return [row[0] for row in conn.execute(sql)]
    finally:
        conn.close()


@pytest.fixture
def classified(seeded: Seeded) -> Iterator[tuple[Seeded, TestClient]]:
    with SQLiteStore(seeded.db_path) as store:
        add_users(store, CLEARANCE_USERS)
        store.set_document_level(seeded.kz, 0, "test", "2026-01-01T00:00:00+00:00")
        store.set_document_level(seeded.ru, 2, "test", "2026-01-01T00:00:00+00:00")
        statistic = ids(seeded.db_path, "SELECT id FROM statistics")[0]
        store.set_fact_level("statistic", statistic, 1, "test", "2026-01-01T00:00:00+00:00")
    app = create_app(seeded.db_path)
    app.state.pipeline = NoPipeline()
    with TestClient(app, follow_redirects=False) as client:
        yield seeded, client


def read_paths(seeded: Seeded) -> list[str]:
    """Every GET route of the table, once per record id the database holds."""
    db = seeded.db_path
    values = {
        "{person_id}": [str(i) for i in ids(db, "SELECT id FROM persons")],
        "{sha256}": [seeded.kz, seeded.ru],
        "{organisation_id}": [str(i) for i in ids(db, "SELECT id FROM organisations")],
        "{kind}/{fact_id}": [f"event/{i}" for i in ids(db, "SELECT id FROM events")]
        + [f"statistic/{i}" for i in ids(db, "SELECT id FROM statistics")],
    }
    searches = ["Zholdybayev", "Petrova", "treason", "convicted", "arrested", "FSB", "DCK"]
    paths: list[str] = []
    for (method, route), rule in TABLE.items():
        if method != "GET" or rule.permission != "read":
            continue
        if route in ("/search", "/api/search"):
            paths += [f"{route}?q={q}" for q in searches]
        elif route in ("/cases", "/api/cases"):
            paths += [route, *(f"{route}?q={q}" for q in searches),
                      f"{route}?event_type=charge", f"{route}?status=released"]  # fmt: skip
        elif "{" not in route:
            paths.append(route)
        else:
            for placeholder, options in values.items():
                if placeholder in route:
                    paths += [route.replace(placeholder, v) for v in options]
    return paths


@pytest.mark.parametrize("clearance", LEVELS)
def test_every_read_route_shows_nothing_above_the_clearance(clearance, classified):
    seeded, client = classified
    sign_in(client, seeded.db_path, USER_OF[clearance])
    allowed = LEVELS[: LEVELS.index(clearance) + 1]
    hidden = [m for level in LEVELS if level not in allowed for m in MARKERS[level]]
    seen: dict[str, str] = {}
    for path in read_paths(seeded):
        response = client.get(path)
        assert response.status_code in (200, 301, 404), f"{path}: {response.status_code}"
        body = response.content.decode("utf-8", "replace")
        if "q=" in path:  # the user's own query, echoed in the search box, is theirs
            body = body.replace(path.split("q=")[1], "")
        for marker in hidden:
            assert marker not in body, f"{clearance} sees {marker!r} at {path}"
        seen[path] = body
    everything = "\n".join(seen.values())
    for level in allowed:  # and they do see what they may
        for marker in MARKERS[level]:
            assert marker in everything, f"{clearance} never sees {marker!r}"


@pytest.mark.parametrize(("clearance", "documents", "cases", "awaiting"),
                         [("public", 1, 1, 3), ("internal", 1, 1, 4),
                          ("confidential", 2, 2, 7)])  # fmt: skip
def test_counts_and_records_follow_the_clearance(
    clearance, documents, cases, awaiting, classified
):
    seeded, client = classified
    sign_in(client, seeded.db_path, USER_OF[clearance])
    board = client.get("/api/dashboard").json()
    assert (board["documents"], board["cases"], board["awaiting_review"]) == (
        documents, cases, awaiting)  # fmt: skip
    assert client.get("/api/documents").json()["total"] == documents
    assert client.get("/api/cases").json()["total"] == cases
    assert client.get("/api/review?size=50").json()["total"] == awaiting
    status = 200 if clearance == "confidential" else 404
    assert client.get(f"/api/documents/{seeded.ru}").status_code == status
    assert client.get(f"/documents/{seeded.ru}/original").status_code == status


def test_a_fact_above_the_clearance_cannot_be_decided_on_either(classified):
    seeded, client = classified
    with SQLiteStore(seeded.db_path) as store:
        add_users(store, {"Ed": ("editor", "public")})
    sign_in(client, seeded.db_path, "Ed")
    petrova_arrest = ids(seeded.db_path, "SELECT id FROM events WHERE participant_name"
                                         " LIKE '%Petrova%' AND type = 'arrest'")[0]  # fmt: skip
    before = web_support.dump(seeded.db_path)
    for method, path, body in [
        ("POST", f"/api/facts/event/{petrova_arrest}/accept", {}),
        ("PATCH", f"/api/facts/event/{petrova_arrest}", {"agent": "x"}),
        ("PUT", f"/api/facts/event/{petrova_arrest}/access", {"access": "public"}),
        ("PUT", f"/api/documents/{seeded.ru}/access", {"access": "public"}),
        ("POST", f"/api/documents/{seeded.ru}/facts",
         {"quote": "was charged", "type": "trial", "participant": "X"}),
    ]:
        response = client.request(method, path, json=body)
        assert response.status_code == 404, (path, response.text)
    assert web_support.dump(seeded.db_path) == before


def test_changing_a_document_level_is_audited_and_takes_its_facts(classified):
    seeded, client = classified
    sign_in(client, seeded.db_path, "Dana")  # editor, confidential
    changed = client.put(f"/api/documents/{seeded.ru}/access", json={"access": "public"})
    assert changed.status_code == 200
    sign_in(client, seeded.db_path, "Pia")
    assert "Petrova" in client.get("/cases").text
    assert client.get("/api/dashboard").json()["documents"] == 2
    with SQLiteStore(seeded.db_path) as store:
        [entry] = store.audit_entries(f"document:{seeded.ru}", limit=5)[-1:]
    assert (entry.action, entry.actor) == ("document.access", "Dana")
    assert (json.loads(entry.before), json.loads(entry.after)) == (
        {"access_level": 2}, {"access_level": 0})  # fmt: skip
    sign_in(client, seeded.db_path, "Dana")
    bad = client.put(f"/api/documents/{seeded.ru}/access", json={"access": "secret"})
    assert bad.status_code == 422


def test_a_protected_person_is_a_pseudonym_below_confidential_clearance(classified, tmp_path):
    seeded, client = classified
    marat = ids(seeded.db_path, "SELECT id FROM persons WHERE name = 'Marat Zholdybayev'")[0]
    sign_in(client, seeded.db_path, "Dana")
    assert client.put(f"/api/persons/{marat}/protected", json={"protected": True}).status_code \
        == 200  # fmt: skip
    assert "Marat Zholdybayev" in client.get(f"/cases/{marat}").text  # confidential: the name
    sign_in(client, seeded.db_path, "Ian")
    page = client.get(f"/cases/{marat}")
    [pseudonym] = set(re.findall(r"Person [0-9A-F]{6}", page.text))
    for path in (f"/cases/{marat}", "/cases", f"/documents/{seeded.kz}", "/review",
                 f"/api/cases/{marat}", f"/api/documents/{seeded.kz}", "/api/review?size=50",
                 "/", "/search?q=arrested"):  # fmt: skip
        body = client.get(path).text
        assert "Zholdybayev" not in body and "Marat" not in body, path
    assert pseudonym in client.get("/cases").text
    # Stable: the same pseudonym on every page, for every user without clearance.
    sign_in(client, seeded.db_path, "Pia")
    assert pseudonym in client.get(f"/cases/{marat}").text
    # A search by the real name finds nothing (a hit would tie the name to the pseudonym).
    assert client.get("/api/search?q=Zholdybayev").json()["events"] == []
    assert client.get("/api/cases?q=Zholdybayev").json()["total"] == 0
    # The original bytes cannot be pseudonymised: not found, as a missing document
    # (a 403 would tell that it names a protected person).
    assert client.get(f"/documents/{seeded.kz}/original").status_code == 404
    # Lifting the protection would reveal the name: not for an internal editor.
    with SQLiteStore(seeded.db_path) as store:
        add_users(store, {"Ines": ("editor", "internal")})
    sign_in(client, seeded.db_path, "Ines")
    lifted = client.put(f"/api/persons/{marat}/protected", json={"protected": False})
    assert lifted.status_code == 403 and "confidential clearance" in lifted.text
    assert "Zholdybayev" not in client.get(f"/cases/{marat}").text


def test_export_by_clearance_and_with_pseudonyms(classified, casefile_script):
    seeded, _ = classified
    marat = ids(seeded.db_path, "SELECT id FROM persons WHERE name = 'Marat Zholdybayev'")[0]
    with SQLiteStore(seeded.db_path) as store:
        store.set_person_protected(marat, True, "test", "2026-01-01T00:00:00+00:00")
    public = casefile_script("export", "--clearance", "public")
    assert public.code == 0, public.err
    data = json.loads(public.out)
    assert [d["sha256"] for d in data["documents"]] == [seeded.kz]
    assert "Petrova" not in public.out and "persons convicted" not in public.out
    assert "Zholdybayev" not in public.out and re.search(r"Person [0-9A-F]{6}", public.out)
    full = casefile_script("export")
    assert "Petrova" in full.out and "Zholdybayev" not in full.out  # still pseudonymised
    named = casefile_script("export", "--real-names")
    assert "Zholdybayev" in named.out
    refused = casefile_script("export", "--clearance", "public",
                              "--real-names")  # fmt: skip
    assert refused.code == 1 and "--real-names needs" in refused.err


def test_the_cli_sets_levels_and_protection_audited_and_refuses_bad_values(
    seeded, casefile_script, tmp_path
):
    db = seeded.db_path
    done = casefile_script("access", "document", seeded.ru, "internal", "--by", "ada")
    assert done.code == 0, done.err
    assert ids(db, f"SELECT level FROM document_levels WHERE sha256 = '{seeded.ru}'") == [1]
    assert set(ids(db, f"SELECT level FROM events WHERE document_sha256 = '{seeded.ru}'")) \
        == {1}  # fmt: skip
    statistic = ids(db, "SELECT id FROM statistics")[0]
    assert casefile_script("access", "fact", "statistic", str(statistic), "confidential").code == 0
    assert ids(db, f"SELECT level FROM statistics WHERE id = {statistic}") == [2]
    marat = ids(db, "SELECT id FROM persons WHERE name = 'Marat Zholdybayev'")[0]
    shown = casefile_script("access", "protect", str(marat), "--by", "ada")
    assert shown.code == 0 and re.search(r"shown as Person [0-9A-F]{6}", shown.out)
    actions = ids(db, "SELECT action FROM audit_log WHERE actor = 'ada' ORDER BY id")
    assert actions == ["document.access", "person.protect"]
    before = web_support.dump(db)
    for bad in (["access", "document", seeded.ru, "secret"],
                ["access", "document", "f" * 64, "public"],
                ["access", "protect", "99999"],
                ["ingest", str(tmp_path), "--access", "top-secret"]):  # fmt: skip
        refused = casefile_script(*bad)
        assert refused.code != 0 and "Traceback" not in refused.err, bad
        assert len(refused.err.strip().splitlines()) == 1, refused.err
    assert web_support.dump(db) == before
