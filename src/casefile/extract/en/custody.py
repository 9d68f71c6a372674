"""Phrases of being taken, freed or found, in English: "taken away", "picked up",
"granted bail", "let X go", "escaped from captivity", "found dead", "the body of X was
found", and whether "X died" is told as a death the records keep. Who took a person
decides between an arrest and a disappearance (`agents.py`, GUIDELINES.md)."""

from __future__ import annotations

from spacy.tokens import Token

from casefile.extract.en.agents import taken_by_captors, taken_by_the_state
from casefile.extract.en.voice import is_passive
from casefile.extract.events import Trigger

# What is granted to a person in custody that frees them: "was granted bail", "granted
# X a pardon".
_GRANTED_RELEASES = frozenset({"bail", "pardon", "amnesty", "parole", "release"})
# Where one escapes from when the escape ends a custody or a captivity (GUIDELINES.md: a
# rescue or an escape ends a disappearance as a release); not "escaped an attack".
_CAPTIVITIES = frozenset({"captivity", "custody", "prison", "jail", "detention", "captor",
                          "kidnapper", "abductor", "cell", "camp"})


def custody_phrase(token: Token) -> Trigger | None:
    """The event a phrase of custody, release or death at `token` tells, if any."""
    lemma = token.lemma_.lower()
    slot = "passive" if lemma in ("take", "pick", "find") and is_passive(token) else "object"
    if lemma == "take" and token.pos_ == "VERB" and any(
        c.dep_ in ("prt", "advmod") and c.lower_ == "away" for c in token.children
    ):
        # GUIDELINES.md: taken away by unknown men is a disappearance; by the police, an
        # arrest
        kind = "arrest" if taken_by_the_state(token) else "disappearance"
        return Trigger(token, kind, (slot,), 0.75)
    if lemma == "grant" and any(
        c.dep_ == "dobj" and c.lemma_.lower() in _GRANTED_RELEASES for c in token.children
    ):  # GUIDELINES.md: freed on bail, pardoned, amnestied
        return Trigger(token, "release", ("recipient", "granted"), 0.8)
    if lemma == "let" and any(c.dep_ in ("ccomp", "xcomp") and c.lemma_.lower() == "go"
                              for c in token.children):
        # "the guards let X go": the subject of the clause "X go"
        return Trigger(token, "release", ("declared",), 0.75)
    if lemma == "escape" and token.pos_ == "VERB" and any(
        c.dep_ == "prep" and c.lower_ == "from" and any(
            g.lemma_.lower() in _CAPTIVITIES for g in c.children if g.dep_ == "pobj")
        for c in token.children
    ):
        return Trigger(token, "release", ("subject",), 0.75)
    if lemma == "pick" and token.pos_ == "VERB" and any(
        c.dep_ == "prt" and c.lower_ == "up" for c in token.children
    ):
        # "picked up by police" an arrest, "by unknown men" a disappearance; "picked up by
        # his brother" neither
        if taken_by_captors(token):
            return Trigger(token, "disappearance", (slot,), 0.75)
        if taken_by_the_state(token):
            return Trigger(token, "arrest", (slot,), 0.75)
        return None
    if lemma == "find" and any(
        c.lower_ == "dead" for c in token.children if c.dep_ in ("oprd", "acomp", "ccomp")
    ):  # "was found dead in his cell", "police found X dead"
        return Trigger(token, "death", (slot,), 0.8)
    if token.lower_ == "body" and token.dep_ in ("nsubjpass", "dobj") and (
        token.head.lemma_.lower() in ("find", "discover", "recover", "dump", "return", "exhume")
    ):  # "the body of X was found", "X's body was recovered"
        return Trigger(token, "death", ("of", "possessor"), 0.75)
    return None


# What makes "X died" a death the records keep (GUIDELINES.md: died in custody or was
# killed): custody, harm, neglect, or a death the text questions. "Died aged 77 in
# London" or "died in poverty" is none.
_DEATH_CONTEXTS = frozenset({
    "custody", "detention", "prison", "jail", "cell", "guard", "camp", "colony", "captivity",
    "detain", "arrest", "imprison", "hold", "torture", "beat", "beating", "injury",
    "wound", "shoot", "shot", "attack", "stab", "kill", "murder", "poison", "assault",
    "hunger", "neglect", "medical", "treatment", "care", "circumstance", "suspicious",
    "mysterious", "unclear", "police", "soldier", "officer", "execution", "abuse",
})


def death_in_question(verb: Token) -> bool:
    """Whether "X died" at `verb` is told with custody, harm, neglect or doubt in its
    sentence; a natural death is left to the model."""
    return any(t.lemma_.lower() in _DEATH_CONTEXTS or t.lower_ in _DEATH_CONTEXTS
               for t in verb.sent if t.i != verb.i)

