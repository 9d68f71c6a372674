"""Finding given persons' names in a text, in the forms texts write them: pure, no I/O.

A name is found by its words, each normalised the way the linker compares names
(`translit.fold`: case, diacritics, punctuation, Latin and Cyrillic spellings;
`russian.stem`: Russian case endings), so that "Uladzímir Lipkovich",
"Lipkovich_Uladzimir.pdf" and "Владимира Липковича" (when "Владимир Липкович" is one
of the person's names) are one name. `NameIndex.find` matches:

- a sequence of two or more of the person's name words (any order, initials for
  given names): "Uladzimir Lipkovich", "Lipkovich, Uladzimir", "U. Lipkovich";
- one of the person's name words alone (a capitalised word), when no other known
  person has that word in their name: "Lipkovich said";
- a word shared with another known person (the surname of a relative, "Nina
  Lipkovich") only where the caller says whose the text is (`about=`), and never
  inside that other person's full name.

`services.masking` uses it to replace protected persons' names with pseudonyms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import permutations

from casefile.link.russian import stem
from casefile.link.translit import fold

# Letters and digits; combining marks, soft hyphens and zero-width characters inside a
# word belong to it (a decomposed "í" or a "Lab\u00adkovich" must stay one word).
_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f\u00ad\u200b-\u200d\u2060])+")
# What may stand between the words of one name: spaces (a line break too), an
# initial's dot, a comma (surname first), hyphens, underscores of a file name.
_GAP = re.compile(r"[\s.,_\-–'’ʼ]{0,4}")
_MAX_NAME_WORDS = 4


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
    """The names to find (protected persons'), as sequences of normalised words, and
    the other persons' names that share their words (those a reader can compare)."""

    persons: frozenset[int]
    patterns: dict[tuple[str, ...], int]  # two or more words -> person
    lone: dict[str, int | None]  # a word masked on its own -> person (None: several)
    min_length: dict[str, int]  # a word's shortest folded spelling (no "An" for Anna)
    own: dict[int, frozenset[str]]  # every word of each person's names
    shields: frozenset[tuple[str, ...]]  # other persons' full names holding such a word
    # protected person -> other person -> (their name, the words they share)
    shared_with: dict[int, dict[int, tuple[str, frozenset[str]]]]
    starts: frozenset[str]  # first words of patterns and shields
    words: frozenset[str]  # every protected word (a text without one names nobody)

    def find(self, text: str, about: int | None = None, any_case: bool = False) -> list[Span]:
        """Where protected names occur in `text`. `about`: the protected person the text
        is a quote about (their words are masked alone too); `any_case`: a file name or
        an address, where a name is not capitalised."""
        if not self.persons or not text:
            return []
        norms = list(map(normal, _WORD.findall(text)))
        if self.words.isdisjoint(norms):  # most texts: every name holds one of its words
            return []
        words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
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
            # Alone, a word must look like the name: capitalised, and not shorter than
            # its nominative ("An" is not "Anna", though both stem to "an").
            if (any_case or word[:1].isupper()) and len(fold(word)) >= self.min_length.get(
                norm, len(word) + 1
            ):
                if norm in self.lone:
                    found.append((start, end, self.lone[norm]))
                elif norm in attributed:
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
            # An initial is a capital: "U. Lipkovich", not "a Lipkovich".
            initials = (words[i + k][2][:1].isupper() for k, w in enumerate(key) if len(w) == 1)
            if all(_GAP.fullmatch(g) for g in gaps) and all(initials):
                if key in self.patterns:
                    return length, self.patterns[key], False
                return length, None, True
        return 0, None, False

    def names_any(self, text: str) -> bool:
        """Whether `text` holds any word of a protected name (else it names nobody)."""
        return bool(self.persons) and not self.words.isdisjoint(map(normal, _WORD.findall(text)))

    def at_edges(self, text: str) -> bool:
        """Whether `text` begins or ends with a protected word that is masked alone only
        in context (a shared word): an excerpt that may have cut a name in two. A word
        masked alone anyway reads the same with or without the rest of the name."""
        words = _WORD.findall(text)
        edges = {normal(words[0]), normal(words[-1])} if words else set()
        return any(w in self.words and w not in self.lone for w in edges)

    def mentions(self, words: Iterable[str]) -> bool:
        """Whether any of a search's words is a word of a protected person's name."""
        return any(n in self.words for w in words for n in name_words(w))


def build_index(protected: dict[int, list[str]], others: Sequence[tuple[int, str]]) -> NameIndex:
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
        words=frozenset(owners),
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
            # Initials stand for all but one word: "U. Lipkovich", "В. В. Липкович".
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


def disjoint(spans: dict[tuple[int, int], str]) -> list[tuple[int, int, str]]:
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
