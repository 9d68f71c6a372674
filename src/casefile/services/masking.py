"""Protected persons' names, found in any text in the forms a text writes them, and
replaced by a stable pseudonym for a viewer who may not see them.

A name is found by its words, each normalised the way the linker compares names
(`link.translit.fold`: case, diacritics, punctuation, Latin and Cyrillic spellings;
`link.russian.stem`: Russian case endings), so that "Uladzímir Labkovich",
"Labkovich_Uladzimir.pdf" and "Владимира Лабковича" (when the records know the
Russian spelling) are one name. Matched:

- a sequence of two or more of the person's name words (any order, initials for
  given names): "Uladzimir Labkovich", "Labkovich, Uladzimir", "U. Labkovich";
- one of the person's name words alone (a capitalised word), when no other person the
  viewer can see has that word in their name: "Labkovich said";
- a word the protected person shares with another visible person (the surname of a
  relative, "Nina Labkovich") is not masked alone: masking it would turn her into
  "Nina Person 7F3A2C" in texts while her own case says "Nina Labkovich", and the two
  side by side give the surname. It is masked only where the records attribute it to the
  protected person: inside the quote of one of his own events (`about=`), and never
  inside the full name of that other person.

Whoever protects a person is told which other cases share the surname
(`services.classification.set_protected`), since their texts may still say it.

Which words are shared needs every person's name words: they are kept between requests
and read again only for the rows added since (`person_name_marks`); the persons sharing
a word are then checked for a case at the viewer's level (a relative hidden from the
viewer cannot be compared with, so her surname does not stop masking).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from itertools import permutations
from typing import Protocol

from casefile.link.russian import stem
from casefile.link.translit import fold
from casefile.store.base import Store, StoredEvent, StoredPerson, StoredStatistic

# Letters and digits; combining marks, soft hyphens and zero-width characters inside a
# word belong to it (a decomposed "í" or a "Lab\u00adkovich" must stay one word).
_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f\u00ad\u200b-\u200d\u2060])+")
# What may stand between the words of one name: spaces (a line break too), an
# initial's dot, a comma (surname first), hyphens, underscores of a file name.
_GAP = re.compile(r"[\s.,_\-–'’ʼ]{0,4}")
_MAX_NAME_WORDS = 4
AMBIGUOUS = "Person (name withheld)"  # a word two protected persons share


@lru_cache(maxsize=200_000)
def normal(word: str) -> str:
    """The comparison form of one word of a name: the same for its spellings, scripts
    and Russian cases."""
    return stem(fold(word))


def name_words(text: str) -> list[str]:
    """The normalised words of a name or a query (empty ones dropped)."""
    return [n for n in (normal(m.group()) for m in _WORD.finditer(text)) if n]


_PATRONYMIC_END = re.compile(r"(?:ovich|evich|ovn|evn|ichn)$")


def surname_word(name: str) -> str | None:
    """The normalised surname of a name as the records write it ("Given Surname", or
    "Surname Given Patronymic" when the last word is a patronymic)."""
    words = name_words(name)
    if len(words) >= 3 and _PATRONYMIC_END.search(words[-1]):
        return words[0]
    return words[-1] if words else None


Span = tuple[int, int, int | None]  # start, end, protected person (None: which is unsure)


@dataclass(frozen=True)
class NameIndex:
    """Protected persons' names as sequences of normalised words, for one viewer level."""

    persons: frozenset[int]
    patterns: dict[tuple[str, ...], int]  # two or more words -> person
    lone: dict[str, int | None]  # a word masked on its own -> person (None: several)
    min_length: dict[str, int]  # a lone word's shortest folded spelling (no "An" for Anna)
    own: dict[int, frozenset[str]]  # every word of each person's names
    shields: frozenset[tuple[str, ...]]  # other persons' full names holding such a word
    # protected person -> other person -> (their name, the words they share)
    shared_with: dict[int, dict[int, tuple[str, frozenset[str]]]]
    starts: frozenset[str]  # first words of patterns and shields

    def find(self, text: str, about: int | None = None, any_case: bool = False) -> list[Span]:
        """Where protected names occur in `text`. `about`: the protected person the text
        is a quote about (their words are masked alone too); `any_case`: a file name or
        an address, where a name is not capitalised."""
        if not self.persons or not text:
            return []
        words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
        norms = [normal(w) for _, _, w in words]
        attributed = self.own.get(about, frozenset()) if about is not None else frozenset()
        found: list[Span] = []
        i = 0
        while i < len(words):
            length, owner, shielded = self._sequence_at(text, words, norms, i)
            if length:
                if not shielded:
                    found.append((words[i][0], words[i + length - 1][1], owner))
                i += length
                continue
            norm, (start, end, word) = norms[i], words[i]
            if any_case or word[:1].isupper():
                if norm in self.lone and len(fold(word)) >= self.min_length[norm]:
                    found.append((start, end, self.lone[norm]))
                elif norm in attributed and len(norm) > 1:
                    found.append((start, end, about))
            i += 1
        return _joined(text, found)

    def _sequence_at(
        self, text: str, words: list[tuple[int, int, str]], norms: list[str], i: int
    ) -> tuple[int, int | None, bool]:
        """The longest protected name (or other person's name: shielded) at word `i`."""
        if norms[i] not in self.starts:
            return 0, None, False
        for length in range(min(_MAX_NAME_WORDS, len(words) - i), 1, -1):
            key = tuple(norms[i : i + length])
            if key not in self.patterns and key not in self.shields:
                continue
            gaps = (text[words[k][1] : words[k + 1][0]] for k in range(i, i + length - 1))
            if all(_GAP.fullmatch(g) for g in gaps):
                if key in self.patterns:
                    return length, self.patterns[key], False
                return length, None, True
        return 0, None, False

    def mentions(self, words: Iterable[str]) -> bool:
        """Whether any of a search's words is a word of a protected person's name."""
        names = {w for ws in self.own.values() for w in ws if len(w) > 1}
        return any(n in names for w in words for n in name_words(w))


def build_index(
    protected: dict[int, list[str]], others: Sequence[tuple[int, str]]
) -> NameIndex:
    """The index of `protected` persons' spellings; `others`: (person, name or alias) of
    every other person the viewer can see."""
    own: dict[int, set[str]] = {}
    patterns: dict[tuple[str, ...], int] = {}
    min_length: dict[str, int] = {}
    for pid, spellings in sorted(protected.items()):
        mine = own.setdefault(pid, set())
        for spelling in spellings:
            written = [m.group() for m in _WORD.finditer(spelling)]
            norms = [normal(w) for w in written]
            for word, norm in zip(written, norms, strict=True):
                if len(norm) > 1:
                    mine.add(norm)
                    min_length[norm] = min(min_length.get(norm, 99), len(fold(word)))
            for key in _variants([n for n in norms if n]):
                patterns.setdefault(key, pid)
    owners: dict[str, set[int]] = {}
    for pid, mine in own.items():
        for word in mine:
            owners.setdefault(word, set()).add(pid)
    shared_with: dict[int, dict[int, tuple[str, frozenset[str]]]] = {}
    shields: set[tuple[str, ...]] = set()
    shared: set[str] = set()
    for other, name in others:
        if other in own:
            continue
        theirs = tuple(name_words(name))
        hits = [n for n in theirs if n in owners]
        if not hits:
            continue
        shared.update(hits)
        if len(theirs) > 1:
            shields.add(theirs[:_MAX_NAME_WORDS])
        for pid in {p for word in hits for p in owners[word]}:
            mine = own[pid]
            known = shared_with.setdefault(pid, {}).get(other, (name, frozenset()))
            shared_with[pid][other] = (known[0], known[1] | {w for w in hits if w in mine})
    lone = {
        word: next(iter(pids)) if len(pids) == 1 else None
        for word, pids in owners.items()
        if word not in shared
    }
    shields -= patterns.keys()  # a protected person's own name is masked, come what may
    return NameIndex(
        persons=frozenset(protected),
        patterns=patterns,
        lone=lone,
        min_length=min_length,
        own={pid: frozenset(mine) for pid, mine in own.items()},
        shields=frozenset(shields),
        shared_with=shared_with,
        starts=frozenset(k[0] for k in (*patterns, *shields)),
    )


def _variants(norms: list[str]) -> set[tuple[str, ...]]:
    """The word sequences that write a name: its words in any order (surname first),
    any two of them, and given names as initials."""
    words = list(dict.fromkeys(norms))[:_MAX_NAME_WORDS]
    out: set[tuple[str, ...]] = set()
    if len(words) < 2:
        return out
    for size in range(2, len(words) + 1):
        for seq in permutations(words, size):
            out.add(seq)
            # Initials stand for all but one word: "U. Labkovich", "В. В. Лабкович".
            out.add((*(w[0] for w in seq[:-1]), seq[-1]))
    return {seq for seq in out if any(len(w) > 1 for w in seq)}


def _joined(text: str, spans: list[Span]) -> list[Span]:
    """Neighbouring spans of one person ("Kara" "-" "Murza") as one."""
    out: list[Span] = []
    for span in spans:
        if out and out[-1][2] == span[2] and _GAP.fullmatch(text[out[-1][1] : span[0]]):
            out[-1] = (out[-1][0], span[1], span[2])
        else:
            out.append(span)
    return out


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


def name_index(store: Store, level: int) -> NameIndex:
    """The protected names' index for a viewer of `level`, as the records are now: the
    protected persons' spellings (one small query), and the other persons with a case
    at `level` who share a word with them (from every name's words, kept between
    requests and read incrementally)."""
    protected = store.protected_names()
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


class Reader(Protocol):
    """What masking needs of `access.Viewer` (which sits above this module)."""

    @property
    def level(self) -> int: ...

    @property
    def sees_protected(self) -> bool: ...


class Pseudonyms:
    """Replaces protected persons' names for a viewer who may not see them. Loaded
    lazily: a page without protected persons pays one small indexed query."""

    def __init__(self, store: Store, viewer: Reader) -> None:
        self._store = store
        self.active = not viewer.sees_protected
        self._level = viewer.level

    @cached_property
    def index(self) -> NameIndex | None:
        if not self.active:
            return None
        index = name_index(self._store, self._level)
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
        digest = hmac.new(self._key, f"person:{person_id}".encode(), hashlib.sha256)
        return f"Person {digest.hexdigest()[:6].upper()}"

    def _replacement(self, person_id: int | None) -> str:
        return AMBIGUOUS if person_id is None else self.pseudonym(person_id)

    def is_hidden(self, person_id: int | None) -> bool:
        index = self.index
        return index is not None and person_id is not None and person_id in index.persons

    def shared_with(self, person_id: int) -> dict[int, tuple[str, frozenset[str]]]:
        """Other persons (with a case the viewer can see) whose names hold a word of
        this protected person's names: their name, and the words they share."""
        index = self.index if self.active else name_index(self._store, self._level)
        return dict((index.shared_with if index else {}).get(person_id, {}))

    def person(self, person: StoredPerson) -> StoredPerson:
        if self.index is None:
            return person
        about = person.id if self.is_hidden(person.id) else None
        roles = tuple(
            replace(a, evidence=replace(a.evidence, quote=self.text(a.evidence.quote, about)))
            if a.evidence else a
            for a in person.role_assertions
        )  # fmt: skip
        if about is None:
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
        """Where protected names occur in `text`, with what replaces each."""
        index = self.index
        if index is None:
            return []
        return [(a, b, self._replacement(p)) for a, b, p in index.find(text, about, any_case)]

    def text(self, text: str, about: int | None = None) -> str:
        """`text` with protected names replaced; `about`: the protected person it quotes
        about, if any (see the module's note)."""
        if self.index is None or not text:
            return text
        return apply(text, self.spans(text, about))

    def label(self, text: str | None) -> str | None:
        """A file name, title, publisher or address: names in any case are masked."""
        if self.index is None or not text:
            return text
        return apply(text, self.spans(text, any_case=True))

    def event(self, stored: StoredEvent) -> StoredEvent:
        if self.index is None:
            return stored
        ev = stored.event
        about = stored.person_id if self.is_hidden(stored.person_id) else None
        masked = replace(
            ev,
            participant=self.name(stored.person_id, ev.participant),
            agent=self.text(ev.agent, about) if ev.agent else ev.agent,
            evidence=replace(ev.evidence, quote=self.text(ev.evidence.quote, about)),
        )
        return replace(stored, event=masked,
                       entity_name=self.name(stored.person_id, stored.entity_name))  # fmt: skip

    def statistic(self, stored: StoredStatistic) -> StoredStatistic:
        if self.index is None:
            return stored
        st = stored.statistic
        quote = self.text(st.evidence.quote)
        return replace(stored, statistic=replace(st, evidence=replace(st.evidence, quote=quote)))

    def events(self, events: list[StoredEvent]) -> list[StoredEvent]:
        return [self.event(e) for e in events]

    def document_spans(
        self, text: str, events: Iterable[StoredEvent], offset: int = 0
    ) -> list[tuple[int, int, str]]:
        """Masks over a document's text (or its part from `offset`), the same as its
        events' quotes show: a protected person's own event masks their words alone
        within its evidence, as `event` does in the quote."""
        index = self.index
        if index is None:
            return []
        spans = {(a, b): r for a, b, r in self.spans(text)}
        end = offset + len(text)
        for stored in events:
            if not self.is_hidden(stored.person_id):
                continue
            ev = stored.event.evidence
            a, b = max(ev.start, offset), min(ev.end, end)
            if a >= b:
                continue
            # The whole quote, so that a name cut by the window is seen whole.
            for s, e, r in self.spans(ev.quote, stored.person_id):
                s, e = s + ev.start - offset, e + ev.start - offset
                if e > a - offset and s < b - offset:
                    spans.setdefault((s, e), r)
        return _disjoint(spans)


def _disjoint(spans: dict[tuple[int, int], str]) -> list[tuple[int, int, str]]:
    """Overlapping masks merged (the first one's replacement shown)."""
    out: list[tuple[int, int, str]] = []
    for (a, b), r in sorted(spans.items()):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]), out[-1][2])
        else:
            out.append((a, b, r))
    return out


def apply(text: str, spans: Sequence[tuple[int, int, str]]) -> str:
    """`text` with each (start, end, replacement) replaced; spans sorted and disjoint."""
    if not spans:
        return text
    parts, at = [], 0
    for start, end, replacement in spans:
        start, end = max(start, 0), min(end, len(text))
        if start < at or start >= end:
            continue
        parts += [text[at:start], replacement]
        at = end
    parts.append(text[at:])
    return "".join(parts)


def marked(plain: str, marks: Sequence[tuple[int, int]],
           spans: Sequence[tuple[int, int, str]], open_: str, close: str) -> str:  # fmt: skip
    """`plain` masked, then highlighted: `marks` (start, end) are wrapped in open_/close
    except where they touch a mask, which is never highlighted nor split."""
    masked = sorted((max(a, 0), min(b, len(plain)), r) for a, b, r in spans
                    if a < len(plain) and b > 0)  # fmt: skip
    keep = [(a, b) for a, b in marks if not any(a < e and s < b for s, e, _ in masked)]
    edits = sorted([*((a, 1, open_) for a, _ in keep), *((b, 0, close) for _, b in keep)])
    out, at, m = [], 0, 0
    for start, end, replacement in [*masked, (len(plain), len(plain), "")]:
        while m < len(edits) and edits[m][0] <= start:
            pos, _, tag = edits[m]
            out += [plain[at:pos], tag]
            at, m = pos, m + 1
        if start >= at:
            out += [plain[at:start], replacement]
            at = max(at, end)
    out.append(plain[at:])
    return "".join(out)
