"""A sentence's kind through the whole pipeline, on invented statements: a death sentence
in the active voice, and a fine, which is never a sentence (GUIDELINES.md)."""

from __future__ import annotations

import pytest

from casefile.extract.pipeline import Pipeline
from casefile.ingest import Metadata, document_from_text
from casefile.model import PartialDate


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def events_of(pipeline: Pipeline, text: str, language: str) -> list[tuple[str, str | None]]:
    document = document_from_text(text, Metadata(PartialDate.parse("2024-03-01"), language))
    return sorted((e.type, e.term_kind) for e in pipeline(document).events
                  if e.type in ("sentence", "fine"))


@pytest.mark.parametrize("text, language", [
    ("A military court in Velora sentenced the poet Lidan Okoro to death on Monday.", "en"),
    ("Суд в Велоре приговорил поэта Лидана Окоро к смертной казни.", "ru"),
])
def test_a_death_sentence_is_of_kind_death(pipeline: Pipeline, text: str,
                                           language: str) -> None:
    assert events_of(pipeline, text, language) == [("sentence", "death")]


@pytest.mark.parametrize("text, language", [
    ("A court in Velora sentenced the blogger Tarn Eldrich to a fine of 900 euros.", "en"),
    ("Суд в Велоре приговорил блогера Тарна Эльдрича к штрафу в 90 тысяч рублей.", "ru"),
])
def test_a_fine_is_no_sentence(pipeline: Pipeline, text: str, language: str) -> None:
    assert events_of(pipeline, text, language) == [("fine", None)]


def test_a_fine_beside_a_custody_keeps_the_sentence(pipeline: Pipeline) -> None:
    text = "A court in Velora sentenced the blogger Tarn Eldrich to prison and a fine of 900 euros."
    assert ("sentence", "prison") in events_of(pipeline, text, "en")
