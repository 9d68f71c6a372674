"""The arguments of an event that both languages attach the same way: its dates
(claimed through the parse), its term and the span of its evidence. The agent and the
charges are found differently in each language (`en/arguments.py`, `ru/events.py`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING, TypeVar

from spacy.tokens import Span, Token

from casefile.extract.dates import DateMention
from casefile.extract.doc import AnnotatedDoc
from casefile.extract.en.lexicon import SPEECH_VERBS
from casefile.extract.terms import TermMention

Told = TypeVar("Told", TermMention, DateMention)

if TYPE_CHECKING:
    from casefile.extract.events import Trigger


# "sentenced for attending a gathering on April 26": a date inside the reason is the
# offence's date, not the event's.
_REASON_PREPOSITIONS = frozenset({"for", "over"})
_RU_REASON_PREPOSITIONS = frozenset({"за", "из-за"})
# The noun a year number modifies when the two are the date: «в 2023 году», «2023 года».
_YEAR_WORDS = frozenset({"год", "года", "году"})
_ACCUSING = frozenset({"accuse", "suspect", "charge", "convict", "guilty", "suspicion",
                       "accusation"})


def _path_up(token: Token) -> list[Token]:
    path = [token]
    while path[-1].head.i != path[-1].i:
        path.append(path[-1].head)
    return path


def is_offence_date(
    token: Token, triggers: frozenset[int] = frozenset(), said: bool = True
) -> bool:
    """Whether the date whose root is `token` belongs to something other than an event:
    the year of a noun ("the 2013 protests"), the date inside a reason clause, when
    something ends, or (`said`) the day something was said ("her brother told reporters
    on 4 April") - unless the authorities said it: a court that "announced on 8 December
    it had upheld" acted then."""
    if token.dep_ in ("compound", "nummod", "amod", "poss") and token.head.i not in triggers and (
        not _after_a_bare_preposition(token)
    ) and token.head.lemma_.lower() not in _YEAR_WORDS:  # «в 2023 году» is a date
        return True
    # "held until June 3", "продлил арест до 3 июня", «с 15 мая по 16 июня»: when it
    # ends, not when it happened
    if (token.dep_ == "pobj" and token.head.lower_ in ("until", "till")) or any(
        c.dep_ == "case" and c.lower_ in ("до", "по") for c in token.children
    ):
        return True
    for node in _path_up(token):
        if node.i in triggers:
            return False
        if said and node.pos_ == "VERB" and node.lemma_ in SPEECH_VERBS and (
            not _said_by_authority(node)
        ):
            return True
        if node.dep_ in ("pcomp", "pobj") and node.head.lower_ in _REASON_PREPOSITIONS and (
            node is not token
        ):
            return True
        # "X, accused of orchestrating a coup in 2016": the act's date, which a trigger
        # above the accusation must not take; the accusation's own trigger ("found guilty
        # of insulting the president on Monday") may
        if node.dep_ == "pcomp" and node.head.lower_ == "of":
            accusing = node.head.head
            if accusing.lemma_.lower() in _ACCUSING and accusing.i not in triggers and not (
                accusing.lower_ == "guilty" and accusing.head.i in triggers
            ):
                return True
        # «за участие в акции 3 августа», «из-за акции 28 ноября»: what it was for
        if node is not token and any(
            c.dep_ == "case" and c.lower_ in _RU_REASON_PREPOSITIONS for c in node.children
        ):
            return True
    return False


def _after_a_bare_preposition(token: Token) -> bool:
    """"On 4 March police arrested X": the parser made the date a modifier of the noun after
    it, and "On" took no object or took that noun; the date is the preposition's. Not "on
    the 2019 protests" (a determiner, and a year alone, tell a noun's date)."""
    doc, start = token.doc, token.i
    while start > 0 and doc[start - 1].head.i == token.head.i and doc[start - 1].dep_ in (
        "compound", "nummod", "amod"
    ):
        start -= 1
    before = doc[start - 1] if start > 0 else None
    if before is None or before.dep_ != "prep" or before.lower_ not in ("on", "in"):
        return False
    objects = [c for c in before.children if c.dep_ in ("pobj", "pcomp")]
    if not objects:
        return True
    words = doc[start:token.head.i]
    return objects == [token.head] and any(t.like_num for t in words) and any(
        t.pos_ == "PROPN" for t in words
    )


def describes_something_else(doc: AnnotatedDoc, mention: DateMention, said: bool = True) -> bool:
    """`is_offence_date` for a date mention of the document (read at its root)."""
    assert doc.spacy is not None
    span = doc.spacy.char_span(mention.start, mention.end, alignment_mode="expand")
    return span is not None and is_offence_date(span.root, said=said)


_AUTHORITIES = frozenset(
    {"court", "judge", "prosecutor", "prosecution", "police", "ministry", "authority",
     "government", "investigator", "committee", "service", "office", "tribunal"}
)


def _said_by_authority(verb: Token) -> bool:
    return any(
        c.dep_ == "nsubj" and c.lemma_.lower() in _AUTHORITIES for c in verb.children
    )


def claim_dates(
    doc: AnnotatedDoc, sent: Span, triggers: list[Trigger]
) -> dict[int, list[DateMention]]:
    """Give each date in the sentence to the nearest trigger above it in the parse."""
    assert doc.spacy is not None
    by_token = {t.token.i: t for t in triggers}
    trigger_ids = frozenset(by_token)
    claimed: dict[int, list[DateMention]] = {}
    unclaimed: list[DateMention] = []
    for mention in doc.dates:
        if not sent.start_char <= mention.start < sent.end_char or mention.date is None:
            continue
        span = doc.spacy.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        if is_offence_date(span.root, trigger_ids):
            continue
        path = _path_up(span.root)
        owner = next((n.i for n in path if n.i in by_token), None)
        if owner is not None and _in_a_relative_clause(path, owner):
            continue  # "X, who left in 2022, was listed in May 2023": the clause's own date
        if owner is None:
            unclaimed.append(mention)
        else:
            claimed.setdefault(owner, []).append(mention)
    if len(unclaimed) == 1 and len(triggers) == 1:
        for trigger in triggers:
            claimed.setdefault(trigger.token.i, unclaimed)
    # "was detained in early May and sentenced to 12 days": a coordinated verb with
    # no date of its own happened when the verb it is coordinated with did
    for trigger in triggers:
        token = trigger.token
        if token.i not in claimed and token.dep_ == "conj" and token.head.i in claimed:
            claimed[token.i] = claimed[token.head.i]
    return claimed


def _in_a_relative_clause(path: list[Token], owner: int) -> bool:
    """A relative clause with no trigger of its own lies between a date and its owner."""
    for token in path:
        if token.i == owner:
            return False
        if token.dep_ in ("relcl", "acl:relcl"):
            return True
    return False


def says_respectively(sent: Span) -> bool:
    """Whether the sentence pairs its lists in order: "X and Y were sentenced to five and
    seven years respectively", «... соответственно»."""
    text = sent.text.lower()
    return "respectively" in text or "соответственно" in text


# What joins the items of a list of lengths: "five and seven years", «3 и 2,5 года».
_LIST_JOINT = re.compile(r"\s*,?\s*(?:and|и)?\s*", re.IGNORECASE)


def paired_in_order(doc: AnnotatedDoc, sent: Span, terms: Sequence[TermMention],
                    keys: Sequence[str]) -> dict[str, TermMention] | None:
    """Names listed before as many terms listed together ("X and Y were sentenced to five
    and seven years", «X и Y дали 3 и 2,5 года»): each person the term in the same place
    of its list, as "respectively" would say. None for any other shape."""
    if len(keys) < 2 or len(terms) != len(keys) or len({t.term for t in terms}) < 2:
        return None
    in_text = sorted(terms, key=lambda t: t.start)
    if not all(_LIST_JOINT.fullmatch(doc.text[a.end:b.start])
               for a, b in pairwise(in_text)):
        return None
    named = {key: _first_named(doc, sent, key) for key in keys}
    if any(at is None or at > in_text[0].start for at in named.values()):
        return None
    order = sorted(keys, key=lambda k: named[k] or 0)
    return dict(zip(order, in_text, strict=True))


# Verbs whose object is a term handed down: "got five years of prison", «дали пять лет».
_GIVEN = frozenset({"get", "receive", "give", "hand", "получить", "назначить", "дать",
                    "присудить"})


def terms_in(doc: AnnotatedDoc, sent: Span) -> list[TermMention]:
    """The terms the sentence states, in text order."""
    return [t for t in doc.terms if sent.start_char <= t.start < sent.end_char]


def terms_for(doc: AnnotatedDoc, sent: Span, token: Token) -> list[TermMention]:
    """Terms in the trigger's phrase, nearest first (in text order for "respectively")."""
    subtree = list(token.subtree)
    left, right = subtree[0].idx, subtree[-1].idx + len(subtree[-1])
    in_sentence = terms_in(doc, sent)
    inside = [t for t in in_sentence if left <= t.start < right]
    verb = token.head.head
    if not inside and token.pos_ == "NOUN" and verb.lemma_.lower() in _GIVEN and any(
        t.start <= token.head.idx < t.end for t in in_sentence
    ):
        # «получили по шесть лет колонии»: the term given governs the noun, and the verb
        # holds the others given ("X получил шесть лет колонии, Y — четыре года")
        verb_tree = list(verb.subtree)
        left, right = verb_tree[0].idx, verb_tree[-1].idx + len(verb_tree[-1])
        inside = [t for t in in_sentence if left <= t.start < right]
    if inside:
        if says_respectively(sent):
            return inside
        return sorted(inside, key=lambda t: abs(t.start - token.idx))
    # "a sentence of seven years": a term just after the noun
    after = [t for t in in_sentence if token.idx < t.start <= token.idx + 40]
    return after[:1] if after and token.lemma_.lower() == "sentence" else []


def told_after(doc: AnnotatedDoc, sent: Span, found: Sequence[Told], at: int) -> Told | None:
    """Of the terms or dates one trigger holds, the one told for the person named at offset
    `at`: the first after that name and before the next person's ("sentenced X to four
    years and Y to six", "arrested X on 3 May and Y on 9 May"). None when the mentions
    say one thing only, or none stands between the two names."""
    if len({_value(m) for m in found}) < 2:
        return None
    later = [m.start for m in doc.mentions
             if m.kind == "person" and at < m.start < sent.end_char
             and not m.start <= at < m.end]
    stop = min(later, default=sent.end_char)
    between = sorted((m for m in found if at < m.start < stop), key=lambda m: m.start)
    return between[0] if between else None


def own(doc: AnnotatedDoc, sent: Span, found: Sequence[Told], key: str) -> Told | None:
    """`told_after` the person `key`, where the sentence first names them."""
    at = _first_named(doc, sent, key)
    return None if at is None else told_after(doc, sent, found, at)


def _first_named(doc: AnnotatedDoc, sent: Span, key: str) -> int | None:
    return next((m.start for m in doc.mentions if m.entity == key
                 and sent.start_char <= m.start < sent.end_char), None)


def own_before(doc: AnnotatedDoc, sent: Span, key: str) -> TermMention | None:
    """`told_before` the person `key`, where the sentence first names them."""
    at = _first_named(doc, sent, key)
    return None if at is None else told_before(doc, sent, at)


def told_before(doc: AnnotatedDoc, sent: Span, at: int) -> TermMention | None:
    """In a Russian sentence that states its terms before the names («По 12 суток получили
    X, Y; на 8 суток арестован Z»), the last term before the name at offset `at`. English
    puts the term after the name ("X to four years"), and a first term before any name
    there is another person's ("sentenced bloggers to four years, as well as X to one")."""
    terms = terms_in(doc, sent)
    if doc.language != "ru" or len({t.term for t in terms}) < 2:
        return None
    names = [m.start for m in doc.mentions
             if m.kind == "person" and sent.start_char <= m.start < sent.end_char]
    if not names or terms[0].start > min(names):
        return None
    before = [t for t in terms if t.start < at]
    return before[-1] if before else None


def _value(mention: TermMention | DateMention) -> object:
    return mention.term if isinstance(mention, TermMention) else mention.date


def term_kind(term: TermMention | None, token: Token) -> str:
    if term is not None and term.term_kind is not None:
        return term.term_kind
    if term is not None and term.term is not None and term.term.endswith("D"):
        return "administrative_detention"
    return "prison"


def evidence_span(sent: Span, token: Token) -> tuple[int, int]:
    """The clause that states the event: the trigger with its subject and arguments."""
    tokens = list(token.subtree)
    head = token
    if head.dep_ in ("conj", "xcomp", "advcl", "acl", "relcl") or head.pos_ == "NOUN":
        tokens += [head.head]
    for child in head.head.children if head.pos_ == "NOUN" else ():
        if child.dep_ in ("nsubj", "nsubjpass"):
            tokens += list(child.subtree)
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t) for t in tokens)
    return max(start, sent.start_char), min(end, sent.end_char)
