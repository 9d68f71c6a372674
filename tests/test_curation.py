"""Case curation (services/curation.py): "not a person", "not a victim" and an event
moved to another person, each one step, audited, undoable, and respected when the same
document is extracted again. Invented text; real SQLite in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from casefile.services import curation, review
from casefile.services.errors import InvalidInput, NotFound
from casefile.services.review import Reviewer
from casefile.services.search import CaseFilters, find_cases, search
from casefile.store.sqlite import SQLiteStore

TEXT = (
    "In Feb the police detained Lorin Vasko in Tallmoor. "
    "Judge Orsolya Brennik sentenced Lorin Vasko to three years. "
    "His brother Danel Vasko was sentenced to two years. "
    "Feb was detained again, the outlet wrote. "
    "Danel Vasko had been searched in January."
)
ANA = Reviewer("Ana", "confidential")


def _extraction(make_extraction, *, extra_feb: bool = False):
    builder = (
        make_extraction(TEXT, published="2025-03-01", title="Invented bulletin", language="en")
        .person("Lorin Vasko").person("Orsolya Brennik", roles=["judge"])
        .person("Danel Vasko").person("Feb")
        .event("arrest", "Lorin Vasko", "the police detained Lorin Vasko", "2025-02")
        .event("sentence", "Orsolya Brennik", "Judge Orsolya Brennik sentenced")
        .event("sentence", "Lorin Vasko", "Danel Vasko was sentenced to two years")
        .event("arrest", "Feb", "In Feb the police detained")
        .event("search", "Danel Vasko", "Danel Vasko had been searched in January")
    )
    if extra_feb:  # a newer extractor reads another span about the same non-person
        builder.event("arrest", "Feb", "Feb was detained again")
    return builder


@pytest.fixture
def store(db_path: Path, make_extraction):
    with SQLiteStore(db_path) as opened:
        built = _extraction(make_extraction)
        opened.save_extraction(built.build(), built.original)
        yield opened


def _person(store: SQLiteStore, name: str) -> int:
    [found] = store.find_persons(name)
    return found.id


def _case_names(store: SQLiteStore) -> set[str]:
    return {c.name for c in find_cases(store, CaseFilters(), 1, 100).items}


def _statuses(store: SQLiteStore, person_id: int) -> list[str]:
    return [e.review_status for e in store.iter_events() if e.person_id == person_id]


def test_not_a_person_rejects_its_facts_in_one_step_and_survives_reextraction(
    store, make_extraction
):
    feb = _person(store, "Feb")
    assert "Feb" in _case_names(store)
    done = curation.mark(store, feb, "not_person", ANA)
    assert _statuses(store, feb) == ["rejected"]
    assert "Feb" not in _case_names(store)
    assert search(store, "Feb").cases == []
    # the same document, read again by a newer extractor finding another span about Feb
    again = _extraction(make_extraction, extra_feb=True)
    result = store.save_extraction(again.build(), again.original)
    assert result.skipped_curated == 1
    assert _statuses(store, feb) == ["rejected"]
    assert "Feb" not in _case_names(store)
    entry = [e for e in store.audit_entries() if e.action == "case.not_person"]
    assert entry and f"curation:{done.id}" in entry[0].subjects


def test_not_a_victim_keeps_the_person_and_their_role(store):
    judge = _person(store, "Orsolya Brennik")
    curation.mark(store, judge, "not_victim", ANA)
    assert "Orsolya Brennik" not in _case_names(store)
    person = store.get_person(judge)
    assert person is not None and person.name == "Orsolya Brennik"
    assert _statuses(store, judge) == ["rejected"]


def test_a_second_verdict_on_the_same_case_is_refused(store):
    feb = _person(store, "Feb")
    curation.mark(store, feb, "not_person", ANA)
    with pytest.raises(InvalidInput, match="already marked not a person"):
        curation.mark(store, feb, "not_victim", ANA)


def test_undo_gives_the_case_back_but_not_a_decision_made_since(store):
    lorin = _person(store, "Lorin Vasko")
    done = curation.mark(store, lorin, "not_victim", ANA)
    first = done.facts[0].id
    review.accept(store, "event", first, Reviewer("Bo"))  # someone decided since
    curation.undo(store, done.id, ANA)
    assert [e.review_status for e in store.iter_events() if e.person_id == lorin] == [
        "accepted", "unreviewed"]
    assert "Lorin Vasko" in _case_names(store)
    with pytest.raises(InvalidInput, match="undone already"):
        curation.undo(store, done.id, ANA)


def test_a_moved_event_joins_the_other_case_keeps_its_quote_and_survives_reextraction(
    store, make_extraction
):
    lorin, danel = _person(store, "Lorin Vasko"), _person(store, "Danel Vasko")
    wrong = next(e for e in store.iter_events()
                 if e.event.evidence.quote.startswith("Danel Vasko was sentenced"))  # fmt: skip
    assert wrong.person_id == lorin
    done = curation.move_event(store, wrong.id, danel, ANA)
    moved = store.get_event(wrong.id)
    assert moved is not None
    assert (moved.person_id, moved.event.participant) == (danel, "Danel Vasko")
    assert moved.event.evidence.quote == wrong.event.evidence.quote
    assert moved.review_status == "edited"
    again = _extraction(make_extraction)
    store.save_extraction(again.build(), again.original)
    # the machine's reading (a sentence of Lorin at that span) is not added back
    about_lorin = [e for e in store.iter_events() if e.person_id == lorin]
    assert [e.event.type for e in about_lorin] == ["arrest"]
    curation.undo(store, done.id, ANA)
    back = store.get_event(wrong.id)
    assert back is not None and (back.person_id, back.review_status) == (lorin, "unreviewed")


def test_a_move_needs_a_case_the_reviewer_may_see_and_another_one(store):
    lorin = _person(store, "Lorin Vasko")
    event = next(e for e in store.iter_events() if e.person_id == lorin)
    with pytest.raises(NotFound):
        curation.move_event(store, event.id, 999_999, ANA)
    with pytest.raises(InvalidInput, match="already about"):
        curation.move_event(store, event.id, lorin, ANA)


def test_move_targets_are_found_by_name_and_leave_out_the_events_own_case(store):
    lorin = _person(store, "Lorin Vasko")
    event = next(e for e in store.iter_events() if e.person_id == lorin)
    found = curation.move_targets(store, "Vasko", event, ANA.viewer)
    assert [c.name for c in found] == ["Danel Vasko"]
    assert curation.move_targets(store, "   ", event, ANA.viewer) == []


def test_the_curation_list_shows_names_and_what_was_done(store):
    feb = _person(store, "Feb")
    curation.mark(store, feb, "not_person", ANA)
    [shown] = curation.curations(store, ANA.viewer)
    assert (shown.name, shown.words, shown.curation.decided_by) == ("Feb", "not a person", "Ana")
    assert curation.case_verdict(store, feb, ANA.viewer) == shown


def test_training_reads_a_verdict_as_a_negative_for_every_event_type(store):
    # learn's modules import each other in the order the pipeline sets: the pipeline first
    import casefile.extract.pipeline  # noqa: F401
    from casefile.learn.store_data import decisions_of

    feb = _person(store, "Feb")
    curation.mark(store, feb, "not_person", ANA)
    [document] = list(store.iter_documents())
    events = store.document_events(document.sha256)
    decisions = decisions_of(store, events, store.standing_verdicts())
    # rejected as an arrest, and no sentence (nor any type) of Feb is a victim's event
    assert decisions.label("arrest", "Feb") == 0
    assert decisions.label("sentence", "Feb") == 0
    assert decisions.label("sentence", "Danel Vasko") is None  # nobody decided on it
    assert decisions_of(store, events).label("sentence", "Feb") is None  # without verdicts


def test_the_cli_marks_moves_lists_and_undoes(db_path, store, casefile_main):
    feb, lorin = _person(store, "Feb"), _person(store, "Lorin Vasko")
    danel = _person(store, "Danel Vasko")
    event = next(e for e in store.iter_events() if e.person_id == lorin)
    store.close()
    marked = casefile_main("case", "not-person", str(feb), "--by", "Ana")
    assert marked.code == 0 and "marked not a person, 1 events rejected" in marked.out
    moved = casefile_main("case", "move", str(event.id), "--to", str(danel), "--by", "Ana")
    assert moved.code == 0 and f"to case {danel}" in moved.out
    listed = casefile_main("case", "curations")
    assert "Feb (#" in listed.out and "event moved from Lorin Vasko" in listed.out
    again = casefile_main("case", "not-victim", str(feb))
    assert again.code != 0 and "already marked not a person" in again.err
    assert "Traceback" not in again.err
    undone = casefile_main("case", "undo", marked.out.split()[1].rstrip(":"))
    assert undone.code == 0 and "undone" in undone.out


def test_a_curated_case_is_neither_linked_nor_proposed(store, make_extraction):
    from casefile.ingest import save
    from casefile.services import linking

    judge = _person(store, "Orsolya Brennik")
    typo = (make_extraction("Judge Orsolya Brenik read the verdict.", language="en")
            .person("Orsolya Brenik").event("trial", "Orsolya Brenik", "Orsolya Brenik read"))
    other = (make_extraction("Brennik was summoned.", language="en")
             .person("Brennik").event("harassment", "Brennik", "Brennik was summoned"))
    save(store, other.build(), other.original)
    assert [p for p in linking.pending_proposals(store) if judge in (p.person_a, p.person_b)]
    curation.mark(store, judge, "not_victim", ANA)
    assert not [p for p in linking.pending_proposals(store)
                if judge in (p.person_a, p.person_b)]  # fmt: skip
    save(store, typo.build(), typo.original)
    assert not [m for m in store.person_merges() if judge in (m.kept_id, m.merged_id)]
    assert not [p for p in linking.pending_proposals(store)
                if judge in (p.person_a, p.person_b)]  # fmt: skip


def test_casefile_reextract_respects_both_verdicts(store, make_extraction):
    """`ingest.reextract`, as `casefile reextract` runs it, with a newer extractor that
    reads one more span about the non-person (the extractor is the test's: the NLP
    pipeline is not what this is about)."""
    from casefile.extract.pipeline import PipelineConfig
    from casefile.ingest import reextract

    feb, judge = _person(store, "Feb"), _person(store, "Orsolya Brennik")
    curation.mark(store, feb, "not_person", ANA)
    curation.mark(store, judge, "not_victim", ANA)
    newer = _extraction(make_extraction, extra_feb=True).build()

    class Newer:
        config = PipelineConfig()  # the default linking thresholds

        def __call__(self, document):
            return newer

    [outcome] = list(reextract(store, Newer(), "ana"))
    assert outcome.error is None
    assert _statuses(store, feb) == ["rejected"]
    assert _statuses(store, judge) == ["rejected"]
    assert {"Feb", "Orsolya Brennik"} & _case_names(store) == set()
    person = store.get_person(judge)
    assert person is not None and person.roles == ("judge",)  # still known, with the role
