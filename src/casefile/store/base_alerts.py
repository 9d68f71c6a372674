"""What a store must give the alerts (services/alerts.py): the few facts their rules read,
without loading every fact of every case."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # base.py includes this protocol in `Store`
    from casefile.store.base import StoredEvent


@dataclass(frozen=True)
class NewsRow:
    """One standing fact of a case, as far as news goes: its document's date."""

    person_id: int
    event_id: int
    published: str | None  # the document's publication date, ISO (possibly partial)
    created_at: str  # when the fact was stored


class AlertReadStore(Protocol):
    def alert_events(
        self, level: int, types: Sequence[str], statuses: Sequence[str] | None
    ) -> list[StoredEvent]:
        """Events about persons, of the given types, at or below `level`, whose review
        status is one of `statuses` (None: any but rejected)."""
        ...

    def news_rows(self, level: int, statuses: Sequence[str] | None) -> list[NewsRow]:
        """Every such event about a person, whatever its type, as a NewsRow."""
        ...
