"""Pipeline components; importing this package registers them all by name."""

from casefile.extract.components import entities, merge, model_events, temporal  # noqa: F401
from casefile.extract.en import events as _en_events  # noqa: F401
from casefile.extract.en import gender as _en_gender  # noqa: F401
from casefile.extract.en import statistics as _en_statistics  # noqa: F401
from casefile.extract.registry import declare
from casefile.extract.ru import entities as _ru_entities  # noqa: F401
from casefile.extract.ru import events as _ru_events  # noqa: F401
from casefile.extract.ru import statistics as _ru_statistics  # noqa: F401

# The entity components register themselves without a declaration; theirs is here.
declare("persons", needs=("spacy",), sets=("persons",))
declare("organisations", needs=("spacy",), sets=("organisations",))
declare("country", needs=("spacy",), sets=("country",))
declare("roles", needs=("spacy", "persons"), sets=("roles",))
declare(
    "ru_entities",
    needs=("spacy",),
    sets=("persons", "organisations", "country", "roles", "gender"),
)
