"""The term normaliser: phrases, ISO durations, kinds, and comparison by value."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casefile.extract.terms import (
    TermMention,
    duration_months_days,
    durations_equal,
    find_terms,
    parse_duration,
)
from casefile.model import TERM_KINDS

UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def words(n: int) -> str:
    if n < 20:
        return UNITS[n]
    tens, unit = divmod(n, 10)
    return TENS[tens] + (f"-{UNITS[unit]}" if unit else "")


def one(text: str) -> TermMention:
    found = find_terms(text)
    assert len(found) == 1, found
    m = found[0]
    assert text[m.start:m.end] == m.text
    assert m.term_kind is None or m.term_kind in TERM_KINDS
    return m


@pytest.mark.parametrize("phrase,iso", [
    ("seven years", "P7Y"),
    ("two and a half years", "P2Y6M"),
    ("18 months", "P18M"),
    ("11-year", "P11Y"),
    ("15 years’", "P15Y"),
    ("15 years'", "P15Y"),
    ("23.3 years", "P23Y4M"),
    ("11.5 years", "P11Y6M"),
    ("a year and a half", "P1Y6M"),
    ("one and a half years", "P1Y6M"),
    ("half a year", "P6M"),
    ("six months", "P6M"),
    ("15 days", "P15D"),
    ("three weeks", "P21D"),
    ("eight years and six months", "P8Y6M"),
    ("8 years, 9 months", "P8Y9M"),
    ("twenty-five years", "P25Y"),
    ("a two-and-a-half-year", "P2Y6M"),
    ("Seven Years", "P7Y"),
])
def test_parse_duration(phrase: str, iso: str) -> None:
    assert parse_duration(phrase) == iso


@pytest.mark.parametrize("phrase", ["three to 11 years", "between six months and five years",
                                    "up to ten years", "the committee", ""])
def test_parse_duration_without_a_single_length(phrase: str) -> None:
    assert parse_duration(phrase) is None


@pytest.mark.parametrize("text,term,kind", [
    ("The court sentenced him to seven years in prison.", "P7Y", "prison"),
    ("She was jailed for six years and six months.", "P6Y6M", "prison"),
    ("He got four years in a penal colony.", "P4Y", "prison"),
    ("He is serving a nine-year prison term.", "P9Y", "prison"),
    ("He was sentenced to 12 years' imprisonment.", "P12Y", "prison"),
    ("The judge gave him ten years of imprisonment.", "P10Y", "prison"),
    ("A court in Velsk gave him five years.", "P5Y", None),
    ("She was sentenced to 14 days of administrative detention.", "P14D",
     "administrative_detention"),
    ("He was sentenced to ten days of administrative arrest.", "P10D",
     "administrative_detention"),
    ("A judge sentenced him to 13 days.", "P13D", "administrative_detention"),
    # the phrase after a term counted in days is that term's, not a second, kind-only one
    ("He is serving a 12-day administrative jail sentence.", "P12D",
     "administrative_detention"),
    ("She received a 9-day jail sentence.", "P9D", "administrative_detention"),
    # counted in months as well as weeks: not a term counted only in days
    ("He was jailed for two months and three weeks.", "P2M21D", "prison"),
    ("He received a two-year suspended sentence.", "P2Y", "suspended"),
    ("She was sentenced to three years suspended.", "P3Y", "suspended"),
    ("He was sentenced to two years on probation.", "P2Y", "suspended"),
    ("He was given a suspended sentence of 18 months.", "P18M", "suspended"),
    ("She was sentenced to two years of restricted freedom.", "P2Y", "restricted_freedom"),
    ("He was sentenced to three years of restriction of freedom.", "P3Y",
     "restricted_freedom"),
    ("She was sentenced to four years under house arrest.", "P4Y", "restricted_freedom"),
    ("He was sentenced to one year of corrective labour.", "P1Y", "other"),
    ("He was sentenced to seven years.", "P7Y", None),
])
def test_find_terms_kinds(text: str, term: str, kind: str | None) -> None:
    m = one(text)
    assert (m.term, m.term_kind) == (term, kind)


@pytest.mark.parametrize("text,language,terms", [
    ("The court sentenced X to four years, Y to six years and Z to two years in prison.",
     "en", ["P4Y", "P6Y", "P2Y"]),
    ("Суд приговорил Х к четырем годам, Y к шести годам и Z к двум годам колонии.", "ru",
     ["P4Y", "P6Y", "P2Y"]),
    # a number after "to" with no term before it is not a term: no verb governs it
    ("They drove to 12 villages in two days.", "en", []),
])
def test_a_list_of_terms_after_one_verb(text: str, language: str, terms: list[str]) -> None:
    assert [m.term for m in find_terms(text, language)] == terms


@pytest.mark.parametrize("text,kind", [
    ("He was sentenced to life imprisonment.", "life"),
    ("The court condemned the mayor to life prison.", "life"),
    ("The court handed down a life sentence.", "life"),
    ("She was sentenced to death in absentia.", "death"),
    ("A tribunal sentenced the poet Lidan Okoro to death.", "death"),
    ("The court sentenced Ivo Marsk in absentia to death.", "death"),
    ("The court upheld his death sentence.", "death"),
    ("He was given a suspended sentence.", "suspended"),
    ("He was sentenced to restricted freedom.", "restricted_freedom"),
    ("He was sentenced to a lengthy prison term.", "prison"),
    ("She was sentenced to pay a fine.", "fine"),
])
def test_kinds_without_a_length(text: str, kind: str) -> None:
    m = one(text)
    assert (m.term, m.term_kind) == (None, kind)


@pytest.mark.parametrize("text,phrase", [
    ("The two editors were sentenced to three to 11 years in prison.", "three to 11 years"),
    ("He faces between six months and five years in prison.",
     "between six months and five years"),
    ("He faces up to ten years in prison.", "up to ten years"),
])
def test_ranges_and_inexact_lengths(text: str, phrase: str) -> None:
    m = one(text)
    assert m.text == phrase and m.term is None and m.term_kind == "prison"


def test_two_terms_respectively() -> None:
    found = find_terms("The judge sentenced both printers to one and four years of "
                       "restricted freedom respectively.")
    assert [(m.text, m.term, m.term_kind) for m in found] == [
        ("one", "P1Y", "restricted_freedom"), ("four years", "P4Y", "restricted_freedom")]


def test_each_term_takes_its_own_kind() -> None:
    found = find_terms("She got two years in prison, while her colleague received a "
                       "one-year suspended sentence.")
    assert [(m.term, m.term_kind) for m in found] == [("P2Y", "prison"), ("P1Y", "suspended")]


def test_probation_period_is_not_a_second_term() -> None:
    found = find_terms("He was sentenced to three years in prison, suspended for two years.")
    assert [(m.term, m.term_kind) for m in found] == [("P3Y", "suspended")]


@pytest.mark.parametrize("text", [
    "A 40-year-old man was detained near the court.",
    "For 20 years he worked as a teacher.",
    "She set five national records.",
    "Two years after his arrest, the case was closed.",
    "He spent 417 days in prison without trial.",
    "After ten years in prison he was released.",
    "The trial lasted 15 days.",
    "He was 30 years old when he was arrested.",
    "At 65 years of age she was jailed again.",
    "Holding students for two months while arresting others was criticised.",
])
def test_not_terms(text: str) -> None:
    assert find_terms(text) == []


def test_year_before_to_is_no_range() -> None:
    m = one("She was detained in 2016 and sentenced in 2019 to nine years in prison.")
    assert (m.text, m.term, m.term_kind) == ("nine years", "P9Y", "prison")


def test_earlier_kind_only_sentence_beside_a_term() -> None:
    found = find_terms("While serving a conditional sentence for theft, he was jailed for "
                       "nine years.")
    assert [(m.term, m.term_kind) for m in found] == [(None, "suspended"), ("P9Y", "prison")]


def test_age_beside_a_term() -> None:
    m = one("The 40-year-old activist was sentenced to seven years in prison.")
    assert (m.text, m.term) == ("seven years", "P7Y")


def test_russian_table() -> None:
    found = find_terms("Суд приговорил его к семи годам колонии, а её — к двум годам условно.",
                       "ru")
    assert [(m.term, m.term_kind) for m in found] == [("P7Y", "prison"), ("P2Y", "suspended")]
    assert find_terms("Ему назначили 15 суток административного ареста.", "ru")[0].term == "P15D"



@pytest.mark.parametrize("text,term", [
    ("A court in Velsk sentenced Tomas Berek to 7 1/2 years in prison.", "P7Y6M"),
    ("Clara Domov was jailed for 4½ years.", "P4Y6M"),
    # a provision's number before "to" opens no range, and a range never runs downwards
    ("He was sentenced under Article 212 to three and a half years' imprisonment.", "P3Y6M"),
    ("She was sentenced under Article 3 to five years in prison.", "P5Y"),
    ("He was sentenced on 12 counts to two years in prison.", "P2Y"),
])
def test_halves_and_numbers_before_a_term(text: str, term: str) -> None:
    assert one(text).term == term


def test_two_terms_respectively_may_run_downwards() -> None:
    found = find_terms("The two were given 12 and 8 days in jail, respectively.")
    assert [m.term for m in found] == ["P12D", "P8D"]


@pytest.mark.parametrize("text,kind", [
    # GUIDELINES.md: a partly suspended term is the whole term, in prison
    ("Ilse Marov was sentenced to seven years, of which three are suspended.", "prison"),
    ("Ilse Marov was sentenced to a partly suspended term of four years.", "prison"),
    ("Ilse Marov was sentenced to two years with the sentence suspended.", "suspended"),
])
def test_a_term_partly_suspended_is_a_prison_term(text: str, kind: str) -> None:
    assert one(text).term_kind == kind


def test_three_terms_in_a_row() -> None:
    found = find_terms("The court sentenced them to 5 years, 6.5 years and 7 years in prison "
                       "respectively.")
    assert [m.term for m in found] == ["P5Y", "P6Y6M", "P7Y"]


@pytest.mark.parametrize("text,term", [
    ("Суд приговорил Ворсина к 5 годам и 1 месяцу колонии общего режима.", "P5Y1M"),
    ("Ему назначили наказание в виде лишения свободы сроком 2 года и 6 месяцами.", "P2Y6M"),
    ("Суд арестовал его на 10 суток.", "P10D"),
    ("Он осуждён по ч. 2 ст. 280 к 4 годам колонии.", "P4Y"),
])
def test_russian_case_forms_and_provisions(text: str, term: str) -> None:
    found = find_terms(text, "ru")
    assert [m.term for m in found] == [term]


def test_russian_regime_names_a_colony() -> None:
    assert [(m.term, m.term_kind) for m in find_terms("Ворсину дали 6 лет строгого режима.",
                                                      "ru")] == [("P6Y", "prison")]


def test_russian_terms_in_a_row() -> None:
    found = find_terms("Суд приговорил их к 5 годам, 6,5 лет и 7 годам лишения свободы "
                       "соответственно.", "ru")
    assert [m.term for m in found] == ["P5Y", "P6Y6M", "P7Y"]

# --- comparison by value -------------------------------------------------------------------

@pytest.mark.parametrize("iso,value", [("P18M", (18, 0)), ("P1Y6M", (18, 0)), ("P15D", (0, 15)),
                                       ("P2W", (0, 14)), ("P7Y", (84, 0))])
def test_duration_months_days(iso: str, value: tuple[int, int]) -> None:
    assert duration_months_days(iso) == value


@pytest.mark.parametrize("junk", ["", "P", "7Y", "P7", "PT5H", "P1.5Y", "seven years", "P-1Y"])
def test_duration_months_days_rejects_junk(junk: str) -> None:
    with pytest.raises(ValueError):
        duration_months_days(junk)


def test_durations_equal() -> None:
    assert durations_equal("P18M", "P1Y6M")
    assert durations_equal(None, None)
    assert not durations_equal("P18M", None)
    assert not durations_equal("P1Y", "P13M")
    assert durations_equal("life", "life") and not durations_equal("life", "P1Y")


@given(y=st.integers(0, 60), m=st.integers(0, 11))
def test_durations_equal_by_value(y: int, m: int) -> None:
    total = y * 12 + m
    if total:
        assert durations_equal(f"P{y}Y{m}M", f"P{total}M")
        assert not durations_equal(f"P{total}M", f"P{total + 1}M")


def iso(y: int, m: int = 0, d: int = 0) -> str:
    return "P" + "".join(f"{n}{u}" for n, u in ((y, "Y"), (m, "M"), (d, "D")) if n)


@given(y=st.integers(1, 99), m=st.integers(1, 11), as_words=st.booleans(),
       form=st.sampled_from(["{Y} years and {M} months", "{Y} years, {M} months",
                             "{Y} years {M} months"]))
def test_parse_duration_years_and_months(y: int, m: int, as_words: bool, form: str) -> None:
    render = words if as_words else str
    phrase = form.format(Y=render(y), M=render(m))
    assert parse_duration(phrase) == iso(y, m)


@given(n=st.integers(1, 99), as_words=st.booleans(),
       form=st.sampled_from(["{N} years", "{N}-year", "{N} months", "{N}-month", "{N} days",
                             "{N} and a half years", "{N} years’"]))
def test_parse_duration_single_unit(n: int, as_words: bool, form: str) -> None:
    phrase = form.format(N=words(n) if as_words else str(n))
    expected = {"{N} years": iso(n), "{N}-year": iso(n), "{N} years’": iso(n),
                "{N} months": f"P{n}M", "{N}-month": f"P{n}M", "{N} days": f"P{n}D",
                "{N} and a half years": iso(n, 6)}[form]
    assert parse_duration(phrase) == expected


@given(tenths=st.integers(1, 999))
def test_fractional_years_round_to_months(tenths: int) -> None:
    got = parse_duration(f"{tenths / 10:.1f} years")
    assert got is not None
    months, days = duration_months_days(got)
    assert days == 0 and abs(months - tenths * 12 / 10) <= 0.5


@given(y=st.integers(1, 40), m=st.integers(0, 11), as_words=st.booleans(),
       where=st.sampled_from(["in prison", "in a penal colony", "of imprisonment"]))
def test_find_terms_in_a_sentence(y: int, m: int, as_words: bool, where: str) -> None:
    render = words if as_words else str
    phrase = f"{render(y)} years" + (f" and {render(m)} months" if m else "")
    text = f"On Monday the court sentenced the reporter to {phrase} {where}."
    found = one(text)
    assert found.text == phrase and found.term_kind == "prison"
    assert durations_equal(found.term, iso(y, m))


def test_death_told_after_a_list_is_the_words_to_death() -> None:
    text = "The court sentenced Ivo Marsk to ten years and Tarn Eldrich to death."
    found = [(m.text, m.term, m.term_kind) for m in find_terms(text)]
    assert found == [("ten years", "P10Y", None), ("to death", None, "death")]


@pytest.mark.parametrize("text", [
    "He was sentenced for beating a guard to death.",
    "Guards beat him to death before he was sentenced.",
])
def test_a_killing_to_death_is_no_death_sentence(text: str) -> None:
    assert [m.term_kind for m in find_terms(text)] == []
