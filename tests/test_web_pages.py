"""The server-rendered pages, in process over a real SQLite file: every page renders what
the store holds, and every form works without JavaScript."""

from __future__ import annotations

import re

import web_support
from casefile.ingest import save
from casefile.store.sqlite import SQLiteStore
from web_support import KZ_TEXT, RU_TEXT, count_testid, event_id, visible_text

client, seeded = web_support.client, web_support.seeded  # fixtures


def test_dashboard_counts_chart_and_latest_events(client):
    page = client.get("/")
    assert page.status_code == 200
    text = page.text
    assert re.search(r'data-testid="count-cases"[^>]*><strong>2</strong>', text)
    # Zholdybayev is imprisoned; Petrova was released.
    assert re.search(r'data-testid="count-in-custody"[^>]*>\s*<strong>1</strong>', text)
    assert re.search(r'data-testid="count-documents"[^>]*><strong>2</strong>', text)
    # 6 events + 1 statistic, none reviewed yet.
    assert re.search(r'data-testid="count-awaiting-review"[^>]*><strong>7</strong>', text)
    bars = re.findall(r'data-month="([\d-]+)" data-type="(\w+)" data-count="(\d+)"', text)
    assert ("2024-05", "arrest", "1") in bars and ("2024-06", "release", "1") in bars
    assert ("2023-11", "sentence", "1") in bars
    latest = text.split('data-testid="latest-events"')[1]
    assert latest.index("release") < latest.index("charge") < latest.index("sentence")


def test_case_list_shows_every_case_with_status(client):
    page = client.get("/cases")
    assert page.status_code == 200
    assert count_testid(page.text, "case-row") == 2
    rows = re.findall(
        r'data-testid="case-link">([^<]+)</a>.*?data-testid="case-status">([^<]+)<', page.text, re.S
    )
    assert rows == [("Anna Petrova", "released"), ("Marat Zholdybayev", "imprisoned")]


def names(page) -> list[str]:
    return re.findall(r'data-testid="case-link">([^<]+)</a>', page.text)


def test_case_list_filters(client):
    assert names(client.get("/cases?country=ru")) == ["Anna Petrova"]
    assert names(client.get("/cases?status=imprisoned")) == ["Marat Zholdybayev"]
    assert names(client.get("/cases?event_type=release")) == ["Anna Petrova"]
    assert names(client.get("/cases?organisation=DCK")) == ["Marat Zholdybayev"]
    assert names(client.get("/cases?organisation=Democratic+Choice")) == ["Marat Zholdybayev"]
    assert names(client.get("/cases?organisation=FSB")) == ["Anna Petrova"]  # as the agent
    assert names(client.get("/cases?date_from=2024")) == ["Anna Petrova"]
    assert names(client.get("/cases?date_to=2023-06")) == ["Marat Zholdybayev"]
    # Type and dates hold for the same event: no release in 2023.
    assert names(client.get("/cases?event_type=release&date_to=2023-12-31")) == []
    assert names(client.get("/cases?q=treason")) == ["Anna Petrova"]  # a fact's charges
    assert names(client.get("/cases?q=extremist+movement")) == ["Marat Zholdybayev"]  # the text
    assert "No case matches" in client.get("/cases?q=nowhere").text


def test_case_list_paginates(client, seeded, make_extraction):
    from casefile.store.sqlite import SQLiteStore

    people = [f"Person{chr(65 + i // 26)}{chr(65 + i % 26)} Testov" for i in range(30)]
    text = " ".join(f"{name} was arrested." for name in people)
    builder = make_extraction(text, published="2024-01-01")
    for name in people:
        builder.event("arrest", name, f"{name} was arrested", "2024-01-01")
    with SQLiteStore(seeded.db_path) as store:
        store.save_extraction(builder.build(), builder.original)
    first, second = client.get("/cases"), client.get("/cases?page=2")
    assert count_testid(first.text, "case-row") == 25 and count_testid(second.text, "case-row") == 7
    assert "page 2 of 2 (32)" in second.text
    assert 'href="?page=2"' in first.text and set(names(first)).isdisjoint(names(second))


def test_case_page_timeline_quotes_link_to_the_document(client, seeded):
    person_id = re.search(r'href="/cases/(\d+)"', client.get("/cases?country=KZ").text)[1]
    page = client.get(f"/cases/{person_id}")
    assert page.status_code == 200
    assert 'data-testid="case-status">imprisoned<' in page.text
    assert 'data-testid="case-country">KZ<' in page.text
    assert re.search(
        r'data-testid="case-organisations">\s*<a href="/organisations/\d+">DCK</a>', page.text
    )
    events = re.findall(
        r'data-testid="timeline-event" data-event-id="(\d+)" data-type="(\w+)"', page.text
    )
    assert [t for _, t in events] == ["arrest", "sentence"]
    sentence = event_id(seeded.db_path, "sentence", "Zholdybayev")
    link = f'href="/documents/{seeded.kz}#fact-event-{sentence}" data-testid="quote-link"'
    assert link in page.text
    assert "“was sentenced to seven years in prison”" in page.text
    assert "7 years prison" in page.text and "P7Y" not in page.text
    assert "participating in an extremist organization" in page.text


def test_document_page_highlights_every_fact_and_keeps_the_text(client, seeded):
    page = client.get(f"/documents/{seeded.ru}")
    assert page.status_code == 200
    body = page.text.split('data-testid="document-text">')[1].split("</div>")[0]
    assert visible_text(body) == RU_TEXT  # every character, once, in order
    assert "<script>" not in body and "&lt;script&gt;" in body  # escaped, never run
    anchors = re.findall(r'href="#fact-(event-\d+)"[^>]*data-testid="highlight"', body)
    assert len(anchors) == 3
    for anchor in anchors:  # each highlight leads to the fact's details on the page
        assert f'id="fact-{anchor}"' in page.text
    assert count_testid(page.text, "add-fact-form") == 1


def test_document_page_marks_overlapping_and_statistic_facts(client, seeded):
    page = client.get(f"/documents/{seeded.kz}")
    body = page.text.split('data-testid="document-text">')[1].split("</div>")[0]
    assert visible_text(body) == KZ_TEXT
    assert 'class="hl k-statistic' in body and 'class="hl k-designation' in body
    assert count_testid(page.text, "fact") == 4


def test_original_is_a_download_of_the_received_bytes(client, seeded):
    response = client.get(f"/documents/{seeded.ru}/original")
    assert response.content == RU_TEXT.encode("utf-8")
    assert response.headers["content-disposition"].startswith("attachment")


def test_lists_of_documents_and_organisations(client):
    documents = client.get("/documents").text
    assert count_testid(documents, "document-row") == 2 and "Statement on Zholdybayev" in documents
    organisations = client.get("/organisations").text
    assert re.findall(r'data-testid="organisation-link">([^<]+)<', organisations) == ["DCK", "FSB"]
    new = client.get("/documents/new").text
    for field in ("file", "text", "title", "publisher", "url", "published", "language"):
        assert f'name="{field}"' in new


def test_organisation_page_designations_and_people(client):
    listing = client.get("/organisations").text
    dck = re.search(r'href="/organisations/(\d+)" data-testid="organisation-link">DCK<', listing)[1]
    page = client.get(f"/organisations/{dck}").text
    assert count_testid(page, "designation") == 1 and "extremist" in page
    assert re.findall(r'data-testid="person-link">([^<]+)<', page) == ["Marat Zholdybayev"]
    fsb = re.search(r'href="/organisations/(\d+)" data-testid="organisation-link">FSB<', listing)[1]
    page = client.get(f"/organisations/{fsb}").text
    assert 'data-testid="no-designations"' in page
    assert re.findall(r'data-testid="person-link">([^<]+)<', page) == ["Anna Petrova"]


def test_search_page_finds_documents_and_facts(client):
    page = client.get("/search?q=treason").text
    assert count_testid(page, "search-fact") == 1 and count_testid(page, "search-document") == 1
    assert "<mark>treason</mark>" in page
    assert "No fact matches" in client.get("/search?q=%22AND+OR+(").text  # no FTS syntax error


def test_an_inferred_date_is_marked_on_the_case_page(client, seeded, make_extraction):
    text = "Police raided the office. Kira Olvan was detained."
    extraction = (
        make_extraction(text, published="2024-05-10", language="en")
        .person("Kira Olvan")
        .event("arrest", "Kira Olvan", "Kira Olvan was detained", "2024-05-03",
               date_inferred=True)
        .build()
    )
    with SQLiteStore(seeded.db_path) as store:
        save(store, extraction, text.encode())
        [case] = [t.person_id for t in store.link_targets() if t.names[0] == "Kira Olvan"]
    page = client.get(f"/cases/{case}").text
    assert page.count('data-testid="date-inferred"') == 1
    marat = client.get("/cases/1").text
    assert 'data-testid="date-inferred"' not in marat
