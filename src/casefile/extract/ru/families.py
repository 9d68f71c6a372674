"""Families named by their first names and one surname in the plural: "Асан и Азиз
Ахтемовы", "супругов Олега и Татьяну Вельдей", "Зорване и Сорвелу Ольданям".

The recogniser reads "Татьяне Вельдям" as one person, in the plural, and "Олегу" as another
without a surname; each first name is given the surname they share, in the singular and of
the first name's gender. The conjunction and the plural ending already show a family, so the
first names need not be ones the dictionary knows (Central Asian, Caucasian or foreign names
written in Russian often are not): an unknown one is read by its regular endings in the case
the plural ending shows, and takes the gender its nominative's ending gives.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from casefile.extract.doc import AnnotatedDoc
from casefile.extract.ru.names import (
    capitalised,
    readings,
    shared_surname,
    with_surname,
)

# The cases a plural ending shows; the longest ending first ("ыми" before "ым"). A first name
# read in another case is a worse reading, not an impossible one: texts misspell a case.
_PLURAL_CASES = (
    ("ыми", ("ablt",)), ("ями", ("ablt",)), ("ами", ("ablt",)),
    ("ым", ("datv",)), ("ям", ("datv",)), ("ам", ("datv",)),
    ("ых", ("gent", "accs", "loct")), ("ях", ("loct",)), ("ах", ("loct",)),
    ("ей", ("gent", "accs")), ("ов", ("gent", "accs")),
    ("ы", ("nomn",)), ("и", ("nomn",)),
)  # fmt: skip
# Plural endings of surnames the dictionary does not know, with the singular nominative's
# ending: "Ольданям" -> "Ольданя" (surnames in -я keep it), "Мельникам" -> "Мельник" (those
# in -а are rarer than those in a consonant). Read only after conjoined first names whose
# endings show the same case, which no singular name ending so ("Рустам") has beside it.
_UNKNOWN_PLURALS = (("ями", "я"), ("ям", "я"), ("ях", "я"), ("ами", ""), ("ам", ""),
                    ("ах", ""))
# How much the case the plural shows, and the dictionary's knowing a word as a name, weigh
# against a first name's readings (each at most 1).
_CONSTRUCTION_WEIGHT = 1.0
_NAMED_WEIGHT = 1.0
# A dictionary's guess for a first name it does not know weighs no more than a regular
# ending does in `ru.names.readings`.
_GUESS_CAP = 0.1
# Nominatives of surnames, not first names: "Зорваной" is no genitive of a name "Зорваная".
_SURNAME_NOMINATIVES = ("ая", "ой", "ый")
# How sure a name read from a shared plural surname is, at most: the plural leaves little
# doubt of the case, and it overrides the recogniser's readings of the same words. Half of
# it is the plural's, half how far the first name's reading beat the next
# (`ru.names.read_name`), so that of two mentions of one person the clearer reading stands
# ("Зорвану" is surely "Зорвана", "Зорване" may be "Зорваня").
_FAMILY_SURENESS = 1.0


def plural_cases(word: str) -> tuple[str, ...]:
    """The cases a surname's plural ending shows (lower case); none for no plural ending."""
    return next((cases for ending, cases in _PLURAL_CASES if word.endswith(ending)), ())


def plural_surname(word: str) -> str | None:
    """The singular nominative (lower case) of a surname in the plural, as the dictionary
    or a regular plural ending shows it; None for a word the dictionary knows otherwise."""
    from casefile.extract.ru.parse import morph_analyzer

    found = shared_surname(word)
    if found is not None or morph_analyzer().word_is_known(word):
        return found
    for ending, singular in _UNKNOWN_PLURALS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)] + singular
    return None


def _surname_in_ei(surname: Token, first: Token) -> str | None:
    """"Олега и Татьяну Вельдей": a surname in -ей after two first names is the genitive or
    accusative plural of one in -я ("Вельдя"), unless the first name beside it is in the
    instrumental, where "Татьяной Вельдей" is one woman's."""
    word = surname.lower_
    if not word.endswith("ей") or len(word) < 6 or "Ins" in first.morph.get("Case", []):
        return None
    return word[:-2] + "я"


def read_first_name(token: Token, cases: tuple[str, ...]) -> tuple[str, str, float] | None:
    """A first name of a family in the nominative, its gender and how sure the reading is
    (how far it beat the next), the surname they share being in one of `cases`; None for
    a word the dictionary knows as no name ("России") or that none of `cases` fits."""
    from casefile.extract.ru.parse import morph_analyzer

    word = token.lower_
    # A name beside a surname in an oblique case is in one itself; an oblique form as
    # written says nothing of its case; a surname's nominative is no first name's.
    oblique = "nomn" not in cases
    found = [r for r in readings(word)
             if (r.nominative != word if r.case != "nomn" else not oblique)
             and not r.nominative.endswith(_SURNAME_NOMINATIVES)]
    known = any(r.named for r in found)
    if not known and (morph_analyzer().word_is_known(word) or not token.text[:1].isupper()):
        return None
    if not any(r.case in cases for r in found):
        return None  # no reading in the case the plural shows: no family's first name
    # An ending that may be of several cases says less of each: "Олегу и Татьяну X-ей"
    # (genitive or accusative) leaves "Олегу" a dative rather than a woman's accusative.
    shown = _CONSTRUCTION_WEIGHT / len(cases)
    scores: dict[str, float] = {}
    for r in found:
        # the dictionary's guesses for a word it does not know are no better than the
        # regular endings ("Ортане" is not surely an "Ортаня")
        score = min(r.score, 1.0 if known else _GUESS_CAP) + _NAMED_WEIGHT * r.named
        score += shown * (r.case in cases)
        scores[r.nominative] = max(score, scores.get(r.nominative, 0.0))
    # where the endings leave -а or -я open, -а: the commoner ending of names
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0].endswith("я")))
    nominative = ranked[0][0]
    margin = ranked[0][1] - (ranked[1][1] if len(ranked) > 1 else 0.0)
    genders = {r.gender for r in found if r.nominative == nominative and r.gender is not None
               and r.named} or {r.gender for r in found if r.nominative == nominative
                                and r.gender is not None}
    spelt = token.text if nominative == word else capitalised(nominative)
    sureness = _FAMILY_SURENESS * (1.0 + min(1.0, margin)) / 2
    return spelt, _gender_of(nominative, genders), sureness


def _gender_of(nominative: str, genders: set[str]) -> str:
    """The gender the endings read give, else the nominative's ending: a name in -а or -я
    is a woman's more often than a man's ("Зорвана"), one in a consonant a man's."""
    if len(genders) == 1:
        return next(iter(genders))
    return "femn" if nominative.endswith(("а", "я")) else "masc"


def family_names(doc: AnnotatedDoc) -> list[tuple[Span, str, float]]:
    """"Олегу и Татьяне Вельдям": each first name with the surname they share, and how sure
    the reading is."""
    assert doc.spacy is not None
    out = []
    for token in doc.spacy:
        if token.pos_ != "PROPN" or token.dep_ != "flat:name":
            continue
        # the last first name, just before the surname: the parser hangs the surname on
        # it or on the first of the list ("Степану [и Оксану] Ольданей")
        owner = token.doc[token.i - 1] if token.i else token
        if token.head not in (owner, owner.head) or owner.dep_ != "conj" or (
                owner.pos_ != "PROPN" or owner.head.pos_ != "PROPN"):
            continue
        if not any(c.dep_ == "cc" for c in owner.children):
            continue  # "X и Y Фамилии", not an apposition
        surname = plural_surname(token.lower_) or _surname_in_ei(token, owner)
        cases = plural_cases(token.lower_)
        if surname is None or read_first_name(owner, cases) is None:
            continue  # "граждан Казахстана и России ...": not first names
        first = owner.head
        members = [first, *(c for c in first.children if c.dep_ == "conj" and c.pos_ == "PROPN")]
        for member in members:
            if member.i != owner.i and any(c.dep_ == "flat:name" and c.i != token.i
                                           for c in member.children):
                continue  # "Ивана Петрова и Марину Ахтемовых": he has his own
            read = read_first_name(member, cases)
            if read is None:
                continue
            name, gender, sureness = read
            end = token.i + 1 if member.i == owner.i else member.i + 1
            out.append((doc.spacy[member.i:end], with_surname(name, gender, surname), sureness))
    return out
