"""Whose term and date is whose, on invented statements through the whole pipeline: a term
stated of a sentenced group goes to the members the text names later (`group_terms`), and
in a list each person gets the term or date told after their name (`arguments.own`)."""

from __future__ import annotations

import pytest

from casefile.extract.pipeline import DEFAULT_COMPONENTS, RU_COMPONENTS, Pipeline, PipelineConfig
from casefile.ingest import Metadata, document_from_text
from casefile.model import PartialDate

GROUP_THEN_MEMBERS = (
    "Judges in Veloria sentenced two reporters and five students to four years in prison on "
    "Tuesday. Prosecutors had accused them of spreading rumours. The other defendants "
    "sentenced were Ander Kolbrun, Imre Vaskovic and Tamsin Orrelby."
)
TWO_GROUPS_TWO_TERMS = (
    "Judges in Veloria sentenced two reporters to four years in prison on Tuesday. On Friday "
    "the same judges sentenced five students to two years in prison. The other defendants "
    "sentenced were Ander Kolbrun, Imre Vaskovic and Tamsin Orrelby."
)
A_NAMED_PERSON = (
    "Judges in Veloria sentenced Marek Dunstable to four years in prison on Tuesday. The "
    "other defendants sentenced were Ander Kolbrun, Imre Vaskovic and Tamsin Orrelby."
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
    rules_only = PipelineConfig(
        ru_components=tuple(c for c in RU_COMPONENTS if c not in ("model_events", "group_terms"))
    )
    return {"with": Pipeline(), "without": Pipeline(without), "rules": Pipeline(rules_only)}


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


# --- each person's own term in one sentence ------------------------------------------------


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("A court in Veloria sentenced activist Arlen Tovas to four years in prison and "
     "journalist Dana Korvel to six years in prison.", "en",
     {"Arlen Tovas": "P4Y", "Dana Korvel": "P6Y"}),
    ("The court sentenced Arlen Tovas to four years, Dana Korvel to six years and Imre "
     "Vaskovic to two years in prison.", "en",
     {"Arlen Tovas": "P4Y", "Dana Korvel": "P6Y", "Imre Vaskovic": "P2Y"}),
    ("Arlen Tovas was sentenced to four years in prison and Dana Korvel to six years.", "en",
     {"Arlen Tovas": "P4Y", "Dana Korvel": "P6Y"}),
    ("Суд в Велории приговорил Андрея Колбруна к четырем годам колонии, а Игоря Васьковича — "
     "к шести годам колонии.", "ru",
     {"Андрей Колбрун": "P4Y", "Игорь Васькович": "P6Y"}),
    ("Суд приговорил Андрея Колбруна к четырем годам, Игоря Васьковича к шести годам и "
     "Тамару Оррельби к двум годам колонии.", "ru",
     {"Андрей Колбрун": "P4Y", "Игорь Васькович": "P6Y", "Тамара Оррельби": "P2Y"}),
    ("Андрей Колбрун получил шесть лет колонии строгого режима, Игорь Васькович — четыре "
     "года.", "ru", {"Андрей Колбрун": "P6Y", "Игорь Васькович": "P4Y"}),
    # the terms told before the names: each name takes the last one before it
    ("По 12 суток ареста получили Андрей Колбрун, Игорь Васькович и Тамара Оррельби, на 8 "
     "суток арестован Марк Дунстабль.", "ru",
     {"Андрей Колбрун": "P12D", "Игорь Васькович": "P12D", "Тамара Оррельби": "P12D",
      "Марк Дунстабль": "P8D"}),
])
def test_each_person_gets_the_term_told_after_their_name(
    pipelines: dict[str, Pipeline], text: str, language: str, expected: dict[str, str]
) -> None:
    assert sentence_terms(pipelines["with"], text, language) == expected


def test_one_term_for_a_list_goes_to_everyone_in_it(pipelines: dict[str, Pipeline]) -> None:
    text = "The court sentenced Arlen Tovas, Dana Korvel and Imre Vaskovic to five years in prison."
    terms = sentence_terms(pipelines["with"], text, "en")
    assert terms == dict.fromkeys(("Arlen Tovas", "Dana Korvel", "Imre Vaskovic"), "P5Y")


def test_each_person_gets_the_date_told_after_their_name(pipelines: dict[str, Pipeline]) -> None:
    text = "Андрея Колбруна задержали 3 мая, а Игоря Васьковича — 9 мая."
    document = document_from_text(text, Metadata(PartialDate.parse("2024-06-01"), "ru"))
    dates = {e.participant: e.date.iso() if e.date else None
             for e in pipelines["with"](document).events if e.type == "arrest"}
    assert dates == {"Андрей Колбрун": "2024-05-03", "Игорь Васькович": "2024-05-09"}


@pytest.mark.parametrize("text, language, expected", [
    ("Ander Kolbrun and Tamsin Orrelby were sentenced to five and seven years in prison.",
     "en", {"Ander Kolbrun": "P5Y", "Tamsin Orrelby": "P7Y"}),
    ("Суд приговорил Андрея Колбруна и Тамару Оррельби к трём и двум годам колонии.",
     "ru", {"Андрей Колбрун": "P3Y", "Тамара Оррельби": "P2Y"}),
    ("Андрею Колбруну и его помощнице Тамаре Оррельби дали 3 и 2,5 года колонии.",
     "ru", {"Андрей Колбрун": "P3Y", "Тамара Оррельби": "P2Y6M"}),
])
def test_names_then_as_many_terms_pair_in_order(pipelines: dict[str, Pipeline], text: str,
                                                language: str, expected: dict[str, str]) -> None:
    assert sentence_terms(pipelines["with"], text, language) == expected


@pytest.mark.parametrize("text, expected", [
    ("Суд назначил Андрею Колбруну четыре года колонии.", {"Андрей Колбрун": "P4Y"}),
    ("Андрей Колбрун получил шесть лет лишения свободы.", {"Андрей Колбрун": "P6Y"}),
    ("Андрей Колбрун и Тамара Оррельби получили по три года колонии.",
     {"Андрей Колбрун": "P3Y", "Тамара Оррельби": "P3Y"}),
])
def test_russian_verbs_that_give_a_term_are_the_rules_sentences(
    pipelines: dict[str, Pipeline], text: str, expected: dict[str, str]
) -> None:
    rules = pipelines["rules"]
    assert sentence_terms(rules, text, "ru") == expected
    assert sentence_terms(rules, "Андрей Колбрун получил письмо через два года.", "ru") == {}
