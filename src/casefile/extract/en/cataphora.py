"""A pronoun told before the name it stands for, in English: "Before her arrest, X had
been ...", "After he was released, X left the country". In a phrase fronted before the
clause's subject, a personal pronoun means that subject, not the person the text last
named (`salience.antecedent`, which only looks back).
"""

from __future__ import annotations

from spacy.tokens import Token

from casefile.extract.doc import AnnotatedDoc

# How a pronoun hangs inside the fronted phrase ("her" of "her arrest" of "before"), and
# how the phrase hangs on the clause's verb.
_INSIDE = frozenset({"poss", "pobj", "prep", "pcomp", "nsubj", "nsubjpass", "dobj"})
_FRONTED = frozenset({"prep", "advcl", "npadvmod"})
_SUBJECTS = ("nsubj", "nsubjpass")


def fronted_subject(doc: AnnotatedDoc, pronoun: Token, gender: str | None) -> str | None:
    """The person who is the subject of the clause a phrase holding `pronoun` is fronted
    to, if that subject is named and can be what the pronoun says (its gender)."""
    node, hops = pronoun, 0
    while node.dep_ in _INSIDE and node.head.i != node.i and hops < 4:
        node, hops = node.head, hops + 1
        if node.dep_ in _FRONTED:
            break
    if node.dep_ not in _FRONTED or node.head.i == node.i:
        return None
    verb = node.head
    subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
    if len(subjects) != 1 or not (node.i < subjects[0].i and pronoun.i < subjects[0].i):
        return None
    mention = doc.token_mentions.get(subjects[0].i)
    if mention is None or mention.kind != "person" or mention.entity in doc.officials:
        return None
    if gender is not None and doc.persons[mention.entity].gender not in (None, gender):
        return None
    return mention.entity
