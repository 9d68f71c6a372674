"""Linking many person mentions into entities, fast, with every link scored.

1. Mentions whose names parse to the same `NameKey` are one node (Олега Угрова and
   Oleg Ugrov are the same node); a node's *support* is its number of mentions. A
   mention named in an analyst's decision is a node of its own.
2. An analyst's decisions first: `cannot` pairs are kept apart through every later
   join, `must` pairs are joined (and their names veto nothing: a confirmed pseudonym).
3. Blocking: nodes are compared only when they share a first letter of one word (as a
   set of Cyrillic letters: `translit.first_letters`) and the start or end of another
   word's consonant skeleton (one typo cannot hide both).
4. Union-find over automatic edges in order of score, refusing a join that would put
   two contradicting names (another patronymic, gender, given name) in one entity. An
   entity is judged by its best-attested names and by every patronymic and gender it
   holds, so that a one-off typo cannot veto a join and a namesake's patronymic can.
5. A node compatible with two contradicting names at least as specific as itself (Иван
   Сидоров beside Иван Петрович and Иван Сергеевич Сидоров; О. Угров beside Oleg and
   Ostap Ugrov) waits until the entities are built, then joins the one holding `SHARE`
   of the mentions it fits (a patronymic initial counting for the entity known by that
   patronymic); otherwise every candidate becomes a proposal.
6. Rare spellings still apart (entities of `SMALL` mentions) are adopted as a typo of a
   larger entity they fit with one edit, even in a short word (Alem for Ales), unless
   the odd word is one other mentions use (Murat beside Marat is a name, not a typo).

Two spellings each attested more than once that differ by an edit (Karimov / Kerimov)
are more likely two people than a typo, so their link is proposed, not made.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from casefile.link.matcher import (
    AUTO,
    DIFFERENT,
    PROPOSE,
    patronymic_factor,
    score_names,
    typo_score,
    word_similarity,
)
from casefile.link.records import Decision, Link
from casefile.link.russian import NameKey, parse_name
from casefile.link.translit import is_letter_set, skeleton

# A name that fits several entities (O. Ugrov: Oleg, Ostap) joins the one holding at least
# this share of the mentions it fits; the link keeps the names' score, the share is in its
# reason; below, every candidate is a proposal scored by the names' score times the share.
SHARE = 0.8
# The chance that a patronymic nobody wrote for an entity matches the one a mention gives.
UNKNOWN_PATRONYMIC = 0.15
# How well a one-off spelling must fit, typo allowed, to be adopted by an entity: one typo
# in a full name (0.94), or in the surname of an initial and surname (0.85).
TYPO_FIT = 0.84
# Entities of this many mentions or fewer may be a typo of a larger one (the same typo
# made twice is not rare for a person named a hundred times).
SMALL = 3


@dataclass(frozen=True, slots=True)
class Mention:
    id: str
    name: str


@dataclass
class LinkResult:
    clusters: list[list[str]]  # mention ids; one list an entity
    links: list[Link] = field(default_factory=list)  # the links that built them (auto, confirmed)
    proposals: list[Link] = field(default_factory=list)  # pairs an analyst should decide


def _block_keys(key: NameKey) -> tuple[list[tuple[str, str, str]], list[str]]:
    keys: list[tuple[str, str, str]] = []
    bare: list[str] = []
    for i, word in enumerate(key.words):
        skel = skeleton(word)
        bare.append(skel[:3])
        letters = set("".join(key.initials)).union(
            *(key.first_of(k) for k in range(len(key.words)) if k != i)
        )
        for letter in letters:
            keys.append(("p", letter, skel[:3]))
            keys.append(("s", letter, skel[-3:]))
    return keys, bare


_Blocks = dict[tuple[str, str, str], list[int]]
_BareBlocks = dict[str, tuple[list[int], list[int]]]


def candidate_pairs(keys: Sequence[NameKey]) -> set[tuple[int, int]]:
    """Index pairs worth scoring; every other pair is taken to be two people."""
    return _pairs(*_index(keys))


def _index(keys: Sequence[NameKey]) -> tuple[_Blocks, _BareBlocks]:
    blocks: _Blocks = defaultdict(list)
    bare_blocks: _BareBlocks = defaultdict(lambda: ([], []))
    for n, key in enumerate(keys):
        full, bare = _block_keys(key)
        for k in full:
            blocks[k].append(n)
        is_bare = not key.initials and len(key.words) == 1
        for k2 in bare:  # a surname alone is compared with every name holding it
            bare_blocks[k2][0 if is_bare else 1].append(n)
    return blocks, bare_blocks


def _pairs(blocks: _Blocks, bare_blocks: _BareBlocks) -> set[tuple[int, int]]:
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        pairs.update(itertools.combinations(members, 2))
    for lone, others in bare_blocks.values():
        pairs.update((min(x, y), max(x, y)) for x in lone for y in lone + others if x != y)
    return pairs


def _covered(small: Sequence[str], large: Sequence[str]) -> bool:
    """Every word of `small` is a word of `large`, read alike (Asxat / Askhat)."""
    return all(any(word_similarity(w, o) == 1.0 for o in large) for w in small)


class _Graph:
    def __init__(self, keys: Sequence[NameKey], support: Sequence[int], auto: float) -> None:
        self.keys, self.support, self.auto = keys, support, auto
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
        self.traits: dict[int, dict[str, int]] = {n: _traits(k, n) for n, k in enumerate(keys)}
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
        if min(self.support[x], self.support[y]) < 2:
            return False
        wx, wy = self.keys[x].words, self.keys[y].words
        return not (_covered(wx, wy) or _covered(wy, wx))

    def different(self, x: int, y: int) -> bool:
        s = self.raw(x, y)
        return s < DIFFERENT or (s < 1.0 and self.attested_apart(x, y))

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
            return any(
                typo_score(self.keys[v], self.keys[x]) < DIFFERENT for x in self._telling(root)
            )
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
            return UNKNOWN_PATRONYMIC
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


def _traits(key: NameKey, node: int) -> dict[str, int]:
    out = {}
    if key.patronymic and not is_letter_set(key.patronymic):
        out["p:" + key.patronymic] = node
    if key.gender:
        out["g:" + key.gender] = node
    return out


Pair = tuple[str, str]


def link(
    mentions: Iterable[Mention],
    *,
    auto: float = AUTO,
    propose: float = PROPOSE,
    must: Iterable[Pair] = (),
    cannot: Iterable[Pair] = (),
) -> LinkResult:
    """Cluster person mentions into entities; every link scored, doubtful ones proposed.

    `must` and `cannot` are an analyst's decisions, as pairs of mention ids: a `must` pair
    ends in one entity whatever the names say (a confirmed link: `Decision.CONFIRMED`,
    joined after the automatic links, with everything each mention was linked to);
    a `cannot` pair never does, not even through other mentions, and is never proposed
    again (a rejected link), even when the two mentions spell the name alike (namesakes).
    Pairs naming a mention not in `mentions` are ignored. Constraints that contradict each
    other (a `cannot` pair joined by a chain of `must` pairs) raise ValueError.
    """
    must, cannot = list(must), list(cannot)
    constrained = {m for pair in (*must, *cannot) for m in pair}
    by_key: dict[NameKey, list[Mention]] = defaultdict(list)
    loose: list[Mention] = []  # no full word (initials only, empty): each alone
    groups: list[list[Mention]] = []
    keys: list[NameKey] = []
    for mention in mentions:
        key = parse_name(mention.name)
        if mention.id in constrained:  # its own node, so that a namesake can be kept apart
            keys.append(key)
            groups.append([mention])
        elif key.words:
            by_key[key].append(mention)
        else:
            loose.append(mention)
    for key, group in by_key.items():
        keys.append(key)
        groups.append(group)
    g = _Graph(keys, [len(m) for m in groups], auto)
    node_of = {m.id: n for n, group in enumerate(groups) for m in group}

    def rep(n: int) -> str:
        return groups[n][0].id

    links: list[Link] = []
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

    # A mention set apart by a decision is still one with the others spelt alike.
    node_of_key = {key: n for n, key in enumerate(keys) if groups[n][0].id not in constrained}
    for x, key in enumerate(keys):
        same = node_of_key.get(key)
        if same is not None and groups[x][0].id in constrained:
            rx, ry = g.find(x), g.find(same)
            if rx != ry and g.allowed(rx, ry):
                g.union(rx, ry)
                links.append(Link(rep(same), rep(x), 1.0, Decision.AUTO, reason="same name"))

    near: dict[int, list[int]] = defaultdict(list)
    blocks, bare_blocks = _index(keys)
    for x, y in _pairs(blocks, bare_blocks):
        s = score_names(keys[x], keys[y])
        if s >= propose:
            g.edges[(x, y)] = s
            if s >= auto and not g.attested_apart(x, y):
                near[x].append(y)
                near[y].append(x)

    waiting = set()
    for v, others in near.items():
        floor = min(2, g.support[v])  # one-off spellings never make an attested one wait
        # Only names at least as specific as v can show it ambiguous: Жаслан Сатпакуов
        # does not wait because Ж. Сатпакуов and Z.D. Satpakuov disagree.
        spec = keys[v].specificity
        others = [u for u in others if g.support[u] >= floor and keys[u].specificity >= spec]
        if any(g.different(u, w) for u, w in itertools.combinations(others, 2)):
            waiting.add(v)

    proposals: list[Link] = []
    for (x, y), s in sorted(g.edges.items(), key=lambda e: -e[1]):
        if x in waiting or y in waiting:
            continue
        if s < auto or g.attested_apart(x, y):
            proposals.append(Link(rep(x), rep(y), s, Decision.PROPOSED))
            continue
        rx, ry = g.find(x), g.find(y)
        if rx == ry:
            continue
        if not g.allowed(rx, ry):
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

    # Full names first, so that their mentions count when initials are settled.
    unsettled = set(waiting)
    for v in sorted(waiting, key=lambda n: (-keys[n].specificity, -g.support[n])):
        unsettled.discard(v)
        _settle(g, v, near[v], unsettled, rep, links, proposals)

    # Rare spellings still apart: a typo even in a short word (Alem, Igur Shcherbain) joins
    # the entity it fits, weighed like a name that fits several entities.
    words = Counter(
        w for n, k in enumerate(keys) for w in set(k.words) for _ in range(g.support[n])
    )
    members: dict[int, list[int]] = defaultdict(list)
    for n in range(len(keys)):
        members[g.find(n)].append(n)
    for nodes in members.values():
        if sum(g.support[n] for n in nodes) <= SMALL:
            v = max(nodes, key=lambda n: g.rank[n])
            if keys[v].specificity >= 1:
                own = Counter(
                    w for n in nodes for w in set(keys[n].words) for _ in range(g.support[n])
                )
                _adopt(g, v, blocks, words, own, rep, links, proposals)

    out: dict[int, list[str]] = defaultdict(list)
    for n, group in enumerate(groups):
        out[g.find(n)].extend(m.id for m in group)
        links.extend(Link(rep(n), m.id, 1.0, Decision.AUTO, reason="same name") for m in group[1:])
    clusters = list(out.values())
    clusters.extend([m.id] for m in loose)
    # A proposal to join what an analyst kept apart is not asked again.
    asked = []
    for p in proposals:
        ra, rb = g.find(node_of[p.a]), g.find(node_of[p.b])
        if ra != rb and g.allowed(ra, rb):
            asked.append(p)
    return LinkResult(clusters, links, _dedupe(asked))


def _settle(
    g: _Graph,
    v: int,
    others: list[int],
    unsettled: set[int],
    rep: Callable[[int], str],
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
        if r == root and scaled >= SHARE:
            g.union(root, here)
            reason = f"fits {len(best)} entities; this one holds {weight[r] / total:.0%}"
            links.append(Link(rep(u), rep(v), s, Decision.AUTO, reason=reason))
        else:
            reason = f"fits {len(best)} entities; this one holds {weight[r] / total:.0%}"
            proposals.append(Link(rep(u), rep(v), scaled, Decision.PROPOSED, reason=reason))


def _adopt(
    g: _Graph,
    v: int,
    blocks: _Blocks,
    words: Counter[str],
    own: Counter[str],
    rep: Callable[[int], str],
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
    seen = {v}
    for k in _block_keys(key)[0]:
        for u in blocks.get(k, ()):
            if u in seen:
                continue
            seen.add(u)
            r = g.find(u)
            if g.mass[r] <= g.mass[g.find(v)] or g.specific[r] < key.specificity:
                continue
            theirs = g.keys[u].words
            if any(words[w] > own[w] for w in key.words if not _covered((w,), theirs)):
                continue
            s = typo_score(key, g.keys[u])
            if s >= TYPO_FIT and (r not in best or s > best[r][0]):
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
    if scaled >= SHARE:
        g.union(root, here)
        links.append(Link(rep(u), rep(v), s, Decision.AUTO, reason=reason))
    elif scaled >= PROPOSE:
        proposals.append(Link(rep(u), rep(v), scaled, Decision.PROPOSED, reason=reason))


def _dedupe(proposals: list[Link]) -> list[Link]:
    seen: set[frozenset[str]] = set()
    out = []
    for p in proposals:
        pair = frozenset((p.a, p.b))
        if pair not in seen:
            seen.add(pair)
            out.append(p)
    return out
