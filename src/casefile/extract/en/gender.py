"""Grammatical gender of the persons a text names, so "she" does not resolve to a man.

Only what the text itself shows: kinship words and titles next to the name, Slavic
surname endings (unless the given name is one gender's only), and the pronoun that
follows a person's first mention when that person is the only one named there.
"""

from __future__ import annotations

from typing import Any

from casefile.extract.doc import AnnotatedDoc
from casefile.extract.en.names import given_name_gender
from casefile.extract.registry import Component, register

_FEMININE_WORDS = frozenset(
    {"wife", "mother", "daughter", "sister", "girlfriend", "widow", "grandmother", "aunt",
     "niece", "ms", "ms.", "mrs", "mrs.", "miss", "madam", "woman", "businesswoman",
     "spokeswoman", "actress"}
)
_MASCULINE_WORDS = frozenset(
    {"husband", "father", "son", "brother", "boyfriend", "widower", "grandfather", "uncle",
     "nephew", "mr", "mr.", "man", "businessman", "spokesman", "actor"}
)
_FEMININE_ENDINGS = ("ova", "eva", "ina", "aya", "kaya", "ska", "yna", "ava", "iene", "aitė")
# Not "-enko" nor "-ich"/"-vich": Ukrainian, Belarusian and Serbian surnames so ending are
# a woman's as much as a man's (Oksana Dravenko, Halina Zarukevich).
_MASCULINE_ENDINGS = ("ov", "ev", "in", "sky", "skiy", "ski", "yev")


@register("gender", needs=("spacy", "persons"), sets=("gender",))
def gender_factory(settings: dict[str, Any]) -> Component:
    def gender(doc: AnnotatedDoc) -> None:
        assert doc.spacy is not None
        for mention in doc.mentions:
            if mention.kind != "person":
                continue
            person = doc.persons[mention.entity]
            if person.gender is not None:
                continue
            span = doc.spacy.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            window = [t.lower_ for t in doc.spacy[max(span.sent.start, span.start - 3):span.start]]
            window += [t.lower_ for t in span.root.children if t.dep_ in ("appos", "poss")]
            surname = person.name.split()[-1].casefold()
            if any(w in _FEMININE_WORDS for w in window):
                person.gender = "f"
            elif any(w in _MASCULINE_WORDS for w in window):
                person.gender = "m"
            elif ending := _surname_gender(surname):
                # "Marta Velin", "Juan Medina": a given name of one gender outweighs an
                # ending that is a Slavic surname's only in Slavic names
                person.gender = _given_gender(person.name) or ending
            else:
                person.gender = _pronoun_after(doc, span.sent.end)

    return gender


def noun_gender(word: str) -> str | None:
    """"f" for "woman" or "mother", "m" for "man" or "father", else None."""
    if word in _FEMININE_WORDS:
        return "f"
    return "m" if word in _MASCULINE_WORDS else None


def _surname_gender(surname: str) -> str | None:
    if len(surname) <= 4:
        return None
    if surname.endswith(_FEMININE_ENDINGS):
        return "f"
    return "m" if surname.endswith(_MASCULINE_ENDINGS) else None


def _given_gender(name: str) -> str | None:
    """The gender of a full name's first word when the dictionary gives it one only."""
    words = name.split()
    if len(words) < 2:
        return None
    return given_name_gender(words[0], strict=True)


def _pronoun_after(doc: AnnotatedDoc, sentence_end: int) -> str | None:
    """The first subject pronoun of the next sentence, or the owner of its subject ("His
    lawyer said"), if it names one gender."""
    assert doc.spacy is not None
    for token in doc.spacy[sentence_end : sentence_end + 12]:
        if token.dep_ in ("nsubj", "nsubjpass") and token.lower_ in ("he", "she"):
            return "m" if token.lower_ == "he" else "f"
        if token.dep_ == "poss" and token.lower_ in ("his", "her") \
                and token.head.dep_ in ("nsubj", "nsubjpass"):
            return "m" if token.lower_ == "his" else "f"
        if token.is_sent_start and token.i > sentence_end:
            break
    return None
