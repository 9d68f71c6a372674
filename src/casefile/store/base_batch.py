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


class BatchStore(Protocol):
    def save_batch(
        self, saves: Sequence[BatchSave], failures: Sequence[BatchFailure], actor: str | None,
    ) -> list[SaveResult | BatchFailure]:  # fmt: skip
        """Save every document of `saves` and record every one of `failures`, in one
        transaction, each save audited as `save_extraction` audits it. A document the store
        refuses (its evidence does not hold, say) is rolled back alone and recorded as a
        failure: the answer, in the order of `saves`, is its SaveResult or its failure. A
        document stored clears its earlier failure."""
        ...

    def batch_failures(self, limit: int | None = None) -> list[BatchFailure]:
        """The documents that failed and were not stored since, latest first."""
        ...
