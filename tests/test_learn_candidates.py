"""Which (event type, person) candidates the generator proposes for the event model to
decide: what is only asked for, threatened or possible proposes nothing. Invented text
only."""

from __future__ import annotations

import pytest

from casefile.extract.pipeline import Pipeline
from casefile.ingest import Metadata, document_from_text
from casefile.learn.candidates import candidates
from casefile.learn.dataset import annotate, rules_pipeline
from casefile.model import PartialDate


@pytest.fixture(scope="module")
def rules() -> Pipeline:
    return rules_pipeline()


def proposed(pipeline: Pipeline, text: str, language: str) -> set[tuple[str, str]]:
    document = document_from_text(text, Metadata(PartialDate(2024, 6, 1), language))
    doc = next(annotate(pipeline, [document]))
    return {(c.type, c.participant) for c in candidates(doc)}


@pytest.mark.parametrize("text", [
    "3 мая 2024 года прокурор попросил приговорить Ивана Ворсина к семи годам колонии.",
    "Ивану Ворсину грозит до семи лет колонии.",
])
def test_a_russian_request_or_threat_of_a_sentence_proposes_none(rules, text):
    assert ("sentence", "Иван Ворсин") not in proposed(rules, text, "ru")


def test_a_russian_sentence_passed_is_proposed(rules):
    found = proposed(rules, "3 мая 2024 года суд приговорил Ивана Ворсина к семи годам "
                            "колонии.", "ru")
    assert ("sentence", "Иван Ворсин") in found
