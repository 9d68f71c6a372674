"""The case list as a download: the records behind every case a filter lists (all its
pages, as the reader may see them), written by the project's export code.

The records are exactly what `access.VisibleRecords` gives the reader (only records at
or below their clearance, the names visible records spell, protected persons
pseudonymised), narrowed to the listed cases: their persons, their facts (CSV: one row
per fact, cases in the list's order) and the documents those facts cite. Unlike
VisibleRecords, which reads the whole store, the store is asked only for the listed
cases' records, with the level check in its queries, and the download is written in
pieces as it is read.

The CSV is read and written a few hundred cases at a time (`CHUNK`), so that its first
bytes leave at once rather than after every record is read (at 10,000 documents the
whole download takes seconds): its reader must hold the store until the last piece
(the web route takes one of its own from the pool). The JSON's first section lists the
documents every case cites, so it is read whole first.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from functools import cached_property
from itertools import chain
from typing import Literal

from casefile.exchange.export import csv_pieces, pieces
from casefile.model import Document
from casefile.services.access import FULL, Viewer, VisibleRecords
from casefile.services.search import CaseFilters, all_case_ids
from casefile.services.visibility import persons_as_seen
from casefile.store.base import (
    Store,
    StoredEvent,
    StoredOrganisation,
    StoredPerson,
    StoredStatistic,
)
from casefile.store.base_documents import WITHDRAWN
from casefile.store.base_security import FULL_ACCESS

ListFormat = Literal["csv", "json"]
CHUNK = 500  # cases read and written at a time (CSV)


class ListedCases:
    """The export's view of the store: the listed cases' records as `viewer` may see
    them; the store's other methods pass through."""

    def __init__(self, store: Store, viewer: Viewer, person_ids: list[int],
                 visible: VisibleRecords | None = None) -> None:  # fmt: skip
        self._store = store
        self._viewer = viewer
        self._ids = person_ids
        self._visible = visible or VisibleRecords(store, viewer)
        self._names = self._visible.names

    def __getattr__(self, name: str) -> object:
        return getattr(self._store, name)

    @cached_property
    def _persons(self) -> list[StoredPerson]:
        """As seen (services.visibility), in the list's order."""
        level = self._viewer.level
        found = {p.id: p for p in self._store.get_persons(self._ids)}
        withdrawn = {w.sha256 for w in self._store.withdrawals(WITHDRAWN)}
        persons = []
        for pid in self._ids:
            if (person := found.get(pid)) is None:
                continue
            if withdrawn:  # what a withdrawn document said of them is withdrawn too
                person = replace(person, role_assertions=tuple(
                    a for a in person.role_assertions if a.document_sha256 not in withdrawn))
            persons.append(person)
        return persons_as_seen(self._store, level, persons, self._names)

    @cached_property
    def _events(self) -> list[StoredEvent]:
        level = self._viewer.level
        rank = {pid: i for i, pid in enumerate(self._ids)}
        found = self._store.events_of_cases(self._ids, level)
        found.sort(key=lambda e: (rank[e.person_id or 0], e.id))
        # A case whose stored name only a hidden document spells goes by a visible one.
        shown = {} if level >= FULL_ACCESS else {p.id: p.name for p in self._persons}
        return [self._names.event(_named(e, shown.get(e.person_id or 0))) for e in found]

    def _cited(self) -> list[str]:
        return sorted({e.event.evidence.document_id for e in self._events})

    @cached_property
    def _documents(self) -> list[Document]:
        cited = self._cited()
        levels = self._store.document_levels(cited)
        visible = [sha for sha in cited if levels.get(sha, FULL_ACCESS) <= self._viewer.level]
        return list(map(self._visible.document, self._store.get_documents(visible)))

    def read(self, format: ListFormat) -> None:
        """Read from the store all that `format` writes, so that writing it touches no
        store (a streamed response is written after the request's store is returned)."""
        if format == "json":
            self._documents  # noqa: B018
        else:
            self.titles()
            self.urls()

    def iter_events(self) -> Iterator[StoredEvent]:
        yield from self._events

    def iter_persons(self) -> Iterator[StoredPerson]:
        yield from self._persons

    def iter_documents(self) -> Iterator[Document]:
        yield from self._documents

    @cached_property
    def _titles(self) -> dict[str, str | None]:
        return {sha: self._names.label(title)
                for sha, title in self._store.document_titles(self._cited()).items()}  # fmt: skip

    def titles(self) -> dict[str, str | None]:
        """The cited documents' titles as the reader may see them (what the CSV shows)."""
        return self._titles

    @cached_property
    def _urls(self) -> dict[str, str | None]:
        return {sha: self._names.label(url)
                for sha, url in self._store.document_urls(self._cited()).items()}  # fmt: skip

    def urls(self) -> dict[str, str | None]:
        """The cited documents' URLs as the reader may see them (the CSV's source_url)."""
        return self._urls

    def iter_organisations(self) -> Iterator[StoredOrganisation]:
        return iter(())  # a case's facts are a person's: none names an organisation

    def iter_statistics(self) -> Iterator[StoredStatistic]:
        return iter(())  # figures belong to documents, not to a case


def _named(stored: StoredEvent, name: str | None) -> StoredEvent:
    return stored if name is None or name == stored.entity_name else replace(
        stored, entity_name=name)  # fmt: skip


def case_list_pieces(
    store: Store, filters: CaseFilters, format: ListFormat, *, viewer: Viewer = FULL
) -> Iterator[str]:
    """The listed cases' records as pieces of text, for a response that streams. Which
    cases are listed is decided here; the CSV's records are read (and their access
    checked) as its pieces are written, `CHUNK` cases at a time, so `store` must stay
    open until the last piece; the JSON's are all read here."""
    ids = all_case_ids(store, filters, viewer=viewer)
    if format == "csv":
        titles: dict[str, str | None] = {}
        urls: dict[str, str | None] = {}
        return csv_pieces(_events_in_chunks(store, viewer, ids, titles, urls), titles.get,
                          source_url=urls.get)  # fmt: skip
    listed = ListedCases(store, viewer, ids)
    listed.read(format)
    return pieces(listed, "json")  # type: ignore[arg-type]


def _events_in_chunks(
    store: Store, viewer: Viewer, ids: list[int], titles: dict[str, str | None],
    urls: dict[str, str | None],
) -> Iterator[StoredEvent]:  # fmt: skip
    """The listed cases' facts in the list's order, read `CHUNK` cases at a time; the
    titles and URLs of the documents each chunk cites are added to `titles` and `urls`
    before its facts."""
    visible = VisibleRecords(store, viewer)  # the pseudonyms, computed once
    chunks = []
    for start in range(0, len(ids), CHUNK):
        listed = ListedCases(store, viewer, ids[start:start + CHUNK], visible)
        chunks.append(_with_titles(listed, titles, urls))
    return chain.from_iterable(chunks)


def _with_titles(
    listed: ListedCases, titles: dict[str, str | None], urls: dict[str, str | None]
) -> Iterator[StoredEvent]:
    titles.update(listed.titles())
    urls.update(listed.urls())
    yield from listed.iter_events()

