"""People's roles in an English document ("journalist", "human rights defender"): the
`roles` component, from the words around each person's mentions."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Token

from casefile.extract.doc import AnnotatedDoc
from casefile.extract.en.lexicon import ROLE_WORDS
from casefile.extract.registry import Component, register


def _role_words_near(token: Token) -> list[Token]:
    """Nouns describing the person whose name ends at `token`."""
    sent = token.sent
    near: list[Token] = []
    # "activist and chess coach Arlen Tovas": the words just before the name.
    i = token.i - 1
    while i >= sent.start and token.i - i <= 8:
        t = token.doc[i]
        if t.pos_ in ("VERB", "AUX") or t.text in (";", ":", "(", ")") or t.dep_ == "prep":
            break
        if t.text == "," and token.doc[t.i + 1].pos_ == "PROPN":
            break  # "According to their lawyers, X and Y were ...": not X's role
        near.append(t)
        i -= 1
    # "X, a journalist," / "X is a journalist".
    for child in token.children:
        if child.dep_ == "appos":
            near.extend(child.subtree)
    if token.dep_ == "appos":
        near.extend(t for t in token.head.subtree if t.i < token.i)
    if token.dep_ in ("nsubj",) and token.head.lemma_ == "be":
        for child in token.head.children:
            if child.dep_ == "attr":
                near.extend(child.subtree)
    return near


def roles_in(tokens: list[Token]) -> list[tuple[str, Token]]:
    found = []
    lowered = [t.lower_ for t in tokens]
    ordered = sorted(range(len(tokens)), key=lambda k: tokens[k].i)
    text = " ".join(lowered[k] for k in ordered)
    for phrase, role in ROLE_WORDS.items():
        if " " in phrase and f" {phrase} " in f" {text} ":
            found.append((role, tokens[ordered[0]]))
    for t in tokens:
        word_role = ROLE_WORDS.get(t.lemma_.lower()) or ROLE_WORDS.get(t.lower_)
        if word_role and t.pos_ in ("NOUN", "PROPN", "ADJ"):
            found.append((word_role, t))
    if any(r == "human_rights_defender" for r, _ in found):
        found = [(r, t) for r, t in found if r != "activist"]
    return found


@register("roles", needs=("spacy", "persons"), sets=("roles",))
def roles_factory(settings: dict[str, Any]) -> Component:
    def roles(doc: AnnotatedDoc) -> None:
        assert doc.spacy is not None
        seen: set[tuple[int, int]] = set()
        for mention in doc.mentions:
            if mention.kind != "person" or (mention.start, mention.end) in seen:
                continue
            seen.add((mention.start, mention.end))
            span = doc.spacy.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            person = doc.persons[mention.entity]
            for role, token in roles_in(_role_words_near(span[-1])):
                if role not in person.roles:
                    sent = token.sent
                    person.roles[role] = doc.evidence(sent.start_char, sent.end_char)

    return roles
