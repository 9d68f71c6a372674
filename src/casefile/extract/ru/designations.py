"""Russian designations: "признана террористической", "медиапроекта «Вельский вестник»,
признанного иностранным агентом". An organisation gets a `designation`; a person put on
such a list (a "foreign agent") a `restriction` with the list's word as label."""

from __future__ import annotations

from spacy.tokens import Span, Token

from casefile.extract.components.arguments import evidence_span
from casefile.extract.dates import DateMention
from casefile.extract.doc import AnnotatedDoc
from casefile.extract.events import Trigger, designation_event, first_date, person_event
from casefile.extract.ru.lexicon import DESIGNATION_LABELS


def label_in(text: str) -> str | None:
    for pattern, label in DESIGNATION_LABELS:
        if pattern.search(text):
            return label
    return None


def _candidates(token: Token) -> list[Token]:
    passive = "Pass" in token.morph.get("Voice", []) or any(
        c.dep_ in ("nsubj:pass", "aux:pass") for c in token.children
    )
    # "Минюст внес X в реестр": the ministry acts, X is listed
    slots = ("nsubj:pass", "nsubj") if passive else ("obj",)
    found = [c for c in token.children if c.dep_ in slots]
    if not found and token.dep_ in ("acl", "amod", "conj"):
        found = [token.head]  # "медиапроекта «Вельский вестник», признанного иностранным агентом"
    return found


def _organisation(doc: AnnotatedDoc, token: Token) -> str | None:
    for t in (token, *token.subtree):
        mention = doc.token_mentions.get(t.i)
        if mention is not None and mention.kind == "organisation":
            return mention.entity
    if token.pos_ == "PRON":  # "В стране она признана террористической"
        earlier = [m for m in doc.mentions if m.kind == "organisation" and m.start < token.idx
                   and token.idx - m.start < 600]
        return earlier[-1].entity if earlier else None
    return None


def _organisation_just_before(doc: AnnotatedDoc, token: Token) -> str | None:
    """"медиапроекта „Вельский вестник“, признанного иностранным агентом", however it was parsed:
    the organisation named right before the participle."""
    for i in range(token.i - 1, max(token.sent.start, token.i - 4) - 1, -1):
        mention = doc.token_mentions.get(i)
        if mention is not None and mention.kind == "organisation":
            return mention.entity
        if token.doc[i].pos_ not in ("PUNCT", "PROPN", "NOUN"):
            break
    return None


def emit_designation(
    doc: AnnotatedDoc, sent: Span, trigger: Trigger, dates: list[DateMention]
) -> None:
    token = trigger.token
    complements = [c for c in token.children if c.dep_ in ("xcomp", "obl", "advcl", "obj")]
    label = label_in(" ".join(t.text for c in complements for t in c.subtree))
    if label is None:
        return
    evidence = evidence_span(sent, token)
    for candidate in _candidates(token):
        organisation = _organisation(doc, candidate)
        if organisation is None and token.dep_ in ("acl", "amod"):
            organisation = _organisation_just_before(doc, token)
        person = doc.token_mentions.get(candidate.i)
        if organisation is not None:
            designation_event(doc, organisation, evidence, label, date=first_date(dates))
        elif person is not None and person.kind == "person":
            person_event(
                doc, person.entity, "restriction", evidence, date=first_date(dates), label=label
            )
