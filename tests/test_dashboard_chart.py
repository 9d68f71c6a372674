"""The dashboard's chart: the whole range of dated events by default, a range picked
with a plain GET form, a bar a year over long ranges, and every bar a link to the case
list filtered to its type and period; types told apart by a pattern as well as a
colour, periods written in words in the reader's language."""

from __future__ import annotations

import html
import re

import web_support

client, seeded = web_support.client, web_support.seeded  # fixtures

BAR = re.compile(
    r'<a href="([^"]+)"[^>]*data-testid="chart-bar-link">\s*<rect [^>]*data-month="([\d-]+)"'
    r' data-type="(\w+)" data-count="(\d+)"'
)


def bars(page: str) -> dict[tuple[str, str], tuple[int, str]]:
    """(period, type) -> (count, link)."""
    return {(m, t): (int(n), html.unescape(href)) for href, m, t, n in BAR.findall(page)}


def case_names(page: str) -> list[str]:
    return re.findall(r'data-testid="case-link">([^<]+)</a>', page)


def test_the_chart_spans_every_dated_event_and_its_bars_open_the_cases(client):
    page = client.get("/").text
    found = bars(page)
    # From the first dated event (March 2023) to the last (June 2024), a bar a month.
    assert {"2023-03", "2023-11", "2024-05", "2024-06"} <= {m for m, _ in found}
    assert found[("2023-03", "arrest")][0] == 1
    count, link = found[("2024-05", "arrest")]
    assert link == "/cases?event_type=arrest&date_from=2024-05&date_to=2024-05"
    assert case_names(client.get(link).text) == ["Anna Petrova"]
    assert case_names(client.get(found[("2023-11", "sentence")][1]).text) == [
        "Marat Zholdybayev"]  # fmt: skip
    assert "Events per month by type, March 2023 to June 2024" in page


def test_a_picked_range_narrows_the_chart_and_stays_in_the_form(client):
    page = client.get("/?from=2024-01&to=2024-12").text
    months = {m for m, _ in bars(page)}
    assert months and all(m.startswith("2024-") for m in months)
    assert 'name="from" value="2024-01"' in page and 'name="to" value="2024-12"' in page
    assert 'data-testid="chart-whole-range"' in page
    # A year alone is its first or last month.
    assert {m for m, _ in bars(client.get("/?from=2023&to=2023").text)} == {"2023-03", "2023-11"}
    empty = client.get("/?from=2020-01&to=2020-06").text
    assert 'data-testid="events-chart-empty"' in empty and "in this range" in empty


def test_a_long_range_is_drawn_a_bar_a_year_linked_to_the_year(client):
    page = client.get("/?from=2019-01&to=2024-12").text
    found = bars(page)
    assert {m for m, _ in found} == {"2023", "2024"}
    assert found[("2023", "sentence")][0] == 1
    link = found[("2023", "arrest")][1]
    assert link == "/cases?event_type=arrest&date_from=2023&date_to=2023"
    assert case_names(client.get(link).text) == ["Marat Zholdybayev"]
    assert "Events per year" in page


def test_bad_months_are_a_400_naming_the_field(client):
    for query, words in (("from=2024-13", "from: a month"), ("to=March", "to: a month"),
                         ("from=2024-06&to=2024-01", "is after"), ("from=0999", "a year")):
        answer = client.get(f"/?{query}")
        assert answer.status_code == 400, query
        assert words in html.unescape(answer.text), query


def _axis_labels(page: str) -> list[str]:
    return re.findall(r'<text class="axis" [^>]*text-anchor="middle">([^<]+)</text>', page)


def test_axis_and_bars_name_the_months_in_the_readers_language(client):
    page = client.get("/").text
    labels = _axis_labels(page)
    assert labels and labels[0] == "Mar 2023", labels
    assert not any(re.fullmatch(r"\d{4}-\d\d", label) for label in labels), labels
    assert 'aria-label="March 2023: 1 arrest, show the cases"' in page
    client.cookies.set("casefile_language", "ru")
    russian = client.get("/").text
    assert _axis_labels(russian)[0].startswith("март 2023"), _axis_labels(russian)
    assert re.search(r"март 2023\sг\.: 1 — задержание", html.unescape(russian))
    # the machine values stay: links and data attributes
    assert bars(russian)[("2023-03", "arrest")][1].endswith("date_from=2023-03&date_to=2023-03")


def test_each_type_has_its_own_pattern_in_the_bars_and_the_legend(client):
    page = client.get("/").text
    drawn = re.findall(r'<pattern id="pattern-(\w+)"[^>]*data-testid="chart-pattern"'
                       r' data-type="(\w+)">\s*(.*?)\s*</pattern>', page, re.S)  # fmt: skip
    assert all(kind == named for kind, named, _ in drawn)
    types = {t for _, t in bars(page)}
    assert len(types) >= 3 and {kind for kind, _, _ in drawn} >= types
    assert len({body for _, _, body in drawn}) == len(drawn), "two types share a pattern"
    for kind in types:  # every bar of a type is hatched with its pattern
        count = len(re.findall(rf'data-type="{kind}" data-count', page))
        assert page.count(f'class="hatch" fill="url(#pattern-{kind})" x=') == count
    legend = re.findall(r'data-testid="chart-legend-entry" data-type="(\w+)">.*?'
                        r'fill="url\(#pattern-(\w+)\)"', page)  # fmt: skip
    assert legend and all(kind == pattern for kind, pattern in legend)
