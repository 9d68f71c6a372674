"""What a store must do for possible facts: the events the event model scored just below
its threshold, kept apart from the facts until an analyst decides on them
(`services/possible_facts.py`, migration 0026)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from casefile.model import Event
from casefile.store.base_security import FULL_ACCESS


@dataclass(frozen=True)
class StoredPossible:
    """A possible fact: the event the model would have made, and how sure it was
    (`event.provenance.confidence`)."""

    id: int
    event: Event
    created_at: str
    level: int  # its document's level


class PossibleStore(Protocol):
    def possible_events(
        self, level: int = FULL_ACCESS, sha256: str | None = None, limit: int = 50,
        offset: int = 0,
    ) -> tuple[int, list[StoredPossible]]:  # fmt: skip
        """How many possible facts there are up to `level` (of one document, or of all),
        and a page of them, the likeliest first."""
        ...

    def count_possible(
        self, level: int = FULL_ACCESS, sha256: str | None = None, at_most: int | None = None
    ) -> int:
        """How many possible facts there are up to `level`, counting no further than
        `at_most` (a link's number needs no exact count of thousands)."""
        ...

    def decide_possible(
        self, possible_id: int, accept: bool, reviewer: str, at: str, level: int = FULL_ACCESS
    ) -> int:
        """Move the possible fact into the events as accepted or rejected, in one
        transaction with its review log and audit entries; the event's id.
        `base.PossibleNotFound` if it is gone (decided, or replaced by a re-extraction)
        or above `level`."""
        ...
