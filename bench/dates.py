"""Where the dates go wrong: the matched events whose date the gold does not accept, by cause.

    PYTHONPATH=$PWD/src .venv/bin/python bench/dates.py                      # dev/
    PYTHONPATH=$PWD/src .venv/bin/python bench/dates.py ../shared/corpus/train --language en

Runs the full extraction pipeline over gold folders (read at run time, never copied),
scores it with the project's own evaluation, and sorts every matched event whose gold
has a date by `casefile.evaluation.date_errors`: right, no date, coarser, the year of a
year-less date, another date mention of the text chosen, or no mention of the text gives
the gold's date. The mentions are resolved as the pipeline's `dates` component resolves
them. Prints counts and shares per folder and language, how many of each the extractor
dated from the discourse (`date_inferred`: a date told before the event's sentence, not
in it), and dated F1 beside typed F1.
Not part of `make test` (a full pipeline run: some 15 s for dev/ here, 3 min for
hrdsattack-train/).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from casefile.evaluation import GoldDocument, load_gold_dir
from casefile.evaluation.date_errors import CATEGORIES, date_errors
from casefile.extract.components.temporal import document_dates
from casefile.extract.pipeline import Pipeline
from casefile.model import PartialDate

sys.path.insert(0, str(Path(__file__).parent))
from name_swap import DEFAULT_CORPUS, _run  # noqa: E402 - the same corpus and pipeline run


def _mentions(gold: GoldDocument) -> list[PartialDate | None]:
    published = PartialDate.parse(gold.published) if gold.published else None
    return [m.date for m in document_dates(gold.text, published, gold.language)]


def _report(folder: Path, pipeline: Pipeline, language: str | None) -> None:
    golds = [g for g in load_gold_dir(folder) if language in (None, g.language)]
    report = _run(pipeline, golds)
    by_name = {g.name: g for g in golds}
    counts: dict[str, Counter[str]] = {}
    inferred: dict[str, Counter[str]] = {}  # of those, dated from the discourse
    for score in report.docs:
        mentions = _mentions(by_name[score.name])
        from_discourse = [m for m in score.matches if m.system.get("date_inferred")]
        counts.setdefault(score.language, Counter()).update(
            date_errors(score.matches, mentions))
        inferred.setdefault(score.language, Counter()).update(
            date_errors(from_discourse, mentions))
    for lang, counted in sorted(counts.items()):
        totals = report.by_language[lang]
        total = sum(counted.values())
        print(f"{folder.name} ({lang}): typed F1 {totals.typed.f1:.3f}, dated F1 "
              f"{totals.dated.f1:.3f}; {total} matched events with a gold date")
        print(f"  {'':<26}{'events':>6}{'share':>8}{'inferred':>10}")
        for category in CATEGORIES:
            n = counted[category]
            print(f"  {category:<26}{n:>6}{n / total if total else 0.0:>8.1%}"
                  f"{inferred[lang][category]:>10}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("folders", type=Path, nargs="*", default=[DEFAULT_CORPUS])
    parser.add_argument("--language", help="Only documents in this language.")
    args = parser.parse_args(argv)
    missing = [f for f in args.folders if not f.is_dir()]
    if missing:
        print(f"{missing[0]}: no such corpus folder", file=sys.stderr)
        return 2
    pipeline = Pipeline()
    for folder in args.folders:
        _report(folder, pipeline, args.language)
    return 0


if __name__ == "__main__":
    sys.exit(main())
