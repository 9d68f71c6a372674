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
who the witness or source is. Their names are replaced in quotes and document text as
the records spell them (name, aliases, the text's own spelling in their events); a
spelling nobody linked to them is not found, which is why a statement naming a witness
should itself be confidential.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cached_property

from casefile.model import Document
from casefile.services.errors import InvalidInput, NotFound, PersonNotFound
from casefile.services.visibility import names_as_seen, person_as_seen
from casefile.store.base import (
    FactNotFound,
    Store,
    StoredEvent,
    StoredOrganisation,
    StoredPerson,
    StoredStatistic,
)
from casefile.store.base_security import CLEARANCES, FULL_ACCESS, User, level_of

DEFAULT_LEVEL = "confidential"  # a document nobody classified: fails safe


@dataclass(frozen=True)
class Viewer:
    """Who is reading, as far as confidentiality goes."""

    name: str
    clearance: str
    real_names: bool | None = None  # None: as the clearance allows

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
    return Viewer(user.name, user.clearance)


def parse_level(raw: str, what: str = "access") -> int:
    value = raw.strip().lower()
    if value not in CLEARANCES:
        raise InvalidInput(f"{what}: one of {', '.join(CLEARANCES)}, not {raw[:40]!r}")
    return level_of(value)


def level_name(level: int) -> str:
    return CLEARANCES[level]


def check_document(store: Store, viewer: Viewer, sha256: str) -> int:
    """The document's level, if the viewer may see it; NotFound otherwise."""
    level = store.document_level(sha256)
    if level is None or level > viewer.level:
        raise NotFound(f"no document {sha256[:12]}")
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


# -- pseudonyms -----------------------------------------------------------------------


class Pseudonyms:
    """Replaces protected persons' names for a viewer who may not see them. Loaded
    lazily: a page without protected persons pays one small indexed query."""

    def __init__(self, store: Store, viewer: Viewer) -> None:
        self._store = store
        self.active = not viewer.sees_protected

    @cached_property
    def _names(self) -> dict[int, list[str]]:
        return self._store.protected_names() if self.active else {}

    @cached_property
    def _key(self) -> bytes:
        return self._store.pseudonym_key()

    @cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        spellings = {name: pid for pid, names in self._names.items() for name in names}
        if not spellings:
            return None
        self._by_name = {name.casefold(): pid for name, pid in spellings.items()}
        alternatives = sorted(spellings, key=len, reverse=True)  # longest first
        return re.compile(
            r"(?<!\w)(" + "|".join(re.escape(n) for n in alternatives) + r")(?!\w)",
            re.IGNORECASE,
        )

    def mentions_protected(self, words: tuple[str, ...]) -> bool:
        """Whether a search's words include a word of a protected person's name."""
        if not self.active or not words or not self._names:
            return False
        name_words = {w.casefold() for names in self._names.values() for n in names
                      for w in re.findall(r"\w+", n)}  # fmt: skip
        return any(w.casefold() in name_words for w in words)

    def pseudonym(self, person_id: int) -> str:
        digest = hmac.new(self._key, f"person:{person_id}".encode(), hashlib.sha256)
        return f"Person {digest.hexdigest()[:6].upper()}"

    def is_hidden(self, person_id: int | None) -> bool:
        return self.active and person_id is not None and person_id in self._names

    def person(self, person: StoredPerson) -> StoredPerson:
        if not self.is_hidden(person.id):
            return person
        alias = self.pseudonym(person.id)
        return replace(person, name=alias, aliases=(), key=alias.casefold())

    def name(self, person_id: int | None, real: str) -> str:
        return self.pseudonym(person_id) if person_id is not None and self.is_hidden(
            person_id) else self.text(real)  # fmt: skip

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """Where protected names occur in `text`, with what replaces each."""
        pattern = self._pattern if self.active else None
        if pattern is None:
            return []
        return [
            (m.start(), m.end(), self.pseudonym(self._by_name[m.group(1).casefold()]))
            for m in pattern.finditer(text)
        ]

    def text(self, text: str) -> str:
        pattern = self._pattern if self.active else None
        if pattern is None or not text:
            return text
        return pattern.sub(lambda m: self.pseudonym(self._by_name[m.group(1).casefold()]), text)

    def event(self, stored: StoredEvent) -> StoredEvent:
        if not self.active or not self._names:
            return stored
        ev = stored.event
        masked = replace(
            ev,
            participant=self.name(stored.person_id, ev.participant),
            agent=self.text(ev.agent) if ev.agent else ev.agent,
            evidence=replace(ev.evidence, quote=self.text(ev.evidence.quote)),
        )
        return replace(stored, event=masked,
                       entity_name=self.name(stored.person_id, stored.entity_name))  # fmt: skip

    def statistic(self, stored: StoredStatistic) -> StoredStatistic:
        if not self.active or not self._names:
            return stored
        st = stored.statistic
        quote = self.text(st.evidence.quote)
        return replace(stored, statistic=replace(st, evidence=replace(st.evidence, quote=quote)))

    def events(self, events: list[StoredEvent]) -> list[StoredEvent]:
        return [self.event(e) for e in events]


# -- exports ------------------------------------------------------------------------------


class VisibleRecords:
    """The store's record iterators (what exports read) as `viewer` may see them: only
    documents, facts, persons and organisations at or below their clearance, protected
    persons pseudonymised. Everything else is the store's own."""

    def __init__(self, store: Store, viewer: Viewer) -> None:
        self._store = store
        self._viewer = viewer
        self._names = Pseudonyms(store, viewer)

    def __getattr__(self, name: str) -> object:
        return getattr(self._store, name)

    def iter_documents(self) -> Iterator[Document]:
        level = self._viewer.level
        for doc in self._store.iter_documents():
            if (self._store.document_level(doc.sha256) or 0) > level:
                continue
            if self._names.active:
                doc = replace(doc, title=self._names.text(doc.title or "") or None,
                              text=self._names.text(doc.text))  # fmt: skip
            yield doc

    def iter_events(self) -> Iterator[StoredEvent]:
        level = self._viewer.level
        # A case whose stored name only a hidden document spells goes by a visible one.
        spelled = {} if level >= FULL_ACCESS else names_as_seen(self._store, level, {
            e.person_id for e in self._store.iter_events()
            if e.level <= level and e.person_id is not None})  # fmt: skip
        for stored in self._store.iter_events():
            if stored.level <= level:
                if stored.person_id in spelled:
                    stored = replace(stored, entity_name=spelled[stored.person_id])
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
        for person in persons:
            if person.id in seen:
                yield person_as_seen(self._store, level, person, events.get(person.id, []),
                                     self._names)  # fmt: skip

    def iter_organisations(self) -> Iterator[StoredOrganisation]:
        if self._viewer.level >= FULL_ACCESS:
            yield from self._store.iter_organisations()
            return
        used = {e.organisation_id for e in self._store.iter_events()
                if e.level <= self._viewer.level and e.organisation_id is not None}  # fmt: skip
        for org in self._store.iter_organisations():
            if org.id in used:
                yield org
