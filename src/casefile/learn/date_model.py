"""The date model's weights (`learn.date_choice` builds its options and applies it), kept
inside the event model's file. Apart from `date_choice` so that the event model can hold
one without importing the pipeline's components."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from casefile.learn.logistic import LogisticModel


@dataclass
class DateModel(LogisticModel):
    """A logistic regression that scores the dates an event could take."""

    what: ClassVar[str] = "date model"
