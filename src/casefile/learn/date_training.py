"""Training the date model (`learn.date_choice`) on the gold's dates, and measuring it out
of fold.

Its rows are the date options of the events the extractor outputs for the gold's own
(type, person) pairs, labelled by whether the gold event each is matched with (by the
scorer of `casefile eval`) accepts the option's date. Only events with two options or
more, at least one of them right, teach anything: which option is right.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from casefile.evaluation.gold import GoldDocument
from casefile.evaluation.report import EvalReport, build_report
from casefile.evaluation.scoring import DocScore, date_agrees, score_document
from casefile.learn.dataset import DocRows
from casefile.learn.date_choice import LEDE_SENTENCES, SENTENCES_AFTER, SENTENCES_BEFORE
from casefile.learn.date_model import DateModel

# The date model's L2 strength (scikit-learn's C). Out of fold (features 9.7; dated F1,
# English train/ / hrdsattack-train / dev/): C 0.02 +0.012 / +0.013 / +0.003, 0.05 +0.011
# / +0.015 / +0.003, 0.15 +0.011 / +0.014 / -0.003, 0.5 +0.012 / +0.016 / -0.003
# (docs/event-model-history.md, sixteenth session).
DATE_C = 0.05

Option = tuple[str, dict[str, float]]  # an ISO date and its features
Group = list[tuple[dict[str, float], int]]  # an event's options: features, right or not


def labelled(options: Sequence[Option], right: Sequence[str]) -> Group | None:
    """An event's options as (features, right), right when one of the `right` dates (ISO,
    the gold's or an analyst's) accepts the option's date; None when they teach nothing
    (fewer than two options, or none right)."""
    labels = [int(any(date_agrees(date, iso) for date in right)) for iso, _ in options]
    if len(options) < 2 or not any(labels):
        return None
    return [(f, y) for (_, f), y in zip(options, labels, strict=True)]


def output_with_options(doc: DocRows, accept: Sequence[bool]
                        ) -> tuple[list[dict[str, Any]], list[list[Option]]]:
    """The events the extractor outputs for these decisions, each with its date options
    (none for the events that pass through)."""
    events = list(doc.fixed_events)
    options: list[list[Option]] = [[] for _ in events]
    for keep, row in zip(accept, doc.rows, strict=True):
        if keep:
            events += row.events
            options += row.date_options or [[] for _ in row.events]
    return events, options


def date_groups(gold: GoldDocument, doc: DocRows) -> list[Group]:
    """(features, right) for the options of every event the gold's pairs give that the
    gold dates, has several options and one of them right."""
    events, options = output_with_options(doc, [bool(r.label) for r in doc.rows])
    of_event = {id(e): o for e, o in zip(events, options, strict=True)}
    output = {"persons": [], "organisations": [], "events": events, "statistics": []}
    groups = []
    for match in score_document(gold, output).matches:
        date = match.gold.get("date")
        group = labelled(of_event.get(id(match.system), []), [date]) if date else None
        if group is not None:
            groups.append(group)
    return groups


def fit_dates(groups: Sequence[Group], seed: int,
              c: float = DATE_C) -> DateModel | None:
    """The date model over these groups' options (None when they teach nothing)."""
    from casefile.learn.train import fit_logistic

    rows = [row for group in groups for row in group]
    if len({y for _, y in rows}) < 2:
        return None
    weights, intercept = fit_logistic([f for f, _ in rows], [y for _, y in rows], seed, c)
    return DateModel(weights, intercept)


def redated(model: DateModel | None, events: list[dict[str, Any]],
            options: list[list[Option]]) -> list[dict[str, Any]]:
    """Output events with each date the model's choice among its options (as
    `date_choice.redate` does in the pipeline, over rows)."""
    if model is None:
        return events
    out = []
    for event, found in zip(events, options, strict=True):
        if found and event["type"] != "designation":
            chosen = max(found, key=lambda o: model.probability(o[1]))
            event = {**event, "date": chosen[0]}
        out.append(event)
    return out


def dates_out_of_fold(golds: Sequence[GoldDocument], docs: Sequence[DocRows],
                      accepts: dict[str, list[bool]], folds: Sequence[set[str]], seed: int,
                      stored: Sequence[Group] = (),
                      ) -> tuple[EvalReport, EvalReport]:
    """The extractor's output under `accepts` (decisions per document) scored with the
    pipeline's dates and with the date model's, each document's dates chosen by a model
    trained on the other folds (and on `stored`, a store's groups, in every fold)."""
    by_name = {d.name: d for d in docs}
    groups = {g.name: date_groups(g, by_name[g.name]) for g in golds}
    before: list[DocScore] = []
    after: list[DocScore] = []
    for fold in folds:
        model = fit_dates([x for name, gs in groups.items() if name not in fold for x in gs]
                          + list(stored), seed)
        for gold in golds:
            if gold.name not in fold:
                continue
            events, options = output_with_options(by_name[gold.name], accepts[gold.name])
            persons = [{"name": n, "aliases": []}
                       for n in dict.fromkeys(e["participant"] for e in events)]
            for scored, chosen in ((before, events), (after, redated(model, events, options))):
                scored.append(score_document(gold, {
                    "persons": persons, "organisations": [], "events": chosen,
                    "statistics": [],
                }))
    return build_report(before), build_report(after)


def train_dates(sets: Sequence[tuple[str, Sequence[GoldDocument]]], docs: Sequence[DocRows],
                accepts: dict[str, list[bool]] | None, k: int, seed: int,
                stored: Sequence[Group] = (),
                ) -> DateModel | None:
    """The date model trained on every gold document (`docs` in the order of the sets'
    documents) and the dates a store's analysts gave or confirmed (`stored`, groups of
    `learn.store_data`), with its card; out-of-fold figures on the gold when `accepts`
    (the event model's out-of-fold decisions per document) are given."""
    from casefile.learn.train import folds_of

    golds = [g for _, set_golds in sets for g in set_golds]
    groups = [x for g, d in zip(golds, docs, strict=True) for x in date_groups(g, d)]
    model = fit_dates(groups + list(stored), seed)
    if model is None:
        return None
    model.card = {
        "what": "chooses each decided event's date among the dates of its sentence, the "
                f"{SENTENCES_BEFORE} before and {SENTENCES_AFTER} after it, the first "
                f"{LEDE_SENTENCES} of the document, the date the pipeline gave it and the "
                "publication date",
        "trainer": f"logistic regression (L2, C={DATE_C}) over the options of events of "
                   "the gold's own (type, person) pairs, right when the matched gold event "
                   "accepts the date; the event takes the likeliest option",
        "data": {"events": len(groups), "options": sum(len(g) for g in groups),
                 **({"store_events": len(stored)} if stored else {})},
    }
    if accepts is not None:
        before, after = dates_out_of_fold(golds, docs, accepts,
                                          folds_of([g.name for g in golds], k, seed), seed,
                                          stored)
        model.card["validation"] = {
            "method": f"{k}-fold by document (seed {seed}) over the event model's "
                      "out-of-fold decisions: dated F1 with the pipeline's dates and with "
                      "the date model's",
            "per_set": {
                name: {
                    language: {
                        "dated_f1_pipeline": round(_subset(before, set_golds, language), 3),
                        "dated_f1_model": round(_subset(after, set_golds, language), 3),
                    }
                    for language in sorted({g.language for g in set_golds})
                }
                for name, set_golds in sets
            },
        }
    return model


def _subset(report: EvalReport, golds: Sequence[GoldDocument], language: str) -> float:
    names = {g.name for g in golds if g.language == language}
    return build_report([d for d in report.docs if d.name in names]
                        ).by_language[language].dated.f1
