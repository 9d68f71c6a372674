"""The events component: triggers, their participants, dates, terms and charges."""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Span, Token

from casefile.extract.components.participants import organisation_of, persons_of
from casefile.extract.components.triggers import Trigger, find_triggers, support_subject
from casefile.extract.dates import DateMention
from casefile.extract.doc import AnnotatedDoc
from casefile.extract.en.lexicon import DESIGNATION_LABELS
from casefile.extract.registry import Component, register
from casefile.extract.terms import TermMention
from casefile.model import Event, PartialDate, Provenance

_ARTICLE = re.compile(
    r"\b(?:Articles?|Art\.|Sections?|paragraphs?|parts?)\s+\d+(?:[.\-]\d+)*(?:\s*\(\d+\))?"
    r"(?:(?:,\s*|\s+and\s+|\s*&\s*)\d+(?:[.\-]\d+)*(?:\s*\(\d+\))?)*"
    r"(?:\s+of\s+(?:the\s+)?(?:[A-Z][\w’'-]*\s+){0,4}(?:Criminal|Penal|Administrative)"
    r"(?:\s+Offen[cs]es)?\s+Code)?",
    re.IGNORECASE,
)
_CHARGE_INTRO = re.compile(
    r"\b(?:on|over|under|for|of|with)\s+(?:trumped-up\s+|politically\s+motivated\s+|bogus\s+|"
    r"fabricated\s+|false\s+)?(?:charges?|accusations?|suspicion)\s+(?:of\s+|that\s+)?"
    r"|\b(?:charged|accused|convicted|indicted|suspected|guilty|prosecuted)\s+(?:\w+\s+){0,2}?"
    r"(?:of|with|for)\s+",
    re.IGNORECASE,
)
_CHARGE_END = re.compile(r"[,;.()\n]|\s(?:and was|after|because|which|who|while|when|but)\s")


@register("events")
def events_factory(settings: dict[str, Any]) -> Component:
    def events(doc: AnnotatedDoc) -> None:
        assert doc.spacy is not None
        found = [(sent, find_triggers(list(sent))) for sent in doc.spacy.sents]
        doc.named_victims = _named_victims(doc, [t for _, ts in found for t in ts])
        for sent, triggers in found:
            _described_designations(doc, sent)
            if not triggers:
                continue
            claimed = _claim_dates(doc, sent, triggers)
            for trigger in triggers:
                _emit(doc, sent, trigger, claimed.get(trigger.token.i, []))

    return events


def _emit(doc: AnnotatedDoc, sent: Span, trigger: Trigger, dates: list[DateMention]) -> None:
    token = trigger.token
    if trigger.type == "designation" or token.lemma_.lower() in ("ban", "declare", "recognize",
                                                                 "recognise", "label", "list"):
        _emit_designation(doc, sent, trigger, dates)
        return
    keys, confidence = _participants(doc, trigger)
    if not keys:
        return
    event_type = trigger.type
    terms = _terms_for(doc, sent, token) if event_type in ("sentence", "arrest") else []
    term = terms[0] if terms else None
    weak = False
    if event_type == "arrest" and token.lemma_.lower() in ("jail", "imprison"):
        if term is not None and term.term is not None:
            event_type = "sentence"
        else:
            weak = True  # "jailed X": an arrest only if nothing else says X was in custody
    if event_type == "arrest":
        term = None
    respectively = "respectively" in sent.text and len(keys) > 1
    split_dates = respectively and len(dates) == len(keys)
    split_terms = respectively and len(terms) == len(keys)
    start, end = _evidence_span(sent, token)
    for index, key in enumerate(keys):
        mention_date = dates[index] if split_dates else (dates[0] if dates else None)
        if split_terms:
            term = terms[index]
        event = Event(
            type=event_type,
            participant=doc.persons[key].name,
            evidence=doc.evidence(start, end),
            provenance=Provenance(
                doc.provenance.extractor, doc.provenance.version,
                round(trigger.confidence * confidence, 2),
            ),
            date=mention_date.date if mention_date else None,
            agent=_agent(doc, token),
            term=term.term if term and event_type == "sentence" else None,
            term_kind=_term_kind(term, token) if event_type == "sentence" else None,
            charges=_charges(sent, token) if event_type != "release" else [],
            articles=[" ".join(m.group(0).split()) for m in _ARTICLE.finditer(sent.text)]
            if event_type in ("charge", "sentence", "conviction", "investigation", "trial")
            else [],
        )
        doc.events.append(event)
        if weak:
            doc.weak_events.add(id(event))


def _named_victims(doc: AnnotatedDoc, triggers: list[Trigger]) -> set[str]:
    """Persons named outright as the participant of some event: whom the text is about,
    and so what "he" and "she" most likely mean."""
    named: set[str] = set()
    for trigger in triggers:
        for slot in trigger.slots:
            for token in _slot_tokens(trigger.token, slot):
                mention = doc.token_mentions.get(token.i)
                if mention is not None and mention.kind == "person":
                    named.add(mention.entity)
    return named - doc.officials


def _participants(doc: AnnotatedDoc, trigger: Trigger) -> tuple[list[str], float]:
    token = trigger.token
    if trigger.slots == ("passive",) and not _slot_tokens(token, "passive"):
        return _names_before(doc, token), 0.6
    for slot in trigger.slots:
        for candidate in _slot_tokens(token, slot):
            keys, confidence = persons_of(doc, candidate)
            # "X and Y were arrested"; also "journalist and blogger X was sentenced"
            for conj in candidate.conjuncts:
                more, more_confidence = persons_of(doc, conj, beside_person=bool(keys))
                keys.extend(k for k in more if k not in keys)
                confidence = confidence or more_confidence
            if keys:
                return keys, confidence
    return [], 0.0


def _names_before(doc: AnnotatedDoc, token: Token) -> list[str]:
    """When the parser lost the subject of "X, Y and Z were convicted": the persons named
    between the previous verb and the trigger."""
    keys: list[str] = []
    i = token.i - 1
    while i >= token.sent.start and token.i - i < 40:
        t = token.doc[i]
        if t.pos_ == "VERB" and t.dep_ not in ("amod", "compound", "prep"):
            break
        mention = doc.token_mentions.get(i)
        if (mention is not None and mention.kind == "person"
                and mention.entity not in doc.officials and mention.entity not in keys):
            keys.append(mention.entity)
        i -= 1
    return list(reversed(keys))


def _slot_tokens(token: Token, slot: str) -> list[Token]:
    children = list(token.children)
    if slot == "passive":
        found = [c for c in children if c.dep_ == "nsubjpass"]
        if not found and token.dep_ in ("acl", "relcl", "appos", "amod"):
            found = [token.head]
        if not found and token.dep_ in ("conj", "advcl", "xcomp"):
            found = [c for c in token.head.children if c.dep_ in ("nsubjpass", "nsubj")]
            if not found and token.head.dep_ in ("acl", "relcl"):
                found = [token.head.head]
        return found
    if slot == "recipient":  # "handed down six years to X", "gave X five years"
        found = [g for c in children if c.dep_ in ("prep", "dative") and c.lower_ in ("to", "on")
                 for g in c.children if g.dep_ == "pobj"]
        found += [c for c in children if c.dep_ == "dative" and c.pos_ != "ADP"]
        return found or [c for c in children if c.dep_ == "nsubjpass"]
    if slot == "guilty_subject":  # "found X, a member of ..., guilty": X is guilty's subject
        return [g for c in children if c.lower_ == "guilty" for g in c.children
                if g.dep_ in ("nsubj", "nsubjpass")]
    if slot == "object":
        return [c for c in children if c.dep_ in ("dobj", "obj")]
    if slot == "subject":
        found = [c for c in children if c.dep_ in ("nsubj", "nsubjpass")]
        if not found and token.dep_ == "conj":
            found = [c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        return found
    if slot == "of":  # "the arrest of X", "charges (filed) against X"
        preps = [c for c in children if c.dep_ == "prep"]
        preps += [p for c in children if c.dep_ in ("acl", "relcl")
                  for p in c.children if p.dep_ == "prep"]
        return [g for c in preps if c.lower_ in ("of", "against")
                for g in c.children if g.dep_ == "pobj"]
    if slot == "possessor":
        return [c for c in children if c.dep_ == "poss"]
    if slot == "support":
        subject = support_subject(token)
        return [subject] if subject is not None else []
    if slot == "host":  # "released X in a retrial": the event the noun is part of
        head = token.head
        if token.dep_ == "pobj" and head.dep_ == "prep" and head.head.i != head.i:
            host = head.head
            for inner in ("passive", "object", "of"):
                found = _slot_tokens(host, inner)
                if found:
                    return found
        return []
    if slot == "owner":  # "his sentence was upheld", "the court rejected X's appeal"
        found = []
        for c in children:
            if c.dep_ in ("nsubjpass", "dobj"):
                found.extend(g for g in c.children if g.dep_ == "poss")
                found.extend(gg for g in c.children
                             if g.dep_ == "prep" and g.lower_ in ("of", "against")
                             for gg in g.children)
        return found
    return []


def _claim_dates(
    doc: AnnotatedDoc, sent: Span, triggers: list[Trigger]
) -> dict[int, list[DateMention]]:
    """Give each date in the sentence to the nearest trigger above it in the parse."""
    assert doc.spacy is not None
    by_token = {t.token.i: t for t in triggers}
    claimed: dict[int, list[DateMention]] = {}
    unclaimed: list[DateMention] = []
    for mention in doc.dates:
        if not sent.start_char <= mention.start < sent.end_char or mention.date is None:
            continue
        span = doc.spacy.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        node: Token = span.root
        if node.dep_ in ("compound", "nummod", "amod", "poss") and node.head.i not in by_token:
            continue  # "financing the 2013 protests": the year of something else
        owner = None
        while True:
            if node.i in by_token:
                owner = node.i
                break
            if node.head.i == node.i:
                break
            node = node.head
        if owner is None:
            unclaimed.append(mention)
        else:
            claimed.setdefault(owner, []).append(mention)
    if len(unclaimed) == 1 and len(triggers) == 1:
        for trigger in triggers:
            claimed.setdefault(trigger.token.i, unclaimed)
    return claimed


def _terms_for(doc: AnnotatedDoc, sent: Span, token: Token) -> list[TermMention]:
    """Terms in the trigger's phrase, nearest first (in text order for "respectively")."""
    subtree = list(token.subtree)
    left, right = subtree[0].idx, subtree[-1].idx + len(subtree[-1])
    in_sentence = [t for t in doc.terms if sent.start_char <= t.start < sent.end_char]
    inside = [t for t in in_sentence if left <= t.start < right]
    if inside:
        if "respectively" in sent.text:
            return inside
        return sorted(inside, key=lambda t: abs(t.start - token.idx))
    # "a sentence of seven years": a term just after the noun
    after = [t for t in in_sentence if token.idx < t.start <= token.idx + 40]
    return after[:1] if after and token.lemma_.lower() == "sentence" else []


def _term_kind(term: TermMention | None, token: Token) -> str:
    if term is not None and term.term_kind is not None:
        return term.term_kind
    if term is not None and term.term is not None and term.term.endswith("D"):
        return "administrative_detention"
    return "prison"


def _agent(doc: AnnotatedDoc, token: Token) -> str | None:
    for child in token.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                return " ".join(t.text for t in pobj.subtree)[:120]
        if child.dep_ == "nsubj" and child.pos_ in ("NOUN", "PROPN"):
            mention = doc.token_mentions.get(child.i)
            if mention is None or mention.kind == "organisation":
                return " ".join(t.text for t in child.subtree)[:120]
    return None


def _charges(sent: Span, token: Token) -> list[str]:
    text = sent.text
    out: list[str] = []
    for match in _CHARGE_INTRO.finditer(text):
        rest = text[match.end():]
        stop = _CHARGE_END.search(rest)
        phrase = rest[: stop.start() if stop else len(rest)].strip(" “”\"'")
        phrase = re.sub(r"\s+(?:and|or)$", "", phrase)
        words = phrase.split()
        if 0 < len(words) <= 14 and not phrase[0].isdigit():
            out.append(" ".join(words))
    return list(dict.fromkeys(out))


def _evidence_span(sent: Span, token: Token) -> tuple[int, int]:
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


_CLOSURE_LABELS = {"shut": "shut down", "suspend": "suspended", "liquidate": "liquidated",
                   "dissolve": "liquidated"}


_DESIGNATED_AS = {"banned": "banned", "outlawed": "banned", "proscribed": "banned",
                  "extremist": "extremist", "terrorist": "terrorist", "undesirable": "undesirable"}
_ORGANISATION_WORDS = frozenset({"organization", "organisation", "group", "movement", "party"})


def _described_designations(doc: AnnotatedDoc, sent: Span) -> None:
    """"the MKO, a banned organization in Iran": a designation stated as a description."""
    for token in sent:
        if token.lemma_.lower() not in _ORGANISATION_WORDS:
            continue
        labels = [_DESIGNATED_AS[c.lower_] for c in token.children
                  if c.dep_ == "amod" and c.lower_ in _DESIGNATED_AS]
        if not labels:
            continue
        named = [token.head] if token.dep_ == "appos" else []
        named += [c for c in token.children if c.dep_ == "appos"]
        for org in (organisation_of(doc, t) for t in named if doc.token_mentions.get(t.i)):
            if org is not None:
                start, end = _evidence_span(sent, token)
                doc.events.append(Event(
                    type="designation",
                    participant=doc.organisations[org].name,
                    participant_kind="organisation",
                    evidence=doc.evidence(min(start, token.head.idx), end),
                    provenance=doc.provenance,
                    label=labels[0],
                ))


def organisations_in(doc: AnnotatedDoc, token: Token) -> list[str]:
    """"X", "X and Y", "a number of churches, including X, Y and Z"."""
    found = organisation_of(doc, token)
    keys = [found] if found else []
    for t in token.subtree:
        mention = doc.token_mentions.get(t.i)
        listed = t.dep_ in ("conj", "pobj", "appos") or t.head.dep_ in ("conj", "pobj", "appos")
        if (listed and mention is not None and mention.kind == "organisation"
                and mention.entity not in keys):
            keys.append(mention.entity)
    return keys


def _emit_designation(
    doc: AnnotatedDoc, sent: Span, trigger: Trigger, dates: list[DateMention]
) -> None:
    token = trigger.token
    lemma = token.lemma_.lower()
    label = _label(token)
    organisations_only = lemma in _CLOSURE_LABELS
    if label is None:
        if lemma in ("ban", "outlaw"):
            label = "banned"
        elif lemma in _CLOSURE_LABELS:
            label = _CLOSURE_LABELS[lemma]
            if lemma == "shut" and not any(c.lower_ == "down" for c in token.children):
                return
        else:
            return
    candidates = [c for c in token.children if c.dep_ in ("nsubjpass", "dobj")]
    # "declared X an undesirable organization": X is the subject of the small clause
    candidates += [g for c in token.children if c.dep_ in ("ccomp", "xcomp", "oprd")
                   for g in c.children if g.dep_ in ("nsubj", "nsubjpass")]
    if not candidates and token.dep_ in ("conj", "acl", "relcl"):
        candidates = [c for c in token.head.children if c.dep_ in ("nsubjpass", "dobj")] or [
            token.head
        ]
    start, end = _evidence_span(sent, token)
    date: PartialDate | None = dates[0].date if dates else None
    for candidate in candidates:
        orgs = organisations_in(doc, candidate)
        for org in orgs:
            doc.events.append(
                Event(
                    type="designation",
                    participant=doc.organisations[org].name,
                    participant_kind="organisation",
                    evidence=doc.evidence(start, end),
                    provenance=doc.provenance,
                    date=date,
                    agent=_agent(doc, token),
                    label=label,
                )
            )
        if orgs or organisations_only:
            return
        keys, confidence = persons_of(doc, candidate)
        for key in keys:  # a person put on a list is a restriction with the list's word
            doc.events.append(
                Event(
                    type="restriction",
                    participant=doc.persons[key].name,
                    evidence=doc.evidence(start, end),
                    provenance=doc.provenance,
                    date=date,
                    label=label,
                )
            )
        if keys:
            return


_GENERIC_LABELS = frozenset({"banned", "liquidated", "suspended", "shut down"})


def _label(token: Token) -> str | None:
    """The designation's own word; a generic "banned" only when the text gives no other."""
    words = [t.lower_ for t in token.subtree if t.i != token.i]
    text = " ".join(words)
    for phrase, label in DESIGNATION_LABELS.items():
        if " " in phrase and phrase in text:
            return label
    found = [DESIGNATION_LABELS[w] for w in words
             if w in DESIGNATION_LABELS and w not in ("ban", "suspended")]
    specific = [label for label in found if label not in _GENERIC_LABELS]
    return specific[0] if specific else (found[0] if found else None)
