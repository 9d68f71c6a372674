"""Which state a document is mostly about, by a vote of the countries it names.

Shared by both languages; each finds the country names its own way (spaCy's GPE, NORP and
LOC entities in English, lemmas in Russian) and hands them here with their offsets.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

# The headline and lede say whose repression the text is about: a name there weighs more.
LEDE_REACH = 600
LEDE_WEIGHT = 3


def vote_country(
    named: Iterable[tuple[str, int]],
    hosts: frozenset[str] = frozenset(),
    extra: Mapping[str, int] | None = None,
) -> str | None:
    """The code most of `named` (code, offset) pairs vote for; a state in `hosts` (one
    that hosts exiles and NGOs more often than it persecutes) only if no other is named.
    `extra` adds votes that are not mentions (a legal citation that names the state)."""
    votes: Counter[str] = Counter()
    for code, offset in named:
        votes[code] += LEDE_WEIGHT if offset < LEDE_REACH else 1
    for code, count in (extra or {}).items():
        votes[code] += count
    ranked = [code for code, _ in votes.most_common()]
    return next((code for code in ranked if code not in hosts), ranked[0] if ranked else None)
