"""Dates and sentence terms as annotations on the document."""

from __future__ import annotations

from typing import Any

from casefile.extract.dates import document_anchor_years, find_dates
from casefile.extract.doc import AnnotatedDoc
from casefile.extract.registry import Component, register
from casefile.extract.terms import TermMention, find_terms


@register("dates")
def dates_factory(settings: dict[str, Any]) -> Component:
    def dates(doc: AnnotatedDoc) -> None:
        language = doc.language or "en"
        anchors = document_anchor_years(doc.text, language)
        doc.dates = find_dates(doc.text, doc.document.published, language, anchors)

    return dates


@register("terms")
def terms_factory(settings: dict[str, Any]) -> Component:
    def terms(doc: AnnotatedDoc) -> None:
        assert doc.spacy is not None
        language = doc.language or "en"
        found: list[TermMention] = []
        for sent in doc.spacy.sents:
            for term in find_terms(sent.text, language):
                offset = sent.start_char
                found.append(
                    TermMention(term.start + offset, term.end + offset, term.text, term.term,
                                term.term_kind)
                )
        doc.terms = found

    return terms
