"""Pipeline components; importing this package registers them all by name."""

from casefile.extract.components import group_terms, merge, model_events, temporal  # noqa: F401
from casefile.extract.en import country as _en_country  # noqa: F401
from casefile.extract.en import events as _en_events  # noqa: F401
from casefile.extract.en import gender as _en_gender  # noqa: F401
from casefile.extract.en import organisations as _en_organisations  # noqa: F401
from casefile.extract.en import persons as _en_persons  # noqa: F401
from casefile.extract.en import roles as _en_roles  # noqa: F401
from casefile.extract.en import statistics as _en_statistics  # noqa: F401
from casefile.extract.ru import entities as _ru_entities  # noqa: F401
from casefile.extract.ru import events as _ru_events  # noqa: F401
from casefile.extract.ru import statistics as _ru_statistics  # noqa: F401
