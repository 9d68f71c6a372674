"""Alerts (services/alerts.py) with a frozen clock: sentence ends from custody start and
term at the precision of the dates, "start unknown" rather than a guess, hearings in the
window, anniversaries of detention, cases with no news; reviewed facts only by default."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from casefile.model import PartialDate
from casefile.services import alerts, review
from casefile.services.access import FULL
from casefile.services.review import Reviewer
from casefile.store.sqlite import SQLiteStore

AT = "2026-01-01T00:00:00+00:00"

VELKIN = ("Taras Velkin was arrested on 5 March 2021. On 2 September 2021 Velkin was sentenced"
          " to seven years in prison.")
BRISK = "Ilona Brisk was detained in May 2020. In 2021 Brisk was sentenced to three years."
MARSH = "Oleg Marsh was sentenced on 1 June 2024 to five years in prison."
COREN = ("Nadia Coren was arrested on 2 February 2027. Her trial is to open on 14 March 2028;"
         " her appeal against detention will be heard on 20 March 2028.")
LUND = ("Pavel Lund was arrested on 3 January 2022 and released on 9 January 2022. He was"
        " sentenced on 1 March 2023 to two years in prison.")
ROSS = "Vera Ross was arrested on 10 October 2025 and released on 12 October 2025."


def _build(make_extraction):
    velkin = (make_extraction(VELKIN, published="2027-01-15", title="Velkin", language="en")
              .person("Taras Velkin")
              .event("arrest", "Taras Velkin", "Taras Velkin was arrested on 5 March 2021",
                     "2021-03-05")
              .event("sentence", "Velkin", "Velkin was sentenced to seven years in prison",
                     "2021-09-02", term="P7Y", term_kind="prison"))  # fmt: skip
    brisk = (make_extraction(BRISK, published="2021-06-01", title="Brisk", language="en")
             .person("Ilona Brisk")
             .event("arrest", "Ilona Brisk", "Ilona Brisk was detained in May 2020", "2020-05")
             .event("sentence", "Brisk", "Brisk was sentenced to three years", "2021",
                    term="P3Y", term_kind="prison"))  # fmt: skip
    marsh = (make_extraction(MARSH, published="2024-06-02", title="Marsh", language="en")
             .person("Oleg Marsh")
             .event("sentence", "Oleg Marsh", "Oleg Marsh was sentenced on 1 June 2024 to five"
                    " years in prison", "2024-06-01", term="P5Y", term_kind="prison"))  # fmt: skip
    coren = (make_extraction(COREN, published="2028-02-01", title="Coren", language="en")
             .person("Nadia Coren")
             .event("arrest", "Nadia Coren", "Nadia Coren was arrested on 2 February 2027",
                    "2027-02-02")
             .event("trial", "Nadia Coren", "Her trial is to open on 14 March 2028",
                    "2028-03-14")
             .event("appeal", "Nadia Coren", "her appeal against detention will be heard on"
                    " 20 March 2028", "2028-03-20"))  # fmt: skip
    lund = (make_extraction(LUND, published="2023-03-02", title="Lund", language="en")
            .person("Pavel Lund")
            .event("arrest", "Pavel Lund", "Pavel Lund was arrested on 3 January 2022",
                   "2022-01-03")
            .event("release", "Pavel Lund", "released on 9 January 2022", "2022-01-09")
            .event("sentence", "Pavel Lund", "He was sentenced on 1 March 2023 to two years in"
                   " prison", "2023-03-01", term="P2Y", term_kind="prison"))  # fmt: skip
    ross = (make_extraction(ROSS, published="2025-10-13", title="Ross", language="en")
            .person("Vera Ross")
            .event("arrest", "Vera Ross", "Vera Ross was arrested on 10 October 2025",
                   "2025-10-10")
            .event("release", "Vera Ross", "released on 12 October 2025",
                   "2025-10-12"))  # fmt: skip
    return [velkin, brisk, marsh, coren, lund, ross]


@pytest.fixture
def store(db_path: Path, make_extraction):
    with SQLiteStore(db_path) as opened:
        for built in _build(make_extraction):
            opened.save_extraction(built.build(), built.original)
        yield opened


def _accept_all(store: SQLiteStore) -> None:
    for event in list(store.iter_events()):
        review.accept(store, "event", event.id, Reviewer("Ana"))


def _found(store, today, **kw) -> list[tuple[str, str, str | None]]:
    report = alerts.alerts(store, FULL, today, **kw)
    return [(a.kind, a.case_name, a.date.iso() if a.date else None) for a in report.alerts]


def test_unreviewed_facts_give_no_alert_unless_asked_and_then_say_so(store):
    today = dt.date(2028, 2, 20)
    assert alerts.alerts(store, FULL, today).alerts == []
    asked = alerts.alerts(store, FULL, today, unreviewed=True)
    assert asked.alerts and all(a.unreviewed for a in asked.alerts)


def test_a_sentence_ends_at_custody_start_plus_term_inside_the_window_only(store):
    _accept_all(store)
    found = _found(store, dt.date(2028, 2, 20))
    assert ("sentence_end", "Taras Velkin", "2028-03-05") in found
    # the seventh anniversary of the arrest is the same day
    assert ("anniversary", "Taras Velkin", "2028-03-05") in found
    assert "Taras Velkin" not in {n for k, n, _ in _found(store, dt.date(2028, 1, 1))
                                  if k != "no_news"}  # fmt: skip
    assert not any(k == "sentence_end" and n == "Taras Velkin"
                   for k, n, _ in _found(store, dt.date(2028, 3, 6)))  # passed  # fmt: skip
    report = alerts.alerts(store, FULL, dt.date(2028, 2, 20))
    end = next(a for a in report.alerts if a.kind == "sentence_end")
    assert [f.event.type for f in end.facts] == ["arrest", "sentence"]
    assert end.term == "P7Y" and end.start == PartialDate(2021, 3, 5)
    assert alerts.details(end) == "7 years from custody starting 5 March 2021"


def test_a_custody_start_known_to_the_month_gives_an_end_known_to_the_month(store):
    _accept_all(store)
    report = alerts.alerts(store, FULL, dt.date(2023, 4, 20))
    [brisk] = [a for a in report.alerts if a.case_name == "Ilona Brisk" and
               a.kind == "sentence_end"]  # fmt: skip
    assert brisk.date == PartialDate(2023, 5)
    assert (brisk.first_day, brisk.last_day) == (dt.date(2023, 5, 1), dt.date(2023, 5, 31))
    assert alerts.when(brisk) == "May 2023"
    # a window ending before May holds no such alert; one reaching its last day does
    assert not [a for a in alerts.alerts(store, FULL, dt.date(2023, 3, 1)).alerts
                if a.kind == "sentence_end"]  # fmt: skip
    late = alerts.alerts(store, FULL, dt.date(2023, 5, 31), within_days=0).alerts
    assert [a.case_name for a in late if a.kind == "sentence_end"] == ["Ilona Brisk"]


def test_an_unknown_custody_start_is_said_not_guessed(store):
    _accept_all(store)
    report = alerts.alerts(store, FULL, dt.date(2024, 7, 1))
    unknown = {a.case_name: a for a in report.undated}
    assert set(unknown) == {"Oleg Marsh", "Pavel Lund"}  # Lund was released in between
    marsh = unknown["Oleg Marsh"]
    assert marsh.date is None and marsh.start is None and marsh.kind == "sentence_end"
    assert alerts.details(marsh).startswith("custody start unknown: a sentence of 5 years")
    # once even the latest possible end (sentence date + term) has passed: no alert
    later = alerts.alerts(store, FULL, dt.date(2026, 1, 1))
    assert {a.case_name for a in later.undated} == {"Oleg Marsh"}
    assert alerts.alerts(store, FULL, dt.date(2029, 6, 2)).undated == []


def test_hearings_in_the_window_are_alerts_and_past_ones_are_not(store):
    _accept_all(store)
    found = _found(store, dt.date(2028, 3, 1))
    assert ("trial", "Nadia Coren", "2028-03-14") in found
    assert ("appeal", "Nadia Coren", "2028-03-20") in found
    assert ("appeal", "Nadia Coren", "2028-03-20") not in _found(store, dt.date(2028, 3, 1),
                                                                 within_days=10)  # fmt: skip
    assert not [k for k, n, _ in _found(store, dt.date(2028, 3, 21)) if k in ("trial", "appeal")]
    # the first anniversary of her arrest, while in custody
    assert ("anniversary", "Nadia Coren", "2028-02-02") in _found(store, dt.date(2028, 2, 1))


def test_no_news_for_n_months_and_not_for_a_released_person(store):
    _accept_all(store)
    found = _found(store, dt.date(2028, 3, 1), no_news_months=6)
    quiet = {n: d for k, n, d in found if k == "no_news"}
    # Velkin's last document: 15 January 2027; six months on, 15 July 2027
    assert quiet["Taras Velkin"] == "2027-07-15"
    assert "Nadia Coren" not in quiet  # news on 1 February 2028
    assert "Vera Ross" not in quiet and "Pavel Lund" in quiet  # Ross released; Lund sentenced
    assert "Nadia Coren" in {n for k, n, _ in _found(store, dt.date(2028, 3, 1),
                                                     no_news_months=1) if k == "no_news"}
    assert "Taras Velkin" not in {n for k, n, _ in _found(store, dt.date(2027, 7, 14),
                                                          no_news_months=6) if k == "no_news"}


def test_dates_shift_by_months_to_the_shorter_months_last_day():
    assert alerts.shift(dt.date(2020, 2, 29), 12, 0) == dt.date(2021, 2, 28)
    assert alerts.shift(dt.date(2021, 1, 31), 1, 0) == dt.date(2021, 2, 28)
    assert alerts.shift(dt.date(2021, 12, 15), 1, 10) == dt.date(2022, 1, 25)
    assert alerts.as_partial(dt.date(2024, 2, 1), dt.date(2024, 2, 29)) == PartialDate(2024, 2)
    assert alerts.as_partial(dt.date(2024, 2, 1), dt.date(2024, 3, 1)) is None


def test_a_dashboard_lists_the_longest_silent_cases_and_counts_them_all(store):
    _accept_all(store)
    full = alerts.alerts(store, FULL, dt.date(2028, 3, 1))
    quiet = [a for a in full.alerts if a.kind == "no_news"]
    assert full.quiet_cases == len(quiet) >= 3
    limited = alerts.alerts(store, FULL, dt.date(2028, 3, 1), no_news_limit=1)
    [first] = [a for a in limited.alerts if a.kind == "no_news"]
    assert first.first_day == min(a.first_day for a in quiet)  # the longest silence
    assert limited.quiet_cases == full.quiet_cases
    # the fact it names is the newest news of the case
    assert [f.event.evidence.document_id for f in first.facts]
