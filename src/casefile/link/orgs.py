"""Organisation names: acronyms across scripts, full names in either language.

An organisation key is its folded words (`translit.fold`) without case endings and
without function words, so Демократического выбора Казахстана and Демократический
выбор Казахстана agree. Acronyms are compared with the initials of a full name in the
same language (DCK ~ Democratic Choice of Kazakhstan, ДВК ~ Демократический выбор
Казахстана); across languages (DCK ~ ДВК) only a table of known equivalents can tell,
which is `known_orgs.KNOWN_ORGANISATIONS` unless the caller supplies its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from rapidfuzz import fuzz

from casefile.link.known_orgs import KNOWN_ORGANISATIONS
from casefile.link.russian import stem
from casefile.link.translit import fold

_STOP_WORDS = "the of and for in on a an de du la le el и в во на по за для с со из ооо оао зао ао"
_STOP = frozenset(_STOP_WORDS.split(" "))
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)


def _words(name: str) -> list[str]:
    return [w for w in _WORD.findall(name.casefold()) if w not in _STOP]


def org_key(name: str) -> str:
    """Folded, stemmed words of a full organisation name, in order."""
    return " ".join(stem(fold(w)) for w in _words(name))


def is_acronym(name: str) -> bool:
    letters = re.sub(r"[\s.]", "", name)
    return 2 <= len(letters) <= 8 and letters.isupper() and letters.isalpha()


def acronym(name: str) -> str:
    """Initials of the significant words, upper-case, in the name's own script."""
    return "".join(w[0] for w in _words(name)).upper()


def _acronym_key(text: str) -> str:
    return fold(re.sub(r"[\s.]", "", text))


class OrgMatcher:
    """Scores two organisation names; knows cross-language equivalents."""

    def __init__(self, known: Iterable[Iterable[str]] = KNOWN_ORGANISATIONS) -> None:
        self._group: dict[str, int] = {}
        for n, names in enumerate(known):
            for name in names:
                self._group[self._index_key(name)] = n

    @staticmethod
    def _index_key(name: str) -> str:
        return "A:" + _acronym_key(name) if is_acronym(name) else "N:" + org_key(name)

    def canonical_group(self, name: str) -> int | None:
        """Which known organisation a name is, if the table knows it."""
        return self._group.get(self._index_key(name))

    def score(self, a: str, b: str) -> float:
        """1.0 same organisation by table or identical key; 0.9 acronym of the full name;
        otherwise a fuzzy token-set similarity of the keys, at most 0.9."""
        ga, gb = self.canonical_group(a), self.canonical_group(b)
        if ga is not None and gb is not None:
            return 1.0 if ga == gb else 0.0
        ka, kb = self._index_key(a), self._index_key(b)
        if ka == kb:
            return 1.0
        if is_acronym(a) != is_acronym(b):
            short, full = (a, b) if is_acronym(a) else (b, a)
            return 0.9 if _acronym_key(short) == _acronym_key(acronym(full)) else 0.0
        if is_acronym(a):
            return 0.0  # two different acronyms
        return 0.9 * fuzz.token_set_ratio(ka[2:], kb[2:]) / 100


@cache
def _default_matcher() -> OrgMatcher:
    return OrgMatcher()


def same_organisation(a: str, b: str, matcher: OrgMatcher | None = None) -> bool:
    """Sure, not merely similar: the same known organisation, or an acronym and the
    name it abbreviates (what the store merges without asking anyone)."""
    matcher = matcher or _default_matcher()
    group = matcher.canonical_group(a)
    if group is not None and group == matcher.canonical_group(b):
        return True
    return is_acronym(a) != is_acronym(b) and matcher.score(a, b) >= 0.9


def compares_with_every_name(names: Iterable[str], matcher: OrgMatcher | None = None) -> bool:
    """Whether an organisation's names are worth comparing with every stored name: an
    acronym, or a name the table of known organisations holds. A plain full name can
    only be sure of a stored acronym, so it is compared with short names (8 letters)."""
    matcher = matcher or _default_matcher()
    return any(is_acronym(n) or matcher.canonical_group(n) is not None for n in names)
