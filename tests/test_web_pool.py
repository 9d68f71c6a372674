"""What keeps pages fast at 100,000 facts without changing what they show: stores kept
open between requests, the latest events read by id first, dashboard counts kept by
triggers, persons probed one by one for a status with dates, and unranked newest-first
facts for a search matching more than the store ranks (bench/web.py measures them)."""

from __future__ import annotations

import pytest

import web_support
from casefile.services import search
from casefile.store import sqlite_search
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
        monkeypatch.setattr(sqlite_search, "RANKED_MATCHES", 1)
        newest = search.search(store, "was", limit=2).events
        every = [e.id for e in search.search(store, "was", limit=50).events]
    assert len(ranked) == len(newest) == 2
    assert [e.id for e in newest] == sorted(every)[-2:][::-1]  # newest first


def test_dashboard_figures_follow_every_write(client, seeded):
    def awaiting() -> int:
        return client.get("/api/dashboard").json()["awaiting_review"]

    def march_2023_arrests() -> int:
        counts = client.get("/api/dashboard").json()["events_per_month"]["counts"]
        return sum(c["count"] for c in counts if c == {**c, "month": "2023-03", "type": "arrest"})

    assert awaiting() == awaiting() == 7 and march_2023_arrests() == 1
    arrest = web_support.event_id(seeded.db_path, "arrest", "Marat")
    client.post(f"/facts/event/{arrest}/accept", data={"version": "1"})  # this pool's store
    assert awaiting() == 6
    with SQLiteStore(seeded.db_path) as other:  # another connection
        other.conn.execute("UPDATE events SET review_status = 'rejected' WHERE id = ?", (arrest,))
    assert march_2023_arrests() == 0
    with SQLiteStore(seeded.db_path) as other:
        other.conn.execute("UPDATE statistics SET review_status = 'accepted'")
    assert awaiting() == 5


@pytest.mark.parametrize(
    "dates",
    [("2023", "2023"), ("2024-05", ""), ("", "2023-03-02"), ("2023-03-02", "2023-03-02"),
     ("2022", "2022"), ("2023-12", "2024-05-05")],
)  # fmt: skip
def test_persons_probed_one_by_one_are_those_the_date_index_finds(seeded, dates):
    """With a status or country, persons' events are probed through events_person; the
    answer must be the same as reading the date range and filtering afterwards."""
    date_from, date_to = dates
    with SQLiteStore(seeded.db_path) as store:
        everyone = search.find_cases(
            store, search.parse_case_filters(store, date_from=date_from, date_to=date_to)
        ).items
        for field, values in (("status", ["imprisoned", "released"]), ("country", ["KZ", "RU"])):
            for value in values:
                filters = search.parse_case_filters(
                    store, date_from=date_from, date_to=date_to, **{field: value}
                )
                probed = [c.name for c in search.find_cases(store, filters).items]
                assert probed == [c.name for c in everyone if getattr(c, field) == value]
    assert dates[0] == "2022" or everyone  # the ranges do find cases


def recount(conn) -> tuple[list[tuple[str, str, int]], list[tuple[str, str, int]]]:
    months = conn.execute(
        "SELECT substr(date, 1, 7), type, count(*) FROM events WHERE date >= '0'"
        " AND length(date) >= 7 AND review_status != 'rejected' GROUP BY 1, 2 ORDER BY 1, 2"
    ).fetchall()
    statuses = conn.execute(
        "SELECT 'event', review_status, count(*) FROM events GROUP BY 2 UNION ALL"
        " SELECT 'statistic', review_status, count(*) FROM statistics GROUP BY 2 ORDER BY 1, 2"
    ).fetchall()
    return [tuple(r) for r in months], [tuple(r) for r in statuses]


def kept_counts(conn) -> tuple[list[tuple[str, str, int]], list[tuple[str, str, int]]]:
    months = conn.execute(
        "SELECT month, type, n FROM event_month_counts WHERE n > 0 ORDER BY 1, 2"
    ).fetchall()
    statuses = conn.execute(
        "SELECT kind, review_status, n FROM fact_review_counts WHERE n > 0 ORDER BY 1, 2"
    ).fetchall()
    return [tuple(r) for r in months], [tuple(r) for r in statuses]


def test_dashboard_counts_kept_by_triggers_equal_a_recount_after_every_change(seeded):
    from casefile.services import review
    from casefile.services.review import reviewer_named

    dana = reviewer_named("Dana")
    with SQLiteStore(seeded.db_path) as store:
        conn = store.conn
        assert kept_counts(conn) == recount(conn) and recount(conn)[0]
        arrest = web_support.event_id(seeded.db_path, "arrest", "Petrova")
        sentence = web_support.event_id(seeded.db_path, "sentence", "Zholdybayev")
        review.accept(store, "event", arrest, dana, None)
        review.edit(store, "event", arrest, {"date": "2024-04", "type": "search"}, dana, None)
        review.reject(store, "event", sentence, dana, None)
        review.edit(store, "event", sentence, {"date": "--11-30"}, dana, None)
        review.accept(store, "statistic", 1, dana, None)
        assert kept_counts(conn) == recount(conn)
        # Re-extraction replaces the unreviewed facts; a document's facts deleted.
        store.save_extraction(seeded.ru_builder.build(), seeded.ru_builder.original)
        conn.execute("DELETE FROM events WHERE document_sha256 = ?", (seeded.kz,))
        conn.execute("DELETE FROM statistics")
        assert kept_counts(conn) == recount(conn)
        months, statuses = kept_counts(conn)
        assert ("2024-04", "search", 1) in months and ("event", "edited", 1) in statuses
