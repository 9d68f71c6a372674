"""Every token of a sentence that names or points at a person, for the candidate
generator: names, singular pronouns and, in English, a singular people noun pointing back
("the journalist") resolved by `participants.antecedent`, a first person ("I", «я»)
resolved to who says it, and plural pronouns and group nouns expanded to the groups they
may stand for (`learn.groups`)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from casefile.extract.doc import AnnotatedDoc
from casefile.extract.en.labels import ENGLISH
from casefile.extract.en.lexicon import HUMAN_NOUNS, ROLE_WORDS
from casefile.extract.en.participants import antecedent as en_antecedent
from casefile.extract.en.participants import pronoun_referent
from casefile.extract.ru.lexicon import SPEECH_VERBS as RU_SPEECH_VERBS
from casefile.extract.ru.participants import RUSSIAN
from casefile.extract.ru.participants import antecedent as ru_antecedent
from casefile.extract.salience import is_speaker
from casefile.learn.groups import GroupMember, group_members
from casefile.learn.vocabulary import (
    EN_GROUP_NOUNS,
    EN_PLURAL,
    EN_PRONOUNS,
    RU_GROUP_NOUNS,
    RU_PLURAL,
    RU_PRONOUNS,
)


@dataclass
class Ref:
    """A token of a sentence that names or points at a person."""

    token: Token
    entity: str
    via: str  # "name", "pronoun", "definite" ("the journalist"), "first" (a first person), "group"
    group: GroupMember | None = None


def person_refs(doc: AnnotatedDoc, sents: list[Span], index: int, language: str) -> list[Ref]:
    """Every person sentence `index` names or points at."""
    sent = sents[index]
    refs: list[Ref] = []

    def group(token: Token) -> None:
        refs.extend(Ref(token, m.entity, "group", m)
                    for m in group_members(doc, token, sents, index, language))

    speakers: list[str | None] = []  # who says this sentence's "I", looked up once

    def first_person(token: Token) -> None:
        if not speakers:
            speakers.append(_speaker(doc, sents, index, language))
        found = speakers[0] or _antecedent(doc, token.idx, language)
        if found:
            refs.append(Ref(token, found, "first"))

    for token in sent:
        mention = doc.token_mentions.get(token.i)
        if mention is not None:
            if mention.kind == "person" and is_mention_head(doc, token):
                refs.append(Ref(token, mention.entity, "name"))
            continue
        lower = token.lower_
        if token.pos_ not in ("PRON", "DET"):
            continue
        if language == "ru":
            lemma = token.lemma_.lower()
            if lemma == "я":
                first_person(token)
            elif lemma in RU_PRONOUNS:
                found = _antecedent(doc, token.idx, language, RU_PRONOUNS[lemma])
                if found:
                    refs.append(Ref(token, found, "pronoun"))
            elif lemma in RU_PLURAL:
                group(token)
        elif lower in _EN_FIRST_PERSON:
            first_person(token)
        elif lower in EN_PRONOUNS:
            found = pronoun_referent(doc, token)
            if found:
                refs.append(Ref(token, found, "pronoun"))
        elif lower in EN_PLURAL:
            group(token)
    for token in sent:
        if token.i in doc.token_mentions or token.pos_ not in ("NOUN", "PRON", "NUM", "DET"):
            continue
        words = RU_GROUP_NOUNS if language == "ru" else EN_GROUP_NOUNS
        if (token.lemma_.lower() in words or token.lower_ in words) and not (
            _singular_noun(token) or _counts_things(token)
        ):
            group(token)
        elif language == "en" and _definite_person(token):
            found = _antecedent(doc, token.idx, language)
            if found:
                refs.append(Ref(token, found, "definite"))
    return refs


def _antecedent(doc: AnnotatedDoc, before: int, language: str,
                gender: str | None = None) -> str | None:
    """Whom a pronoun means, weighed over the parse labels of the text's language."""
    if language == "ru":
        return ru_antecedent(doc, before, gender=gender)
    return en_antecedent(doc, before, gender=gender)


# "all charges", «все обвинения», "four years", "two days": quantifiers of things and of
# time. ("Both cases" and "the two appeals" stay groups: each is one person's.)
_ALL = frozenset({"all", "все", "всё"})
_PEOPLE_NOUNS = EN_GROUP_NOUNS | HUMAN_NOUNS | RU_GROUP_NOUNS
_SPANS = frozenset({"hour", "day", "night", "week", "month", "year", "час", "сутки", "день",
                    "неделя", "месяц", "год"})


def _counts_things(token: Token) -> bool:
    """A quantifier that counts no people: "acquitted of all charges", "four years"."""
    head = token.head
    if head.i == token.i or head.pos_ != "NOUN":
        return False
    noun = head.lemma_.lower()
    if token.lower_ in _ALL:
        return noun not in _PEOPLE_NOUNS
    return token.pos_ == "NUM" and noun in _SPANS


def _definite_person(token: Token) -> bool:
    """"the activist", "this journalist": a singular people noun that points back."""
    return (
        token.pos_ == "NOUN" and token.tag_ == "NN" and token.dep_ != "poss"
        and (token.lemma_.lower() in ROLE_WORDS or token.lemma_.lower() in HUMAN_NOUNS)
        and any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in token.children)
        and not any(c.dep_ in ("compound", "appos", "poss") for c in token.children)
    )


_EN_FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself"})


# Whose "I" a quote is: English speakers as pronoun resolution weighs them; Russian ones
# by the Russian verbs of saying (which pronoun resolution does not weigh yet).
_SPEAKERS = {"en": ENGLISH, "ru": replace(RUSSIAN, speech_verbs=RU_SPEECH_VERBS)}


def _speaker(doc: AnnotatedDoc, sents: list[Span], index: int, language: str) -> str | None:
    """Who says the "I" of sentence `index`: the person a speech verb of that sentence, or
    of the one after or before it, has as its subject ("“I was beaten,” Arlen Tovas said";
    «“Меня избили”, — рассказал Иван Ворсин»)."""
    labels = _SPEAKERS.get(language, ENGLISH)
    for near in (index, index + 1, index - 1):
        if not 0 <= near < len(sents):
            continue
        for token in sents[near]:
            mention = doc.token_mentions.get(token.i)
            if mention is not None and mention.kind == "person" \
                    and is_speaker(doc, mention, labels):
                return mention.entity
    return None


def _singular_noun(token: Token) -> bool:
    """A people noun in the singular names one person, not a group («оштрафована
    активистка Ольга Мирцева», "the activist"); count words and quantifiers stand for
    several whatever their number («каждый», «трое», "each")."""
    return token.pos_ == "NOUN" and token.morph.get("Number", []) == ["Sing"]


def is_mention_head(doc: AnnotatedDoc, token: Token) -> bool:
    """The token of a multi-word name whose head lies outside the name."""
    head = token.head
    if head.i == token.i:
        return True
    here = doc.token_mentions.get(token.i)
    there = doc.token_mentions.get(head.i)
    return there is None or here is None or there.entity != here.entity or (
        there.start != here.start
    )
