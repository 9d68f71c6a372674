"""The case list's sorting, facet counts, country names and downloads, and the
organisations page's filters, over the two seeded documents (web_support): Marat
Zholdybayev (KZ, 2 facts) and Anna Petrova (RU, 3 facts), the designated movement DCK
and the FSB, which no fact is about."""

from __future__ import annotations

import csv
import io
import re

import pytest
from fastapi.testclient import TestClient

import web_support
from casefile.store.sqlite import SQLiteStore
from casefile.web import create_app
from web_support import Seeded, add_users, count_testid, sign_in

client, seeded = web_support.client, web_support.seeded  # fixtures
AT = "2026-01-01T00:00:00+00:00"


def names(page: str) -> list[str]:
    return re.findall(r'data-testid="case-link">([^<]+)<', page)


@pytest.mark.parametrize(("sort", "expected"), [
    ("", ["Anna Petrova", "Marat Zholdybayev"]),
    ("-name", ["Marat Zholdybayev", "Anna Petrova"]),
    ("facts", ["Marat Zholdybayev", "Anna Petrova"]),
    ("-facts", ["Anna Petrova", "Marat Zholdybayev"]),
    ("country", ["Marat Zholdybayev", "Anna Petrova"]),
    ("-last_event", ["Anna Petrova", "Marat Zholdybayev"]),
])  # fmt: skip
def test_the_case_list_sorts_by_a_column(client: TestClient, sort: str, expected: list[str]):
    page = client.get("/cases", params={"sort": sort})
    assert page.status_code == 200
    assert names(page.text) == expected


def test_an_unknown_sort_is_a_clear_error(client: TestClient):
    page = client.get("/cases", params={"sort": "salary"})
    assert page.status_code == 400 and "sort: unknown column" in page.text


def test_a_sorted_heading_links_to_the_other_direction(client: TestClient):
    page = client.get("/cases", params={"sort": "facts"}).text
    assert 'aria-sort="ascending"' in page
    assert "sort=-facts" in page


def test_filters_show_counts_and_country_names(client: TestClient):
    page = client.get("/cases", params={"country": "KZ"}).text
    # The country facet leaves its own filter out: each country says what it would give.
    assert re.search(r'value="KZ" selected data-count="1">Kazakhstan \(1\)', page)
    assert re.search(r'value="RU" data-count="1">Russia \(1\)', page)
    # The status facet keeps the country filter: only Marat's status is counted.
    assert re.findall(r'data-count="(\d+)">', page).count("1") == 3
    assert ">Kazakhstan</abbr>" in page


@pytest.fixture
def public_reader(seeded: Seeded) -> TestClient:
    """Petrova's document confidential; a reader of public clearance."""
    with SQLiteStore(seeded.db_path) as store:
        add_users(store, {"Pim": ("viewer", "public")})
        store.set_document_level(seeded.kz, 0, "test", AT)
        store.set_document_level(seeded.ru, 2, "test", AT)
    return sign_in(TestClient(create_app(seeded.db_path)), seeded.db_path, "Pim")


def test_facet_counts_never_count_a_hidden_case(public_reader: TestClient):
    page = public_reader.get("/cases").text
    assert names(page) == ["Marat Zholdybayev"]
    assert 'value="RU"' not in page
    counts = [int(n) for n in re.findall(r'data-count="(\d+)"', page)]
    assert sum(counts) == 2  # KZ 1, and one status 1: Petrova counted nowhere


def test_a_download_holds_every_listed_case_and_nothing_else(client: TestClient):
    got = client.get("/cases.csv", params={"country": "KZ"})
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(got.text)))
    assert {r["person"] for r in rows} == {"Marat Zholdybayev"}
    assert sorted(r["type"] for r in rows) == ["arrest", "sentence"]
    data = client.get("/cases.json", params={"sort": "-facts"}).json()
    assert [p["name"] for p in data["persons"]] == ["Anna Petrova", "Marat Zholdybayev"]
    assert len(data["documents"]) == 2


def test_a_download_is_what_the_reader_may_see(public_reader: TestClient):
    rows = list(csv.DictReader(io.StringIO(public_reader.get("/cases.csv").text)))
    assert rows and {r["person"] for r in rows} == {"Marat Zholdybayev"}
    data = public_reader.get("/cases.json").json()
    assert [p["name"] for p in data["persons"]] == ["Marat Zholdybayev"]
    assert "Petrova" not in public_reader.get("/cases.json?q=Petrova").text


def test_the_list_links_its_downloads_with_its_filters(client: TestClient):
    page = client.get("/cases", params={"country": "KZ", "sort": "-facts"}).text
    assert 'href="/cases.csv?country=KZ&amp;sort=-facts"' in page


def org_names(page: str) -> list[str]:
    return re.findall(r'data-testid="organisation-link">([^<]+)<', page)


@pytest.fixture
def with_noise(seeded: Seeded, make_extraction) -> Seeded:
    """A third document naming an organisation that no fact is about or names."""
    noise = make_extraction("The Evening Lantern printed a long weather report.",
                            title="Weather", language="en").organisation("Evening Lantern")
    with SQLiteStore(seeded.db_path) as store:
        store.save_extraction(noise.build(), noise.original)
    return seeded


def test_organisations_list_those_facts_name_designated_first(with_noise, client: TestClient):
    page = client.get("/organisations").text
    # DCK is designated; the FSB arrested Petrova (the agent of a fact)
    assert org_names(page) == ["DCK", "FSB"]
    assert "extremist" in page and "movement" in page
    everything = client.get("/organisations", params={"all": "1"}).text
    assert org_names(everything) == ["DCK", "Evening Lantern", "FSB"]
    designated = client.get("/organisations", params={"all": "1", "designated": "1"}).text
    assert org_names(designated) == ["DCK"]


@pytest.mark.parametrize(("q", "expected"), [
    ("fsb", ["FSB"]), ("democratic", ["DCK"]), ("DÉMOCRATIC choice", ["DCK"]), ("zzz", []),
])  # fmt: skip
def test_organisations_search_names_and_aliases(client: TestClient, q: str, expected):
    page = client.get("/organisations", params={"q": q, "all": "1"}).text
    assert org_names(page) == expected
    assert count_testid(page, "organisation-row") == len(expected)


def test_a_status_facet_beside_a_date_range_counts_the_chosen_status_alone(client: TestClient):
    page = client.get("/cases", params={"status": "released", "date_from": "2024"}).text
    assert re.search(r'value="released" selected data-count="1">', page)
    # the other statuses would need every event of the range read again: no count
    assert re.search(r'<option value="detained">detained</option>', page)
    assert re.search(r'value="RU" data-count="1">Russia \(1\)', page)
