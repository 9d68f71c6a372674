"""Regression tests for issue 9's read leaks: roles, aliases and merges gathered from a
confidential document, the organisation filter, the merge and download oracles, and the
state-changing routes tried with the ids of hidden records.

A public statement names Irina Volkova; a confidential note gives her a second role with
a secret quote, a spelling of her name (Irina Zentrixova, merged into her case), an
organisation (Quillmoor Circle) and a person known from it alone (Orvald Brisk). Every
canary below is a word only the confidential note holds.
"""

from __future__ import annotations

import ast
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from casefile.store.sqlite import SQLiteStore
from casefile.web import create_app
from test_access_routes import NoPipeline
from web_support import add_users, dump, sign_in

PUBLIC_TEXT = (
    "Irina Volkova, a journalist from Minsk, was detained on 3 April 2022. "
    "The Lantern Guild said she was charged on 5 April 2022."
    " The Lantern Guild was banned on 7 April 2022."
)
CONFIDENTIAL_TEXT = (
    "Irina Volkova, a religious believer who secretly advised the Quillmoor Circle, was"
    " questioned on 9 April 2022. Irina Zentrixova was searched on 10 April 2022."
    " Orvald Brisk was arrested on 11 April 2022. The Quillmoor Circle was banned."
)
CANARIES = ["religious", "secretly", "Quillmoor", "Zentrixova", "Brisk", "Orvald"]
AT = "2026-01-01T00:00:00+00:00"
USERS = {"Pia": ("viewer", "public"), "Ian": ("viewer", "internal"),
         "Cora": ("viewer", "confidential"), "Pedro": ("editor", "public")}  # fmt: skip


@dataclass
class World:
    db: Path
    public: str  # sha256
    confidential: str
    volkova: int
    zentrixova: int  # merged into volkova's case
    brisk: int  # known from the confidential note only
    quillmoor: int  # organisation known from the confidential note only
    lantern: int
    hidden_event: int
    merge: int


def _one(db: Path, sql: str, *params: object) -> int:
    conn = sqlite3.connect(db)
    try:
        row = conn.execute(sql, params).fetchone()
    finally:
        conn.close()
    assert row is not None, sql
    return int(row[0])


@pytest.fixture
def world(db_path: Path, make_extraction) -> World:
    public = (
        make_extraction(PUBLIC_TEXT, published="2022-04-06", title="Detained", language="en")
        .person("Irina Volkova", roles=["journalist"], country="BY")
        .organisation("Lantern Guild", kind="group")
        .event("arrest", "Irina Volkova", "was detained on 3 April 2022", "2022-04-03")
        .event("charge", "Irina Volkova", "she was charged on 5 April 2022", "2022-04-05",
               agent="Lantern Guild")
        .event("designation", "Lantern Guild", "The Lantern Guild was banned",
               participant_kind="organisation", label="extremist")  # fmt: skip
    )
    public.persons[0].evidence.append(public.evidence("Irina Volkova, a journalist"))
    secret = (
        make_extraction(CONFIDENTIAL_TEXT, published="2022-04-12", title="Note", language="en")
        .person("Irina Volkova", roles=["religious_believer"], country="BY")
        .person("Irina Zentrixova", country="BY")
        .person("Orvald Brisk", country="BY")
        .organisation("Quillmoor Circle", kind="group")
        .event("search", "Irina Volkova", "was questioned on 9 April 2022", "2022-04-09")
        .event("search", "Irina Zentrixova", "Irina Zentrixova was searched", "2022-04-10")
        .event("arrest", "Orvald Brisk", "Orvald Brisk was arrested", "2022-04-11")
        .event("designation", "Quillmoor Circle", "The Quillmoor Circle was banned",
               participant_kind="organisation", label="extremist")  # fmt: skip
    )
    secret.persons[0].evidence.append(secret.evidence(
        "Irina Volkova, a religious believer who secretly advised the Quillmoor Circle"))
    with SQLiteStore(db_path) as store:
        store.save_extraction(public.build(), public.original)
        store.save_extraction(secret.build(), secret.original)
        store.set_document_level(public.document.sha256, 0, "test", AT)
        store.set_document_level(secret.document.sha256, 2, "test", AT)
        add_users(store, USERS)
    volkova = _one(db_path, "SELECT id FROM persons WHERE name = 'Irina Volkova'")
    zentrixova = _one(db_path, "SELECT id FROM persons WHERE name = 'Irina Zentrixova'")
    with SQLiteStore(db_path) as store:
        merge = store.merge_persons(volkova, zentrixova, "test").id
    return World(
        db=db_path, public=public.document.sha256, confidential=secret.document.sha256,
        volkova=volkova, zentrixova=zentrixova,
        brisk=_one(db_path, "SELECT id FROM persons WHERE name = 'Orvald Brisk'"),
        quillmoor=_one(db_path, "SELECT id FROM organisations WHERE name = 'Quillmoor Circle'"),
        lantern=_one(db_path, "SELECT id FROM organisations WHERE name = 'Lantern Guild'"),
        hidden_event=_one(db_path, "SELECT id FROM events WHERE participant_name = ?",
                          "Orvald Brisk"),
        merge=merge,
    )  # fmt: skip


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    app = create_app(world.db)
    app.state.pipeline = NoPipeline()
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


MISSING = 987_654


_MESSAGE = re.compile(r'(data-testid="error-message"[^>]*>)(.*?)(</p>)', re.S)
_JSON_MESSAGE = re.compile(r'("message":")(.*?)(")')


def _same(a: str, b: str, *pairs: tuple[object, object]) -> None:
    """Two answers alike once each hidden id in the first's error message is written as
    the missing one's (an HTML page's anti-forgery token aside)."""
    a, b = (re.sub(r"[A-Za-z0-9_-]{32,}", "TOKEN", x) for x in (a, b))  # CSRF, sha256

    def swap(match: re.Match[str]) -> str:
        text = match.group(2)
        for hidden, missing in pairs:
            text = re.sub(rf"(?<!\w){re.escape(str(hidden))}(?!\w)", str(missing), text)
        return match.group(1) + text + match.group(3)

    a = _MESSAGE.sub(swap, a) if "<html" in a else _JSON_MESSAGE.sub(swap, a)
    assert a == b


def _no_canary(body: str, where: str) -> None:
    for canary in CANARIES:
        assert canary not in body, f"{canary!r} at {where}"


# -- finding 1: roles ---------------------------------------------------------------------


@pytest.mark.parametrize("who", ["Pia", "Ian"])
def test_a_role_from_a_hidden_document_shows_nowhere(world, client, who):
    sign_in(client, world.db, who)
    case = client.get(f"/api/cases/{world.volkova}")
    assert case.status_code == 200
    person = case.json()["person"]
    assert [r["role"] for r in person["roles"]] == ["journalist"]
    assert world.confidential not in case.text
    _no_canary(case.text, "/api/cases/{id}")
    listing = client.get("/api/cases").json()
    assert [c["roles"] for c in listing["items"]] == [["journalist"]]
    for path in ("/cases", f"/cases/{world.volkova}", "/api/cases", "/cases?q=Volkova",
                 "/api/cases?q=journalist", "/search?q=Volkova"):  # fmt: skip
        _no_canary(client.get(path).text, path)


def test_confidential_clearance_sees_every_role(world, client):
    sign_in(client, world.db, "Cora")
    roles = client.get(f"/api/cases/{world.volkova}").json()["person"]["roles"]
    assert sorted(r["role"] for r in roles) == ["journalist", "religious_believer"]
    assert any("secretly" in (r["evidence"] or {}).get("quote", "") for r in roles)


def test_a_role_quote_is_masked_for_a_protected_person(world, client):
    with SQLiteStore(world.db) as store:
        store.set_person_protected(world.volkova, True, "test", AT)
    sign_in(client, world.db, "Ian")
    case = client.get(f"/api/cases/{world.volkova}")
    assert case.status_code == 200
    assert "Volkova" not in case.text
    assert [r["role"] for r in case.json()["person"]["roles"]] == ["journalist"]


# -- finding 2: merges and aliases ------------------------------------------------------


@pytest.mark.parametrize("who", ["Pia", "Ian"])
def test_a_hidden_spelling_merged_into_a_visible_case_is_not_shown(world, client, who):
    sign_in(client, world.db, who)
    for path in (f"/cases/{world.volkova}", f"/api/cases/{world.volkova}",
                 f"/api/persons/{world.volkova}/merges"):  # fmt: skip
        response = client.get(path)
        assert response.status_code == 200, path
        _no_canary(response.text, path)
    assert client.get(f"/api/persons/{world.volkova}/merges").json()["items"] == []


@pytest.mark.parametrize("hidden", ["brisk", "zentrixova"])
def test_the_merges_of_a_hidden_person_answer_as_for_a_missing_one(world, client, hidden):
    sign_in(client, world.db, "Pia")
    person = getattr(world, hidden)
    answer = client.get(f"/api/persons/{person}/merges")
    missing = client.get(f"/api/persons/{MISSING}/merges")
    assert answer.status_code == missing.status_code == 404
    _same(answer.text, missing.text, (person, MISSING))
    page, missing_page = client.get(f"/cases/{person}"), client.get(f"/cases/{MISSING}")
    assert page.status_code == missing_page.status_code == 404  # not a redirect
    _same(page.text, missing_page.text, (person, MISSING))


def test_confidential_clearance_sees_the_merge(world, client):
    sign_in(client, world.db, "Cora")
    merges = client.get(f"/api/persons/{world.volkova}/merges").json()["items"]
    assert [m["merged"]["name"] for m in merges] == ["Irina Zentrixova"]
    assert "Irina Zentrixova" in client.get(f"/cases/{world.volkova}").text
    assert client.get(f"/cases/{world.zentrixova}").status_code == 301


def test_a_case_named_by_a_hidden_document_shows_a_visible_spelling(world, client):
    """The confidential spelling became the case's own name (the merge kept it): below
    confidential clearance the case and its events go by the spelling they may see."""
    with SQLiteStore(world.db) as store:
        store.split_merge(world.merge, "test")
        store.merge_persons(world.zentrixova, world.volkova, "test")
    sign_in(client, world.db, "Pia")
    arrest = _one(world.db, "SELECT id FROM events WHERE type = 'arrest'"
                  " AND participant_name = 'Irina Volkova'")  # fmt: skip
    for path in ("/", "/api/dashboard", "/cases", "/api/cases", f"/cases/{world.zentrixova}",
                 f"/api/cases/{world.zentrixova}", f"/api/persons/{world.zentrixova}/merges",
                 f"/documents/{world.public}", f"/api/documents/{world.public}", "/review",
                 "/api/review", f"/facts/event/{arrest}", f"/api/facts/event/{arrest}",
                 "/search?q=detained", "/api/search?q=detained",
                 f"/organisations/{world.lantern}", f"/api/organisations/{world.lantern}"):
        response = client.get(path)
        assert response.status_code == 200, path
        _no_canary(response.text, path)
    assert client.get(f"/api/cases/{world.zentrixova}").json()["person"]["name"] \
        == "Irina Volkova"  # fmt: skip
    assert client.get(f"/cases/{world.volkova}").status_code == 301  # a visible spelling
    sign_in(client, world.db, "Cora")
    assert "Irina Zentrixova" in client.get(f"/cases/{world.zentrixova}").text


@pytest.mark.parametrize("clearance", ["public", "internal"])
def test_an_export_below_confidential_holds_no_hidden_role_or_spelling(
    world, casefile_main, clearance
):
    with SQLiteStore(world.db) as store:  # the hidden spelling names the case itself
        store.split_merge(world.merge, "test")
        store.merge_persons(world.zentrixova, world.volkova, "test")
    for format in ("json", "jsonl", "csv"):
        result = casefile_main("export", "--format", format, "--clearance", clearance,
                               db=world.db)  # fmt: skip
        assert result.code == 0, result.err
        assert "Irina Volkova" in result.out
        _no_canary(result.out, f"export --format {format}")
        assert world.confidential not in result.out


# -- finding 4: the organisation filter ----------------------------------------------------


def test_a_hidden_organisation_filters_like_an_unknown_one(world, client):
    sign_in(client, world.db, "Pia")
    by_id = client.get(f"/cases?organisation={world.quillmoor}")
    unknown_id = client.get(f"/cases?organisation={MISSING}")
    assert by_id.status_code == unknown_id.status_code
    _no_canary(by_id.text, "/cases?organisation=ID")
    _same(by_id.text, unknown_id.text, (world.quillmoor, MISSING))
    api_id = client.get(f"/api/cases?organisation={world.quillmoor}")
    api_unknown_id = client.get(f"/api/cases?organisation={MISSING}")
    assert api_id.status_code == api_unknown_id.status_code
    _same(api_id.text, api_unknown_id.text, (world.quillmoor, MISSING))
    by_name = client.get("/api/cases?organisation=Quillmoor Circle")
    unknown_name = client.get("/api/cases?organisation=Zzyzx Circle")
    assert by_name.status_code == unknown_name.status_code
    _same(by_name.text, unknown_name.text, ("Quillmoor", "Zzyzx"))
    # a visible organisation still filters, by id and by name
    sign_in(client, world.db, "Pia")
    named = client.get(f"/cases?organisation={world.lantern}")
    assert named.status_code == 200 and "Lantern Guild" in named.text
    assert client.get("/api/cases?organisation=Lantern Guild").json()["total"] == 1


def test_confidential_clearance_filters_by_the_organisation(world, client):
    sign_in(client, world.db, "Cora")
    found = client.get(f"/api/cases?organisation={world.quillmoor}")
    assert found.status_code == 200
    assert found.json()["total"] >= 1


# -- finding 12: oracles ---------------------------------------------------------------------


def test_a_merge_naming_a_hidden_person_answers_as_for_a_missing_one(world, client):
    sign_in(client, world.db, "Pedro")
    before = dump(world.db)
    for kept, merged in [(world.volkova, world.zentrixova), (world.brisk, world.volkova),
                         (world.zentrixova, world.volkova)]:  # fmt: skip
        hidden = merged if merged != world.volkova else kept
        answer = client.post("/api/merges", json={"kept": kept, "merged": merged})
        missing = client.post("/api/merges", json={
            "kept": MISSING if kept == hidden else kept,
            "merged": MISSING if merged == hidden else merged})  # fmt: skip
        assert answer.status_code == missing.status_code == 404, answer.text
        _same(answer.text, missing.text, (hidden, MISSING))
        assert str(world.volkova) not in answer.json()["error"]["message"]
    assert dump(world.db) == before


def test_an_original_naming_a_protected_person_answers_as_a_missing_one(world, client):
    with SQLiteStore(world.db) as store:
        store.set_person_protected(world.volkova, True, "test", AT)
    sign_in(client, world.db, "Ian")
    answer = client.get(f"/documents/{world.public}/original")
    missing_sha = "0" * 64
    missing = client.get(f"/documents/{missing_sha}/original")
    assert answer.status_code == missing.status_code == 404
    _same(answer.text, missing.text, (world.public[:12], missing_sha[:12]))
    sign_in(client, world.db, "Cora")
    assert client.get(f"/documents/{world.public}/original").status_code == 200


# -- every state-changing route, with the id of a hidden record -------------------------------


def _writes(w: World, proposal: int) -> list[tuple[str, str, dict | None, dict | None, str]]:
    """(method, path template with {id}, JSON body, form body, hidden id) per route."""
    fact, doc = w.hidden_event, w.confidential
    return [
        ("POST", "/api/facts/event/{id}/accept", {}, None, str(fact)),
        ("POST", "/api/facts/event/{id}/reject", {}, None, str(fact)),
        ("PATCH", "/api/facts/event/{id}", {"agent": "x"}, None, str(fact)),
        ("PUT", "/api/facts/event/{id}/access", {"access": "public"}, None, str(fact)),
        ("POST", "/facts/event/{id}/accept", None, {"version": ""}, str(fact)),
        ("POST", "/facts/event/{id}", None, {"agent": "x"}, str(fact)),
        ("POST", "/facts/event/{id}/access", None, {"access_level": "public"}, str(fact)),
        ("PUT", "/api/documents/{id}/access", {"access": "public"}, None, doc),
        ("POST", "/documents/{id}/access", None, {"access_level": "public"}, doc),
        ("POST", "/api/documents/{id}/facts",
         {"quote": "was banned", "type": "trial", "participant": "X"}, None, doc),
        ("POST", "/documents/{id}/facts", None,
         {"quote": "was banned", "type": "trial", "participant": "X"}, doc),
        ("PUT", "/api/persons/{id}/protected", {"protected": True}, None, str(w.brisk)),
        ("POST", "/cases/{id}/protect", None, {"protected": "1"}, str(w.brisk)),
        ("PUT", "/api/persons/{id}/protected", {"protected": True}, None, str(w.zentrixova)),
        ("POST", "/api/merges/{id}/split", {}, None, str(w.merge)),
        ("POST", "/merges/{id}/split", None, {"next": ""}, str(w.merge)),
        ("POST", "/api/links/proposals/{id}/accept", {}, None, str(proposal)),
        ("POST", "/api/links/proposals/{id}/reject", {}, None, str(proposal)),
        ("POST", "/links/{id}/accept", None, {"next": ""}, str(proposal)),
    ]  # fmt: skip


def test_every_write_with_a_hidden_id_answers_as_for_a_missing_one(world, client):
    with SQLiteStore(world.db) as store:
        proposal = store.propose_link(world.volkova, world.brisk, 0.8)
    assert proposal is not None
    sign_in(client, world.db, "Pedro")
    before = dump(world.db)
    for method, template, json_body, form, hidden in _writes(world, proposal):
        missing = "f" * 64 if len(hidden) == 64 else str(MISSING)
        answers = []
        for target in (hidden, missing):
            path = template.format(id=target)
            if json_body is not None:
                answers.append(client.request(method, path, json=json_body))
            else:
                answers.append(client.request(method, path, data=form))
        answer, for_missing = answers
        assert answer.status_code == for_missing.status_code == 404, (template, answer.text)
        _same(answer.text, for_missing.text, (hidden, missing), (hidden[:12], missing[:12]))
    assert dump(world.db) == before


# -- one road: the access rules stand below the case and review rules ------------------------


def test_the_access_rules_import_no_case_or_review_rules():
    import casefile.services.access as access_module
    import casefile.services.visibility as visibility_module

    above = {"cases", "review", "classification", "linking", "search", "documents",
             "organisations", "stats"}  # fmt: skip
    for module in (access_module, visibility_module):
        assert module.__file__ is not None
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        imported: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
                imported.update(f"{node.module}.{a.name}" for a in node.names)
            elif isinstance(node, ast.Import):
                imported.update(a.name for a in node.names)
        wrong = {m for m in imported
                 if any(m == f"casefile.services.{name}" for name in above)}  # fmt: skip
        assert not wrong, f"{module.__name__} imports {sorted(wrong)}"


def test_web_routes_ask_no_store_directly():
    web = Path(__file__).parent.parent / "src" / "casefile" / "web"
    offenders = []
    for name in ("pages.py", "api.py", "link_pages.py", "access_pages.py", "review_pages.py",
                 "user_pages.py", "login_pages.py"):
        tree = ast.parse((web / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id == "store"):  # fmt: skip
                offenders.append(f"{name}:{node.lineno} store.{node.attr}")
    assert not offenders, offenders
