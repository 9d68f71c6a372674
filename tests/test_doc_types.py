"""The document-type model: words counted with names and numbers masked, a tiny model
trained on invented documents that tells a document holding an arrest from one that
holds none, cross-fitted probabilities, its place in the event model's file, and the
feature the extractor gives each candidate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casefile.evaluation import load_gold_dir
from casefile.extract.pipeline import Pipeline, PipelineConfig
from casefile.ingest import Metadata, document_from_text
from casefile.learn.dataset import DocRows, Row
from casefile.learn.doc_types import (
    DocTypeModel,
    add_to_candidates,
    candidate_features,
    cross_fitted,
    document_terms,
    fit_doc_types,
    oof_probabilities,
    with_probabilities,
)
from casefile.learn.model import EventModel, ModelError, load_model
from casefile.learn.train import train_model
from casefile.model import PartialDate

ARREST = ("Police detained the blogger at dawn and took her to a detention centre; "
          "she remains in custody pending questioning.")
OTHER = ("The festival opened with a concert in the park, and the organisers thanked "
         "the volunteers who sold tickets at the gate.")


def doc(name: str, text: str, types: set[str] | None, language: str = "en") -> DocRows:
    rows = [Row("arrest", "Vera Quill", {"bias": 1.0}, int(bool(types) and "arrest" in types), [],
                False)]
    out = DocRows(name, language, rows=rows)
    out.terms = document_terms(text)
    out.types = types
    return out


def corpus(n: int = 8) -> list[DocRows]:
    return ([doc(f"a{i}", f"Vera Quill {i}. " + ARREST, {"arrest"}) for i in range(n)]
            + [doc(f"o{i}", f"Tomas Brell {i}. " + OTHER, set()) for i in range(n)])


def test_document_terms_mask_names_and_numbers() -> None:
    terms = document_terms("On 3 May Vera Quill was detained; police detained 12 people.")
    assert terms["detained"] == 2
    assert terms["police detained"] == 1
    assert not any("vera" in t or "quill" in t or "12" in t for t in terms)
    assert "cap cap" in terms  # the name is there, as what it is, not who


def test_a_tiny_model_tells_a_document_with_an_arrest_from_one_without() -> None:
    model = fit_doc_types(corpus(), seed=0)
    arrest = model.probabilities(document_terms("Ada Voss was detained by police. " + ARREST),
                                 "en")["arrest"]
    other = model.probabilities(document_terms("Ada Voss spoke. " + OTHER), "en")["arrest"]
    assert arrest > 0.5 > other
    assert model.probabilities(document_terms(ARREST), "ru") == {}  # no Russian model


def test_a_store_document_without_full_gold_never_trains_it() -> None:
    # Twenty store documents of arrests with no types known: were they counted as
    # documents without an arrest, the model would turn.
    stored = [doc(f"s{i}", ARREST, None) for i in range(20)]
    with_store = fit_doc_types(corpus() + stored, seed=0)
    alone = fit_doc_types(corpus(), seed=0)
    terms = document_terms(ARREST)
    assert with_store.probabilities(terms, "en") == alone.probabilities(terms, "en")


def test_out_of_fold_probabilities_never_come_from_the_document_itself() -> None:
    docs = corpus(6)
    # One odd document: an arrest told in words no other document uses.
    docs.append(doc("odd", "Zora Pell was seized by gendarmes and jailed overnight.",
                    {"arrest"}))
    oof = oof_probabilities(docs, k=3, seed=0)
    assert set(oof) == {d.name for d in docs}
    fitted_on_it = fit_doc_types(docs, seed=0).probabilities(docs[-1].terms, "en")["arrest"]
    assert oof["odd"]["arrest"] < fitted_on_it


def test_candidates_get_the_log_odds_of_their_type() -> None:
    f = candidate_features(0.5, "arrest", "en")
    assert f == {"doc_type_logit": 0.0, "doc_type_logit&type=arrest": 0.0}
    assert candidate_features(0.9999, "arrest", "en")["doc_type_logit"] == pytest.approx(
        candidate_features(0.97, "arrest", "en")["doc_type_logit"])  # clipped
    assert set(candidate_features(0.2, "charge", "ru")) == {
        "doc_type_logit", "doc_type_logit&type=charge",
        "ru:doc_type_logit", "ru:doc_type_logit&type=charge"}

    scored = with_probabilities(doc("a", ARREST, {"arrest"}), {"arrest": 0.9})
    assert scored.rows[0].features["doc_type_logit&type=arrest"] > 2

    class Found:
        type = "arrest"
        features: dict[str, float] = {}

    found = Found()
    add_to_candidates(ARREST, "en", [found], fit_doc_types(corpus(), seed=0))
    assert found.features["doc_type_logit"] > 0


def test_it_travels_in_the_event_model_file(tmp_path) -> None:
    model = EventModel({"bias": 0.1}, 0.0)
    model.doc_types = fit_doc_types(corpus(), seed=0)
    path = tmp_path / "model.json"
    model.save(path)
    loaded = load_model(path)
    assert loaded.doc_types is not None
    terms = document_terms(ARREST)
    assert loaded.doc_types.probabilities(terms, "en") == pytest.approx(
        model.doc_types.probabilities(terms, "en"))

    raw = json.loads(path.read_text())
    raw["doc_type_model"] = {"languages": {"en": {"idf": {}}}}
    path.write_text(json.dumps(raw))
    with pytest.raises(ModelError, match="document-type model"):
        load_model(path)


def test_the_round_trip_keeps_every_weight() -> None:
    model = fit_doc_types(corpus(), seed=0)
    again = DocTypeModel.from_dict(json.loads(json.dumps(model.as_dict())))
    assert again.languages["en"].idf == model.languages["en"].idf
    assert again.languages["en"].types["arrest"].weights == \
        model.languages["en"].types["arrest"].weights


def test_a_model_is_fitted_for_the_languages_asked_only() -> None:
    russian = ([doc(f"ra{i}", f"Vera Quill {i}. " + ARREST, {"arrest"}, "ru") for i in range(8)]
               + [doc(f"ro{i}", f"Tomas Brell {i}. " + OTHER, set(), "ru") for i in range(8)])
    both = corpus() + russian
    assert set(fit_doc_types(both, seed=0).languages) == {"en", "ru"}
    assert set(fit_doc_types(both, seed=0, languages=("ru",)).languages) == {"ru"}
    training, applied, model = cross_fitted(both, both[:1], 3, 0, ("ru",))
    assert set(model.languages) == {"ru"}
    # English candidates carry no document-type feature, Russian ones do
    assert not any(k.startswith("doc_type_") for d in training if d.language == "en"
                   for r in d.rows for k in r.features)
    assert any(k.startswith("doc_type_") for d in training if d.language == "ru"
               for r in d.rows for k in r.features)


def test_cli_doc_types_takes_languages_and_refuses_others(casefile_main, tmp_path) -> None:
    result = casefile_main("train", str(tmp_path), "--doc-types", "fr")
    assert result.code != 0
    assert "--doc-types" in result.err and len(result.err.strip().splitlines()) == 1


def test_a_name_with_an_accented_capital_is_masked_too() -> None:
    terms = document_terms("Émile Özgür and Šárka Łuczak were detained.")
    assert terms["cap cap"] == 2
    assert not any(w in t for t in terms for w in ("émile", "özgür", "šárka", "łuczak"))


def _gold(root: Path, name: str, text: str, events: list[dict]) -> None:
    (root / f"{name}.txt").write_text(text, encoding="utf-8")
    (root / f"{name}.gold.json").write_text(json.dumps({
        "document": f"{name}.txt", "language": "en", "published": "2024-06-01",
        "persons": [], "events": events, "statistics": []}), encoding="utf-8")


def test_trained_on_request_it_is_in_the_file_and_the_extractor_reads_it(tmp_path) -> None:
    root = tmp_path / "gold"
    root.mkdir()
    victims = ["Ilse Marrow", "Joran Tesk", "Kaja Pollin", "Lev Dasko", "Mona Ferrit",
               "Nils Ogard"]
    for n, victim in enumerate(victims):
        _gold(root, f"c{n}", f"{victim} took part in a peaceful protest on 3 May 2024. "
              "The charges followed a week later, her lawyer said.\n", [{
                  "type": "charge", "participant": victim, "date": "2024-05", "term": None,
                  "term_kind": None, "charges": [], "label": None,
                  "evidence": "The charges followed a week later"}])
    for n in range(4):
        _gold(root, f"f{n}", f"Orla Vint {n} opened the festival with a concert in the "
              "park, and the organisers thanked the volunteers.\n", [])
    sets = [("gold", load_gold_dir(root))]
    assert train_model(sets, folds=1).model.doc_types is None  # not the default
    assert train_model(sets, folds=1, doc_types=("ru",)).model.doc_types is None  # no ru gold
    trained = train_model(sets, folds=1, doc_types=("en",))
    assert trained.model.doc_types is not None
    assert "charge" in trained.model.doc_types.languages["en"].types
    path = tmp_path / "model.json"
    trained.model.save(path)

    base = PipelineConfig()
    pipeline = Pipeline(PipelineConfig(
        components=(*[c for c in base.components if c != "model_events"], "model_events"),
        settings={"event_model": str(path)},
    ))
    text = ("Petra Lune took part in a peaceful protest on 3 May 2024. The charges followed "
            "a week later, her lawyer said.\n")
    document = document_from_text(text, Metadata(PartialDate.parse("2024-06-01"), "en"))
    assert ("charge", "Petra Lune") in {(e.type, e.participant)
                                        for e in pipeline(document).events}
