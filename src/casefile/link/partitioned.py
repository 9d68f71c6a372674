"""Stages 1 and 2 of linking (blocking, scored pairs) cut into partitions for a cluster.

The names are split into chunks; `chunk_blocks` gives a chunk's block memberships split
into `parts` pieces by a stable hash of the block key (the shuffle); `score_part` takes
one partition's piece of every chunk, emits the pairs of its blocks and scores them. The
union of the partitions' pairs is `blocking.candidate_pairs` scored by `pairs.score_pairs`
(tests/test_link_stages.py checks it). Pure functions: `bench/link_dask.py` runs them
as Dask tasks.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from casefile.link import blocking
from casefile.link.pairs import ScoredPair, score_pair
from casefile.link.russian import NameKey

Piece = tuple[dict[Any, list[int]], dict[str, tuple[list[int], list[int]]]]


def _part(key: object, parts: int) -> int:
    return zlib.crc32(repr(key).encode()) % parts  # the same in every process


def chunk_blocks(keys: Sequence[tuple[int, NameKey]], parts: int) -> list[Piece]:
    """One chunk's block memberships, split into `parts` pieces by key."""
    out: list[Piece] = [({}, {}) for _ in range(parts)]
    for n, key in keys:
        full, bare = blocking.block_keys(key)
        for k in full:
            out[_part(k, parts)][0].setdefault(k, []).append(n)
        lone = blocking.is_bare(key)
        for k2 in bare:
            out[_part(k2, parts)][1].setdefault(k2, ([], []))[0 if lone else 1].append(n)
    return out


def score_part(
    pieces: list[Piece], keys: Sequence[NameKey], support: Sequence[int], propose: float
) -> list[ScoredPair]:
    """Every pair one partition's blocks ask for, scored; those at `propose` kept."""
    full: dict[Any, list[int]] = defaultdict(list)
    bare: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for f, b in pieces:  # chunks hold increasing node numbers, in order
        for k, members in f.items():
            full[k].extend(members)
        for k2, (lone, others) in b.items():
            bare[k2][0].extend(lone)
            bare[k2][1].extend(others)
    pairs: set[tuple[int, int]] = set()
    for members in full.values():
        pairs.update(blocking.block_pairs(members))
    for lone, others in bare.values():
        pairs.update(blocking.bare_pairs(lone, others))
    kept = []
    for x, y in pairs:
        p = score_pair(keys, support, x, y)
        if p.score >= propose:
            kept.append(p)
    return kept
