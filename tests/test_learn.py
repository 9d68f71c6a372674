"""The event model: trained on invented gold, it learns a pattern the rules miss; its file
format; `casefile train`. Tiny models only: the shipped one is trained by `make train`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casefile.evaluation import load_gold_dir
from casefile.extract.pipeline import Pipeline, PipelineConfig
from casefile.ingest import Metadata, document_from_text
from casefile.learn.candidates import candidates
from casefile.learn.dataset import (
    HIDDEN_RULE_DRAWS,
    DocRows,
    annotate,
    build_rows,
    document_of,
    label_rows,
    masked_draws,
    masked_rows,
    rules_pipeline,
)
from casefile.learn.model import (
    SHIPPED,
    Decision,
    EventModel,
    ModelError,
    keep_rule_designations,
    load_model,
)
from casefile.learn.train import train_model
from casefile.learn.victims import fit_victims
from casefile.model import PartialDate

VICTIMS = ["Anna Veller", "Boris Talanov", "Clara Munteanu", "Denis Orlik", "Elif Sarabay",
           "Fyodor Kestel", "Greta Lindqvar", "Hamid Zoranov", "Ilona Brevik", "Jonas Petrauk"]
LAWYERS = ["Karl Osterin", "Lena Vasko", "Marek Dolny", "Nina Garrow", "Oskar Velin",
           "Paula Renko", "Quentin Maro", "Rita Solvang", "Sergei Amarin", "Tanya Korvel"]


def statement(victim: str, lawyer: str) -> str:
    # The rules find no participant for "The charges followed": nothing in that sentence
    # names who was charged. The person named just before is the one.
    return (
        f"{victim} took part in a peaceful protest in the capital on 3 May 2024. "
        "The charges followed a week later.\n\n"
        f"Her lawyer {lawyer} said the hearing was postponed.\n"
    )


def gold_folder(root: Path, pairs: list[tuple[str, str]]) -> Path:
    root.mkdir(parents=True)
    for n, (victim, lawyer) in enumerate(pairs):
        (root / f"s{n}.txt").write_text(statement(victim, lawyer), encoding="utf-8")
        gold = {
            "document": f"s{n}.txt", "language": "en", "published": "2024-06-01",
            "persons": [{"name": victim, "aliases": [], "roles": ["activist"], "country": None}],
            "events": [{"type": "charge", "participant": victim, "date": "2024-05",
                        "term": None, "term_kind": None, "charges": [], "label": None,
                        "evidence": "The charges followed a week later."}],
            "statistics": [],
        }
        (root / f"s{n}.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return root


def events_of(pipeline: Pipeline, text: str) -> set[tuple[str, str]]:
    document = document_from_text(text, Metadata(PartialDate.parse("2024-06-01"), "en"))
    return {(e.type, e.participant) for e in pipeline(document).events}


def test_a_model_trained_on_gold_finds_what_the_rules_miss_in_new_documents(tmp_path):
    folder = gold_folder(tmp_path / "gold", list(zip(VICTIMS[:7], LAWYERS[:7], strict=True)))
    trained = train_model([("gold", load_gold_dir(folder))], folds=1)
    model_path = tmp_path / "model.json"
    trained.model.save(model_path)

    new_text = statement(VICTIMS[8], LAWYERS[8])
    rules = Pipeline()
    base = PipelineConfig()
    with_model = Pipeline(PipelineConfig(
        components=(*[c for c in base.components if c != "model_events"], "model_events"),
        settings={"event_model": str(model_path)},
    ))
    # Participants as the scorer matches them: the name or a part of it.
    assert not [p for t, p in events_of(rules, new_text) if t == "charge"]
    found = events_of(with_model, new_text)
    assert [p for t, p in found if t == "charge" and p in VICTIMS[8]]
    assert not [p for _, p in found if p in LAWYERS[8]]


def arrest_gold(root: Path) -> Path:
    """One invented statement whose arrest the rules find themselves."""
    root.mkdir(parents=True)
    (root / "a0.txt").write_text(
        "Police arrested Orlen Vask in the capital on 3 May 2024.\n\n"
        "His lawyer Dara Kolt said the arrest was unlawful.\n", encoding="utf-8")
    gold = {
        "document": "a0.txt", "language": "en", "published": "2024-06-01",
        "persons": [{"name": "Orlen Vask", "aliases": [], "roles": [], "country": None}],
        "events": [{"type": "arrest", "participant": "Orlen Vask", "date": "2024-05-03",
                    "term": None, "term_kind": None, "charges": [], "label": None,
                    "evidence": "Police arrested Orlen Vask"}],
        "statistics": [],
    }
    (root / "a0.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return root


def test_hidden_rule_events_leave_the_gold_event_a_candidate_the_rules_did_not_make(
        tmp_path):
    gold = load_gold_dir(arrest_gold(tmp_path / "gold"))[0]
    doc = next(annotate(rules_pipeline(), [document_of(gold)]))
    plain = label_rows(gold, doc, candidates(doc))
    arrest = [r for r in plain.rows if (r.type, r.participant) == ("arrest", "Orlen Vask")]
    assert arrest and arrest[0].from_rules and arrest[0].label == 1

    hidden = masked_rows(gold, doc, 1.0)
    arrest = [r for r in hidden if (r.type, r.participant) == ("arrest", "Orlen Vask")]
    assert arrest and not arrest[0].from_rules and arrest[0].label == 1
    assert "rule" not in arrest[0].features
    assert not any(r.from_rules for r in hidden)
    assert masked_rows(gold, doc, 0.0) == []
    drawn = masked_rows(gold, doc, 1.0, draws=3)
    assert len(drawn) == 3 * len(hidden) and {r.weight for r in drawn} == {1 / 3}
    # the document's own events are as the rules left them
    assert ("arrest", "Orlen Vask") in {(e.type, e.participant) for e in doc.events}


def test_the_victim_rows_of_a_draw_see_only_the_rule_events_it_left(tmp_path):
    gold = load_gold_dir(arrest_gold(tmp_path / "gold"))[0]
    doc = next(annotate(rules_pipeline(), [document_of(gold)]))
    plain = label_rows(gold, doc, candidates(doc))
    assert plain.persons["Orlen Vask"].get("rule:arrest") == 1.0
    rows, persons = masked_draws(gold, doc, 1.0, draws=2)
    assert rows == masked_rows(gold, doc, 1.0, draws=2)
    assert len(persons) == 2
    for drawn in persons:
        assert "rule:arrest" not in drawn["Orlen Vask"]
        assert drawn["Orlen Vask"]["no_rule_events"] == 1.0
        assert drawn["Orlen Vask"]["cand:types"] > 0  # that draw's candidates, summarised


def test_the_victim_model_is_fitted_on_the_draws_when_a_document_has_them():
    def doc(name: str, victim: bool, drawn: bool) -> DocRows:
        found = {"rule:arrest": 1.0} if victim else {"no_rule_events": 1.0}
        rows = DocRows(name, "en", persons={"P": {**found, "bias": 1.0}, "Q": {"bias": 1.0}},
                       victims={"P"} if victim else set())
        if drawn:  # every draw hid the rules' events
            rows.masked_persons = [{"P": {"no_rule_events": 1.0, "bias": 1.0},
                                    "Q": {"bias": 1.0}}] * 3
        return rows

    drawn = fit_victims([doc(f"d{n}", n % 2 == 0, True) for n in range(6)], seed=1)
    plain = fit_victims([doc(f"d{n}", n % 2 == 0, False) for n in range(6)], seed=1)
    assert drawn is not None and plain is not None
    assert "rule:arrest" not in drawn.weights
    assert plain.weights["rule:arrest"] > 0


def test_another_draw_seed_hides_other_rule_events_and_has_a_cache_of_its_own(tmp_path):
    root = tmp_path / "gold"
    root.mkdir()
    names = VICTIMS[:6]
    (root / "m0.txt").write_text(
        "Police arrested " + ", ".join(names[:-1]) + f" and {names[-1]} in the capital on "
        "3 May 2024.\n", encoding="utf-8")
    gold = {
        "document": "m0.txt", "language": "en", "published": "2024-06-01",
        "persons": [{"name": n, "aliases": [], "roles": [], "country": None} for n in names],
        "events": [{"type": "arrest", "participant": n, "date": "2024-05-03", "term": None,
                    "term_kind": None, "charges": [], "label": None,
                    "evidence": "Police arrested"} for n in names],
        "statistics": [],
    }
    (root / "m0.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    golds = load_gold_dir(root)
    cache = tmp_path / "cache"

    def hidden(rows: DocRows) -> list[set[str]]:
        """Per draw, whose arrest the rules' events were hidden for."""
        per_draw = len(rows.masked_rows) // HIDDEN_RULE_DRAWS
        return [{r.participant for r in rows.masked_rows[k * per_draw:(k + 1) * per_draw]
                 if r.type == "arrest" and not r.from_rules}
                for k in range(HIDDEN_RULE_DRAWS)]

    shipped, = build_rows(golds, cache)
    other, = build_rows(golds, cache, draw_seed=1)
    assert len(list(cache.iterdir())) == 2  # one file per seed, neither read for the other
    assert shipped.rows == other.rows  # what the extractor sees does not depend on the seed
    assert hidden(shipped) != hidden(other)
    assert hidden(build_rows(golds, cache, draw_seed=1)[0]) == hidden(other)  # from its cache


def test_cli_train_records_a_draw_seed_and_refuses_a_negative_one(casefile_main, tmp_path):
    folder = gold_folder(tmp_path / "gold", list(zip(VICTIMS[:4], LAWYERS[:4], strict=True)))
    out = tmp_path / "seeded.json"
    result = casefile_main("train", str(folder), "--out", str(out), "--folds", "1",
                           "--draw-seed", "2")
    assert result.code == 0, result.err
    assert load_model(out).card["data"]["hidden_rule_seed"] == 2
    result = casefile_main("train", str(folder), "--draw-seed", "-1")
    assert result.code != 0
    assert "--draw-seed" in result.err and len(result.err.strip().splitlines()) == 1


def test_the_russian_copies_of_the_features_are_held_closer_to_zero():
    from casefile.learn.train import fit_logistic

    # The same evidence under a plain name and under its Russian copy's: the copy is
    # regularised more strongly, so it earns a smaller weight.
    labels = [1, 1, 1, 0, 0, 0, 0, 0]
    plain = [{"x": float(y)} for y in labels[:6]] + [{"x": 1.0}, {}]
    copied = [{f"ru:{k}": v for k, v in f.items()} for f in plain]
    weight = fit_logistic(plain, labels)[0]["x"]
    copy_weight = fit_logistic(copied, labels)[0]["ru:x"]
    assert 0 < copy_weight < weight


def test_a_probability_does_not_depend_on_the_order_its_features_were_added():
    from casefile.learn.logistic import probability

    # Summed left to right, 1e16 + 1 - 1e16 loses the 1 in one order and keeps it in the
    # other; feature dicts are filled from sets, whose order changes between processes.
    weights = {"a": 1e16, "b": 1.0, "c": -1e16}
    one = {"a": 1.0, "b": 1.0, "c": 1.0}
    other = {"a": 1.0, "c": 1.0, "b": 1.0}
    assert probability(weights, 0.0, one) == probability(weights, 0.0, other)
    assert probability(weights, 0.0, one) == pytest.approx(0.7310585786)


def test_training_reaches_the_optimum_so_rounding_cannot_move_the_weights():
    import random

    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    from casefile.learn.train import EVENT_C, fit_logistic

    # Invented sparse rows like the candidates'. A solver stopped short of the optimum
    # stops wherever rounding leads it (the shipped weights differed from run to run);
    # at the optimum they agree with a far tighter fit.
    rng = random.Random(7)
    names = [f"f{n}" for n in range(300)]
    features = [{name: 1.0 for name in rng.sample(names, 20)} | {"p": rng.random()}
                for _ in range(3000)]
    labels = [int(rng.random() < 0.2 + 0.6 * f["p"] + 0.1 * ("f1" in f)) for f in features]
    vectorizer = DictVectorizer(sort=True)
    x = vectorizer.fit_transform(features)
    tight = LogisticRegression(C=EVENT_C, solver="lbfgs", max_iter=10_000, tol=1e-12)
    tight.fit(x, labels)
    weights, intercept = fit_logistic(features, labels)
    assert intercept == pytest.approx(float(tight.intercept_[0]), abs=1e-4)
    expected = dict(zip(vectorizer.get_feature_names_out(), tight.coef_[0], strict=True))
    assert weights["p"] == pytest.approx(float(expected["p"]), abs=1e-4)


def test_model_file_round_trips_and_scores_by_its_weights(tmp_path):
    model = EventModel({"type=arrest": 2.0, "rule": 1.0}, -1.0, 0.4, {"data": "invented"})
    path = tmp_path / "m.json"
    model.save(path)
    again = load_model(path)
    assert again == model
    assert again.accepts({"type=arrest": 1.0})  # sigmoid(1.0) = 0.73
    assert not again.accepts({"type=release": 1.0})  # sigmoid(-1.0) = 0.27


def test_long_documents_get_their_own_decision_after_a_round_trip(tmp_path):
    model = EventModel({"rule": 1.0}, 0.0, 0.3, keeps_rules=True,
                       long_from_chars=2500, long_decision=Decision(False, 0.45, 0.8))
    path = tmp_path / "m.json"
    model.save(path)
    again = load_model(path)
    assert again == model
    assert again.decision_for(2499) == Decision(True, 0.3, None)
    assert again.decision_for(2500) == Decision(False, 0.45, 0.8)


def test_a_decision_keeps_rule_events_only_when_it_says_so():
    rows = [("Ana Example", True, True), ("Ben Sample", False, True)]
    assert Decision(True, 0.5).accept(rows, [0.1, 0.6]) == [True, True]
    assert Decision(False, 0.5).accept(rows, [0.1, 0.6]) == [False, True]
    # a likely victim with nothing kept keeps their likeliest candidate
    assert Decision(False, 0.5, 0.7).accept(rows, [0.1, 0.2], {"Ana Example": 0.9}) == [
        True, False]


def test_the_rules_designations_are_kept_where_the_rules_events_are_dropped():
    dropped = Decision(False, 0.5).accept(
        [("Velsk Path", True, True), ("Ana Example", True, True), ("Open Velsk", False, True)],
        [0.2, 0.2, 0.2],
    )
    assert dropped == [False, False, False]
    kept = keep_rule_designations(
        dropped, ["designation", "arrest", "designation"], [True, True, False]
    )
    assert kept == [True, False, False]


@pytest.mark.parametrize("content", ["not json", "[]", '{"format": "other"}',
                                     '{"format": "casefile-event-model", "format_version": 99}',
                                     '{"format": "casefile-event-model", "format_version": 1, '
                                     '"weights": {"a": "x"}}',
                                     '{"format": "casefile-event-model", "format_version": 1, '
                                     '"weights": {}, "long_documents": {"from_chars": "long"}}'])
def test_a_bad_model_file_is_a_clear_error(tmp_path, content):
    path = tmp_path / "m.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ModelError, match=str(path)):
        load_model(path)


def test_the_shipped_model_loads_and_has_a_card():
    model = load_model(SHIPPED)
    assert model.weights
    assert 0.0 < model.threshold < 1.0
    assert {"data", "validation", "trainer"} <= set(model.card)


def test_cli_train_writes_a_model_with_out_of_fold_figures(casefile_main, tmp_path):
    folder = gold_folder(tmp_path / "gold", list(zip(VICTIMS[:6], LAWYERS[:6], strict=True)))
    out = tmp_path / "trained.json"
    result = casefile_main("train", str(folder), "--out", str(out), "--folds", "2")
    assert result.code == 0, result.err
    model = load_model(out)
    assert model.card["data"]["sets"] == {"gold": 6}
    assert set(model.card["validation"]["rules_and_model"]) == {"en"}
    # judged over three dealings of the documents into folds, the spread on the card
    spread = model.card["validation"]["over_dealings"]["en"]
    assert spread["typed_f1_min"] <= spread["typed_f1_mean"] <= spread["typed_f1_max"]


def test_cli_train_needs_one_dealing_at_least(casefile_main, tmp_path):
    folder = gold_folder(tmp_path / "gold", list(zip(VICTIMS[:2], LAWYERS[:2], strict=True)))
    result = casefile_main("train", str(folder), "--repeats", "0")
    assert result.code != 0
    assert "--repeats" in result.err and len(result.err.strip().splitlines()) == 1


def test_cli_train_on_a_missing_folder_is_one_line(casefile_main, tmp_path):
    result = casefile_main("train", str(tmp_path / "nowhere"))
    assert result.code != 0
    assert "not a folder of gold files" in result.err
    assert len(result.err.strip().splitlines()) == 1
