"""What a store must do for case curation: an analyst's "not a person", "not a victim"
and "this event is about someone else", each recorded with the facts it changed so that
it can be undone (see `services/curation.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from casefile.store.base_security import FULL_ACCESS

CURATION_ACTIONS: tuple[str, ...] = ("not_person", "not_victim", "move")
VERDICTS: tuple[str, ...] = ("not_person", "not_victim")
ACTION_WORDS = {"not_person": "not a person", "not_victim": "not a victim",
                "move": "event moved"}  # fmt: skip


@dataclass(frozen=True)
class CuratedFact:
    """An event a curation changed: its columns before, and its version right after (an
    undo leaves it alone if someone has decided on it since)."""

    id: int
    before: dict[str, Any]
    version: int


@dataclass(frozen=True)
class Curation:
    id: int
    action: str  # not_person / not_victim / move
    person_id: int  # the case curated; for a move, the case the event left
    target_id: int | None  # for a move, the case it joined
    facts: tuple[CuratedFact, ...]
    decided_by: str
    decided_at: str
    undone_by: str | None
    undone_at: str | None

    @property
    def standing(self) -> bool:
        return self.undone_at is None


class CurationStore(Protocol):
    def mark_person(
        self, person_id: int, verdict: str, actor: str, at: str, level: int = FULL_ACCESS
    ) -> Curation:
        """Record the verdict and reject every standing event of the person at or below
        `level`, in one transaction with its audit entry; StoreError if a verdict
        already stands."""
        ...

    def move_event(
        self, event_id: int, target_id: int, participant: str, actor: str, at: str,
        expected_version: int | None = None,
    ) -> Curation:
        """Make the event about `target_id` under the name `participant` (an analyst's
        edit: the fingerprint stays, so re-extraction does not add the old reading)."""
        ...

    def undo_curation(
        self, curation_id: int, actor: str, at: str, level: int = FULL_ACCESS
    ) -> Curation:
        """Put back the facts the curation changed, except those decided on since or now
        above `level`."""
        ...

    def get_curation(self, curation_id: int) -> Curation | None: ...

    def curations(self, limit: int = 100, person_id: int | None = None) -> list[Curation]:
        """Newest first; those about one person (either side of a move) if given."""
        ...

    def standing_verdicts(self) -> dict[int, str]:
        """person id -> the verdict standing on them."""
        ...
