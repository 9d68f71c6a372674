"""Search that knows spellings (issue 11): one name in any script, romanisation or Russian
case, English and Russian word forms, prefixes, the case list ranked by who is named, the
index kept in step with every write, and results labelled by case and document title.

Every name and statement is invented.
"""

from __future__ import annotations

import json

import pytest
from starlette.testclient import TestClient

import web_support
from casefile.link.search_terms import query_words, text_keys, word_keys
from casefile.services import linking, review
from casefile.services.access import Viewer
from casefile.services.search import CaseFilters, find_cases, parse_case_filters, search
from casefile.services.search_index import refresh_search_index
from casefile.store import open_store
from casefile.web.app import create_app
from pg_support import raw_connect

EN_TEXT = (
    "Nurbol Tyshkanbaev, a blogger from Kentau, was arrested on 3 March 2025. "
    "Ruslan Ardakov was charged with extremism on 4 March 2025. "
    "Ardakov's lawyer Timur Sarsenov was detained on 5 March 2025. "
    "Gulnaz Esimova was fined on 6 March 2025 for a post about the rally."
)
RU_TEXT = (
    "Нурбол Тышканбаев задержан 10 марта 2025 года. "
    "Арсению Колобродову предъявили обвинение 11 марта 2025 года. "
    "Суд приговорил Колобродова к двум годам колонии 12 марта 2025 года."
)
PUBLIC = Viewer("pia", "public")


@pytest.fixture
def db_path(store_db):
    """Each test runs on SQLite and on PostgreSQL (tsvector search, postgres_search.py)."""
    return store_db


@pytest.fixture
def db(db_path, make_extraction):
    en = (
        make_extraction(EN_TEXT, title="Kentau weekly: four detained", language="en",
                        source_name="kentau_weekly.txt")
        .person("Nurbol Tyshkanbaev", roles=["blogger"], country="KZ")
        .person("Ruslan Ardakov", country="KZ")
        .person("Timur Sarsenov", aliases=["Тимур Сарсенов"], country="KZ")
        .person("Gulnaz Esimova", country="KZ")
        .event("arrest", "Nurbol Tyshkanbaev", "Nurbol Tyshkanbaev, a blogger from Kentau,"
               " was arrested on 3 March 2025", "2025-03-03")
        .event("charge", "Ruslan Ardakov", "Ruslan Ardakov was charged with extremism on 4"
               " March 2025", "2025-03-04", charges=["extremism"])
        .event("arrest", "Timur Sarsenov", "Ardakov's lawyer Timur Sarsenov was detained on 5"
               " March 2025", "2025-03-05")
        .event("fine", "Gulnaz Esimova", "Gulnaz Esimova was fined on 6 March 2025",
               "2025-03-06")
    )  # fmt: skip
    ru = (
        make_extraction(RU_TEXT, title="Сводка: Кентау", language="ru", source_name="svodka.txt")
        .person("Нурбол Тышканбаев", country="KZ")
        .person("Арсений Колобродов", country="RU")
        .event("arrest", "Нурбол Тышканбаев", "Нурбол Тышканбаев задержан 10 марта 2025 года",
               "2025-03-10")
        .event("charge", "Арсений Колобродов", "Арсению Колобродову предъявили обвинение",
               "2025-03-11")
        .event("sentence", "Арсений Колобродов", "Суд приговорил Колобродова к двум годам"
               " колонии", "2025-03-12", term="P2Y", term_kind="prison")
    )  # fmt: skip
    with open_store(db_path) as store:
        for built in (en, ru):
            store.save_extraction(built.build(), built.original)
            store.set_document_level(built.document.sha256, 0, "test", "2026-01-01T00:00:00Z")
        web_support.add_users(store, {"pia": ("viewer", "public"), "root": ("admin",
                                                                            "confidential")})
    return db_path


def case_names(store, q: str, viewer: Viewer | None = None, named: bool = False) -> list[str]:
    kw = {"viewer": viewer} if viewer else {}
    filters = parse_case_filters(store, q=q)
    return [c.name for c in find_cases(store, filters, named=named, **kw).items]


def named(store, q: str, viewer: Viewer | None = None) -> list[str]:
    """The cases whose names (as `viewer` may see them) hold every word."""
    return case_names(store, q, viewer, named=True)


def test_the_spellings_of_a_name_share_a_key():
    assert word_keys("Zholdybayev")[0] == word_keys("Жолдыбаев")[0] == word_keys("Zholdybaev")[0]
    assert word_keys("Угров")[0] == word_keys("Угрова")[0] == word_keys("Угрову")[0]
    assert word_keys("Ugrov")[0] == word_keys("Угрову")[0]
    assert set(word_keys("arrested")) & set(word_keys("arrests"))
    assert set(word_keys("задержали")) & set(word_keys("задержан"))
    assert word_keys("318") == ("318",)
    assert text_keys("Ahmet, 2024!") == " ".join((*word_keys("Ahmet"), "2024"))
    words = query_words('extrem* "x" OR ar* (')
    assert [(w.written, w.prefix) for w in words] == [
        ("extrem*", True), ("x", False), ("OR", False), ("ar", False)]  # fmt: skip


def test_a_name_is_found_in_either_script_and_any_romanisation(db):
    with open_store(db) as store:
        for q in ("Tyshkanbaev", "Тышканбаев", "Tyshqanbayev", "TYSHKANBAYEV"):
            found = search(store, q)
            assert {e.event.participant for e in found.events} == {
                "Nurbol Tyshkanbaev", "Нурбол Тышканбаев"}, q  # fmt: skip
            assert sorted(d.label for d in found.documents) == [
                "Kentau weekly: four detained", "Сводка: Кентау"], q  # fmt: skip
        # Two cases until linked; one after, found by both spellings.
        assert sorted(named(store, "Тышканбаев")) == ["Nurbol Tyshkanbaev",
                                                     "Нурбол Тышканбаев"]  # fmt: skip
        linking.link_persons(store)
        assert len(named(store, "Тышканбаев")) == 1
        assert named(store, "Tyshkanbaev") == named(store, "Нурбол Тышканбаев")
        assert case_names(store, "Tyshkanbayev")[0] == named(store, "Tyshkanbaev")[0]


def test_russian_endings_and_english_forms_are_folded(db):
    with open_store(db) as store:
        for q in ("Колобродов", "Колобродова", "Колобродову", "Kolobrodov"):
            assert named(store, q) == ["Арсений Колобродов"], q
            assert case_names(store, q)[0] == "Арсений Колобродов", q
            assert len(search(store, q).events) == 2, q
        # "arrest" finds "was arrested" (not "was detained": stems, not synonyms)
        assert [e.event.participant for e in search(store, "arrest").events] == [
            "Nurbol Tyshkanbaev"]  # fmt: skip
        assert [e.event.type for e in search(store, "задержали").events] == ["arrest"]


def test_a_prefix_finds_every_word_it_begins(db):
    with open_store(db) as store:
        assert [e.event.type for e in search(store, "extrem*").events] == ["charge"]
        assert named(store, "Sarsen*") == ["Timur Sarsenov"]
        assert named(store, "Колоброд*") == ["Арсений Колобродов"]
        assert search(store, "ar*").events == []  # too short: the word "ar" itself


def test_the_case_list_puts_the_person_named_first(db):
    with open_store(db) as store:
        # Named first; then Sarsenov, whose fact names Ardakov; then the others the
        # document holding the word reports on, by name.
        assert case_names(store, "Ardakov") == [
            "Ruslan Ardakov", "Timur Sarsenov", "Gulnaz Esimova", "Nurbol Tyshkanbaev"]  # fmt: skip
        assert case_names(store, "lawyer Ardakov")[0] == "Timur Sarsenov"
        # By role, from the roles of visible documents.
        assert case_names(store, "blogger")[0] == "Nurbol Tyshkanbaev"


def test_an_alias_finds_its_case_only_where_a_visible_record_spells_it(db):
    with open_store(db) as store:
        # The extractor's alias, which no event spells: a spelling of full clearance.
        assert named(store, "Тимур Сарсенов") == ["Timur Sarsenov"]
        assert named(store, "Тимур Сарсенов", PUBLIC) == ["Timur Sarsenov"]  # transliterated
        store.conn.execute("UPDATE person_aliases SET alias = 'Тимурхан Сарсенбеков',"
                           " key = 'тимурхан сарсенбеков'")  # fmt: skip
        assert named(store, "Сарсенбеков") == ["Timur Sarsenov"]
        assert case_names(store, "Сарсенбеков", PUBLIC) == []


def test_the_index_follows_edits_rejections_merges_and_any_other_write(db):
    with open_store(db) as store:
        editor = review.Reviewer("ed")
        (fine,) = [e for e in search(store, "Esimova").events]
        review.edit(store, "event", fine.id, {"agent": "the Kentau akimat"}, editor)
        assert [e.id for e in search(store, "akimat").events] == [fine.id]
        review.reject(store, "event", fine.id, editor)
        assert named(store, "Esimova") == []
        assert "Gulnaz Esimova" not in case_names(store, "Esimova")
        assert search(store, "Esimova").events == []
        # A merge makes the merged spelling the kept case's; a split takes it back.
        kept, merged = (store.find_persons(n)[0].id
                        for n in ("Ruslan Ardakov", "Арсений Колобродов"))  # fmt: skip
        record = linking.merge(store, kept, merged, "analyst")
        assert named(store, "Колобродову") == ["Ruslan Ardakov"]
        linking.split(store, record.id, "analyst")
        assert named(store, "Колобродову") == ["Арсений Колобродов"]
        # Written by other means than the services: the triggers still mark it.
        with raw_connect(db) as other:
            other.execute("UPDATE documents SET title = 'Qaratau digest'"
                          " WHERE title LIKE 'Kentau%'")  # fmt: skip
        assert [d.label for d in search(store, "Qaratau").documents] == ["Qaratau digest"]


def test_a_confidential_fact_is_neither_found_nor_finds_its_case_below_its_level(db):
    with open_store(db) as store:
        (charge,) = [e for e in search(store, "extremism").events]
        store.set_fact_level("event", charge.id, 2, "test", "2026-01-01T00:00:00Z")
        assert case_names(store, "extremism")[0] == "Ruslan Ardakov"
        assert "Ruslan Ardakov" not in case_names(store, "extremism", PUBLIC)
        assert search(store, "extremism", viewer=PUBLIC).events == []


def test_the_search_page_labels_cases_facts_and_documents(db):
    with TestClient(create_app(db)) as client:
        web_support.sign_in(client, db, "pia")
        page = client.get("/search", params={"q": "Колобродову"}).text
        assert 'data-testid="search-case"' in page and "Арсений Колобродов" in page
        assert "Сводка: Кентау" in page  # the facts' document and the document hit
        hit = client.get("/api/search", params={"q": "Tyshkanbaev"}).json()
        assert sorted(d["label"] for d in hit["documents"]) == [
            "Kentau weekly: four detained", "Сводка: Кентау"]  # fmt: skip
        assert {e["source"] for e in hit["events"]} == {"Kentau weekly: four detained",
                                                       "Сводка: Кентау"}  # fmt: skip
        assert hit["cases"]["total"] == 2
        assert any("[[Tyshkanbaev]]" in d["snippet"] for d in hit["documents"])
        assert any("[[Тышканбаев]]" in d["snippet"] for d in hit["documents"])


def test_reindex_and_find_from_the_console(db, casefile_script):
    with raw_connect(db) as conn:  # an index lost: reindex rebuilds it
        conn.execute("DELETE FROM search_cases")
    done = casefile_script("search", "reindex")
    assert done.code == 0, done.err
    assert done.out.strip() == "indexed 2 documents, 7 facts, 6 cases"
    found = casefile_script("search", "find", "Колобродову")
    assert found.code == 0, found.err
    assert "Арсений Колобродов" in found.out and "Сводка: Кентау" in found.out


def test_nothing_is_left_to_index_after_a_refresh(db):
    with open_store(db) as store:
        refresh_search_index(store)
        assert not refresh_search_index(store)
        assert find_cases(store, CaseFilters(q="***")).total == 0


def test_charges_are_searched_as_words_however_their_json_escapes_them(db):
    with open_store(db) as store:
        (fine,) = search(store, "Esimova").events
        with raw_connect(db) as other:  # \u-escaped, as json.dumps writes by default
            other.execute("UPDATE events SET charges = ? WHERE id = ?",
                          (json.dumps(["призывы к экстремизму"]), fine.id))  # fmt: skip
        assert [e.id for e in search(store, "экстремизм").events] == [fine.id]
        assert search(store, "u0438").events == []


def test_a_word_matching_more_facts_than_are_ranked_gives_the_newest(db, monkeypatch):
    """Past RANKED_MATCHES the newest facts come first, on either backend (PostgreSQL
    counts its matches only that far)."""
    from casefile.store import postgres_search, sqlite_search

    with open_store(db) as store:
        every = [e.id for e in search(store, "march", limit=50).events]
        for module in (sqlite_search, postgres_search):
            monkeypatch.setattr(module, "RANKED_MATCHES", 2)
        newest = [e.id for e in search(store, "march", limit=2).events]
    assert len(every) == 4  # the four English facts dated in March
    assert newest == sorted(every)[-2:][::-1]
