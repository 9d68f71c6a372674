"""Stage 1 of linking: which pairs of names are worth scoring at all.

Two names are compared only when they share a block: the first letter of one word (as a
set of Cyrillic letters, `translit.first_letters`) with the start or the end of another
word's consonant skeleton, so that one typo cannot hide both. A surname alone is
compared with every name holding a word of that skeleton start. Every other pair is
taken to be two people.

Blocks are plain dictionaries from a key to node numbers, built one name at a time
(`block_keys` is a pure function of a `NameKey`), so a cluster can compute the keys of
its partition of names, shuffle by key, and emit each block's pairs (`block_pairs`)
where the block lives; the union of the pairs is `candidate_pairs`.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from casefile.link.russian import NameKey
from casefile.link.translit import skeleton

BlockKey = tuple[str, str, str]  # ("p" prefix | "s" suffix, first letter, skeleton part)


def block_keys(key: NameKey) -> tuple[list[BlockKey], list[str]]:
    """The blocks of a name, and the skeleton starts a lone surname is compared by."""
    keys: list[BlockKey] = []
    bare: list[str] = []
    for i, word in enumerate(key.words):
        skel = skeleton(word)
        bare.append(skel[:3])
        letters = set("".join(key.initials)).union(
            *(key.first_of(k) for k in range(len(key.words)) if k != i)
        )
        for letter in sorted(letters):  # sorted: the same pairs, in the same order, every run
            keys.append(("p", letter, skel[:3]))
            keys.append(("s", letter, skel[-3:]))
    return keys, bare


def is_bare(key: NameKey) -> bool:
    """A surname alone (no initial, one word)."""
    return not key.initials and len(key.words) == 1


@dataclass
class Blocks:
    """Node numbers per block key; `bare` per skeleton start: (lone surnames, the rest)."""

    full: dict[BlockKey, list[int]] = field(default_factory=lambda: defaultdict(list))
    bare: dict[str, tuple[list[int], list[int]]] = field(
        default_factory=lambda: defaultdict(lambda: ([], []))
    )

    def add(self, n: int, key: NameKey) -> None:
        full, bare = block_keys(key)
        for k in full:
            self.full[k].append(n)
        lone = is_bare(key)
        for k2 in bare:  # a surname alone is compared with every name holding it
            self.bare[k2][0 if lone else 1].append(n)


def index(keys: Sequence[NameKey]) -> Blocks:
    blocks = Blocks()
    for n, key in enumerate(keys):
        blocks.add(n, key)
    return blocks


def block_pairs(members: Sequence[int]) -> Iterator[tuple[int, int]]:
    """The pairs one block asks for (members in increasing order)."""
    return itertools.combinations(members, 2)


def bare_pairs(lone: Sequence[int], others: Sequence[int]) -> Iterator[tuple[int, int]]:
    """The pairs a lone surname's block asks for."""
    return ((min(x, y), max(x, y)) for x in lone for y in (*lone, *others) if x != y)


def pairs_of(blocks: Blocks) -> set[tuple[int, int]]:
    pairs: set[tuple[int, int]] = set()
    for members in blocks.full.values():
        pairs.update(block_pairs(members))
    for lone, others in blocks.bare.values():
        pairs.update(bare_pairs(lone, others))
    return pairs


def candidate_pairs(keys: Sequence[NameKey]) -> set[tuple[int, int]]:
    """Index pairs worth scoring; every other pair is taken to be two people."""
    return pairs_of(index(keys))


def neighbours(blocks: Blocks, key: NameKey) -> Iterable[int]:
    """Nodes sharing a full block with a name (each once), for the repair stage."""
    seen: set[int] = set()
    for k in block_keys(key)[0]:
        for u in blocks.full.get(k, ()):
            if u not in seen:
                seen.add(u)
                yield u
