"""Whether an English trigger tells an event as a fact: not a demand ("must be released",
"calls for his release"), a hope, a plan ("expected to be released"), a hypothesis, an
imperative ("Free X!") or a negation; and not what is yet to happen ("their trial has yet
to begin", "faces trial")."""

from __future__ import annotations

from spacy.tokens import Token

from casefile.extract.en.lexicon import IRREALIS_HEADS, MODALS

# What is done *for* a release or a trial that has not happened: "calls for his release".
_DEMAND_NOUNS = frozenset(
    {"call", "demand", "demonstration", "protest", "campaign", "petition", "rally", "march",
     "appeal", "plea", "fight", "struggle", "vigil", "request", "push", "pressure", "beg",
     "plead", "pray", "lobby", "advocate"}
)


# What one "faces" as a fact: charges laid, and what one suffers ("faced harassment");
# "faces trial", "faces prison" are still to come.
_FACED_AS_FACT = frozenset({"charge", "harassment", "threat", "intimidation", "persecution",
                            "torture", "surveillance", "abuse", "reprisal"})


def _yet_to_happen(token: Token) -> bool:
    """"Their trial has yet to begin", "X is yet to be tried": not happened."""
    head = token.head if token.dep_ in ("nsubj", "nsubjpass", "xcomp") else token
    return any(c.dep_ == "advmod" and c.lower_ == "yet" for c in head.children) and any(
        c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children) for c in head.children
    )


# Nouns whose infinitive is what is wanted or tried, not what was done: "efforts to free X".
_PURPOSE_NOUNS = _DEMAND_NOUNS | frozenset(
    {"action", "effort", "attempt", "step", "case", "plan", "bid", "move", "chance",
     "opportunity", "way", "deadline", "order", "ultimatum", "initiative", "proposal"}
)


def _wanted_not_done(token: Token) -> bool:
    """"action to release them", "the case for X to be freed", "a shout for them to release
    him": an infinitive a noun or "for" governs is a purpose; "demanded that he be freed":
    a subjunctive is a wish."""
    children = list(token.children)
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in children)
    if infinitive and (
        token.dep_ in ("acl", "relcl") and token.head.lemma_.lower() in _PURPOSE_NOUNS
        # "took action to release him", "gave the ministry a month to free her", "came to
        # arrest him": what the act was for; but "returned, only to be arrested" happened
        or token.dep_ == "advcl" and not any(c.lower_ == "only" for c in children)
        or any(c.dep_ == "mark" and c.lower_ == "for" for c in children)
    ):
        return True
    return token.dep_ == "ccomp" and not infinitive and any(
        c.dep_ in ("aux", "auxpass") and c.lower_ == "be" and c.tag_ == "VB" for c in children
    ) and not any(c.dep_ == "aux" and c.lemma_.lower() in MODALS for c in children)


def _cut_by_semicolon(clause: Token) -> bool:
    """A clause a semicolon parts from its head is a sentence of its own: in "police
    detained X; she was not allowed a lawyer" the parser hangs "detained" under "allowed",
    whose negation is no part of the arrest."""
    head = clause.head
    low, high = sorted((clause.i, head.i))
    return any(t.text == ";" and t.head.i in (head.i, clause.i)
               for t in clause.doc[low + 1:high])


def is_asserted(token: Token) -> bool:
    """False for demands, hopes, hypotheses and negations: "must be released"."""
    if token.tag_ == "VB" and (
        token.dep_ == "ROOT" or token.dep_ == "conj" and token.head.tag_ == "VB"
    ) and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in token.children):
        # an imperative: "release Arlen Tovas"; not "police detained X and then let her go"
        return False
    for child in token.children:
        if child.dep_ == "neg" or (child.dep_ == "aux" and child.lemma_.lower() in MODALS):
            return False
        if child.dep_ == "mark" and child.lower_ in ("if", "unless", "whether"):
            return False
    if _yet_to_happen(token) or _wanted_not_done(token):
        return False
    if token.dep_ == "pobj" and token.head.lower_ == "for":
        host = token.head.head  # "a campaign for his release", "held a vigil for his release"
        if host.lemma_.lower() in _DEMAND_NOUNS or any(
            c.dep_ == "dobj" and c.lemma_.lower() in _DEMAND_NOUNS for c in host.children
        ):
            return False
    head, hops = token, 0
    while head.head.i != head.i and hops < 4:
        if head.dep_ in ("amod", "compound") and head.head.pos_ == "PROPN":
            break  # "Exiled leader X called for ...": the word describes X, as a fact
        if _cut_by_semicolon(head):
            break
        if head.dep_ not in ("xcomp", "ccomp", "pobj", "prep", "dobj", "conj", "acl", "compound",
                             "amod", "nsubjpass", "nsubj", "advcl", "pcomp"):
            break
        below = head.dep_
        head = head.head
        hops += 1
        lemma = head.lemma_.lower()
        if lemma == "due" and below == "xcomp":
            return False  # "due to be sentenced"; but "died due to the denial of care" is told
        if below in ("nsubj", "nsubjpass") and any(
            c.dep_ == "acomp" and c.lower_ == "due" and any(x.dep_ == "xcomp" for x in c.children)
            for c in head.children
        ):
            return False  # "the appeal is due to be heard"
        if lemma in IRREALIS_HEADS and below != "conj" and not (
            lemma == "face" and token.lemma_.lower() in _FACED_AS_FACT
        ):
            # a conjunct is the head's sibling, not its complement: in "charged with
            # threatening the state and sentenced" the sentence is a fact
            return False
        if any(c.dep_ == "neg" for c in head.children) and head.pos_ == "VERB" and hops == 1:
            return False
        if head.pos_ in ("VERB", "AUX") and hops <= 2 and below not in (
            "nsubj", "nsubjpass"
        ) and any(c.dep_ == "aux" and c.lemma_.lower() in MODALS for c in head.children):
            # "offences which can carry prison sentences"; but in "his conviction must be
            # overturned" the conviction, the subject, is a fact
            return False
    return True
