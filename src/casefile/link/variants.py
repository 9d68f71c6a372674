"""Public romanisation systems, letter by letter: the table `translit.fold` is checked by.

Each system maps a Cyrillic letter to the Latin letters it is written with, copied from
the system's own letter table (not from names seen in documents). `fold` must give a
Cyrillic word and its spelling in every system one comparison form, or, where one Latin
letter means different Cyrillic letters in different systems (Azerbaijani c is ДЖ,
Łacinka c is Ц), `matcher.word_similarity` must read them alike through its other
readings; tests/test_link_variants.py checks every letter of every system.

Where a system writes a letter two ways by position (BGN/PCGN е is ye at the start of a
word and after a vowel), the table gives the inner form; the position rules are in
`POSITIONAL`. Letters a system writes with an apostrophe-like mark (Uzbek oʻ, gʻ) are
given with U+02BB, the mark the Uzbek standard uses; typists' ' ‘ ` fold alike.

Patronymic and "son of" / "daughter of" words are written several ways by these systems
and by habit; `PATRONYMIC_SUFFIXES` lists them, each group folding to one form.
"""

from __future__ import annotations

_RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
# (The Latin letters below are one string each, in the order of `_RUSSIAN`, so that the
# two lines can be read against each other and against the systems' published tables.)

# BGN/PCGN 1947 system for Russian (the US Board on Geographic Names and the UK Permanent
# Committee on Geographical Names): е ye/e, ё yë, ъ ”, ь ’.
BGN_PCGN_RUSSIAN = dict(
    zip(
        _RUSSIAN,
        "a b v g d e ë zh z i y k l m n o p r s t u f kh ts ch sh shch ” y ’ e yu ya".split(),  # noqa: SIM905
        strict=True,
    )
)

# ISO 9:1995 (GOST 7.79-2000 system A): one Latin letter for each Cyrillic letter.
ISO_9 = {
    **dict(
        zip(
            _RUSSIAN,
            "a b v g d e ë ž z i j k l m n o p r s t u f h c č š ŝ ʺ y ʹ è û â".split(),  # noqa: SIM905
            strict=True,
        )
    ),
    # Ukrainian and Belarusian letters of ISO 9.
    "є": "ê", "ї": "ï", "і": "ì", "ў": "ǔ", "ґ": "g̀",
}  # fmt: skip

# Azerbaijani Latin alphabet (1991, as amended 1992), against Azerbaijani Cyrillic
# (1958-1991): Ҹ c, Ч ç, Ғ ğ, Һ h, Х x, Ы ı, Ј y, Ә ə, Ө ö, Ү ü, Ш ş, Ж j, Г q, Ҝ g.
# Azerbaijani Cyrillic Г (q) is given here as Russian spelling writes it, К (Qarabağ:
# Карабах): the names reach us in Russian texts; Ҝ, Ҹ, Ј are in `translit`'s table.
AZERBAIJANI = {
    "а": "a", "б": "b", "в": "v", "к": "q", "ҝ": "g", "д": "d", "е": "e", "ә": "ə",
    "ж": "j", "з": "z", "и": "i", "ы": "ı", "ј": "y", "й": "y", "л": "l",
    "м": "m", "н": "n", "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ү": "ü", "ф": "f", "х": "x", "һ": "h", "ч": "ç", "ҹ": "c", "ш": "ş",
    "ғ": "ğ", "г": "g",
}  # fmt: skip

# Kazakh Latin alphabet of 2021 (the revised version of the 2017 decree): Ә ä, Ғ ğ, І ı,
# И and Й i (İ), Ж j, Ң ñ, Ө ö, Қ q, Ш ş, Ұ ū, Ү ü, Ы y, Ч ç, Х and Һ h.
KAZAKH_2021 = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e",
    "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l", "м": "m",
    "н": "n", "ң": "ñ", "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ұ": "ū", "ү": "ü", "ф": "f", "х": "h", "һ": "h", "ч": "ç", "ш": "ş",
    "ы": "y", "і": "ı",
}  # fmt: skip

# Kyrgyz: Kyrgyzstan has no Latin alphabet in force; the BGN/PCGN 1979 system for Kyrgyz
# writes Ж j, Ң ng, Ө ö, Ү ü, Ы y, Й y, Х kh, Ч ch, Ш sh, Ю yu, Я ya.
KYRGYZ = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "j",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "ң": "ng",
    "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ү": "ü",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "ы": "y", "э": "e", "ю": "yu",
    "я": "ya",
}  # fmt: skip

# Uzbek Latin alphabet (1995, as in use since): Ў oʻ, Ғ gʻ, Қ q, Ҳ h, Х x, Ж j, Й y,
# Ш sh, Ч ch, Ё yo, Ю yu, Я ya, Ц s (ts after a vowel; the table gives ts).
UZBEK = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ғ": "gʻ", "д": "d", "е": "e", "ё": "yo",
    "ж": "j", "з": "z", "и": "i", "й": "y", "к": "k", "қ": "q", "л": "l", "м": "m",
    "н": "n", "о": "o", "ў": "oʻ", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "x", "ҳ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "э": "e", "ю": "yu",
    "я": "ya",
}  # fmt: skip

# Tajik: no Latin alphabet in force (the 1928-1940 one is history); the BGN/PCGN 1994
# system for Tajik writes Ғ gh, Ӣ ī, Қ q, Ӯ ū, Ҳ ḩ, Ҷ j, Х kh, Ё yo, Ю yu, Я ya.
TAJIK = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ғ": "gh", "д": "d", "е": "e", "ё": "yo",
    "ж": "zh", "з": "z", "и": "i", "ӣ": "ī", "й": "y", "к": "k", "қ": "q", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ӯ": "ū", "ф": "f", "х": "kh", "ҳ": "ḩ", "ч": "ch", "ҷ": "j", "ш": "sh", "э": "e",
    "ю": "yu", "я": "ya",
}  # fmt: skip

SYSTEMS: dict[str, dict[str, str]] = {
    "bgn_pcgn": BGN_PCGN_RUSSIAN,
    "iso9": ISO_9,
    "azerbaijani": AZERBAIJANI,
    "kazakh_2021": KAZAKH_2021,
    "kyrgyz": KYRGYZ,
    "uzbek": UZBEK,
    "tajik": TAJIK,
}

# ДЖ, and Ж, as one Latin letter. Uzbek Cyrillic has no ДЖ: the sound is its Ж, which the
# Uzbek Latin alphabet writes j (Раджабов, Uzbek Ражабов, Rajabov); Kazakh (2021) Ж is j;
# BGN/PCGN writes Kyrgyz Ж (a dzh sound) and Tajik Ҷ j; the Azerbaijani Latin alphabet
# writes Ҹ c. So a Russian ДЖ or Ж after a consonant (Бекджан, Маматжонов) is written
# after that consonant with this one letter, where scholarly spelling puts a j only to
# soften the consonant (Ljudmila, Semjon): `matcher` reads both ways.
ONE_LETTER_J: dict[str, dict[str, str]] = {
    "uzbek": {"дж": "j", "ж": "j"},
    "kazakh_2021": {"дж": "j", "ж": "j"},
    "kyrgyz": {"дж": "j", "ж": "j"},
    "tajik": {"дж": "j", "ҷ": "j"},
    "azerbaijani": {"дж": "c", "ҹ": "c"},
}

# Letters a system writes otherwise at the start of a word or after a vowel.
POSITIONAL: dict[str, dict[str, str]] = {
    "bgn_pcgn": {"е": "ye", "ё": "yë"},
    "kyrgyz": {"е": "ye"},
    "uzbek": {"е": "ye"},
    "tajik": {"е": "ye"},
}

# "Son of", "daughter of" and the Russian patronymic endings as the systems write them;
# each group folds to one form (the first).
PATRONYMIC_SUFFIXES: tuple[tuple[str, ...], ...] = (
    # Russian -ович: BGN/PCGN -ovich, Ukrainian national -ovych, ISO 9 / scholarly -ovič.
    ("ович", "ovich", "ovych", "ovič", "owitsch"),
    # Kazakh ұлы (Kazakh 2021 ūly, BGN/PCGN uly, typed ulı, uli) and Kyrgyz уулу (BGN/PCGN
    # uulu): one word, "son".
    ("ұлы", "uly", "ūly", "ulı", "uli", "улы", "уулу", "uulu", "ulu"),
    # Azerbaijani oğlu, Uzbek oʻgʻli / ўғли, the Russian оглы and its spellings.
    ("оглы", "ogly", "oglu", "oğlu", "oʻgʻli", "o'g'li", "ogli", "ўғли", "угли", "ugli"),
    # Kazakh қызы (qyzy), Kyrgyz кызы (kyzy), Uzbek qizi / қизи, Azerbaijani qızı.
    ("кызы", "kyzy", "qyzy", "qizi", "қизи", "qızı", "kizi", "қызы"),
)
