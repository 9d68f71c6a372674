"""Possible facts in the web app and the API: listed likeliest first, answered through
forms without JavaScript (CSRF, safe redirects) and the API, each answer a reviewed
event; what a reader may not see they neither see nor answer, and protected persons are
pseudonyms there as everywhere (a real SQLite file, possible facts saved by hand)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from casefile.model import Event, PartialDate, Provenance
from casefile.store.sqlite import SQLiteStore
from casefile.web import create_app, possible_pages
from casefile.web.auth import CSRF_HEADER
from casefile.web.language import LANGUAGE_COOKIE
from test_i18n import NOT_ENGLISH, _english_left
from web_support import USERS, add_users, dump, event_id, sign_in

# Invented texts and names.
OPEN_TEXT = (
    "Teodor Vasko was detained in Lumen on 4 March 2021. "
    "A week later Teodor Vasko was questioned again. "
    "Mira Seld had her flat searched by the police. "
    "Gale Orrin was fined in May 2021 for a banner."
)
CLOSED_TEXT = "Pell Arnaut was charged with treason in Korvel."
MODEL = "model"
# name: (role, clearance), beside web_support's users (Dana: editor, confidential)
READERS = {"Ines": ("editor", "internal"), "Oleg": ("viewer", "internal")}
AT = "2026-01-01T00:00:00+00:00"


@dataclass
class World:
    db: Path
    open: str  # document sha256, internal
    closed: str  # confidential
    ids: dict[str, int]  # participant -> possible fact id


def _possible(builder: Any, type_: str, who: str, quote: str, probability: float,
              date: str | None = None) -> Event:  # fmt: skip
    return Event(type=type_, participant=who, evidence=builder.evidence(quote),
                 provenance=Provenance(MODEL, "3", probability),
                 date=PartialDate.parse(date) if date else None)  # fmt: skip


@pytest.fixture
def world(db_path: Path, make_extraction: Any) -> World:
    opened = (make_extraction(OPEN_TEXT, published="2021-06-01", title="Invented", language="en")
              .person("Teodor Vasko", country="KZ")
              .event("arrest", "Teodor Vasko", "was detained in Lumen on 4 March 2021",
                     "2021-03-04"))  # fmt: skip
    extraction = opened.build()
    extraction.possible_events = [
        _possible(opened, "search", "Mira Seld", "had her flat searched by the police", 0.31),
        _possible(opened, "fine", "Gale Orrin", "Gale Orrin was fined in May 2021", 0.47,
                  "2021-05"),
        _possible(opened, "investigation", "Teodor Vasko", "Teodor Vasko was questioned again",
                  0.39),
    ]  # fmt: skip
    closed = make_extraction(CLOSED_TEXT, title="Closed", language="en")
    closed_extraction = closed.build()
    closed_extraction.possible_events = [
        _possible(closed, "charge", "Pell Arnaut", "Pell Arnaut was charged with treason", 0.44)]
    with SQLiteStore(db_path) as store:
        store.save_extraction(extraction, opened.original)
        store.save_extraction(closed_extraction, closed.original)
        store.set_document_level(opened.document.sha256, 1, "test", AT)
        store.set_document_level(closed.document.sha256, 2, "test", AT)
        add_users(store, {**USERS, **READERS})
        _, items = store.possible_events()
    ids = {p.event.participant: p.id for p in items}
    return World(db_path, opened.document.sha256, closed.document.sha256, ids)


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    with TestClient(create_app(world.db), follow_redirects=False) as test_client:
        yield sign_in(test_client, world.db, "Dana")


def listed(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'data-testid="possible-item" data-possible="(\d+)"', page)]


def status_of(db: Path, type_: str, who: str) -> str:
    with SQLiteStore(db) as store:
        event = store.get_event(event_id(db, type_, who))
        assert event is not None
        return event.review_status


def test_the_page_lists_them_likeliest_first_as_the_review_page_shows_facts(client, world):
    ids = world.ids
    response = client.get("/review/possible")
    assert response.status_code == 200
    page = response.text
    assert listed(page) == [ids["Gale Orrin"], ids["Pell Arnaut"], ids["Teodor Vasko"],
                            ids["Mira Seld"]]  # fmt: skip
    assert re.findall(r'data-testid="possible-probability"[^>]*>([^<]+)<', page) == [
        "47%", "44%", "39%", "31%"]
    item = page[page.index(f'data-possible="{ids["Gale Orrin"]}"'):]
    item = item[: item.index("</li>")]
    assert ">fine<" in item and "Gale Orrin" in item and "May 2021" in item  # in words
    assert f'href="/documents/{world.open}"' in item
    assert "“Gale Orrin was fined in May 2021”" in item
    assert f'action="/review/possible/{ids["Gale Orrin"]}/accept"' in item
    assert f'action="/review/possible/{ids["Gale Orrin"]}/reject"' in item
    assert "undated" in page  # the search has no date
    assert "<code>casefile train --store</code>" in page
    # the review queue links to them, with their number
    queue = client.get("/review").text
    assert re.search(r'data-testid="possible-link">Possible facts \(4\)<', queue)
    # one document's only
    mine = client.get(f"/review/possible?document={world.open}").text
    assert listed(mine) == [ids["Gale Orrin"], ids["Teodor Vasko"], ids["Mira Seld"]]
    assert client.get("/review/possible?document=abc").status_code == 400


def test_accepting_makes_an_accepted_event_and_brings_the_analyst_back(client, world):
    gale = world.ids["Gale Orrin"]
    back = f"/review/possible?document={world.open}#possible-{world.ids['Teodor Vasko']}"
    response = client.post(f"/review/possible/{gale}/accept", data={"next": back})
    assert response.status_code == 303 and response.headers["location"] == back
    assert status_of(world.db, "fine", "Gale Orrin") == "accepted"
    assert gale not in listed(client.get("/review/possible").text)
    assert gale not in [p["id"] for p in client.get("/api/possible").json()["items"]]
    # answered once: not again
    assert client.post(f"/review/possible/{gale}/reject", data={"next": ""}).status_code == 404
    assert status_of(world.db, "fine", "Gale Orrin") == "accepted"


def test_rejecting_makes_a_rejected_event(client, world):
    mira = world.ids["Mira Seld"]
    response = client.post(f"/review/possible/{mira}/reject", data={"next": ""})
    assert response.status_code == 303 and response.headers["location"] == "/review/possible"
    assert status_of(world.db, "search", "Mira Seld") == "rejected"
    assert mira not in listed(client.get("/review/possible").text)


@pytest.mark.parametrize("next_", ["//evil.example/x", "https://evil.example", "\\\\evil"])
def test_the_way_back_is_never_another_site(client, world, next_):
    response = client.post(f"/review/possible/{world.ids['Mira Seld']}/reject",
                           data={"next": next_})  # fmt: skip
    assert response.status_code == 303 and response.headers["location"] == "/review/possible"


def test_pages_and_an_emptied_last_page_goes_back_one(client, world, monkeypatch):
    monkeypatch.setattr(possible_pages, "PAGE_SIZE", 3)
    first = client.get("/review/possible").text
    assert len(listed(first)) == 3 and 'data-testid="page-next"' in first
    assert listed(client.get("/review/possible?page=2").text) == [world.ids["Mira Seld"]]
    client.post(f"/review/possible/{world.ids['Mira Seld']}/accept",
                data={"next": "/review/possible?page=2"})  # fmt: skip
    emptied = client.get("/review/possible?page=2")
    assert emptied.status_code == 303 and emptied.headers["location"] == "/review/possible?page=1"


def test_a_reader_below_the_documents_level_neither_sees_nor_answers_it(client, world):
    arnaut = world.ids["Pell Arnaut"]
    sign_in(client, world.db, "Ines")  # an editor cleared for internal records
    page = client.get("/review/possible").text
    assert arnaut not in listed(page) and "Arnaut" not in page and len(listed(page)) == 3
    api = client.get("/api/possible").json()
    assert api["total"] == 3 and arnaut not in [p["id"] for p in api["items"]]
    assert "Possible facts (3)" in client.get("/review").text
    assert client.get(f"/review/possible?document={world.closed}").status_code == 404
    assert client.get(f"/api/possible?document={world.closed}").status_code == 404
    before = dump(world.db)
    refused = client.post(f"/review/possible/{arnaut}/accept", data={"next": ""})
    assert refused.status_code == 404 and "Arnaut" not in refused.text
    api_refused = client.post(f"/api/possible/{arnaut}/accept", json={})
    assert api_refused.status_code == 404
    # as an id that does not exist: nothing tells the one from the other
    missing = client.post("/api/possible/999999/accept", json={})
    assert api_refused.json() == {"error": {"status": 404, "message":
                                            f"no possible fact with id {arnaut}"}}
    assert missing.json()["error"] == {"status": 404, "message": "no possible fact with id 999999"}
    assert dump(world.db) == before


def test_a_reader_without_review_permission_is_refused_as_on_the_review_queue(client, world):
    vasko = world.ids["Teodor Vasko"]
    sign_in(client, world.db, "Oleg")  # a viewer: reads, does not decide
    page = client.get("/review/possible")
    assert page.status_code == 200 and len(listed(page.text)) == 3
    assert 'data-testid="possible-accept"' not in page.text  # no forms to offer
    before = dump(world.db)
    for refused in (client.post(f"/review/possible/{vasko}/accept", data={"next": ""}),
                    client.post(f"/api/possible/{vasko}/reject", json={})):  # fmt: skip
        assert refused.status_code == 403
    assert client.post(f"/facts/event/{event_id(world.db, 'arrest', 'Vasko')}/accept",
                       data={"next": ""}).status_code == 403  # as for the review queue's forms
    assert dump(world.db) == before
    sign_in(client, world.db, None)
    for path in ("/review/possible", "/review"):  # signed out: to the sign-in form
        gone = client.get(path)
        assert gone.status_code == 303 and gone.headers["location"].startswith("/login?next=")
    assert client.get("/api/possible").status_code == 401


def test_a_form_without_its_anti_forgery_token_is_refused(client, world):
    vasko = world.ids["Teodor Vasko"]
    page = client.get("/review/possible").text
    form = page[page.index(f'action="/review/possible/{vasko}/accept"'):]
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token is not None
    client.headers.pop(CSRF_HEADER)  # a browser sends the form's field alone
    before = dump(world.db)
    assert client.post(f"/review/possible/{vasko}/accept", data={"next": ""}).status_code == 403
    assert client.post(f"/review/possible/{vasko}/accept",
                       data={"next": "", "csrf_token": "forged"}).status_code == 403  # fmt: skip
    assert client.post(f"/api/possible/{vasko}/accept", json={}).status_code == 403
    assert dump(world.db) == before
    done = client.post(f"/review/possible/{vasko}/accept",
                       data={"next": "", "csrf_token": token.group(1)})  # fmt: skip
    assert done.status_code == 303
    assert status_of(world.db, "investigation", "Vasko") == "accepted"


def test_a_protected_persons_name_is_a_pseudonym_below_confidential_clearance(client, world):
    with SQLiteStore(world.db) as store:
        person = store.get_event(event_id(world.db, "arrest", "Vasko")).person_id  # type: ignore[union-attr]
        assert person is not None
        store.set_person_protected(person, True, "test", AT)
    assert "Teodor Vasko was questioned again" in client.get("/review/possible").text
    sign_in(client, world.db, "Ines")
    page = client.get("/review/possible").text
    api = client.get("/api/possible").text
    for body in (page, api):
        assert "Vasko" not in body and "Teodor" not in body
        assert re.search(r"Person [0-9A-F]{6}", body)
    assert "Gale Orrin" in page  # nobody else is masked


def test_the_api_lists_and_answers(client, world):
    ids = world.ids
    listing = client.get("/api/possible", params={"limit": 2})
    assert listing.status_code == 200
    body = listing.json()
    assert body["total"] == 4 and [p["id"] for p in body["items"]] == [ids["Gale Orrin"],
                                                                      ids["Pell Arnaut"]]
    gale = body["items"][0]
    assert set(gale) == {"id", "type", "participant", "date", "probability", "document",
                         "start", "end", "quote"}  # fmt: skip
    assert (gale["type"], gale["participant"], gale["date"], gale["probability"]) == (
        "fine", "Gale Orrin", "2021-05", 0.47)
    assert gale["document"] == world.open
    assert OPEN_TEXT[gale["start"]:gale["end"]] == gale["quote"] == \
        "Gale Orrin was fined in May 2021"  # fmt: skip
    rest = client.get("/api/possible", params={"offset": 2, "limit": 2}).json()
    assert [p["id"] for p in rest["items"]] == [ids["Teodor Vasko"], ids["Mira Seld"]]
    one = client.get("/api/possible", params={"document": world.closed}).json()
    assert [p["id"] for p in one["items"]] == [ids["Pell Arnaut"]]
    assert client.get("/api/possible", params={"document": "xyz"}).status_code == 400
    accepted = client.post(f"/api/possible/{ids['Gale Orrin']}/accept", json={})
    assert accepted.status_code == 200
    fact = accepted.json()
    assert (fact["kind"], fact["type"], fact["review_status"], fact["reviewed_by"]) == (
        "event", "fine", "accepted", "Dana")
    assert fact["provenance"]["confidence"] == 0.47
    assert client.get(f"/api/facts/event/{fact['id']}").json()["review_status"] == "accepted"
    rejected = client.post(f"/api/possible/{ids['Mira Seld']}/reject", json={}).json()
    assert rejected["review_status"] == "rejected"
    assert client.post(f"/api/possible/{ids['Pell Arnaut']}/reject").status_code == 415
    assert client.get("/api/possible").json()["total"] == 2


def test_the_page_in_russian_leaves_no_interface_english(client, world):
    client.cookies.set(LANGUAGE_COOKIE, "ru")
    allowed = NOT_ENGLISH | set(re.findall(r"[A-Za-z]+", OPEN_TEXT + CLOSED_TEXT)) | {
        "train", "store", "Dana"}
    for path in ("/review/possible", f"/review/possible?document={world.open}"):
        page = client.get(path).text
        assert "Возможные факты" in page and "47\xa0%" in page, path
        assert _english_left(page, allowed) == [], path
    queue = client.get("/review").text
    assert "Возможные факты (4)" in queue
    sign_in(client, world.db, "Ines")
    client.cookies.set(LANGUAGE_COOKIE, "ru")
    missing = client.post(f"/review/possible/{world.ids['Pell Arnaut']}/accept", data={"next": ""})
    assert missing.status_code == 404 and "нет возможного факта" in missing.text


def test_the_document_page_links_to_its_possible_facts_and_a_withdrawn_ones_to_none(
    client, world
):
    page = client.get(f"/documents/{world.open}").text
    link = re.search(r'data-testid="document-possible-link">([^<]+)<', page)
    assert link is not None and link.group(1) == "Possible facts (3)"
    assert f'href="/review/possible?document={world.open}"' in page
    with SQLiteStore(world.db) as store:
        store.withdraw_document(world.open, "root", "wrong file", AT)
    sign_in(client, world.db, "root")  # an admin still opens a withdrawn document
    withdrawn = client.get(f"/documents/{world.open}")
    assert withdrawn.status_code == 200
    assert "document-possible-link" not in withdrawn.text
    assert "Possible facts (1)" in client.get("/review").text  # the closed one's only


def test_the_review_queue_counts_possible_facts_no_further_than_its_cap(
    client, world, monkeypatch
):
    from casefile.services import possible_facts

    monkeypatch.setattr(possible_facts, "WAITING_CAP", 2)
    queue = client.get("/review").text
    assert re.search(r'data-testid="possible-link">Possible facts \(2 or more\)<', queue)
    assert client.get("/review/possible").text.count('data-testid="possible-item"') == 4
