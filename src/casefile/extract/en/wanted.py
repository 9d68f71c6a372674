"""Investigations told as a listing, in English (GUIDELINES.md): a place on a wanted
list, being declared a fugitive, being "a suspect in the case"."""

from __future__ import annotations

from spacy.tokens import Token

from casefile.extract.en.voice import is_passive
from casefile.extract.events import Trigger

# Verbs that put a person on a list: "put on a wanted list", "placed on the wanted list".
_LISTING_VERBS = frozenset({"put", "place", "add", "include", "enter"})
_DECLARING_VERBS = frozenset({"declare", "name", "proclaim"})
# The only words `wanted` can read: it is asked of every word.
_WORDS_OF_LISTING = _LISTING_VERBS | _DECLARING_VERBS | {"list", "suspect"}


def _wanted_list(token: Token) -> bool:
    return token.lemma_.lower() == "list" and any(c.lower_ == "wanted" for c in token.children)


def wanted(token: Token) -> Trigger | None:
    """The investigation `token` tells, read at the verb where there is one, before a list
    or a declaration reads as an organisation's designation."""
    lemma = token.lemma_.lower()
    if lemma not in _WORDS_OF_LISTING:
        return None
    slot = "passive" if is_passive(token) else "object"
    if lemma in _LISTING_VERBS and any(
        p.dep_ == "prep" and any(g.dep_ == "pobj" and _wanted_list(g) for g in p.children)
        for p in token.children
    ):
        return Trigger(token, "investigation", (slot,), 0.75)
    if lemma in _DECLARING_VERBS and any(
        t.lemma_.lower() == "fugitive" and token.i in (t.head.i, t.head.head.i)
        for t in token.subtree if t.i != token.i
    ):  # "declared X a fugitive", "X was declared a fugitive", however the parser reads it
        return Trigger(token, "investigation", (slot, "declared"), 0.75)
    if _wanted_list(token) and not (
        token.dep_ == "pobj" and token.head.head.lemma_.lower() in _LISTING_VERBS
    ):  # "X is on the wanted list"
        return Trigger(token, "investigation", ("of", "possessor", "support"), 0.7)
    if lemma == "suspect" and token.dep_ == "attr" and any(
        p.dep_ == "prep" and p.lower_ == "in" and any(
            g.lemma_.lower() in ("case", "investigation", "probe") for g in p.children)
        for p in token.children
    ):
        return Trigger(token, "investigation", ("support",), 0.75)
    return None
