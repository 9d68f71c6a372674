"""Who a Russian event happened to: from a token of natasha's parse to the persons it
names, points back to ("он", "она", "они") or counts ("всех задержанных", "оба
активиста"), resolved by the shared salience (`extract/salience.py`) over the Russian
Universal Dependencies labels."""

from __future__ import annotations

from spacy.tokens import Token

from casefile.extract import salience
from casefile.extract.doc import AnnotatedDoc
from casefile.extract.ru.lexicon import COUNT_WORDS, PEOPLE_NOUNS, ROLE_WORDS, VERB_TRIGGERS

RUSSIAN = salience.ParseLabels(
    subjects=frozenset({"nsubj"}),
    speaker_deps=frozenset({"nsubj"}),
    # no speech verb is weighed yet: the pronouns resolved as they were when these texts
    # went through the English list, which holds no Russian lemma
    speech_verbs=frozenset(),
    modifier_deps=frozenset({"compound"}),
    possessive_deps=frozenset(),  # Russian UD marks possessors as "det" or "nmod"
)


def antecedent(doc: AnnotatedDoc, before: int, gender: str | None = None) -> str | None:
    return salience.antecedent(doc, before, RUSSIAN, gender=gender)


def recent_group(doc: AnnotatedDoc, token: Token, size: int | None) -> list[str]:
    return salience.recent_group(doc, token, size, RUSSIAN)


def as_noun(token: Token) -> bool:
    """"Всех задержанных отпустили", «Осуждённых взяли под стражу»: a participle standing
    for people, not an event (the parser tags some a noun with the verb's lemma)."""
    if token.pos_ == "NOUN":
        return token.lemma_.lower() in VERB_TRIGGERS and "Anim" in token.morph.get("Animacy", [])
    return "Part" in token.morph.get("VerbForm", []) and token.dep_ in (
        "obj", "nsubj", "nsubj:pass", "obl", "iobj", "nmod", "conj"
    )


def persons_of(doc: AnnotatedDoc, token: Token) -> list[str]:
    """Entity keys of the persons `token` stands for."""
    mention = doc.token_mentions.get(token.i)
    if mention is not None and mention.kind == "person":
        return [] if mention.entity in doc.officials else [mention.entity]
    named = named_in(doc, token)  # "активистку Карину Вельтову", "журналистов X и Y"
    if named:
        return named
    lemma = token.lemma_.lower()
    plural = "Plur" in token.morph.get("Number", [])
    if token.pos_ in ("PRON", "DET") and lemma in ("он", "она") and not plural:
        gender = {"Masc": "m", "Fem": "f"}.get(next(iter(token.morph.get("Gender", [])), ""))
        found = antecedent(doc, token.idx, gender=gender)
        return [found] if found else []
    if token.pos_ in ("PRON", "DET") and (lemma in ("они", "их") or plural):
        return recent_group(doc, token, None)
    if token.pos_ == "NUM" and lemma in COUNT_WORDS and "Anim" in token.morph.get("Animacy", []):
        return recent_group(doc, token, COUNT_WORDS[lemma])  # «всех троих», «обоих»
    if as_noun(token) and lemma in VERB_TRIGGERS:
        # "всех задержанных": the people the text said were detained
        kind = VERB_TRIGGERS[lemma]
        earlier = [e for e in doc.events if e.type == kind and e.evidence.start < token.idx]
        keys = list(dict.fromkeys(
            doc.person_key(e.participant) for e in earlier if doc.person_key(e.participant)
        ))
        if keys:
            return [k for k in keys if k is not None]
    people = lemma in PEOPLE_NOUNS or lemma in ROLE_WORDS or as_noun(token)
    definite = any(c.lemma_.lower() in ("весь", "этот", "тот", "оба") for c in token.children)
    indefinite = any(c.lemma_.lower() in ("один", "еще", "ещё", "другой", "некоторый")
                     or c.dep_ == "nummod" for c in token.children)
    if people and not plural and not indefinite and token.pos_ == "NOUN":
        # No articles in Russian: "Активистка находится в СИЗО" is the woman just named.
        found = antecedent(doc, token.idx)
        return [found] if found else []
    if people and (definite or as_noun(token)):
        size = COUNT_WORDS.get(lemma) or next(
            (COUNT_WORDS[c.lemma_.lower()] for c in token.children
             if c.lemma_.lower() in COUNT_WORDS), None)
        if not plural and size is None:
            found = antecedent(doc, token.idx)  # "в отношении задержанного"
            return [found] if found else []
        return recent_group(doc, token, size)
    return []


# Nouns of a relation to a person: the genitive under them names the other one
# («коллегу Брыкалова, фотографа Ивана Сомова»: Сомов, not Брыкалов).
_RELATIONS = frozenset({
    "коллега", "сосед", "соседка", "брат", "сестра", "мать", "отец", "сын", "дочь", "жена",
    "муж", "супруг", "супруга", "друг", "подруга", "адвокат", "защитник", "подзащитный",
    "родственник", "родственница", "соратник", "соратница", "помощник", "помощница",
})


def named_in(doc: AnnotatedDoc, token: Token) -> list[str]:
    """The persons a noun phrase names below its head, not inside a clause of its own:
    "Сопредседателя общества «Вельск» Ивана Петрова" names Иван Петров."""
    keys: list[str] = []
    frontier = [c for c in token.children
                if c.dep_ in ("appos", "flat:name", "conj", "iobj")
                or c.dep_ == "nmod" and token.lemma_.lower() not in _RELATIONS]
    while frontier:
        child = frontier.pop(0)
        mention = doc.token_mentions.get(child.i)
        if mention is not None and mention.kind == "person":
            if mention.entity not in doc.officials and mention.entity not in keys:
                keys.append(mention.entity)
            frontier += [c for c in child.children if c.dep_ == "conj"]
            continue
        if not keys:
            frontier += [c for c in child.children if c.dep_ in ("appos", "nmod", "flat:name")]
    return keys
