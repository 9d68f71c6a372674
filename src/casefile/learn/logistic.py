"""Applying a logistic regression kept as weights by feature name."""

from __future__ import annotations

import math
from collections.abc import Mapping


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
