"""First run and documents one can correct (issue 11): the first admin's clearance, what
an empty list says, editing a document's details, withdrawing, restoring and deleting
it, what a re-upload says, titles from file names. Invented documents only."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import web_support
from casefile.services.audit import audit_log
from casefile.store.sqlite import SQLiteStore
from casefile.web import create_app
from web_support import Seeded, add_users, dump, sign_in

seeded = web_support.seeded  # fixture

YEARLESS = (
    "An invented statement.\n\n"
    "Police detained the journalist Arlen Tovas on 28 December, his lawyer said."
)


def _client(db: Path, user: str) -> TestClient:
    client = TestClient(create_app(db), follow_redirects=False)
    client.__enter__()
    return sign_in(client, db, user)


@pytest.fixture
def clients(seeded: Seeded) -> Iterator[dict[str, TestClient]]:
    with SQLiteStore(seeded.db_path) as store:
        add_users(store, {"Pim": ("viewer", "public")})
    made = {u: _client(seeded.db_path, u) for u in ("root", "Dana", "Vera", "Pim")}
    yield made
    for client in made.values():
        client.__exit__(None, None, None)


def _actions(db: Path, sha256: str) -> list[str]:
    with SQLiteStore(db) as store:
        return [e.action for e in audit_log(store, f"document:{sha256}")]


# -- first run -----------------------------------------------------------------------------


def test_the_first_admin_gets_confidential_clearance_and_is_told(casefile_script):
    first = casefile_script("user", "add", "ada", "--role", "admin", "--no-password")
    assert first.code == 0, first.err
    assert "ada\tadmin\tconfidential" in first.out
    assert "first admin, so has confidential clearance" in first.out
    second = casefile_script("user", "add", "bo", "--role", "admin", "--no-password")
    assert "bo\tadmin\tpublic" in second.out and "first admin" not in second.out
    asked = casefile_script("user", "add", "cy", "--role", "editor", "--no-password",
                            "--clearance", "internal")  # fmt: skip
    assert "cy\teditor\tinternal" in asked.out


def test_an_empty_list_says_what_is_not_shown_without_counting_it(clients, seeded, tmp_path):
    pim = clients["Pim"]  # public clearance; every seeded document is confidential
    dashboard = pim.get("/").text
    assert 'data-testid="signed-in-clearance"' in dashboard and "clearance: public" in dashboard
    assert 'data-testid="first-run"' in dashboard
    assert "Records above your clearance (public) are not shown." in dashboard
    for page in ("/documents", "/cases?q=Marat", "/review"):
        assert "Records above your clearance (public) are not shown." in pim.get(page).text
    # A database that holds nothing says exactly the same: no count, no hint.
    empty = tmp_path / "empty.db"
    with SQLiteStore(empty) as store:
        add_users(store, {"Pim": ("viewer", "public")})
    with TestClient(create_app(empty)) as other:
        sign_in(other, empty, "Pim")
        assert _first_run(other.get("/").text) == _first_run(dashboard)
    # Confidential clearance sees everything: no such note.
    assert "are not shown" not in clients["Vera"].get("/documents").text


def _first_run(page: str) -> str:
    start = page.index('data-testid="first-run"')
    return page[start:page.index("</section>", start)]


# -- editing --------------------------------------------------------------------------------


def test_an_editor_corrects_title_publisher_and_address_audited(clients, seeded):
    dana = clients["Dana"]
    sent = dana.post(f"/documents/{seeded.kz}/metadata", data={
        "title": "  Invented   report ", "publisher": "Invented Herald",
        "url": "https://herald.example/report"})  # fmt: skip
    assert sent.status_code == 303
    page = dana.get(f"/documents/{seeded.kz}").text
    assert "Invented report" in page and "Invented Herald" in page
    assert "document.metadata" in _actions(seeded.db_path, seeded.kz)
    before = dump(seeded.db_path)
    bad = dana.patch(f"/api/documents/{seeded.kz}",
                     json={"title": "Other", "url": "javascript:alert(1)"})  # fmt: skip
    assert bad.status_code == 400 and "url:" in bad.json()["error"]["message"]
    assert dump(seeded.db_path) == before  # nothing half-done
    done = dana.patch(f"/api/documents/{seeded.kz}", json={"publisher": ""})
    assert done.json()["changed"] == {"publisher": {"before": "Invented Herald", "after": None}}
    viewer = clients["Vera"].patch(f"/api/documents/{seeded.kz}", json={"title": "x"})
    assert viewer.status_code == 403


def test_cli_edits_re_extract_on_a_new_date_and_titles_are_file_names(
    casefile_main, tmp_path: Path, db_path: Path
):
    path = tmp_path / "inbox" / "statement.txt"
    path.parent.mkdir()
    path.write_text(YEARLESS, encoding="utf-8")
    first = casefile_main("ingest", str(path), "--published", "2022-01-05")
    assert first.code == 0, first.err
    with SQLiteStore(db_path) as store:
        (document,) = list(store.iter_documents())
        (event,) = [e for e in store.iter_events() if e.event.type == "arrest"]
    assert document.title == "statement.txt"  # not the path it had here
    assert event.event.date is not None and event.event.date.iso() == "2021-12-28"
    sha = document.sha256

    again = casefile_main("ingest", str(path))
    assert "already stored; re-extracted: no fact changed" in again.out

    done = casefile_main("document", "set", sha, "--published", "2023-01-05", "--title",
                         "Invented statement", "--by", "ana")  # fmt: skip
    assert done.code == 0, done.err
    assert "published: 2022-01-05 -> 2023-01-05" in done.out
    assert "re-extracted: 1 fact changed" in done.out
    with SQLiteStore(db_path) as store:
        (event,) = [e for e in store.iter_events() if e.event.type == "arrest"]
        assert store.get_document(sha).title == "Invented statement"  # type: ignore[union-attr]
    assert event.event.date.iso() == "2022-12-28"  # type: ignore[union-attr]

    # A withdrawn document is left as it is by ingest and reextract, and they say so.
    assert casefile_main("document", "withdraw", sha).code == 0
    for again in (casefile_main("ingest", str(path)), casefile_main("reextract")):
        assert f"withdrawn {sha[:12]}, left as it is" in again.out, again.err
    assert casefile_main("document", "restore", sha).code == 0

    nothing = casefile_main("document", "set", sha)
    assert nothing.code != 0 and "nothing to set" in nothing.err
    bad = casefile_main("document", "set", sha, "--language", "english")
    assert bad.code != 0 and "language:" in bad.err and "Traceback" not in bad.err


# -- withdrawing and restoring -------------------------------------------------------------------


def test_a_withdrawn_document_is_gone_for_everyone_but_admins_until_restored(clients, seeded):
    dana, vera, root = clients["Dana"], clients["Vera"], clients["root"]
    kz = seeded.kz
    assert dana.get(f"/documents/{kz}").status_code == 200
    cases_before = dana.get("/api/cases").json()
    marat = [c for c in cases_before["items"] if "Marat" in c["name"]]
    assert marat

    sent = dana.post(f"/documents/{kz}/withdraw", data={"reason": "wrong file"})  # fmt: skip
    assert (sent.status_code, sent.headers["location"]) == (303, "/documents")
    for client in (dana, vera):
        assert client.get(f"/documents/{kz}").status_code == 404
        assert client.get(f"/api/documents/{kz}").status_code == 404
        assert kz not in client.get("/api/documents").text
        found = client.get("/api/search?q=Zholdybayev").json()
        assert (found["documents"], found["events"]) == ([], [])
        assert all("Marat" not in c["name"] for c in client.get("/api/cases").json()["items"])
        assert client.get(f"/cases/{marat[0]['person_id']}").status_code == 404
    # an editor cannot change it, nor list the withdrawn ones
    assert dana.post(f"/documents/{kz}/withdraw", data={"reason": "x"}).status_code == 404
    assert dana.get("/documents/withdrawn").status_code == 403

    listed = root.get("/documents/withdrawn").text
    assert kz in listed and "wrong file" in listed
    page = root.get(f"/documents/{kz}").text
    assert 'data-testid="document-withdrawn"' in page and "Zholdybayev" in page
    assert root.get(f"/documents/{kz}/original").status_code == 404

    restored = root.post(f"/documents/{kz}/restore", data={"next": ""})
    assert restored.status_code == 303
    assert dana.get(f"/documents/{kz}").status_code == 200
    assert dana.get("/api/cases").json() == cases_before
    changes = [a for a in _actions(seeded.db_path, kz) if a.startswith("document.")]
    assert changes[-2:] == ["document.withdraw", "document.restore"]


def test_withdrawn_documents_stay_out_of_exports_and_verify_holds(
    seeded, casefile_script, tmp_path
):
    with SQLiteStore(seeded.db_path) as store:
        store.withdraw_document(seeded.kz, "ana", "test", "2026-01-01T00:00:00+00:00")
    out = tmp_path / "export.jsonl"
    done = casefile_script("export", "--format", "jsonl",
                           "--output", str(out))  # fmt: skip
    assert done.code == 0, done.err
    assert "Zholdybayev" not in out.read_text(encoding="utf-8")
    assert seeded.kz not in out.read_text(encoding="utf-8")
    assert casefile_script("verify").code == 0


# -- deleting --------------------------------------------------------------------------


def test_an_admin_deletes_and_reviewed_facts_go_only_when_confirmed(clients, seeded,
                                                                    casefile_script):  # fmt: skip
    root, dana = clients["root"], clients["Dana"]
    arrest = web_support.event_id(seeded.db_path, "arrest", "Marat")
    assert dana.post(f"/api/facts/event/{arrest}/accept", json={}).status_code == 200
    assert dana.post(f"/api/documents/{seeded.kz}/delete", json={}).status_code == 403
    refused = root.post(f"/api/documents/{seeded.kz}/delete", json={})
    assert refused.status_code == 400
    assert "1 facts analysts accepted" in refused.json()["error"]["message"]
    done = root.post(f"/api/documents/{seeded.kz}/delete", json={"with_reviewed": True})
    assert done.status_code == 200, done.text
    assert done.json()["deleted"]["reviewed"] == 1
    assert done.json()["deleted"]["persons"] >= 1  # Marat had no other source
    conn = sqlite3.connect(seeded.db_path)
    try:
        assert conn.execute("SELECT count(*) FROM events WHERE document_sha256 = ?",
                            (seeded.kz,)).fetchone() == (0,)  # fmt: skip
        assert conn.execute("SELECT count(*) FROM persons WHERE name LIKE 'Marat%'"
                            ).fetchone() == (0,)  # fmt: skip
    finally:
        conn.close()
    assert root.get(f"/documents/{seeded.kz}").status_code == 404
    assert dana.get(f"/documents/{seeded.ru}").status_code == 200  # the other one stays
    assert casefile_script("verify").code == 0
    gone = casefile_script("document", "delete", seeded.ru)
    assert gone.code == 0 and "deleted with" in gone.out, gone.err


def test_a_re_upload_through_the_form_says_what_changed(clients):
    dana = clients["Dana"]
    form = {"text": YEARLESS, "published": "2022-01-05", "access_level": "confidential"}
    first = dana.post("/documents", data=form)
    assert first.status_code == 303 and "reextracted" not in first.headers["location"]
    again = dana.post("/documents", data=form)
    assert again.headers["location"] == first.headers["location"] + "?reextracted=0.0.0"
    page = dana.get(again.headers["location"]).text
    assert "Already stored: extracted again (no fact changed)." in page
    assert dana.get(first.headers["location"] + "?reextracted=junk").status_code == 200
    api = dana.post("/api/documents", json={"text": YEARLESS, "published": "2022-01-05"})
    assert api.json()["new"] is False
    assert api.json()["changes"]["summary"] == "no fact changed"


def test_the_cli_tells_an_admin_a_document_is_withdrawn(casefile_script, seeded):
    assert casefile_script("document", "withdraw", seeded.kz, "--reason", "dup").code == 0
    listed = casefile_script("document", "withdrawn")
    assert seeded.kz in listed.out and "dup" in listed.out
    again = casefile_script("document", "set", seeded.kz, "--title", "x")
    assert again.code != 0 and "is withdrawn: restore it first" in again.err
    restored = casefile_script("document", "restore", seeded.kz)
    assert "restored at confidential" in restored.out
    assert casefile_script("document", "withdrawn").out.strip() == "no document is withdrawn"
