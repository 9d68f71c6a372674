"""A trigger word paired with a mention of a person: the unit the candidates are built
from (`learn.candidates`), and the parse measures that rank and describe such pairings
(how far apart, along which dependencies, done to whom or what)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from casefile.extract.doc import AnnotatedDoc
from casefile.extract.en import lexicon as en_lexicon
from casefile.extract.ru import lexicon as ru_lexicon
from casefile.learn.groups import GroupMember


@dataclass
class Pairing:
    """One trigger token with one mention token of a person, in one sentence."""

    trigger: Token
    person: Token
    via: str  # "name", "pronoun", "definite", "first", "group"
    sent: Span  # the trigger's
    sentences_apart: int = 0  # the person is named this many sentences before
    group: GroupMember | None = None  # how the group holding the person was found


def path_between(a: Token, b: Token) -> tuple[list[str], list[str]]:
    """Dependency labels from `a` up to the common ancestor, and from there down to `b`."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    index_b = {t.i: n for n, t in enumerate(up_b)}
    for n, t in enumerate(up_a):
        if t.i in index_b:
            return [x.dep_ for x in up_a[:n]], [x.dep_ for x in up_b[: index_b[t.i]]]
    return [x.dep_ for x in up_a], ["?"]


def list_head(person: Token, trigger: Token) -> Token:
    """The word a list or an apposition holding `person` hangs from the sentence by. In
    "X, Y and Z were charged" what the sentence says of Z is what it says of X, and in
    "the activist, X, was held" of X what it says of the activist; but the parser hangs
    later conjuncts and appositions from the first, so their own paths to the trigger
    are long and vary with the names (a list of other names parses as an apposition)."""
    while person.dep_ in ("conj", "appos") and person.head.i not in (person.i, trigger.i):
        person = person.head
    return person


def bucket(value: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if value <= edge:
            return f"<={edge}"
    return f">{edges[-1]}"


def is_passive(token: Token) -> bool:
    return "Pass" in token.morph.get("Voice", []) or any(
        c.dep_ in ("auxpass", "nsubjpass", "nsubj:pass", "aux:pass") for c in token.children
    )


def pair_rank(pair: Pairing) -> tuple[int, int, int, int]:
    up, down = path_between(list_head(pair.person, pair.trigger), pair.trigger)
    return (pair.sentences_apart, len(up) + len(down), int(pair.via != "name"),
            abs(pair.trigger.i - pair.person.i))


_PERSONAL_PRONOUNS = frozenset({"he", "she", "they", "him", "her", "them", "we", "us", "i",
                                "me", "you", "who", "whom", "он", "она", "они", "мы", "я",
                                "вы", "ты", "кто", "который"})
_PEOPLE_WORDS = en_lexicon.HUMAN_NOUNS | ru_lexicon.PEOPLE_NOUNS | set(ru_lexicon.ROLE_WORDS)


def patient_kind(doc: AnnotatedDoc, trigger: Token, language: str) -> str:
    """Whom or what the trigger is done to, as the parse gives it: a person ("police
    released him"), a number ("two were held"), another name, a thing ("the group released
    a statement", "a video released by"), or none. The same verbs tell of people and of
    things."""
    if trigger.dep_ == "acl":
        patients = [trigger.head]
    else:
        patients = [c for c in trigger.children
                    if c.dep_ in ("dobj", "obj", "nsubjpass", "nsubj:pass")]
        if not patients and trigger.pos_ == "NOUN":  # "the release of X", «задержание X»
            patients = ([c for c in trigger.children if c.dep_ == "nmod"
                         and c.morph.get("Case", []) == ["Gen"]] if language == "ru" else
                        [g for c in trigger.children if c.dep_ == "prep" and c.lower_ == "of"
                         for g in c.children if g.dep_ == "pobj"])
    if not patients:
        return "none"
    if any(t.i in doc.token_mentions or t.ent_type_ in ("PERSON", "PER")
           or t.lemma_.lower() in _PERSONAL_PRONOUNS or t.lower_ in _PERSONAL_PRONOUNS
           or t.lemma_.lower() in _PEOPLE_WORDS for t in patients):
        return "person"
    if any(t.pos_ == "NUM" for t in patients):
        return "number"  # "two were detained"
    if any(t.pos_ == "PROPN" for t in patients):
        return "name"  # an organisation's, a place's, or a person's the recogniser missed
    return "thing"
