"""Cyrillic and Latin spellings of a name folded to one comparison form.

`fold` is not a transliteration meant for reading: it is a key in which the common
romanisations of one Cyrillic name agree (BGN/PCGN, ICAO passports, scholarly, French and
German spellings, Belarusian Łacinka, Kazakh/Tajik/Uzbek letters), so that
Жолдыбаев, Zholdybayev, Zholdybaev and Joldybayev all fold to ``zholdibaev``.

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
    # Azerbaijani Cyrillic (1958-1991): Ҹ is ДЖ, Ҝ is Г, Ј is Й
    "ҹ": "dzh", "ҝ": "g", "ј": "y",
    # Tajik, Uzbek, Kyrgyz
    "ҳ": "h", "ҷ": "j", "ӣ": "i", "ӯ": "u", "ў": "u", "қ̆": "k", "ӈ": "n",
    # Ukrainian, Belarusian
    "є": "ye", "ї": "yi", "ґ": "g", "'": "", "ʼ": "",
}  # fmt: skip

# Latin letters with diacritics that stand for a digraph (scholarly, ICAO, Łacinka,
# Kazakh and Uzbek Latin alphabets); plain accents are stripped afterwards. ISO 9 writes
# Щ ŝ, Ю û, Я â (`variants.ISO_9`); Azerbaijani and Kazakh (2021) ı is Ы / І.
_LATIN_SPECIAL = {
    "ŝ": "shch", "û": "yu", "â": "ya",
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
        # Sergej, Nikolaj, Bialiackaja: j after a vowel is a glide before a vowel or at the
        # end; before a consonant it is Kazakh Latin Ж (Nadejda; scholarly Kajrat is read
        # by `russian.parse_name`, which knows the whole name).
        # After i, only at the end (Julija, Dmitrij): Kazakh Aijan is Айжан.
        # Between vowels further inside a word j is Ж as the Kazakh (2021), Uzbek,
        # Azerbaijani and Kyrgyz alphabets write it (Rajabov, Hojiev: Раджабов, Ходжиев);
        # `matcher` also reads such a zh as й (scholarly and ISO 9 Majorov: Майоров).
        (r"(?<=[aeou])j(?=[aeiou]?$)|(?<=i)j(?=[aeiou]?$)", "y"),
        # Scholarly Vjačeslav, Ljudmila, Ilja: j between a consonant and a vowel softens the
        # consonant (Kazakh j for Ж follows r and n: Erjan, Nurjan, but not in Darja, Tanja).
        # Not in the Uzbek and Tajik -jon (-жон, -ҷон) that ends many given names
        # (Oʻktamjon, Akmaljon); scholarly Semjon (Семён) is the price.
        (r"(?<=[bvlmpstkzfg])j(?=[aeiou])(?!on$)|(?<=[rn])j(?=[aeiou]$)", "y"),
        (r"shch|sch|szcz", "sh"),  # Щ: shch (BGN), sch (German), szcz (Polish)
        (r"tsch|tch|cz", "ch"),  # German tsch, French tch, Polish cz
        # Ж and ДЖ: Zholdybayev / Joldybayev / Djumabaev. Ж folds to "zh", not to "j": a j
        # after a vowel is read as a glide above, so Айжан would otherwise lose its Ж on
        # the second pass of the loop (Айжан, Сатпаджев became "an", "satpaev").
        (r"dzh|dj|dz(?=h)", "zh"),
        (r"j", "zh"),  # the j left is Ж (Kazakh Latin)
        (r"sz", "sh"),
        # Kyrgyz and Kazakh Ң is ng in BGN/PCGN (Kyrgyz), ñ in Kazakh
        # Latin (2021), н in Russian spelling: Жаңыл, Zhangyl, Janyl.
        (r"ng", "n"),
        (r"kh", "h"),  # Х: kh / h
        (r"q", "k"),  # Kazakh Latin q is Қ
        (r"x", "ks"),  # Alexei / Aleksei
        (r"ph", "f"),
        (r"(?<![scz])h", "g"),  # Belarusian/Ukrainian Г is h (Siarhei / Sergei); Х joins it
        # Ц: ts / tz / c (Łacinka: Mialiacki); not the t of Т before Ж (Маматжонов, BGN/PCGN
        # Mamatzhonov), which is not a Ц.
        (r"ts|tz(?!h)", "c"),
        (r"w", "v"),  # German: Ugrow
        (r"ff$", "v"),  # -off / -eff: Smirnoff
        (r"ou", "u"),  # French: Joukov
        (r"y", "i"),  # ы, й, ий, iy, yi, y: one vowel
        (r"^i(?=e)", ""),  # Yevgeny / Evgeny, Yerlan / Erlan
        (r"^io", "e"),  # Ё at the start: Yodgor, Iodgor (Uzbek, Tajik, Kyrgyz yo) / Ёдгор
        (r"(?<=[aeiou])i(?=[aeiou])", ""),  # Zholdybayev / Zholdybaev, Sergeyev / Sergeev
        (r"(?<=[^aeiou])i(?=[aeo])", "_"),  # ia/ie/io after a consonant: see next rule
        (r"_[aeo]", "e"),  # Mialiatski/Meliatski, Aliaksandr/Aleksandr, Fyodor/Fedor
        (r"(?<=[^aeiou])iu", "u"),  # Lyudmila / Liudmila / Ludmila
        (r"(.)\1+", r"\1"),  # doubled letters: Anna/Ana, Kassym/Kasym, Zapalnyy/Zapalny
        # "Son of" / "daughter of", each written several ways (`variants.PATRONYMIC_SUFFIXES`):
        # Azerbaijani oğlu, Uzbek oʻgʻli (ўғли), Russian оглы / ogly; Kazakh ұлы (uly, ūly),
        # Kyrgyz уулу (uulu).
        (r"[ou]gl[iu]$", "ogli"),
        (r"ulu$", "uli"),
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


# Uzbek Latin oʻ is Ў, which Russian spelling writes У (Oʻktam, Ўктам, Уктам); typists
# write the mark as ʻ, ', ‘, ’ or `.
_UZBEK_O = re.compile("o[ʻ'‘’`ʼ]")


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """The comparison form of one word: the same for the common romanisations of a name."""
    folded = to_latin(_UZBEK_O.sub("u", unicodedata.normalize("NFC", word).lower()))
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
    """The class of a folded first letter (kept for callers of the first version; the
    linker compares `first_letters` sets, which keep the script's precision)."""
    return letter[:1].translate(_INITIAL_CLASS)


# A full word's first folded letter stands for letters an initial may be written with:
# Ж/ДЖ folds to j but is abbreviated Zh., Z., D., J.; Х folds to g but is Kh., K., H.;
# Ц folds to c but is Ts., T.
_INITIAL_ALTERNATIVES = {"z": "d", "g": "kh", "c": "t"}


def initials_of(folded: str) -> frozenset[str]:
    """Initial classes that may abbreviate a folded word."""
    first = folded[:1]
    return frozenset({initial_class(first), *_INITIAL_ALTERNATIVES.get(first, "")})


# First letters as sets of Cyrillic letters.
#
# An initial or the start of a name says which Cyrillic letter the name begins with, and
# how precisely depends on the script: Cyrillic Ж. is Ж and nothing else, Д. is never
# Жаслан; Latin Z. may be З or Ж (Zhaslan abbreviated), D. may be Д or ДЖ, K. may be К or
# Х (Khurshed), X. may be Х (scholarly Xuršed) or К (Xenia), J. may be Ж (Kazakh Jaslan),
# Й, Ю, Я (scholarly Jurij, Julija, Jaroslav). So a first letter is a set of Cyrillic
# letters (written as a sorted string, "жз"), and two first letters are compatible when
# the sets meet. Close letters are one: Е/Ё/Э, И/Й/Ы/І, Ш/Щ, and the Kazakh, Tajik and Uzbek
# letters with their Russian neighbours.
_CYR_FIRST = str.maketrans(
    {"ё": "е", "э": "е", "є": "е", "й": "и", "ы": "и", "і": "и", "ї": "и", "ӣ": "и",
     "щ": "ш", "ә": "а", "ө": "о", "ұ": "у", "ү": "у", "ў": "у", "ӯ": "у", "қ": "к",
     "ғ": "г", "ґ": "г", "ң": "н", "ӈ": "н", "ҳ": "х", "һ": "х", "ҷ": "ж"}
)  # fmt: skip

# Latin beginnings of a full word, longest first, and the Cyrillic letters they spell.
_LATIN_STARTS: tuple[tuple[str, str], ...] = (
    ("shch", "ш"), ("tsch", "ч"), ("sch", "ш"), ("dzh", "дж"), ("sh", "ш"), ("sz", "ш"),
    ("zh", "ж"), ("dj", "дж"), ("kh", "х"), ("ts", "ц"), ("tz", "ц"), ("ch", "ч"),
    ("tch", "ч"), ("cz", "ч"), ("ph", "ф"),
    ("yu", "ю"), ("iu", "юи"), ("ju", "южд"), ("ya", "я"), ("ia", "яи"), ("ja", "яжд"),
    ("ye", "е"), ("yo", "е"), ("je", "ежд"), ("jo", "ежд"), ("ie", "еи"), ("io", "еи"),
)  # fmt: skip
# A single Latin letter: at the start of a word, and (wider) as an initial, which may
# abbreviate any of the beginnings above (Z. for Zh, K. for Kh, T. for Ts, S. for Sh).
_LATIN_LETTER = {
    "a": "а", "b": "б", "c": "цчкд", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "хг",
    "i": "и", "j": "жди", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п",
    "q": "к", "r": "р", "s": "с", "t": "т", "u": "у", "v": "в", "w": "в", "x": "хк",
    "y": "и", "z": "з",
}  # fmt: skip
_LATIN_INITIAL = {
    **_LATIN_LETTER, "c": "цчкдж", "d": "дж", "i": "июя", "j": "жидюяе", "k": "кх",
    "p": "пф", "s": "сш", "t": "тц", "y": "еюя", "z": "зж",
}  # fmt: skip
# The first letter of a folded word, when the word itself is not at hand (patronymics):
# folding has merged some letters, so the set is wider.
_FOLDED_FIRST = {
    "c": "цч", "e": "е", "g": "гх", "i": "июя", "s": "сш", "h": "х",
}  # fmt: skip


def _letter_set(letters: str) -> str:
    return "".join(sorted(set(letters)))


@lru_cache(maxsize=100_000)
def first_letters(token: str, initial: bool = False) -> str:
    """The Cyrillic letters a written word (or, with `initial`, an abbreviation such as
    "Z." or "Zh.") may begin with, as a sorted string; "" for no letter."""
    word = _UZBEK_O.sub("u", unicodedata.normalize("NFC", token).lower().strip("."))
    word = "".join(c for c in word if c.isalpha())
    if not word:
        return ""
    if has_cyrillic(word[0]):
        return word[0].translate(_CYR_FIRST)
    latin = to_latin(word)
    if not latin or not latin[0].isascii():
        return ""
    if initial and len(latin) == 1:
        return _letter_set(_LATIN_INITIAL.get(latin, latin))
    for start, letters in _LATIN_STARTS:
        if latin.startswith(start):
            return _letter_set(letters)
    return _letter_set(_LATIN_LETTER.get(latin[0], latin[0]))


def folded_first_letters(folded: str) -> str:
    """`first_letters` of a word known only by its folded form (wider: folding merged
    Ж with ДЖ and Latin J, Х with Г, Ц with Ч)."""
    if not folded:
        return ""
    if folded.startswith("zh"):
        return "дж"
    if folded.startswith("ks"):
        return "кх"  # Xasan (scholarly Х) or Xenia
    first = folded[0]
    return _letter_set(_FOLDED_FIRST.get(first) or _LATIN_LETTER.get(first, first))


def is_letter_set(text: str) -> bool:
    """Whether a string is a first-letter set (Cyrillic letters), not a folded word."""
    return "а" <= text[:1] <= "я"


def letters_meet(a: str, b: str) -> bool:
    """Whether two first-letter sets (`first_letters`) share a letter."""
    return any(c in b for c in a)
