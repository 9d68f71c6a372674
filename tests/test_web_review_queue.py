"""The review queue at scale: filters, least-sure-first order, bulk decisions, undo, and
a decision that brings the reviewer back to where they were (services and pages, a real
SQLite file)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from casefile.model import Provenance
from casefile.services import review_queue
from casefile.services.errors import InvalidInput, NotFound
from casefile.services.review import Reviewer, accept, edit
from casefile.store import VersionConflict
from casefile.store.base import ReviewQuery
from casefile.store.sqlite import SQLiteStore
from casefile.web import create_app
from web_support import USERS, add_users, event_id, sign_in

TEXT = (
    "Ilvar Tensk was detained in Korvel on 3 April 2022. "
    "Later that spring Tensk was charged with sabotage. "
    "Odra Miel was fined for a picket. "
    "Twelve people were questioned."
)
SURE, UNSURE, MIDDLE = Provenance("rules", "v2", 0.95), Provenance("model", "v3", 0.2), \
    Provenance("model", "v3", 0.6)  # fmt: skip
ANN = Reviewer("Ann")


@pytest.fixture
def queue_db(db_path: Path, make_extraction) -> tuple[Path, str]:
    built = (
        make_extraction(TEXT, published="2022-05-01", title="Invented", language="en")
        .person("Ilvar Tensk", country="KZ")
        .person("Odra Miel", country="KZ")
        .event("arrest", "Ilvar Tensk", "was detained in Korvel on 3 April 2022", "2022-04-03",
               provenance=SURE)
        .event("charge", "Tensk", "was charged with sabotage", "2022-04", provenance=UNSURE,
               date_inferred=True)
        .event("fine", "Odra Miel", "was fined for a picket", provenance=MIDDLE)
        .statistic(12, "people questioned", "Twelve people were questioned", provenance=SURE)
    )  # fmt: skip
    with SQLiteStore(db_path) as store:
        store.save_extraction(built.build(), built.original)
        add_users(store, USERS)
    return db_path, built.document.sha256


def kinds(page) -> list[str]:
    return [getattr(f, "event", None) and f.event.type or "statistic" for f in page.items]


def test_filters_select_by_type_person_confidence_inferred_and_version(queue_db):
    path, sha = queue_db
    tensk = event_id(path, "arrest", "Tensk")
    with SQLiteStore(path) as store:
        person = store.get_event(tensk).person_id  # type: ignore[union-attr]

        def listed(**params: str) -> list[str]:
            return kinds(review_queue.queue(store, review_queue.parse_query(params)))

        assert listed() == ["arrest", "charge", "fine", "statistic"]
        assert listed(type="charge") == ["charge"]
        assert listed(person=str(person)) == ["arrest", "charge"]
        assert listed(min_confidence="0.5") == ["arrest", "fine", "statistic"]
        assert listed(max_confidence="0.6", min_confidence="0.3") == ["fine"]
        assert listed(inferred="yes") == ["charge"]
        assert listed(inferred="no") == ["arrest"]  # the undated fine has no date at all
        assert listed(extractor_version="v3") == ["charge", "fine"]
        assert listed(document=sha) == listed() and listed(document="0" * 64) == []
        page = review_queue.queue(store, review_queue.parse_query({"type": "charge"}))
        assert page.total == 1


def test_least_sure_first(queue_db):
    path, _ = queue_db
    with SQLiteStore(path) as store:
        page = review_queue.queue(store, ReviewQuery(sort="confidence"))
        assert kinds(page) == ["charge", "fine", "arrest", "statistic"]
        assert review_queue.extractor_versions(store) == ["v2", "v3"]


@pytest.mark.parametrize("params, message", [
    ({"type": "party"}, "type"), ({"min_confidence": "1.5"}, "min_confidence"),
    ({"max_confidence": "nan"}, "max_confidence"), ({"person": "x1"}, "person"),
    ({"min_confidence": "0.8", "max_confidence": "0.2"}, "minimum"),
    ({"document": "abc"}, "SHA-256"), ({"inferred": "maybe"}, "inferred"),
    ({"sort": "newest"}, "sort"),
])  # fmt: skip
def test_bad_filters_are_refused_by_name(params, message):
    with pytest.raises(InvalidInput, match=message):
        review_queue.parse_query(params)


def test_bulk_decides_each_fact_audited_and_skips_what_others_decided(queue_db):
    path, _ = queue_db
    arrest, charge = event_id(path, "arrest", "Tensk"), event_id(path, "charge", "Tensk")
    with SQLiteStore(path) as store:
        accept(store, "event", charge, Reviewer("Bo"))  # decided by someone else first
        outcome = review_queue.decide_many(
            store, "reject", [("event", arrest), ("event", charge)], ANN)
        assert (outcome.decided, outcome.skipped) == (1, 1)
        assert store.get_event(arrest).review_status == "rejected"  # type: ignore[union-attr]
        assert store.get_event(charge).review_status == "accepted"  # type: ignore[union-attr]
    conn = sqlite3.connect(path)
    audited = conn.execute("SELECT actor, action, subjects FROM audit_log"
                           " WHERE action LIKE 'fact.%' ORDER BY id").fetchall()  # fmt: skip
    assert [(a, b) for a, b, _ in audited] == [("Bo", "fact.accept"), ("Ann", "fact.reject")]
    assert f'"event:{arrest}"' in audited[1][2]


def test_bulk_with_a_missing_fact_changes_nothing(queue_db):
    path, _ = queue_db
    arrest = event_id(path, "arrest", "Tensk")
    with SQLiteStore(path) as store:
        with pytest.raises(LookupError):
            review_queue.decide_many(store, "accept", [("event", arrest), ("event", 999)], ANN)
        assert store.get_event(arrest).review_status == "unreviewed"  # type: ignore[union-attr]
        with pytest.raises(InvalidInput):
            review_queue.decide_many(store, "accept", [], ANN)


def test_undo_restores_the_previous_status_once_and_is_audited(queue_db):
    path, _ = queue_db
    arrest = event_id(path, "arrest", "Tensk")
    with SQLiteStore(path) as store:
        with pytest.raises(NotFound):
            review_queue.undo_last(store, ANN)
        accept(store, "event", arrest, ANN)
        undone = review_queue.undo_last(store, ANN)
        assert (undone.fact_id, undone.action, undone.status) == (arrest, "accept", "unreviewed")
        fact = store.get_event(arrest)
        assert fact is not None and fact.review_status == "unreviewed" and fact.version == 3
        assert fact.reviewed_by is None
        with pytest.raises(NotFound):  # one level: an undo is not undone
            review_queue.undo_last(store, ANN)
        edit(store, "event", arrest, {"agent": "the police"}, ANN)
        with pytest.raises(NotFound):  # an edit is corrected on the fact's page instead
            review_queue.undo_last(store, ANN)
    actions = [r[0] for r in sqlite3.connect(path).execute(
        "SELECT action FROM audit_log WHERE action LIKE 'fact.%' ORDER BY id")]
    assert actions == ["fact.accept", "fact.undo", "fact.edit"]


def test_undo_refuses_when_someone_changed_the_fact_since(queue_db):
    path, _ = queue_db
    arrest = event_id(path, "arrest", "Tensk")
    with SQLiteStore(path) as store:
        accept(store, "event", arrest, ANN)
        edit(store, "event", arrest, {"agent": "the court"}, Reviewer("Bo"))
        with pytest.raises(VersionConflict):
            review_queue.undo_last(store, ANN)
        assert store.get_event(arrest).review_status == "edited"  # type: ignore[union-attr]


# -- the pages ------------------------------------------------------------------------


@pytest.fixture
def client(queue_db) -> Iterator[TestClient]:
    path, _ = queue_db
    with TestClient(create_app(path), follow_redirects=False) as test_client:
        yield sign_in(test_client, path, "Dana")


def items(page: str) -> list[str]:
    return re.findall(r'data-testid="review-item" data-fact="([\w-]+)"', page)


def test_page_filters_sorts_and_shows_confidence(client, queue_db):
    path, _ = queue_db
    page = client.get("/review?sort=confidence&min_confidence=0.1").text
    charge = event_id(path, "charge", "Tensk")
    assert items(page)[0] == f"event-{charge}"
    assert "confidence 0.20" in page and "least sure first" in page
    assert 'aria-label="Accept: charge of Ilvar Tensk"' in page
    only = client.get("/review?inferred=yes").text
    assert items(only) == [f"event-{charge}"] and "match the filters" in only
    assert client.get("/review?min_confidence=2").status_code == 400


def test_a_decision_returns_to_the_neighbouring_fact_with_the_filters(client, queue_db):
    path, _ = queue_db
    page = client.get("/review?sort=confidence").text
    first, second = items(page)[:2]
    kind, fact_id = first.split("-")
    form = re.search(rf'action="/facts/{kind}/{fact_id}/accept".*?name="next" value="([^"]+)"',
                     page, re.S)  # fmt: skip
    assert form is not None
    target = form.group(1).replace("&amp;", "&")
    assert target == f"/review?sort=confidence#queue-{second}"
    done = client.post(f"/facts/{kind}/{fact_id}/accept", data={"version": "1", "next": target})
    assert done.status_code == 303 and done.headers["location"] == target
    assert f'id="queue-{second}"' in client.get("/review?sort=confidence").text


def test_bulk_form_and_undo_through_the_pages(client, queue_db):
    path, _ = queue_db
    arrest, fine = event_id(path, "arrest", "Tensk"), event_id(path, "fine", "Miel")
    page = client.get("/review").text
    assert 'form="bulk" name="event"' in page and 'data-testid="bulk-accept"' in page
    response = client.post("/review/bulk", data={
        "action": "accept", "event": [str(arrest), str(fine)], "next": "/review?type=fine"})
    assert response.status_code == 303 and response.headers["location"] == "/review?type=fine"
    left = items(client.get("/review").text)
    assert f"event-{arrest}" not in left and f"event-{fine}" not in left
    undo = client.post("/review/undo", data={"next": "/review"})
    assert undo.status_code == 303
    # decided in the order sent: the fine last, so the fine is undone
    assert undo.headers["location"] == f"/review#queue-event-{fine}"
    assert f"event-{fine}" in items(client.get("/review").text)
    assert client.post("/review/bulk", data={"action": "accept", "event": "x"}).status_code == 400
    assert client.post("/review/bulk", data={"action": "merge", "event": str(arrest)}
                       ).status_code == 400


def test_viewers_see_no_bulk_form_nor_undo(client, queue_db):
    path, _ = queue_db
    sign_in(client, path, "Vera")
    page = client.get("/review").text
    assert 'data-testid="bulk-form"' not in page and 'data-testid="undo"' not in page
    assert 'data-testid="confidence"' in page


def test_the_api_queue_takes_the_same_filters(client, queue_db):
    path, _ = queue_db
    found = client.get("/api/review?sort=confidence&extractor_version=v3").json()
    assert [item["type"] for item in found["items"]] == ["charge", "fine"]
    refused = client.get("/api/review?inferred=perhaps")
    assert refused.status_code == 400 and "inferred" in refused.json()["error"]["message"]
