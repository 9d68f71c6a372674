"""HRDsAttack figures: the event model measured on whole articles it never trained on.

    PYTHONPATH=$PWD/src .venv/bin/python bench/hrdsattack.py --cache /tmp/me-cache
    PYTHONPATH=$PWD/src .venv/bin/python bench/hrdsattack.py --cache DIR --compare

5-fold cross-validation by article over `hrdsattack-train/` (`$CASEFILE_CORPUS`, else
../shared/corpus beside the checkout): each fold's event model (and victim model) is
trained on the other folds plus every document of `train/` and `dev/`, never on the
article it scores (`learn.train.cross_validate`). Prints, for the rules alone and for the
rules with the model (the threshold and keep-the-rules choice with the best out-of-fold
typed F1, as `casefile train` chooses):

- typed, dated and victims F1 against the `.gold.json` files, by `casefile eval`'s scorer;
- named-victim recall of the crowd labels: each article's `labels.json`
  `victims[].victim_name` (one string may name several people, "A, B and C", and some are
  misspelt), split into names; the share of them found among the persons the extractor
  gives at least one event, matched as the scorer matches names (equal or word subset),
  a word also matching one a letter or two away;
- the same recall of the parser's PERSON entities alone and of every person the persons
  component finds: the ceilings of the candidates.

Not in `make test`: the first run parses every article (`--cache` keeps the rows).
`--compare` runs the cross-validation twice, with and without the victim model.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from casefile.evaluation import load_gold_dir
from casefile.evaluation.report import EvalReport
from casefile.evaluation.scoring import _Entity, _name_score, name_tokens
from casefile.learn.dataset import DocRows, build_rows
from casefile.learn.train import SEED, accepted, cross_validate, system_output

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = Path(os.environ.get("CASEFILE_CORPUS", REPO.parent / "shared" / "corpus"))
_SPLIT = re.compile(r",|;|&|/|\band\b|\bи\b", re.IGNORECASE)


def crowd_names(labels: dict[str, object]) -> list[tuple[str, ...]]:
    """The named victims of one article's crowd labels, as scorer name tokens."""
    out: list[tuple[str, ...]] = []
    victims = labels.get("victims")
    for victim in victims if isinstance(victims, list) else []:
        name = victim.get("victim_name") if isinstance(victim, dict) else None
        if not isinstance(name, str):
            continue
        for part in _SPLIT.split(name):
            tokens = name_tokens(part)
            if tokens and tokens not in out:
                out.append(tokens)
    return out


def _close(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < 4:
        return False
    return Levenshtein.distance(a, b) <= (1 if min(len(a), len(b)) < 8 else 2)


def name_found(crowd: tuple[str, ...], system: Iterable[str]) -> bool:
    """Whether a crowd name matches one of the system's names (the scorer's match, each
    crowd word also standing for a system word a letter or two away)."""
    for name in system:
        tokens = name_tokens(name)
        fixed = tuple(next((s for s in tokens if _close(c, s)), c) for c in crowd)
        if _name_score(tokens, _Entity((fixed,), ())) is not None:
            return True
    return False


def recall(names: dict[str, list[tuple[str, ...]]], found: dict[str, list[str]]) -> float:
    total = sum(len(v) for v in names.values())
    hits = sum(name_found(n, found.get(doc, [])) for doc, ns in names.items() for n in ns)
    return hits / total if total else 0.0


def _line(label: str, report: EvalReport, crowd: float) -> str:
    o = report.overall
    return (f"{label:<22} typed P {o.typed.precision:.3f} R {o.typed.recall:.3f} "
            f"F1 {o.typed.f1:.3f}  dated F1 {o.dated.f1:.3f}  victims F1 {o.victims.f1:.3f}"
            f"  crowd named-victim recall {crowd:.3f}")


def persons_with_events(doc: DocRows, accept: Sequence[bool] | None) -> list[str]:
    output = system_output(doc, accept)
    return [e["participant"] for e in output["events"] if e["type"] != "designation"]


def _choice(text: str) -> tuple[bool, float, float | None]:
    keeps, threshold, floor = text.split(":")
    return keeps in ("1", "keep", "true"), float(threshold), None if floor == "-" else float(floor)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--cache", type=Path, default=None,
                        help="folder to keep each document's candidate rows in")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--compare", action="store_true",
                        help="also without the victim model")
    parser.add_argument("--no-victims", action="store_true",
                        help="only without the victim model")
    parser.add_argument("--show", nargs="*", default=[], type=_choice,
                        help="more choices to print, as keep:threshold:floor (floor or -)")
    args = parser.parse_args(argv)
    folder = args.corpus / "hrdsattack-train"
    if not folder.is_dir():
        print(f"{folder}: no such folder (set --corpus or $CASEFILE_CORPUS)", file=sys.stderr)
        return 2

    def rows(name: str) -> tuple[list, list[DocRows]]:
        golds = load_gold_dir(args.corpus / name)
        return golds, build_rows(golds, None if args.cache is None else args.cache / name)

    golds, docs = rows("hrdsattack-train")
    # A few articles appear twice under two names: scored once, so that no fold trains on
    # the very text it scores.
    first: dict[str, int] = {}
    for index, gold in enumerate(golds):
        first.setdefault(gold.text, index)
    keep = sorted(first.values())
    repeated = len(golds) - len(keep)
    golds, docs = [golds[i] for i in keep], [docs[i] for i in keep]
    always = [d for name in ("train", "dev") for d in rows(name)[1]]
    names = {}
    for gold in golds:
        labels = json.loads((folder / f"{gold.name}.labels.json").read_text(encoding="utf-8"))
        names[gold.name] = crowd_names(labels)
    print(f"hrdsattack-train: {len(golds)} articles with gold ({repeated} repeats left out), "
          f"{sum(len(g.events) for g in golds)} gold events, "
          f"{sum(len(v) for v in names.values())} crowd victim names; "
          f"{args.folds}-fold by article, each fold also trained on {len(always)} "
          "documents of train/ and dev/")
    ner = {d.name: d.ner_persons for d in docs}
    everyone = {d.name: list(d.persons) for d in docs}
    print(f"ceiling: parser PERSON entities alone {recall(names, ner):.3f}, "
          f"every person the persons component finds {recall(names, everyone):.3f}")

    settings = [False] if args.no_victims else [True, False] if args.compare else [True]
    for victims in settings:
        validation = cross_validate(golds, docs, args.folds, SEED, always=always,
                                    victims=victims)
        by_name = {d.name: d for d in docs}
        if victims == settings[0]:
            rules = {n: persons_with_events(d, None) for n, d in by_name.items()}
            print(_line("rules alone", validation.before, recall(names, rules)))
        after = validation.after
        for choice in dict.fromkeys([validation.best(), *args.show]):
            keeps, threshold, floor = choice
            if choice not in after:
                continue
            found = {
                n: persons_with_events(d, accepted(d, validation.probabilities[n], threshold,
                                                   keeps, floor, validation.victim_scores.get(n)))
                for n, d in by_name.items()
            }
            label = (f"model{'+victims' if victims else ''} t={threshold}"
                     f"{' keep' if keeps else ''}{f' floor={floor}' if floor else ''}")
            print(_line(label, after[choice], recall(names, found)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
