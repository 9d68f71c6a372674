"""Possible facts (services/possible_facts.py, store/sqlite_possible.py): the events the
model scored just below its threshold, stored apart from the facts, answered by analysts,
and read as labels by `casefile train --store`. Invented text; real stores (SQLite and
PostgreSQL through `store_db`), the real pipeline where the pipeline is the subject."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from casefile.extract.pipeline import ConfigError, Pipeline, PipelineConfig, load_config
from casefile.learn.store_data import decisions_of
from casefile.model import Document, Event, Provenance
from casefile.services import curation
from casefile.services.errors import NotFound
from casefile.services.possible_facts import decide, possible_facts
from casefile.services.review import Reviewer
from casefile.services.search import CaseFilters, find_cases
from casefile.store import PossibleNotFound, open_store

TEXT = (
    "Police detained the blogger Ilvo Marrant in Keswater on 4 May 2025. "
    "His colleague Teodra Lask was questioned for six hours and released. "
    "Officers also searched the flat of Brannoc Ode, a student."
)
ANA = Reviewer("Ana", "confidential")
READER = Reviewer("Rui", "public")
MODEL = Provenance("casefile", "test", 0.3)


def _extraction(make_extraction, **possible_probabilities: float):
    """The arrest as a fact; the others as possible facts with the given probabilities."""
    built = (
        make_extraction(TEXT, published="2025-05-06", title="Invented note", language="en")
        .person("Ilvo Marrant").person("Teodra Lask").person("Brannoc Ode")
        .event("arrest", "Ilvo Marrant", "Police detained the blogger Ilvo Marrant", "2025-05-04")
    )
    extraction = built.build()
    quotes = {"Teodra Lask": "Teodra Lask was questioned for six hours",
              "Brannoc Ode": "searched the flat of Brannoc Ode"}  # fmt: skip
    kinds = {"Teodra Lask": "arrest", "Brannoc Ode": "search"}
    for name, probability in possible_probabilities.items():
        person = name.replace("_", " ")
        extraction.possible_events.append(Event(
            type=kinds[person], participant=person, evidence=built.evidence(quotes[person]),
            provenance=replace(MODEL, confidence=probability),
        ))
    return built, extraction


@pytest.fixture
def store(store_db, make_extraction):
    with open_store(store_db) as opened:
        built, extraction = _extraction(make_extraction, Teodra_Lask=0.31, Brannoc_Ode=0.22)
        opened.save_extraction(extraction, built.original)
        yield opened


def _sha(store) -> str:
    return next(store.iter_documents()).sha256


def test_possible_facts_are_listed_likeliest_first_and_are_no_facts(store):
    page = possible_facts(store, ANA.viewer)
    assert page.total == 2
    assert [(p.event.participant, p.event.provenance.confidence) for p in page.items] == [
        ("Teodra Lask", 0.31), ("Brannoc Ode", 0.22)]
    text = next(store.iter_documents()).text
    for item in page.items:
        ev = item.event.evidence
        assert text[ev.start:ev.end] == ev.quote
    assert store.count_possible() == 2 and store.count_possible(at_most=1) == 1
    assert store.count_possible(sha256=_sha(store)) == 2
    assert store.count_possible(sha256="f" * 64) == 0
    # no case, no event: only the arrest is a fact
    assert [e.event.participant for e in store.iter_events()] == ["Ilvo Marrant"]
    cases = find_cases(store, CaseFilters(), 1, 50).items
    assert {c.name for c in cases} == {"Ilvo Marrant"}


def test_accepting_makes_an_accepted_fact_with_the_models_provenance(store):
    [first, _] = possible_facts(store, ANA.viewer).items
    event = decide(store, first.id, True, ANA)
    assert event.review_status == "accepted" and event.reviewed_by == "Ana"
    assert (event.event.type, event.event.participant) == ("arrest", "Teodra Lask")
    assert event.event.provenance.confidence == 0.31  # who proposed it stays known
    assert possible_facts(store, ANA.viewer).total == 1
    assert "Teodra Lask" in {c.name for c in find_cases(store, CaseFilters(), 1, 50).items}
    assert [h.action for h in store.review_history("event", event.id)] == ["add"]
    with pytest.raises(PossibleNotFound):  # answered once
        decide(store, first.id, False, ANA)


def test_rejecting_makes_a_rejected_fact_that_training_reads_as_a_negative(store):
    [_, second] = possible_facts(store, ANA.viewer).items
    event = decide(store, second.id, False, ANA)
    assert event.review_status == "rejected"
    assert {c.name for c in find_cases(store, CaseFilters(), 1, 50).items} == {"Ilvo Marrant"}
    decisions = decisions_of(store, store.document_events(_sha(store)))
    assert decisions.label("search", "Brannoc Ode") == 0
    assert decisions.label("arrest", "Ilvo Marrant") is None  # unreviewed: no label


def test_extracting_again_replaces_the_open_ones_and_asks_no_answered_one_again(
    store, make_extraction
):
    [first, second] = possible_facts(store, ANA.viewer).items
    decide(store, second.id, False, ANA)
    built, extraction = _extraction(make_extraction, Teodra_Lask=0.29, Brannoc_Ode=0.25)
    store.save_extraction(extraction, built.original)
    page = possible_facts(store, ANA.viewer)
    assert [(p.event.participant, p.event.provenance.confidence) for p in page.items] == [
        ("Teodra Lask", 0.29)]
    assert page.items[0].id != first.id


def test_a_reader_sees_and_decides_only_what_their_clearance_allows(store):
    sha = _sha(store)
    store.set_document_level(sha, 1, "admin", "2025-06-01T00:00:00+00:00")
    assert possible_facts(store, READER.viewer).total == 0
    with pytest.raises(NotFound):
        possible_facts(store, READER.viewer, sha)
    [first, _] = possible_facts(store, ANA.viewer).items
    with pytest.raises(PossibleNotFound):
        decide(store, first.id, True, READER)
    assert possible_facts(store, ANA.viewer).total == 2  # nothing changed
    assert len(list(store.iter_events())) == 1


def test_a_person_an_analyst_said_is_no_victim_is_not_asked_about(store, make_extraction):
    [first, _] = possible_facts(store, ANA.viewer).items
    decide(store, first.id, True, ANA)
    [teodra] = store.find_persons("Teodra Lask")
    curation.mark(store, teodra.id, "not_victim", ANA)
    built, extraction = _extraction(make_extraction, Teodra_Lask=0.33, Brannoc_Ode=0.2)
    extraction.possible_events.append(replace(extraction.possible_events[0], type="charge"))
    store.save_extraction(extraction, built.original)
    assert [p.event.participant for p in possible_facts(store, ANA.viewer).items] == [
        "Brannoc Ode"]


def test_deleting_the_document_deletes_its_possible_facts(store):
    store.delete_document(_sha(store), "admin", "2025-06-01T00:00:00+00:00")
    assert store.possible_events()[0] == 0


# -- the pipeline ----------------------------------------------------------------------

INVENTED = (
    "Security officers detained the poet Savra Quill in Orlen on 12 March 2025. "
    "Her lawyer Mott Hallan said the poet and her editor Dain Petch were charged with "
    "insulting the president. Petch was later released on bail, the lawyer added."
)


def _run(margin: float):
    document = Document(sha256="0" * 64, text=INVENTED, language="en")
    return Pipeline(PipelineConfig(settings={"possible_margin": margin}))(document)


def test_possible_facts_change_no_fact_and_lie_below_the_threshold():
    none, every = _run(0.0), _run(1.0)
    assert none.possible_events == []
    assert every.possible_events, "a margin of 1 asks about every candidate left out"
    assert [(e.type, e.participant, e.evidence) for e in none.events] == [
        (e.type, e.participant, e.evidence) for e in every.events]
    from casefile.learn.model import SHIPPED, cached_model

    threshold = cached_model(SHIPPED).decision_for(len(INVENTED)).threshold
    for event in every.possible_events:
        assert event.provenance.confidence < threshold
        assert INVENTED[event.evidence.start:event.evidence.end] == event.evidence.quote
    narrow = _run(0.1).possible_events
    assert all(e.provenance.confidence >= threshold - 0.1 - 0.005 for e in narrow)
    assert len(narrow) <= len(every.possible_events)


@pytest.mark.parametrize("value", ["0.2", -0.1, 1.5, True])
def test_a_margin_that_is_no_number_from_0_to_1_is_refused(tmp_path: Path, value):
    config = tmp_path / "casefile.toml"
    written = f'"{value}"' if isinstance(value, str) else str(value).lower()
    config.write_text(f"[extract]\npossible_margin = {written}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="possible_margin"):
        load_config(config)


# -- the command line ------------------------------------------------------------------


def test_the_command_line_lists_accepts_and_rejects(casefile_main, db_path, make_extraction):
    with open_store(db_path) as opened:
        built, extraction = _extraction(make_extraction, Teodra_Lask=0.31, Brannoc_Ode=0.22)
        opened.save_extraction(extraction, built.original)
        ids = [p.id for p in opened.possible_events()[1]]
    listed = casefile_main("possible", "list")
    assert listed.code == 0
    lines = listed.out.splitlines()
    assert lines[0].split("\t")[:4] == [str(ids[0]), "0.31", "arrest", "Teodra Lask"]
    assert lines[-1] == "2 of 2 possible facts"
    done = casefile_main("possible", "accept", str(ids[0]), "--by", "Ana")
    assert done.code == 0 and "accepted" in done.out
    assert casefile_main("possible", "reject", str(ids[1])).code == 0
    again = casefile_main("possible", "reject", str(ids[1]))
    assert again.code != 0 and again.err.strip() == f"error: no possible fact with id {ids[1]}"
    with open_store(db_path) as opened:
        statuses = sorted(e.review_status for e in opened.iter_events())
    assert statuses == ["accepted", "rejected", "unreviewed"]


def test_undo_after_answering_a_possible_fact_takes_back_no_earlier_decision(store):
    from casefile.services import review, review_queue

    [arrest] = list(store.iter_events())
    review.accept(store, "event", arrest.id, ANA)
    [first, _] = possible_facts(store, ANA.viewer).items
    decide(store, first.id, False, ANA)
    with pytest.raises(NotFound, match="no decision of yours to undo"):
        review_queue.undo_last(store, ANA)
    assert store.get_event(arrest.id).review_status == "accepted"
