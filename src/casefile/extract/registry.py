"""A registry of pipeline components, so a configuration can name them and swap one out.

A component is a callable that takes the shared `AnnotatedDoc` and adds annotations to it.
Factories receive the pipeline settings, so a component can read its own options.

Each component declares the annotations it needs (set by a component before it) and the
ones it sets, by the names in `ANNOTATIONS`; `unmet_needs` checks an ordered list of them,
which the pipeline does when it is built, so a misordered configuration fails at once
instead of extracting nothing in silence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from casefile.extract.doc import AnnotatedDoc

Component = Callable[["AnnotatedDoc"], None]
Factory = Callable[[dict[str, Any]], Component]

# What a component can need or set: parts of `AnnotatedDoc`.
ANNOTATIONS: dict[str, str] = {
    "spacy": "the parse (set by the pipeline's parser, before any component)",
    "dates": "date mentions (`dates`)",
    "terms": "sentence terms (`terms`)",
    "persons": "person clusters, their mentions and the officials among them",
    "organisations": "organisation clusters and their mentions",
    "country": "the state the document is mostly about",
    "roles": "persons' roles",
    "gender": "persons' grammatical gender",
    "events": "events, with the weak ones and the persons named as participants",
    "trigger_sentences": "the sentences where an events component found a trigger word",
    "statistics": "counts of unnamed people",
    "possible_events": "events the event model scored just below its threshold",
}
# Set before the first component runs.
PROVIDED = frozenset({"spacy"})


@dataclass(frozen=True)
class Declaration:
    needs: frozenset[str]
    sets: frozenset[str]


_FACTORIES: dict[str, Factory] = {}
_DECLARATIONS: dict[str, Declaration] = {}


class UnknownComponent(KeyError):
    def __str__(self) -> str:
        known = ", ".join(sorted(_FACTORIES))
        return f"unknown pipeline component {self.args[0]!r} (known: {known})"


def register(
    name: str, needs: Iterable[str] | None = None, sets: Iterable[str] | None = None
) -> Callable[[Factory], Factory]:
    """Register a component factory under `name`; a later registration replaces it.
    `needs` and `sets` declare its annotations (or `declare` does, elsewhere)."""

    def decorate(factory: Factory) -> Factory:
        _FACTORIES[name] = factory
        return factory

    if needs is not None or sets is not None:
        declare(name, needs or (), sets or ())
    return decorate


def declare(name: str, needs: Iterable[str], sets: Iterable[str]) -> None:
    """What component `name` needs set before it runs and what it sets."""
    unknown = sorted({*needs, *sets} - set(ANNOTATIONS))
    if unknown:
        raise ValueError(f"component {name!r} declares unknown annotations: {unknown}")
    _DECLARATIONS[name] = Declaration(frozenset(needs), frozenset(sets))


def create(name: str, settings: dict[str, Any]) -> Component:
    try:
        factory = _FACTORIES[name]
    except KeyError:
        raise UnknownComponent(name) from None
    return factory(settings)


def registered() -> list[str]:
    return sorted(_FACTORIES)


def declaration(name: str) -> Declaration | None:
    return _DECLARATIONS.get(name)


def unmet_needs(names: Sequence[str]) -> list[str]:
    """One line per component in `names` (in running order) that needs an annotation no
    earlier component sets, or that declares nothing; empty when the order is sound."""
    problems = []
    available = set(PROVIDED)
    for name in names:
        declared = _DECLARATIONS.get(name)
        if declared is None:
            problems.append(f"component {name!r} does not declare what it needs and sets")
            continue
        missing = declared.needs - available
        for need in sorted(missing):
            # who makes it, not who only revises it ("merge_events" sets "events" too)
            setters = sorted(
                n for n, d in _DECLARATIONS.items() if need in d.sets and need not in d.needs
            )
            problems.append(
                f"component {name!r} needs {need!r}, which no component before it sets"
                f" (set by: {', '.join(setters) or 'none'})"
            )
        available |= declared.sets - missing  # revising what is not there makes nothing
    return problems
