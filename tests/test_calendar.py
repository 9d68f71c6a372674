"""Alerts on the web and as an iCalendar feed: the feed parses with `icalendar` and holds
one VEVENT per alert; a secret address per user, made and revoked from their account
page or `casefile user calendar-url|calendar-revoke`, a revoked one answering 404; what
the feed holds is what the address's user may see (the canary world: a confidential
case's alert is absent from a public reader's feed, a protected name pseudonymised)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar

from canary_world import (
    CANARIES,
    PROTECTED,
    World,
    build_world,
    clearance_of,
    fold,
    hidden_canaries,
    holds,
)
from casefile.services import alerts, calendar_feed, review
from casefile.services.access import FULL, viewer_of
from casefile.services.review import Reviewer
from casefile.store.sqlite import SQLiteStore
from casefile.web import create_app
from web_support import sign_in

TODAY = dt.date(2025, 12, 1)  # the world's news is from spring 2025: quiet since November


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    """The canary world with every fact accepted, as reviewed records would be."""
    built = build_world(tmp_path_factory.mktemp("calendar") / "world.db")
    with SQLiteStore(built.db_path) as store:
        for event in list(store.iter_events()):
            if event.level <= 2:
                review.accept(store, "event", event.id, Reviewer("canary"))
    return built


@pytest.fixture
def app(world: World, tmp_path: Path):
    db = tmp_path / "copy.db"
    db.write_bytes(world.db_path.read_bytes())
    for suffix in ("-wal", "-shm"):
        if Path(f"{world.db_path}{suffix}").exists():
            Path(f"{db}{suffix}").write_bytes(Path(f"{world.db_path}{suffix}").read_bytes())
    made = create_app(db)
    made.state.clock = lambda: TODAY
    return made


def _address(app, name: str) -> str:
    with SQLiteStore(app.state.settings.db) as store:
        return calendar_feed.new_address(store, name, name).path


def _events(body: bytes) -> list:
    return list(Calendar.from_ical(body).walk("VEVENT"))


def test_the_feed_parses_and_holds_one_vevent_per_alert(app):
    path = _address(app, "root")
    with TestClient(app) as client:
        answer = client.get(path)
    assert answer.status_code == 200, answer.text[:300]
    assert answer.headers["content-type"].startswith("text/calendar")
    events = _events(answer.content)
    with SQLiteStore(app.state.settings.db) as store:
        report = alerts.alerts(store, FULL, TODAY, within_days=calendar_feed.FEED_DAYS)
    assert len(report.alerts) >= 3
    assert len(events) == len(report.alerts)
    assert sorted(str(e["UID"]) for e in events) == sorted(a.uid for a in report.alerts)
    kinds = {str(e["CATEGORIES"].cats[0]) for e in events}
    assert {"no_news", "anniversary"} <= kinds
    first = min(events, key=lambda e: e.decoded("DTSTART"))
    assert isinstance(first.decoded("DTSTART"), dt.date)


def test_a_confidential_cases_alert_is_absent_from_a_public_readers_feed(app):
    with TestClient(app) as client:
        public = client.get(_address(app, "Pia")).content
        control = client.get(_address(app, "root")).content
    public_text, control_text = fold(public.decode()), fold(control.decode())
    hidden = hidden_canaries("public")
    assert [w for w in hidden if holds(public_text, w)] == []
    assert holds(control_text, "Quillitch")  # the confidential case's alert, for root
    names = [str(e["SUMMARY"]) for e in _events(public)]
    assert any("Wendhollow" in n for n in names)  # public cases do reach her
    # the protected person (arrested, released: quiet) shows as a pseudonym, if at all
    assert not any(holds(public_text, w) for w in CANARIES[PROTECTED])
    with SQLiteStore(app.state.settings.db) as store:
        pia = store.get_user("Pia")
        report = alerts.alerts(store, viewer_of(pia), TODAY, within_days=calendar_feed.FEED_DAYS)
    assert len(_events(public)) == len(report.alerts)
    assert all(a.case_name != "Serafim Quillitch" for a in report.alerts)


@pytest.mark.parametrize("user", ["Pia", "Ian", "Ed", "Cy"])
def test_no_alert_page_holds_a_canary_above_the_readers_clearance(app, user):
    """The crawl reads these with unreviewed facts (no alerts); here every fact is
    accepted, so the panel, the API and both feeds hold alerts to leak from."""
    with TestClient(app) as client:
        feed = client.get(_address(app, user))
        sign_in(client, app.state.settings.db, user)
        answers = [feed, client.get("/"), client.get("/api/alerts?within=365d"),
                   client.get("/calendar.ics")]  # fmt: skip
    assert all(a.status_code == 200 for a in answers)
    hidden = hidden_canaries(clearance_of(user))
    read = fold("\n".join(a.content.decode() for a in answers))
    assert [w for w in hidden if holds(read, w)] == []
    assert "no_news" in read  # there were alerts to read


def test_a_revoked_or_replaced_address_is_refused_like_a_missing_one(app):
    first = _address(app, "Ian")
    with TestClient(app) as client:
        assert client.get(first).status_code == 200
        second = _address(app, "Ian")
        gone, missing = client.get(first), client.get("/calendar/cal_nothing.ics")
        assert gone.status_code == missing.status_code == 404
        assert gone.text == missing.text
        assert client.get(second).status_code == 200
        with SQLiteStore(app.state.settings.db) as store:
            assert calendar_feed.revoke(store, "Ian", "Ian") is not None
        assert client.get(second).status_code == 404
        assert client.get("/calendar/" + "x" * 90 + ".ics").status_code == 404


def test_the_account_page_makes_shows_once_and_revokes_an_address(app):
    with TestClient(app, follow_redirects=False) as client:
        sign_in(client, app.state.settings.db, "Ian")
        assert 'data-testid="calendar-current"' in client.get("/account/calendar").text
        assert client.post("/account/calendar/revoke", data={"x": ""}).status_code == 303
        assert 'data-testid="calendar-none"' in client.get("/account/calendar").text
        made = client.post("/account/calendar", data={"next": ""})
        assert made.status_code == 200
        found = re.search(r'data-testid="calendar-address">([^<]+)<', made.text)
        assert found is not None
        address = found.group(1)
        assert re.fullmatch(r"http://testserver/calendar/cal_[\w-]{43}\.ics", address)
        page = client.get("/account/calendar").text
        assert 'data-testid="calendar-current"' in page and address not in page
        client.cookies.clear()  # the feed needs no session
        assert client.get(address).status_code == 200
        sign_in(client, app.state.settings.db, "Ian")
        assert client.post("/account/calendar/revoke", data={"x": ""}).status_code == 303
        assert client.get(address).status_code == 404
        # the signed-in download holds the same alerts
        download = client.get("/calendar.ics")
        assert download.status_code == 200 and b"BEGIN:VCALENDAR" in download.content


def test_a_new_password_voids_the_address(app):
    path = _address(app, "Ed")
    with SQLiteStore(app.state.settings.db) as store:
        store.conn.execute("UPDATE users SET password_changed_at = '2999-01-01T00:00:00+00:00'"
                           " WHERE name = 'Ed'")  # fmt: skip
    with TestClient(app) as client:
        assert client.get(path).status_code == 404


def test_the_dashboard_panel_and_the_api_list_the_alerts(app):
    with TestClient(app) as client:
        sign_in(client, app.state.settings.db, "Pia")
        page = client.get("/").text
        assert 'data-testid="alerts-panel"' in page
        assert 'data-kind="no_news"' in page and "Quillitch" not in page
        listed = client.get("/api/alerts?within=3m&no_news_months=6").json()
        assert listed["today"] == "2025-12-01" and listed["within_days"] == 90  # to 1 March
        assert {i["kind"] for i in listed["items"]} >= {"no_news"}
        assert all("Quillitch" not in i["case"]["name"] for i in listed["items"])
        bad = client.get("/api/alerts?within=soon")
        assert bad.status_code == 400 and "within" in bad.json()["error"]["message"]


def test_the_cli_lists_alerts_and_manages_addresses(world, casefile_main, tmp_path):
    db = tmp_path / "cli.db"
    db.write_bytes(world.db_path.read_bytes())
    listed = casefile_main("alerts", "--today", "2025-12-01", "--within", "400d", db=db)
    assert listed.code == 0, listed.err
    assert "anniversary\tSerafim Quillitch" in listed.out and "no_news\t" in listed.out
    bad = casefile_main("alerts", "--within", "soon", db=db)
    assert bad.code != 0 and "within" in bad.err and "Traceback" not in bad.err
    made = casefile_main("user", "calendar-url", "Pia", "--base", "https://cf.example/", db=db)
    assert made.code == 0 and re.fullmatch(r"https://cf\.example/calendar/cal_[\w-]+\.ics\n",
                                           made.out)  # fmt: skip
    assert casefile_main("user", "calendar-revoke", "Pia", db=db).code == 0
    again = casefile_main("user", "calendar-revoke", "Pia", db=db)
    assert again.code != 0 and "no calendar address" in again.err


def test_a_change_to_the_records_is_seen_at_once_despite_the_cache(app):
    with TestClient(app) as client:
        sign_in(client, app.state.settings.db, "root")

        def quiet() -> set[str]:
            items = client.get("/api/alerts").json()["items"]
            return {i["case"]["name"] for i in items if i["kind"] == "no_news"}

        assert "Lukas Fernbrake" in quiet()
        assert quiet() == quiet()  # the second answer from the cache
        with SQLiteStore(app.state.settings.db) as store:
            for event in list(store.iter_events()):
                if event.entity_name == "Lukas Fernbrake":
                    review.reject(store, "event", event.id, Reviewer("root"))
        assert "Lukas Fernbrake" not in quiet()
