"""Trigger words for the candidate generator, by lemma: the rules' lexicons and more.

Wider than the rules' lists on purpose (recall): a word may signal several types ("prison":
an arrest or a sentence), and the model learns from the gold which it was.
"""

from __future__ import annotations

from itertools import islice

from spacy.tokens import Token

from casefile.extract.en import lexicon as en_lexicon
from casefile.extract.en.custody import custody_phrase
from casefile.extract.en.harassment import harassment_phrase
from casefile.extract.en.readings import (
    acts_on_verdict,
    as_qualifier,
    bail_refused,
    behind_bars,
    booked,
    case_ended,
    charge_as_ground,
    cleared_of_charges,
    custody_ended,
    custody_verb,
    denied_care,
    ends_a_case,
    forced_out,
    freed,
    lemma_of,
    names_the_term,
    not_guilty,
    numbered_case,
    says_dead,
    takes_a_passport,
    upheld_verdict,
)
from casefile.extract.events import bans_a_thing, in_absentia, punishment_cell
from casefile.extract.ru import lexicon as ru_lexicon
from casefile.learn.pairings import names_people, patients_of


def _types(table: dict[str, str]) -> dict[str, tuple[str, ...]]:
    return {word: (kind,) for word, kind in table.items()}


# Further Russian words for events the rules' lexicons leave to context («N суток ареста»,
# «по версии следствия», «оправдывал»): candidates only, the model decides. (The same
# for English measured no better out of fold.)
_RU_WIDER: dict[str, tuple[str, ...]] = {
    "покушение": ("ill_treatment",),
    "угроза": ("harassment",),
    "оправдывать": ("acquittal",),
    "подписка": ("restriction",),
    "сутки": ("sentence", "arrest"),
    "арест": ("arrest", "sentence"),
    "исчезнуть": ("disappearance",),
    "мучить": ("ill_treatment",),
    "сажать": ("arrest", "ill_treatment"),
    "посадить": ("arrest", "sentence"),
    "версия": ("charge",),
    "следствие": ("investigation", "charge"),
    "обвиняться": ("charge",),
    "расследование": ("investigation",),
    "апелляционный": ("appeal",),
    "жалоба": ("appeal",),
    "увезти": ("arrest",),
    "увести": ("arrest", "disappearance"),
    "погибнуть": ("death",),
    "обращаться": ("ill_treatment",),
    "преследование": ("investigation",),  # «уголовное преследование» (GUIDELINES.md)
    "отбытие": ("release",),
    "изъять": ("search",),
    "шизо": ("ill_treatment",),
    "карцер": ("ill_treatment",),
}
# Further English words, from the guidelines' own wording of each type ("denied medical
# care", "solitary confinement", "a rescue, escape or ransom release ends it", "seizure by
# named state agents ... is arrest", "a forced confession"): candidates only.
_EN_WIDER: dict[str, tuple[str, ...]] = {
    "solitary": ("ill_treatment",),
    "incommunicado": ("ill_treatment", "disappearance"),
    "deny": ("ill_treatment",),
    "confession": ("ill_treatment",),
    "attack": ("ill_treatment",),
    "injure": ("ill_treatment",),
    "wound": ("ill_treatment",),
    "shoot": ("death", "ill_treatment"),
    "slay": ("death",),
    "dead": ("death",),
    "kidnap": ("disappearance", "arrest"),
    "abduct": ("disappearance", "arrest"),
    "abduction": ("disappearance", "arrest"),
    "hostage": ("disappearance",),
    "captive": ("disappearance",),
    "rescue": ("release",),
    "escape": ("release",),
    "ransom": ("release",),
    "persecution": ("harassment",),
    "defame": ("harassment",),
    "revoke": ("restriction",),
    "disbar": ("restriction",),
    "extradition": ("trial",),
    # words the gold's evidence of train/ and hrdsattack-train states its events with that
    # no list above had, each of the guidelines' own types: candidates only
    "slain": ("death",),
    "behead": ("death",),
    "stab": ("ill_treatment", "death"),
    "drag": ("ill_treatment", "arrest"),  # "dragged by her hair", "dragged into a van"
    "seize": ("search",),
    "confiscate": ("search",),
    "snatch": ("disappearance", "arrest"),
    "kidnapping": ("disappearance", "arrest"),
    "unaccounted": ("disappearance",),
    "undisclosed": ("disappearance",),
}
# Trigger words by lemma, each with the types it may signal; where the rules' lexicons
# are too narrow for recall (a verdict noun may be a conviction or a sentence), more.
_EN_TRIGGERS: dict[str, tuple[str, ...]] = {
    **_types(en_lexicon.NOUN_TRIGGERS),
    **_types(en_lexicon.VERB_TRIGGERS),
    **_types(en_lexicon.SUBJECT_VERBS),
    "guilty": ("conviction",),
    "verdict": ("conviction", "sentence"),
    "jail": ("arrest", "sentence"),
    "imprison": ("arrest", "sentence"),
    "prison": ("arrest", "sentence"),
    "prisoner": ("arrest",),
    "detainee": ("arrest",),
    "term": ("sentence",),
    "serve": ("sentence", "release"),
    "summons": ("investigation",),
    "suspect": ("investigation",),
    "case": ("investigation",),
    "fugitive": ("investigation",),
    "wanted": ("investigation",),
    "warrant": ("investigation",),
    "mistreatment": ("ill_treatment",),
    "ill-treatment": ("ill_treatment",),
    "torture": ("ill_treatment",),
    # "drop" and "proceeding" tell an acquittal only with each other or another case noun
    # ("the charges were dropped", `ends_a_case`); alone, "dropped out", "drop in numbers"
    "proceeding": ("investigation",),
    "nationality": ("restriction",),
    "citizenship": ("restriction",),
    "strip": ("restriction",),
    "deprive": ("restriction",),
    "ban": ("restriction",),
    "agent": ("restriction",),
    "missing": ("disappearance",),
    "whereabouts": ("disappearance",),
    "kill": ("death",),
    "court": ("trial",),
    "freed": ("release",),
    "bail": ("release",),
    "exile": ("restriction",),
    "harass": ("harassment",),
    **_EN_WIDER,
}
_RU_TRIGGERS: dict[str, tuple[str, ...]] = {
    **_types(ru_lexicon.NOUN_TRIGGERS),
    **_types(ru_lexicon.VERB_TRIGGERS),
    "виновный": ("conviction",),
    "обвинять": ("charge",),
    "обвиняемый": ("charge",),
    "вменять": ("charge",),
    "вменить": ("charge",),
    "задерживать": ("arrest",),
    "задержанный": ("arrest",),
    "арестовывать": ("arrest",),
    "арестованный": ("arrest",),
    "осуждённый": ("sentence",),
    "осужденный": ("sentence",),
    "приговорённый": ("sentence",),
    "дело": ("investigation", "trial"),
    "фигурант": ("investigation",),
    "подозреваемый": ("investigation",),
    "подозревать": ("investigation",),
    "следствие": ("investigation",),
    "допрос": ("investigation",),
    "допросить": ("investigation",),
    "стража": ("arrest",),
    "сизо": ("arrest",),
    "заключение": ("arrest", "sentence"),
    "колония": ("sentence",),
    "срок": ("sentence",),
    "наказание": ("sentence",),
    "лишение": ("sentence", "restriction"),
    "обыск": ("search",),
    "домашний": ("restriction",),
    "запрет": ("restriction",),
    "реестр": ("restriction",),
    "иноагент": ("restriction",),
    "агент": ("restriction",),
    "список": ("restriction",),
    "заседание": ("trial",),
    "слушание": ("trial",),
    "обвинительный": ("conviction",),
    "выйти": ("release",),
    "освобождать": ("release",),
    "свобода": ("release",),
    "пропасть": ("disappearance",),
    **_RU_WIDER,
}
# Words that point at several people: "the four", "the journalists", "они", "каждому".
EN_GROUP_NOUNS = en_lexicon.PEOPLE_NOUNS | {"both", "all", "each", "four", "three", "two"}
RU_GROUP_NOUNS = ru_lexicon.PEOPLE_NOUNS | {"каждый", "все", "оба", "обе"}
EN_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})
EN_PLURAL = frozenset({"they", "them", "their"})
RU_PRONOUNS = {"он": "m", "она": "f"}
RU_PLURAL = frozenset({"они"})
# How many sentences away a reference to the person may be and still make a candidate.
WINDOW = 2


# «лишение свободы» is a prison term, not a «лишение» of a right; «свобода» in it, or in
# «свобода слова», is no release.
_RU_DEPRIVE = frozenset({"лишение", "лишить", "лишать"})
_RU_LIBERTY_TAKEN = frozenset({"лишение", "ограничение"})
_RU_FREEDOMS_OF = frozenset({"слово", "совесть", "собрание", "вероисповедание", "выражение",
                             "пресса", "мысль", "передвижение"})


def _ru_liberty_phrase(token: Token, lemma: str) -> tuple[str, ...] | None:
    """The types of «лишение» / «свобода» where the phrase decides them, else None."""
    if lemma in _RU_DEPRIVE and any(c.lemma_.lower() == "свобода" for c in token.children):
        return ("sentence",)
    if lemma == "свобода" and (
        token.head.lemma_.lower() in _RU_LIBERTY_TAKEN
        or any(c.lemma_.lower() in _RU_FREEDOMS_OF for c in token.children)
    ):
        return ()
    return None


def _ru_no_case(token: Token) -> bool:
    """«на самом деле» ("in fact") and «согласно материалам дела» ("the case file says"):
    «дело» as an idiom or as a source, not a case stated about a person."""
    return (any(c.lemma_.lower() == "сам" for c in token.children)
            or token.head.lemma_.lower() == "материал")


# Verbs whose «к N суткам ареста» is the penalty they impose (an administrative arrest is a
# `sentence`, GUIDELINES.md), not a custody of its own.
_RU_PENALISING = frozenset({"приговорить", "приговаривать", "осудить", "назначить",
                            "арестовать"})


def _ru_cell_or_term(token: Token, lemma: str) -> tuple[str, ...] | None:
    """«водворили в ШИЗО»: a punishment cell, ill-treatment (and its «на 10 суток» no
    sentence); «приговорил к 15 суткам ареста»: the arrest is the sentence's term."""
    if token.pos_ in ("VERB", "AUX") and any(punishment_cell(c) for c in token.children):
        return ("ill_treatment",)
    if lemma == "арестовать" and any(c.lemma_.lower() == "сутки" for c in token.children):
        return ("sentence",)  # «арестовали на 15 суток»: an administrative arrest
    if lemma in ("сутки", "арест"):
        host = next((a for a in islice(token.ancestors, 3) if a.pos_ in ("VERB", "AUX")), None)
        if host is not None and any(punishment_cell(c) for c in host.children):
            return ()
        if host is not None and host.lemma_.lower() in _RU_PENALISING:
            return ("sentence",)
    return None


# Verbs that open a case against someone: "a case was opened against X", "filed a case".
_CASE_OPENED = frozenset({"open", "reopen", "file", "register", "launch", "bring", "initiate",
                          "lodge", "institute", "fabricate"})


def _a_persons_story(case: Token) -> bool:
    """"The case of X was described as shameful", "the case for X to be freed": "case" as
    the matter of a person, not a case opened against them ("a criminal case", "the case
    was opened")."""
    return any(c.dep_ == "prep" and c.lower_ in ("of", "for") for c in case.children) and not (
        any(c.dep_ in ("amod", "compound", "nummod") for c in case.children)
        or case.head.lemma_.lower() in _CASE_OPENED
    )


_SITUATION_DETERMINERS = frozenset({"any", "that", "this", "which", "either", "each", "such",
                                    "every", "no"})


def _case_as_a_situation(case: Token) -> bool:
    """English idioms in which "case" is a situation or an argument, not a legal case:
    "a case in point", "in any case", "in case", "as is the case", "made the case for" (but
    "made a case against X" is one built against X)."""
    if any(c.dep_ == "prep" and c.lower_ == "in"
           and any(g.lower_ == "point" for g in c.children) for c in case.children):
        return True
    if case.dep_ == "pobj" and case.head.lower_ == "in" and (
            not any(c.dep_ == "det" for c in case.children)
            or any(c.lower_ in _SITUATION_DETERMINERS for c in case.children)):
        return True
    if case.head.lemma_.lower() == "be" and any(c.lower_ == "as" for c in case.head.children):
        return True
    return (case.dep_ == "dobj" and case.head.lemma_.lower() == "make"
            and not any(c.lower_ == "against" for c in (*case.children, *case.head.children)))


def _done_to_a_thing(token: Token) -> bool:
    """"The group released a video", "a statement released by her lawyer", "the car was
    released to him", "she held a press conference", "he held the post of editor": what
    is released or held is a thing, not a person."""
    patients = patients_of(token, "en")
    return bool(patients) and all(
        p.pos_ == "NOUN" and p.ent_type_ != "PERSON" and not names_people(p)
        for p in patients
    )


def _served(token: Token) -> tuple[str, ...]:
    """"Served as a sniper", "served in the police": no penalty; "is serving a five-year
    sentence", "ordered to serve": a sentence under way or to come; "has served two
    years", "served his term": a sentence, and its end, a release."""
    if not any(c.dep_ in ("dobj", "obj", "npadvmod") for c in token.children):
        return ()
    if token.tag_ in ("VBG", "VB"):
        return ("sentence",)
    return ("sentence", "release")


def _subjected_to(token: Token) -> tuple[str, ...]:
    """"Subjected to electric shocks", "to sleep deprivation": ill-treatment whatever the
    words; "subjected to torture" or "to criminal prosecution" is left to its own noun."""
    done = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "to"
            for g in c.children if g.dep_ == "pobj"]
    if not done or any(trigger_types(g, "en") for g in done):
        return ()
    return ("ill_treatment",)


def _without(found: tuple[str, ...], *kinds: str) -> tuple[str, ...]:
    return tuple(kind for kind in found if kind not in kinds)


# Trigger words that still tell of custody or a trial inside a name ("held in Evin
# Prison", "the Moscow City Court", "the Meerut Trial").
_NAMED_PLACES_OF_CUSTODY_OR_TRIAL = frozenset(
    {"court", "tribunal", "prison", "jail", "colony", "detention", "trial"}
)


def _in_a_name(token: Token) -> bool:
    """An English trigger word inside the name of an organisation or a place: "Amnesty
    International", "Radio Free Asia", "the Gaza Strip", "the Court of Appeal", "the
    Public Prosecution Service" propose nothing for the persons beside them."""
    return (token.pos_ == "PROPN" and token.ent_type_ in ("ORG", "GPE", "LOC", "FAC")
            and token.lemma_.lower() not in _NAMED_PLACES_OF_CUSTODY_OR_TRIAL)


def trigger_types(token: Token, language: str) -> tuple[str, ...]:
    lemma = token.lemma_.lower()
    if language == "ru":
        if lemma in ru_lexicon.IN_CUSTODY_ONLY and not (
            {t.lemma_.lower() for t in token.subtree} & ru_lexicon.CUSTODY_NOUNS
        ):
            return ()  # as the rules read it: "умер в 2019 году" is no death in custody
        if lemma == "дело" and _ru_no_case(token):
            return ()
        phrase = _ru_liberty_phrase(token, lemma)
        if phrase is None:
            phrase = _ru_cell_or_term(token, lemma)
        if phrase is not None:
            return phrase
        found = _RU_TRIGGERS.get(lemma, ())
        if "arrest" in found and in_absentia(token):
            return ("investigation",)
        if "restriction" in found and bans_a_thing(token):
            return _without(found, "restriction")
        if not found and token.pos_ in ("VERB", "AUX"):
            for child in token.children:
                pair = ru_lexicon.VERB_NOUN_TRIGGERS.get((lemma, child.lemma_.lower()))
                if pair:
                    return (pair,)
        return found
    if token.pos_ not in ("VERB", "NOUN", "ADJ", "PROPN", "AUX"):
        return ()
    if _in_a_name(token):
        return ()
    reading = harassment_phrase(token) or custody_phrase(token)
    if reading is not None:  # "a plot to kidnap X" is harassment, "let X go" a release
        return (reading.type,)
    lemma = lemma_of(token)  # "fined" is "fin" to the small model's lemmatiser
    found = _EN_TRIGGERS.get(lemma) or _EN_TRIGGERS.get(token.lower_, ())
    if token.lower_ == "wanted" and any(c.dep_ in ("xcomp", "ccomp") for c in token.children):
        return ()  # "the government wanted to prosecute him": a wish, not a wanted list
    if lemma == "case" and (_a_persons_story(token) or _case_as_a_situation(token)):
        return ()
    if lemma == "serve":
        return _served(token)
    if lemma == "subject" and token.pos_ == "VERB":
        return _subjected_to(token)
    if lemma == "guilty" and not_guilty(token):
        return ("acquittal",) if token.head.lemma_.lower() == "find" else ()
    if lemma == "agent" and not any(t.lower_ == "foreign" for t in token.subtree):
        return ()  # a "foreign agent" is listed; "security agents" and "FBI agents" list no one
    if lemma == "trial" and (token.head.lower_ == "pending"
                             or any(c.lower_ == "pending" for c in token.children)):
        return ()  # "detained pending trial"
    if "release" in found and _done_to_a_thing(token):
        return _without(found, "release")
    if "arrest" in found and lemma == "hold" and _done_to_a_thing(token):
        return _without(found, "arrest")
    if not found and acts_on_verdict(token):
        return ("appeal",)
    if ends_a_case(token) or cleared_of_charges(token):
        return ("acquittal",)
    if case_ended(token):
        return ()
    if lemma == "arrest" and any(c.lower_ == "house" for c in token.children):
        return ("restriction",)
    if "arrest" in found and in_absentia(token):
        return ("investigation",)
    if "charge" in found and charge_as_ground(token):
        return _without(found, "charge")
    if "restriction" in found and bans_a_thing(token):
        return _without(found, "restriction")
    if {"arrest", "death"} & set(found) and token.pos_ == "NOUN" and names_the_term(token):
        return _without(found, "arrest", "death")
    if token.pos_ == "NOUN":  # "death threats", "an arrest warrant"
        found = tuple(k for k in (as_qualifier(token, kind) for kind in found) if k)
    if takes_a_passport(token) or forced_out(token):
        return ("restriction",)
    if freed(token):
        return ("release",)
    if denied_care(token):
        return ("ill_treatment",)
    if numbered_case(token) or booked(token):
        return ("investigation",)
    if bail_refused(token) or behind_bars(token):
        return ("arrest",)
    if token.pos_ == "NOUN" and upheld_verdict(token):
        return _without(found, "conviction", "sentence")
    if lemma == "shoot" and says_dead(token):
        return ("death",)  # "shot dead": a killing, not a wounding
    if lemma == "shoot" and any(c.lemma_.lower() in ("wound", "injure") for c in token.children):
        return ("ill_treatment",)  # "shot and wounded"
    if lemma in ("jail", "imprison") and any(
        g.lemma_.lower() in ("year", "month") for c in token.children
        if c.dep_ == "prep" and c.lower_ == "for" for g in c.children
    ):
        return ("sentence",)  # "jailed for six years" is the sentence itself
    if "arrest" in found and custody_ended(custody_verb(token)):  # "spent two days in jail"
        return (*found, "release")
    return found
