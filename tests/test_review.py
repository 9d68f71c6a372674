"""The review service: decisions record who and when, survive re-extraction, and the
machine never adds back what an analyst corrected."""

from __future__ import annotations

import sqlite3

import pytest

import web_support
from casefile.exchange.export import event_record
from casefile.ingest import save
from casefile.model import PartialDate
from casefile.services import review
from casefile.services.errors import InvalidInput
from casefile.store import FactNotFound, VersionConflict
from casefile.store.sqlite import SQLiteStore
from web_support import event_id, kz_extraction

seeded = web_support.seeded  # fixture

ANN = review.Reviewer("Ann")


def facts(path, sha: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT id, type, participant_name, date, charges, review_status, reviewed_by,"
            " version FROM events WHERE document_sha256 = ? ORDER BY id",
            (sha,),
        ).fetchall()
    finally:
        conn.close()


def test_decisions_record_reviewer_time_and_history(seeded):
    arrest = event_id(seeded.db_path, "arrest", "Marat")
    with SQLiteStore(seeded.db_path) as store:
        accepted = review.accept(store, "event", arrest, ANN, version=1)
        assert (accepted.review_status, accepted.reviewed_by, accepted.version) == (
            "accepted",
            "Ann",
            2,
        )
        assert accepted.reviewed_at and accepted.reviewed_at.endswith("+00:00")
        review.reject(store, "event", arrest, review.Reviewer("Bek"), version=2)
        history = review.history(store, "event", arrest)
    assert [(h.action, h.reviewer) for h in history] == [("accept", "Ann"), ("reject", "Bek")]


def test_a_decision_on_an_outdated_version_is_refused(seeded):
    arrest = event_id(seeded.db_path, "arrest", "Marat")
    with SQLiteStore(seeded.db_path) as store:
        review.edit(store, "event", arrest, {"date": "2023-03-01"}, ANN, version=1)
        with pytest.raises(VersionConflict, match="changed by someone else"):
            review.reject(store, "event", arrest, review.Reviewer("Bek"), version=1)
        assert review.get_fact(store, "event", arrest).review_status == "edited"
        with pytest.raises(FactNotFound):
            review.accept(store, "statistic", 99, ANN)


def test_reextraction_keeps_every_reviewed_fact_and_adds_none_back(seeded, make_extraction):
    path, sha = seeded.db_path, seeded.kz
    arrest = event_id(path, "arrest", "Marat")
    sentence = event_id(path, "sentence", "Zholdybayev")
    designation = event_id(path, "designation", "DCK")
    with SQLiteStore(path) as store:
        review.edit(store, "event", sentence, {"charges": "extremism", "date": "2023-11-29"}, ANN)
        review.reject(store, "event", designation, ANN)
        added = review.add_event(
            store, sha, {"quote": "Since January", "type": "conviction", "participant": "X Y"}, ANN
        )
        reviewed_before = [f for f in facts(path, sha) if f[5] != "unreviewed"]
        # The machine runs again over the same document and finds the same things.
        again = kz_extraction(make_extraction)
        result = store.save_extraction(again.build(), again.original)
    after = facts(path, sha)
    assert result.skipped_reviewed == 2  # the edited sentence and the rejected designation
    assert [f for f in after if f[5] != "unreviewed"] == reviewed_before  # untouched
    assert {f[0] for f in reviewed_before} == {sentence, designation, added.id}
    # The unreviewed arrest was replaced by the new run's reading: one arrest, new id.
    arrests = [f for f in after if f[1] == "arrest"]
    assert len(arrests) == 1 and arrests[0][0] != arrest and arrests[0][5] == "unreviewed"
    assert len([f for f in after if f[1] == "sentence"]) == 1  # not added back


def test_the_case_record_follows_review_and_reextraction(seeded, make_extraction):
    from casefile.services.search import find_cases, parse_case_filters

    sentence = event_id(seeded.db_path, "sentence", "Zholdybayev")
    with SQLiteStore(seeded.db_path) as store:
        kz = parse_case_filters(store, country="KZ")
        assert find_cases(store, kz).items[0].status == "imprisoned"
        review.reject(store, "event", sentence, ANN)
        assert find_cases(store, kz).items[0].status == "detained"
        again = kz_extraction(make_extraction)
        store.save_extraction(again.build(), again.original)  # the sentence stays rejected
        assert find_cases(store, kz).items[0].status == "detained"


def test_locating_a_quote_or_offsets():
    text = "He was arrested. She was arrested on Monday.  "
    ev = review.locate(text, "s", {"quote": "arrested on Monday"})
    assert (ev.start, ev.end, ev.quote) == (25, 43, "arrested on Monday")
    trimmed = review.locate(text, "s", {"start": "16", "end": "21"})  # " She " -> "She"
    assert trimmed.quote == "She" and text[trimmed.start : trimmed.end] == "She"
    with pytest.raises(InvalidInput, match="occurs 2 times"):
        review.locate(text, "s", {"quote": "arrested"})
    with pytest.raises(InvalidInput, match="only white space"):
        review.locate(text, "s", {"start": 44, "end": 46})
    with pytest.raises(InvalidInput, match="both start and end"):
        review.locate(text, "s", {"start": "3"})


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        (None, "anonymous"),
        ("   ", "anonymous"),
        (" Ann\tLee\n", "Ann Lee"),
        ("x" * 200, "x" * 80),
        ("Ann\x00\x1b[31m", "Ann[31m"),
    ],
)
def test_reviewer_names_are_one_clean_line(typed, name):
    assert review.reviewer_named(typed).name == name


def test_reextracting_with_the_real_pipeline_keeps_reviewed_facts(db_path):
    from casefile.extract.pipeline import Pipeline, load_config
    from casefile.ingest import Metadata, reextract
    from casefile.services.documents import add_text

    pipeline = Pipeline(load_config(None))
    text = "On 2 March 2024 the police arrested Dauren Serikov, a blogger, in Almaty."
    with SQLiteStore(db_path) as store:
        outcome = add_text(store, pipeline, text, Metadata(language="en"))
        first = store.document_events(outcome.sha256)
        assert first, "the pipeline found no event in a plain arrest sentence"
        kept = review.edit(store, "event", first[0].id, {"agent": "the city police"}, ANN)
        list(reextract(store, pipeline))
        after = store.document_events(outcome.sha256)
    assert kept in after  # same id, status, fields and version
    assert len(after) == len(first)  # the machine's reading is not added back beside it


def test_an_inferred_date_is_stored_exported_and_stated_once_an_analyst_edits_it(
    sqlite_store, make_extraction
):

    text = "Police raided the office. Arlen Tovas was detained."
    extraction = (
        make_extraction(text, published="2024-05-10", language="en")
        .person("Arlen Tovas")
        .event("arrest", "Arlen Tovas", "Arlen Tovas was detained", "2024-05-03",
               date_inferred=True)
        .build()
    )
    save(sqlite_store, extraction, text.encode())
    [stored] = list(sqlite_store.iter_events())
    assert stored.event.date_inferred and event_record(stored)["date_inferred"] is True
    who = review.reviewer_named("Ana Analyst")
    review.edit(sqlite_store, "event", stored.id, {"date": "2024-05-04"}, who)
    [edited] = list(sqlite_store.iter_events())
    assert (edited.event.date, edited.event.date_inferred) == (PartialDate(2024, 5, 4), False)
