"""The state an English document is mostly about: the `country` component.

The countries spaCy's GPE, NORP and LOC entities name (`en/countries.py`), by the shared
vote of `extract/country.py`.
"""

from __future__ import annotations

from typing import Any

from casefile.extract.country import vote_country
from casefile.extract.doc import AnnotatedDoc
from casefile.extract.en.countries import HOST_STATES, country_code
from casefile.extract.registry import Component, register


@register("country", needs=("spacy",), sets=("country",))
def country_factory(settings: dict[str, Any]) -> Component:
    def country(doc: AnnotatedDoc) -> None:
        assert doc.spacy is not None
        named = [(country_code(ent.text), ent.start_char) for ent in doc.spacy.ents
                 if ent.label_ in ("GPE", "NORP", "LOC")]
        doc.country = vote_country(
            [(code, offset) for code, offset in named if code], hosts=HOST_STATES
        )

    return country
