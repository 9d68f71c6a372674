"""What a store must give the alerts (services/alerts.py): light rows to find the cases an
alert may concern, then only those cases' facts, without building every fact of every
case."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # base.py includes this protocol in `Store`
    from casefile.store.base import StoredEvent


@dataclass(frozen=True)
class AlertCandidate:
    """A fact that may make its case's alert: a custodial sentence, a hearing, an arrest."""

    person_id: int
    type: str
    date: str | None  # ISO, possibly partial
    term: str | None


@dataclass(frozen=True)
class CaseNews:
    person_id: int
    day: str  # ISO day: the last its newest fact's document may have been published
    # (its publication date's span; the day the fact was stored when undated)


class AlertReadStore(Protocol):
    def alert_candidates(
        self, level: int, statuses: Sequence[str] | None, custodial: Sequence[str]
    ) -> list[AlertCandidate]:
        """Sentences with a term of one of the `custodial` kinds, trials, appeals and
        arrests about persons, at or below `level`, whose review status is one of
        `statuses` (None: any but rejected)."""
        ...

    def alert_events(
        self, level: int, types: Sequence[str], statuses: Sequence[str] | None,
        person_ids: Sequence[int],
    ) -> list[StoredEvent]:  # fmt: skip
        """The persons' events of the given types (the same filters)."""
        ...

    def case_news(self, level: int, statuses: Sequence[str] | None) -> list[CaseNews]:
        """Each person's newest news day over such facts of any type."""
        ...

    def alerts_stamp(self) -> int:
        """A number that changes whenever any record does (the audit log's last entry:
        every write appends one), for caching alerts between changes."""
        ...

    def latest_news_event(
        self, person_id: int, level: int, statuses: Sequence[str] | None
    ) -> StoredEvent | None:
        """The fact that gave the person's news day (the newest, by id, on that day)."""
        ...
