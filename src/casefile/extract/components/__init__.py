"""Pipeline components; importing this package registers them all by name."""

from casefile.extract.components import (  # noqa: F401
    entities,
    events,
    gender,
    merge,
    model_events,
    statistics,
    temporal,
)
from casefile.extract.ru import entities as _ru_entities  # noqa: F401
from casefile.extract.ru import events as _ru_events  # noqa: F401
from casefile.extract.ru import statistics as _ru_statistics  # noqa: F401
