"""Applying a logistic regression kept as weights by feature name."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self


def probability(weights: Mapping[str, float], intercept: float,
                features: Mapping[str, float]) -> float:
    """The model's probability for one feature dict.

    The weighted sum is exactly rounded (`math.fsum`), so it does not depend on the order
    the dict was built in: feature dicts are filled from sets, whose order changes from
    one process to the next, and a plain sum would round differently each time. In
    training such last-bit differences in the victim probability (a feature of the event
    model) moved the fitted weights in the third decimal from one run to the next."""
    z = math.fsum([intercept, *(weights.get(name, 0.0) * value
                                for name, value in features.items())])
    return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))


@dataclass
class LogisticModel:
    """A logistic regression kept as weights by feature name, with its card; stored as a
    part of the event model's file (`as_dict`, `from_dict`)."""

    weights: dict[str, float]
    intercept: float
    card: dict[str, Any] = field(default_factory=dict)
    what: ClassVar[str] = "model"  # its name in error messages

    def probability(self, features: dict[str, float]) -> float:
        return probability(self.weights, self.intercept, features)

    def as_dict(self) -> dict[str, Any]:
        return {"card": self.card, "intercept": self.intercept,
                "weights": dict(sorted(self.weights.items()))}

    @classmethod
    def from_dict(cls, raw: object) -> Self:
        if not isinstance(raw, dict) or not isinstance(raw.get("weights"), dict) or not all(
            isinstance(v, int | float) for v in raw["weights"].values()
        ):
            raise ValueError(f"{cls.what}: weights must map feature names to numbers")
        return cls({str(k): float(v) for k, v in raw["weights"].items()},
                   float(raw.get("intercept", 0.0)), dict(raw.get("card") or {}))
