"""Scoring a system's output against gold, as "How a system's output is scored" says.

Events are matched one to one within a document. Among all matchings the scorer picks,
in this order of priority (lexicographic, never traded against each other):
  1. the most type + participant matches (typed),
  2. then the most of those whose dates agree (dated),
  3. then the most matched sentences whose term and kind agree,
  4. then the most pairs whose names agree exactly (or via a gold alias) rather than by
     word subset, so a lone "Varesk" goes to gold "Varesk" rather than "Nina Varesk";
remaining ties go to the assignment solver's choice, which is deterministic for a given
order of events.
So every count is as high as any one-to-one matching allows, and the counts are consistent
with one another because they all come from the same matching.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from casefile.evaluation.gold import GoldDocument, duration_value
from casefile.model import EVENT_TYPES, PartialDate

Extractor = Callable[[str, str | None, str | None], dict[str, Any]]

ORGANISATION_TYPES = frozenset({"designation"})
_OUTPUT_KEYS = ("persons", "organisations", "events", "statistics")
_INVALID_TYPE = "(invalid)"

# Apostrophes are dropped, so Lyn’ko = Lyn'ko = Lynko; other punctuation (hyphens, dashes,
# quotes) separates words anyway. Letters that NFKD does not split into base + mark, but
# that transliterations write without the mark, fold by hand.
_FOLD = str.maketrans("ıłøđðħə", "iloddhe", "'`\u00b4\u2018\u2019\u02b9\u02bb\u02bc")
_WORD = re.compile(r"[^\W_]+")


def name_tokens(name: str) -> tuple[str, ...]:
    """A name folded for comparison: no case, no diacritics, no punctuation, as words."""
    # Case folds first, so capitals reach the hand-made table, and İ becomes i + a mark.
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return tuple(_WORD.findall(bare.translate(_FOLD)))


@dataclass(frozen=True)
class _Entity:
    """A gold participant: the names a system may use for it."""

    names: tuple[tuple[str, ...], ...]  # full names: equality or word subset
    aliases: tuple[tuple[str, ...], ...]  # aliases: equality only, as the guidelines say


def _name_score(system: tuple[str, ...], entity: _Entity) -> int | None:
    """2 = same name or a gold alias, 1 = word subset either way, None = another entity."""
    if not system:
        return None
    if any(set(system) == set(n) for n in entity.names) or system in entity.aliases:
        return 2
    words = set(system)
    if any(words <= set(n) or set(n) <= words for n in entity.names if n):
        return 1
    return None


def date_agrees(gold: str | None, system: object) -> bool:
    """Whether a system date agrees with the gold date at the gold's precision."""
    if gold is None:
        return True
    if not isinstance(system, str):
        return False
    try:
        sys_date = PartialDate.parse(system)
    except ValueError:
        return False
    want = PartialDate.parse(gold)
    if want.year is None:
        return (sys_date.month, sys_date.day) == (want.month, want.day)
    if sys_date.year != want.year:
        return False
    if want.month is not None and sys_date.month != want.month:
        return False
    return want.day is None or sys_date.day == want.day


def term_agrees(gold: dict[str, Any], system: dict[str, Any]) -> bool:
    """Term by value (P18M == P1Y6M, null == null) and term_kind equal."""
    if gold.get("term_kind") != system.get("term_kind"):
        return False
    g, s = gold.get("term"), system.get("term")
    if g is None or s is None:
        return g is None and s is None
    try:
        return isinstance(s, str) and duration_value(g) == duration_value(s)
    except ValueError:
        return False


@dataclass
class Counts:
    tp: int = 0
    sys: int = 0
    gold: int = 0

    # When one side is empty: both empty is a perfect score, one empty is a zero score.
    @property
    def precision(self) -> float:
        return self.tp / self.sys if self.sys else float(self.gold == 0)

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else float(self.sys == 0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __iadd__(self, other: Counts) -> Counts:
        self.tp += other.tp
        self.sys += other.sys
        self.gold += other.gold
        return self


@dataclass
class EventMatch:
    gold: dict[str, Any]
    system: dict[str, Any]
    date_ok: bool
    term_ok: bool | None  # None unless a sentence


@dataclass
class DocScore:
    name: str
    language: str
    typed: Counts = field(default_factory=Counts)
    dated: Counts = field(default_factory=Counts)
    victims: Counts = field(default_factory=Counts)
    term_correct: int = 0
    term_total: int = 0
    per_type: dict[str, Counts] = field(default_factory=dict)
    matches: list[EventMatch] = field(default_factory=list)
    false_positives: list[Any] = field(default_factory=list)  # system events, as given
    misses: list[dict[str, Any]] = field(default_factory=list)  # gold events
    victim_matches: list[tuple[str, str]] = field(default_factory=list)  # (gold, system)
    victim_misses: list[str] = field(default_factory=list)
    victim_false_positives: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # malformed system output


def score_document(gold: GoldDocument, system: object) -> DocScore:
    score = DocScore(gold.name, gold.language)
    events, sys_persons = _system_events(system, score.problems)
    entities = _gold_entities(gold)

    for etype in EVENT_TYPES:
        g_events = [e for e in gold.events if e["type"] == etype]
        if g_events:
            score.per_type.setdefault(etype, Counts()).gold += len(g_events)
    for event, _ in events:
        given = event.get("type") if isinstance(event, dict) else None
        key = given if isinstance(given, str) else _INVALID_TYPE
        score.per_type.setdefault(key, Counts()).sys += 1

    valid_events = [e for e, ok in events if ok]
    matched_sys: set[int] = set()
    matched_gold: set[int] = set()
    for etype in EVENT_TYPES:
        g_idx = [i for i, e in enumerate(gold.events) if e["type"] == etype]
        s_idx = [i for i, e in enumerate(valid_events) if e["type"] == etype]
        if not g_idx or not s_idx:
            continue

        def weight(si: int, gi: int, etype: str = etype) -> tuple[int, ...] | None:
            s, g = valid_events[si], gold.events[gi]
            name = _name_score(name_tokens(s["participant"]), entities[g["participant"]])
            if name is None:
                return None
            term = etype == "sentence" and term_agrees(g, s)
            return (1, int(date_agrees(g.get("date"), s.get("date"))), int(term), name - 1)

        for si, gi in _best_matching(s_idx, g_idx, weight):
            s, g = valid_events[si], gold.events[gi]
            matched_sys.add(si)
            matched_gold.add(gi)
            date_ok = date_agrees(g.get("date"), s.get("date"))
            term_ok = term_agrees(g, s) if etype == "sentence" else None
            score.matches.append(EventMatch(g, s, date_ok, term_ok))
            score.per_type[etype].tp += 1

    score.typed = Counts(len(score.matches), len(events), len(gold.events))
    dated = sum(m.date_ok for m in score.matches)
    score.dated = Counts(dated, len(events), len(gold.events))
    sentences = [m for m in score.matches if m.term_ok is not None]
    score.term_total = len(sentences)
    score.term_correct = sum(bool(m.term_ok) for m in sentences)
    score.misses = [e for i, e in enumerate(gold.events) if i not in matched_gold]
    score.false_positives = [e for e, ok in events if not ok]
    score.false_positives += [e for i, e in enumerate(valid_events) if i not in matched_sys]
    _score_victims(score, gold, entities, valid_events, sys_persons)
    return score


def _gold_entities(gold: GoldDocument) -> dict[str, _Entity]:
    """Each gold participant with its person's name and aliases."""
    out: dict[str, _Entity] = {}
    for event in gold.events:
        participant = event["participant"]
        if participant in out:
            continue
        tokens = name_tokens(participant)
        names, aliases = {tokens}, set()
        for person in gold.persons:
            p_aliases = {name_tokens(a) for a in person.get("aliases", [])}
            p_name = name_tokens(person["name"])
            if tokens == p_name or tokens in p_aliases:
                names.add(p_name)
                aliases |= p_aliases
        out[participant] = _Entity(tuple(sorted(names)), tuple(sorted(aliases)))
    return out


def _system_events(
    system: object, problems: list[str]
) -> tuple[list[tuple[Any, bool]], list[dict[str, Any]]]:
    """Every system event, flagged valid or not (an invalid one still counts as predicted)."""
    if not isinstance(system, dict):
        problems.append(f"output is a {type(system).__name__}, not an object")
        return [], []
    missing = [k for k in _OUTPUT_KEYS if k not in system]
    if missing:
        problems.append("output lacks " + ", ".join(repr(k) for k in missing))
    raw_events = system.get("events", [])
    if not isinstance(raw_events, list):
        problems.append("'events' is not a list")
        raw_events = []
    persons = system.get("persons", [])
    if not isinstance(persons, list):
        problems.append("'persons' is not a list")
        persons = []
    out: list[tuple[Any, bool]] = []
    for i, event in enumerate(raw_events):
        problem = _event_problem(event)
        if problem:
            problems.append(f"events[{i}]: {problem}")
        elif warning := _field_problem(event):
            problems.append(f"events[{i}]: {warning}")
        out.append((event, problem is None))
    return out, [p for p in persons if isinstance(p, dict) and isinstance(p.get("name"), str)]


def _event_problem(event: object) -> str | None:
    """Why an event cannot match anything, if it cannot."""
    if not isinstance(event, dict):
        return f"not an object: {event!r:.60}"
    etype = event.get("type")
    if etype not in EVENT_TYPES:
        return f"unknown event type {etype!r:.40}"
    participant = event.get("participant")
    if not isinstance(participant, str) or not name_tokens(participant):
        return f"no participant name: {participant!r:.40}"
    return None


def _field_problem(event: dict[str, Any]) -> str | None:
    """A bad date or term is reported, but the event can still match by type and participant."""
    date, term = event.get("date"), event.get("term")
    try:
        if date is not None:
            PartialDate.parse(date if isinstance(date, str) else repr(date))
        if term is not None:
            duration_value(term if isinstance(term, str) else repr(term))
    except ValueError as exc:
        return f"{exc}; it agrees with no gold value"
    return None


def _score_victims(
    score: DocScore,
    gold: GoldDocument,
    entities: dict[str, _Entity],
    sys_events: list[dict[str, Any]],
    sys_persons: list[dict[str, Any]],
) -> None:
    """Victims: the distinct participants of person events, matched one to one."""
    gold_victims = list(
        dict.fromkeys(e["participant"] for e in gold.events if e["type"] not in ORGANISATION_TYPES)
    )
    # The system's own persons list only folds its name variants together: an event naming
    # a person by a listed alias is the same victim as one naming them in full.
    canonical: dict[tuple[str, ...], str] = {}
    for person in sys_persons:
        aliases = person.get("aliases")
        forms = [a for a in aliases if isinstance(a, str)] if isinstance(aliases, list) else []
        for form in [person["name"], *forms]:
            canonical.setdefault(name_tokens(form), person["name"])
    by_tokens: dict[tuple[str, ...], str] = {}
    for event in sys_events:
        if event["type"] in ORGANISATION_TYPES:
            continue
        tokens = name_tokens(event["participant"])
        name = canonical.get(tokens, event["participant"])
        by_tokens.setdefault(name_tokens(name), name)
    sys_victims = list(by_tokens.values())

    def weight(si: int, gi: int) -> tuple[int, ...] | None:
        name = _name_score(name_tokens(sys_victims[si]), entities[gold_victims[gi]])
        return None if name is None else (1, name - 1)

    pairs = _best_matching(list(range(len(sys_victims))), list(range(len(gold_victims))), weight)
    score.victim_matches = [(gold_victims[g], sys_victims[s]) for s, g in pairs]
    score.victims = Counts(len(pairs), len(sys_victims), len(gold_victims))
    matched_s, matched_g = {s for s, _ in pairs}, {g for _, g in pairs}
    score.victim_misses = [v for i, v in enumerate(gold_victims) if i not in matched_g]
    score.victim_false_positives = [v for i, v in enumerate(sys_victims) if i not in matched_s]


Weight = Callable[[int, int], "tuple[int, ...] | None"]


def _best_matching(rows: list[int], cols: list[int], weight: Weight) -> list[tuple[int, int]]:
    """The one-to-one pairs (row, col) maximising the weight tuples lexicographically."""
    edges = {(r, c): w for r in rows for c in cols if (w := weight(r, c)) is not None}
    if not edges:
        return []
    # Each tuple becomes one integer in base `base`: with at most k pairs, k units of a
    # lower place never reach one unit of the place above, so the order is lexicographic.
    k = min(len(rows), len(cols))
    base = k + 1
    width = max(len(w) for w in edges.values())

    def encode(w: tuple[int, ...]) -> int:
        out = 0
        for place in w + (0,) * (width - len(w)):
            out = out * base + place
        return out

    matrix = [[encode(edges[r, c]) if (r, c) in edges else 0 for c in cols] for r in rows]
    return [(rows[i], cols[j]) for i, j in max_weight_assignment(matrix) if matrix[i][j] > 0]


def max_weight_assignment(weights: list[list[int]]) -> list[tuple[int, int]]:
    """Hungarian method (Kuhn-Munkres with potentials, O(n²m)) on a rectangular matrix of
    non-negative integers: (row, col) pairs of a maximum-weight assignment covering the
    smaller side. Integers keep it exact; weight 0 stands for "no edge"."""
    if not weights or not weights[0]:
        return []
    transposed = len(weights) > len(weights[0])
    w = [list(col) for col in zip(*weights, strict=True)] if transposed else weights
    n, m = len(w), len(w[0])
    top = max(max(row) for row in w)
    cost = [[0] * (m + 1)] + [[0] + [top - x for x in row] for row in w]
    inf = (top + 1) * (n + m + 2) * 4
    u, v = [0] * (n + 1), [0] * (m + 1)
    owner, way = [0] * (m + 1), [0] * (m + 1)  # owner[j]: row assigned to column j
    for i in range(1, n + 1):
        owner[0], j0 = i, 0
        minv, used = [inf] * (m + 1), [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = owner[j0], inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = cost[i0][j] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    pairs = [(owner[j] - 1, j - 1) for j in range(1, m + 1) if owner[j]]
    return sorted((c, r) for r, c in pairs) if transposed else sorted(pairs)
