"""A registry of pipeline components, so a configuration can name them and swap one out.

A component is a callable that takes the shared `AnnotatedDoc` and adds annotations to it.
Factories receive the pipeline settings, so a component can read its own options.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from casefile.extract.doc import AnnotatedDoc

Component = Callable[["AnnotatedDoc"], None]
Factory = Callable[[dict[str, Any]], Component]

_FACTORIES: dict[str, Factory] = {}


class UnknownComponent(KeyError):
    def __str__(self) -> str:
        known = ", ".join(sorted(_FACTORIES))
        return f"unknown pipeline component {self.args[0]!r} (known: {known})"


def register(name: str) -> Callable[[Factory], Factory]:
    """Register a component factory under `name`; a later registration replaces it."""

    def decorate(factory: Factory) -> Factory:
        _FACTORIES[name] = factory
        return factory

    return decorate


def create(name: str, settings: dict[str, Any]) -> Component:
    try:
        factory = _FACTORIES[name]
    except KeyError:
        raise UnknownComponent(name) from None
    return factory(settings)


def registered() -> list[str]:
    return sorted(_FACTORIES)
