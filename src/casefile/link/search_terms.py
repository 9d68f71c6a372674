"""Words as the search index keeps them: one key for every spelling of a name, pure.

A word is indexed under two keys (one when they agree):

- its name key, `mentions.normal` (`translit.fold` then `russian.stem`), the form in
  which linking and masking compare names: scripts, romanisations, diacritics and
  Russian case endings folded, so Жолдыбаев, Zholdybayev and Zholdybaev are one key,
  and Угров, Угрова, Угрову are another;
- its language stem: Snowball's English stemmer for a Latin word, its Russian one for
  a Cyrillic word, then folded ("arrested" and "arrests" -> ``arest``, "задержали" and
  "задержан" -> ``zaderzha``). The name key alone cannot do this (it strips only the
  vowel endings of names), and the stem alone cannot be the only key: Russian Snowball
  cuts -ов from Угров, which the Latin Ugrov keeps.

A query word matches a text word when they share a key; a query word ending in ``*``
matches every key that starts with its folded form (``extrem*``). Words are runs of
letters and digits; digits and words of scripts `fold` does not know are kept as
written, case and accents dropped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from casefile.link.mentions import normal
from casefile.link.translit import fold, has_cyrillic

WORD = re.compile(r"[^\W_]+")
_QUERY_WORD = re.compile(r"([^\W_]+)(\*?)")
MIN_PREFIX = 3  # folded letters; a shorter prefix is searched as a whole word
MAX_QUERY_WORDS = 12

_ENGLISH = snowballstemmer.stemmer("english")
_RUSSIAN = snowballstemmer.stemmer("russian")


def _plain(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=400_000)
def word_keys(word: str) -> tuple[str, ...]:
    """The keys a word is indexed under (see the module docstring); () for none."""
    if any(c.isdigit() for c in word):
        return (_plain(word),)
    name = normal(word)
    if not name:  # a script `fold` does not know: the word itself
        plain = _plain(word)
        return (plain,) if plain else ()
    lower = word.casefold()
    stemmer = _RUSSIAN if has_cyrillic(word) else _ENGLISH
    language = fold(stemmer.stemWord(lower))
    return (name,) if not language or language == name else (name, language)


def text_keys(text: str | None) -> str:
    """`text` as the index stores it: the keys of its words, separated by spaces."""
    if not text:
        return ""
    return " ".join(key for m in WORD.finditer(text) for key in word_keys(m.group()))


@dataclass(frozen=True)
class QueryWord:
    """One word of a search: its keys (any may match), or a prefix of keys."""

    written: str
    keys: tuple[str, ...]
    prefix: bool = False


def query_words(q: str) -> tuple[QueryWord, ...]:
    """The words of a search, each to be found (punctuation and operators dropped)."""
    out: list[QueryWord] = []
    for m in _QUERY_WORD.finditer(q):
        written, star = m.group(1), m.group(2)
        if star:
            folded = fold(written) if not any(c.isdigit() for c in written) else ""
            prefix = folded or _plain(written)
            if len(prefix) >= MIN_PREFIX:
                out.append(QueryWord(written + "*", (prefix,), prefix=True))
                continue
        keys = word_keys(written)
        if keys:
            out.append(QueryWord(written, keys))
    return tuple(out[:MAX_QUERY_WORDS])


def _term(key: str) -> str:
    return '"' + key.replace('"', '""') + '"'


def fts_match(words: tuple[QueryWord, ...], column: str | None = None) -> str:
    """An FTS5 expression finding every word (each by any of its keys); keys are quoted,
    so nothing the user typed is read as FTS5 syntax. `column`: only in that column."""
    parts = []
    for word in words:
        if word.prefix:
            parts.append(_term(word.keys[0]) + " *")
        else:
            parts.append("(" + " OR ".join(_term(k) for k in word.keys) + ")")
    expression = " AND ".join(parts)
    return f"{{{column}}} : ({expression})" if column else expression
