"""Stage 3 of linking: entities built from the scored pairs, under an analyst's decisions.

1. An analyst's decisions first: `cannot` pairs are kept apart through every later
   join, `must` pairs are joined (and their names veto nothing: a confirmed pseudonym).
2. A node compatible with two contradicting names at least as specific as itself (Иван
   Сидоров beside Иван Петрович and Иван Сергеевич Сидоров) *waits*: the repair stage
   settles it once the entities are built (`repair.settle`).
3. Union-find over the automatic pairs in order of score, refusing a join that would put
   two contradicting names (another patronymic, gender, given name) in one entity. An
   entity is judged by its best-attested names and by every patronymic and gender it
   holds, so that a one-off typo cannot veto a join and a namesake's patronymic can.
   A pair below `auto`, or attested apart, is a proposal.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from casefile.link.config import DEFAULT, LinkConfig
from casefile.link.matcher import patronymic_factor, score_names, typo_score
from casefile.link.pairs import ScoredPair, attested_apart
from casefile.link.records import Decision, Link
from casefile.link.russian import NameKey
from casefile.link.translit import is_letter_set

Pair = tuple[str, str]
Rep = Callable[[int], str]  # a node's representative mention id


class Graph:
    """Entities as a union-find over name nodes, with what each entity may not join."""

    def __init__(
        self, keys: Sequence[NameKey], support: Sequence[int], config: LinkConfig = DEFAULT
    ) -> None:
        self.keys, self.support, self.config = keys, support, config
        self.edges: dict[tuple[int, int], float] = {}
        self.parent = list(range(len(keys)))
        # Exemplars: attested spellings first, so that a one-off typo cannot veto a join.
        self.rank = [(s > 1, k.specificity, s) for k, s in zip(keys, support, strict=True)]
        self.exemplars: dict[int, list[int]] = {n: [n] for n in range(len(keys))}
        self.mass = list(support)  # mentions per root
        self.specific = [k.specificity for k in keys]  # the most specific name per root
        # Per root, the best-attested name for each patronymic and gender it holds: a
        # namesake's patronymic must veto a join even when it is not among the exemplars
        # (Руслан Бахтиёрович Кудайбергенбеков reaching Руслан Ерланович's entity through
        # the plain Руслан Кудайбергенбеков).
        self.traits: dict[int, dict[str, int]] = {n: traits_of(k, n) for n, k in enumerate(keys)}
        self.apart: dict[int, set[int]] = {}  # root -> nodes its entity must not join
        self.silent: set[int] = set()  # nodes an analyst linked: no vetoes from their names

    def silence(self, n: int) -> None:
        """Node n (an analyst linked it) no longer speaks against joins to its entity."""
        self.rank[n] = (False, -1, 0)
        root = self.find(n)
        self.traits[root] = {t: m for t, m in self.traits[root].items() if m != n}
        self.silent.add(n)

    def keep_apart(self, x: int, y: int) -> None:
        """Nodes x and y (and so their entities) must never be joined."""
        self.apart.setdefault(self.find(x), set()).add(y)
        self.apart.setdefault(self.find(y), set()).add(x)

    def allowed(self, ra: int, rb: int) -> bool:
        """Whether the entities at roots ra and rb may be joined."""
        if ra == rb:
            return True
        return not any(self.find(n) == rb for n in self.apart.get(ra, ())) and not any(
            self.find(n) == ra for n in self.apart.get(rb, ())
        )

    def raw(self, x: int, y: int) -> float:
        pair = (x, y) if x < y else (y, x)
        s = self.edges.get(pair)
        return s if s is not None else score_names(self.keys[x], self.keys[y])

    def attested_apart(self, x: int, y: int) -> bool:
        """Both spellings seen more than once, and they agree only up to edits."""
        return attested_apart(self.keys[x], self.keys[y], self.support[x], self.support[y])

    def different(self, x: int, y: int) -> bool:
        s = self.raw(x, y)
        return s < self.config.different or (s < 1.0 and self.attested_apart(x, y))

    def find(self, n: int) -> int:
        while self.parent[n] != n:
            self.parent[n] = self.parent[self.parent[n]]
            n = self.parent[n]
        return n

    def conflict(self, ra: int, rb: int) -> bool:
        return any(self.different(x, y) for x in self._telling(ra) for y in self._telling(rb))

    def contradicts(self, v: int, root: int, lenient: bool = False) -> bool:
        """Whether node v contradicts a telling name of the entity at root (`lenient`: even
        if one of v's words is a typo)."""
        if lenient:
            limit = self.config.different
            return any(typo_score(self.keys[v], self.keys[x]) < limit for x in self._telling(root))
        return any(self.different(v, x) for x in self._telling(root))

    def patronymic_odds(self, v: int, root: int) -> float:
        """How much the patronymic of v speaks for the entity at root: fully when the
        entity is known by a matching patronymic; when it is known by none, as much as a
        patronymic picked at random would match (Y.V. Mamadshobekov is Yaroslav
        Valentinovich rather than an Igor whose patronymic nobody wrote)."""
        mine = self.keys[v].patronymic
        if mine is None:
            return 1.0
        known = [n for t, n in self.traits[root].items() if t.startswith("p:")]
        if not known:
            return self.config.unknown_patronymic
        theirs = (self.keys[n].patronymic for n in known)
        return 1.0 if any(patronymic_factor(mine, p) == 1.0 for p in theirs) else 0.0

    def _telling(self, root: int) -> list[int]:
        speaking = [n for n in self.exemplars[root] if n not in self.silent]
        attested = [n for n in speaking if self.support[n] > 1]
        telling = attested or speaking
        return telling + [n for n in self.traits[root].values() if n not in telling]

    def union(self, ra: int, rb: int) -> None:
        self.parent[rb] = ra
        self.mass[ra] += self.mass[rb]
        self.specific[ra] = max(self.specific[ra], self.specific[rb])
        merged = self.exemplars[ra] + self.exemplars.pop(rb)
        self.exemplars[ra] = sorted(merged, key=lambda n: self.rank[n], reverse=True)[:3]
        if rb in self.apart:
            self.apart.setdefault(ra, set()).update(self.apart.pop(rb))
        traits = self.traits[ra]
        for trait, n in self.traits.pop(rb).items():
            if trait not in traits or self.rank[n] > self.rank[traits[trait]]:
                traits[trait] = n


def traits_of(key: NameKey, node: int) -> dict[str, int]:
    out = {}
    if key.patronymic and not is_letter_set(key.patronymic):
        out["p:" + key.patronymic] = node
    if key.gender:
        out["g:" + key.gender] = node
    return out


def constrain(
    g: Graph,
    node_of: dict[str, int],
    must: Iterable[Pair],
    cannot: Iterable[Pair],
    links: list[Link],
) -> None:
    """An analyst's decisions, as pairs of mention ids (unknown ids ignored): `cannot`
    pairs kept apart, `must` pairs joined; ValueError when they contradict each other."""
    for a, b in cannot:
        if a in node_of and b in node_of and a != b:
            g.keep_apart(node_of[a], node_of[b])
    # An analyst's links first, so that what they keep apart stays apart from everything
    # they joined. The names they joined say nothing against later joins: a confirmed
    # pseudonym (Marat Sary) must not veto Marat Zholdybayev as a contradiction.
    for a, b in must:
        if a in node_of and b in node_of:
            x, y = node_of[a], node_of[b]
            g.silence(x)
            g.silence(y)
            ra, rb = g.find(x), g.find(y)
            if ra == rb:
                continue
            if not g.allowed(ra, rb):
                raise ValueError(
                    f"mentions {a} and {b} must be linked, but that joins a pair that cannot be"
                )
            g.union(ra, rb)
            links.append(
                Link(a, b, g.raw(x, y), Decision.CONFIRMED, who="analyst", reason="must link")
            )


def join_same(g: Graph, same: Iterable[tuple[int, int]], rep: Rep, links: list[Link]) -> None:
    """Nodes spelt alike (a mention set apart by a decision and the others) joined,
    unless a decision keeps them apart."""
    for x, y in same:
        rx, ry = g.find(x), g.find(y)
        if rx != ry and g.allowed(rx, ry):
            g.union(rx, ry)
            links.append(Link(rep(y), rep(x), 1.0, Decision.AUTO, reason="same name"))


def near_pairs(g: Graph, scored: Sequence[ScoredPair]) -> dict[int, list[int]]:
    """Each node's neighbours by an automatic pair (at `auto`, not attested apart)."""
    near: dict[int, list[int]] = defaultdict(list)
    for p in scored:
        if p.score >= g.config.auto and not p.attested_apart:
            near[p.x].append(p.y)
            near[p.y].append(p.x)
    return near


def waiting_nodes(g: Graph, near: dict[int, list[int]]) -> set[int]:
    """Nodes that fit two contradicting names at least as specific as themselves."""
    waiting = set()
    for v, others in near.items():
        floor = min(2, g.support[v])  # one-off spellings never make an attested one wait
        # Only names at least as specific as v can show it ambiguous: Жаслан Сатпакуов
        # does not wait because Ж. Сатпакуов and Z.D. Satpakuov disagree.
        spec = g.keys[v].specificity
        others = [u for u in others if g.support[u] >= floor and g.keys[u].specificity >= spec]
        if any(g.different(u, w) for u, w in itertools.combinations(others, 2)):
            waiting.add(v)
    return waiting


def cluster(
    g: Graph,
    scored: Sequence[ScoredPair],
    near: dict[int, list[int]],
    waiting: set[int],
    rep: Rep,
    links: list[Link],
    proposals: list[Link],
) -> None:
    """Join automatic pairs best first; what cannot be joined is proposed."""
    auto = g.config.auto
    for p in sorted(scored, key=lambda p: -p.score):
        x, y, s = p.x, p.y, p.score
        if x in waiting or y in waiting:
            continue
        if s < auto or p.attested_apart:
            proposals.append(Link(rep(x), rep(y), s, Decision.PROPOSED))
            continue
        rx, ry = g.find(x), g.find(y)
        if rx == ry or not g.allowed(rx, ry):
            continue
        if g.conflict(rx, ry):
            proposals.append(Link(rep(x), rep(y), s, Decision.PROPOSED, reason="contradicts"))
            continue
        g.union(rx, ry)
        links.append(Link(rep(x), rep(y), s, Decision.AUTO))
    # The spellings of a name an analyst linked follow it, even where another name of the
    # entity (the pseudonym) contradicts them.
    for x in sorted(g.silent):
        for u in near[x]:
            rx, ru = g.find(x), g.find(u)
            if rx != ru and u not in waiting and g.allowed(rx, ru):
                g.union(rx, ru)
                links.append(Link(rep(x), rep(u), g.raw(x, u), Decision.AUTO, reason="same name"))
