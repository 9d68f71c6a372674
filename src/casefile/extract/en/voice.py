"""Voice and shared subjects of English verbs over spaCy's parse: whether a verb is
passive, and which verb a conjunct shares its subject with."""

from __future__ import annotations

from spacy.tokens import Token

from casefile.extract.en.readings import an_amount

# Verbs of being in a state, whose participle complement is a passive: "stands accused".
_STATIVE = frozenset({"stand", "remain", "stay"})


def is_passive(token: Token) -> bool:
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children):
        return True
    # "was thrown into prison and tortured": a subjectless conjunct of a passive verb
    if token.dep_ == "conj" and token.tag_ in ("VBN", "VBD") and not any(
        c.dep_ == "nsubj" or (c.dep_ == "dobj" and not an_amount(c)) for c in token.children
    ) and any(c.dep_ in ("auxpass", "nsubjpass") for c in conjoined_verb(token).children):
        return True
    # "X, arrested in May, ...", "after being detained", "the detained activist X" (also the
    # parser's reading of "a court on May 2 sentenced journalist X"); "X stands accused",
    # "X remains detained"
    return token.tag_ == "VBN" and (
        token.dep_ in ("acl", "relcl", "advcl", "conj", "xcomp", "amod")
        or token.dep_ == "acomp" and token.head.lemma_.lower() in _STATIVE
    )


def conjoined_verb(token: Token) -> Token:
    """The verb a conjunct shares its subject with. In "X was charged with insulting Y and
    sentenced to ..." the parser joins "sentenced" to the gerund "insulting", whose
    clause is "was charged"."""
    head = token.head
    if head.dep_ == "pcomp" and head.tag_ == "VBG" and head.head.dep_ == "prep":
        return head.head.head
    return head
