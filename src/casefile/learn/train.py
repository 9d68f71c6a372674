"""Training the event model and measuring it out of fold.

`fit` trains a logistic regression on labelled candidate rows. `cross_validate` splits
the documents into k folds, trains on k-1 and scores the held-out fold with the same
scorer as `casefile eval`, so no document is ever scored by a model trained on it; it
reports the rules alone ("before") and the rules with the model ("after").
"""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from casefile.evaluation.gold import GoldDocument
from casefile.evaluation.report import EvalReport, build_report
from casefile.evaluation.scoring import score_document
from casefile.learn.dataset import DocRows, Row
from casefile.learn.date_training import train_dates
from casefile.learn.doc_types import DOC_TYPE_LANGUAGES, cross_fitted
from casefile.learn.model import Decision, EventModel, keep_rule_designations
from casefile.learn.store_data import StoreData
from casefile.learn.validation import (
    LONG_FROM_CHARS,
    SPLIT_MARGIN,
    Choice,
    CrossValidation,
    Plan,
)
from casefile.learn.victims import (
    VictimModel,
    fit_victims,
    oof_scores,
    scores_of,
    victim_card,
    with_scores,
)

SEED = 20261202
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
VICTIM_FLOORS = (None, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
# The event model's L2 strength (scikit-learn's C: smaller is stronger), and how much
# more strongly the Russian copies of the features (`ru:`, what Russian weighs otherwise
# than English, learnt from some sixty documents) are held to zero: they are fitted
# scaled by RUSSIAN_SCALE, so their penalty is as under C x RUSSIAN_SCALE². Out of fold
# over three dealings (features 7.5), English / Russian typed F1: C=0.25 0.564 / 0.718,
# 0.1 0.565 / 0.727, 0.05 0.562 / 0.731; C=0.15 with the scale 0.6 0.566 / 0.730
# (docs/event-model-history.md).
EVENT_C = 0.15
RUSSIAN_SCALE = 0.6
# The solver's tolerance. At scikit-learn's default (1e-4) L-BFGS stops short of the
# optimum, and where it stops depends on rounding: a relative change of 1e-15 in the
# features moved the event model's intercept by 0.03, so two runs of `casefile train`
# gave different weights. At 1e-8 the fit reaches the optimum (the same to five decimals
# however the sums round), at about three times the iterations (a second a fit here).
SOLVER_TOL = 1e-8


def fit_logistic(
    features: Sequence[dict[str, float]], labels: Sequence[int], seed: int = SEED,
    c: float = EVENT_C, sample_weights: Sequence[float] | None = None,
) -> tuple[dict[str, float], float]:
    """Weights by feature name and intercept of a logistic regression (scikit-learn,
    L-BFGS, deterministic), the `ru:` features regularised more (`RUSSIAN_SCALE`);
    `sample_weights`, each row's weight in the loss (all 1 when None)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    if len(set(labels)) < 2:
        raise ValueError("training needs both accepted and rejected candidates")
    vectorizer = DictVectorizer(sort=True)
    x = vectorizer.fit_transform([
        {name: value * _scale(name) for name, value in f.items()} for f in features
    ])
    x.sort_indices()  # each row's columns in one order, however its dict was built
    model = LogisticRegression(C=c, solver="lbfgs", random_state=seed, max_iter=5000,
                               tol=SOLVER_TOL)
    model.fit(x, list(labels),
              sample_weight=None if sample_weights is None else list(sample_weights))
    weights = {
        name: round(float(w) * _scale(name), 5)
        for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True)
        if abs(w) >= 1e-5
    }
    return weights, round(float(model.intercept_[0]), 5)


def _scale(name: str) -> float:
    return RUSSIAN_SCALE if name.startswith("ru:") else 1.0


def fit(rows: Sequence[Row], seed: int = SEED, c: float = EVENT_C) -> EventModel:
    """The event model over the rows' features."""
    weights, intercept = fit_logistic([r.features for r in rows], [r.label for r in rows],
                                      seed, c, [r.weight for r in rows])
    return EventModel(weights, intercept)


def folds_of(names: Sequence[str], k: int, seed: int = SEED) -> list[set[str]]:
    """Documents dealt into k folds, shuffled with a fixed seed."""
    order = sorted(names)
    random.Random(seed).shuffle(order)
    return [set(order[i::k]) for i in range(k)]


def accepted(doc: DocRows, probabilities: Sequence[float], threshold: float,
             keeps_rules: bool, victim_floor: float | None = None,
             victim_scores: dict[str, float] | None = None) -> list[bool]:
    """Which candidates are kept. `victim_floor`: a person whose victim probability
    reaches it and who would have no event keeps their likeliest candidate."""
    accept = Decision(keeps_rules, threshold, victim_floor).accept(
        [(r.participant, r.from_rules, bool(r.events)) for r in doc.rows],
        probabilities, victim_scores, [r.blocked for r in doc.rows],
    )
    # `Decision.accept` keeps no blocked candidate, and only persons' candidates are ever
    # blocked, never the designations kept here
    return keep_rule_designations(
        accept, [r.type for r in doc.rows], [r.from_rules for r in doc.rows]
    )


def system_output(doc: DocRows, accept: Sequence[bool] | None) -> dict[str, Any]:
    """What the extractor outputs: accepted candidates' events (None: the rules alone)."""
    events = list(doc.fixed_events)
    for index, row in enumerate(doc.rows):
        if (row.from_rules if accept is None else accept[index]):
            events.extend(row.events)
    names = list(dict.fromkeys(e["participant"] for e in events))
    return {"persons": [{"name": n, "aliases": []} for n in names], "organisations": [],
            "events": events, "statistics": []}


def cross_validate(
    golds: Sequence[GoldDocument], docs: Sequence[DocRows], k: int = 5, seed: int = SEED,
    c: float = EVENT_C, extra: Sequence[DocRows] = (), always: Sequence[DocRows] = (),
    victims: bool = True, repeats: int = 1, doc_types: Collection[str] = (),
) -> CrossValidation:
    """`extra`: rows in every fold's training and never scored (a store's decisions,
    which are no full gold of their documents). `always`: gold documents in every fold's
    training, never scored (other sets, when measuring on one). `victims`: candidates
    carry the victim probability of a victim model trained within the fold, and the
    training documents' own from models that never saw them (cross-fitting).
    `repeats`: how many dealings of the documents into folds (seeds `seed`, `seed` + 1,
    ...) the choices are judged on (`validation.CrossValidation`). `doc_types`: the
    languages whose candidates carry their type's probability from a document-type model
    (`learn.doc_types`), cross-fitted as the victim model is."""
    by_name = {d.name: d for d in docs}
    before = build_report([score_document(g, system_output(by_name[g.name], None))
                           for g in golds])
    runs = [_out_of_fold(golds, by_name, k, seed + n, c, extra, always, victims, doc_types)
            for n in range(repeats)]
    (after, probabilities, victim_scores), *others = runs
    return CrossValidation(before, after, probabilities, victim_scores,
                           {g.name: len(g.text) for g in golds},
                           [other[0] for other in others])


def _out_of_fold(
    golds: Sequence[GoldDocument], by_name: dict[str, DocRows], k: int, seed: int, c: float,
    extra: Sequence[DocRows], always: Sequence[DocRows], victims: bool,
    doc_types: Collection[str],
) -> tuple[dict[Choice, EvalReport], dict[str, list[float]], dict[str, dict[str, float]]]:
    """One dealing of the documents into `k` folds: every choice's report, and the
    out-of-fold probabilities and victim scores."""
    docs = list(by_name.values())
    probabilities: dict[str, list[float]] = {}
    victim_scores: dict[str, dict[str, float]] = {}
    for fold in folds_of(list(by_name), k, seed):
        training = [d for d in docs if d.name not in fold] + list(always)
        scored = [by_name[name] for name in fold]
        stored = list(extra)
        if victims:
            training, applied, victim_model = with_victims(training, scored + stored, k, seed)
            scored, stored = applied[:len(fold)], applied[len(fold):]
            for doc in scored:
                victim_scores[doc.name] = scores_of(victim_model, doc) if victim_model else {}
        if doc_types:
            training, applied, _ = cross_fitted(training, scored + stored, k, seed,
                                                doc_types)
            scored, stored = applied[:len(fold)], applied[len(fold):]
        model = fit([r for d in training + stored for r in d.training_rows], seed, c)
        for doc in scored:
            probabilities[doc.name] = [model.probability(r.features) for r in doc.rows]
    floors = VICTIM_FLOORS if victims else (None,)
    after = {
        (keeps, t, floor): build_report([
            score_document(g, system_output(by_name[g.name], accepted(
                by_name[g.name], probabilities[g.name], t, keeps, floor,
                victim_scores.get(g.name),
            )))
            for g in golds
        ])
        for keeps in (True, False)
        for t in THRESHOLDS
        for floor in floors
    }
    return after, probabilities, victim_scores


def with_victims(
    training: Sequence[DocRows], applied: Sequence[DocRows], k: int, seed: int,
) -> tuple[list[DocRows], list[DocRows], VictimModel | None]:
    """Training documents whose candidates carry out-of-fold victim probabilities (from
    victim models trained on the other training documents), the `applied` documents
    with those of a victim model trained on all training documents, and that model."""
    model = fit_victims(training, seed)
    inner = oof_scores(training, k, seed)
    return (
        [with_scores(d, inner[d.name].found, inner[d.name].draws) for d in training],
        [with_scores(d, scores_of(model, d) if model else {}) for d in applied],
        model,
    )


def _figures(report: EvalReport) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for language, totals in report.by_language.items():
        out[language] = {
            "documents": totals.documents,
            "typed_f1": round(totals.typed.f1, 3),
            "typed_precision": round(totals.typed.precision, 3),
            "typed_recall": round(totals.typed.recall, 3),
            "dated_f1": round(totals.dated.f1, 3),
            "victims_f1": round(totals.victims.f1, 3),
        }
    return out


def _spread(reports: Sequence[EvalReport]) -> dict[str, Any]:
    """Typed F1 per language over several dealings of the folds: lowest, mean, highest."""
    out: dict[str, Any] = {}
    for language in reports[0].by_language:
        values = [r.by_language[language].typed.f1 for r in reports]
        out[language] = {"typed_f1_min": round(min(values), 3),
                         "typed_f1_mean": round(sum(values) / len(values), 3),
                         "typed_f1_max": round(max(values), 3)}
    return out


def _subset(report: EvalReport, golds: Sequence[GoldDocument]) -> EvalReport:
    names = {g.name for g in golds}
    return build_report([d for d in report.docs if d.name in names])


@dataclass
class Trained:
    model: EventModel
    validation: CrossValidation | None


def train_model(
    sets: Sequence[tuple[str, Sequence[GoldDocument]]],
    folds: int = 5,
    seed: int = SEED,
    c: float = EVENT_C,
    cache: Any = None,
    store: StoreData | None = None,
    victims: bool = True,
    repeats: int = 1,
    doc_types: Collection[str] = DOC_TYPE_LANGUAGES,
    draw_seed: int = 0,
) -> Trained:
    """Rows from every gold set, out-of-fold figures (when `folds` > 1) to choose the
    threshold and fill the model card, then one model fitted on everything.

    `store`: rows labelled by a store's analysts (`learn.store_data`), added to every
    training set. They are never scored: a store holds decisions, not full gold. With no
    gold set there is nothing to measure on, so the threshold is 0.5 and the rules'
    events are kept.

    `victims`: a victim model (`learn.victims`) is trained on the gold's persons and its
    probability becomes a candidate feature; it is stored inside the event model. So is
    the document-type model (`learn.doc_types`) of the languages in `doc_types` (none
    when empty, or when the gold has no document of them).

    `repeats`: how many dealings of the documents into folds the choice is judged on
    (the card's figures are the first dealing's, with the spread of all).

    `draw_seed`: which draws of hidden rule events the model is fitted on (0: the
    shipped model's). The same data and code under other seeds give other models, and
    how their figures spread is the margin a change must clear (docs/event-model.md)."""
    from importlib.metadata import version

    from casefile import __version__
    from casefile.learn.dataset import (
        FEATURES_VERSION,
        HIDDEN_RULE_DRAWS,
        HIDDEN_RULE_SHARE,
        build_rows,
    )

    golds: list[GoldDocument] = []
    docs: list[DocRows] = []
    for name, set_golds in sets:
        golds += list(set_golds)
        docs += build_rows(set_golds, None if cache is None else cache / name, draw_seed)
    if len({g.name for g in golds}) != len(golds):
        raise ValueError("gold documents of different sets share a name; rename one")
    extra = list(store.docs) if store is not None else []
    validation = None
    plan = Plan((True, 0.5, None))
    if folds > 1 and golds:
        validation = cross_validate(golds, docs, folds, seed, c, extra, victims=victims,
                                    repeats=repeats, doc_types=doc_types)
        plan = validation.best_plan()
    keeps_rules, threshold, victim_floor = plan.short
    victim_model = None
    if victims:
        docs, extra, victim_model = with_victims(docs, extra, max(folds, 2), seed)
    type_model = None
    if doc_types:
        docs, extra, type_model = cross_fitted(docs, extra, max(folds, 2), seed, doc_types)
        if not type_model.languages:
            type_model = None
    rows = [r for d in docs + extra for r in d.training_rows]
    model = fit(rows, seed, c)
    if victim_model is not None:
        victim_model.card = victim_card(docs, max(folds, 2), seed)
        model.victims = victim_model
    model.doc_types = type_model
    model.threshold = threshold
    model.keeps_rules = keeps_rules
    model.victim_floor = victim_floor
    if plan.long is not None:
        model.long_from_chars, model.long_decision = plan.long_from, Decision(*plan.long)
    model.card = {
        "what": "decides which candidate (event type, person) pairs are events",
        "casefile": __version__,
        "features_version": FEATURES_VERSION,
        "trainer": f"scikit-learn {version('scikit-learn')} LogisticRegression "
                   f"(L2, C={c}, Russian copies scaled {RUSSIAN_SCALE}, lbfgs), seed {seed}",
        "data": {
            "sets": {name: len(g) for name, g in sets},
            "languages": {
                lang: sum(1 for g in golds if g.language == lang)
                for lang in sorted({g.language for g in golds})
            },
            "gold_events": sum(len(g.events) for g in golds),
            "candidates": sum(len(d.rows) for d in docs + extra),
            "positive_candidates": sum(r.label for d in docs + extra for r in d.rows),
            "hidden_rule_share": HIDDEN_RULE_SHARE,
            "hidden_rule_draws": HIDDEN_RULE_DRAWS,
            **({"hidden_rule_seed": draw_seed} if draw_seed else {}),
        },
        "threshold": threshold,
        "keeps_rules": keeps_rules,
        "victim_floor": victim_floor,
        **({"long_documents": {"from_chars": plan.long_from,
                               **model.long_decision.as_dict()}}
           if model.long_decision is not None else {}),
    }
    if store is not None:
        model.card["data"]["store"] = store.card()
    if validation is not None:
        model.card["validation"] = {
            "per_set": {
                name: {
                    "rules_alone": _figures(_subset(validation.before, set_golds)),
                    "rules_and_model": _figures(_subset(validation.report(plan), set_golds)),
                }
                for name, set_golds in sets
            },
            "method": f"{folds}-fold cross-validation by document (seed {seed}"
                      + (f"; judged over {repeats} dealings into folds, seeds {seed} to "
                         f"{seed + repeats - 1}" if repeats > 1 else "")
                      + "): no document is scored by a model trained on it; the threshold "
                      f"(one of {list(THRESHOLDS)}) and whether the rules' events are kept "
                      "are the choice with the best out-of-fold typed F1 over all documents "
                      "(each threshold judged together with the ones next to it); "
                      "so is the victim floor (one of "
                      f"{list(VICTIM_FLOORS) if victims else [None]}): a person the victim "
                      "model scores at least that high keeps their likeliest candidate; "
                      "documents of at least one of "
                      f"{list(LONG_FROM_CHARS)} characters may have a choice of their own "
                      f"when that gains more than {SPLIT_MARGIN} overall",
            "rules_alone": _figures(validation.before),
            "rules_and_model": _figures(validation.report(plan)),
        }
        if repeats > 1:
            model.card["validation"]["over_dealings"] = _spread(validation.reports(plan))
    model.dates = train_dates(sets, docs, None if validation is None else {
        g.name: _accepted_by(plan, d, g, validation)
        for g, d in zip(golds, docs, strict=True)
    }, max(folds, 2), seed, store.date_groups if store is not None else ())
    return Trained(model, validation)


def _accepted_by(plan: Plan, doc: DocRows, gold: GoldDocument,
                 validation: CrossValidation) -> list[bool]:
    """The out-of-fold decisions on a document's candidates under `plan`."""
    keeps, threshold, floor = plan.choice_for(len(gold.text))
    return accepted(doc, validation.probabilities[doc.name], threshold, keeps, floor,
                    validation.victim_scores.get(doc.name))
