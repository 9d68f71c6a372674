"""The date model: which dates an event could take, how a model's choice re-dates it in
the pipeline, and that training on gold teaches it the gold's way of dating. Invented
text only."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from casefile.evaluation import load_gold_dir
from casefile.extract.pipeline import Pipeline, PipelineConfig
from casefile.ingest import Metadata, document_from_text
from casefile.learn.dataset import annotate, rules_pipeline
from casefile.learn.date_choice import DateContext, date_options
from casefile.learn.date_model import DateModel
from casefile.learn.model import SHIPPED, EventModel, ModelError, load_model
from casefile.learn.train import train_model
from casefile.model import Event, PartialDate

PUBLISHED = "2024-06-01"


def story(name: str, protest: str, said: str) -> str:
    return (f"{name} joined a protest in the capital on {protest}. Two days later police "
            f"detained the activist at her home, her lawyer Karl Osterin said on {said}.")


def _pipeline(model: EventModel, tmp_path: Path) -> Pipeline:
    path = tmp_path / "model.json"
    model.save(path)
    return Pipeline(PipelineConfig(settings={"event_model": str(path)}))


def _arrests(pipeline: Pipeline, text: str) -> list[Event]:
    document = document_from_text(text, Metadata(PartialDate.parse(PUBLISHED), "en"))
    return [e for e in pipeline(document).events if e.type == "arrest"]


def test_an_events_options_are_the_dates_around_it_and_the_publication():
    text = story("Anna Veller", "3 May 2024", "9 May 2024")
    document = document_from_text(text, Metadata(PartialDate.parse(PUBLISHED), "en"))
    [arrest] = _arrests(Pipeline(), text)
    options = date_options(DateContext(next(annotate(rules_pipeline(), [document]))), arrest)
    by_date = {o.date.iso(): o for o in options}
    assert set(by_date) == {"2024-05-03", "2024-05-05", "2024-05-09", PUBLISHED}
    assert "date:where=before1" in by_date["2024-05-03"].features
    assert not by_date["2024-05-03"].own_sentence
    assert "date:where=clause" in by_date["2024-05-05"].features  # "two days later"
    assert "date:current" in by_date[arrest.date.iso()].features
    assert "date:published_only" in by_date[PUBLISHED].features


def test_the_pipeline_gives_an_event_the_date_its_date_model_likes_best(tmp_path):
    text = story("Anna Veller", "3 May 2024", "9 May 2024")
    [arrest] = _arrests(Pipeline(), text)
    assert arrest.date == PartialDate(2024, 5, 5)
    shipped = load_model(SHIPPED)
    model = replace(shipped, dates=DateModel({"date:where=before1": 5.0}, 0.0))
    [redated] = _arrests(_pipeline(model, tmp_path), text)
    assert redated.date == PartialDate(2024, 5, 3)
    assert redated.date_inferred  # told in another sentence than the event's


def _gold_folder(root: Path, stories: list[tuple[str, str, str]]) -> Path:
    """Gold that dates each arrest by the protest (a dating the pipeline never gives)."""
    root.mkdir(parents=True)
    for n, (name, protest, said) in enumerate(stories):
        (root / f"s{n}.txt").write_text(story(name, _spelt(protest), said),
                                        encoding="utf-8")
        gold = {
            "document": f"s{n}.txt", "language": "en", "published": PUBLISHED,
            "persons": [{"name": name, "aliases": [], "roles": ["activist"], "country": None}],
            "events": [{"type": "arrest", "participant": name,
                        "date": protest,
                        "term": None, "term_kind": None, "charges": [], "label": None,
                        "evidence": "police detained the activist"}],
            "statistics": [],
        }
        (root / f"s{n}.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return root


STORIES = [("Anna Veller", "2024-03-04", "12 March 2024"),
           ("Clara Munteanu", "2024-02-10", "20 February 2024"),
           ("Elif Sarabay", "2024-04-07", "15 April 2024"),
           ("Greta Lindqvar", "2024-01-12", "25 January 2024"),
           ("Ilona Brevik", "2024-05-02", "11 May 2024"),
           ("Paula Renko", "2024-03-20", "29 March 2024")]


def _spelt(iso: str) -> str:
    date = PartialDate.parse(iso)
    months = ["January", "February", "March", "April", "May", "June"]
    return f"{date.day} {months[date.month - 1]} {date.year}"


def test_a_model_trained_on_gold_dates_new_documents_the_gold_way(tmp_path):
    folder = _gold_folder(tmp_path / "gold", STORIES)
    trained = train_model([("gold", load_gold_dir(folder))], folds=1)
    assert trained.model.dates is not None
    assert trained.model.dates.card["data"]["events"] == len(STORIES)

    new = story("Rita Solvang", "6 May 2024", "14 May 2024")
    [before] = _arrests(Pipeline(), new)
    assert before.date == PartialDate(2024, 5, 8)  # two days after the protest
    [after] = _arrests(_pipeline(trained.model, tmp_path), new)
    assert after.date == PartialDate(2024, 5, 6)


def test_a_date_model_survives_the_round_trip(tmp_path):
    model = EventModel({"rule": 1.0}, 0.0, 0.5,
                       dates=DateModel({"date:current": 2.0}, -1.0, {"what": "invented"}))
    path = tmp_path / "m.json"
    model.save(path)
    assert load_model(path) == model


def test_a_bad_date_model_is_a_clear_error(tmp_path):
    path = tmp_path / "m.json"
    raw = json.loads(EventModel({"rule": 1.0}, 0.0).to_json())
    path.write_text(json.dumps({**raw, "date_model": {"weights": {"a": "x"}}}),
                    encoding="utf-8")
    with pytest.raises(ModelError, match="date model"):
        load_model(path)


def test_a_store_whose_analysts_corrected_dates_trains_a_model_that_dates_their_way(
    tmp_path, db_path, casefile_main
):
    from casefile.services import review
    from casefile.store.sqlite import SQLiteStore

    stored = tmp_path / "stored"
    stored.mkdir()
    for n, (name, protest, said) in enumerate(STORIES):
        (stored / f"s{n}.txt").write_text(
            story(name, _spelt(protest), said)
            + f"\n\nActor Ivo Bratan{n} was arrested in the final scene of the play.\n",
            encoding="utf-8")
    ingested = casefile_main("ingest", str(stored), "--published", PUBLISHED,
                             "--language", "en")
    assert ingested.code == 0, ingested.err
    analyst = review.Reviewer("analyst")
    with SQLiteStore(db_path) as store:
        for document in store.iter_documents():
            [(name, protest, _)] = [s for s in STORIES if s[0] in document.text]
            for event in store.document_events(document.sha256):
                if event.event.type != "arrest":
                    continue
                if event.event.participant == name:  # dated by the protest, the team says
                    review.edit(store, "event", event.id, {"date": protest}, analyst)
                else:
                    review.reject(store, "event", event.id, analyst)

    out = tmp_path / "team.json"
    trained = casefile_main("train", "--store", str(db_path), "--out", str(out))
    assert trained.code == 0, trained.err
    team = load_model(out)
    assert team.dates is not None
    assert team.dates.card["data"]["store_events"] == len(STORIES)

    new = story("Rita Solvang", "6 May 2024", "14 May 2024")
    [arrest] = _arrests(Pipeline(PipelineConfig(settings={"event_model": str(out)})), new)
    assert arrest.date == PartialDate(2024, 5, 6)
