"""The victim model: person features without names, a tiny model trained on invented gold
that tells a victim from the lawyer quoted about them, honest out-of-fold scores, its
place in the event model's file, and the HRDsAttack bench's crowd-name matching."""

from __future__ import annotations

import importlib.util
import json
from dataclasses import replace
from pathlib import Path

import pytest
import spacy

from casefile.evaluation import load_gold_dir
from casefile.extract.pipeline import (  # first: before candidates
    DEFAULT_MODEL,
    Pipeline,
    PipelineConfig,
)
from casefile.extract.ru.parse import parse
from casefile.ingest import Metadata, document_from_text
from casefile.learn.candidates import candidates
from casefile.learn.dataset import (
    DocRows,
    Row,
    annotate,
    build_rows,
    document_of,
    rules_pipeline,
)
from casefile.learn.model import Decision, ModelError, load_model
from casefile.learn.train import train_model
from casefile.learn.victims import (
    VICTIM_C,
    _after_place_preposition,
    _phrase_head,
    add_to_candidates,
    best_for_victims,
    candidate_features,
    fit_victims,
    oof_scores,
    person_features,
    with_candidates,
    with_scores,
)
from casefile.model import PartialDate

VICTIMS = ["Mira Solenko", "Tarik Belloun", "Oona Kestrel", "Viktor Amsel", "Lidia Parvan",
           "Emil Drosny", "Ines Calvaro", "Pavel Rudnik"]
LAWYERS = ["Aldo Ferren", "Berta Huslin", "Cyril Manto", "Dora Velkin", "Egon Strall",
           "Fanny Orbek", "Gustav Lerin", "Hana Sobell"]


def statement(victim: str, lawyer: str) -> str:
    return (
        f"{victim}, a journalist, was detained by police in the capital on 2 March 2024.\n\n"
        f"Her lawyer {lawyer} said the detention was unlawful and would be appealed.\n"
    )


def gold_folder(root: Path, pairs: list[tuple[str, str]]) -> Path:
    root.mkdir(parents=True)
    for n, (victim, lawyer) in enumerate(pairs):
        (root / f"v{n}.txt").write_text(statement(victim, lawyer), encoding="utf-8")
        gold = {
            "document": f"v{n}.txt", "language": "en", "published": "2024-03-05",
            "persons": [{"name": victim, "aliases": [], "roles": ["journalist"],
                         "country": None}],
            "events": [{"type": "arrest", "participant": victim, "date": "2024-03-02",
                        "term": None, "term_kind": None, "charges": [], "label": None,
                        "evidence": "was detained by police"}],
            "statistics": [],
        }
        (root / f"v{n}.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return root


def test_person_features_say_what_is_said_around_a_person_never_who(tmp_path):
    folder = gold_folder(tmp_path / "gold", [(VICTIMS[0], LAWYERS[0])])
    [gold] = load_gold_dir(folder)
    pipeline: Pipeline = rules_pipeline()
    [doc] = annotate(pipeline, [document_of(gold)])
    features = person_features(doc)
    victim, lawyer = features[VICTIMS[0]], features[LAWYERS[0]]
    assert victim.get("title=defender") == 1.0  # "a journalist" beside the name
    assert victim.get("arg:arrest") == 1.0  # the subject of "was detained"
    assert lawyer.get("ever_speaker") == 1.0 and lawyer["speaker"] == 1.0
    assert lawyer.get("title=lawyer") == 1.0
    assert "ever_speaker" not in victim
    words = {w.lower() for name in VICTIMS[:1] + LAWYERS[:1] for w in name.split()}
    assert not [k for f in features.values() for k in f if any(w in k for w in words)]


@pytest.fixture(scope="module")
def english() -> spacy.language.Language:
    return spacy.load(DEFAULT_MODEL)


@pytest.mark.parametrize(("text", "word", "language", "placed"), [
    ("Police held the activists in Korvash for a week.", "Korvash", "en", True),
    ("The lawyer met them at Velsk Central on Monday.", "Central", "en", True),
    ("Police held Arlen Tovas for a week.", "Tovas", "en", False),
    ("Активистов держали в Велске три дня.", "Велске", "ru", True),
    ("Полиция задержала Ивана Ворсина.", "Ворсина", "ru", False),
])
def test_a_name_after_a_preposition_of_place_reads_as_a_place(english, text, word, language,
                                                              placed):
    # the recogniser takes towns and prisons for persons; "in X" says otherwise
    tokens = parse(text) if language == "ru" else english(text)
    token = next(t for t in tokens if t.text == word)
    assert _after_place_preposition(_phrase_head(token), language) is placed


def _doc(name: str, persons: dict[str, dict[str, float]], victims: set[str]) -> DocRows:
    rows = [Row("arrest", p, {"bias": 1.0, "victim_p": 0.99}, int(p in victims), [], False)
            for p in persons]
    return DocRows(name, "en", rows, persons=persons, victims=victims)


def test_victim_scores_of_a_document_come_from_models_that_never_saw_it():
    # Each document's victim has a feature no other document has: a model that saw the
    # document would score its victim high; one that did not cannot know the feature.
    docs = [_doc(f"d{n}", {f"v{n}": {"bias": 1.0, f"quirk{n}": 1.0, "speaker": 0.0},
                           f"s{n}": {"bias": 1.0, "speaker": 1.0}}, {f"v{n}"})
            for n in range(6)]
    seen = fit_victims(docs, seed=1)
    assert seen is not None
    honest = oof_scores(docs, k=3, seed=1)
    for n in range(6):
        in_sample = seen.probability(docs[n].persons[f"v{n}"])
        assert honest[f"d{n}"].found[f"v{n}"] < in_sample - 0.05
        assert honest[f"d{n}"].found[f"v{n}"] > honest[f"d{n}"].found[f"s{n}"]  # speakers low


def test_rows_take_new_victim_scores_and_lose_stale_ones():
    doc = _doc("d", {"a": {"bias": 1.0}, "b": {"bias": 1.0}}, {"a"})
    scored = with_scores(doc, {"a": 0.3})
    assert scored.rows[0].features["victim_p"] == 0.3
    assert scored.rows[0].features["victim_b=1"] == 1.0
    assert "victim_p" not in scored.rows[1].features  # no score: no stale 0.99 either
    assert doc.rows[1].features["victim_p"] == 0.99  # the original rows are untouched
    assert fit_victims([_doc("x", {"a": {"bias": 1.0}}, {"a"})], seed=1) is None


def test_masked_rows_take_the_victim_scores_of_their_own_draw():
    doc = _doc("d", {"a": {"bias": 1.0}}, {"a"})
    doc.masked_rows = [replace(doc.rows[0], draw=n) for n in range(2)]
    scored = with_scores(doc, {"a": 0.8}, [{"a": 0.2}, {"a": 0.6}])
    assert scored.rows[0].features["victim_p"] == 0.8  # what the extractor will see
    assert [r.features["victim_p"] for r in scored.masked_rows] == [0.2, 0.6]
    assert [r.features["victim_p"] for r in with_scores(doc, {"a": 0.8}).masked_rows] \
        == [0.8, 0.8]


def test_candidates_read_the_victim_probability_as_log_odds_apart_for_the_rules():
    unsure, sure = candidate_features(0.03, "arrest", "en"), candidate_features(0.3, "arrest", "en")
    # in p the two differ by 0.27; in log-odds by more than two units
    assert sure["victim_logit"] - unsure["victim_logit"] > 2.0
    assert unsure["victim_logit&type=arrest"] == unsure["victim_logit"]
    assert "victim_logit&rule" not in unsure
    ruled = candidate_features(0.03, "arrest", "en", from_rules=True)
    assert ruled["victim_logit&rule"] == unsure["victim_logit"]


def test_the_victim_log_odds_are_clipped_where_a_name_alone_moves_them():
    # 0.96 -> 0.997 is what another name did to one victim (bench/name_swap.py): clipped,
    # the near-certain scores weigh the same, and never without bound
    near = candidate_features(0.98, "arrest", "en")["victim_logit"]
    assert near == candidate_features(1.0, "arrest", "en")["victim_logit"] < 3.5
    assert candidate_features(0.0, "arrest", "ru")["ru:victim_logit"] > -3.5


def test_the_event_model_file_carries_a_victim_model_that_ranks_the_victim_first(tmp_path):
    pairs = list(zip(VICTIMS[:6], LAWYERS[:6], strict=True))
    folder = gold_folder(tmp_path / "gold", pairs)
    trained = train_model([("gold", load_gold_dir(folder))], folds=1)
    path = tmp_path / "model.json"
    trained.model.save(path)
    model = load_model(path)
    assert model.victims is not None
    assert model.victims == trained.model.victims
    assert model.victims.card["data"]["victims"] == 6
    assert "validation" in model.victims.card
    # the card names the regularisation the victim model was fitted with, not the event
    # model's
    assert f"C={VICTIM_C}," in model.victims.card["trainer"]

    # A new document of the same pattern: the candidates of the victim carry a higher
    # victim probability than those of the lawyer who speaks about her.
    new = gold_folder(tmp_path / "new", [(VICTIMS[7], LAWYERS[7])])
    [doc] = annotate(rules_pipeline(), [document_of(g) for g in load_gold_dir(new)])
    found = candidates(doc)
    add_to_candidates(doc, found, model.victims)
    p = {c.participant: c.features["victim_p"] for c in found if "victim_p" in c.features}
    assert p[VICTIMS[7]] > 0.5
    assert all(p[VICTIMS[7]] > v for name, v in p.items() if name != VICTIMS[7])


def test_training_without_the_victim_model_leaves_it_out(tmp_path):
    folder = gold_folder(tmp_path / "gold", list(zip(VICTIMS[:4], LAWYERS[:4], strict=True)))
    trained = train_model([("gold", load_gold_dir(folder))], folds=1, victims=False)
    assert trained.model.victims is None
    assert not [w for w in trained.model.weights if w.startswith("victim_")]
    assert "victim_model" not in trained.model.to_json()


def test_a_bad_victim_model_in_the_file_is_a_clear_error(tmp_path):
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"format": "casefile-event-model", "format_version": 1,
                                "weights": {}, "victim_model": {"weights": {"a": "x"}}}))
    with pytest.raises(ModelError, match="victim model"):
        load_model(path)


def _bench():
    path = Path(__file__).resolve().parents[1] / "bench" / "hrdsattack.py"
    spec = importlib.util.spec_from_file_location("hrdsattack_bench", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_crowd_names_split_lists_and_match_despite_small_typos():
    bench = _bench()
    labels = {"victims": [{"victim_name": "Mira Solenko, Tarik Belloun and Oona Kestrel"},
                          {"victim_name": None}, {"victim_name": "Viktor Amsel"}]}
    names = bench.crowd_names(labels)
    assert names == [("mira", "solenko"), ("tarik", "belloun"), ("oona", "kestrel"),
                     ("viktor", "amsel")]
    assert bench.name_found(("mira", "solenko"), ["Solenko"])  # a word subset, as scored
    assert bench.name_found(("tarik", "beloun"), ["Tarik Belloun"])  # one letter off
    assert not bench.name_found(("oona", "kestrel"), ["Oona Pastor"])
    assert not bench.name_found(("ian", "amsel"), ["Jan Ansel"])  # short words: exact
    found = {"a": ["Mira Solenko", "Viktor Amsel"]}
    assert bench.recall({"a": names}, found) == 0.5


def test_a_likely_victim_without_an_event_keeps_their_likeliest_candidate():
    rows = [("a", True, False), ("a", True, False), ("b", True, False), ("c", True, True),
            ("c", True, False), ("d", False, False)]
    probabilities = [0.2, 0.4, 0.3, 0.9, 0.1, 0.8]
    scores = {"a": 0.95, "b": 0.2, "c": 0.99, "d": 0.99}
    # a: its likelier candidate; b: not likely a victim; c: has an event already;
    # d: its candidate stands for no event.
    assert best_for_victims(rows, probabilities, scores, 0.7) == [1]
    assert best_for_victims(rows, probabilities, scores, 0.1) == [1, 2]


def test_a_blocked_candidate_is_never_kept_and_leaves_the_floor_to_the_others():
    # (participant, from the rules, has an event): one person, two candidates; the likelier
    # is done to someone else.
    rows = [("a", False, True), ("a", False, True)]
    decision = Decision(keeps_rules=True, threshold=0.5, victim_floor=0.7)
    assert decision.accept(rows, [0.9, 0.3], {"a": 0.95}) == [True, False]
    assert decision.accept(rows, [0.9, 0.3], {"a": 0.95}, [True, False]) == [False, True]
    assert decision.accept(rows, [0.9, 0.3], {"a": 0.95}, [True, True]) == [False, False]


def test_the_extractor_applies_the_victim_floor(tmp_path):
    folder = gold_folder(tmp_path / "gold", list(zip(VICTIMS[:6], LAWYERS[:6], strict=True)))
    model = train_model([("gold", load_gold_dir(folder))], folds=1).model
    model.keeps_rules, model.threshold = False, 1.01  # the model alone accepts nothing
    text = statement(VICTIMS[7], LAWYERS[7])

    def participants(floor: float | None) -> set[str]:
        model.victim_floor = floor
        path = tmp_path / f"model-{floor}.json"
        model.save(path)
        pipeline = Pipeline(PipelineConfig(settings={"event_model": str(path)}))
        document = document_from_text(text, Metadata(PartialDate.parse("2024-03-05"), "en"))
        return {e.participant for e in pipeline(document).events}

    assert participants(None) == set()
    assert participants(0.5) == {VICTIMS[7]}


def test_two_gold_documents_with_the_same_text_both_get_rows(tmp_path):
    folder = gold_folder(tmp_path / "gold", [(VICTIMS[0], LAWYERS[0])] * 2)
    docs = build_rows(load_gold_dir(folder))
    assert [d.name for d in docs] == ["v0", "v1"]
    assert all(d.victims == {VICTIMS[0]} for d in docs)


def test_a_person_features_gain_a_summary_of_their_candidates():
    persons = {"a": {"bias": 1.0}, "b": {"bias": 1.0}}
    found = [("a", {"rule": 1.0, "n_pairs": 0.5}), ("a", {"n_pairs": 1.5, "victim_p": 0.9})]
    merged = with_candidates(persons, found, "ru")
    assert merged["a"]["cand:rule"] == 1.0 and merged["a"]["ru:cand:rule"] == 1.0
    assert merged["a"]["cand:max_pairs"] == 1.5
    assert not [k for k in merged["a"] if "victim" in k]
    assert merged["b"] == {"bias": 1.0, "cand:none": 1.0, "ru:cand:none": 1.0}


def test_cli_train_keeps_the_victim_model_in_the_file_unless_told_not_to(
    casefile_main, tmp_path
):
    folder = gold_folder(tmp_path / "gold", list(zip(VICTIMS[:4], LAWYERS[:4], strict=True)))
    for flag, expected in (("--victims", True), ("--no-victims", False)):
        out = tmp_path / f"model{flag}.json"
        result = casefile_main("train", str(folder), "--out", str(out), "--folds", "2", flag)
        assert result.code == 0, result.err
        assert (load_model(out).victims is not None) is expected
        assert load_model(out).card["victim_floor"] is None or expected  # no model, no floor
