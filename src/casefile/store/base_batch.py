"""What a store must do for batch extraction (issue 13, `casefile batch`): save many
documents in one transaction, and keep the documents a run could not store with their
errors (migration 0024)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from casefile.model import Extraction, PageImage

if TYPE_CHECKING:
    from casefile.store.base import SaveResult


@dataclass(frozen=True)
class BatchSave:
    """One extracted document to save: what `save_extraction` takes."""

    extraction: Extraction
    original: bytes
    pages: Sequence[PageImage] | None = None


@dataclass(frozen=True)
class BatchFailure:
    """A document a batch run could not store, and why (one line)."""

    sha256: str
    source_name: str
    error: str
    failed_at: str = ""
    attempts: int = 1


@dataclass(frozen=True)
class QueuedLinks:
    """The linking one stored batch owes (migration 0025): its persons, and the highest
    person and event ids stored when the batch was, so that it can be linked later
    exactly as right after it was stored (`services.linking.link_passes`)."""

    id: int
    person_ids: tuple[int, ...]
    person_horizon: int
    event_horizon: int


class BatchStore(Protocol):
    def save_batch(
        self, saves: Sequence[BatchSave], failures: Sequence[BatchFailure], actor: str | None,
        queue_links: bool = False,
    ) -> list[SaveResult | BatchFailure]:  # fmt: skip
        """Save every document of `saves` and record every one of `failures`, in one
        transaction, each save audited as `save_extraction` audits it. A document the store
        refuses (its evidence does not hold, say) is rolled back alone and recorded as a
        failure: the answer, in the order of `saves`, is its SaveResult or its failure. A
        document stored clears its earlier failure. With `queue_links`, the batch's
        persons are queued for linking in the same transaction (`link_queue`)."""
        ...

    def link_queue(self) -> list[QueuedLinks]:
        """The batches stored and not linked yet, in the order they were stored."""
        ...

    def drop_queued_links(self, queue_id: int) -> None:
        """A queued batch was linked."""
        ...

    def batch_failures(self, limit: int | None = None) -> list[BatchFailure]:
        """The documents that failed and were not stored since, latest first."""
        ...
