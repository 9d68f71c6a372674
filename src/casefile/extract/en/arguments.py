"""English event arguments: who acted (the agent) and what the person is charged with."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from casefile.extract.doc import AnnotatedDoc

_CHARGE_INTRO = re.compile(
    r"\b(?:on|over|under|for|of|with)\s+(?:trumped-up\s+|politically\s+motivated\s+|bogus\s+|"
    r"fabricated\s+|false\s+)?(?:charges?|accusations?|suspicion)\s+(?:of\s+|that\s+)?"
    r"|\b(?:charged|accused|convicted|indicted|suspected|guilty|prosecuted)\s+(?:\w+\s+){0,2}?"
    r"(?:of|with|for)\s+",
    re.IGNORECASE,
)
_CHARGE_END = re.compile(r"[,;.()\n]|\s(?:and was|after|because|which|who|while|when|but)\s")


def agent_of(doc: AnnotatedDoc, token: Token) -> str | None:
    for child in token.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                return " ".join(t.text for t in pobj.subtree)[:120]
        if child.dep_ == "nsubj" and child.pos_ in ("NOUN", "PROPN"):
            mention = doc.token_mentions.get(child.i)
            if mention is None or mention.kind == "organisation":
                return " ".join(t.text for t in child.subtree)[:120]
    return None


def charges_in(sent: Span, token: Token) -> list[str]:
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
