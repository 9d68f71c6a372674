"""Confidentiality: who may see which records, in one place.

Every service read takes a `Viewer` (the signed-in user's clearance, or `FULL` for the
CLI, whose user already holds the database file) and passes its level to the store,
whose queries return only documents and facts at or below it. Nothing above a user's
clearance reaches a page, the API, a search, a count or an export: what they may not
see does not exist for them (404, not 403, so that an id does not confirm a record).

Levels: `public` < `internal` < `confidential`. A document's is set at ingest and
changed by editors and admins (audited); a fact's is its document's unless raised on
the fact itself: a fact quotes its document, so it is never less protected than it.

Protected persons are shown as a stable pseudonym ("Person 7F3A2C", a keyed hash of
their id with this installation's secret) to everyone without confidential clearance,
and in exports unless asked otherwise: who may see a case at all may not thereby learn
who the witness or source is. Their names are replaced in quotes, document text, titles,
file names and publishers in every spelling, script and Russian case of the words the
records know for them (`services.masking`); a given name nobody linked to them is not
found, which is why a statement naming a witness should itself be confidential.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from casefile.i18n import Msg
from casefile.model import Document
from casefile.services.errors import InvalidInput, NotFound, PersonNotFound
from casefile.services.masking import Pseudonyms, apply
from casefile.services.visibility import names_as_seen, organisations_as_seen, person_as_seen
from casefile.store.base import (
    FactNotFound,
    Store,
    StoredEvent,
    StoredOrganisation,
    StoredPerson,
    StoredStatistic,
)
from casefile.store.base_documents import WITHDRAWN
from casefile.store.base_security import CLEARANCES, FULL_ACCESS, User, level_of

DEFAULT_LEVEL = "confidential"  # a document nobody classified: fails safe


@dataclass(frozen=True)
class Viewer:
    """Who is reading, as far as confidentiality goes."""

    name: str
    clearance: str
    real_names: bool | None = None  # None: as the clearance allows
    # Admins also see withdrawn documents they were cleared for (services.document_changes),
    # to restore or delete them; nobody sees their facts anywhere.
    admin: bool = False

    @property
    def level(self) -> int:
        return level_of(self.clearance)

    @property
    def sees_protected(self) -> bool:
        if self.real_names is not None:
            return self.real_names and self.level >= FULL_ACCESS
        return self.level >= FULL_ACCESS


FULL = Viewer("casefile", "confidential")


def viewer_of(user: User) -> Viewer:
    return Viewer(user.name, user.clearance, admin=user.role == "admin")


def parse_level(raw: str, what: str = "access") -> int:
    value = raw.strip().lower()
    if value not in CLEARANCES:
        raise InvalidInput(Msg(
            "%(what)s: one of %(items)s, not %(raw)s",
            what=what, items=', '.join(CLEARANCES), raw=repr(raw[:40]),
        ))
    return level_of(value)


def level_name(level: int) -> str:
    return CLEARANCES[level]


def check_document(store: Store, viewer: Viewer, sha256: str) -> int:
    """The document's level, if the viewer may see it; NotFound otherwise."""
    level = store.document_level(sha256)
    if level is None or level > viewer.level:
        raise NotFound(Msg("no document %(sha256)s", sha256=sha256[:12]))
    return level


def check_fact(
    fact: StoredEvent | StoredStatistic, kind: str, viewer: Viewer
) -> StoredEvent | StoredStatistic:
    if fact.level > viewer.level:
        raise FactNotFound(kind, fact.id)
    return fact


def check_person(store: Store, viewer: Viewer, person_id: int) -> None:
    """A person exists for the viewer if one of their events is visible."""
    if viewer.level < FULL_ACCESS and not store.visible_persons([person_id], viewer.level):
        raise PersonNotFound(str(person_id))
    # Full clearance sees every person, but not one only withdrawn documents attest.
    # (From the events themselves: the case records may wait for a refresh.)
    if (viewer.level >= FULL_ACCESS
            and not store.persons_with_events([person_id], viewer.level)
            and store.persons_with_events([person_id], WITHDRAWN)):  # fmt: skip
        raise PersonNotFound(str(person_id))


# -- exports ------------------------------------------------------------------------------


class VisibleRecords:
    """The store's record iterators (what exports read) as `viewer` may see them: only
    documents, facts, persons and organisations at or below their clearance, protected
    persons pseudonymised. Everything else is the store's own."""

    def __init__(self, store: Store, viewer: Viewer, names: Pseudonyms | None = None) -> None:
        """`names`: who is pseudonymised and how (default: the protected persons the
        viewer may not see); a publication's masking passes its own."""
        self._store = store
        self._viewer = viewer
        self._names = names if names is not None else Pseudonyms(store, viewer)

    def __getattr__(self, name: str) -> object:
        return getattr(self._store, name)

    @property
    def names(self) -> Pseudonyms:
        return self._names

    def iter_documents(self) -> Iterator[Document]:
        level = self._viewer.level
        for doc in self._store.iter_documents():
            if (self._store.document_level(doc.sha256) or 0) <= level:
                yield self.document(doc)

    def document(self, doc: Document) -> Document:
        """A document the viewer may see, protected names masked."""
        if self._names.index is None:
            return doc
        names = self._names
        return replace(doc, title=names.label(doc.title), publisher=names.label(
            doc.publisher), source_name=names.label(doc.source_name), url=names.label(doc.url),
            text=apply(doc.text, names.document_spans(doc.text, doc.sha256)))  # fmt: skip

    def iter_events(self) -> Iterator[StoredEvent]:
        level = self._viewer.level
        # A case whose stored name only a hidden document spells goes by a visible one.
        spelled = {} if level >= FULL_ACCESS else names_as_seen(self._store, level, {
            e.person_id for e in self._store.iter_events()
            if e.level <= level and e.person_id is not None})  # fmt: skip
        named = {} if level >= FULL_ACCESS else {o.id: o.name for o in self.iter_organisations()}
        for stored in self._store.iter_events():
            if stored.level <= level:
                if stored.person_id in spelled:
                    stored = replace(stored, entity_name=spelled[stored.person_id])
                elif stored.organisation_id in named:
                    stored = replace(stored, entity_name=named[stored.organisation_id])
                yield self._names.event(stored)

    def iter_statistics(self) -> Iterator[StoredStatistic]:
        for stored in self._store.iter_statistics():
            if stored.level <= self._viewer.level:
                yield self._names.statistic(stored)

    def iter_persons(self) -> Iterator[StoredPerson]:
        level = self._viewer.level
        persons = list(self._store.iter_persons())
        seen = (
            {p.id for p in persons} if level >= FULL_ACCESS
            else self._store.visible_persons([p.id for p in persons], level)
        )  # fmt: skip
        events: dict[int, list[StoredEvent]] = {}
        if level < FULL_ACCESS:  # what attests a spelling (services.visibility)
            for stored in self._store.iter_events():
                if (stored.person_id is not None and stored.level <= level
                        and stored.review_status != "rejected"):  # fmt: skip
                    events.setdefault(stored.person_id, []).append(stored)
        withdrawn = self._withdrawn()
        only_withdrawn = self._only_in_withdrawn("person_id") if withdrawn else set()
        for person in persons:
            if person.id in seen and person.id not in only_withdrawn:
                if withdrawn:  # what a withdrawn document said of them is withdrawn too
                    person = replace(person, role_assertions=tuple(
                        a for a in person.role_assertions
                        if a.document_sha256 not in withdrawn))  # fmt: skip
                    if not person.role_assertions and person.id not in self._with_events():
                        continue
                yield person_as_seen(self._store, level, person, events.get(person.id, []),
                                     self._names)  # fmt: skip

    def _withdrawn(self) -> set[str]:
        """Withdrawn documents (services.document_changes): at full clearance the other
        records are read whole, so what only these attest is left out here."""
        return {w.sha256 for w in self._store.withdrawals(WITHDRAWN)}

    def _with_events(self) -> set[int]:
        return {e.person_id for e in self._store.iter_events()
                if e.level <= self._viewer.level and e.person_id is not None}  # fmt: skip

    def _only_in_withdrawn(self, column: str) -> set[int]:
        """Persons or organisations whose events are all in withdrawn documents."""
        shown: set[int] = set()
        hidden: set[int] = set()
        for stored in self._store.iter_events():
            key = getattr(stored, column)
            if key is not None:
                (shown if stored.level <= self._viewer.level else hidden).add(key)
        return hidden - shown

    def iter_organisations(self) -> Iterator[StoredOrganisation]:
        if self._viewer.level >= FULL_ACCESS:
            hidden = self._only_in_withdrawn("organisation_id") if self._withdrawn() else set()
            yield from (o for o in self._store.iter_organisations() if o.id not in hidden)
            return
        used = {e.organisation_id for e in self._store.iter_events()
                if e.level <= self._viewer.level and e.organisation_id is not None}  # fmt: skip
        # Under the names a visible event of theirs spells (services.visibility).
        yield from organisations_as_seen(self._store, self._viewer.level, [
            org for org in self._store.iter_organisations() if org.id in used])  # fmt: skip
