"""Who acted, in English: the agent of an event decides how it reads.

Taken by the police it is an arrest, by gunmen a disappearance (GUIDELINES.md); accused
by prosecutors it is a charge, by a critic or of the state it is none; and whoever
condemns or reports an event is no participant in it.
"""

from __future__ import annotations

from spacy.tokens import Token

from casefile.extract.en.lexicon import FORCE_NOUNS, NON_STATE_CAPTORS, UNNAMED_CAPTOR_WORDS
from casefile.extract.en.names import OFFICIAL_TITLES
from casefile.extract.en.voice import is_passive

# Who may accuse without it being a charge: critics, not the state.
_PRIVATE_ACCUSERS = frozenset(
    {"protester", "critic", "activist", "opposition", "who", "rival", "people", "campaigner",
     "group", "observer", "lawyer", "family", "relative", "supporter", "journalist"}
)
# The state's bodies: whom critics accuse (not a person it charges), and who may take a
# person into custody.
_STATE_BODIES = frozenset({"authority", "government", "police", "regime", "state", "army",
                            "military", "junta", "ministry", "official", "force"})
# The nouns of FORCE_NOUNS that name the state's own agents ("officer", "police"), not
# captors of no state ("gunman", "kidnapper").
_STATE_FORCES = FORCE_NOUNS - NON_STATE_CAPTORS
# Verbs by which others react to an event: their subject is not its participant.
REACTION_VERBS = frozenset({"condemn", "denounce", "criticise", "criticize", "deplore",
                            "decry", "protest", "welcome", "slam", "document", "report",
                            "note", "mourn"})


def agents(verb: Token) -> list[Token]:
    """Who did it: the "by" phrase of a passive, or the subject of an active verb; for a
    verb with neither joined to one before it, that verb's ("abducted by gunmen and held
    for nine days")."""
    found = [g for a in verb.children if a.dep_ == "agent" for g in a.children
             if g.dep_ == "pobj"] + [c for c in verb.children if c.dep_ == "nsubj"]
    if not found and verb.dep_ == "conj" and verb.head.pos_ == "VERB" and not any(
        c.dep_ == "nsubjpass" for c in verb.children
    ):
        return agents(verb.head)
    return found


def taken_by_the_state(verb: Token) -> bool:
    """The one who took a person is the police, an officer or a state body ("taken away
    by police", "security forces took him away"), not gunmen or unknown men."""
    found = agents(verb)
    if found and taken_by_captors(verb):
        return False
    words = [t for a in found for t in a.subtree] if found else list(verb.subtree)
    return any(  # without an agent: "taken away in a police van"
        t.lemma_.lower() in _STATE_FORCES
        or t.lower_ in ("security", "forces", "enforcement")
        or (t in found and (t.ent_type_ == "ORG" or t.lemma_.lower() in _STATE_BODIES))
        for t in words
    )


def done_by_the_state(verb: Token) -> bool:
    """An agent is named, and it is the state's: "abducted by the authorities", "targeted
    by the regime", "security forces abducted X"."""
    return bool(agents(verb)) and taken_by_the_state(verb)


def taken_by_captors(verb: Token) -> bool:
    """"held by unknown gunmen", "kidnappers seized him": captors of no state.

    "Armed" and "masked" describe the state's own agents as often ("armed police
    officers", "masked plainclothes police"): with a noun of the state's forces they name
    no unknown captors, and the seizure stays an arrest. "Unknown" and "unidentified"
    agents still do: the state does not own them."""
    return any(
        a.lemma_.lower() in NON_STATE_CAPTORS or any(
            c.lower_ in UNNAMED_CAPTOR_WORDS
            and not (c.lower_ in _DESCRIPTIVE_CAPTOR_WORDS and _of_the_state(a))
            for c in a.children if c.dep_ in ("amod", "compound"))
        for a in agents(verb)
    )


_DESCRIPTIVE_CAPTOR_WORDS = frozenset({"armed", "masked"})
_STATE_WORDS = _STATE_FORCES | _STATE_BODIES


def _of_the_state(agent: Token) -> bool:
    """"officers", "police", "security agents", "the SSS officials": a noun of the state's
    forces, or one a word of them qualifies."""
    return any(t.lemma_.lower() in _STATE_WORDS for t in (
        agent, *(c for c in agent.children if c.dep_ in ("compound", "amod"))))


def private_accusation(token: Token) -> bool:
    """"Protesters who accuse the mayor of fraud", "X, an opposition lawmaker, accused
    them of ...", "he accused the authorities of torture": an accusation by critics, or
    of the state, is no criminal charge."""
    if token.lemma_.lower() != "accuse" or is_passive(token):
        return False
    return any(
        c.dep_ == "nsubj" and _a_private_accuser(c) or c.dep_ == "dobj"
        and c.lemma_.lower() in _STATE_BODIES
        for c in token.children
    )


def _a_private_accuser(subject: Token) -> bool:
    """A critic, a speaker ("he", "we") or a person named without a title of office."""
    if subject.lemma_.lower() in _PRIVATE_ACCUSERS or subject.lower_ in ("he", "she", "we", "i"):
        return True
    return subject.ent_type_ == "PERSON" and subject.pos_ == "PROPN" and not any(
        t.lower_ in OFFICIAL_TITLES for t in subject.subtree
    )
