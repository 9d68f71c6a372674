"""Counts of unnamed people: "over the past year, nine persons have been convicted"."""

from __future__ import annotations

import re
from typing import Any

from casefile.extract.doc import AnnotatedDoc
from casefile.extract.en.lexicon import PEOPLE_NOUNS
from casefile.extract.events import count_statistic
from casefile.extract.registry import Component, register

_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
}
_COUNT = re.compile(
    r"\b(?P<num>\d{1,3}(?:,\d{3})*|\d+|" + "|".join(_NUMBER_WORDS) + r")\s+"
    r"(?P<mid>(?:(?:more|other|further|additional|[a-z]+-?[a-z]+)\s+){0,2}?)"
    r"(?P<noun>" + "|".join(sorted(PEOPLE_NOUNS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_PERSECUTION = re.compile(
    r"\b(?:arrest|detain|convict|sentenc|charg|prosecut|investigat|jail|imprison|prison|"
    r"custody|tortur|kill|disappear|fined|searched|raided|accused|behind bars|detention)",
    re.IGNORECASE,
)


def parse_count(text: str) -> int | None:
    word = text.lower().replace(",", "")
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(word)


@register("statistics", needs=("spacy", "dates"), sets=("statistics",))
def statistics_factory(settings: dict[str, Any]) -> Component:
    def statistics(doc: AnnotatedDoc) -> None:
        assert doc.spacy is not None
        for sent in doc.spacy.sents:
            text = sent.text
            if not _PERSECUTION.search(text):
                continue
            for match in _COUNT.finditer(text):
                count = parse_count(match.group("num"))
                if count is None or count < 2 or 1900 <= count <= 2100:
                    continue
                rest = text[match.start():]
                clause = re.split(r"[;.]|,\s(?:and|but|while)\s", rest, maxsplit=1)[0]
                count_statistic(doc, sent, count, sent.start_char + match.start(), clause)

    return statistics
