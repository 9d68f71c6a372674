"""The case list as a download: the records behind every case a filter lists (all its
pages, as the reader may see them), written by the project's export code.

The records are read through `access.VisibleRecords`, so an export holds exactly what
the reader's clearance shows (protected persons pseudonymised), then narrowed to the
listed cases: their persons, their facts (CSV: one row per fact, cases in the list's
order) and the documents and organisations those facts cite.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal, TextIO

from casefile.exchange.export import export
from casefile.model import Document
from casefile.services.access import FULL, Viewer, VisibleRecords
from casefile.services.search import CaseFilters, all_case_ids
from casefile.store.base import (
    Store,
    StoredEvent,
    StoredOrganisation,
    StoredPerson,
    StoredStatistic,
)

ListFormat = Literal["csv", "json"]


class ListedCases:
    """VisibleRecords narrowed to some cases; the store's other methods pass through."""

    def __init__(self, visible: VisibleRecords, person_ids: list[int]) -> None:
        self._visible = visible
        self._rank = {pid: i for i, pid in enumerate(person_ids)}
        self._events: list[StoredEvent] | None = None

    def __getattr__(self, name: str) -> object:
        return getattr(self._visible, name)

    def _listed_events(self) -> list[StoredEvent]:
        if self._events is None:
            rank = self._rank
            found = [e for e in self._visible.iter_events() if e.person_id in rank]
            found.sort(key=lambda e: (rank[e.person_id or 0], e.id))
            self._events = found
        return self._events

    def iter_events(self) -> Iterator[StoredEvent]:
        yield from self._listed_events()

    def iter_persons(self) -> Iterator[StoredPerson]:
        persons = [p for p in self._visible.iter_persons() if p.id in self._rank]
        yield from sorted(persons, key=lambda p: self._rank[p.id])

    def iter_documents(self) -> Iterator[Document]:
        cited = {e.event.evidence.document_id for e in self._listed_events()}
        yield from (d for d in self._visible.iter_documents() if d.sha256 in cited)

    def iter_organisations(self) -> Iterator[StoredOrganisation]:
        used = {e.organisation_id for e in self._listed_events()}
        yield from (o for o in self._visible.iter_organisations() if o.id in used)

    def iter_statistics(self) -> Iterator[StoredStatistic]:
        return iter(())  # figures belong to documents, not to a case


def export_case_list(
    store: Store, filters: CaseFilters, format: ListFormat, out: TextIO, *,
    viewer: Viewer = FULL,
) -> int:
    """Write the listed cases' records to `out`; return the number written."""
    ids = all_case_ids(store, filters, viewer=viewer)
    listed = ListedCases(VisibleRecords(store, viewer), ids)
    return export(listed, format, out)  # type: ignore[arg-type]
