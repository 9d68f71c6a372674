"""The country of a Russian text from Russia's legal vocabulary, no outlet's name needed."""

from __future__ import annotations

import pytest

from casefile.extract.pipeline import Pipeline
from casefile.ingest import Metadata, document_from_text
from casefile.model import PartialDate


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def country(pipeline: Pipeline, text: str) -> str | None:
    document = document_from_text(text, Metadata(PartialDate(2024, 6, 1), "ru"))
    return {p.name: p.country for p in pipeline(document).persons}.get("Арлен Товас")


@pytest.mark.parametrize(
    "law", ["по ч. 1 ст. 212 УК РФ", "по статье 20.2 КоАП РФ",
            "по статье 318 Уголовного кодекса Российской Федерации"],
)
def test_russian_law_names_russia(pipeline, law):
    text = f"Суд арестовал активиста Арлена Товаса {law}."
    assert country(pipeline, text) == "RU"


def test_no_law_and_no_country_word_names_no_country(pipeline):
    assert country(pipeline, "Суд арестовал активиста Арлена Товаса.") is None
