"""How far a sealed-sized set moves the typed F1: the spread to judge a sealed figure by.

    PYTHONPATH=$PWD/src .venv/bin/python bench/sealed_spread.py --cache /tmp/me-cache
    PYTHONPATH=$PWD/src .venv/bin/python bench/sealed_spread.py --cache DIR --short 40 --long 30

`sealed-eval` scores some 70 English documents (40 short ones, 30 whole articles). Its
figure is one draw of documents: how far another draw of the same kinds would put it is
what a target or a change of 0.005 must be held against. This script takes the
out-of-fold scores of the event model, document by document (5-fold by document over
train/, dev/ and hrdsattack-train, the decision chosen as `casefile train` chooses it),
and resamples sets of that shape with replacement (`--short` documents under
`LONG_FROM` characters, `--long` ones at least that long), printing the mean and the
standard deviation of their typed F1 per language. `--dump FILE` keeps each document's
counts, and `--compare FILE` (another run's dump, say with a change to the features)
prints the spread of the difference between the two on the same resampled sets, which
is what tells whether a sealed gain is one (docs/event-model-history.md, forty-first
session).

Not in `make test`: the first run parses every document (`--cache` keeps the rows) and
cross-validation trains fifteen models (about four minutes with the cache).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = Path(os.environ.get("CASEFILE_CORPUS", REPO.parent / "shared" / "corpus"))
SETS = ("train", "dev", "hrdsattack-train")
LONG_FROM = 2500  # characters: a whole article rather than a statement


@dataclass(frozen=True)
class DocCounts:
    """One document's typed counts under a model: right, output and gold events."""

    language: str
    chars: int
    tp: int
    system: int
    gold: int


def f1(docs: Sequence[DocCounts]) -> float:
    tp = sum(d.tp for d in docs)
    total = sum(d.system + d.gold for d in docs)
    return 2 * tp / total if total else 0.0


def resampled(counts: Mapping[str, DocCounts], language: str, short: int, long: int,
              samples: int, seed: int) -> list[list[str]]:
    """`samples` sets of `short` short and `long` long documents of `language`, drawn with
    replacement (names), the same for every model given the same arguments."""
    names = sorted(n for n, c in counts.items() if c.language == language)
    shorts = [n for n in names if counts[n].chars < LONG_FROM]
    longs = [n for n in names if counts[n].chars >= LONG_FROM]
    if (short and not shorts) or (long and not longs):
        raise ValueError(f"no {language} documents of one of the two kinds to draw from")
    rng = random.Random(seed)
    return [[rng.choice(shorts) for _ in range(short)] + [rng.choice(longs) for _ in range(long)]
            for _ in range(samples)]


def spread(counts: Mapping[str, DocCounts], sets: Sequence[Sequence[str]]) -> tuple[float, float]:
    """Mean and standard deviation of the typed F1 over the resampled sets."""
    scores = [f1([counts[n] for n in names]) for names in sets]
    return statistics.fmean(scores), statistics.pstdev(scores)


def paired(counts: Mapping[str, DocCounts], other: Mapping[str, DocCounts],
           sets: Sequence[Sequence[str]]) -> tuple[float, float, float]:
    """Mean and standard deviation of `other`'s F1 minus `counts`' on the same sets, and
    the share of sets where it is below zero."""
    diffs = [f1([other[n] for n in names]) - f1([counts[n] for n in names]) for names in sets]
    return (statistics.fmean(diffs), statistics.pstdev(diffs),
            sum(d < 0 for d in diffs) / len(diffs))


def out_of_fold_counts(corpus: Path, cache: Path | None) -> dict[str, DocCounts]:
    """Each gold document's typed counts under the out-of-fold model and decision."""
    from casefile.evaluation import load_gold_dir
    from casefile.learn.dataset import build_rows
    from casefile.learn.train import SEED, cross_validate

    golds, docs = [], []
    for name in SETS:
        set_golds = load_gold_dir(corpus / name)
        golds += set_golds
        docs += build_rows(set_golds, None if cache is None else cache / name)
    validation = cross_validate(golds, docs, 5, SEED)
    report = validation.report(validation.best_plan())
    chars = {g.name: len(g.text) for g in golds}
    return {d.name: DocCounts(d.language, chars[d.name], d.typed.tp, d.typed.sys,
                              d.typed.gold) for d in report.docs}


def _load(path: Path) -> dict[str, DocCounts]:
    return {name: DocCounts(**fields) for name, fields in json.loads(path.read_text()).items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--cache", type=Path, default=None,
                        help="folder to keep each document's candidate rows in")
    parser.add_argument("--short", type=int, default=40)
    parser.add_argument("--long", type=int, default=30)
    parser.add_argument("--samples", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--languages", default="en")
    parser.add_argument("--dump", type=Path, default=None, help="write the counts here")
    parser.add_argument("--counts", type=Path, default=None,
                        help="read the counts from an earlier --dump instead of training")
    parser.add_argument("--compare", type=Path, default=None,
                        help="another --dump: the spread of the difference to it")
    args = parser.parse_args(argv)
    if args.counts is None and not all((args.corpus / s).is_dir() for s in SETS):
        print(f"{args.corpus}: needs {', '.join(SETS)} (set --corpus or $CASEFILE_CORPUS)",
              file=sys.stderr)
        return 2
    try:
        counts = _load(args.counts) if args.counts else out_of_fold_counts(args.corpus,
                                                                            args.cache)
        other = _load(args.compare) if args.compare else None
    except (OSError, ValueError, TypeError) as err:
        print(f"cannot read the counts: {err}", file=sys.stderr)
        return 2
    if args.dump:
        args.dump.write_text(json.dumps({n: vars(c) for n, c in sorted(counts.items())},
                                        indent=1))
    for language in args.languages.split(","):
        try:
            sets = resampled(counts, language, args.short, args.long, args.samples, args.seed)
        except ValueError as err:
            print(err, file=sys.stderr)
            return 2
        mean, sd = spread(counts, sets)
        whole = f1([c for c in counts.values() if c.language == language])
        print(f"{language}: out of fold typed F1 {whole:.4f}; sets of {args.short} short and "
              f"{args.long} long documents: mean {mean:.4f}, sd {sd:.4f}")
        if other is not None:
            missing = {n for names in sets for n in names} - set(other)
            if missing:
                print(f"--compare lacks {len(missing)} of the documents", file=sys.stderr)
                return 2
            d_mean, d_sd, below = paired(counts, other, sets)
            print(f"{language}: compared minus this: mean {d_mean:+.4f}, sd {d_sd:.4f}, "
                  f"below zero in {below:.0%} of the sets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
