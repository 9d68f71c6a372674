"""How names are compared: one place, used by extraction, the store and evaluation."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "‐": "-", "–": "-"})
_SPACES = re.compile(r"\s+")


def name_key(name: str) -> str:
    """Case-, diacritic- and spacing-insensitive form of a name."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", stripped).strip().casefold()


def name_word_list(name: str) -> list[str]:
    """A name's words in order, folded as `name_key` folds them ("Ter-Avakov": two words)."""
    return re.findall(r"[\w']+", name_key(name))


def name_words(name: str) -> frozenset[str]:
    return frozenset(name_word_list(name))


def same_entity(a: str, b: str) -> bool:
    """Equal, or one name's words a subset of the other's ("Zholdybayev" ~ "Marat Zholdybayev")."""
    wa, wb = name_words(a), name_words(b)
    return bool(wa and wb) and (wa <= wb or wb <= wa)
