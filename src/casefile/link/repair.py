"""Stage 4 of linking: repairs once the entities are built.

1. A node that waited (it fits two contradicting names: O. Ugrov beside Oleg and Ostap
   Ugrov) joins the entity holding `share` of the mentions it fits (a patronymic initial
   counting for the entity known by that patronymic); otherwise every candidate becomes a
   proposal. Full names are settled first, so that their mentions count for initials.
2. Rare spellings still apart (entities of `small` mentions) are adopted as a typo of a
   larger entity they fit with one edit, even in a short word (Alem for Ales), unless
   the odd word is one other mentions use (Murat beside Marat is a name, not a typo).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from casefile.link.blocking import Blocks, neighbours
from casefile.link.cluster import Graph, Rep
from casefile.link.matcher import typo_score
from casefile.link.pairs import covered
from casefile.link.records import Decision, Link


def settle(
    g: Graph,
    waiting: set[int],
    near: dict[int, list[int]],
    rep: Rep,
    links: list[Link],
    proposals: list[Link],
) -> None:
    """Every waiting node settled, most specific and best attested first."""
    keys = g.keys
    unsettled = set(waiting)
    for v in sorted(waiting, key=lambda n: (-keys[n].specificity, -g.support[n])):
        unsettled.discard(v)
        settle_one(g, v, near[v], unsettled, rep, links, proposals)


def adopt(g: Graph, blocks: Blocks, rep: Rep, links: list[Link], proposals: list[Link]) -> None:
    """Rare spellings still apart: a typo even in a short word (Alem, Igur Shcherbain)
    joins the entity it fits, weighed like a name that fits several entities."""
    keys = g.keys
    words = Counter(
        w for n, k in enumerate(keys) for w in set(k.words) for _ in range(g.support[n])
    )
    members: dict[int, list[int]] = defaultdict(list)
    for n in range(len(keys)):
        members[g.find(n)].append(n)
    for nodes in members.values():
        if sum(g.support[n] for n in nodes) <= g.config.small:
            v = max(nodes, key=lambda n: g.rank[n])
            if keys[v].specificity >= 1:
                own = Counter(
                    w for n in nodes for w in set(keys[n].words) for _ in range(g.support[n])
                )
                adopt_one(g, v, blocks, words, own, rep, links, proposals)


def settle_one(
    g: Graph,
    v: int,
    others: list[int],
    unsettled: set[int],
    rep: Rep,
    links: list[Link],
    proposals: list[Link],
) -> None:
    """Join a name that fits several entities to the one holding most of their mentions.

    The candidates are the entities v's name fits and whose telling names v does not
    contradict (Satpaeva N.R. does not fit a Nadezhda whose patronymic is Petrovna). An
    entity's weight is its share of the candidates' mentions (`patronymic_odds` counting
    for a patronymic), scaled down when its names fit less well than the best fit; v joins
    the heaviest at `SHARE` or more: O. Ugrov beside 90 mentions of Oleg Ugrov and 10 of
    Ostap Ugrov is Oleg; beside 60 and 40 it is a proposal for both.
    """
    best: dict[int, tuple[float, int]] = {}  # root -> (edge score, neighbour)
    for u in others:
        if u in unsettled:
            continue
        r = g.find(u)
        s = g.raw(v, u)
        if r not in best or s > best[r][0]:
            best[r] = (s, u)
    # Only entities that know more than v can claim it: another unsettled Г. Комаренко
    # is no candidate for Г.К. Комаренко.
    spec = g.keys[v].specificity
    here = g.find(v)
    if here in best:  # already one with an entity it fits (an analyst's link)
        return
    best = {
        r: su
        for r, su in best.items()
        if g.specific[r] > spec and g.allowed(here, r) and not g.contradicts(v, r)
    }
    if not best:
        return
    weight = {r: g.mass[r] * g.patronymic_odds(v, r) for r in best}
    total = sum(weight.values())
    top = max(s for s, _ in best.values())
    root = max(best, key=lambda r: (weight[r], best[r][0]))
    for r, (s, u) in best.items():
        scaled = s / top * weight[r] / total
        if r == root and scaled >= g.config.share:
            g.union(root, here)
            reason = f"fits {len(best)} entities; this one holds {weight[r] / total:.0%}"
            links.append(Link(rep(u), rep(v), s, Decision.AUTO, reason=reason))
        else:
            reason = f"fits {len(best)} entities; this one holds {weight[r] / total:.0%}"
            proposals.append(Link(rep(u), rep(v), scaled, Decision.PROPOSED, reason=reason))


def adopt_one(
    g: Graph,
    v: int,
    blocks: Blocks,
    words: Counter[str],
    own: Counter[str],
    rep: Rep,
    links: list[Link],
    proposals: list[Link],
) -> None:
    """Join a rare spelling (the entity of v, of `SMALL` mentions at most) to a larger
    entity it fits with one typo, if that one holds most of the mentions it could be a
    typo of. A word that mentions elsewhere use (`words` counts those) is a name, not a
    typo: a lone Murat Zholdybayev beside Marat Zholdybayev stays apart where Murat is a
    name the documents know. `words` counts the words of all mentions, `own` those of the
    entity of v."""
    key = g.keys[v]
    best: dict[int, tuple[float, int]] = {}
    for u in neighbours(blocks, key):
        if u == v:
            continue
        r = g.find(u)
        if g.mass[r] <= g.mass[g.find(v)] or g.specific[r] < key.specificity:
            continue
        theirs = g.keys[u].words
        if any(words[w] > own[w] for w in key.words if not covered((w,), theirs)):
            continue
        s = typo_score(key, g.keys[u])
        if s >= g.config.typo_fit and (r not in best or s > best[r][0]):
            best[r] = (s, u)
    here = g.find(v)
    if here in best:  # already one with an entity it fits (an analyst's link)
        return
    best = {
        r: su
        for r, su in best.items()
        if g.allowed(here, r) and not g.contradicts(v, r, lenient=True)
    }
    if not best:
        return
    weight = {r: g.mass[r] * g.patronymic_odds(v, r) for r in best}
    total = sum(weight.values())
    top = max(s for s, _ in best.values())
    root = max(best, key=lambda r: (best[r][0], weight[r]))
    s, u = best[root]
    scaled = s / top * weight[root] / total
    reason = f"a one-off spelling; this entity holds {weight[root] / total:.0%} of those it fits"
    if scaled >= g.config.share:
        g.union(root, here)
        links.append(Link(rep(u), rep(v), s, Decision.AUTO, reason=reason))
    elif scaled >= g.config.propose:
        proposals.append(Link(rep(u), rep(v), scaled, Decision.PROPOSED, reason=reason))
