"""The store's documents side (`DocumentStore`, part of `Store`): correcting a
document's metadata, withdrawing and restoring it, deleting it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from casefile.i18n import Msg

WITHDRAWN = 3  # document_levels.level of a withdrawn document: above every clearance
EDITABLE = ("title", "publisher", "url", "language")  # set_document_metadata's fields


@dataclass(frozen=True)
class Withdrawal:
    sha256: str
    previous_level: int
    withdrawn_by: str
    withdrawn_at: str
    reason: str
    title: str | None = None
    source_name: str | None = None


@dataclass(frozen=True)
class Deleted:
    """What deleting a document removed."""

    events: int
    statistics: int
    reviewed: int  # of those, facts an analyst had accepted, edited or added
    persons: int  # persons left with no fact anywhere, removed with it
    organisations: int


class ReviewedFactsExist(Exception):
    """Deleting would delete facts analysts accepted, edited or added: not without saying so."""

    def __init__(self, sha256: str, count: int) -> None:
        super().__init__(Msg(
            "document %(sha256)s: %(count)s reviewed facts cite it",
            sha256=sha256[:12], count=count,
        ))
        self.count = count




class DocumentStore(Protocol):
    def set_document_metadata(
        self, sha256: str, values: dict[str, str | None], actor: str, at: str
    ) -> dict[str, Any]: ...

    def withdraw_document(self, sha256: str, actor: str, reason: str, at: str) -> int: ...

    def restore_document(self, sha256: str, actor: str, at: str) -> int: ...

    def withdrawal(self, sha256: str) -> Withdrawal | None: ...

    def withdrawals(self, level: int) -> list[Withdrawal]: ...

    def delete_document(
        self, sha256: str, actor: str, at: str, *, with_reviewed: bool = False
    ) -> Deleted: ...
