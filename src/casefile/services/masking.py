"""Protected persons' names replaced by a stable pseudonym for a viewer who may not see
them, in every text a reader is shown: quotes, document text, titles, file names,
publishers, search snippets (masked before their matches are highlighted).
`Pseudonyms.for_publication` masks, with the same machinery, what is to be published:
protected persons and everyone without a recorded consent to be named
(services/consent.py).

Names are found by `link.mentions` in every spelling, script and Russian case of the
words the records know for the person. A word the protected person shares with another
person the viewer can see (the surname of a relative, "Nina Lipkovich") is not masked
alone: masking it would turn her into "Nina Person 7F3A2C" in texts while her own case
says "Nina Lipkovich", and the two side by side give the surname. It is masked alone
only where the records attribute it to him: in the quotes of his own standing events,
and in the same places of the document's text, so that a quote and its document never
disagree. Whoever protects a person is told which other cases share the surname
(`services.classification.set_protected`), since their texts may still say it.

Which words are shared needs every person's name words: they are kept between requests
and read again only for the rows added since (`person_name_marks`); the persons sharing
a word are then checked for a standing event at the viewer's level (a relative hidden
from the viewer cannot be compared with, so her surname does not stop masking).
"""

from __future__ import annotations

import hashlib
import hmac
import threading
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import Protocol

from casefile.link.mentions import (
    NameIndex,
    apply,
    build_index,
    disjoint,
    marked,
    name_words,
    surname_word,
)
from casefile.model import Evidence
from casefile.store.base import Store, StoredEvent, StoredPerson, StoredStatistic

AMBIGUOUS = "Person (name withheld)"  # a word two protected persons share
__all__ = ["AMBIGUOUS", "Pseudonyms", "apply", "marked", "name_index", "surname_word"]


@dataclass
class _NameWords:
    """Every person's name words (names and aliases), for one installation: read once,
    then only the rows added since (`marks`); read again whole when a name went away."""

    marks: tuple[int, int, int, int]
    names: dict[int, dict[str, tuple[str, ...]]]  # person -> name -> its words
    owners: dict[str, set[int]]  # a word -> the persons with it in a name

    def add(self, rows: Iterable[tuple[int, str]]) -> None:
        for pid, name in rows:
            words = _words_of(name)
            self.names.setdefault(pid, {})[name] = words
            for word in words:
                self.owners.setdefault(word, set()).add(pid)


@lru_cache(maxsize=400_000)
def _words_of(name: str) -> tuple[str, ...]:
    return tuple(name_words(name))


_WORDS: dict[bytes, _NameWords] = {}
_INDEXES: dict[tuple[object, ...], NameIndex] = {}
_INDEXES_KEPT = 64
_LOCK = threading.Lock()


def _name_words(store: Store, installation: bytes) -> _NameWords:
    marks = store.person_name_marks()
    with _LOCK:
        known = _WORDS.get(installation)
        if known is not None and known.marks == marks:
            return known
        upto = (marks[0], marks[2])
        if known is not None and marks[0] >= known.marks[0] and marks[2] >= known.marks[2]:
            after = (known.marks[0], known.marks[2])
            added = store.person_names(after, upto)
            grown = (marks[1] - known.marks[1]) + (marks[3] - known.marks[3])
            if grown == len(added):  # nothing went away: the new rows are all news
                known.add(added)
                known.marks = marks
                return known
        fresh = _NameWords(marks, {}, {})
        fresh.add(store.person_names((0, 0), upto))
        _WORDS[installation] = fresh
        return fresh


def name_index(store: Store, level: int, publication: bool = False) -> NameIndex:
    """The protected names' index for a viewer of `level`, as the records are now: the
    protected persons' spellings (one small query), and the other persons with a case
    at `level` who share a word with them (from every name's words, kept between
    requests and read incrementally). For a `publication`, everyone without a recorded
    consent to be named counts as protected too (services/consent.py)."""
    protected = store.protected_names()
    if publication:
        for pid, spellings in store.names_without_consent().items():
            protected[pid] = sorted({*protected.get(pid, ()), *spellings})
    if not protected:
        return build_index({}, [])
    installation = store.pseudonym_key()
    table = _name_words(store, installation)
    mine = {w for spellings in protected.values() for n in spellings for w in _words_of(n)}
    candidates = {pid for w in mine for pid in table.owners.get(w, ())} - protected.keys()
    visible = store.persons_with_events(sorted(candidates), level) if candidates else set()
    key = (installation, tuple(sorted((p, tuple(n)) for p, n in protected.items())),
           tuple(sorted((p, tuple(table.names.get(p, {}))) for p in visible)))  # fmt: skip
    with _LOCK:
        cached = _INDEXES.get(key)
    if cached is not None:
        return cached
    others = [(pid, name) for pid in sorted(visible) for name in table.names.get(pid, {})]
    index = build_index(protected, others)
    with _LOCK:
        if len(_INDEXES) >= _INDEXES_KEPT:
            _INDEXES.pop(next(iter(_INDEXES)))
        _INDEXES[key] = index
    return index


@lru_cache(maxsize=4096)
def _pseudonym(key: bytes, person_id: int) -> str:
    digest = hmac.new(key, f"person:{person_id}".encode(), hashlib.sha256)
    return f"Person {digest.hexdigest()[:6].upper()}"


class Reader(Protocol):
    """What masking needs of `access.Viewer` (which sits above this module)."""

    @property
    def level(self) -> int: ...

    @property
    def sees_protected(self) -> bool: ...


class Pseudonyms:
    """Replaces protected persons' names for a viewer who may not see them. Loaded
    lazily: a page without protected persons pays one small indexed query."""

    def __init__(self, store: Store, viewer: Reader, *, publication: bool = False) -> None:
        self._store = store
        self.publication = publication
        # What is published is read by anyone: the reader's clearance lifts nothing.
        self.active = publication or not viewer.sees_protected
        self._level = viewer.level

    @classmethod
    def for_publication(cls, store: Store, viewer: Reader) -> Pseudonyms:
        """Masks for what will be published (an urgent action, the public export, the
        static site): protected persons and everyone without a consent to be named on
        record, whatever the viewer's clearance; `viewer.level` still bounds which other
        persons' names may be compared with theirs."""
        return cls(store, viewer, publication=True)

    @cached_property
    def index(self) -> NameIndex | None:
        if not self.active:
            return None
        index = name_index(self._store, self._level, self.publication)
        return index if index.persons else None

    @cached_property
    def _key(self) -> bytes:
        return self._store.pseudonym_key()

    def mentions_protected(self, words: Iterable[str]) -> bool:
        """Whether a search's words include a word of a protected person's name, in any
        of its spellings (a hit would tie the name to the pseudonym)."""
        index = self.index
        return index is not None and index.mentions(words)

    def pseudonym(self, person_id: int) -> str:
        return _pseudonym(self._key, person_id)

    def _replacement(self, person_id: int | None) -> str:
        return AMBIGUOUS if person_id is None else self.pseudonym(person_id)

    def is_hidden(self, person_id: int | None) -> bool:
        index = self.index
        return index is not None and person_id is not None and person_id in index.persons

    def shared_with(self, person_id: int) -> dict[int, tuple[str, frozenset[str]]]:
        """Other persons (with a case the viewer can see) whose names hold a word of
        this protected person's names: their name, and the words they share."""
        index = self.index if self.active else name_index(self._store, self._level,
                                                          self.publication)  # fmt: skip
        return dict((index.shared_with if index else {}).get(person_id, {}))

    def person(self, person: StoredPerson) -> StoredPerson:
        if self.index is None:
            return person
        roles = tuple(
            replace(a, evidence=replace(a.evidence, quote=self.quote(a.evidence)))
            if a.evidence else a
            for a in person.role_assertions
        )  # fmt: skip
        if not self.is_hidden(person.id):
            return replace(person, role_assertions=roles)
        alias = self.pseudonym(person.id)
        return replace(person, name=alias, aliases=(), key=alias.casefold(),
                       role_assertions=roles)  # fmt: skip

    def name(self, person_id: int | None, real: str) -> str:
        return self.pseudonym(person_id) if person_id is not None and self.is_hidden(
            person_id) else self.text(real)  # fmt: skip

    def spans(
        self, text: str, about: int | None = None, any_case: bool = False
    ) -> list[tuple[int, int, str]]:
        """Where protected names occur in `text`, with what replaces each; `about`: a
        protected person the records say the text is about (his words alone too)."""
        index = self.index
        if index is None:
            return []
        return [(a, b, self._replacement(p)) for a, b, p in index.find(text, about, any_case)]

    def text(self, text: str) -> str:
        """`text`, found nowhere in particular, with protected names replaced. A quote
        is masked with `quote`, which knows where in its document it stands."""
        if self.index is None or not text:
            return text
        return apply(text, self.spans(text))

    def label(self, text: str | None) -> str | None:
        """A file name, title, publisher or address: names in any case are masked."""
        if self.index is None or not text:
            return text
        return apply(text, self.spans(text, any_case=True))

    def quote(self, evidence: Evidence) -> str:
        """A quote masked exactly as its place in the document's text is."""
        spans = self.excerpt_spans(evidence.quote, evidence.document_id, evidence.start)
        return apply(evidence.quote, spans)

    def event(self, stored: StoredEvent) -> StoredEvent:
        if self.index is None:
            return stored
        ev = stored.event
        participant = self.name(stored.person_id, ev.participant)
        agent = self.text(ev.agent) if ev.agent else ev.agent
        quote = self.quote(ev.evidence)
        entity = self.name(stored.person_id, stored.entity_name)
        if (participant, agent, quote, entity) == (
            ev.participant,
            ev.agent,
            ev.evidence.quote,
            stored.entity_name,
        ):
            return stored  # most facts name no protected person: no copies to make
        evidence = replace(ev.evidence, quote=quote)
        masked = replace(ev, participant=participant, agent=agent, evidence=evidence)
        return replace(stored, event=masked, entity_name=entity)

    def statistic(self, stored: StoredStatistic) -> StoredStatistic:
        if self.index is None:
            return stored
        st = stored.statistic
        quote = self.quote(st.evidence)
        if quote == st.evidence.quote:
            return stored
        return replace(stored, statistic=replace(st, evidence=replace(st.evidence, quote=quote)))

    def events(self, events: list[StoredEvent]) -> list[StoredEvent]:
        return [self.event(e) for e in events]

    # -- text located in a document ---------------------------------------------------

    @cached_property
    def _attributed(self) -> dict[str, list[tuple[int, int, str, int]]]:
        """Where the records say a text is about a protected person, by document: the
        evidence (start, end, quote, person) of his standing events the viewer may see
        and of his roles. A reviewer's rejection takes it back."""
        index = self.index
        found: dict[str, list[tuple[int, int, str, int]]] = {}
        if index is None:
            return found
        for pid, events in self._store.events_of_persons(sorted(index.persons)).items():
            located = [s.event.evidence for s in events if s.level <= self._level]
            person = self._store.get_person(pid)
            roles = person.role_assertions if person else ()
            located += [r.evidence for r in roles if r.evidence and r.review_status != "rejected"]
            for ev in located:
                found.setdefault(ev.document_id, []).append((ev.start, ev.end, ev.quote, pid))
        return found

    @cached_property
    def _texts(self) -> dict[str, str | None]:
        return {}

    def _document_text(self, sha256: str) -> str | None:
        if sha256 not in self._texts:
            document = self._store.get_document(sha256)
            self._texts[sha256] = document.text if document is not None else None
        return self._texts[sha256]

    def document_spans(self, text: str, sha256: str, offset: int = 0) -> list[tuple[int, int, str]]:
        """Masks over the part of document `sha256`'s text that starts at `offset`
        (the whole text by default): names found in it, and a protected person's words
        alone within the evidence the records attribute to him."""
        index = self.index
        if index is None or not index.names_any(text):
            return []
        spans = {(a, b): r for a, b, r in self.spans(text)}
        end = offset + len(text)
        for start, stop, quote, pid in self._attributed.get(sha256, ()):
            if stop <= offset or start >= end:
                continue
            # Found in the whole evidence: a name cut by this part is seen whole.
            for a, b, r in self.spans(quote, pid):
                spans.setdefault((a + start - offset, b + start - offset), r)
        return disjoint(spans)

    def excerpt_spans(
        self, excerpt: str, sha256: str, start: int | None = None
    ) -> list[tuple[int, int, str]]:
        """Masks over an excerpt of document `sha256` (at `start`, or found in the text
        when not known), the same as the document's text shows there: a name the
        excerpt cuts in two is read in the text around it."""
        index = self.index
        if index is None or not index.names_any(excerpt):
            return []
        cut = index.at_edges(excerpt)
        if start is None or cut:
            text = self._document_text(sha256)
            if start is None and text is not None:
                start = text.find(excerpt)
            if text is None or start is None or start < 0:
                return self.spans(excerpt)  # nowhere to read it in: as it stands
            if text[start : start + len(excerpt)] != excerpt:
                return self.spans(excerpt)
            low = max(0, start - _CONTEXT)
            around = text[low : start + len(excerpt) + _CONTEXT]
            found = self.document_spans(around, sha256, low)
            shift = low - start
        else:
            found = self.document_spans(excerpt, sha256, start)
            shift = 0
        size = len(excerpt)
        return [(max(a + shift, 0), min(b + shift, size), r)
                for a, b, r in found if b + shift > 0 and a + shift < size]  # fmt: skip


_CONTEXT = 120  # characters read on each side of an excerpt that may cut a name
