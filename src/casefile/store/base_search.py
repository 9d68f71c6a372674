"""What a store must do for search: keep the derived search index (its keys computed by
`services.search_index` with `link.search_terms`) and answer matches against it.

Match expressions are FTS5 syntax built by `link.search_terms.fts_match` from keys, never
from raw user input; a backend without FTS5 translates that small grammar (quoted terms,
OR, AND, a trailing `*`, a `{column}` filter).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from casefile.model import PartialDate
from casefile.store.base_security import FULL_ACCESS

if TYPE_CHECKING:
    from casefile.store.base import StoredEvent

CaseKeys = dict[int, tuple[str, str]]  # clearance -> (names' keys, facts' keys)


@dataclass(frozen=True)
class DocumentMatch:
    sha256: str
    title: str | None
    source_name: str | None
    published: PartialDate | None


class SearchIndexStore(Protocol):
    # -- keeping the index ------------------------------------------------------------

    def stale_search_documents(self, limit: int) -> dict[str, int]:
        """Documents changed since indexed (added, edited or deleted): sha256 -> version."""
        ...

    def stale_search_events(self, limit: int) -> dict[int, int]: ...

    def stale_search_cases(self, limit: int) -> dict[int, int]: ...

    def search_document_texts(self, sha256s: list[str]) -> dict[str, tuple[str | None, str]]:
        """(title, text) of those of these documents that exist."""
        ...

    def document_texts(self, sha256s: list[str]) -> dict[str, str]:
        """The texts of those of these documents that exist."""
        ...

    def search_event_texts(self, event_ids: list[int]) -> dict[int, str]:
        """Participant name, quote, charges and agent of those of these events that exist."""
        ...

    def put_document_keys(
        self, keys: Mapping[str, tuple[str, str] | None], versions: Mapping[str, int]
    ) -> None:
        """Index each document's (title keys, text keys), or drop it (None), and clear
        the marks of `versions` unless the record changed again meanwhile."""
        ...

    def put_event_keys(self, keys: Mapping[int, str | None], versions: Mapping[int, int]) -> None:
        ...

    def put_case_keys(self, keys: Mapping[int, CaseKeys], versions: Mapping[int, int]) -> None:
        """Replace each case's rows by one per clearance given (none: no rows)."""
        ...

    def mark_search_stale(self) -> tuple[int, int, int]:
        """Empty the index and mark every document, event and case for indexing; how
        many of each."""
        ...

    # -- matching -----------------------------------------------------------------------

    def match_documents(
        self, match: str, limit: int, level: int = FULL_ACCESS
    ) -> list[DocumentMatch]:
        """Documents up to `level` whose title or text matches, best first."""
        ...

    def match_events(
        self, match: str, limit: int, level: int = FULL_ACCESS
    ) -> list[StoredEvent]:
        """Standing events up to `level` that match: best first, or the newest first
        when too many match to rank."""
        ...

    def count_document_matches(self, match: str, level: int, upto: int) -> int:
        """How many documents up to `level` match, counting no further than `upto`."""
        ...

    def document_labels(self, sha256s: list[str]) -> dict[str, tuple[str | None, str | None]]:
        """(title, source name) of those of these documents that are indexed."""
        ...
