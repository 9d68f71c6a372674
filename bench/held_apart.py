"""Figures on the documents of train/ set apart: totals only, for judging readings.

    PYTHONPATH=$PWD/src .venv/bin/python bench/held_apart.py --cache /tmp/me-cache

Out of fold cannot tell a reading that generalises from one that fits: its documents are
the ones whose error lists the readings were written from, and the rules are scored on
the documents they were fitted to (docs/event-model-history.md, twenty-fifth and
twenty-sixth sessions). A quarter of train/ (`held_apart`: the documents whose name's
sha256 is 0 mod 4, about 33 of 131, both languages) is therefore set apart from
2026-12-06 on:

- never read for errors: this script prints totals only, and no other tool of the
  project's should be pointed at these documents one by one;
- never trained on here: the event model (and its victim model) is trained by
  `casefile train`'s own code on every other document of train/, dev/ and
  hrdsattack-train, its decision chosen out of fold on those, then applied to the
  documents set apart, whose rows are built by the same code as everyone's.

The readings written before that date were fitted to some of these documents too, so the
split judges what is written from now on, not what was. Prints, for each language, typed
F1 (P / R), and victims F1, for the rules alone and for the rules with the model. The
dates are the pipeline's (the date model is not applied), so no dated figure is given.

`--draw-seeds 0,1,2,3` trains one model per seed of the hidden rule events' draws
(`casefile train --draw-seed`) and prints each one's figures and their mean: the same
data and code retrained move English by about 0.01 here and on the sealed documents, so
a change is judged on the mean over seeds, against the mean over the same seeds before.

Not in `make test`: it trains a model (a few minutes with `--cache`, more to build it).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from pathlib import Path

from casefile.evaluation import load_gold_dir
from casefile.evaluation.gold import GoldDocument
from casefile.evaluation.report import EvalReport, build_report
from casefile.evaluation.scoring import DocScore, score_document
from casefile.learn.dataset import DocRows, build_rows
from casefile.learn.doc_types import DOC_TYPE_OPTION, languages_of, with_probabilities
from casefile.learn.model import EventModel
from casefile.learn.train import accepted, system_output, train_model
from casefile.learn.victims import scores_of, with_scores

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = Path(os.environ.get("CASEFILE_CORPUS", REPO.parent / "shared" / "corpus"))
SETS = ("train", "dev", "hrdsattack-train")


def held_apart(name: str) -> bool:
    """Whether a document of train/ is set apart (by its name, so the split never moves)."""
    return int(hashlib.sha256(name.encode()).hexdigest(), 16) % 4 == 0


def _lines(label: str, report: EvalReport) -> list[str]:
    return [
        f"{label:<18} {language}  {totals.documents:>3} docs  typed F1 {totals.typed.f1:.3f} "
        f"(P {totals.typed.precision:.3f} / R {totals.typed.recall:.3f})  "
        f"victims F1 {totals.victims.f1:.3f}"
        for language, totals in sorted(report.by_language.items())
    ]


def _with_model(model: EventModel, apart: list[GoldDocument],
                rows: list[DocRows]) -> list[DocScore]:
    """The documents set apart scored with the rules and the model, as the extractor
    applies it."""
    out = []
    for gold, doc in zip(apart, rows, strict=True):
        victim = scores_of(model.victims, doc) if model.victims is not None else {}
        scored: DocRows = with_scores(doc, victim)
        if model.doc_types is not None:
            scored = with_probabilities(
                scored, model.doc_types.probabilities(doc.terms, doc.language))
        decision = model.decision_for(len(gold.text))
        accept = accepted(scored, [model.probability(r.features) for r in scored.rows],
                          decision.threshold, decision.keeps_rules, decision.victim_floor,
                          victim or None)
        out.append(score_document(gold, system_output(doc, accept)))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--cache", type=Path, default=None,
                        help="folder to keep each document's candidate rows in")
    parser.add_argument("--draw-seeds", default="0",
                        help="comma-separated seeds of the hidden rule draws, one model each "
                             "(default 0: the shipped model's)")
    parser.add_argument("--doc-types", default=DOC_TYPE_OPTION,
                        help="languages with a document-type model, comma-separated, or "
                             "'none' (casefile train --doc-types)")
    args = parser.parse_args(argv)
    try:
        seeds = [int(s) for s in args.draw_seeds.split(",")]
    except ValueError:
        print(f"--draw-seeds: {args.draw_seeds!r}: give numbers such as 0,1,2", file=sys.stderr)
        return 2
    if any(seed < 0 for seed in seeds):
        print("--draw-seeds: seeds are 0 or more", file=sys.stderr)
        return 2
    try:
        type_languages = languages_of(args.doc_types)
    except ValueError as err:
        print(f"--doc-types: {err}", file=sys.stderr)
        return 2
    for name in SETS:
        if not (args.corpus / name).is_dir():
            print(f"{args.corpus / name}: no such folder (set --corpus or $CASEFILE_CORPUS)",
                  file=sys.stderr)
            return 2

    sets: list[tuple[str, list[GoldDocument]]] = []
    apart: list[GoldDocument] = []
    for name in SETS:
        golds = load_gold_dir(args.corpus / name)
        if name == "train":
            apart = [g for g in golds if held_apart(g.name)]
            golds = [g for g in golds if not held_apart(g.name)]
        sets.append((name, golds))
    # the plain rows of the documents set apart do not depend on the draws
    rows = build_rows(apart, None if args.cache is None else args.cache / "train")
    print(f"train/ set apart: {len(apart)} documents (the rest, dev/ and hrdsattack-train "
          "trained on)")
    before = build_report([score_document(g, system_output(d, None))
                           for g, d in zip(apart, rows, strict=True)])
    print("\n".join(_lines("rules alone", before)))
    reports = []
    for seed in seeds:
        model = train_model(sets, cache=args.cache, repeats=1, doc_types=type_languages,
                            draw_seed=seed).model
        reports.append(build_report(_with_model(model, apart, rows)))
        label = "rules and model" if len(seeds) == 1 else f"model, seed {seed}"
        print("\n".join(_lines(label, reports[-1])), flush=True)
    if len(reports) > 1:
        for language in sorted(reports[0].by_language):
            totals = [r.by_language[language] for r in reports]
            typed = [t.typed.f1 for t in totals]
            print(f"{'mean of ' + str(len(reports)):<18} {language}  typed F1 "
                  f"{sum(typed) / len(typed):.3f} ({min(typed):.3f} to {max(typed):.3f})  "
                  f"victims F1 {sum(t.victims.f1 for t in totals) / len(totals):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
