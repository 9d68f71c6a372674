"""The date model's weights (`learn.date_choice` builds its options and applies it), kept
inside the event model's file."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from casefile.learn.logistic import probability


@dataclass
class DateModel:
    """A logistic regression that scores the dates an event could take."""

    weights: dict[str, float]
    intercept: float
    card: dict[str, Any] = field(default_factory=dict)

    def probability(self, features: dict[str, float]) -> float:
        return probability(self.weights, self.intercept, features)

    def as_dict(self) -> dict[str, Any]:
        return {"card": self.card, "intercept": self.intercept,
                "weights": dict(sorted(self.weights.items()))}

    @classmethod
    def from_dict(cls, raw: object) -> DateModel:
        if not isinstance(raw, dict) or not isinstance(raw.get("weights"), dict) or not all(
            isinstance(v, int | float) for v in raw["weights"].values()
        ):
            raise ValueError("date model: weights must map feature names to numbers")
        return cls({str(k): float(v) for k, v in raw["weights"].items()},
                   float(raw.get("intercept", 0.0)), dict(raw.get("card") or {}))
