"""English persons' grammatical gender from what the text shows. Invented text only."""

from __future__ import annotations

import pytest

from casefile.extract.doc import AnnotatedDoc
from casefile.extract.pipeline import Pipeline
from casefile.ingest import Metadata, document_from_text
from casefile.model import PartialDate


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def genders(pipeline: Pipeline, text: str) -> dict[str, str | None]:
    document = document_from_text(text, Metadata(PartialDate(2024, 6, 1), "en"))
    doc = AnnotatedDoc(document=document, provenance=pipeline.provenances["en"])
    doc.spacy = next(pipeline._parse("en", [text]))
    for name, component in pipeline.components["en"]:
        component(doc)
        if name == "gender":
            break
    return {p.name: p.gender for p in doc.persons.values()}


@pytest.mark.parametrize(("text", "name", "expected"), [
    # Slavic endings that change with gender
    ("Police detained Oksana Veremova in Velsk on Monday.", "Oksana Veremova", "f"),
    ("Police detained Ruslan Veremov in Velsk on Monday.", "Ruslan Veremov", "m"),
    # -enko and -ich surnames are the same for women and men: the pronoun decides
    ("Police detained Oksana Dravenko in Velsk on Monday. She was released on Friday.",
     "Oksana Dravenko", "f"),
    ("Police detained Halina Zarukevich in Velsk on Monday. She was released on Friday.",
     "Halina Zarukevich", "f"),
    ("Police detained Ruslan Zarukevich in Velsk on Monday. He was released on Friday.",
     "Ruslan Zarukevich", "m"),
    # the owner of the next sentence's subject: "His lawyer said"
    ("Police detained Corin Hasset in Velsk on Monday. His lawyer said the arrest was "
     "unlawful.", "Corin Hasset", "m"),
    ("Police detained Corin Hasset in Velsk on Monday. Her lawyer said the arrest was "
     "unlawful.", "Corin Hasset", "f"),
    # an ending that is a Slavic surname's only: a given name of one gender decides
    ("Police detained Marta Velin in Velsk on Monday.", "Marta Velin", "f"),
    ("Police detained Diego Salina in Velsk on Monday.", "Diego Salina", "m"),
])
def test_gender_from_the_surname_only_where_its_ending_has_one(pipeline, text, name, expected):
    assert genders(pipeline, text)[name] == expected
