"""Counts of unnamed people in Russian text: "задержали шестерых человек", "число
осуждённых за посты достигло 37", "еще троих жителей арестовали"."""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Token

from casefile.extract.doc import AnnotatedDoc
from casefile.extract.events import count_statistic
from casefile.extract.registry import Component, register
from casefile.extract.ru.lexicon import COUNT_WORDS

_MORE_COUNTS = {"один": 1, "одна": 1, "семеро": 7, "восьмеро": 8, "девятеро": 9,
                "десятеро": 10, "шесть": 6, "семь": 7, "восемь": 8, "девять": 9, "десять": 10}
_CLAUSE_END = re.compile(r"[;.!?\n]|,\s+(?:а|но|и|которые|который|что)\s")


def _count(token: Token) -> int | None:
    text = token.text.replace(" ", "").replace("\u00a0", "")
    if text.isdigit():
        value = int(text)
        return None if 1900 <= value <= 2100 else value
    lemma = token.lemma_.lower()
    return COUNT_WORDS.get(lemma) or _MORE_COUNTS.get(lemma)


def _counted_people(token: Token) -> Token | None:
    """The noun for people a number counts: its head ("шестерых человек" has the noun as
    head or child, depending on the case), which must name living beings."""
    for noun in (token.head, *token.children):
        if noun is token or noun.pos_ not in ("NOUN", "PROPN"):
            continue
        if "Anim" in noun.morph.get("Animacy", []):
            return noun
    return None


def _named(doc: AnnotatedDoc, noun: Token) -> bool:
    """"четырем политзаключенным: X, Y, Z ...": the people are named, not a statistic."""
    return any(
        (m := doc.token_mentions.get(t.i)) is not None and m.kind == "person"
        for t in noun.subtree
    )


@register(
    "ru_statistics",
    needs=("spacy", "dates", "persons", "trigger_sentences"),
    sets=("statistics",),
)
def ru_statistics_factory(settings: dict[str, Any]) -> Component:
    def ru_statistics(doc: AnnotatedDoc) -> None:
        assert doc.spacy is not None
        seen: set[tuple[int, str]] = set()  # a headline and its lede count the same people
        for sent in doc.spacy.sents:
            if sent.start_char not in doc.trigger_sentences:
                continue
            for token in sent:
                count = _count(token) if token.pos_ in ("NUM", "NOUN", "ADJ") else None
                noun = _counted_people(token) if count else None
                if count is None or noun is None or _named(doc, noun):
                    continue
                start = min(token.idx, noun.idx)
                rest = doc.text[start : sent.end_char]
                stop = _CLAUSE_END.search(rest)
                clause = rest[: stop.start() if stop else len(rest)]
                if (count, noun.lemma_) in seen:
                    continue
                seen.add((count, noun.lemma_))
                count_statistic(doc, sent, count, start, clause)

    return ru_statistics
