"""A term stated of a sentenced group goes to the members the text names later
(`group_terms`), on invented statements through the whole pipeline."""

from __future__ import annotations

import pytest

from casefile.extract.pipeline import DEFAULT_COMPONENTS, RU_COMPONENTS, Pipeline, PipelineConfig
from casefile.ingest import Metadata, document_from_text
from casefile.model import PartialDate

GROUP_THEN_MEMBERS = (
    "A military court in Veloria on Tuesday sentenced two reporters and five students to "
    "four years in prison for incitement, their lawyer said. The prosecution had accused "
    "them of spreading false news. The others sentenced were Ander Kolbrun, Imre Vaskovic "
    "and Tamsin Orrelby."
)
TWO_GROUPS_TWO_TERMS = (
    "A military court in Veloria on Tuesday sentenced two reporters to four years in prison "
    "for incitement, their lawyer said. On Friday the same court sentenced five students to "
    "two years in prison. The others sentenced were Ander Kolbrun, Imre Vaskovic and Tamsin "
    "Orrelby."
)
A_NAMED_PERSON = (
    "A military court in Veloria on Tuesday sentenced Marek Dunstable to four years in "
    "prison. The others sentenced were Ander Kolbrun, Imre Vaskovic and Tamsin Orrelby."
)
RU_GROUP_THEN_MEMBERS = (
    "Суд в Велории приговорил троих активистов к шести годам колонии. Осуждены Андрей "
    "Колбрун, Игорь Васькович и Тамара Оррельби."
)


@pytest.fixture(scope="module")
def pipelines() -> dict[str, Pipeline]:
    without = PipelineConfig(
        components=tuple(c for c in DEFAULT_COMPONENTS if c != "group_terms"),
        ru_components=tuple(c for c in RU_COMPONENTS if c != "group_terms"),
    )
    return {"with": Pipeline(), "without": Pipeline(without)}


def sentence_terms(pipeline: Pipeline, text: str, language: str) -> dict[str, str | None]:
    document = document_from_text(text, Metadata(PartialDate.parse("2024-03-01"), language))
    return {e.participant: e.term for e in pipeline(document).events if e.type == "sentence"}


def test_each_named_member_gets_the_groups_term(pipelines: dict[str, Pipeline]) -> None:
    terms = sentence_terms(pipelines["with"], GROUP_THEN_MEMBERS, "en")
    assert terms.get("Tamsin Orrelby") == "P4Y"
    assert set(terms.values()) == {"P4Y"}
    # The member the parse reaches only through the later list had no term before.
    assert sentence_terms(pipelines["without"], GROUP_THEN_MEMBERS, "en")["Tamsin Orrelby"] is None


def test_russian_members_get_the_groups_term(pipelines: dict[str, Pipeline]) -> None:
    terms = sentence_terms(pipelines["with"], RU_GROUP_THEN_MEMBERS, "ru")
    assert terms == {name: "P6Y" for name in
                     ("Андрей Колбрун", "Игорь Васькович", "Тамара Оррельби")}
    before = sentence_terms(pipelines["without"], RU_GROUP_THEN_MEMBERS, "ru")
    assert set(before.values()) == {None}


def test_no_term_is_guessed_between_two_groups(pipelines: dict[str, Pipeline]) -> None:
    assert sentence_terms(pipelines["with"], TWO_GROUPS_TWO_TERMS, "en")["Tamsin Orrelby"] is None


def test_a_named_persons_term_is_not_a_groups(pipelines: dict[str, Pipeline]) -> None:
    terms = sentence_terms(pipelines["with"], A_NAMED_PERSON, "en")
    assert terms["Marek Dunstable"] == "P4Y"
    assert terms["Tamsin Orrelby"] is None
