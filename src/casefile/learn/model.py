"""The event model: a logistic regression over candidate features, kept as plain JSON.

Weights by feature name, an intercept and the decision threshold; applying it needs no
machine-learning library, so the extractor's dependencies do not grow and loading takes
milliseconds. Training (`casefile.learn.train`) uses scikit-learn.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from casefile.learn.date_model import DateModel
from casefile.learn.doc_types import DocTypeModel
from casefile.learn.logistic import probability
from casefile.learn.victims import VictimModel, best_for_victims

FORMAT = "casefile-event-model"
FORMAT_VERSION = 1
SHIPPED = Path(__file__).with_name("event_model.json")
# Rule events kept in every document, even where the decision drops the rules' events:
# a designation the rules read from explicit words ("designated the movement an extremist
# organisation", a legally required footnote) holds in a whole article as in a statement.
ALWAYS_KEPT_RULE_TYPES = frozenset({"designation"})


def keep_rule_designations(
    accept: Sequence[bool], types: Sequence[str], from_rules: Sequence[bool]
) -> list[bool]:
    """`accept` with every rule event of `ALWAYS_KEPT_RULE_TYPES` kept."""
    return [a or (rule and etype in ALWAYS_KEPT_RULE_TYPES)
            for a, etype, rule in zip(accept, types, from_rules, strict=True)]


class ModelError(ValueError):
    pass


@dataclass(frozen=True)
class Decision:
    """How the probabilities become kept candidates, chosen out of fold in training."""

    # True: the rules' events are kept and the model only adds the candidates they missed;
    # False: the model also drops rule events.
    keeps_rules: bool = True
    threshold: float = 0.5
    # A person whose victim probability reaches it keeps their likeliest candidate even
    # below the threshold (None: no such floor).
    victim_floor: float | None = None

    def accept(self, rows: Sequence[tuple[str, bool, bool]], probabilities: Sequence[float],
               victim_scores: dict[str, float] | None = None,
               blocked: Sequence[bool] | None = None) -> list[bool]:
        """Which candidates are kept. `rows`: (participant, from the rules, has an event)
        per candidate; `victim_scores`: victim probabilities by participant; `blocked`:
        candidates never kept (`Candidate.blocked`), so that they neither count as a
        person's kept candidate nor are the one the victim floor keeps."""
        never = list(blocked) if blocked is not None else [False] * len(rows)
        accept = [not no and ((self.keeps_rules and from_rules) or p >= self.threshold)
                  for (_, from_rules, _), p, no in zip(rows, probabilities, never, strict=True)]
        if self.victim_floor is not None and victim_scores:
            best = best_for_victims(
                [(person, has_event and not no, a) for (person, _, has_event), a, no
                 in zip(rows, accept, never, strict=True)],
                probabilities, victim_scores, self.victim_floor,
            )
            for index in best:
                accept[index] = True
        return accept

    def as_dict(self) -> dict[str, Any]:
        return {"keeps_rules": self.keeps_rules, "threshold": self.threshold,
                **({"victim_floor": self.victim_floor}
                   if self.victim_floor is not None else {})}


@dataclass
class EventModel:
    weights: dict[str, float]
    intercept: float
    threshold: float = 0.5
    card: dict[str, Any] = field(default_factory=dict)
    # True: the rules' events are kept and the model only adds the candidates they missed
    # (what measured best out of fold); False: the model also drops rule events.
    keeps_rules: bool = True
    # The victim model whose `victim_p` the weights were trained with (None: not used).
    victims: VictimModel | None = None
    # A person whose victim probability reaches it keeps their likeliest candidate even
    # below the threshold (None: no such floor).
    victim_floor: float | None = None
    # Documents at least this long (characters: whole news articles rather than a
    # statement) are decided by `long_decision` instead (None: one decision for all).
    long_from_chars: int | None = None
    long_decision: Decision | None = None
    # Chooses each decided event's date among the dates around it (None: the pipeline's
    # dates stand).
    dates: DateModel | None = None
    # How likely the document holds each event type, read by the weights as a candidate
    # feature (None: not used).
    doc_types: DocTypeModel | None = None

    def decision_for(self, length: int) -> Decision:
        """The decision for a document of `length` characters."""
        if self.long_decision is not None and self.long_from_chars is not None \
                and length >= self.long_from_chars:
            return self.long_decision
        return Decision(self.keeps_rules, self.threshold, self.victim_floor)

    def probability(self, features: dict[str, float]) -> float:
        return probability(self.weights, self.intercept, features)

    def accepts(self, features: dict[str, float]) -> bool:
        return self.probability(features) >= self.threshold

    def to_json(self) -> str:
        text = json.dumps({
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "card": self.card,
            "threshold": self.threshold,
            "keeps_rules": self.keeps_rules,
            **({"victim_floor": self.victim_floor} if self.victim_floor is not None else {}),
            **({"long_documents": {"from_chars": self.long_from_chars,
                                   **self.long_decision.as_dict()}}
               if self.long_decision is not None else {}),
            "intercept": self.intercept,
            "weights": dict(sorted(self.weights.items())),
            **({"victim_model": self.victims.as_dict()} if self.victims else {}),
            **({"date_model": self.dates.as_dict()} if self.dates else {}),
        }, indent=1, ensure_ascii=False)
        if self.doc_types is not None:
            # On one line: its vocabulary and weights are lists of thousands, which at a
            # number a line would take megabytes.
            compact = json.dumps(self.doc_types.as_dict(), ensure_ascii=False,
                                 separators=(",", ":"))
            text = f'{text.removesuffix("}").rstrip()},\n "doc_type_model": {compact}\n}}'
        return text + "\n"

    def save(self, path: Path) -> None:
        path.write_text(self.to_json(), encoding="utf-8")


def load_model(path: Path) -> EventModel:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ModelError(f"{path}: cannot read the event model: {err}") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ModelError(f"{path}: not a {FORMAT} file")
    if raw.get("format_version") != FORMAT_VERSION:
        raise ModelError(f"{path}: event model format {raw.get('format_version')!r} "
                         f"is not {FORMAT_VERSION}")
    weights = raw.get("weights")
    if not isinstance(weights, dict) or not all(
        isinstance(v, int | float) for v in weights.values()
    ):
        raise ModelError(f"{path}: weights must map feature names to numbers")
    victims = None
    floor = raw.get("victim_floor")
    if floor is not None and not isinstance(floor, int | float):
        raise ModelError(f"{path}: victim_floor must be a number")
    long_from, long_decision = _long_documents(path, raw.get("long_documents"))
    dates = doc_types = None
    try:
        if raw.get("victim_model") is not None:
            victims = VictimModel.from_dict(raw["victim_model"])
        if raw.get("date_model") is not None:
            dates = DateModel.from_dict(raw["date_model"])
        if raw.get("doc_type_model") is not None:
            doc_types = DocTypeModel.from_dict(raw["doc_type_model"])
    except ValueError as err:
        raise ModelError(f"{path}: {err}") from None
    return EventModel(
        weights={str(k): float(v) for k, v in weights.items()},
        intercept=float(raw.get("intercept", 0.0)),
        threshold=float(raw.get("threshold", 0.5)),
        card=dict(raw.get("card") or {}),
        keeps_rules=bool(raw.get("keeps_rules", True)),
        victims=victims,
        victim_floor=None if floor is None else float(floor),
        long_from_chars=long_from,
        long_decision=long_decision,
        dates=dates,
        doc_types=doc_types,
    )


def _long_documents(path: Path, raw: object) -> tuple[int | None, Decision | None]:
    if raw is None:
        return None, None
    if not isinstance(raw, dict) or not isinstance(raw.get("from_chars"), int) \
            or not isinstance(raw.get("threshold"), int | float) \
            or not isinstance(raw.get("victim_floor", 0.0), int | float):
        raise ModelError(f"{path}: long_documents needs from_chars (an integer), a "
                         "threshold and optionally keeps_rules and victim_floor")
    floor = raw.get("victim_floor")
    return raw["from_chars"], Decision(bool(raw.get("keeps_rules", True)),
                                       float(raw["threshold"]),
                                       None if floor is None else float(floor))


@cache
def cached_model(path: Path) -> EventModel:
    """One load per process and file."""
    return load_model(path)
