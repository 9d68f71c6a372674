"""Linking in the web app and the API: proposals decided in their own queue, merges
shown on the case page and undone there, a merged-away case redirecting to its case."""

from __future__ import annotations

import re

import web_support
from casefile.ingest import save
from casefile.store.sqlite import SQLiteStore
from web_support import sign_in

client, seeded = web_support.client, web_support.seeded  # fixtures


def add_doc(db_path, make_extraction, text: str, name: str, quote: str) -> None:
    extraction = (
        make_extraction(text, published="2024-01-10", language="ru")
        .person(name, country="KZ")
        .event("arrest", name, quote, "2024-01-05")
        .build()
    )
    with SQLiteStore(db_path) as store:
        save(store, extraction, text.encode())


def case_ids(client) -> list[int]:
    return [int(i) for i in re.findall(r'href="/cases/(\d+)"', client.get("/cases").text)]


def test_a_same_name_in_cyrillic_joins_the_case_and_the_merge_is_undone_on_the_page(
    client, seeded, make_extraction
):
    before = set(case_ids(client))
    add_doc(seeded.db_path, make_extraction, "Марата Жолдыбаева задержали 5 января.",
            "Марат Жолдыбаев", "Марата Жолдыбаева задержали")
    assert set(case_ids(client)) == before  # no new case: the name joined Zholdybayev's
    cases = client.get("/cases").text
    [kz_case] = re.findall(r'href="/cases/(\d+)"[^>]*>Marat Zholdybayev<', cases)
    page = client.get(f"/cases/{kz_case}").text
    assert "Марат Жолдыбаев" in page and 'data-testid="merge"' in page
    merge_id = re.search(r'data-merge="(\d+)"', page).group(1)
    sign_in(client, seeded.db_path, "Aigerim")
    response = client.post(f"/merges/{merge_id}/split", data={"next": ""})
    assert response.status_code == 200  # followed the redirect to the restored case
    assert "Марат Жолдыбаев" in response.text
    assert len(case_ids(client)) == len(before) + 1
    page = client.get(f"/cases/{kz_case}").text
    assert "undone by Aigerim" in page


def test_a_merged_away_case_redirects_to_the_case_it_joined(client, seeded, make_extraction):
    add_doc(seeded.db_path, make_extraction, "Марата Жолдыбаева задержали 5 января.",
            "Марат Жолдыбаев", "Марата Жолдыбаева задержали")
    merges = client.get("/api/persons/1/merges").json()["items"]
    merged = merges[0]["merged"]["id"]
    response = client.get(f"/cases/{merged}", follow_redirects=False)
    assert response.status_code == 301
    assert response.headers["location"] == f"/cases/{merges[0]['kept']['id']}"
    assert client.get("/cases/999999").status_code == 404


def test_an_unsure_link_waits_in_the_review_queue_and_an_analyst_accepts_it(
    client, seeded, make_extraction
):
    add_doc(seeded.db_path, make_extraction, "Жолдыбаева задержали 5 января.",
            "Жолдыбаев", "Жолдыбаева задержали")
    assert 'data-testid="links-queue-link"' in client.get("/review").text
    page = client.get("/review/links").text
    [proposal] = re.findall(r'data-testid="link-proposal" data-proposal="(\d+)"', page)
    before = len(case_ids(client))
    response = client.post(f"/links/{proposal}/accept", data={"next": ""})
    assert response.status_code == 200
    assert len(case_ids(client)) == before - 1
    assert 'data-testid="links-empty"' in client.get("/review/links").text
    again = client.post(f"/links/{proposal}/reject", data={"next": ""})
    assert again.status_code == 400


def test_the_api_lists_decides_merges_and_splits(client, seeded, make_extraction):
    add_doc(seeded.db_path, make_extraction, "Жолдыбаева задержали 5 января.",
            "Жолдыбаев", "Жолдыбаева задержали")
    [proposal] = client.get("/api/links/proposals").json()["items"]
    assert 0.5 <= proposal["score"] < 0.85
    decided = client.post(f"/api/links/proposals/{proposal['id']}/reject", json={})
    assert decided.json() == {"proposal": proposal["id"], "accepted": False, "merge": None}
    ids = [p["id"] for p in proposal["persons"]]
    merged = client.post("/api/merges", json={"kept": ids[0], "merged": ids[1]})
    assert merged.status_code == 201 and merged.json()["score"] is None
    split = client.post(f"/api/merges/{merged.json()['id']}/split", json={})
    assert split.json()["undone_at"] is not None
    assert client.post("/api/merges", json={"kept": ids[0], "merged": 999}).status_code == 404
    assert client.post("/api/merges", data={"kept": "1"}).status_code == 415
    assert client.post("/api/links/proposals/999/accept", json={}).status_code == 404


def test_a_merged_away_id_redirects_only_those_who_may_see_the_case(
    client, seeded, make_extraction
):
    add_doc(seeded.db_path, make_extraction, "Марата Жолдыбаева задержали 5 января.",
            "Марат Жолдыбаев", "Марата Жолдыбаева задержали")
    merged = client.get("/api/persons/1/merges").json()["items"][0]["merged"]["id"]
    with SQLiteStore(seeded.db_path) as store:
        web_support.add_users(store, {"Pia": ("viewer", "public")})
    web_support.sign_in(client, seeded.db_path, "Pia")  # documents are confidential
    assert client.get(f"/cases/{merged}", follow_redirects=False).status_code == 404


def test_the_link_queue_shows_both_persons_evidence_and_why_they_scored_so(
    client, seeded, make_extraction
):
    add_doc(seeded.db_path, make_extraction, "Жолдыбаева задержали 5 января.",
            "Жолдыбаев", "Жолдыбаева задержали")
    page = client.get("/review/links").text
    assert web_support.count_testid(page, "link-side") == 2
    # both sides: the stored case's quote and title, and the new document's quote
    assert "was arrested on 2 March 2023" in page and "Statement on Zholdybayev" in page
    assert "Жолдыбаева задержали" in page
    reasons = web_support.visible_text(page)
    assert "the same name in another spelling, script or grammatical case" in reasons
    assert "is a single word: one name alone is never enough to merge" in reasons
    assert "same country: Kazakhstan" in reasons
    assert 'data-testid="link-accept"' in page


def test_the_link_queue_is_sorted_by_score_and_shows_nothing_hidden(
    client, seeded, make_extraction
):
    add_doc(seeded.db_path, make_extraction, "Жолдыбаева задержали 5 января.",
            "Жолдыбаев", "Жолдыбаева задержали")
    add_doc(seeded.db_path, make_extraction, "Петрову задержали 3 мая.",
            "Петрова", "Петрову задержали")
    page = client.get("/review/links").text
    scores = [float(s) for s in re.findall(r'data-testid="link-score">score ([\d.]+)', page)]
    assert len(scores) >= 2 and scores == sorted(scores, reverse=True)
    with SQLiteStore(seeded.db_path) as store:
        web_support.add_users(store, {"Pia": ("viewer", "public")})
    sign_in(client, seeded.db_path, "Pia")  # the documents are confidential
    hidden = client.get("/review/links").text
    assert 'data-testid="links-empty"' in hidden and "Жолдыбаев" not in hidden
