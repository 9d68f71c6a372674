"""Stage 2 of linking: the candidate pairs scored, and the ones worth anything kept.

A `ScoredPair` is kept for every pair scoring `propose` or more, with what made its score
(`matcher.Detail`: surname and given-name similarity, gender and patronymic factors) and
whether the two spellings are *attested apart* (each seen more than once, agreeing only
up to edits: Karimov / Kerimov are more likely two people than a typo). Scoring is a pure
function of the two names and their support, so the pairs of a block can be scored where
the block is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from casefile.link.matcher import Detail, score_detail, word_similarity
from casefile.link.russian import NameKey


@dataclass(frozen=True, slots=True)
class ScoredPair:
    """Two nodes (numbers into the linker's names) and what their names say."""

    x: int
    y: int
    detail: Detail
    attested_apart: bool

    @property
    def score(self) -> float:
        return self.detail.score

    def features(self) -> dict[str, float | bool]:
        """The score and its factors, by name (for the link queue and the benchmark)."""
        return {**self.detail._asdict(), "attested_apart": self.attested_apart}


def covered(small: Sequence[str], large: Sequence[str]) -> bool:
    """Every word of `small` is a word of `large`, read alike (Asxat / Askhat)."""
    return all(any(word_similarity(w, o) == 1.0 for o in large) for w in small)


def attested_apart(kx: NameKey, ky: NameKey, sx: int, sy: int) -> bool:
    """Both spellings seen more than once (supports `sx`, `sy`), and they agree only up
    to edits."""
    if min(sx, sy) < 2:
        return False
    return not (covered(kx.words, ky.words) or covered(ky.words, kx.words))


def score_pair(keys: Sequence[NameKey], support: Sequence[int], x: int, y: int) -> ScoredPair:
    detail = score_detail(keys[x], keys[y])
    return ScoredPair(x, y, detail, attested_apart(keys[x], keys[y], support[x], support[y]))


def score_pairs(
    keys: Sequence[NameKey],
    support: Sequence[int],
    pairs: Iterable[tuple[int, int]],
    propose: float,
) -> list[ScoredPair]:
    """The pairs scoring `propose` or more, in the order given."""
    kept = []
    for x, y in pairs:
        detail = score_detail(keys[x], keys[y])
        if detail.score >= propose:
            apart = attested_apart(keys[x], keys[y], support[x], support[y])
            kept.append(ScoredPair(x, y, detail, apart))
    return kept
