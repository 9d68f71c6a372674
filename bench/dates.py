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
from typing import Any

from casefile.evaluation import GoldDocument, evaluate, load_gold_dir
from casefile.evaluation.date_errors import CATEGORIES, date_error
from casefile.exchange.records import extraction_dict
from casefile.extract.components.temporal import resolve_relative
from casefile.extract.dates import document_anchor_years, find_dates
from casefile.extract.pipeline import Pipeline
from casefile.ingest import Metadata, document_from_text
from casefile.model import PartialDate

REPO = Path(__file__).resolve().parents[1]


def _default_corpus() -> Path:
    for parent in REPO.parents:
        if (parent / "shared" / "corpus").is_dir():
            return parent / "shared" / "corpus" / "dev"
    return REPO.parent / "shared" / "corpus" / "dev"


def _mentions(gold: GoldDocument) -> list[PartialDate | None]:
    published = PartialDate.parse(gold.published) if gold.published else None
    anchors = document_anchor_years(gold.text, gold.language)
    found = find_dates(gold.text, published, gold.language, anchors)
    return [m.date for m in resolve_relative(found)]


def _report(folder: Path, pipeline: Pipeline, language: str | None) -> None:
    golds = [g for g in load_gold_dir(folder) if language in (None, g.language)]

    def system(text: str, lang: str | None, published: str | None) -> dict[str, Any]:
        date = PartialDate.parse(published) if published else None
        return extraction_dict(pipeline(document_from_text(text, Metadata(date, lang))))

    report = evaluate(golds, system)
    by_name = {g.name: g for g in golds}
    counts: dict[str, Counter[str]] = {}
    inferred: dict[str, Counter[str]] = {}  # of those, dated from the discourse
    for score in report.docs:
        mentions = _mentions(by_name[score.name])
        for match in score.matches:
            if match.gold.get("date") is None:
                continue
            category = date_error(match.gold["date"], match.system.get("date"), mentions)
            counts.setdefault(score.language, Counter())[category] += 1
            if match.system.get("date_inferred"):
                inferred.setdefault(score.language, Counter())[category] += 1
    for lang, counted in sorted(counts.items()):
        totals = report.by_language[lang]
        total = sum(counted.values())
        print(f"{folder.name} ({lang}): typed F1 {totals.typed.f1:.3f}, dated F1 "
              f"{totals.dated.f1:.3f}; {total} matched events with a gold date")
        print(f"  {'':<26}{'events':>6}{'share':>8}{'inferred':>10}")
        for category in CATEGORIES:
            n = counted.get(category, 0)
            from_discourse = inferred.get(lang, Counter()).get(category, 0)
            print(f"  {category:<26}{n:>6}{n / total if total else 0.0:>8.1%}"
                  f"{from_discourse:>10}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("folders", type=Path, nargs="*", default=[_default_corpus()])
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
