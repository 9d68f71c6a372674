"""Names an organisation noun gives (`extract/en/outlets.py`), read by the persons and
organisations components: invented outlets and people."""

from __future__ import annotations

import pytest

from casefile.extract.pipeline import Pipeline
from casefile.ingest import Metadata, document_from_text
from casefile.model import PartialDate


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def _annotated(pipeline: Pipeline, text: str):  # type: ignore[no-untyped-def]
    document = document_from_text(text, Metadata(PartialDate.parse("2024-12-01"), "en"))
    parsed = next(iter(pipeline._parse("en", [document.text])))
    return pipeline.annotate(document, parsed)


@pytest.mark.parametrize(("text", "organisation"), [
    ("The regulator blocked news website Velskaya on Monday.", "Velskaya"),
    ("Guards halted the circulation of Aurora newspaper in May.", "Aurora"),
    ("The court dissolved the political party \"People First\" in March.", "People First"),
    ("Orbnet, the website he founded in 2006, was shuttered.", "Orbnet"),
])
def test_a_noun_of_organisations_names_an_organisation(
    pipeline: Pipeline, text: str, organisation: str
) -> None:
    doc = _annotated(pipeline, text)
    assert organisation in {o.name for o in doc.organisations.values()}
    assert not any(organisation in p.name for p in doc.persons.values())


def test_a_one_word_outlet_is_the_organisation_wherever_it_recurs(pipeline: Pipeline) -> None:
    doc = _annotated(pipeline, "Guards halted the circulation of Aurora newspaper in May. "
                               "Aurora had criticised the army.")
    dawn = [m for m in doc.mentions if doc.text[m.start:m.end] == "Aurora"]
    assert len(dawn) == 2 and all(m.kind == "organisation" for m in dawn)


def test_a_name_of_several_words_is_the_organisation_wherever_it_recurs(
        pipeline: Pipeline) -> None:
    doc = _annotated(pipeline, "Police detained five members of the Green Valley movement in "
                               "May. Green Valley was declared an extremist organisation in "
                               "2022.")
    named = [m for m in doc.mentions if doc.text[m.start:m.end] == "Green Valley"]
    assert len(named) == 2 and all(m.kind == "organisation" for m in named)
    assert any(e.type == "designation" and e.participant == "Green Valley" for e in doc.events)


@pytest.mark.parametrize(("text", "person"), [
    ("Police detained party leader Maria Santos on Monday.", "Maria Santos"),
    ("Maria Santos, a member of the opposition group, was arrested.", "Maria Santos"),
    ("Journalist Ilse Marrow was detained. The Marrow foundation protested.", "Ilse Marrow"),
    # a later apposition of the noun is no name of it
    ("On 5 May two reporters for the television channel Orbis -- Anna Keller, 27, and Ilse "
     "Marrow, 23, -- were detained.", "Anna Keller"),
    # a group the parser hangs on a person's name
    ("Police detained three reporters, said Anna Keller, chair of the Velsk Press Union, a "
     "local press rights group.", "Anna Keller"),
])
def test_a_person_beside_such_a_noun_stays_a_person(
    pipeline: Pipeline, text: str, person: str
) -> None:
    doc = _annotated(pipeline, text)
    assert person in {p.name for p in doc.persons.values()}
