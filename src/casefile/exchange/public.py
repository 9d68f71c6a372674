"""The public export: what may be published. Only records at the public level whose
facts a person has accepted (or accepted with an edit), protected persons pseudonymised
in every name, quote and text (services.masking), and only the documents, persons and
organisations those facts involve.

It reads the store through `access.VisibleRecords` at public clearance, so everything a
public reader may not see is already gone; this view then keeps the reviewed facts.
Who is pseudonymised is `names`: by default the protected persons (`Pseudonyms`); the
consent-based publication masking (everyone without recorded consent) plugs in there.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from functools import cached_property

from casefile.model import Document
from casefile.services.access import Viewer, VisibleRecords
from casefile.services.masking import Pseudonyms
from casefile.store.base import (
    Store,
    StoredEvent,
    StoredOrganisation,
    StoredPerson,
    StoredStatistic,
)

PUBLIC_READER = Viewer("public export", "public", real_names=False)
# A person's decision that a fact stands: accepted as extracted, or accepted with an edit.
ACCEPTED = ("accepted", "edited")


class PublicRecords:
    """The store's record iterators as a public export holds them; other methods are
    the store's own."""

    def __init__(self, store: Store, names: Pseudonyms | None = None) -> None:
        """`names`: the masking to publish with. None: the protected persons of the
        public level (`Pseudonyms`). The consent masking (services/consent.py) is meant
        to be passed here: hook for publication masking."""
        from casefile.services.cases import refresh_case_records

        # Which persons a reader may see is read from the case records: bring them up to
        # date first, or a change since (a fact reclassified) would show in the export.
        refresh_case_records(store)
        self._store = store
        masking = names if names is not None else Pseudonyms(store, PUBLIC_READER)
        self._visible = VisibleRecords(store, PUBLIC_READER, names=masking)

    def __getattr__(self, name: str) -> object:
        return getattr(self._store, name)

    @property
    def names(self) -> Pseudonyms:
        return self._visible.names

    @cached_property
    def _events(self) -> list[StoredEvent]:
        return [e for e in self._visible.iter_events() if e.review_status in ACCEPTED]

    @cached_property
    def _statistics(self) -> list[StoredStatistic]:
        return [s for s in self._visible.iter_statistics() if s.review_status in ACCEPTED]

    @cached_property
    def _persons(self) -> list[StoredPerson]:
        with_events = {e.person_id for e in self._events if e.person_id is not None}
        kept = []
        for person in self._visible.iter_persons():
            roles = tuple(a for a in person.role_assertions if a.review_status in ACCEPTED)
            if person.id in with_events or roles:
                kept.append(replace(person, role_assertions=roles))
        return kept

    @cached_property
    def _cited(self) -> set[str]:
        cited = {e.event.evidence.document_id for e in self._events}
        cited |= {s.statistic.evidence.document_id for s in self._statistics}
        cited |= {a.document_sha256 for p in self._persons for a in p.role_assertions}
        return cited

    def iter_events(self) -> Iterator[StoredEvent]:
        yield from self._events

    def iter_statistics(self) -> Iterator[StoredStatistic]:
        yield from self._statistics

    def iter_persons(self) -> Iterator[StoredPerson]:
        yield from self._persons

    def iter_organisations(self) -> Iterator[StoredOrganisation]:
        used = {e.organisation_id for e in self._events if e.organisation_id is not None}
        yield from (o for o in self._visible.iter_organisations() if o.id in used)

    def iter_documents(self) -> Iterator[Document]:
        cited = self._cited
        yield from (d for d in self._visible.iter_documents() if d.sha256 in cited)
