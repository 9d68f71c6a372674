"""The date normaliser: absolute, year-less and relative dates, offsets, never after publication."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from casefile.extract.components.temporal import document_dates
from casefile.extract.dates import (
    DateMention,
    document_anchor_years,
    find_dates,
    resolve_month_day,
)
from casefile.extract.pipeline import Pipeline
from casefile.ingest import Metadata, document_from_text
from casefile.model import PartialDate, Precision

MONTHS = list(calendar.month_name)[1:]
ABBREV = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.", "Jul.", "Aug.", "Sept.", "Oct.",
          "Nov.", "Dec."]
WEEKDAYS = list(calendar.day_name)


def only(text: str, published: PartialDate | None = None, **kw: object) -> DateMention:
    found = find_dates(text, published, **kw)  # type: ignore[arg-type]
    assert len(found) == 1, found
    return found[0]


def dates_of(text: str, published: PartialDate | None = None) -> list[str | None]:
    return [m.date.iso() if m.date else None for m in find_dates(text, published)]


def not_after(d: PartialDate, pub: PartialDate) -> bool:
    a = [x for x in (d.year, d.month, d.day) if x is not None]
    b = [x for x in (pub.year, pub.month, pub.day) if x is not None]
    n = min(len(a), len(b))
    return a[:n] <= b[:n]


P = PartialDate.parse
PUB = P("2023-12-01")  # a Friday


# --- absolute dates -------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The verdict came on 30 November 2023 in the capital.",
    "The verdict came on November 30, 2023 in the capital.",
    "The verdict came on Nov. 30, 2023 in the capital.",
    "The verdict came on 30.11.2023 in the capital.",
    "The verdict came on 2023-11-30 in the capital.",
    "The verdict came on the 30th of November 2023.",
    "The verdict came on Thursday, 30 November 2023.",
    "The verdict came on 30/11/2023.",
    "The verdict came on 11/30/2023.",
])
def test_absolute_day(text: str) -> None:
    m = only(text, P("2024-05-01"))
    assert m.date == P("2023-11-30") and not m.relative
    assert text[m.start:m.end] == m.text


def test_absolute_dates_ignore_publication() -> None:
    # a stated year is kept even when it follows publication (a scheduled hearing)
    assert only("The hearing is set for 4 March 2030.", PUB).date == P("2030-03-04")


def test_month_precision() -> None:
    assert dates_of("Police raided the office in March 2023.") == ["2023-03"]
    assert dates_of("Police raided the office in March of 2023.") == ["2023-03"]
    assert only("They met in March 2023.").text == "March 2023"


def test_ambiguous_slash_date_keeps_only_the_year() -> None:
    assert dates_of("Filed on 03/04/2021.") == ["2021"]


@pytest.mark.parametrize("text,expected", [
    ("She has been in custody since 2019.", ["2019"]),
    ("In 2018 the court closed the case.", ["2018"]),
    ("The group was banned in early 2016.", ["2016"]),
    ("Arrests continued until mid-2019.", ["2019"]),
    ("The law changed at the end of 2020.", ["2020"]),
    ("He edited the paper from 2015 to 2017.", ["2015", "2017"]),
    ("The 2018 court ruling was upheld.", ["2018"]),
    ("After the 2020 elections the crackdown began.", ["2020"]),
])
def test_bare_years_in_date_contexts(text: str, expected: list[str]) -> None:
    assert dates_of(text) == expected


@pytest.mark.parametrize("text", [
    "Under Article 2018 of the code he was charged.",
    "Police detained 2,018 people at the rally.",
    "He received an 11-year sentence.",
    "Repression grew in the 1990s.",
    "He paid a fine of 2000 roubles.",
    "The march drew in 2000 people from the region.",
    "The room number was 2018.",
])
def test_numbers_that_are_not_dates(text: str) -> None:
    assert find_dates(text, PUB) == []


# --- year-less dates ------------------------------------------------------------------------

def test_year_less_takes_publication_year() -> None:
    assert only("On 30 November he was detained.", PUB).date == P("2023-11-30")
    assert only("He was detained November 30.", PUB).date == P("2023-11-30")


def test_year_less_never_after_publication() -> None:
    # 5 December 2023 would follow the 1 December 2023 publication
    assert only("On 5 December he was detained.", PUB).date == P("2022-12-05")


def test_year_less_at_publication_month_precision() -> None:
    pub = P("2023-12")
    assert only("On 5 December he was detained.", pub).date == P("2023-12-05")
    assert only("On 5 November he was detained.", P("2023")).date == P("2023-11-05")


def test_year_less_falls_back_to_anchor_years() -> None:
    m = only("On 30 November he was detained.", None, anchor_years=[2015, 2019])
    assert m.date == P("2019-11-30")


def test_year_less_without_anchor() -> None:
    assert only("On 30 November he was detained.").date == PartialDate(None, 11, 30)


def test_month_without_year() -> None:
    assert only("In December he was released.", PUB).date == P("2023-12")
    assert only("In December he was released.", None, anchor_years=[2020]).date == P("2020-12")
    m = only("In December he was released.")
    assert m.date is None and not m.relative


def test_leap_day_without_year() -> None:
    assert only("On 29 February she was charged.", PUB).date == P("2020-02-29")


def test_invalid_day_is_no_date() -> None:
    assert find_dates("On 31 April nothing happened.", PUB) == []


@pytest.mark.parametrize("text,expected", [
    ("between 12 January and 3 February", ["2023-01-12", "2023-02-03"]),
    ("between 12 January and 3 February 2021", ["2021-01-12", "2021-02-03"]),
    ("from 25 December to 2 January 2021", ["2020-12-25", "2021-01-02"]),
    ("on 25-28 January 2022", ["2022-01-25", "2022-01-28"]),
    ("on January 25-28, 2021", ["2021-01-25", "2021-01-28"]),
    ("between January and March 2022", ["2022-01", "2022-03"]),
])
def test_ranges_give_two_mentions(text: str, expected: list[str]) -> None:
    found = find_dates(text, PUB)
    assert [m.date.iso() if m.date else None for m in found] == expected
    assert found[0].end <= found[1].start


# --- weekdays and relative dates ------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("He was detained on Tuesday.", "2023-11-28"),
    ("He was detained on Friday.", "2023-12-01"),  # the publication day itself counts
    ("He was detained in the early hours of Monday.", "2023-11-27"),
    ("He was detained last Friday.", "2023-11-24"),
    ("He was detained on Friday last week.", "2023-11-24"),
    ("He was detained on Tuesday this week.", "2023-11-28"),
])
def test_weekdays(text: str, expected: str) -> None:
    m = only(text, PUB)
    assert m.relative and m.date == P(expected)


@pytest.mark.parametrize("pub", [None, P("2023-12"), P("2023")])
def test_weekday_needs_a_day_precision_publication(pub: PartialDate | None) -> None:
    m = only("He was detained on Tuesday.", pub)
    assert m.relative and m.date is None


@pytest.mark.parametrize("text,expected", [
    ("Today the court ruled.", "2023-12-01"),
    ("Yesterday the court ruled.", "2023-11-30"),
    ("Three days ago the court ruled.", "2023-11-28"),
    ("Last year the court ruled.", "2022"),
    ("This year the court ruled.", "2023"),
    ("Last month the court ruled.", "2023-11"),
    ("Earlier this month the court ruled.", "2023-12"),
    ("Last week the court ruled.", "2023-11"),
    ("In March last year the court ruled.", "2022-03"),
    ("Last December the court ruled.", "2022-12"),
    ("Two weeks ago the court ruled.", "2023-11"),
])
def test_relative_resolved_against_publication(text: str, expected: str) -> None:
    m = only(text, PUB)
    assert m.relative and m.date == P(expected)


@pytest.mark.parametrize("text", [
    "Two days later he was charged.",
    "A week earlier he was charged.",
    "The next day he was charged.",
    "Tomorrow he will be charged.",
    "Next month he will be charged.",
    "He will be tried next Friday.",
])
def test_relative_without_anchor_or_in_future(text: str) -> None:
    m = only(text, PUB)
    assert m.relative and m.date is None


def test_today_needs_day_precision() -> None:
    assert only("Today the court ruled.", P("2023-12")).date is None
    assert only("Last year the court ruled.", P("2023-12")).date == P("2022")


def test_anchor_years() -> None:
    text = ("Six were jailed in 2023. The 2018 court ruling stood. He left in March "
            "2021. Article 2017 applies; 2,019 people marched. On 30 November he was seized.")
    assert document_anchor_years(text) == [2018, 2021, 2023]


def test_russian_table() -> None:
    text = "Его задержали 30 ноября 2023 года, а в ноябре прошлого года и вчера обыскали."
    found = find_dates(text, P("2024-01-15"), "ru")
    assert [m.date.iso() if m.date else None for m in found] == ["2023-11-30", "2023-11",
                                                                "2024-01-14"]


# --- properties -----------------------------------------------------------------------------

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def formats(d: date) -> list[str]:
    month = MONTHS[d.month - 1]
    out = [
        f"{d.day} {month} {d.year}", f"{month} {d.day}, {d.year}",
        f"{ABBREV[d.month - 1]} {d.day}, {d.year}", f"{d.day:02d}.{d.month:02d}.{d.year}",
        f"{d.day}.{d.month}.{d.year}", d.isoformat(), f"{_ordinal(d.day)} of {month} {d.year}",
        f"{WEEKDAYS[d.weekday()]}, {d.day} {month} {d.year}", f"{month} {_ordinal(d.day)} {d.year}",
    ]
    if d.day > 12:
        out += [f"{d.day}/{d.month}/{d.year}", f"{d.month}/{d.day}/{d.year}"]
    return out


@given(d=days, pub=st.one_of(st.none(), days), style=st.integers(0, 10))
def test_formatted_dates_parse_back(d: date, pub: date | None, style: int) -> None:
    forms = formats(d)
    text = f"It happened on {forms[style % len(forms)]}, the group said."
    published = PartialDate(pub.year, pub.month, pub.day) if pub else None
    m = only(text, published)
    assert m.date == PartialDate(d.year, d.month, d.day)
    assert text[m.start:m.end] == m.text


@given(d=days, month_only=st.booleans())
def test_month_year_parses_back(d: date, month_only: bool) -> None:
    month = MONTHS[d.month - 1]
    text = f"It happened in {month} of {d.year}." if month_only else f"Since {month} {d.year}."
    assert only(text).date == PartialDate(d.year, d.month)


pubs = st.builds(
    lambda d, precision: PartialDate(d.year, *(d.month, d.day)[:precision]),
    days, st.integers(0, 2),
)


@given(d=days, pub=pubs, style=st.sampled_from(["On {d} {m}", "{m} {d}", "on the {o} of {m}"]))
def test_year_less_resolves_to_latest_on_or_before_publication(
    d: date, pub: PartialDate, style: str
) -> None:
    assert pub.year is not None
    assume(pub.year >= 1910)
    text = style.format(d=d.day, m=MONTHS[d.month - 1], o=_ordinal(d.day)) + " he was held."
    got = only(text, pub).date
    assert got is not None and got.precision is Precision.DAY
    assert (got.month, got.day) == (d.month, d.day)
    assert not_after(got, pub)
    assert got.year is not None
    later = [y for y in range(got.year + 1, pub.year + 1)
             if d.day <= calendar.monthrange(y, d.month)[1]]
    assert all(not not_after(PartialDate(y, d.month, d.day), pub) for y in later)


@given(pub=days, wd=st.integers(0, 6), last=st.booleans())
def test_weekday_is_latest_on_or_before_publication(pub: date, wd: int, last: bool) -> None:
    text = f"Police came {'last' if last else 'on'} {WEEKDAYS[wd]}."
    got = only(text, PartialDate(pub.year, pub.month, pub.day)).date
    assert got is not None
    back = (pub - date.fromisoformat(got.iso())).days
    assert date.fromisoformat(got.iso()).weekday() == wd
    assert (1 <= back <= 7) if last else (0 <= back <= 6)


RELATIVE_PHRASES = [
    "Monday", "last Sunday", "Friday last week", "this Wednesday", "yesterday", "today",
    "last year", "this year", "last month", "earlier this month", "last week", "this weekend",
    "last weekend", "three days ago", "two weeks ago", "four months ago", "in December",
    "on 30 November", "March 5", "last March", "in June this year", "next year", "tomorrow",
    "the year before last", "in October last year", "on 29 February", "two days later",
]


@given(
    pub=pubs,
    picks=st.lists(st.sampled_from(RELATIVE_PHRASES), min_size=1, max_size=6),
    fillers=st.lists(st.text(alphabet="abcxyz ,;.()-", max_size=8), min_size=6, max_size=6),
)
def test_never_after_publication(
    pub: PartialDate, picks: list[str], fillers: list[str]
) -> None:
    text = " ".join(f"{p} {f} ." for p, f in zip(picks, fillers, strict=False))
    for m in find_dates(text, pub):
        assert text[m.start:m.end] == m.text
        if m.date is not None:
            assert not_after(m.date, pub), (m, pub)


@given(
    d=days, style=st.integers(0, 10), pub=st.one_of(st.none(), pubs),
    before=st.text(max_size=40), after=st.text(max_size=40),
)
@settings(max_examples=300)
def test_offsets_in_random_surroundings(
    d: date, style: int, pub: PartialDate | None, before: str, after: str
) -> None:
    forms = formats(d)
    phrase = forms[style % len(forms)]
    text = f"{before} ({phrase}) {after}"
    found = find_dates(text, pub)
    for m in found:
        assert text[m.start:m.end] == m.text
    for a, b in zip(found, found[1:], strict=False):
        assert a.end <= b.start
    start = len(before) + 2
    hit = [m for m in found if m.start == start and m.end == start + len(phrase)]
    assert hit and hit[0].date == PartialDate(d.year, d.month, d.day)


@given(text=st.text(max_size=200), pub=st.one_of(st.none(), pubs))
def test_any_text_gives_consistent_mentions(text: str, pub: PartialDate | None) -> None:
    found = find_dates(text, pub, anchor_years=[2020])
    for m in found:
        assert text[m.start:m.end] == m.text and m.start < m.end
    for a, b in zip(found, found[1:], strict=False):
        assert a.end <= b.start


partials = st.one_of(
    st.builds(PartialDate, st.integers(1900, 2100)),
    st.builds(PartialDate, st.integers(1900, 2100), st.integers(1, 12)),
    st.builds(PartialDate, st.integers(1900, 2100), st.integers(1, 12), st.integers(1, 28)),
    st.builds(PartialDate, st.none(), st.integers(1, 12), st.integers(1, 28)),
)


@given(partials)
def test_partial_date_iso_round_trip(d: PartialDate) -> None:
    assert PartialDate.parse(d.iso()) == d


@given(month=st.integers(1, 12), day=st.integers(1, 28),
       anchors=st.lists(st.integers(1900, 2100), max_size=4))
def test_resolve_month_day_without_publication(month: int, day: int, anchors: list[int]) -> None:
    got = resolve_month_day(month, day, None, anchors)
    assert got == PartialDate(max(anchors) if anchors else None, month, day)
    assert resolve_month_day(month, None, None, anchors) == (
        PartialDate(max(anchors), month) if anchors else None)


def test_resolve_month_day_prefers_publication_over_anchors() -> None:
    assert resolve_month_day(11, 30, PUB, [2015]) == P("2023-11-30")
    assert resolve_month_day(12, None, P("2024-01-10"), []) == P("2023-12")


def test_weekday_offsets_are_exact_days() -> None:
    pub = date(2020, 1, 27)  # a Monday
    m = only("Police came in the early hours of Monday.", P(pub.isoformat()))
    assert m.date == P(pub.isoformat())
    m = only("Police came on Sunday.", P(pub.isoformat()))
    assert m.date == P((pub - timedelta(days=1)).isoformat())


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("Police came on 5 June 2023. The following morning he was freed.", "en", "2023-06-06"),
    ("Полиция пришла 5 июня 2023 года. На следующий день его задержали.", "ru", "2023-06-06"),
    ("Полиция пришла 5 июня 2023 года. На другой день его задержали.", "ru", "2023-06-06"),
    ("Полиция пришла 5 июня 2023 года. Три дня спустя его задержали.", "ru", "2023-06-08"),
])
def test_relative_day_counted_from_the_date_told_before(
    text: str, language: str, expected: str
) -> None:
    from casefile.extract.components.temporal import document_dates

    found = document_dates(text, PUB, language)
    assert [m.date for m in found] == [P("2023-06-05"), P(expected)]


@pytest.mark.parametrize(("text", "language"), [
    ("Акция прошла 3 августа 2023 года. Задержали его накануне.", "ru"),
    ("The march was on 3 August 2023. The day before his arrest he spoke.", "en"),
])
def test_the_eve_is_not_counted_from_the_date_told_before(text: str, language: str) -> None:
    """«Накануне» and "the day before" are as often the eve of the day of writing, or of an
    event, as of the date told before."""
    from casefile.extract.components.temporal import document_dates

    assert [m.date for m in document_dates(text, PUB, language)] == [P("2023-08-03"), None]


# --- a weekday told with a year-less date, in a text with no publication date -------------


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # 12 March fell on a Tuesday in 2024, not in the text's 2023
        ("Held in August 2023. This Tuesday (March 12), they were sentenced.", "en",
         "2024-03-12"),
        ("Held in 2023. On Tuesday, 19 March, he was released.", "en", "2024-03-19"),
        # the first agreeing year from the text's latest one on: 17 April 2024 was a Wednesday
        ("Задержан в 2020 году. В среду, 17 апреля, суд отклонил жалобу.", "ru",
         "2024-04-17"),
        # no weekday: the text's latest year, as before
        ("Held in August 2023. On March 12 they were sentenced.", "en", "2023-03-12"),
    ],
)
def test_a_weekday_decides_the_year_without_publication(
    text: str, language: str, expected: str
) -> None:
    found = [m for m in document_dates(text, None, language) if m.date and m.date.day]
    assert [m.date.iso() for m in found if m.date] == [expected]


def test_publication_still_decides_when_known() -> None:
    # Published in 2030: the publication rule, not the weekday, gives the year.
    text = "This Tuesday (March 12), they were sentenced."
    found = [m for m in document_dates(text, PartialDate(2030, 4, 1), "en")
             if m.text == "March 12"]
    assert [m.date.iso() for m in found if m.date] == ["2030-03-12"]


@pytest.mark.parametrize("text, language, year", [
    ("The reporter was shot on a Sunday in 2009 outside his office.", "en", 2009),
    ("The clinic was raided one Friday, in 2011, neighbours recall.", "en", 2011),
    ("Его задержали в субботу в 2012 году у дома.", "ru", 2012),
])
def test_a_weekday_of_a_stated_year_is_not_the_last_one_before_publication(
    text: str, language: str, year: int
) -> None:
    found = find_dates(text, PartialDate(2024, 3, 20), language)
    assert [m.date for m in found] == [PartialDate(year)]



@pytest.mark.parametrize("text", [
    "On 4 March police arrested Ivo Marsk. He is a poet.",
    "Rights groups condemned the raids. On 4 March police arrested Ivo Marsk.",
])
def test_a_date_the_parser_hung_on_the_subject_dates_the_verb(text: str) -> None:
    # "On 4 March police": the parser reads the date as a modifier of "police"
    document = document_from_text(text, Metadata(PartialDate(2024, 6, 20), "en"))
    events = Pipeline()(document).events
    assert [(e.type, e.date) for e in events] == [("arrest", PartialDate(2024, 3, 4))]


def test_a_year_before_a_noun_still_dates_the_noun() -> None:
    text = "Police arrested Ivo Marsk over the 2019 protests."
    document = document_from_text(text, Metadata(PartialDate(2024, 6, 20), "en"))
    assert [e.date for e in Pipeline()(document).events if e.type == "arrest"] == [None]
