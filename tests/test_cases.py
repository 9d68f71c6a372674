"""The case rules: status derivation, chronological order, summaries and timelines."""

from __future__ import annotations

import pytest

from casefile.model import Event, Evidence, Provenance
from casefile.services.cases import (
    AmbiguousPerson,
    PersonNotFound,
    fold_status,
    list_cases,
    person_timeline,
    render_cases,
    render_timeline,
)
from casefile.store import StoreError

_EV = Evidence("0" * 64, 0, 0, "")
_PROV = Provenance("test", "1")


def ev(spec: str) -> Event:
    """'sentence:prison' -> a sentence with term_kind prison."""
    type_, _, term_kind = spec.partition(":")
    return Event(type_, "X", _EV, _PROV, term_kind=term_kind or None)


STATUS_CASES = [
    ([], "unknown"),
    (["arrest"], "detained"),
    (["arrest", "sentence:prison"], "imprisoned"),
    (["sentence:life"], "imprisoned"),
    (["sentence:death"], "imprisoned"),
    (["sentence:administrative_detention"], "imprisoned"),
    (["arrest", "sentence:suspended"], "sentenced (non-custodial)"),
    (["sentence:restricted_freedom"], "sentenced (non-custodial)"),
    (["sentence:fine"], "sentenced (non-custodial)"),
    (["sentence"], "sentenced"),
    (["sentence:other"], "sentenced"),
    (["arrest", "release"], "released"),
    (["arrest", "trial", "acquittal"], "released"),
    (["disappearance"], "disappeared"),
    (["arrest", "disappearance"], "disappeared"),
    (["arrest", "death"], "deceased"),
    (["death", "arrest", "release"], "deceased"),
    (["investigation"], "under investigation"),
    (["search", "charge"], "under investigation"),
    (["charge", "trial"], "on trial"),
    (["conviction"], "convicted"),
    (["trial", "conviction", "appeal"], "convicted"),
    (["conviction", "sentence:suspended", "appeal"], "sentenced (non-custodial)"),
    (["arrest", "trial"], "detained"),  # custody is not hidden by a hearing
    (["arrest", "charge", "conviction"], "detained"),
    (["sentence:prison", "charge"], "imprisoned"),  # e.g. an undated charge recounted
    (["sentence:prison", "arrest"], "imprisoned"),
    (["sentence:prison", "restriction"], "imprisoned"),  # an additional penalty
    (["sentence:suspended", "restriction"], "sentenced (non-custodial)"),
    (["restriction"], "restricted"),
    (["charge", "restriction"], "restricted"),
    (["fine"], "sentenced (non-custodial)"),
    (["harassment"], "at risk"),
    (["ill_treatment", "harassment"], "at risk"),
    (["arrest", "ill_treatment"], "detained"),
    (["sentence:prison", "harassment"], "imprisoned"),
    (["arrest", "release", "harassment"], "released"),
    (["arrest", "release", "charge"], "under investigation"),
    (["sentence:prison", "release", "arrest"], "detained"),
    (["designation"], "unknown"),
]


@pytest.mark.parametrize(("sequence", "expected"), STATUS_CASES)
def test_status_rules(sequence, expected):
    assert fold_status(ev(s) for s in sequence) == expected


# -- through a real database -----------------------------------------------------------

A_TEXT = (
    "Ana Ruiz was arrested on 2 March 2023. She was charged with treason. "
    "On 30 November 2023 she was sentenced to six years in prison. She was beaten."
)
B_TEXT = "Ana Ruiz was released in 2024. She was threatened afterwards."
C_TEXT = "Police searched the home of Ana Ruiz. Ivan Petrov was arrested on 5 May 2023."


@pytest.fixture
def stored(sqlite_store, make_extraction):
    a = make_extraction(A_TEXT, published="2023-12-01")
    a.person("Ana Ruiz", roles=["journalist"], country="VE")
    # Listed out of text order on purpose: order must come from dates and positions.
    a.event("sentence", "Ana Ruiz", "she was sentenced to six years in prison", "2023-11-30",
            term="P6Y", term_kind="prison", charges=["treason"])  # fmt: skip
    a.event("ill_treatment", "Ana Ruiz", "She was beaten")
    a.event("charge", "Ana Ruiz", "She was charged with treason", charges=["treason"])
    a.event("arrest", "Ana Ruiz", "Ana Ruiz was arrested on 2 March 2023", "2023-03-02")
    b = make_extraction(B_TEXT, published="2024-06-01")
    b.event("harassment", "Ana Ruiz", "She was threatened afterwards")
    b.event("release", "Ana Ruiz", "Ana Ruiz was released in 2024", "2024")
    c = make_extraction(C_TEXT, published="2023-06-01")
    c.event("search", "Ana Ruiz", "Police searched the home of Ana Ruiz")
    c.event("arrest", "Ivan Petrov", "Ivan Petrov was arrested on 5 May 2023", "2023-05-05")
    for x in (a, b, c):
        sqlite_store.save_extraction(x.build(), x.original)
    return sqlite_store


def test_timeline_orders_dated_then_undated_by_document_and_position(stored):
    timeline = person_timeline(stored, "Ana Ruiz")
    assert [e.event.type for e in timeline.events] == [
        "arrest",  # 2023-03-02
        "search",  # undated, document C published 2023-06-01
        "sentence",  # 2023-11-30
        "charge",  # undated, after document A's latest date, in text order
        "ill_treatment",
        "release",  # 2024
        "harassment",  # undated, after document B's latest date
    ]
    assert timeline.status == "released"
    first = timeline.events[0]
    assert first.event.evidence.quote == "Ana Ruiz was arrested on 2 March 2023"
    assert stored.get_document(first.event.evidence.document_id).text == A_TEXT


def test_list_cases_summarises_each_person(stored):
    cases = {c.name: c for c in list_cases(stored)}
    assert list(cases) == ["Ana Ruiz", "Ivan Petrov"]  # sorted by name
    ana = cases["Ana Ruiz"]
    assert (ana.country, ana.roles, ana.status) == ("VE", ("journalist",), "released")
    assert (ana.last_event_type, str(ana.last_event_date)) == ("harassment", "None")
    assert (ana.documents, ana.events) == (3, 7)
    ivan = cases["Ivan Petrov"]
    assert (ivan.status, ivan.last_event_type, str(ivan.last_event_date)) == (
        "detained",
        "arrest",
        "2023-05-05",
    )
    assert (ivan.documents, ivan.events) == (1, 1)


def test_rejected_release_changes_the_status_back(stored):
    stored.conn.execute("UPDATE events SET review_status = 'rejected' WHERE type = 'release'")
    [ana] = [c for c in list_cases(stored) if c.name == "Ana Ruiz"]
    assert ana.status == "imprisoned" and ana.events == 6


@pytest.mark.parametrize("query", ["ruiz", "ANA RUIZ", "Ána  Ruiz", "Ruiz Ana"])
def test_timeline_finds_a_person_by_normalised_name_or_words(stored, query):
    assert person_timeline(stored, query).person.name == "Ana Ruiz"


def test_timeline_by_id(stored):
    [ana] = stored.find_persons("Ana Ruiz")
    assert person_timeline(stored, ana.id).person.name == "Ana Ruiz"
    assert person_timeline(stored, str(ana.id)).person.name == "Ana Ruiz"


def test_unknown_and_ambiguous_names_say_so(stored, make_extraction):
    other = make_extraction("Ana Gomez was arrested.").event("arrest", "Ana Gomez", "was arrested")
    stored.save_extraction(other.build(), other.original)
    with pytest.raises(AmbiguousPerson, match="Ana Gomez, Ana Ruiz") as err:
        person_timeline(stored, "Ana")
    assert len(err.value.candidates) == 2
    with pytest.raises(PersonNotFound, match="Nobody"):
        person_timeline(stored, "Nobody")
    with pytest.raises(StoreError):  # so callers report it as one line
        person_timeline(stored, "9999")


def test_renderings_show_status_and_quotes(stored):
    table = render_cases(list_cases(stored))
    assert table.splitlines()[0].split()[:2] == ["person", "country"]
    assert "Ana Ruiz" in table and "released" in table
    text = render_timeline(person_timeline(stored, "Ruiz"))
    assert text.startswith("Ana Ruiz (VE): released")
    assert '"she was sentenced to six years in prison"' in text
    assert "P6Y prison" in text
    assert render_cases([]) == "no cases yet"
