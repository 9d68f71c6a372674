"""A term stated of a group, given to the group's named members.

News often sentences a group first and names its members later: "A court sentenced
three farmers to six years in prison. ... The other defendants were X and Y." The
guidelines give each named member the event, and the term goes with it. The members'
events are found from the later sentence, which states no term, so they are left without
one. This component gives such events the group's term, when every group the document
sentences gets the same term: with two terms for two groups it cannot tell whose is whose.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Token

from casefile.extract.components.arguments import terms_for, terms_in
from casefile.extract.doc import AnnotatedDoc
from casefile.extract.en import lexicon as en_lexicon
from casefile.extract.registry import Component, register
from casefile.extract.ru import lexicon as ru_lexicon
from casefile.extract.terms import TermMention


def _sentencing(triggers: dict[str, str], extra: frozenset[str] = frozenset()) -> frozenset[str]:
    return frozenset(lemma for lemma, kind in triggers.items() if kind == "sentence") | extra


# "jail" and "imprison" are arrests in the lexicon until a term follows, as it does here.
_SENTENCING = {
    "en": _sentencing(en_lexicon.VERB_TRIGGERS, frozenset({"jail", "imprison"})),
    "ru": _sentencing(ru_lexicon.VERB_TRIGGERS),
}
_PATIENT_DEPS = frozenset({"dobj", "obj", "nsubjpass", "nsubj:pass"})
_MODIFIERS = frozenset({"compound", "nmod", "amod"})
_PEOPLE = en_lexicon.HUMAN_NOUNS | ru_lexicon.PEOPLE_NOUNS


@register("group_terms", needs=("spacy", "terms", "persons", "events"), sets=("events",))
def group_terms_factory(settings: dict[str, Any]) -> Component:
    def group_terms(doc: AnnotatedDoc) -> None:
        stated = group_sentence_terms(doc)
        if len({(t.term, t.term_kind) for t in stated}) != 1:
            return
        term = stated[0]
        for event in doc.events:
            if event.type == "sentence" and event.term is None and event.term_kind in (
                None, "prison"
            ):
                event.term = term.term
                event.term_kind = term.term_kind or event.term_kind

    return group_terms


def group_sentence_terms(doc: AnnotatedDoc) -> list[TermMention]:
    """The terms of sentencings whose object is a group of unnamed people ("sentenced
    four activists to five years", «осуждены трое журналистов»)."""
    assert doc.spacy is not None
    lemmas = _SENTENCING.get(doc.language or "en", frozenset())
    found: list[TermMention] = []
    for sent in doc.spacy.sents:
        if not terms_in(doc, sent):
            continue
        for token in sent:
            if token.lemma_.lower() in lemmas and _done_to_a_group(doc, token):
                found.extend(t for t in terms_for(doc, sent, token) if t.term is not None)
    return found


def _done_to_a_group(doc: AnnotatedDoc, trigger: Token) -> bool:
    patients = [c for c in trigger.children if c.dep_ in _PATIENT_DEPS]
    return bool(patients) and all(_unnamed_group(doc, p) for p in patients)


def _unnamed_group(doc: AnnotatedDoc, head: Token) -> bool:
    """A plural of people with no name in it: "two journalists and seven protesters"."""
    if any(t.i in doc.token_mentions and t.dep_ not in _MODIFIERS for t in head.subtree):
        return False  # "the activists X and Y"; a name as a modifier ("four Kestrel men") is not
    counted = any(c.pos_ == "NUM" or c.dep_ == "nummod" for c in head.children)
    return head.morph.get("Number", []) == ["Plur"] and (
        counted or head.lemma_.lower() in _PEOPLE
    )

