"""The event model: a logistic regression over candidate features, kept as plain JSON.

Weights by feature name, an intercept and the decision threshold; applying it needs no
machine-learning library, so the extractor's dependencies do not grow and loading takes
milliseconds. Training (`casefile.learn.train`) uses scikit-learn.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from casefile.learn.victims import VictimModel

FORMAT = "casefile-event-model"
FORMAT_VERSION = 1
SHIPPED = Path(__file__).with_name("event_model.json")


class ModelError(ValueError):
    pass


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

    def probability(self, features: dict[str, float]) -> float:
        z = self.intercept + sum(
            self.weights.get(name, 0.0) * value for name, value in features.items()
        )
        return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))

    def accepts(self, features: dict[str, float]) -> bool:
        return self.probability(features) >= self.threshold

    def to_json(self) -> str:
        return json.dumps({
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "card": self.card,
            "threshold": self.threshold,
            "keeps_rules": self.keeps_rules,
            **({"victim_floor": self.victim_floor} if self.victim_floor is not None else {}),
            "intercept": self.intercept,
            "weights": dict(sorted(self.weights.items())),
            **({"victim_model": self.victims.as_dict()} if self.victims else {}),
        }, indent=1, ensure_ascii=False) + "\n"

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
    if raw.get("victim_model") is not None:
        try:
            victims = VictimModel.from_dict(raw["victim_model"])
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
    )


@cache
def cached_model(path: Path) -> EventModel:
    """One load per process and file."""
    return load_model(path)
