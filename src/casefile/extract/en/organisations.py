"""Which organisations an English document names: the `organisations` component.

spaCy's ORG entities, names that a noun of organisations names whatever the recogniser
made of them ("the newspaper Aurora", `en/outlets.py`), and acronyms the text defines ("the
Velsk Rights Centre (VRC)"); the last two wherever they recur.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Span

from casefile.extract.doc import AnnotatedDoc, Mention, OrganisationEntity
from casefile.extract.en.outlets import organisation_names
from casefile.extract.registry import Component, register
from casefile.names import name_key

_ACRONYM = re.compile(
    r"\b((?:[A-Z][\w’'-]+|of|for|the|and|in|on)(?:[ \t]+(?:[A-Z][\w’'-]+|of|for|the|and|in|on))+)"
    r"[ \t]*\(([A-Z][A-Za-z]{1,9})\)"
)


@register("organisations", needs=("spacy",), sets=("organisations",))
def organisations_factory(settings: dict[str, Any]) -> Component:
    def organisations(doc: AnnotatedDoc) -> None:
        assert doc.spacy is not None
        acronyms: dict[str, str] = {}
        for match in _ACRONYM.finditer(doc.text):
            full = " ".join(match.group(1).split())
            full = re.sub(r"^(?:(?:the|of|for|and|in|on|The)\s+)+", "", full)
            key = name_key(full)
            org = doc.organisations.setdefault(
                key, OrganisationEntity(name=full, first_offset=match.start(1))
            )
            org.aliases.add(match.group(2))
            acronyms[match.group(2)] = key
        for ent in doc.spacy.ents:
            if ent.label_ != "ORG":
                continue
            name = " ".join(ent.text.split()).removeprefix("the ").removeprefix("The ")
            key = acronyms.get(name) or name_key(name)
            org = doc.organisations.setdefault(
                key, OrganisationEntity(name=name, first_offset=ent.start_char)
            )
            org.aliases.add(name)
            _add_mention(doc, Mention(ent.start_char, ent.end_char, key, "organisation"), ent)
        named: dict[str, str] = {}
        for span in organisation_names(doc.spacy):
            if any(t.i in doc.token_mentions for t in span):
                continue
            key = name_key(span.text)
            org = doc.organisations.setdefault(
                key, OrganisationEntity(name=span.text, first_offset=span.start_char)
            )
            org.aliases.add(span.text)
            if len(span) == 1:
                acronyms.setdefault(span.text, key)
            else:
                _add_mention(doc, Mention(span.start_char, span.end_char, key, "organisation"),
                             span)
                named.setdefault(span.text, key)
        _mention_again(doc, named)
        # An acronym the text defined, or a one-word name an organisation noun gave,
        # names the organisation wherever it recurs.
        for token in doc.spacy:
            defined = acronyms.get(token.text)
            if defined is not None and token.i not in doc.token_mentions:
                mention = Mention(token.idx, token.idx + len(token), defined, "organisation")
                doc.mentions.append(mention)
                doc.token_mentions[token.i] = mention
        doc.mentions.sort(key=lambda m: m.start)

    return organisations


def _mention_again(doc: AnnotatedDoc, named: dict[str, str]) -> None:
    """A name of several words a noun of organisations gave ("the Green Valley movement")
    names the organisation wherever it recurs ("Green Valley was banned"), whatever the
    recogniser made of it there."""
    assert doc.spacy is not None
    for name, key in named.items():
        for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", doc.text):
            span = doc.spacy.char_span(match.start(), match.end())
            if span is None or any(t.i in doc.token_mentions for t in span):
                continue
            _add_mention(doc, Mention(span.start_char, span.end_char, key, "organisation"), span)


def _add_mention(doc: AnnotatedDoc, mention: Mention, span: Span) -> None:
    doc.mentions.append(mention)
    for token in span:
        doc.token_mentions.setdefault(token.i, mention)
