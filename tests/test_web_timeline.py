"""The case page's timeline: one row per real event with every source, undated events
apart, the SVG chart, terms and dates in words; the fact form takes a term in words."""

from __future__ import annotations

import re

import pytest

import web_support
from casefile.store.sqlite import SQLiteStore
from web_support import event_id, visible_text

client, seeded = web_support.client, web_support.seeded  # fixtures

# Invented: a second report of the seeded arrest of Marat Zholdybayev (2 March 2023), at
# month precision, and an undated search.
SECOND_REPORT = (
    "Marat Zholdybayev was taken into custody in March 2023, his lawyer said. "
    "Officers had searched his home."
)


@pytest.fixture
def second_report(seeded, make_extraction):
    b = make_extraction(SECOND_REPORT, published="2023-04-02", title="Lawyer's account")
    b.event("arrest", "Marat Zholdybayev",
            "Marat Zholdybayev was taken into custody in March 2023", "2023-03")  # fmt: skip
    b.event("search", "Marat Zholdybayev", "Officers had searched his home")
    with SQLiteStore(seeded.db_path) as store:
        store.save_extraction(b.build(), b.original)
    return b


def case_page(client) -> str:
    person_id = re.search(r'href="/cases/(\d+)"', client.get("/cases?country=KZ").text)[1]
    page = client.get(f"/cases/{person_id}")
    assert page.status_code == 200
    return page.text


def test_two_documents_reporting_one_arrest_show_one_row_with_two_sources(
    client, seeded, second_report
):
    page = case_page(client)
    dated = page.split('data-testid="timeline"')[1].split("</ol>")[0]
    rows = re.findall(r'data-testid="timeline-event" data-event-id="\d+" data-type="(\w+)" '
                      r'data-sources="(\d+)"', dated)  # fmt: skip
    assert rows == [("arrest", "2"), ("sentence", "1")]
    # Each source's quote links into its own document.
    assert f"/documents/{seeded.kz}#fact-event-" in dated
    assert f"/documents/{second_report.document.sha256}#fact-event-" in dated
    assert "Lawyer&#39;s account" in dated or "Lawyer's account" in dated
    assert "2 March 2023" in visible_text(dated)
    # The undated search sits in its own section, after the dated rows.
    undated = page.split('data-testid="timeline-undated"')[1].split("</ol>")[0]
    assert re.findall(r'data-type="(\w+)"', undated) == ["search"]
    assert page.index('data-testid="timeline"') < page.index('id="undated"')


def test_case_page_draws_the_timeline_chart_with_terms_in_words(client, seeded):
    page = case_page(client)
    assert 'data-testid="timeline-chart"' in page
    marks = re.findall(r'data-testid="timeline-mark" data-type="(\w+)"', page)
    # The arrest has no release yet: a mark, not a bar; the sentence a court mark.
    assert marks == ["sentence", "arrest"] and 'data-testid="custody-bar"' not in page
    assert "sentence 30 November 2023" in page
    assert "7 years prison" in visible_text(page) and "P7Y" not in page


def test_a_release_closes_the_custody_bar(client, seeded):
    person_id = re.search(r'href="/cases/(\d+)"', client.get("/cases?country=RU").text)[1]
    page = client.get(f"/cases/{person_id}").text
    bars = re.findall(r'data-testid="custody-bar"><title>([^<]+)<', page)
    assert bars == ["in custody 5 May 2024 – 1 June 2024"]


def test_fact_form_takes_a_term_in_words_and_refuses_nonsense(client, seeded):
    sentence = event_id(seeded.db_path, "sentence", "Zholdybayev")
    form = client.get(f"/facts/event/{sentence}").text
    assert 'value="7 years"' in form  # shown in words, read back as the same term
    data = {"version": "1", "type": "sentence", "participant": "Marat Zholdybayev",
            "date": "2023-11-30", "term": "18 months", "term_kind": "prison"}  # fmt: skip
    response = client.post(f"/facts/event/{sentence}", data=data, follow_redirects=False)
    assert response.status_code == 303
    assert client.get(f"/api/facts/event/{sentence}").json()["term"] == "P18M"
    assert "term: 7 years → 18 months" in visible_text(client.get(f"/facts/event/{sentence}").text)
    bad = client.post(f"/facts/event/{sentence}", data={**data, "version": "2", "term": "soon"},
                      follow_redirects=False)  # fmt: skip
    assert 400 <= bad.status_code < 500
    assert "a duration such as 7 years" in bad.text
    assert client.get(f"/api/facts/event/{sentence}").json()["term"] == "P18M"
