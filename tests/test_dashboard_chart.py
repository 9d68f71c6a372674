"""The dashboard's chart: the whole range of dated events by default, a range picked
with a plain GET form, a bar a year over long ranges, and every bar a link to the case
list filtered to its type and period."""

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
    assert "Events per month by type, 2023-03 to 2024-06" in page


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
