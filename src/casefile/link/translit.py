"""Cyrillic and Latin spellings of a name folded to one comparison form.

`fold` is not a transliteration meant for reading: it is a key in which the common
romanisations of one Cyrillic name agree (BGN/PCGN, ICAO passports, scholarly, French and
German spellings, Belarusian Łacinka, Kazakh/Tajik/Uzbek letters), so that
Жыланбаев, Zhylanbayev, Zhylanbaev and Jylanbayev all fold to ``jilanbaev``.

It collapses distinctions on purpose (ж/дж, х/г, я/е after a consonant, doubled letters);
the matcher compensates by being strict about what survives folding. We wrote our own
letter table instead of pulling in a transliteration package: the table is forty lines,
and every entry is chosen to land on the folded form, which no reading-oriented
romanisation does.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# One Latin spelling for each Cyrillic letter; chosen to feed the folding rules below,
# not to be pretty. Kazakh, Tajik, Uzbek, Ukrainian and Belarusian letters included.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
    # Kazakh
    "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
    # Tajik, Uzbek, Kyrgyz
    "ҳ": "h", "ҷ": "j", "ӣ": "i", "ӯ": "u", "ў": "u", "қ̆": "k", "ӈ": "n",
    # Ukrainian, Belarusian
    "є": "ye", "ї": "yi", "ґ": "g", "'": "", "ʼ": "",
}  # fmt: skip

# Latin letters with diacritics that stand for a digraph (scholarly, ICAO, Łacinka,
# Kazakh and Uzbek Latin alphabets); plain accents are stripped afterwards.
_LATIN_SPECIAL = {
    "ž": "zh", "š": "sh", "č": "ch", "ł": "l", "ŭ": "u", "ş": "sh", "ç": "ch", "ğ": "g",
    "ı": "i", "ä": "a", "ö": "o", "ü": "u", "ß": "ss", "ə": "a", "ñ": "n", "ø": "o",
    "đ": "d", "ǵ": "g", "ń": "n", "ó": "o", "ú": "u", "ý": "y", "ǧ": "g",
}  # fmt: skip

_CYRILLIC_RE = re.compile(r"[\u0400-\u04FF]")
_VOWELS = "aeiou"

# Applied in order to a lower-case Latin string. Each rule says which spellings it unites.
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), repl)
    for pattern, repl in (
        (r"[^a-z]", ""),  # punctuation, apostrophes (O'zbek), hyphens inside a token
        (r"(?<=[aeiou])j", "y"),  # Sergej, Nikolaj, Bialiackaja: j after a vowel is a glide
        (r"shch|sch|szcz", "sh"),  # Щ: shch (BGN), sch (German), szcz (Polish)
        (r"tsch|tch|cz", "ch"),  # German tsch, French tch, Polish cz
        (r"dzh|dj|zh|dz(?=h)", "j"),  # Ж and ДЖ: Zhylanbayev / Jylanbayev / Djumabaev
        (r"sz", "sh"),
        (r"kh", "h"),  # Х: kh / h
        (r"q", "k"),  # Kazakh Latin q is Қ
        (r"x", "ks"),  # Alexei / Aleksei
        (r"(?<![sc])h", "g"),  # Belarusian/Ukrainian Г is h (Siarhei / Sergei); Х joins it
        (r"ts|tz", "c"),  # Ц: ts / tz / c (Łacinka: Bialiacki)
        (r"w", "v"),  # German: Orlow
        (r"ph", "f"),
        (r"ff$", "v"),  # -off / -eff: Smirnoff
        (r"ou", "u"),  # French: Joukov
        (r"y", "i"),  # ы, й, ий, iy, yi, y: one vowel
        (r"^i(?=e)", ""),  # Yevgeny / Evgeny, Yerlan / Erlan
        (r"(?<=[aeiou])i(?=[aeiou])", ""),  # Zhylanbayev / Zhylanbaev, Sergeyev / Sergeev
        (r"(?<=[^aeiou])i(?=[aeo])", "_"),  # ia/ie/io after a consonant: see next rule
        (r"_[aeo]", "e"),  # Bialiatski/Beliatski, Aliaksandr/Aleksandr, Fyodor/Fedor
        (r"(?<=[^aeiou])iu", "u"),  # Lyudmila / Liudmila / Ludmila
        (r"(.)\1+", r"\1"),  # doubled letters: Anna/Ana, Kassym/Kasym, Navalnyy/Navalny
    )
)


def has_cyrillic(text: str) -> bool:
    return _CYRILLIC_RE.search(text) is not None


def to_latin(text: str) -> str:
    """Lower-case Latin letters for a word in either script (Cyrillic letters by our table)."""
    out = []
    for ch in text.lower():
        if ch in _CYRILLIC:
            out.append(_CYRILLIC[ch])
        elif ch in _LATIN_SPECIAL:
            out.append(_LATIN_SPECIAL[ch])
        else:
            out.append(ch)
    decomposed = unicodedata.normalize("NFKD", "".join(out))
    # Stripping combining marks after the table: й and ё are и/е plus a mark in NFKD.
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """The comparison form of one word: the same for the common romanisations of a name."""
    folded = to_latin(unicodedata.normalize("NFC", word))
    previous = None
    while folded != previous:  # to a fixed point, so that fold(fold(w)) == fold(w)
        previous = folded
        for pattern, repl in _RULES:
            folded = pattern.sub(repl, folded)
    return folded


def skeleton(folded: str) -> str:
    """First letter and consonants of a folded word: a coarse key for blocking."""
    if not folded:
        return ""
    return folded[0] + "".join(c for c in folded[1:] if c not in _VOWELS)


# Initials of Е, Ю, Я, Ж are written Ye/E, Yu/Iu/Ju, Ya/Ia/Ja, Zh/J/Ž by different systems,
# so one abbreviated letter cannot tell e, i and j apart: initials compare by class.
_INITIAL_CLASS = str.maketrans({"e": "i", "j": "i"})


def initial_class(letter: str) -> str:
    """The class of a folded first letter that an initial can be compared with."""
    return letter[:1].translate(_INITIAL_CLASS)


# A full word's first folded letter stands for letters an initial may be written with:
# Ж/ДЖ folds to j but is abbreviated Zh., Z., D., J.; Х folds to g but is Kh., K., H.;
# Ц folds to c but is Ts., T.
_INITIAL_ALTERNATIVES = {"j": "zd", "g": "kh", "c": "t"}


def initials_of(folded: str) -> frozenset[str]:
    """Initial classes that may abbreviate a folded word."""
    first = folded[:1]
    return frozenset({initial_class(first), *_INITIAL_ALTERNATIVES.get(first, "")})
