"""Blocking and scoring (stages 1 and 2 of `casefile.link.link`) as a Dask job.

Each chunk of names is a task (`partitioned.chunk_blocks`: its block keys, split into
partitions by key: the shuffle); each partition is a task (`partitioned.score_part`:
its blocks' pairs, scored, those at `propose` or more kept). The client takes the union.
Clustering stays on the client: it is a union-find over the kept pairs (about 1.4 per
mention).

Used by `bench/link.py --engine dask --workers N` on a LocalCluster of N worker
processes; `--scheduler tcp://HOST:PORT` would use a running cluster instead
(`dask scheduler`, `dask worker tcp://HOST:PORT`). dask and distributed are the versions
the batch work pins (2026.8.0).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from casefile.link.pairs import ScoredPair
from casefile.link.partitioned import Piece, chunk_blocks, score_part
from casefile.link.russian import NameKey


class DaskScorer:
    """A `linker.Scorer` running on a Dask cluster."""

    def __init__(self, client: Any, chunks: int, parts: int) -> None:
        self.client, self.chunks, self.parts = client, chunks, parts

    def __call__(
        self, keys: Sequence[NameKey], support: Sequence[int], propose: float
    ) -> list[ScoredPair]:
        client, parts = self.client, self.parts
        numbered = list(enumerate(keys))
        size = -(-len(numbered) // self.chunks) or 1
        chunks = [numbered[i : i + size] for i in range(0, len(numbered), size)]
        pieces = client.map(chunk_blocks, chunks, parts=parts, pure=False)
        [keys_f, support_f] = client.scatter([list(keys), list(support)], broadcast=True)
        scored = []
        for p in range(parts):
            mine = [client.submit(lambda ps, i=p: ps[i], f, pure=False) for f in pieces]
            scored.append(client.submit(_score_gathered, mine, keys_f, support_f, propose))
        seen: set[tuple[int, int]] = set()
        out = []
        for result in client.gather(scored):
            for pair in result:  # a pair two partitions both ask for is scored twice
                if (pair.x, pair.y) not in seen:
                    seen.add((pair.x, pair.y))
                    out.append(pair)
        return out


def _score_gathered(
    pieces: list[Piece], keys: Sequence[NameKey], support: Sequence[int], propose: float
) -> list[ScoredPair]:
    return score_part(pieces, keys, support, propose)
