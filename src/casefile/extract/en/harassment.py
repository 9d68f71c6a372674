"""Harassment told in words the verb lists cannot hold, in English (GUIDELINES.md:
threatened, surveilled, dismissed from work, smeared): "red-tagged", "tagged X as a
rebel", "branded a traitor", "a plot to kidnap X", "spied on X", "targeted with spyware",
"removed from her post", "lost his job", "threatening phone calls".

Each reading asks for the word that makes the common verb a persecution ("tag" with
"red-" or "as", "brand" with a smear, "target" with spyware): the bare verbs were
measured as candidate words and proposed far more false pairs than true ones.
"""

from __future__ import annotations

from spacy.tokens import Token

from casefile.extract.en.agents import done_by_the_state
from casefile.extract.en.voice import is_passive
from casefile.extract.events import Trigger

# What a person is branded or tagged as when it is a smear.
_SMEARS = frozenset({
    "traitor", "enemy", "terrorist", "extremist", "spy", "agent", "criminal", "communist",
    "rebel", "separatist", "mercenary", "saboteur", "provocateur", "insurgent", "subversive",
})
# "a plot to kidnap X": a plan against a person's life or liberty, not carried out.
_PLOTS = frozenset({"plot", "conspiracy", "conspire", "scheme", "plan"})
_PLOTTED_HARMS = frozenset({"kill", "kidnap", "abduct", "assassinate", "murder", "poison",
                            "attack"})
# What one is "targeted" with or by when it is surveillance or a smear.
_TARGETING_MEANS = frozenset({"spyware", "malware", "hacker", "hacking", "surveillance",
                              "campaign", "smear", "troll", "intimidation", "harassment"})
# A person's work, which removing them from is a dismissal: "removed from her post",
# "suspended from his job", "lost his job".
_WORK = frozenset({"post", "position", "job", "work", "duty", "board", "faculty", "newsroom",
                   "programme", "program", "show", "teaching", "employment"})
_REMOVING = frozenset({"remove", "suspend", "oust", "sack"})
# The only words `harassment_phrase` can read: it is asked of every word.
_TAGS = frozenset({"tag", "tagged", "tagging"})  # the lemmatiser leaves an adjective's
# What a threat comes by: "threatening phone calls", "abusive messages".
_MESSAGES = frozenset({"call", "message", "letter", "email", "e-mail", "text", "sms", "note",
                       "comment", "post", "voicemail"})
_MENACING = frozenset({"threatening", "intimidating", "abusive", "menacing"})
_RECEIVING = frozenset({"receive", "get", "face", "send", "bombard", "flood"})
_WORDS = _TAGS | _REMOVING | {"brand", "spy", "target", "lose"} | _PLOTTED_HARMS | _MESSAGES


def _red(token: Token) -> bool:
    """"red-tagged", however the tokenizer splits it."""
    doc = token.doc
    return token.lower_.startswith("red-") or (
        token.i >= 2 and doc[token.i - 1].text == "-" and doc[token.i - 2].lower_ == "red"
    )


def _person_slots(token: Token) -> tuple[str, ...]:
    if is_passive(token):
        return ("passive",)
    if token.dep_ in ("acomp", "oprd"):  # "X had been red-tagged", read as an adjective
        return ("support",)
    return ("object",)


def harassment_phrase(token: Token) -> Trigger | None:
    """The harassment a phrase at `token` tells, if any."""
    lemma = token.lemma_.lower()
    if lemma not in _WORDS and not token.lower_.startswith("red-"):
        return None
    if lemma in _MESSAGES:  # "X received threatening phone calls"
        if token.pos_ == "NOUN" and token.head.lemma_.lower() in _RECEIVING and any(
            c.dep_ == "amod" and c.lower_ in _MENACING for c in token.children
        ):  # not "X made threatening calls": X threatened
            return Trigger(token, "harassment", ("of", "possessor", "support"), 0.75)
        return None
    if lemma in _TAGS or token.lower_.startswith("red-"):
        if token.pos_ == "NOUN" and _red(token):  # "the red-tagging of X"
            return Trigger(token, "harassment", ("of", "possessor", "support"), 0.75)
        if token.pos_ in ("VERB", "ADJ") and (_red(token) or any(
            c.dep_ == "prep" and c.lower_ == "as" for c in token.children
        )):  # "red-tagged X", "tagged X as a commander of the rebels"
            return Trigger(token, "harassment", _person_slots(token), 0.8)
        return None
    if lemma == "brand" and token.pos_ == "VERB" and any(
        t.lemma_.lower() in _SMEARS for t in token.subtree if t.i > token.i
    ):  # "branded a traitor", "branded the journalist an enemy of the state"
        return Trigger(token, "harassment", _person_slots(token), 0.8)
    if lemma == "spy" and token.pos_ == "VERB":  # "agents spied on X"
        return Trigger(token, "harassment", ("on",), 0.75)
    if lemma == "target" and token.pos_ == "VERB" and (any(
        g.lemma_.lower() in _TARGETING_MEANS
        for c in token.children if c.dep_ in ("agent", "prep") and c.lower_ in ("by", "with")
        for g in c.children if g.dep_ == "pobj"
    ) or done_by_the_state(token)):
        # "X was targeted with spyware", "targeted by the regime", "police targeted X"
        return Trigger(token, "harassment", _person_slots(token), 0.75)
    if lemma in _REMOVING and token.pos_ == "VERB" and any(
        g.lemma_.lower() in _WORK
        for c in token.children if c.dep_ == "prep" and c.lower_ == "from"
        for g in c.children if g.dep_ == "pobj"
    ):  # "X was removed from her post", "the station suspended X from his show"
        return Trigger(token, "harassment", _person_slots(token), 0.75)
    if lemma == "lose" and token.pos_ == "VERB" and any(
        c.dep_ == "dobj" and c.lemma_.lower() in _WORK for c in token.children
    ):  # "X lost his job after the rally"
        return Trigger(token, "harassment", ("subject",), 0.7)
    if lemma in _PLOTTED_HARMS and token.pos_ == "VERB" and _plotted(token):
        # GUIDELINES.md: threats are harassment; a plot carried out would be its own event
        return Trigger(token, "harassment", ("object",), 0.75)
    return None


def _plotted(verb: Token) -> bool:
    """"a plot to kidnap", "conspired to kill": the words before the verb, whichever way the
    parser hangs the infinitive."""
    doc = verb.doc
    return verb.i >= 2 and doc[verb.i - 1].lower_ == "to" and (
        doc[verb.i - 2].lemma_.lower() in _PLOTS
    )
