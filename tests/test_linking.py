"""One case per real person: linking persons across documents and scripts on a real
SQLite store, merges and splits, proposals, and what the case list shows."""

from __future__ import annotations

import sqlite3

import pytest

from casefile.extract.pipeline import Pipeline
from casefile.ingest import Metadata, document_from_text, save
from casefile.model import PartialDate
from casefile.services.cases import list_cases
from casefile.services.errors import InvalidInput, NotFound
from casefile.services.linking import (
    LINKER,
    decide_proposal,
    link_persons,
    merge,
    pending_proposals,
    split,
)

EN = "Karina Veltova was arrested in Velsk on 2 March 2024."
RU = "Карину Вельтову задержали в Вельске 2 марта 2024 года."
OTHER = "Marat Ostrov was sentenced to five years in prison."


def store_doc(store, make_extraction, text, name, quote, etype="arrest", **person):
    extraction = (
        make_extraction(text, published="2024-03-05", language="en")
        .person(name, **person)
        .event(etype, name, quote, "2024-03-02")
        .build()
    )
    return save(store, extraction, text.encode())


def case_names(store) -> list[str]:
    return sorted(row.name for row in list_cases(store))


def test_the_same_person_in_two_scripts_is_one_case_with_both_sources(
    sqlite_store, make_extraction
):
    store_doc(sqlite_store, make_extraction, EN, "Karina Veltova", "was arrested in Velsk")
    outcome = store_doc(sqlite_store, make_extraction, RU, "Карина Вельтова",
                        "Карину Вельтову задержали")
    assert outcome.linked == 1
    [case] = list_cases(sqlite_store)
    assert (case.name, case.documents, case.events) == ("Karina Veltova", 2, 2)
    person = sqlite_store.get_person(case.person_id)
    assert person is not None and "Карина Вельтова" in person.aliases
    [record] = sqlite_store.person_merges()
    assert (record.decided_by, record.score) == (LINKER, 1.0)


def test_a_later_document_under_a_linked_name_joins_the_case_directly(
    sqlite_store, make_extraction
):
    store_doc(sqlite_store, make_extraction, EN, "Karina Veltova", "was arrested in Velsk")
    store_doc(sqlite_store, make_extraction, RU, "Карина Вельтова", "Карину Вельтову задержали")
    text = "Карина Вельтова приговорена к пяти годам."
    outcome = store_doc(sqlite_store, make_extraction, text, "Карина Вельтова",
                        "приговорена к пяти годам", etype="sentence")
    assert outcome.linked == 0  # resolved by the alias, no new merge needed
    assert case_names(sqlite_store) == ["Karina Veltova"]


def test_different_people_are_not_linked(sqlite_store, make_extraction):
    store_doc(sqlite_store, make_extraction, EN, "Karina Veltova", "was arrested in Velsk")
    store_doc(sqlite_store, make_extraction, OTHER, "Marat Ostrov", "was sentenced")
    text = "Kirill Veltov was arrested in Velsk on 2 March 2024."
    store_doc(sqlite_store, make_extraction, text, "Kirill Veltov", "was arrested in Velsk")
    assert case_names(sqlite_store) == ["Karina Veltova", "Kirill Veltov", "Marat Ostrov"]
    assert sqlite_store.person_merges() == []


def test_an_unsure_link_is_a_proposal_an_analyst_decides(sqlite_store, make_extraction):
    store_doc(sqlite_store, make_extraction, EN, "Karina Veltova", "was arrested in Velsk")
    text = "Veltova was sentenced to five years in prison."
    outcome = store_doc(sqlite_store, make_extraction, text, "Veltova", "was sentenced",
                        etype="sentence")
    assert (outcome.linked, outcome.proposed) == (0, 1)
    [proposal] = pending_proposals(sqlite_store)
    assert {proposal.name_a, proposal.name_b} == {"Karina Veltova", "Veltova"}
    assert 0.5 <= proposal.score < 0.85
    record = decide_proposal(sqlite_store, proposal.id, True, "Ana Analyst")
    assert record is not None and record.decided_by == "Ana Analyst"
    assert case_names(sqlite_store) == ["Karina Veltova"]
    assert pending_proposals(sqlite_store) == []
    with pytest.raises(InvalidInput):
        decide_proposal(sqlite_store, proposal.id, False, "Ana Analyst")


def test_a_rejected_proposal_is_never_proposed_or_merged_again(sqlite_store, make_extraction):
    store_doc(sqlite_store, make_extraction, EN, "Karina Veltova", "was arrested in Velsk")
    text = "Veltova was sentenced to five years in prison."
    store_doc(sqlite_store, make_extraction, text, "Veltova", "was sentenced", etype="sentence")
    [proposal] = pending_proposals(sqlite_store)
    assert decide_proposal(sqlite_store, proposal.id, False, "Ana Analyst") is None
    assert link_persons(sqlite_store).proposed == 0
    assert case_names(sqlite_store) == ["Karina Veltova", "Veltova"]


def test_a_split_restores_both_cases_and_keeps_them_apart(
    sqlite_store, make_extraction, db_path
):
    before = store_doc(sqlite_store, make_extraction, EN, "Karina Veltova",
                       "was arrested in Velsk")
    store_doc(sqlite_store, make_extraction, RU, "Карина Вельтова", "Карину Вельтову задержали")
    [record] = sqlite_store.person_merges()
    undone = split(sqlite_store, record.id, "Ana Analyst")
    assert undone.undone_by == "Ana Analyst" and undone.undone_at
    assert case_names(sqlite_store) == ["Karina Veltova", "Карина Вельтова"]
    with sqlite3.connect(db_path) as conn:
        owners = dict(conn.execute("SELECT document_sha256, person_id FROM events"))
    assert owners[before.sha256] != owners[record_sha(db_path, RU)]
    assert link_persons(sqlite_store).merged == []  # the analyst's split stands
    with pytest.raises(InvalidInput):
        split(sqlite_store, record.id, "Ana Analyst")


def record_sha(db_path, text: str) -> str:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT sha256 FROM documents WHERE text = ?", (text,)).fetchone()[0]


def test_an_analyst_merges_by_hand_and_bad_ids_are_clear_errors(sqlite_store, make_extraction):
    store_doc(sqlite_store, make_extraction, EN, "Karina Veltova", "was arrested in Velsk")
    store_doc(sqlite_store, make_extraction, OTHER, "Marat Ostrov", "was sentenced")
    ids = {t.names[0]: t.person_id for t in sqlite_store.link_targets()}
    record = merge(sqlite_store, ids["Karina Veltova"], ids["Marat Ostrov"], "Ana Analyst")
    assert record.score is None
    assert case_names(sqlite_store) == ["Karina Veltova"]
    with pytest.raises(NotFound):
        merge(sqlite_store, ids["Karina Veltova"], 999, "Ana Analyst")
    with pytest.raises(InvalidInput):  # already merged away
        merge(sqlite_store, ids["Karina Veltova"], ids["Marat Ostrov"], "Ana Analyst")
    with pytest.raises(InvalidInput):
        merge(sqlite_store, ids["Karina Veltova"], ids["Karina Veltova"], "  ")


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def test_english_and_russian_reports_through_the_pipeline_make_one_case(sqlite_store, pipeline):
    texts = [
        ("Kazakh activist Serik Abylbayev was sentenced to six years in prison on "
         "14 October 2023.", "en"),
        ("Казахстанского активиста Серика Абылбаева приговорили к шести годам лишения "
         "свободы.", "ru"),
    ]
    for text, language in texts:
        document = document_from_text(text, Metadata(PartialDate(2023, 12, 1), language))
        save(sqlite_store, pipeline(document), text.encode())
    [case] = list_cases(sqlite_store)
    assert (case.name, case.documents) == ("Serik Abylbayev", 2)


def org_doc(store, make_extraction, text, names, participant):
    builder = make_extraction(text, published="2024-03-05", language="en")
    for name in names:
        builder = builder.organisation(name)
    extraction = builder.event("designation", participant, text[:20],
                               participant_kind="organisation", label="extremist").build()
    return save(store, extraction, text.encode())


def test_an_organisation_is_one_across_acronyms_and_languages(sqlite_store, make_extraction):
    org_doc(sqlite_store, make_extraction, "The Democratic Choice of Kazakhstan was banned.",
            ["Democratic Choice of Kazakhstan"], "Democratic Choice of Kazakhstan")
    org_doc(sqlite_store, make_extraction, "DCK was declared extremist in 2018.",
            ["DCK"], "DCK")
    org_doc(sqlite_store, make_extraction, "ДВК признан экстремистским в 2018 году.",
            ["Демократический выбор Казахстана", "ДВК"], "ДВК")
    org_doc(sqlite_store, make_extraction, "The Velsk Bar Association was closed.",
            ["Velsk Bar Association"], "Velsk Bar Association")
    names = {o.name: o for o in sqlite_store.iter_organisations()}
    assert sorted(names) == ["Democratic Choice of Kazakhstan", "Velsk Bar Association"]
    assert {"DCK", "ДВК", "Демократический выбор Казахстана"} <= set(
        names["Democratic Choice of Kazakhstan"].aliases
    )


def test_the_fuller_case_is_kept_whichever_came_first(sqlite_store, make_extraction):
    store_doc(sqlite_store, make_extraction, RU, "Карина Вельтова", "Карину Вельтову задержали")
    text = "Karina Veltova was arrested in Velsk. Karina Veltova was sentenced to five years."
    extraction = (
        make_extraction(text, published="2024-03-05", language="en")
        .person("Karina Veltova")
        .event("arrest", "Karina Veltova", "was arrested in Velsk", "2024-03-02")
        .event("sentence", "Karina Veltova", "was sentenced to five years", "2024-03-04")
        .build()
    )
    save(sqlite_store, extraction, text.encode())
    assert case_names(sqlite_store) == ["Karina Veltova"]


def test_a_masculine_name_the_lemmatiser_does_not_know_is_put_in_the_nominative(pipeline):
    text = "Суд приговорил журналиста Арлена Товаса к шести годам колонии."
    document = document_from_text(text, Metadata(PartialDate(2024, 6, 1), "ru"))
    assert [e.participant for e in pipeline(document).events] == ["Арлен Товас"]


def test_link_thresholds_come_from_the_link_table(
    sqlite_store, make_extraction, casefile_main, tmp_path
):
    store_doc(sqlite_store, make_extraction, EN, "Karina Veltova", "was arrested in Velsk")
    text = "Veltova was detained again on 3 March 2024."
    outcome = store_doc(sqlite_store, make_extraction, text, "Veltova", "was detained again")
    assert (outcome.linked, outcome.proposed) == (0, 1)  # a surname alone: a question
    assert len(case_names(sqlite_store)) == 2
    sqlite_store.close()
    bad = tmp_path / "bad.toml"
    bad.write_text("[link]\nauto = 2\n")
    result = casefile_main("--config", str(bad), "link", "run")
    assert result.code != 0 and "auto must be between 0 and 1" in result.err
    assert "Traceback" not in result.err
    loose = tmp_path / "casefile.toml"
    loose.write_text("[link]\nauto = 0.5\n")  # a surname alone is enough here
    result = casefile_main("--config", str(loose), "link", "run")
    assert result.code == 0 and "1 merged" in result.out, result.err
