"""services/timeline.py over a real SQLite store: one row per real event with all its
sources, undated events apart, custody periods and court marks. Invented text only."""

from __future__ import annotations

import pytest

from casefile.model import PartialDate
from casefile.services.cases import person_timeline
from casefile.services.timeline import case_timeline, custody_chart_items, dates_compatible

FIRST = (
    "Lena Morvat was detained on 4 March 2022 outside the print shop. "
    "A court later sentenced Lena Morvat to seven years in prison. "
    "Her flat had been searched before that."
)
SECOND = (
    "Reports say that Lena Morvat was arrested in March 2022. "
    "She was given seven years. Investigators searched her flat."
)
THIRD = "Lena Morvat was arrested again on 9 September 2024, witnesses said."


def save(store, builder) -> None:
    store.save_extraction(builder.build(), builder.original)


@pytest.fixture
def two_reports(sqlite_store, make_extraction):
    a = make_extraction(FIRST, published="2023-01-10")
    a.person("Lena Morvat", country="XX")
    a.event("arrest", "Lena Morvat", "Lena Morvat was detained on 4 March 2022", "2022-03-04")
    a.event("sentence", "Lena Morvat", "sentenced Lena Morvat to seven years in prison",
            "2022-11", term="P7Y", term_kind="prison")  # fmt: skip
    a.event("search", "Lena Morvat", "Her flat had been searched")
    b = make_extraction(SECOND, published="2023-02-01")
    b.event("arrest", "Lena Morvat", "Lena Morvat was arrested in March 2022", "2022-03")
    b.event("sentence", "Lena Morvat", "She was given seven years", "2022",
            term="P84M")  # fmt: skip
    b.event("search", "Lena Morvat", "Investigators searched her flat")
    save(sqlite_store, a)
    save(sqlite_store, b)
    return sqlite_store


def test_two_documents_reporting_one_arrest_make_one_row_with_two_sources(two_reports):
    rows = case_timeline(person_timeline(two_reports, "Lena Morvat").events).dated
    assert [r.event.type for r in rows] == ["arrest", "sentence"]
    arrest, sentence = rows
    assert arrest.documents == 2
    assert arrest.event.date == PartialDate(2022, 3, 4)  # the most precise source's
    assert [s.event.evidence.quote for s in arrest.sources] == [
        "Lena Morvat was detained on 4 March 2022",
        "Lena Morvat was arrested in March 2022",
    ]
    # P84M and P7Y are one term; the kind comes from the source that states it.
    assert sentence.documents == 2
    assert sentence.event.term_kind == "prison"


def test_a_different_date_is_a_different_event(two_reports, make_extraction):
    c = make_extraction(THIRD, published="2024-09-10")
    c.event("arrest", "Lena Morvat", "Lena Morvat was arrested again on 9 September 2024",
            "2024-09-09")  # fmt: skip
    save(two_reports, c)
    rows = case_timeline(person_timeline(two_reports, "Lena Morvat").events).dated
    arrests = [r for r in rows if r.event.type == "arrest"]
    assert [(r.event.date, r.documents) for r in arrests] == [
        (PartialDate(2022, 3, 4), 2),
        (PartialDate(2024, 9, 9), 1),
    ]


def test_different_terms_are_different_sentences(sqlite_store, make_extraction):
    a = make_extraction("Tomas Relk was sentenced to five years.", published="2021-05-01")
    a.event("sentence", "Tomas Relk", "Tomas Relk was sentenced to five years", "2021-04",
            term="P5Y")  # fmt: skip
    b = make_extraction("On appeal Tomas Relk got three years.", published="2021-09-01")
    b.event("sentence", "Tomas Relk", "Tomas Relk got three years", "2021", term="P3Y")
    save(sqlite_store, a)
    save(sqlite_store, b)
    rows = case_timeline(person_timeline(sqlite_store, "Tomas Relk").events).dated
    assert sorted(r.event.term or "" for r in rows) == ["P3Y", "P5Y"]


def test_undated_events_stand_apart_and_are_never_merged(two_reports):
    timeline = case_timeline(person_timeline(two_reports, "Lena Morvat").events)
    assert all(r.event.date is not None for r in timeline.dated)
    # Two undated searches: nothing says they are one search.
    assert [(r.event.type, r.documents) for r in timeline.undated] == [("search", 1), ("search", 1)]


def test_a_coarse_date_between_two_events_joins_neither(sqlite_store, make_extraction):
    a = make_extraction("Oren Vasko was arrested on 2 February 2020 and on 3 August 2020.")
    a.event("arrest", "Oren Vasko", "arrested on 2 February 2020", "2020-02-02",
            participant_kind="person")  # fmt: skip
    b = make_extraction("Oren Vasko was arrested on 3 August 2020, a lawyer said.")
    b.event("arrest", "Oren Vasko", "Oren Vasko was arrested on 3 August 2020", "2020-08-03")
    c = make_extraction("In 2020 Oren Vasko was arrested.")
    c.event("arrest", "Oren Vasko", "In 2020 Oren Vasko was arrested", "2020")
    a.person("Oren Vasko")
    for x in (a, b, c):
        save(sqlite_store, x)
    rows = case_timeline(person_timeline(sqlite_store, "Oren Vasko").events).dated
    assert sorted((str(r.event.date), r.documents) for r in rows) == [
        ("2020", 1),
        ("2020-02-02", 1),
        ("2020-08-03", 1),
    ]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [("2021", "2021-03-05", True), ("2021-03", "2021-03-05", True),
     ("2021-03-05", "2021-03-06", False), ("2021-03", "2021-04", False),
     ("--01-31", "--01-31", True), ("--01-31", "2021-01-31", False)],
)  # fmt: skip
def test_dates_compatible(a, b, expected):
    assert dates_compatible(PartialDate.parse(a), PartialDate.parse(b)) is expected
    assert dates_compatible(PartialDate.parse(b), PartialDate.parse(a)) is expected
    assert dates_compatible(None, PartialDate.parse(a)) is False


def test_custody_bar_runs_from_arrest_to_release_and_court_events_are_marks(
    sqlite_store, make_extraction
):
    a = make_extraction("Ida Ferm was arrested in May 2020, tried in 2021 and freed in 2022.")
    a.person("Ida Ferm")
    a.event("arrest", "Ida Ferm", "Ida Ferm was arrested in May 2020", "2020-05")
    a.event("trial", "Ida Ferm", "tried in 2021", "2021")
    a.event("release", "Ida Ferm", "freed in 2022", "2022")
    save(sqlite_store, a)
    items = custody_chart_items(case_timeline(person_timeline(sqlite_store, "Ida Ferm").events))
    assert [(p.start.event.type, p.end.event.type) for p in items.periods] == [
        ("arrest", "release")
    ]
    assert [m.event.type for m in items.marks] == ["trial"]
