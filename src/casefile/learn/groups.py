"""Who a plural pronoun or group noun can stand for, for the candidate generator.

"They were released", "the defendants are charged", "the 94 people concerned": the rules
resolve such a reference to one group or none (`participants.recent_group`). For recall,
the candidate generator proposes every group it could mean, and says how each was found
so that the model weighs them:

- `near`: the people of the nearest sentence (at most `NEAR_SENTENCES` back) that names
  several, the rules' own reading;
- `far`: the same further back, when nothing nearer names several;
- `counted`: the nearest sentence naming exactly as many as the reference counts ("the
  three", «четверо»);
- `role`: everyone named before whose role is the group noun's ("the journalists");
- `victims`: everyone named before for whom the rules found an event (a text's victims
  are what "they" mostly continues);
- `listed`: the people the next sentence lists as the group's members ("Nine reporters
  were detained. They include X, Y and Z", "Among them is X", «Среди них — X»).

Officials are never members, nor are quote speakers of the groups found before the
reference.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from casefile.extract.doc import AnnotatedDoc
from casefile.extract.en import lexicon as en_lexicon
from casefile.extract.en.participants import is_speaker, other_people, owners_of
from casefile.extract.ru import lexicon as ru_lexicon

NEAR_SENTENCES = 5
# Which ways of finding a group propose candidates: the rules' own reading and the
# members the next sentence lists. The others proposed more true pairs but more false
# ones, and measured no better out of fold (docs/event-model-history.md).
SOURCES: tuple[str, ...] = ("near", "listed")
_EN_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
              "nine": 9, "ten": 10, "both": 2, "pair": 2, "trio": 3}


@dataclass
class GroupMember:
    """One person a group reference may stand for, and how the groups holding them were
    found."""

    entity: str
    sources: set[str]
    size: int  # members of the first (most trusted) group holding them
    sentences_back: int  # to the nearest sentence naming them before the reference
    counted: int | None  # the number the reference gives, if any
    role_match: bool  # the person's role is the group noun's
    reference: str = "pronoun"  # "definite", "bare", "counted", "pronoun": the wording


def group_members(doc: AnnotatedDoc, token: Token, sents: list[Span], here: int,
                  language: str) -> list[GroupMember]:
    """Every person the group reference `token` (in sentence `here`) may stand for."""
    if other_people(token) or token.lower_ == "другие":
        return []  # people besides those named («другие» has no article to say otherwise)
    owners = _owners(doc, token)  # nobody is among their own sisters or colleagues
    named = [(back, kept) for back, members in _named_by_sentence(doc, token, sents, here)
             if (kept := [e for e in members if e not in owners])]
    counted = _count_of(token, language)
    reference = _reference_kind(token, counted)
    groups: list[tuple[str, list[str]]] = []
    several = [(back, members) for back, members in named if len(members) >= 2]
    if several:
        back, members = several[0]
        groups.append(("near" if back <= NEAR_SENTENCES else "far", members))
    if counted is not None:
        exact = next((m for _, m in named if len(m) == counted), None)
        if exact is not None:
            groups.append(("counted", exact))
    role = _role_of(token, language)
    if role is not None:
        having = [e for e in _earlier(named) if role in doc.persons[e].roles]
        if having:
            groups.append(("role", having))
    victims = {doc.person_key(e.participant) for e in doc.events
               if e.participant_kind == "person"}
    found_for = [e for e in _earlier(named) if e in victims]
    if found_for:
        groups.append(("victims", found_for))

    listed = _listed_next(doc, sents, here, language)
    if listed:
        groups.append(("listed", listed))

    groups = [(source, members) for source, members in groups if source in SOURCES]
    distance = {e: back for back, members in reversed(named) for e in members}
    out: dict[str, GroupMember] = {}
    for source, members in groups:
        for entity in members:
            member = out.get(entity)
            if member is None:
                out[entity] = GroupMember(
                    entity, {source}, len(members), distance.get(entity, 0), counted,
                    role is not None and role in doc.persons[entity].roles, reference,
                )
            else:
                member.sources.add(source)
    return list(out.values())


_EN_LISTING = (("they", "include"), ("these", "include"), ("this", "include"), ("they", "be"),
               ("their", "name"), ("among", "they"), ("among", "those"))
_RU_LISTING = (("среди", "они"), ("в", "они"), ("в", "тот"))


def _owners(doc: AnnotatedDoc, token: Token) -> set[str]:
    """The persons a group noun belongs to by name: "Arlen Tovas's two brothers"."""
    mentions = (doc.token_mentions.get(owner.i) for owner in owners_of(token))
    return {m.entity for m in mentions if m is not None and m.kind == "person"}


def _listed_next(doc: AnnotatedDoc, sents: list[Span], here: int,
                 language: str) -> list[str]:
    """The persons the sentence after `here` lists as members of a group it names: it
    opens with "They include", "Their names are", "Among them", «Среди них», «В их
    числе»."""
    if here + 1 >= len(sents):
        return []
    following = sents[here + 1]
    words = [t for t in following if not t.is_punct][:2]
    if len(words) < 2:
        return []
    opening = (words[0].lower_, words[1].lemma_.lower())
    if opening not in (_RU_LISTING if language == "ru" else _EN_LISTING):
        return []
    listed: list[str] = []
    for mention in doc.mentions:
        if (mention.kind == "person" and following.start_char <= mention.start < following.end_char
                and mention.entity not in doc.officials and mention.entity not in listed):
            listed.append(mention.entity)
    return listed


def _named_by_sentence(doc: AnnotatedDoc, token: Token, sents: list[Span],
                       here: int) -> list[tuple[int, list[str]]]:
    """(sentences back, persons named there before the reference), nearest first."""
    by_sentence: dict[int, list[str]] = {}
    starts = [s.start_char for s in sents[: here + 1]]
    for mention in doc.mentions:
        if mention.kind != "person" or mention.start >= token.idx:
            continue
        if mention.entity in doc.officials or is_speaker(doc, mention):
            continue
        index = _sentence_index(starts, mention.start)
        members = by_sentence.setdefault(here - index, [])
        if mention.entity not in members:
            members.append(mention.entity)
    return sorted(by_sentence.items())


def _sentence_index(starts: list[int], offset: int) -> int:
    low, high = 0, len(starts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if starts[middle] <= offset:
            low = middle
        else:
            high = middle - 1
    return low


def _earlier(named: list[tuple[int, list[str]]]) -> list[str]:
    out: list[str] = []
    for _, members in named:
        out += [e for e in members if e not in out]
    return out


def _count_of(token: Token, language: str) -> int | None:
    """The number a group reference gives: "the three", "94 people", «четверо»."""
    counts = ru_lexicon.COUNT_WORDS if language == "ru" else _EN_COUNTS
    for word in (token, *token.children):
        lower = word.lower_
        if lower in counts:
            return counts[lower]
        if word.lemma_.lower() in counts:
            return counts[word.lemma_.lower()]
        if word.like_num and lower.isdigit():
            return int(lower)
    return None


_DEFINITE = frozenset({"the", "these", "those", "their", "both", "all", "each", "эти", "все",
                       "оба", "обе", "каждый", "данный", "этот"})


def _reference_kind(token: Token, counted: int | None) -> str:
    """How the group is worded: a pronoun, "the journalists", "94 people", "activists"."""
    if token.pos_ in ("PRON", "DET"):
        return "pronoun"
    if counted is not None:
        return "counted"
    if any(c.lower_ in _DEFINITE or c.dep_ in ("poss", "det:poss") for c in token.children):
        return "definite"
    return "bare"


def _role_of(token: Token, language: str) -> str | None:
    """The role a group noun names: "journalists" -> journalist."""
    roles = ru_lexicon.ROLE_WORDS if language == "ru" else en_lexicon.ROLE_WORDS
    return roles.get(token.lemma_.lower())
