"""The JSON API over the same services as the pages: every route, in process."""

from __future__ import annotations

import web_support
from web_support import event_id, sign_in

client, seeded = web_support.client, web_support.seeded  # fixtures


def test_openapi_schema_lists_every_api_route(client):
    schema = client.get("/api/openapi.json").json()
    paths = set(schema["paths"])
    assert {
        "/api/dashboard",
        "/api/cases",
        "/api/cases/{person_id}",
        "/api/search",
        "/api/documents",
        "/api/documents/upload",
        "/api/documents/{sha256}",
        "/api/documents/{sha256}/facts",
        "/api/organisations",
        "/api/organisations/{organisation_id}",
        "/api/review",
        "/api/facts/{kind}/{fact_id}",
        "/api/facts/{kind}/{fact_id}/accept",
        "/api/facts/{kind}/{fact_id}/reject",
    } <= paths
    assert "patch" in schema["paths"]["/api/facts/{kind}/{fact_id}"]
    assert all(p.startswith("/api/") for p in paths)  # pages are not part of the API


def test_dashboard(client):
    board = client.get("/api/dashboard").json()
    assert (board["cases"], board["in_custody"], board["documents"]) == (2, 1, 2)
    assert board["awaiting_review"] == 7
    assert board["by_status"] == {"imprisoned": 1, "released": 1}
    assert board["latest_events"][0]["type"] == "release"
    counts = board["events_per_month"]["counts"]
    assert {"month": "2023-03", "type": "arrest", "count": 1} in counts
    assert board["events_per_month"]["months"][-1] == "2024-06"


def test_cases_with_filters_and_paging(client):
    everyone = client.get("/api/cases").json()
    assert everyone["total"] == 2 and [c["name"] for c in everyone["items"]] == [
        "Anna Petrova",
        "Marat Zholdybayev",
    ]
    assert everyone["items"][1]["status"] == "imprisoned"
    page = client.get("/api/cases?size=1&page=2").json()
    assert (page["pages"], [c["name"] for c in page["items"]]) == (2, ["Marat Zholdybayev"])
    found = client.get("/api/cases?q=treason&country=RU&date_from=2024-05&event_type=charge")
    assert [c["name"] for c in found.json()["items"]] == ["Anna Petrova"]


def test_case(client):
    cases = client.get("/api/cases?country=KZ").json()["items"]
    case = client.get(f"/api/cases/{cases[0]['person_id']}").json()
    assert case["person"]["name"] == "Marat Zholdybayev" and case["status"] == "imprisoned"
    assert [e["type"] for e in case["events"]] == ["arrest", "sentence"]
    assert case["events"][1]["evidence"]["quote"] == "was sentenced to seven years in prison"
    assert [o["name"] for o in case["organisations"]] == ["DCK"]


def test_search(client, seeded):
    found = client.get("/api/search?q=FSB").json()
    assert [d["sha256"] for d in found["documents"]] == [seeded.ru]
    assert "[[FSB]]" in found["documents"][0]["snippet"]
    assert [e["type"] for e in found["events"]] == ["arrest"]


def test_documents_list_and_one_document(client, seeded):
    listing = client.get("/api/documents").json()
    assert listing["total"] == 2 and {d["sha256"] for d in listing["items"]} == {
        seeded.kz,
        seeded.ru,
    }
    one = client.get(f"/api/documents/{seeded.kz}").json()
    assert one["document"]["title"] == "Statement on Zholdybayev"
    assert len(one["events"]) == 3 and len(one["statistics"]) == 1
    text = one["document"]["text"]
    for fact in one["events"] + one["statistics"]:
        ev = fact["evidence"]
        assert text[ev["start"] : ev["end"]] == ev["quote"]


def test_organisations(client):
    listing = client.get("/api/organisations").json()
    assert [(o["name"], o["events"]) for o in listing["items"]] == [("DCK", 1), ("FSB", 0)]
    dck = client.get(f"/api/organisations/{listing['items'][0]['id']}").json()
    assert dck["organisation"]["aliases"] == ["Democratic Choice"]
    assert [p["name"] for p in dck["persons"]] == ["Marat Zholdybayev"]
    assert dck["events"][0]["label"] == "extremist"


def test_review_queue_and_decisions(client, seeded):
    queue = client.get("/api/review?size=50").json()
    assert queue["total"] == 7 and {f["kind"] for f in queue["items"]} == {"event", "statistic"}
    arrest = event_id(seeded.db_path, "arrest", "Marat")
    sign_in(client, seeded.db_path, "Aigerim")
    # The reviewer is whoever is signed in: a claimed name is ignored or refused.
    accepted = client.post(
        f"/api/facts/event/{arrest}/accept", json={"version": 1}, headers={"X-Reviewer": "Bek"}
    ).json()
    assert (accepted["review_status"], accepted["reviewed_by"], accepted["version"]) == (
        "accepted",
        "Aigerim",
        2,
    )
    claimed = client.post("/api/facts/statistic/1/reject", json={"reviewer": "Bek"})
    assert claimed.status_code == 422 and "reviewer" in claimed.json()["error"]["message"]
    sign_in(client, seeded.db_path, "Bek")
    rejected = client.post("/api/facts/statistic/1/reject", json={}).json()
    assert (rejected["review_status"], rejected["reviewed_by"]) == ("rejected", "Bek")
    assert client.get("/api/review").json()["total"] == 5
    history = client.get(f"/api/facts/event/{arrest}").json()["history"]
    assert [(h["action"], h["reviewer"]) for h in history] == [("accept", "Aigerim")]


def test_edit_changes_only_the_fields_given(client, seeded):
    sentence = event_id(seeded.db_path, "sentence", "Zholdybayev")
    edited = client.patch(
        f"/api/facts/event/{sentence}",
        json={"term": "P6Y", "charges": ["extremism"], "agent": None, "version": 1},
    ).json()
    assert (edited["term"], edited["charges"], edited["term_kind"]) == (
        "P6Y",
        ["extremism"],
        "prison",
    )
    assert edited["review_status"] == "edited" and edited["reviewed_by"] == "Dana"
    changes = client.get(f"/api/facts/event/{sentence}").json()["history"][0]["changes"]
    assert changes == {
        "term": ["P7Y", "P6Y"],
        "charges": [["participating in an extremist organization"], ["extremism"]],
    }
    unchanged = client.patch(f"/api/facts/event/{sentence}", json={"term": "P6Y"}).json()
    assert unchanged["review_status"] == "accepted"  # looked at and agreed
    statistic = client.patch("/api/facts/statistic/1", json={"count": 9, "what": "convicted"})
    assert (statistic.json()["count"], statistic.json()["what"]) == (9, "convicted")


def test_add_a_fact_and_a_document(client, seeded):
    added = client.post(
        f"/api/documents/{seeded.ru}/facts",
        json={
            "quote": "was charged with treason",
            "type": "trial",
            "participant": "Anna Petrova",
            "date": "2024-05",
        },
    )
    assert added.status_code == 201
    fact = added.json()
    assert (fact["type"], fact["date"], fact["review_status"], fact["reviewed_by"]) == (
        "trial",
        "2024-05",
        "accepted",
        "Dana",
    )
    assert fact["provenance"]["extractor"] == "analyst"
    created = client.post(
        "/api/documents",
        json={"text": "Nothing happened today.", "language": "en", "title": "Quiet day"},
    )
    assert created.status_code == 201 and created.json()["new"] is True
    sha = created.json()["sha256"]
    assert client.get(f"/api/documents/{sha}").json()["document"]["title"] == "Quiet day"
    upload = client.post(
        "/api/documents/upload",
        files={"file": ("n.txt", b"Another quiet day.")},
        data={"published": "2024-01-02"},
    )
    assert upload.status_code == 201
    doc = client.get(f"/api/documents/{upload.json()['sha256']}").json()["document"]
    assert doc["published"] == "2024-01-02" and doc["source_name"] == "n.txt"
