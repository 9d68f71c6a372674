"""What keeps pages fast at 100,000 facts without changing what they show: stores kept
open between requests, the latest events read by id first, and unranked newest-first
facts for a search matching more than the store ranks."""

from __future__ import annotations

import web_support
from casefile.services import search
from casefile.store import sqlite_reads
from casefile.store.sqlite import SQLiteStore

client, seeded = web_support.client, web_support.seeded  # fixtures


def test_a_store_serves_the_next_request_and_sees_its_writes(client, seeded):
    pool = client.app.state.stores
    assert client.get("/cases").status_code == 200
    assert len(pool._idle) == 1
    kept = pool._idle[0]
    arrest = web_support.event_id(seeded.db_path, "arrest", "Marat")
    client.post(f"/facts/event/{arrest}/accept", data={"version": "1", "reviewer": "Dana"})
    assert pool._idle == [kept]  # the same store, not a new one per request
    # A write from another connection is seen: no read snapshot outlives a request.
    with SQLiteStore(seeded.db_path) as other:
        other.conn.execute("UPDATE events SET agent = 'the KNB' WHERE id = ?", (arrest,))
    assert client.get(f"/api/facts/event/{arrest}").json()["agent"] == "the KNB"
    assert client.get(f"/facts/event/{arrest}").text.count("accepted · Dana") >= 1


def test_a_store_whose_request_failed_is_closed_not_reused(client):
    pool = client.app.state.stores
    client.get("/")
    [kept] = pool._idle
    assert client.get("/cases/999999").status_code == 404
    assert pool._idle == [] and kept._conn is None  # taken by the failed request, closed
    assert client.get("/").status_code == 200
    assert len(pool._idle) == 1 and pool._idle[0] is not kept


def test_dashboard_latest_events_are_the_latest_dated_standing_ones(client):
    board = client.get("/api/dashboard").json()
    dates = [e["date"] for e in board["latest_events"]]
    assert dates == sorted(dates, reverse=True)
    assert dates[0] == "2024-06-01" and None not in dates


def test_a_search_matching_more_facts_than_are_ranked_gives_the_newest(seeded, monkeypatch):
    with SQLiteStore(seeded.db_path) as store:
        ranked = search.search(store, "was", limit=2).events
        monkeypatch.setattr(sqlite_reads, "RANKED_MATCHES", 1)
        newest = search.search(store, "was", limit=2).events
        every = [e.id for e in search.search(store, "was", limit=50).events]
    assert len(ranked) == len(newest) == 2
    assert [e.id for e in newest] == sorted(every)[-2:]
