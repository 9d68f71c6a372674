"""Stage 5 of linking: the questions an analyst is asked.

The earlier stages propose pairs of names; many of them ask the same question (ten
spellings of one person against ten of another are a hundred pairs, one question: are
these two people one?), and a rare spelling that fits several entities asks it of each.
So:

1. A proposal to join what an analyst kept apart, or what is already one entity, is not
   asked.
2. One question per pair of entities: the best-scored pair of names between them stands
   for it (its score, its reason).
3. Two entities each named more than `ask_mass` times are not asked about: their
   spellings are each attested, and where the names did not join them (one letter
   apart: Karimov / Kerimov; another patronymic) they are namesakes far more often
   than one person. On the benchmark (100,000 mentions) questions whose smaller entity
   held 3 mentions were right 86 times in 293, those of 1 or 2 mentions 947 in 1,920;
   the default (`LinkConfig.ask_mass`) is 2.
4. The smaller entity of each question is asked about at most `per_entity` larger ones,
   the best-scored first (then the larger; ties all asked): "is this spelling that
   person?" is asked of the likeliest person, not of every namesake it might be. The others stay in
   `LinkResult.scored` for anyone who looks.

`bench/link.py` counts the questions and how many of the people the linker left split
they would join (docs/scale.md has the figures).
"""

from __future__ import annotations

from collections import defaultdict

from casefile.link.cluster import Graph
from casefile.link.records import Link


def ask(
    g: Graph, node_of: dict[str, int], proposals: list[Link], per_entity: int, ask_mass: int
) -> list[Link]:
    best: dict[tuple[int, int], Link] = {}
    for p in proposals:
        ra, rb = g.find(node_of[p.a]), g.find(node_of[p.b])
        if ra == rb or not g.allowed(ra, rb):
            continue
        pair = (ra, rb) if ra < rb else (rb, ra)
        if pair not in best or p.score > best[pair].score:
            best[pair] = p
    by_smaller: dict[int, list[tuple[float, int, tuple[int, int]]]] = defaultdict(list)
    for (ra, rb), p in best.items():
        small, large = sorted((ra, rb), key=lambda r: (g.mass[r], r))
        if g.mass[small] > ask_mass:
            continue
        by_smaller[small].append((-p.score, -g.mass[large], (ra, rb)))
    kept: set[tuple[int, int]] = set()
    for asks in by_smaller.values():
        asks.sort()
        last = asks[:per_entity][-1][0]
        # A tie with the last one asked is asked too: a name that fits two people equally
        # well is a question about both.
        kept.update(pair for score, _, pair in asks if score <= last)
    return [p for pair, p in best.items() if pair in kept]
