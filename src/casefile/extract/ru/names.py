"""Russian personal names in the nominative: "Светлану Беляеву" -> "Светлана Беляева".

The records name participants in the nominative case. A word already in the nominative
is kept as written; any other takes its lemma, which for surnames is the masculine form
("шмелев"), made feminine again when the text's morphology says the person is a woman.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

_FEMININE_ENDINGS = (("ский", "ская"), ("цкий", "цкая"), ("ой", "ая"))
_MASCULINE_SUFFIXES = ("ов", "ев", "ёв", "ин", "ын")


def feminine_surname(lemma: str) -> str:
    for masculine, feminine in _FEMININE_ENDINGS:
        if lemma.endswith(masculine):
            return lemma[: -len(masculine)] + feminine
    if lemma.endswith(_MASCULINE_SUFFIXES):
        return lemma + "а"
    return lemma


# Endings of a man's name in the oblique cases, for names the lemmatiser does not know
# ("Арлена" is the genitive of Арлен, not a woman's name).
_MASCULINE_ENDINGS = {"Gen": (("я", "й"), ("а", "")), "Acc": (("я", "й"), ("а", "")),
                      "Dat": (("ю", "й"), ("у", "")), "Ins": (("ем", "й"), ("ом", "")),
                      "Loc": (("е", ""),)}


def _masculine_nominative(word: str, cases: list[str]) -> str:
    for case in cases:
        for ending, nominative in _MASCULINE_ENDINGS.get(case, ()):
            if word.endswith(ending) and len(word) > len(ending) + 2:
                return word[: -len(ending)] + nominative
    return word


def _capitalised(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


# Surname endings only a woman's name takes in that case: "Назаршоеву" (accusative),
# "Назаршоевой", "Назаршоева" (nominative).
_FEMININE_FORMS = {"Acc": ("ову", "еву", "ину", "ую"), "Gen": ("овой", "евой", "иной", "ой"),
                   "Dat": ("овой", "евой", "иной"), "Ins": ("овой", "евой", "иной"),
                   "Nom": ("ова", "ева", "ина", "ая")}


def _gender(tokens: Sequence[Token]) -> str | None:
    """A surname's feminine ending says it best; else a given name ("Светлану")."""
    surname = tokens[-1]
    for case in surname.morph.get("Case", []):
        if surname.lower_.endswith(_FEMININE_FORMS.get(case, ())) and (
            len(tokens) > 1 or case != "Nom"  # a lone "Котова" may be the genitive of Котов
        ):
            return "Fem"
    for token in tokens:
        genders = token.morph.get("Gender", [])
        if genders:
            return genders[0]
    return None


def nominative(tokens: Sequence[Token]) -> str:
    """The name the tokens spell, in the nominative case."""
    gender = _gender(tokens)
    words = []
    for position, token in enumerate(tokens):
        text = token.text.strip("*«»\"“”")
        if not text:
            continue
        if "Nom" in token.morph.get("Case", []) or not token.lemma_ or not text[:1].isupper():
            words.append(text)
            continue
        lemma = token.lemma_
        if lemma == text.lower() and gender == "Masc":
            lemma = _masculine_nominative(lemma, token.morph.get("Case", []))
        is_surname = position == len(tokens) - 1 and len(tokens) > 1 or token.dep_ == "flat:name"
        if gender == "Fem" and (is_surname or len(tokens) == 1):
            lemma = feminine_surname(lemma)
        words.append(_capitalised(lemma))
    return " ".join(words)
