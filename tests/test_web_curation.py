"""Case curation through the web app (web/curation_pages.py): the case page's verdicts,
the move form with its name search, the list with undo, bad input and clearance."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

import web_support
from casefile.store.sqlite import SQLiteStore
from web_support import add_users, dump, event_id, sign_in

client, seeded = web_support.client, web_support.seeded  # fixtures


def _person(db, name: str) -> int:
    with SQLiteStore(db) as store:
        [found] = store.find_persons(name)
        return found.id


def test_a_case_marked_not_a_person_leaves_the_list_and_comes_back_on_undo(client, seeded):
    petrova = _person(seeded.db_path, "Anna Petrova")
    page = client.get(f"/cases/{petrova}").text
    assert 'data-testid="mark-not-person"' in page
    done = client.post(f"/cases/{petrova}/curate", data={"verdict": "not_person"},
                       follow_redirects=False)  # fmt: skip
    assert done.status_code == 303
    anchor = done.headers["location"]
    assert re.fullmatch(r"/curation#curation-\d+", anchor)
    assert "Anna Petrova" not in client.get("/cases").text
    listed = client.get("/curation").text
    assert 'data-testid="curation-verdict">not a person' in listed
    assert "3 events rejected" in listed
    # the case page (confidential clearance still shows it) says so, with its undo
    assert 'data-testid="case-verdict"' in client.get(f"/cases/{petrova}").text
    curation_id = anchor.rsplit("-", 1)[1]
    undone = client.post(f"/curation/{curation_id}/undo", data={"next": ""}, follow_redirects=False)
    assert undone.status_code == 303
    assert "Anna Petrova" in client.get("/cases").text
    assert 'data-testid="curation-undone"' in client.get("/curation").text


def test_an_event_is_moved_to_a_case_found_by_name(client, seeded):
    arrest = event_id(seeded.db_path, "arrest", "Petrova")
    marat = _person(seeded.db_path, "Marat Zholdybayev")
    form = client.get(f"/facts/event/{arrest}/move", params={"q": "Zholdybayev"}).text
    assert f'data-person="{marat}"' in form
    petrova = _person(seeded.db_path, "Anna Petrova")
    assert f'data-person="{petrova}"' not in form  # the event's own case is no target
    moved = client.post(f"/facts/event/{arrest}/move", data={"target": str(marat)},
                        follow_redirects=False)  # fmt: skip
    assert moved.status_code == 303
    listed = client.get("/curation").text
    assert 'data-testid="curation-quote">was detained by the FSB on 5 May 2024' in listed
    case = client.get(f"/cases/{marat}").text
    assert "was detained by the FSB on 5 May 2024" in case
    assert "was detained by the FSB" not in client.get(f"/cases/{petrova}").text


def test_bad_curation_input_is_a_clear_4xx_and_changes_nothing(client, seeded):
    petrova = _person(seeded.db_path, "Anna Petrova")
    arrest = event_id(seeded.db_path, "arrest", "Petrova")
    before = dump(seeded.db_path)
    bad = client.post(f"/cases/{petrova}/curate", data={"verdict": "not_a_clue"})
    assert bad.status_code == 400 and "verdict" in bad.text
    assert client.post(f"/facts/event/{arrest}/move", data={"target": "abc"}).status_code == 400
    assert client.post(f"/facts/event/{arrest}/move", data={"target": "999999"}).status_code == 404
    assert client.get("/facts/statistic/1/move").status_code == 404
    assert client.post("/curation/999/undo", data={"next": ""}).status_code == 404
    assert dump(seeded.db_path) == before


def test_a_reader_below_the_documents_level_can_neither_curate_nor_see_curations(
    client, seeded
):
    petrova = _person(seeded.db_path, "Anna Petrova")
    done = client.post(f"/cases/{petrova}/curate", data={"verdict": "not_victim"},
                       follow_redirects=False)  # fmt: skip
    curation_id = done.headers["location"].rsplit("-", 1)[1]
    with SQLiteStore(seeded.db_path) as store:
        add_users(store, {"Pim": ("editor", "public")})
    public = sign_in(client, seeded.db_path, "Pim")
    before = dump(seeded.db_path)
    marat = _person(seeded.db_path, "Marat Zholdybayev")
    assert public.post(f"/cases/{marat}/curate", data={"verdict": "not_person"}).status_code == 404
    assert public.post(f"/curation/{curation_id}/undo", data={"next": ""}).status_code == 404
    assert "Petrova" not in public.get("/curation").text
    assert dump(seeded.db_path) == before


def test_a_viewer_may_read_the_list_but_not_curate(client: TestClient, seeded):
    viewer = sign_in(client, seeded.db_path, "Vera")
    assert viewer.get("/curation").status_code == 200
    petrova = _person(seeded.db_path, "Anna Petrova")
    assert 'data-testid="mark-not-person"' not in viewer.get(f"/cases/{petrova}").text
    refused = viewer.post(f"/cases/{petrova}/curate", data={"verdict": "not_person"})
    assert refused.status_code == 403


def test_the_api_marks_moves_lists_and_undoes(client, seeded):
    petrova = _person(seeded.db_path, "Anna Petrova")
    marat = _person(seeded.db_path, "Marat Zholdybayev")
    marked = client.post(f"/api/persons/{petrova}/verdict", json={"verdict": "not_victim"})
    assert marked.status_code == 201
    body = marked.json()
    assert (body["action"], body["person"]["name"], len(body["events"])) == (
        "not_victim", "Anna Petrova", 3)
    undone = client.post(f"/api/curations/{body['id']}/undo", json={})
    assert undone.json()["undone_by"] == "Dana"
    arrest = event_id(seeded.db_path, "arrest", "Petrova")
    moved = client.post(f"/api/facts/event/{arrest}/move", json={"target": marat})
    assert moved.status_code == 201 and moved.json()["target"]["id"] == marat
    assert [c["action"] for c in client.get("/api/curations").json()["items"]] == [
        "move", "not_victim"]
    stale = client.post(f"/api/facts/event/{arrest}/move", json={"target": petrova, "version": 1})
    assert stale.status_code == 409
    assert client.post("/api/facts/statistic/1/move", json={"target": marat}).status_code == 404


def test_the_api_link_queue_gives_both_sides_and_the_reasons(client, seeded):
    from conftest import ExtractionBuilder
    from test_web_links import add_doc

    add_doc(seeded.db_path, ExtractionBuilder, "Жолдыбаева задержали 5 января.",
            "Жолдыбаев", "Жолдыбаева задержали")
    [item] = client.get("/api/links/queue").json()["items"]
    assert [len(side["events"]) for side in item["sides"]] == [2, 1]
    assert any("single word" in reason for reason in item["reasons"])
