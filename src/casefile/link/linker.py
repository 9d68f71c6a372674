"""Linking many person mentions into entities, fast, with every link scored.

The stages, each a module a reader can follow on its own and a cluster can run apart:

0. Nodes: mentions whose names parse to the same `NameKey` are one node (Олега Угрова and
   Oleg Ugrov are the same node); a node's *support* is its number of mentions. A mention
   named in an analyst's decision is a node of its own.
1. `blocking`: which pairs of nodes are worth scoring.
2. `pairs`: the pairs scored, those at `propose` or more kept as `ScoredPair`s with the
   factors that made the score (`LinkResult.scored`).
3. `cluster`: an analyst's `must` / `cannot` decisions, then union-find over the
   automatic pairs with contradiction checks.
4. `repair`: names that fit several entities settled by share, one-off typos adopted.
5. `proposals`: what is left to ask, one question per pair of entities, each entity
   asked about its likeliest match.

The thresholds are a `config.LinkConfig` (`[link]` in casefile.toml).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from casefile.link import blocking
from casefile.link.cluster import Graph, Pair, cluster, constrain, join_same, near_pairs
from casefile.link.cluster import waiting_nodes as _waiting
from casefile.link.config import DEFAULT, LinkConfig
from casefile.link.pairs import ScoredPair, score_pairs
from casefile.link.proposals import ask
from casefile.link.records import Decision, Link
from casefile.link.repair import adopt, settle
from casefile.link.russian import NameKey, parse_name

# Stages 1 and 2 as one function of the names, their support and `propose`: the default
# runs them here (`local_pairs`); `bench/link_dask.py` runs them on a Dask cluster.
Scorer = Callable[[Sequence[NameKey], Sequence[int], float], list[ScoredPair]]


def local_pairs(
    keys: Sequence[NameKey], support: Sequence[int], propose: float
) -> list[ScoredPair]:
    return score_pairs(keys, support, blocking.candidate_pairs(keys), propose)


@dataclass(frozen=True, slots=True)
class Mention:
    id: str
    name: str


@dataclass
class LinkResult:
    clusters: list[list[str]]  # mention ids; one list an entity
    links: list[Link] = field(default_factory=list)  # the links that built them (auto, confirmed)
    proposals: list[Link] = field(default_factory=list)  # pairs an analyst should decide
    # Every pair scored `propose` or more, nodes numbered as in `names`.
    scored: list[ScoredPair] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # each node's first mention id


@dataclass
class Nodes:
    keys: list[NameKey]
    groups: list[list[Mention]]  # the mentions of each node
    loose: list[Mention]  # no full word (initials only, empty): each alone
    constrained: set[str]

    def rep(self, n: int) -> str:
        return self.groups[n][0].id


def nodes(mentions: Iterable[Mention], constrained: set[str]) -> Nodes:
    """Stage 0: mentions grouped by parsed name; a constrained mention alone."""
    by_key: dict[NameKey, list[Mention]] = defaultdict(list)
    out = Nodes([], [], [], constrained)
    for mention in mentions:
        key = parse_name(mention.name)
        if mention.id in constrained:  # its own node, so that a namesake can be kept apart
            out.keys.append(key)
            out.groups.append([mention])
        elif key.words:
            by_key[key].append(mention)
        else:
            out.loose.append(mention)
    for key, group in by_key.items():
        out.keys.append(key)
        out.groups.append(group)
    return out


def link(
    mentions: Iterable[Mention],
    *,
    auto: float | None = None,
    propose: float | None = None,
    must: Iterable[Pair] = (),
    cannot: Iterable[Pair] = (),
    config: LinkConfig = DEFAULT,
    scorer: Scorer = local_pairs,
) -> LinkResult:
    """Cluster person mentions into entities; every link scored, doubtful ones proposed.

    `must` and `cannot` are an analyst's decisions, as pairs of mention ids: a `must` pair
    ends in one entity whatever the names say (a confirmed link: `Decision.CONFIRMED`,
    joined after the automatic links, with everything each mention was linked to);
    a `cannot` pair never does, not even through other mentions, and is never proposed
    again (a rejected link), even when the two mentions spell the name alike (namesakes).
    Pairs naming a mention not in `mentions` are ignored. Constraints that contradict each
    other (a `cannot` pair joined by a chain of `must` pairs) raise ValueError.
    `auto` and `propose`, when given, override the `config`'s; `scorer` computes the
    scored pairs (stages 1 and 2), here or on a cluster.
    """
    if auto is not None or propose is not None:
        from dataclasses import replace

        config = replace(
            config,
            auto=config.auto if auto is None else auto,
            propose=config.propose if propose is None else propose,
        )
    must, cannot = list(must), list(cannot)
    ns = nodes(mentions, {m for pair in (*must, *cannot) for m in pair})
    keys, groups, rep = ns.keys, ns.groups, ns.rep
    g = Graph(keys, [len(m) for m in groups], config)
    node_of = {m.id: n for n, group in enumerate(groups) for m in group}

    links: list[Link] = []
    constrain(g, node_of, must, cannot, links)
    # A mention set apart by a decision is still one with the others spelt alike.
    node_of_key = {key: n for n, key in enumerate(keys) if rep(n) not in ns.constrained}
    same = [
        (x, node_of_key[key])
        for x, key in enumerate(keys)
        if key in node_of_key and rep(x) in ns.constrained
    ]
    join_same(g, same, rep, links)

    # In pair order, so that every engine gives the same pairs in the same order (and
    # the same entities: ties of score are joined in this order).
    scored = sorted(scorer(keys, g.support, config.propose), key=lambda p: (p.x, p.y))
    g.edges = {(p.x, p.y): p.score for p in scored}
    near = near_pairs(g, scored)
    waiting = _waiting(g, near)
    proposals: list[Link] = []
    cluster(g, scored, near, waiting, rep, links, proposals)
    settle(g, waiting, near, rep, links, proposals)
    adopt(g, blocking.index(keys), rep, links, proposals)

    out: dict[int, list[str]] = defaultdict(list)
    for n, group in enumerate(groups):
        out[g.find(n)].extend(m.id for m in group)
        links.extend(Link(rep(n), m.id, 1.0, Decision.AUTO, reason="same name") for m in group[1:])
    clusters = list(out.values())
    clusters.extend([m.id] for m in ns.loose)
    asked = ask(g, node_of, proposals, config.per_entity, config.ask_mass)
    return LinkResult(clusters, links, asked, scored, [rep(n) for n in range(len(keys))])
