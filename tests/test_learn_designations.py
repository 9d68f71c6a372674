"""Designation candidates (`learn.designations`): every organisation named beside a word of
banning, listing or closing is proposed, and a model trained on gold learns which are
designations. Invented organisations and text only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casefile.evaluation import load_gold_dir
from casefile.extract.pipeline import Pipeline, PipelineConfig
from casefile.ingest import Metadata, document_from_text
from casefile.learn.candidates import candidates, passthrough
from casefile.learn.dataset import annotate, rules_pipeline
from casefile.learn.designations import designation_candidates
from casefile.learn.train import train_model
from casefile.model import PartialDate


@pytest.fixture(scope="module")
def rules() -> Pipeline:
    return rules_pipeline()


def annotated(pipeline: Pipeline, text: str, language: str = "en"):
    document = document_from_text(text, Metadata(PartialDate.parse("2024-06-01"), language))
    return next(annotate(pipeline, [document]))


def proposed(pipeline: Pipeline, text: str, language: str = "en") -> dict[str, bool]:
    """Organisations proposed for a designation, and whether the rules designated them."""
    doc = annotated(pipeline, text, language)
    return {c.participant: bool(c.rule_events) for c in designation_candidates(doc)}


def test_an_organisation_beside_a_designation_word_is_proposed(rules):
    found = proposed(rules, "Police detained two members of the outlawed Arden Freedom Party "
                            "in Velsk on 3 May 2024.")
    assert "Arden Freedom Party" in found


def test_a_designation_word_inside_the_name_proposes_nothing(rules):
    assert proposed(rules, "The Centre for Extremism Research in Velsk held a conference on "
                           "3 May 2024.") == {}


def test_the_rules_designation_is_a_candidate_not_a_passthrough(rules):
    doc = annotated(rules, "The Ministry of Justice declared the Arden Freedom Party an "
                           "extremist organisation on 3 May 2024.")
    found = {c.participant: c for c in candidates(doc)}
    assert found["Arden Freedom Party"].type == "designation"
    assert found["Arden Freedom Party"].rule_events
    assert not [e for e in passthrough(doc) if e.type == "designation"]


def test_russian_organisations_are_proposed_with_russian_features(rules):
    doc = annotated(rules, "В Москве задержали активистов движения «Вольный союз», "
                           "запрещённого в России как экстремистское.", "ru")
    found = {c.participant: c for c in designation_candidates(doc)}
    assert "Вольный союз" in found
    assert any(k.startswith("ru:org:lemma=") for k in found["Вольный союз"].features)


ORGANISATIONS = ["Arden Freedom Party", "Velsk Workers Union", "Korlan Youth League",
                 "Tamsk Civic Forum", "Brevia Press Club", "Ostrava Green Alliance",
                 "Marlen Rights Network", "Zelin Student Council"]


def banned(organisation: str) -> str:
    # The rules read no designation into "since the ministry outlawed it": they do not
    # resolve "it" to an organisation. The ministry is proposed too, and is none.
    return (f"Police detained two members of the {organisation} in Velsk on 3 May 2024. "
            f"The {organisation} has worked underground since the Velsk Interior Ministry "
            "outlawed it in 2019.\n")


def gold_folder(root: Path, organisations: list[str]) -> Path:
    root.mkdir(parents=True)
    for n, organisation in enumerate(organisations):
        (root / f"d{n}.txt").write_text(banned(organisation), encoding="utf-8")
        gold = {
            "document": f"d{n}.txt", "language": "en", "published": "2024-06-01",
            "persons": [],
            "events": [{"type": "designation", "participant": organisation, "date": "2019",
                        "term": None, "term_kind": None, "charges": [], "label": "banned",
                        "evidence": "since the Velsk Interior Ministry outlawed it in 2019"}],
            "statistics": [],
        }
        (root / f"d{n}.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return root


def test_a_model_trained_on_gold_designates_new_organisations(tmp_path):
    folder = gold_folder(tmp_path / "gold", ORGANISATIONS[:6])
    trained = train_model([("gold", load_gold_dir(folder))], folds=1, victims=False)
    model_path = tmp_path / "model.json"
    trained.model.save(model_path)
    pipeline = Pipeline(PipelineConfig(settings={"event_model": str(model_path)}))
    rules = rules_pipeline()
    for organisation in ORGANISATIONS[6:]:
        document = document_from_text(banned(organisation),
                                      Metadata(PartialDate.parse("2024-06-01"), "en"))
        assert not [e for e in rules(document).events if e.type == "designation"]
        events = [e for e in pipeline(document).events if e.type == "designation"]
        assert [(e.participant, e.participant_kind) for e in events] == [
            (organisation, "organisation")]
        assert events[0].label == "banned"
        assert events[0].date is not None and events[0].date.year == 2019
        evidence = events[0].evidence
        assert document.text[evidence.start:evidence.end] == evidence.quote
