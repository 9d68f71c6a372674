"""The victims' names swapped in the dev texts: typed F1 may move by at most 0.02 (issue 10).

Reads `../shared/corpus/dev` at run time (never copied into the project) and swaps every
gold person's name for other names of the same script, in the text and the gold, with a
fixed seed (`casefile.evaluation.swap`). The extractor should score the same: its features
and rules hold no names, so a drop means it reads a parse that a name changed. Skipped
where the corpus is not beside the checkout.

English held it from features 10.7 (common names, seed 1: 0.016); other seeds and the
invented names still move it by up to 0.03 (`bench/name_swap.py` measures every seed and
style, and the README gives the figures): the parsers read some sentences differently
with other names, and the recogniser labels some names a place or an organisation.
Features 10.24 and 10.26 held it by less than one event (0.0199, 0.020): in one document
the recogniser finds more of a list's people under common names than under their own, and
in another the victim under a new name gained three events the model did not accept for
the original one. Features 10.27 (the victim log-odds clipped) measures 0.017.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from casefile.evaluation import EvalReport, GoldDocument, evaluate, load_gold_dir
from casefile.evaluation.swap import swap_names
from casefile.exchange.records import extraction_dict
from casefile.extract.pipeline import Pipeline
from casefile.ingest import Metadata, document_from_text
from casefile.model import PartialDate

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("CASEFILE_CORPUS", REPO.parent / "shared" / "corpus"))
TOLERANCE = 0.02
SEED = 1


def _score(pipeline: Pipeline, docs: list[GoldDocument]) -> EvalReport:
    def system(text: str, language: str | None, published: str | None) -> dict[str, Any]:
        date = PartialDate.parse(published) if published else None
        return extraction_dict(pipeline(document_from_text(text, Metadata(date, language))))

    return evaluate(docs, system)


@pytest.fixture(scope="module")
def dev() -> list[GoldDocument]:
    if not (CORPUS / "dev").is_dir():
        pytest.skip(f"no corpus at {CORPUS / 'dev'}")
    return load_gold_dir(CORPUS / "dev")


@pytest.mark.parametrize("language", ["en", "ru"])
def test_swapped_victim_names_score_the_same(dev: list[GoldDocument], language: str) -> None:
    docs = [d for d in dev if d.language == language]
    pipeline = Pipeline()
    original = _score(pipeline, docs).by_language[language].typed.f1
    swapped_docs = [swap_names(d, SEED, "common")[0] for d in docs]
    # the probe itself must have swapped something, or the comparison proves nothing
    assert sum(s.text != d.text for s, d in zip(swapped_docs, docs, strict=True)) > len(docs) // 2
    swapped = _score(pipeline, swapped_docs).by_language[language].typed.f1
    assert abs(swapped - original) <= TOLERANCE, f"{original:.3f} -> {swapped:.3f}"
