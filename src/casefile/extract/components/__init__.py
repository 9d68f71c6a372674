"""Pipeline components; importing this package registers them all by name."""

from casefile.extract.components import (  # noqa: F401
    entities,
    events,
    gender,
    merge,
    statistics,
    temporal,
)
