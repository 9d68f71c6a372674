"""Scoring two person names, and linking many mentions into entities.

`score_names` compares two parsed names (`russian.NameKey`): the surname pair is
whichever alignment of words scores best (name order is unknown), the rest are given
names, compared strictly: after folding, a variant spelling of one name is the same
string, so what still differs is a typo or another name (Oleg / Olga). Edit distances
come from rapidfuzz.

`link` groups mentions whose names parse to the same key, compares keys within blocks
(an initial of one word plus the consonant skeleton of another), and joins them by
union-find in order of score, refusing any join that would put two clearly different
names in one entity. A name that fits two such entities equally (О. Орлов beside Oleg
and Olga Orlov) joins neither: its links become proposals for an analyst.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from casefile.link.records import Decision, Link
from casefile.link.russian import NameKey, parse_name
from casefile.link.translit import skeleton

AUTO = 0.85  # at or above: linked without review
PROPOSE = 0.5  # at or above (and below AUTO): a proposal for an analyst


@dataclass(frozen=True, slots=True)
class Mention:
    id: str
    name: str


@dataclass
class LinkResult:
    clusters: list[list[str]]  # mention ids; one list an entity
    links: list[Link] = field(default_factory=list)  # the automatic links that built them
    proposals: list[Link] = field(default_factory=list)  # pairs an analyst should decide


def word_similarity(a: str, b: str) -> float:
    """1.0 equal; 0.94/0.88 for one/two edits where the word is long enough to allow a typo;
    below 0.6 otherwise. Short words allow none: Oleg and Olga are two names."""
    if a == b:
        return 1.0
    longest = max(len(a), len(b))
    allowed = 0 if longest <= 4 else 1 if longest <= 7 else 2
    d = OSA.distance(a, b, score_cutoff=max(allowed, longest))
    if d <= allowed:
        return 1.0 - 0.06 * d
    return 0.6 * max(0.0, 1.0 - d / longest)


def _given_factor(
    ga: Sequence[str], ia: Sequence[str], gb: Sequence[str], ib: Sequence[str]
) -> float:
    if ga and gb:
        return max(word_similarity(x, y) for x in ga for y in gb)
    letters_a = {w[0] for w in ga} | set(ia)
    letters_b = {w[0] for w in gb} | set(ib)
    if not letters_a or not letters_b:
        return 0.55  # a surname alone: never enough for an automatic link
    if letters_a & letters_b:
        return 0.9 if (ga or gb) else 0.88  # О. Орлов ~ Олег Орлов
    return 0.1


def _patronymic_factor(pa: str | None, pb: str | None) -> float:
    if pa is None or pb is None:
        return 1.0  # most mentions leave it out
    if pa[0] != pb[0]:
        return 0.2
    if len(pa) == 1 or len(pb) == 1:
        return 1.0
    return 1.0 if word_similarity(pa, pb) >= 0.88 else 0.2


def score_names(a: NameKey, b: NameKey) -> float:
    """How likely two parsed person names are one person, from the names alone (0..1)."""
    best = 0.0
    common = 1.0
    if a.gender and b.gender and a.gender != b.gender:
        common = 0.6  # Orlov / Orlova: the family, perhaps not the person
    common *= _patronymic_factor(a.patronymic, b.patronymic)
    for i, sa in enumerate(a.words):
        for j, sb in enumerate(b.words):
            surname = word_similarity(sa, sb)
            if surname * common <= best:
                continue
            given = _given_factor(
                a.words[:i] + a.words[i + 1 :],
                a.initials,
                b.words[:j] + b.words[j + 1 :],
                b.initials,
            )
            best = max(best, surname * given * common)
    return best


def score(a: str, b: str) -> float:
    """`score_names` for two raw names in any script, order or case."""
    return score_names(parse_name(a), parse_name(b))


def _block_keys(key: NameKey) -> tuple[list[tuple[str, ...]], list[str]]:
    """Blocks a name falls in: an initial of one word with the skeleton of another
    (start and end, so that one typo cannot hide it from both), and bare-surname blocks."""
    keys: list[tuple[str, ...]] = []
    bare: list[str] = []
    for i, word in enumerate(key.words):
        skel = skeleton(word)
        bare.append(skel[:3])
        letters = {w[0] for k, w in enumerate(key.words) if k != i} | set(key.initials)
        for letter in letters:
            keys.append(("p", letter, skel[:3]))
            keys.append(("s", letter, skel[-3:]))
    return keys, bare


def candidate_pairs(keys: Sequence[NameKey]) -> set[tuple[int, int]]:
    """Index pairs worth scoring; everything else is taken to be different people."""
    blocks: dict[tuple[str, ...], list[int]] = defaultdict(list)
    bare_blocks: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for n, key in enumerate(keys):
        full, bare = _block_keys(key)
        for k in full:
            blocks[k].append(n)
        is_bare = not key.initials and len(key.words) == 1
        for k2 in bare:
            bare_blocks[k2][0 if is_bare else 1].append(n)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        pairs.update(itertools.combinations(members, 2))
    for lone, others in bare_blocks.values():
        pairs.update((min(x, y), max(x, y)) for x in lone for y in lone + others if x != y)
    return pairs


class _Clusters:
    """Union-find over name keys that remembers each cluster's most telling names."""

    def __init__(self, keys: Sequence[NameKey], support: Sequence[int]) -> None:
        self.parent = list(range(len(keys)))
        self.keys = keys
        self.rank = [(k.specificity, s) for k, s in zip(keys, support, strict=True)]
        self.exemplars: dict[int, list[int]] = {n: [n] for n in range(len(keys))}

    def find(self, n: int) -> int:
        while self.parent[n] != n:
            self.parent[n] = self.parent[self.parent[n]]
            n = self.parent[n]
        return n

    def conflict(self, ra: int, rb: int, auto: float) -> bool:
        return any(
            score_names(self.keys[x], self.keys[y]) < auto
            for x in self.exemplars[ra]
            for y in self.exemplars[rb]
        )

    def union(self, ra: int, rb: int) -> None:
        self.parent[rb] = ra
        merged = self.exemplars[ra] + self.exemplars.pop(rb)
        self.exemplars[ra] = sorted(merged, key=lambda n: self.rank[n], reverse=True)[:2]


def link(
    mentions: Iterable[Mention], *, auto: float = AUTO, propose: float = PROPOSE
) -> LinkResult:
    """Cluster person mentions into entities; every link scored, doubtful ones proposed."""
    by_key: dict[NameKey, list[Mention]] = defaultdict(list)
    for mention in mentions:
        by_key[parse_name(mention.name)].append(mention)
    keys = [k for k in by_key if k.words]
    groups = [by_key[k] for k in keys]
    support = [len(g) for g in groups]

    edges: dict[tuple[int, int], float] = {}
    for x, y in candidate_pairs(keys):
        s = score_names(keys[x], keys[y])
        if s >= propose:
            # Two spellings each attested more than once that differ by a letter are more
            # likely two people (Karimov / Kerimov) than a typo: propose, do not link.
            if s >= auto and min(support[x], support[y]) >= 2 and _fuzzy(keys[x], keys[y]):
                s = auto - 0.01
            edges[(x, y)] = s

    neighbours: dict[int, list[int]] = defaultdict(list)
    for (x, y), s in edges.items():
        if s >= auto:
            neighbours[x].append(y)
            neighbours[y].append(x)

    def edge_score(x: int, y: int) -> float:
        pair = (x, y) if x < y else (y, x)
        return edges[pair] if pair in edges else score_names(keys[x], keys[y])

    ambiguous = set()
    for v, near in neighbours.items():
        floor = min(2, support[v])  # one-off spellings never make an attested one ambiguous
        near = [u for u in near if support[u] >= floor]
        if any(edge_score(u, w) < auto for u, w in itertools.combinations(near, 2)):
            ambiguous.add(v)

    clusters = _Clusters(keys, support)
    links: list[Link] = []
    proposals: list[Link] = []
    for (x, y), s in sorted(edges.items(), key=lambda e: -e[1]):
        a, b = groups[x][0].id, groups[y][0].id
        if s < auto or x in ambiguous or y in ambiguous:
            proposals.append(Link(a, b, s, Decision.PROPOSED))
            continue
        rx, ry = clusters.find(x), clusters.find(y)
        if rx == ry:
            continue
        if clusters.conflict(rx, ry, auto):
            proposals.append(Link(a, b, s, Decision.PROPOSED, reason="conflicts with entity"))
            continue
        clusters.union(rx, ry)
        links.append(Link(a, b, s, Decision.AUTO))

    out: dict[int, list[str]] = defaultdict(list)
    result_clusters: list[list[str]] = []
    for n, group in enumerate(groups):
        if n in ambiguous:  # each mention alone: the analyst decides them one by one
            result_clusters.extend([m.id] for m in group)
            continue
        out[clusters.find(n)].extend(m.id for m in group)
        first = group[0].id
        links.extend(Link(first, m.id, 1.0, Decision.AUTO, reason="same name") for m in group[1:])
    result_clusters.extend(out.values())
    # Mentions whose name has no full word (initials only, empty) stay alone.
    result_clusters.extend([m.id] for k, g in by_key.items() if not k.words for m in g)
    return LinkResult(result_clusters, links, _dedupe(proposals))


def _fuzzy(a: NameKey, b: NameKey) -> bool:
    """True when neither name's words are all among the other's: they agree only by edits."""
    wa, wb = set(a.words), set(b.words)
    return not (wa <= wb or wb <= wa)


def _dedupe(proposals: list[Link]) -> list[Link]:
    seen: set[frozenset[str]] = set()
    out = []
    for p in proposals:
        pair = frozenset((p.a, p.b))
        if pair not in seen:
            seen.add(pair)
            out.append(p)
    return out
