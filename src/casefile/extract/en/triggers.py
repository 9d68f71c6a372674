"""Finding event triggers in an English parse: which word says what happened, and to whom.

A trigger is a verb ("was sentenced"), a noun ("his arrest"), or a fixed phrase
("found guilty", "house arrest"). For each we work out where its participant sits in
the parse: passive subject, active object, subject of an intransitive verb, "of X",
"X's", or the subject of a support verb ("X faces charges").
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from casefile.extract.en.agents import (
    REACTION_VERBS,
    done_by_the_state,
    private_accusation,
    taken_by_captors,
)
from casefile.extract.en.assertion import is_asserted
from casefile.extract.en.custody import custody_phrase, death_in_question
from casefile.extract.en.harassment import harassment_phrase
from casefile.extract.en.lexicon import (
    HUMAN_NOUNS,
    NOUN_TRIGGERS,
    SUBJECT_VERBS,
    SUPPORT_VERBS,
    VERB_TRIGGERS,
)
from casefile.extract.en.readings import (
    APPEAL_VERBS,
    act_as_ground,
    acts_on_verdict,
    as_qualifier,
    booked,
    case_ended,
    charge_as_ground,
    cleared_of_charges,
    denied_care,
    died_in_custody,
    ends_a_case,
    forced_out,
    freed,
    lemma_of,
    listed_by_name,
    names_the_term,
    not_guilty,
    numbered_case,
    opens_a_case,
    place_of_custody,
    says_dead,
    takes_a_passport,
)
from casefile.extract.en.voice import is_passive
from casefile.extract.en.wanted import wanted
from casefile.extract.events import Trigger, bans_a_thing, in_absentia

# Verbs that only mean persecution in the passive: "was tried", "was questioned".
_PASSIVE_ONLY = frozenset(
    {"try", "question", "free", "fire", "hang", "dismiss", "bar", "hold", "execute", "shoot",
     "beat", "summon", "jail", "imprison", "fine", "exile", "expel", "follow",
     "capture", "seize", "attack", "parole", "forbid", "prohibit", "kick", "punch"}
)
# Of those, the ones that say persecution in the active too once they have an object:
# "a court jailed X", "authorities fined X", "Iran executed X".
_ACTIVE_WITH_OBJECT = frozenset({"jail", "imprison", "execute", "fine", "exile"})
# Of those, the ones that say persecution in the active only when their object is a
# person: "police freed him", "guards beat her", not "the reform freed the market" or
# "the team beat its rivals".
_ACTIVE_WITH_A_PERSON = frozenset({"free", "beat", "parole", "kick", "punch"})
_DEATH_ONLY_WITH_DEAD = frozenset({"shoot"})
# GUIDELINES.md: a forced or televised confession is ill-treatment.
_FORCED = frozenset({"forced", "televised", "coerced", "extracted", "false"})
# What a travel ban stops: "prevented from leaving the country".
_TRAVEL = frozenset({"leave", "travel", "board", "exit", "fly", "depart", "cross"})


def verb_trigger(token: Token) -> Trigger | None:
    lemma = lemma_of(token)
    children = {c.dep_: c for c in token.children}
    guilty = [t for t in token.subtree if t.lower_ == "guilty"] if lemma == "find" else []
    if guilty:  # "found X guilty", "was found guilty of"; "found not guilty" acquits
        slot = "passive" if is_passive(token) else "object"
        verdict = "acquittal" if any(not_guilty(t) for t in guilty) else "conviction"
        return Trigger(token, verdict, (slot, "guilty_subject"), 0.9)
    if lemma in ("go", "be") and any(
        c.dep_ in ("acomp", "advmod", "attr", "advcl", "xcomp", "oprd") and c.lower_ == "missing"
        for c in token.children
    ) or token.lower_ == "missing" and token.dep_ == "ROOT" and "nsubj" in children:
        # "X went missing", "X has been missing since ..." (the parser's root "missing")
        return Trigger(token, "disappearance", ("subject",), 0.85)
    if acts_on_verdict(token):
        return Trigger(token, "appeal", ("owner",), 0.8)
    if takes_a_passport(token):
        return Trigger(token, "restriction", ("owner",), 0.8)
    if ends_a_case(token) and is_asserted(token):
        return Trigger(token, "acquittal", ("owner",), 0.8)
    if cleared_of_charges(token) and is_asserted(token):
        return Trigger(token, "acquittal", ("passive" if is_passive(token) else "object",), 0.8)
    if lemma == "deny" and any(
        c.lemma_.lower() in ("care", "treatment", "medication", "access")
        for c in token.subtree
    ):
        return Trigger(token, "ill_treatment", ("passive" if is_passive(token) else "object",),
                       0.75)
    if lemma in ("prevent", "stop", "block") and any(
        # "prevented from leaving the country", "stopped from boarding a flight": a travel
        # ban as GUIDELINES.md counts it
        c.dep_ == "prep" and c.lower_ == "from"
        and any(g.lemma_.lower() in _TRAVEL for g in c.children)
        for c in token.children
    ):
        return Trigger(token, "restriction", ("passive" if is_passive(token) else "object",),
                       0.75)
    if lemma in ("hand", "give", "impose", "mete") and (any(
        t.lemma_.lower() in ("sentence", "term", "imprisonment", "year") for t in token.subtree
    ) or any(
        # "given 15 days of administrative detention", "gave him the death penalty"; not
        # "given no reason for her detention"
        t.lemma_.lower() in ("detention", "penalty", "prison", "jail")
        and not any(a.lower_ == "for" for a in t.ancestors if a.i > token.i)
        for d in token.children if d.dep_ == "dobj" for t in d.subtree
    )):
        return Trigger(token, "sentence", ("recipient",), 0.8)
    if lemma in ("receive", "get") and any(
        # "received five years in prison", "got two years in a penal colony"; not "five
        # years of experience in prison reform"
        d.dep_ == "dobj" and d.lemma_.lower() in ("year", "month") and _in_custody(token, d)
        for d in token.children
    ):
        return Trigger(token, "sentence", ("subject",), 0.8)
    if lemma in SUBJECT_VERBS and "nsubj" in children:
        if lemma == "die" and not death_in_question(token):
            return None
        return Trigger(token, SUBJECT_VERBS[lemma], ("subject",), 0.85)
    if lemma not in VERB_TRIGGERS or token.pos_ not in ("VERB", "ADJ"):
        return None
    if lemma in _DEATH_ONLY_WITH_DEAD and not says_dead(token):
        return None
    if lemma == "hang" and token.lower_ == "hung":
        return Trigger(token, "ill_treatment", ("passive",), 0.8)  # "hanged" is an execution
    if lemma == "condemn" and not any(
        c.dep_ == "prep" and c.lower_ == "to" for c in token.children
    ):
        return None  # "condemned the arrest" is a protest, not a sentence
    passive = is_passive(token)
    if lemma in _PASSIVE_ONLY and not passive and not (
        lemma in _ACTIVE_WITH_OBJECT and any(c.dep_ == "dobj" for c in token.children)
        or lemma in _ACTIVE_WITH_A_PERSON and any(
            c.dep_ == "dobj" and _a_person_word(c) for c in token.children
        )
    ):
        return None
    if private_accusation(token):
        return None
    if VERB_TRIGGERS[lemma] == "search":  # "police searched X's flat", "X's home was raided"
        return Trigger(token, "search", ("passive" if passive else "object", "owner"), 0.85)
    kind = VERB_TRIGGERS[lemma]
    if kind == "arrest" and in_absentia(token):
        kind = "investigation"  # GUIDELINES.md: an arrest ordered in absentia
    if kind == "arrest" and taken_by_captors(token):
        kind = "disappearance"  # GUIDELINES.md: seized by gunmen, not by the state
    if kind == "disappearance" and done_by_the_state(token):
        kind = "arrest"  # GUIDELINES.md: seized by named state agents, "abducted by police"
    if kind == "restriction" and bans_a_thing(token):
        return None
    if passive:
        return Trigger(token, kind, ("passive",), 0.9)
    if kind == "sentence":  # "sentenced to two years ..., to X and Y"
        return Trigger(token, kind, ("object", "recipient"), 0.85)
    return Trigger(token, kind, ("object",), 0.85)


def _in_custody(verb: Token, term: Token) -> bool:
    """"(received) five years in prison": a place of custody after the term, on the term
    or on the verb."""
    return not any(p.lower_ == "of" for p in term.children) and any(
        p.dep_ == "prep" and p.lower_ in ("in", "behind") and any(
            g.dep_ == "pobj" and g.lemma_.lower() in (
                "prison", "jail", "colony", "imprisonment", "detention", "bar")
            for g in p.children)
        for p in (*term.children, *verb.children)
    )


def _a_person_word(token: Token) -> bool:
    """A personal pronoun, a proper name or a human noun ("him", "Tovas", "the activist")."""
    return (  # a name labelled an organisation may be a person's: who it is, is decided later
        token.tag_ == "PRP" and token.lower_ not in ("it", "itself")
        or token.tag_ in ("NNP", "NNPS") and token.ent_type_ not in ("GPE", "LOC")
        or token.lemma_.lower() in HUMAN_NOUNS
    )


def noun_trigger(token: Token) -> Trigger | None:
    lemma = lemma_of(token)  # "re-arrest" is an arrest
    if token.pos_ not in ("NOUN", "PROPN") or lemma not in NOUN_TRIGGERS:
        return None
    kind = NOUN_TRIGGERS[lemma]
    compounds = {c.lower_ for c in token.children if c.dep_ in ("compound", "amod")}
    if lemma == "arrest" and "house" in compounds:
        kind = "restriction"
    if lemma in ("confinement",) and "solitary" in compounds:
        kind = "ill_treatment"
    if kind == "death" and (token.head.lemma_.lower() == "attempt" or any(
        c.lemma_.lower() == "attempt" for c in token.children
    )):
        return None  # "an assassination attempt" is ill-treatment, see phrase_trigger
    if kind == "arrest" and token.dep_ == "pobj" and token.head.lower_ == "from":
        return None  # "released from detention"
    if any(c.lower_ in ("pending", "awaiting") for c in token.children) or (
        token.head.lower_ in ("pending", "awaiting")
    ):
        return None  # "pending trial": not yet
    if kind in ("arrest", "death") and names_the_term(token):
        return None
    qualified = as_qualifier(token, kind)  # "death threats", "an arrest warrant"
    if qualified is None:
        return None
    kind = qualified
    if lemma == "charge" and token.tag_ != "NNS" and token.head.lemma_ != "face":
        return None  # "in charge of", "free of charge"
    if (kind == "charge" and charge_as_ground(token)) or case_ended(token):
        return None
    if lemma in ("sentence", "conviction") and token.dep_ in ("nsubjpass", "dobj") and (
        token.head.lemma_.lower() in APPEAL_VERBS
    ) and is_asserted(token.head):
        # "his sentence was upheld" is the appeal, not a new sentence; but in "X's
        # conviction must be overturned" the conviction is the fact and the appeal a wish
        return None
    if act_as_ground(token, kind):  # "accused of the murder of Y": Y's, not the accused's
        return Trigger(token, kind, ("of", "possessor"), 0.7)
    if kind == "appeal" and token.head.lemma_.lower() in ("withdraw", "drop") and (
        token.dep_ in ("dobj", "nsubjpass")
    ):
        return None  # an appeal withdrawn is never heard (GUIDELINES.md: heard, rejected, upheld)
    if kind == "appeal":  # "rejected an appeal by X": the appellant
        return Trigger(token, kind, ("of", "possessor", "support", "host", "by", "appellant"),
                       0.7)
    return Trigger(token, kind, ("of", "possessor", "support", "host", "named_in"), 0.7)


def phrase_trigger(token: Token) -> Trigger | None:
    """Fixed phrases the word lists cannot express."""
    listed = wanted(token) or harassment_phrase(token)
    if listed is not None:
        return listed
    lower = token.lower_
    if lower == "confinement" and any(c.lower_ == "solitary" for c in token.children):
        return Trigger(token, "ill_treatment", ("of", "possessor", "support"), 0.7)
    if token.lemma_.lower() == "cell" and any(
        c.lower_ in ("punishment", "isolation", "disciplinary") for c in token.children
    ):  # GUIDELINES.md: held in a punishment cell is ill-treatment
        return Trigger(token, "ill_treatment", ("of", "possessor", "support"), 0.7)
    if lower == "ban" and any(c.lower_ in ("travel", "on") for c in token.children):
        return Trigger(token, "restriction", ("of", "possessor", "support"), 0.7)
    if lower == "attempt" and any(
        c.lemma_.lower() in ("assassination", "murder", "life", "poisoning") for c in token.subtree
    ):
        return Trigger(token, "ill_treatment", ("of", "possessor", "support"), 0.75)
    if lower == "exile" and token.dep_ == "pobj" and token.head.lower_ == "into":
        return Trigger(token, "restriction", ("support",), 0.75)
    if lower in ("control", "supervision") and any(
        c.lower_ in ("judicial", "police", "administrative") for c in token.children
    ):
        return Trigger(token, "restriction", ("support",), 0.75)
    if token.lemma_.lower() in ("deprive", "strip") and is_passive(token) and any(
        c.dep_ == "prep" and c.lower_ == "of" for c in token.children
    ):
        return Trigger(token, "restriction", ("passive",), 0.8)
    taken = custody_phrase(token)
    if taken is not None:
        return taken
    if lower == "whereabouts" and any(
        t.lower_ == "unknown" for t in token.head.subtree
    ):  # "his whereabouts are unknown", "the whereabouts of X remain unknown"
        return Trigger(token, "disappearance", ("possessor", "of"), 0.8)
    if place_of_custody(token):
        verb = token.head.head
        if token.head.lower_ in ("in", "into", "behind") and verb.lemma_.lower() in (
            "remain", "spend", "hold", "keep", "languish", "be", "take", "place", "put", "send",
            "throw",
        ):
            slot = "passive" if is_passive(verb) else "subject"
            if verb.lemma_.lower() in ("take", "place", "put", "send", "throw", "keep", "hold"):
                slot = "passive" if is_passive(verb) else "object"
            return Trigger(verb, "arrest", (slot,), 0.75)
        if died_in_custody(token):  # the death is the verb's; the custody the noun's
            return Trigger(token, "arrest", ("support",), 0.7)
    if lower == "confession" and any(
        c.lower_ in _FORCED for c in token.children if c.dep_ in ("amod", "compound")
    ):
        return Trigger(token, "ill_treatment", ("of", "possessor", "support"), 0.75)
    if token.lemma_.lower() == "force" and is_passive(token) and any(
        c.dep_ == "xcomp" and (c.lemma_.lower() == "confess" or any(
            g.dep_ == "dobj" and g.lemma_.lower() == "confession" for g in c.children))
        for c in token.children
    ):
        return Trigger(token, "ill_treatment", ("passive",), 0.8)  # "forced to confess"
    if forced_out(token):
        return Trigger(token, "restriction", ("passive" if is_passive(token) else "subject",),
                       0.75)
    if denied_care(token):  # "died due to the denial of medical care": the clause's subject
        return Trigger(token, "ill_treatment", ("possessor", "of", "clause"), 0.75)
    if freed(token):  # "X walked free", "was set free"; active "set X free": the object
        slot = "passive" if is_passive(token) else (
            "object" if token.lemma_.lower() == "set" else "subject")
        return Trigger(token, "release", (slot,), 0.8)
    if listed_by_name(token):
        return Trigger(token, "designation", ("object", "passive"), 0.8)
    if opens_a_case(token):
        return Trigger(token, "investigation", ("of", "verb_against"), 0.75)
    if numbered_case(token):
        return Trigger(token, "investigation", ("clause",), 0.7)
    if booked(token):
        return Trigger(token, "investigation", ("passive",), 0.75)
    if lower == "trial" and token.head.lemma_.lower() in ("stand", "put", "go"):
        return Trigger(token, "trial", ("support",), 0.8)
    return None


def find_triggers(tokens: Iterable[Token]) -> list[Trigger]:
    found: dict[int, Trigger] = {}
    for token in tokens:
        trigger = phrase_trigger(token) or verb_trigger(token) or noun_trigger(token)
        if trigger is not None and trigger.token.i not in found and is_asserted(trigger.token):
            found[trigger.token.i] = trigger
    return list(found.values())


def support_subject(token: Token) -> Token | None:
    """"X faces charges", "X received a sentence": the subject of the verb above a noun."""
    head = token.head
    while head.dep_ in ("prep", "pobj", "dobj", "attr", "compound", "acomp", "oprd") and (
        head.head.i != head.i
    ):
        if head.pos_ == "VERB":
            break
        head = head.head
    if head.lemma_.lower() in REACTION_VERBS:
        return None  # "X condemned the arrests": X speaks of them
    if head.lemma_.lower() in SUPPORT_VERBS or head.pos_ in ("VERB", "AUX"):
        for child in head.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
        if head.dep_ == "xcomp":  # "ordered X to pay a fine", "X was ordered to pay a fine"
            controllers = {c.dep_: c for c in reversed(list(head.head.children))}  # the first
            controller = controllers.get("dobj") or controllers.get("nsubjpass")
            if controller is not None:
                return controller
        # "X remain in detention and face charges"; the parser reads "face trumped up
        # charges" as a clause of "trumped", which is an adjective here
        if head.dep_ == "conj" or (head.dep_ == "advcl" and head.lemma_.lower() == "trump"):
            for child in head.head.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    return child
    return None
