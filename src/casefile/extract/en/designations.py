"""Designations: an organisation banned, declared extremist, shut down; a person put on
a list is a restriction with the list's word."""

from __future__ import annotations

from spacy.tokens import Span, Token

from casefile.extract.components.arguments import evidence_span
from casefile.extract.dates import DateMention
from casefile.extract.doc import AnnotatedDoc
from casefile.extract.en.arguments import agent_of
from casefile.extract.en.lexicon import DESIGNATION_LABELS
from casefile.extract.en.org_references import organisation_of, phrase_within
from casefile.extract.en.participants import persons_of
from casefile.extract.en.readings import lemma_of
from casefile.extract.events import Trigger, designation_event, first_date, person_event

# GUIDELINES.md: an outlet closed or its website blocked by an authority is a designation
# with the text's word; only organisations take these ("blocked the road" is none).
_CLOSURE_LABELS = {"shut": "shut down", "suspend": "suspended", "liquidate": "liquidated",
                   "dissolve": "liquidated", "block": "blocked", "disband": "liquidated",
                   "deregister": "liquidated", "shutter": "shut down", "close": "closed",
                   "revoke": "licence revoked"}


_DESIGNATED_AS = {"banned": "banned", "outlawed": "banned", "proscribed": "banned",
                  "extremist": "extremist", "terrorist": "terrorist", "undesirable": "undesirable"}
_ORGANISATION_WORDS = frozenset({"organization", "organisation", "group", "movement", "party"})
# Nouns of a closure or ban, with the label the guidelines give it: "the shutdown of X",
# "a ban on X".
_CLOSURE_NOUNS = {"shutdown": "shut down", "closure": "closed", "liquidation": "liquidated",
                  "dissolution": "liquidated", "deregistration": "liquidated",
                  "ban": "banned", "banning": "banned", "proscription": "banned"}
# Verbs a label may follow as a description of the subject: "X remains proscribed".
_COPULAS = frozenset({"be", "remain", "stay", "become"})
_BAN_WORDS = frozenset({"banned", "outlawed", "proscribed"})
_STAYS = frozenset({"remain", "remains", "remained", "stay", "stays", "stayed"})


def described_designations(doc: AnnotatedDoc, sent: Span) -> None:
    """A designation stated as a description (GUIDELINES.md: even in passing): "the FVM, a
    banned organization in Ardenia", "the outlawed FVM", "the FVM remains proscribed",
    "the shutdown of broadcaster X", "a ban on X"."""
    for token in sent:
        for org, label in _described(doc, token):
            start, end = evidence_span(sent, token)
            designation_event(doc, org, (min(start, token.head.idx), end), label)


def _described(doc: AnnotatedDoc, token: Token) -> list[tuple[str, str]]:
    labels = [_DESIGNATED_AS[c.lower_] for c in token.children
              if c.dep_ == "amod" and c.lower_ in _DESIGNATED_AS]
    lemma = token.lemma_.lower()
    if labels and lemma in _ORGANISATION_WORDS:
        named = [token.head] if token.dep_ == "appos" else []
        named += [c for c in token.children if c.dep_ == "appos"]
        orgs = [organisation_of(doc, t) for t in named if doc.token_mentions.get(t.i)]
        return [(org, labels[0]) for org in orgs if org is not None]
    # Beside a name or as a predicate only the words of a ban: "the extremist FVM" or "the
    # FVM is extremist" may be the writer's own word (GUIDELINES.md: a rhetorical label).
    bans = [c.lower_ for c in token.children if c.dep_ == "amod" and c.lower_ in _BAN_WORDS]
    mention = doc.token_mentions.get(token.i)
    if bans and mention is not None and mention.kind == "organisation":
        return [(mention.entity, "banned")]  # "the outlawed FVM"
    if token.lower_ in _BAN_WORDS and (
            (token.dep_ == "acomp" and token.head.lemma_.lower() in _COPULAS)
            or any(c.dep_ in ("aux", "auxpass") and c.lower_ in _STAYS
                   for c in token.children)):  # "remains proscribed" as a passive
        clause = token.head if token.dep_ == "acomp" else token
        # the subject may hang on "remains" when the parser reads it as an auxiliary
        holders = [clause, *(c for c in clause.children if c.dep_ in ("aux", "auxpass"))]
        subjects = [c for v in holders for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
        return [(org, "banned") for s in subjects for org in organisations_in(doc, s)]
    if lemma in _CLOSURE_NOUNS and token.pos_ == "NOUN":
        objects = [g for c in token.children if c.dep_ == "prep" and c.lower_ in ("of", "on")
                   for g in c.children if g.dep_ == "pobj"]
        return [(org, _CLOSURE_NOUNS[lemma]) for o in objects
                for org in organisations_in(doc, o)]
    return []


def organisations_in(doc: AnnotatedDoc, token: Token) -> list[str]:
    """"X", "X and Y", "a number of churches, including X, Y and Z"; "which" of a relative
    clause is the noun it hangs on, and "a platform" in apposition the name before it."""
    if token.lower_ in ("which", "that") and token.head.dep_ == "relcl":
        token = token.head.head
    found = organisation_of(doc, token)
    if found is None and token.dep_ == "appos":
        found = organisation_of(doc, token.head)
    keys = [found] if found else []
    for t in phrase_within(token):
        mention = doc.token_mentions.get(t.i)
        listed = t.dep_ in ("conj", "pobj", "appos") or t.head.dep_ in ("conj", "pobj", "appos")
        if (listed and mention is not None and mention.kind == "organisation"
                and mention.entity not in keys):
            keys.append(mention.entity)
    return keys


def emit_designation(
    doc: AnnotatedDoc, sent: Span, trigger: Trigger, dates: list[DateMention]
) -> None:
    token = trigger.token
    lemma = lemma_of(token)
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
    evidence = evidence_span(sent, token)
    date = first_date(dates)
    for candidate in candidates:
        orgs = organisations_in(doc, candidate)
        for org in orgs:
            designation_event(doc, org, evidence, label, date=date, agent=agent_of(doc, token))
        if orgs or organisations_only:
            return
        keys, _ = persons_of(doc, candidate)
        for key in keys:  # a person put on a list is a restriction with the list's word
            person_event(doc, key, "restriction", evidence, date=date, label=label)
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
