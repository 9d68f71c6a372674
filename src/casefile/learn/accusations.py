"""What a person is accused of, in classes the model weighs: the records are about
persecution, and GUIDELINES.md leaves out a person the text presents as an ordinary
offender (a killing, a kidnapping, a theft) or as the author of the abuses. Whether an
accusation is of a violent crime, an ordinary one or a political one ("charged with
murder", «обвиняется в краже», "convicted of sedition") is read from the words the trigger
governs through "for / with / of / over / on / in" ("arrested in connection with the
killing") or «за / в / по»; the model learns from the gold how much each class says.
Lemmas only, never names.
"""

from __future__ import annotations

from spacy.tokens import Token

_EN_CLASSES: dict[str, str] = {
    **{w: "violent" for w in (
        "murder", "kill", "killing", "homicide", "manslaughter", "rape", "kidnap",
        "kidnapping", "abduct", "abduction", "lynch", "lynching", "stab", "stabbing", "shoot",
        "shooting", "robbery", "rob", "massacre", "torture", "bombing", "hostage",
        "assassination", "beheading", "strangle")},
    **{w: "ordinary" for w in (
        "theft", "steal", "burglary", "fraud", "embezzlement", "embezzle", "bribery", "bribe",
        "corruption", "drug", "narcotic", "trafficking", "smuggling", "smuggle", "forgery",
        "laundering", "evasion", "extortion", "possession", "weapon", "firearm")},
    **{w: "political" for w in (
        "extremism", "extremist", "terrorism", "treason", "sedition", "seditious",
        "incitement", "incite", "insult", "defamation", "defame", "espionage", "spying",
        "subversion", "subvert", "separatism", "propaganda", "protest", "rally",
        "demonstration", "assembly", "gathering", "disinformation", "falsehood", "rumour",
        "rumor", "hooliganism", "blasphemy", "majesty", "royal", "secession", "dissent",
        "criticism", "criticise", "criticize", "post", "tweet", "speech")},
}
_RU_CLASSES: dict[str, str] = {
    **{w: "violent" for w in (
        "убийство", "убить", "изнасилование", "похищение", "похитить", "разбой", "грабёж",
        "грабеж", "истязание", "пытка", "захват", "заложник", "покушение")},
    **{w: "ordinary" for w in (
        "кража", "мошенничество", "взятка", "наркотик", "наркотический", "контрабанда",
        "хищение", "растрата", "вымогательство", "уклонение", "налог", "оружие",
        "подделка", "коррупция")},
    **{w: "political" for w in (
        "экстремизм", "экстремистский", "терроризм", "террористический", "госизмена",
        "измена", "шпионаж", "призыв", "дискредитация", "фейк", "оправдание", "сепаратизм",
        "митинг", "акция", "пикет", "хулиганство", "оскорбление", "клевета", "иноагент",
        "нежелательный", "заведомо", "ложный", "мероприятие")},
}
_EN_PREPOSITIONS = frozenset({"for", "with", "of", "over", "on", "in"})
_RU_PREPOSITIONS = frozenset({"за", "в", "по"})


def accusation_classes(trigger: Token, language: str, person: Token | None = None) -> set[str]:
    """The classes of crime in the phrases the trigger governs ("convicted for murdering"
    gives {"violent"}); empty when it names none. A phrase that holds the person is not
    their accusation ("convicted of killing X": X is the one killed)."""
    classes = _RU_CLASSES if language == "ru" else _EN_CLASSES
    found: set[str] = set()
    for phrase in _accusation_phrases(trigger, language):
        if person is not None and phrase.left_edge.i <= person.i <= phrase.right_edge.i:
            continue
        for token in phrase.subtree:
            kind = classes.get(token.lemma_.lower())
            if kind:
                found.add(kind)
    return found


def _accusation_phrases(trigger: Token, language: str) -> list[Token]:
    if language == "ru":
        return [child for child in trigger.children
                if child.dep_ in ("obl", "nmod", "iobj")
                and any(c.dep_ == "case" and c.lower_ in _RU_PREPOSITIONS
                        for c in child.children)]
    return [child for child in trigger.children
            if child.dep_ == "prep" and child.lower_ in _EN_PREPOSITIONS]
