"""Designation candidates: every organisation named in a sentence with a word of banning,
listing or closing, for the event model to decide.

The rules find a designation where the parse has the shape they were written for ("the
ministry banned X", "X, a banned organization"); news states bans in passing and in many
more shapes ("members of the outlawed X", "X (listed as a foreign agent)", "the site has
been blocked", «запрещённой в России организации X»). Here each organisation mentioned in
such a sentence is a candidate (type `designation`, participant the organisation) and the
model, trained on the gold, decides, as it does for persons' events.

Features are over the designation word, the dependency path between it and the
organisation's mention, distances, and counts: never over names. They carry an `org:`
prefix so that a word's weight for organisations is learnt apart from its weight for
persons ("ban" is a restriction when a person is banned from travelling).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from spacy.tokens import Span, Token

from casefile.extract.components.arguments import evidence_span
from casefile.extract.doc import AnnotatedDoc, Mention
from casefile.learn.candidates import Candidate, _asserted
from casefile.learn.pairings import bucket, path_between
from casefile.model import Event, Provenance

TYPE = "designation"

# Designation words by lemma (or lower-case form), each with the label it gives when the
# sentence has no more specific one. From the guidelines' wording of the type: banned or
# designated as extremist, terrorist, undesirable, a foreign agent; liquidated, suspended,
# closed; a licence revoked, a website blocked.
_EN_WORDS: dict[str, str] = {
    "ban": "banned", "banned": "banned", "outlaw": "banned", "outlawed": "banned",
    "proscribe": "banned", "proscribed": "banned", "prohibit": "banned", "illegal": "banned",
    "unlawful": "banned", "designate": "designated", "designation": "designated",
    "declare": "designated", "label": "designated", "brand": "designated",
    "list": "listed", "blacklist": "listed", "recognize": "designated",
    "recognise": "designated",
    "terrorist": "terrorist", "terror": "terrorist", "terrorism": "terrorist",
    "extremist": "extremist", "extremism": "extremist", "undesirable": "undesirable",
    "agent": "foreign agent",
    "liquidate": "liquidated", "liquidation": "liquidated", "dissolve": "liquidated",
    "dissolution": "liquidated", "disband": "liquidated", "deregister": "liquidated",
    "deregistered": "liquidated",
    "suspend": "suspended", "suspension": "suspended", "close": "closed", "closure": "closed",
    "shut": "shut down", "shutdown": "shut down", "shutter": "shut down",
    "block": "blocked", "blocking": "blocked", "revoke": "licence revoked",
}
_RU_WORDS: dict[str, str] = {
    "запретить": "banned", "запрещённый": "banned", "запрещенный": "banned",
    "запрет": "banned", "запрещать": "banned", "признать": "designated",
    "признанный": "designated", "признавать": "designated",
    "экстремистский": "extremist", "экстремист": "extremist", "экстремизм": "extremist",
    "террористический": "terrorist", "террорист": "terrorist", "терроризм": "terrorist",
    "нежелательный": "undesirable", "иноагент": "foreign agent", "агент": "foreign agent",
    "ликвидировать": "liquidated", "ликвидация": "liquidated", "ликвидированный": "liquidated",
    "заблокировать": "blocked", "блокировать": "blocked", "блокировка": "blocked",
    "закрыть": "closed", "закрытие": "closed", "приостановить": "suspended",
    "внести": "listed", "реестр": "listed", "перечень": "listed", "список": "listed",
    "распустить": "liquidated", "отозвать": "licence revoked",
}
# Labels that say what an organisation was declared, preferred over a generic word of the
# same sentence ("banned as extremist": extremist).
_SPECIFIC = ("extremist", "terrorist", "undesirable", "foreign agent")


def designation_word(token: Token, language: str) -> str | None:
    """The label a designation word gives, or None when `token` is none."""
    words = _RU_WORDS if language == "ru" else _EN_WORDS
    if language != "ru" and token.pos_ not in ("VERB", "NOUN", "ADJ", "PROPN", "AUX"):
        return None
    return words.get(token.lemma_.lower()) or words.get(token.lower_)


@dataclass
class _Pairing:
    trigger: Token
    mention: Mention
    root: Token  # the mention's syntactic head
    sent: Span
    label: str


def designation_candidates(doc: AnnotatedDoc) -> list[Candidate]:
    """One candidate per organisation named in a sentence with a designation word, and
    per organisation the rules designated."""
    assert doc.spacy is not None
    language = doc.language or "en"
    pairings: dict[str, list[_Pairing]] = defaultdict(list)
    org_mentions = [m for m in doc.mentions if m.kind == "organisation"]
    for sent in doc.spacy.sents:
        inside = [m for m in org_mentions if sent.start_char <= m.start < sent.end_char]
        if not inside:
            continue
        triggers = [(t, label) for t in sent
                    if (label := designation_word(t, language)) and _asserted(t, language)]
        if not triggers:
            continue
        label = _sentence_label([lab for _, lab in triggers])
        for mention in inside:
            span = doc.spacy.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            for trigger, _ in triggers:
                if span.start <= trigger.i < span.end:
                    continue  # "the Extremism Research Centre" names no designation
                pairings[mention.entity].append(_Pairing(trigger, mention, span.root, sent,
                                                         label))

    key_of = {o.name: key for key, o in doc.organisations.items()}
    rule_events: dict[str, list[Event]] = defaultdict(list)
    for event in doc.events:
        if event.type == TYPE and event.participant in key_of:
            rule_events[key_of[event.participant]].append(event)

    mention_counts: dict[str, int] = defaultdict(int)
    for mention in org_mentions:
        mention_counts[mention.entity] += 1
    text_length = max(len(doc.text), 1)
    out: list[Candidate] = []
    for key in sorted(set(pairings) | set(rule_events)):
        organisation = doc.organisations.get(key)
        if organisation is None:
            continue
        pairs = sorted(pairings.get(key, []), key=_rank)
        events = rule_events.get(key, [])
        f: dict[str, float] = {
            f"type={TYPE}": 1.0, f"lang={language}": 1.0, "bias": 1.0,
            "org:n_pairs": math.log1p(len(pairs)),
            "org:n_sents": math.log1p(len({p.sent.start for p in pairs})),
            "org:n_mentions": math.log1p(mention_counts.get(key, 0)),
            "org:first_pos": organisation.first_offset / text_length,
        }
        if events:
            f["org:rule"] = 1.0
        if pairs:
            f.update(_pair_features(doc, pairs[0]))
            if any(p.label in _SPECIFIC for p in pairs):
                f["org:specific_label"] = 1.0
        else:
            f["org:no_pairs"] = 1.0
        if language == "ru":
            f.update({f"ru:{k}": v for k, v in list(f.items())
                      if not k.startswith(("lang=", "bias"))})
        candidate = Candidate(TYPE, key, organisation.name, f, events)
        if not events and pairs:
            candidate.new_event = _new_event(doc, organisation.name, pairs[0])
        out.append(candidate)
    return out


def _sentence_label(labels: list[str]) -> str:
    specific = [label for label in labels if label in _SPECIFIC]
    return specific[0] if specific else labels[0]


def _rank(pair: _Pairing) -> tuple[int, int]:
    up, down = path_between(pair.root, pair.trigger)
    return len(up) + len(down), abs(pair.trigger.i - pair.root.i)


def _pair_features(doc: AnnotatedDoc, pair: _Pairing) -> dict[str, float]:
    trigger, root = pair.trigger, pair.root
    up, down = path_between(root, trigger)
    lemma = trigger.lemma_.lower()
    f = {
        f"org:lemma={lemma}": 1.0,
        f"org:label={pair.label}": 1.0,
        f"org:tpos={trigger.pos_}": 1.0,
        f"org:tdep={trigger.dep_}": 1.0,
        f"org:pdep={root.dep_}": 1.0,
        f"org:dist={bucket(abs(trigger.i - root.i), (1, 3, 6, 10, 20))}": 1.0,
        f"org:plen={bucket(len(up) + len(down), (1, 2, 3, 4, 6))}": 1.0,
        f"org:path={'/'.join(up[:3])}|{'/'.join(down[:2])}": 1.0,
        "org:before" if root.i < trigger.i else "org:after": 1.0,
    }
    if trigger.head.i == root.i:
        f["org:trigger_modifies_org"] = 1.0
    if root.head.i == trigger.i:
        f["org:org_argument_of_trigger"] = 1.0
    if root.dep_ in ("conj", "appos") or any(c.dep_ == "conj" for c in root.children):
        f["org:in_list"] = 1.0
    others = {m.entity for m in doc.mentions if m.kind == "organisation"
              and pair.sent.start_char <= m.start < pair.sent.end_char}
    f[f"org:sent_orgs={bucket(len(others), (1, 2, 4))}"] = 1.0
    persons = {m.entity for m in doc.mentions if m.kind == "person"
               and pair.sent.start_char <= m.start < pair.sent.end_char}
    f[f"org:sent_persons={bucket(len(persons), (0, 1, 3))}"] = 1.0
    quoted = doc.text[max(0, pair.mention.start - 1):pair.mention.start]
    if quoted in "\"“«'‘":
        f["org:quoted"] = 1.0
    return f


def _new_event(doc: AnnotatedDoc, name: str, pair: _Pairing) -> Event:
    """What the model adds for an organisation the rules did not designate: the word's
    clause as evidence, and a date only when the sentence gives one (the guidelines date
    a designation only where the text dates it)."""
    start, end = evidence_span(pair.sent, pair.trigger)
    start, end = min(start, pair.mention.start), max(end, pair.mention.end)
    start, end = max(start, pair.sent.start_char), min(end, pair.sent.end_char)
    dates = [d for d in doc.dates
             if pair.sent.start_char <= d.start < pair.sent.end_char and d.date]
    date = min(dates, key=lambda d: abs(d.start - pair.trigger.idx)).date if dates else None
    return Event(
        type=TYPE,
        participant=name,
        participant_kind="organisation",
        evidence=doc.evidence(start, end),
        provenance=Provenance(doc.provenance.extractor, doc.provenance.version, 0.5),
        date=date,
        label=pair.label,
    )
