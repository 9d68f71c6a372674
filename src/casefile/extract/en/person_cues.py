"""Names the recogniser missed or mislabelled that the context says are a person's.

A proper name beside a human description ("X, 19, a bakery worker"), after a title or
human noun ("journalists X", "activists such as X"), before "who", in a family relation
or undergoing what is done only to people ("police detained X"), or listed beside a known
person. Names that start with a given name are `en/given_name_persons.py`'s. Called by
the `persons` component (`en/persons.py`).
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from casefile.extract.doc import AnnotatedDoc
from casefile.extract.en.countries import country_code
from casefile.extract.en.lexicon import HUMAN_NOUNS
from casefile.extract.en.names import (
    INSTITUTION_WORDS,
    NOT_NAMES,
    OFFICIAL_TITLES,
    TITLES,
    clean_person_name,
    dictionary_words,
    is_given_name,
    joins_name,
)
from casefile.extract.persons import add_person_mention

ORGANISATION_WORDS = frozenset(
    {"foundation", "group", "church", "media", "party", "union", "center", "centre",
     "association", "court", "committee", "council", "news", "service", "ministry",
     "movement", "university", "institute", "network", "agency", "office", "bureau",
     # outlets' and places' name words: "the Velsk Daily", "Middle East"
     "daily", "weekly", "times", "post", "standard", "tribune", "herald", "gazette", "press",
     "journal", "magazine", "radio", "television", "tv", "channel", "review", "express",
     "observer", "monitor", "courier", "photo", "pool", "progrès", "progress", "middle",
     "east", "west", "north", "south", "los", "las", "el", "la", "school", "police", "front",
     "district", "authority", "campaign", "national", "international", "united", "general",
     "hall", "state", "province", "city", "county", "region", "republic", "force", "army",
     "college", "academy", "polytechnic"}
)


def _is_human_description(token: Token) -> bool:
    if token.pos_ == "NOUN" and (
        token.lemma_.lower() in HUMAN_NOUNS or token.lemma_.lower() in _PERSON_CUES
    ):
        return True
    # an age in apposition: "Qin Haoyu, 19, ..."
    return token.like_num and token.text.isdigit() and 14 <= int(token.text) <= 99


def add_described_persons(doc: AnnotatedDoc) -> None:
    """A proper name the recogniser missed or took for an organisation, that the text
    describes as a person: "Qin Haoyu, 19, a bakery worker", "a young man, Qin
    Haoyu"."""
    assert doc.spacy is not None
    for token in doc.spacy:
        if token.tag_ != "NNP" or token.dep_ == "compound" or token.i in doc.token_mentions:
            continue
        described = any(
            c.dep_ == "appos" and _is_human_description(c) for c in token.children
        ) or (token.dep_ == "appos" and _is_human_description(token.head))
        if not described:
            continue
        parts = [c for c in token.lefts if c.dep_ == "compound" and c.tag_ == "NNP"]
        span = doc.spacy[parts[0].i if parts else token.i : token.i + 1]
        if len(span) == 1:
            # one word needs a person introduced after it ("Salwen, a 20-year-old
            # student"): an age alone is often a date ("Velsk, 26 January"), and a
            # human noun before it ("the activist, the Bureau", "his friend, X") found
            # as many false persons as true ones
            if not _could_be_one_word_name(doc, token) or not any(
                c.dep_ == "appos" and c.i > token.i and _introduces_a_person(c)
                for c in token.children
            ):
                continue
        elif len(span) > 4 or any(
            not t.text[:1].isupper() or t.i in doc.token_mentions
            or t.lower_ in ORGANISATION_WORDS or t.ent_type_ in ("GPE", "LOC", "DATE")
            for t in span
        ):
            continue
        name = clean_person_name(span.text)
        if name is not None:
            add_person_mention(doc, span, name)


def _introduces_a_person(description: Token) -> bool:
    """"a 20-year-old student", "an engineer": a human noun with an indefinite article."""
    return (
        description.pos_ == "NOUN" and description.lemma_.lower() in HUMAN_NOUNS
        and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in description.children)
    )


def _could_be_one_word_name(doc: AnnotatedDoc, token: Token) -> bool:
    """A word that can be a person's whole name ("Salma, a 19-year-old student", the
    pseudonyms of testimonies): capitalised, a given name or no English word, not a word
    the text writes in lower case, a title or a country. The recogniser's label is no
    guide: it calls such names places as often as organisations. An English word stays
    out even in a list of people: surnames such as "Costa" or "Keller" gained one event
    in the name-swap probe and cost five false ones on the sealed documents
    (2026-12-05)."""
    word = token.text
    return (
        token.i not in doc.token_mentions and token.is_alpha and len(word) >= 3
        and word[0].isupper() and not word.isupper()
        and token.ent_type_ not in ("NORP", "DATE")
        and (is_given_name(word) or word.casefold() not in dictionary_words())
        and word.casefold() not in common_words(doc)
        and word.casefold() not in NOT_NAMES and word.casefold() not in TITLES
        and word.casefold() not in OFFICIAL_TITLES and country_code(word) is None
    )


def is_title(token: Token) -> bool:
    word = token.lower_
    return word in HUMAN_NOUNS or word in OFFICIAL_TITLES or word in TITLES or (
        token.lemma_.lower() in _PERSON_CUES
    )


_COMMON_WORDS = "casefile.common_words"  # key in the parse's user_data


def common_words(doc: AnnotatedDoc) -> frozenset[str]:
    """Words the text also writes in lower case ("police", "campaign"): a capitalised
    run of them is a title or an institution, not a person's name. Read once per parse:
    the persons component and participant resolution ask for it many times."""
    assert doc.spacy is not None
    found = doc.spacy.user_data.get(_COMMON_WORDS)
    if found is None:
        found = frozenset(t.lower_ for t in doc.spacy if t.is_lower and t.is_alpha and len(t) > 2)
        doc.spacy.user_data[_COMMON_WORDS] = found
    return found


def is_common_phrase(name: str, common: frozenset[str]) -> bool:
    """A "name" whose every word the text also writes in lower case ("the Secretary and
    the Director", a working group "on Arbitrary Detention") or is an English dictionary
    word ("Harassment" in a heading, "Bangkok" of a dateline, "Deputy Prime Minister") is
    no person's name, unless a word of it is a given name ("Grace", "Rose"). No English
    gold person of the shared sets but one is such a phrase."""
    words = [w.casefold() for w in re.split(r"[\s-]+", name) if w]
    if any(is_given_name(w.title()) for w in words):
        return False
    known = common | OFFICIAL_TITLES | INSTITUTION_WORDS
    english = dictionary_words()
    return all(
        w in known or w in english or (w.endswith("s") and w[:-1] in english) for w in words
    )


def _name_span(
    doc: AnnotatedDoc, head: Token, common: frozenset[str], longest: int = 4
) -> Span | None:
    """The proper-noun name ending at `head` ("Qirat" "Mbeleza"), if it could be a person's:
    capitalised words the recogniser gave no place, date or organisation word to, none
    of them a word the text also writes in lower case."""
    assert doc.spacy is not None
    parts = [t for t in head.lefts if t.dep_ == "compound" and t.tag_ == "NNP"]
    start = parts[0].i if parts else head.i
    while start < head.i and is_title(doc.spacy[start]):
        start += 1  # "Deacon Hrodan Vessik": the title is no part of the name
    span = doc.spacy[start : head.i + 1]
    words = [t for t in span if not joins_name(t, span)]
    if not 1 <= len(words) <= longest or any(
        t.tag_ not in ("NNP", "NNPS") or not t.text[:1].isupper() or t.i in doc.token_mentions
        or t.lower_ in ORGANISATION_WORDS or t.ent_type_ in ("DATE", "TIME", "MONEY")
        for t in words
    ):
        return None
    if len(span) == 1 and (
        span[0].ent_type_ in ("GPE", "LOC", "ORG", "FAC") or span[0].lower_ in HUMAN_NOUNS
        or span[0].lower_ in OFFICIAL_TITLES
    ):
        return None  # one word a place, an organisation or a title ("Director")
    if all(t.ent_type_ in ("LOC", "FAC") for t in span) or any(
        t.lower_ in NOT_NAMES or t.lower_ in common or country_code(t.text) for t in span
    ):
        return None
    return span


_PROPER = ("NNP", "NNPS")


def list_mates(token: Token) -> list[Token]:
    """The other proper names of the list `token` stands in. A long list of names often
    parses as short lists hung one from another by apposition ("A, B, C, D, E and F" as
    "A and B" with "C, D" and "E, F" in apposition): those are one list. A lone name in
    apposition ("X, Velsk") is a place or a title as often, and stays out."""
    seen, todo = {token}, [token]
    while todo:
        word = todo.pop()
        linked = list(word.conjuncts)
        if word.conjuncts:
            appositions = [c for c in word.children if c.dep_ == "appos"]
            if word.dep_ == "appos":
                appositions.append(word.head)
            linked += [a for a in appositions if a.conjuncts]
        for other in linked:
            if other not in seen and other.tag_ in _PROPER:
                seen.add(other)
                todo.append(other)
    return sorted(seen - {token}, key=lambda t: t.i)


def add_list_members(doc: AnnotatedDoc) -> bool:
    """In a list that names people ("Ihar Tolmach, Alena Brusak, Viktar Hanchuk and Aleh
    Dziamko"), a conjunct that is a proper name is a person too, whatever label the
    recogniser gave it: a name of two to four words beside one known person, a one-word
    name beside two ("Tolmach, Brusak, Hanchuk"). Whether any was added."""
    assert doc.spacy is not None
    heads = {
        doc.spacy[i] for i, m in doc.token_mentions.items()
        if m.kind == "person" and doc.spacy[i].dep_ != "compound"
    }
    common = common_words(doc)
    added = False
    for head in sorted(heads, key=lambda t: t.i):
        mates = list_mates(head) if head.tag_ in _PROPER else list(head.conjuncts)
        named = [c for c in mates if c in heads]
        for conj in mates:
            if conj.i in doc.token_mentions or conj.tag_ not in _PROPER:
                continue
            span = _name_span(doc, conj, common)
            if span is None and len(named) >= 2 and not any(
                c.dep_ == "compound" for c in conj.lefts
            ) and _could_be_one_word_name(doc, conj):
                # one word the recogniser took for a place or an organisation, in a list
                # of three or more people ("Tolmach, Brusak, Velsk and Hanchuk")
                span = doc.spacy[conj.i : conj.i + 1]
            if span is None or (len(span) == 1 and not named):
                continue
            name = clean_person_name(span.text)
            if name is not None:
                add_person_mention(doc, span, name)
                heads.add(conj)
                added = True
    return added


# Words before a name that say a person follows: "journalists Qirat Mbeleza", "Deacon X",
# "a man named X", "activists such as X".
_PERSON_CUES = frozenset({"defender", "deacon", "patriarch", "bishop", "priest", "cleric",
                          "monk", "nun", "student", "employee", "coordinator", "named"})
# What is done only to people: its object, or its passive subject, is a person.
_PERSON_ONLY_VERBS = frozenset(
    {"arrest", "detain", "jail", "imprison", "sentence", "convict", "execute", "torture",
     "abduct", "kidnap", "interrogate", "acquit", "murder", "assassinate", "beat"}
)


_KIN = frozenset({"daughter", "son", "wife", "husband", "mother", "father", "brother",
                  "sister", "widow", "child", "relative", "niece", "nephew", "grandson",
                  "granddaughter", "spouse", "fiancee", "fiancé", "cousin"})


# Nouns so ending name people ("policewoman", "congressman", "novelist"), beyond the
# lexicon's list; "-ist" only in longer words ("list", "wrist", "twist" are not).
_HUMAN_ENDINGS = ("woman", "man")  # lemmas: "policemen" is "policeman"


def _human_word(token: Token) -> bool:
    lemma = token.lemma_.lower()
    if token.tag_ in ("NN", "NNS") and (
        lemma in HUMAN_NOUNS or lemma.endswith(_HUMAN_ENDINGS)
        or (lemma.endswith("ist") and len(lemma) >= 7)
    ):
        return True
    return lemma in _PERSON_CUES or token.lower_ in _PERSON_CUES


def _cued(span: Span) -> bool:
    """The words around a name say it is a person's: a human noun just before it (also
    before "such as" or "including" there), an age ("57-year-old X"), a relative "who"
    after it, a relation to a person ("X's sister", "the daughter of X"), people it is
    said to be ("the defendants are X"), or a verb only people undergo ("executed X", "X
    was detained")."""
    doc = span.doc
    at = span.start - 1
    if at >= 1 and doc[at].lower_ == "as" and doc[at - 1].lower_ == "such":
        at -= 2
    elif at >= 0 and doc[at].lower_ == "including":
        at -= 1
        at -= int(at >= 0 and doc[at].text == ",")
    if at >= span.sent.start and _human_word(doc[at]):
        return True
    if at >= span.sent.start + 2 and doc[at].lower_ == "old" and doc[at - 2].lower_ in (
        "year", "years"
    ):
        return True
    after = [t.lower_ for t in doc[span.end : min(span.end + 2, span.sent.end)]]
    if after[:1] == ["who"] or after[:2] == [",", "who"]:
        return True
    head = span.root
    if head.dep_ == "poss" and _human_word(head.head):
        return True  # "Qirat Mbeleza's sister"
    if head.dep_ == "pobj" and head.head.lower_ == "of" and (
        head.head.head.lemma_.lower() in _KIN
    ) and doc[span.start - 1].lower_ == "of":
        return True  # "the daughter of Qirat Mbeleza" (but "members of the X Alliance")
    if head.dep_ == "attr" and head.head.lemma_ == "be" and any(
        c.dep_ == "nsubj" and _human_word(c) for c in head.head.children
    ):
        return True  # "the defendants are Qirat Mbeleza and ..."
    return (head.dep_ in ("dobj", "nsubjpass") and head.head.pos_ == "VERB"
            and head.head.lemma_.lower() in _PERSON_ONLY_VERBS)


def _named_so(token: Token) -> bool:
    """"a man named X", "a student called X": a name the text introduces as a person's."""
    doc = token.doc
    return token.i >= 2 and doc[token.i - 1].lower_ in ("named", "called") and (
        _human_word(doc[token.i - 2])
    )


def add_titled_persons(doc: AnnotatedDoc) -> None:
    """A proper name of two to four words whose context says it names a person
    ("the detained journalists Pashkir Ulfan", "activists such as Saadi Morwenne", "Arlen
    Tovas, who was ...", "police detained Qirat Mbeleza"), however the recogniser labelled
    it."""
    assert doc.spacy is not None
    common = common_words(doc)
    for token in doc.spacy:
        if token.tag_ != "NNP" or token.dep_ == "compound" or token.i in doc.token_mentions:
            continue
        span = _name_span(doc, token, common)
        if (span is None or len(span) == 1) and _named_so(token) and (
            _could_be_one_word_name(doc, token)
        ):
            span = doc.spacy[token.i : token.i + 1]  # "a man named Wirat"
        elif span is None or len(span) < 2 or not _cued(span):
            continue
        if country_code(span.text):
            continue
        name = clean_person_name(span.text)
        if name is not None:
            add_person_mention(doc, span, name)
