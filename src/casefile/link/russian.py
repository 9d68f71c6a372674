"""Person names as the matcher sees them: case endings, patronymics, initials, gender.

Everything works on folded words (`translit.fold`), so one set of rules serves Cyrillic
and Latin spellings alike. We strip Russian case endings by rule rather than with a
morphological dictionary (pymorphy): most surnames in our documents (Kazakh, Tajik,
Belarusian) are not in its dictionary, and rules cost microseconds per name.

Stemming is deliberately the same for every word, whatever its role, because the
role is unknown (Ugrov Oleg / Oleg Ugrov): Угрова, Угрову, Угровым, Ugrova -> ``ugrov``;
Олега, Олегу -> ``oleg``; Запального, Zapalny -> ``zapaln``; Меляцкого, Mialiatski ->
``meleck``. The gender an ending shows is kept apart as a soft signal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from casefile.link.translit import (
    first_letters,
    fold,
    folded_first_letters,
    has_cyrillic,
    is_letter_set,
)

Gender = str  # "m" or "f"

# Adjectival endings first (Запального -> zapaln-ogo), then any run of final vowels,
# optionally closed by the -м of an instrumental (Угровым -> ugrov-im, Олегом -> oleg-om).
_ENDING = re.compile(r"(?:ogo|ego|omu|emu|[aeiou]+m|[aeiou]+)$")
_MIN_STEM = 3

_PATRONYMIC = re.compile(r"(?:ovich|evich|ich|ovn|evn|ichn|inichn)$")
# Kazakh and Kyrgyz patronymics (-uly son of, -kyzy daughter of) stand after the given
# name only in three-word names; in two-word names they are surnames (Nurlanuly).
# Matched on the folded word, not its stem: the stem of Abdullo (abdul) ends as a son's
# word's does (Erlanuulu: erlanul), the folded words do not (abdulo, erlanuli).
_TURKIC_PATRONYMIC = re.compile(r"(?:uli|kizi|ogli)$")

# Feminine and masculine endings of folded words, by script: a Latin text writes the
# nominative, so Latin Ugrova is a woman; Cyrillic Угрова is also the genitive of Угров.
_LATIN_F = re.compile(r"(?:ova|eva|ina|ska|cka|kaia|kaa|naia|evna|ovna|ichna|kizi)$")
_LATIN_M = re.compile(r"(?:ov|ev|in|ski|cki|ovich|evich|uli)$")
_CYR_F = re.compile(r"(?:ovoi|evoi|inoi|skoi|ckoi|ska|cka|evna|ovna|ichna|evni|ovni|kizi)$")
_CYR_M = re.compile(r"(?:ov|ev|in|ovim|evim|inim|ski|cki|skogo|ckogo|skomu|ckomu|ovich|evich)$")

_TOKEN = re.compile(r"[^\W\d_](?:[^\W\d_]|['’ʼ-])*\.?|\.", re.UNICODE)


# Short given names keep two letters: Алла, Аллы, Алле, Аллу, Аллой -> ``al``; Илья, Ильи
# -> ``il``. Only vowel endings go that far: Алим is not Алла.
_SHORT_ENDING = re.compile(r"[aeiou]+$")
_MIN_SHORT_STEM = 2


@lru_cache(maxsize=200_000)
def stem(folded: str) -> str:
    """A folded word without its case ending, the same for every case of a name."""
    prev = None
    word = folded
    # Repeat: Максима -> maksim(a) -> maks(im), the same as Максим -> maks(im).
    while prev != word:
        prev = word
        m = _ENDING.search(word)
        if m and m.start() >= _MIN_STEM:
            word = word[: m.start()]
    if len(word) <= 4:
        m = _SHORT_ENDING.search(word)
        if m and m.start() >= _MIN_SHORT_STEM:
            word = word[: m.start()]
    return word


@dataclass(frozen=True, slots=True)
class NameKey:
    """What a person's name says, in comparable pieces. Hashable: equal keys are one node.

    `words` are stems of the full words (given names and surnames, order unknown, sorted);
    `initials` the Cyrillic letters each abbreviated given name may stand for
    (`translit.first_letters`: "ж" for Ж., "жз" for Latin Z.); `patronymic` a stem, or such
    a letter set when abbreviated; `gender` "m"/"f" when an ending shows it, else None;
    `firsts` the letter set each of `words` begins with, in the same order (empty when
    the key was built by hand: then it is worked out from the folded words).
    """

    words: tuple[str, ...]
    initials: tuple[str, ...] = ()
    patronymic: str | None = None
    gender: Gender | None = None
    firsts: tuple[str, ...] = ()

    @property
    def specificity(self) -> int:
        """0 surname only, 1 initials and surname, 2 given name and surname, 3 with patronymic."""
        if len(self.words) >= 2:
            return 3 if self.patronymic and not is_letter_set(self.patronymic) else 2
        return 1 if self.initials else 0

    def first_of(self, i: int) -> str:
        """The letter set the i-th word begins with."""
        if len(self.firsts) == len(self.words):
            return self.firsts[i]
        return folded_first_letters(self.words[i])


def _split(name: str) -> list[str]:
    """Words and initials of a name: "О.П. Угров" -> ["О.", "П.", "Угров"]."""
    name = re.sub(r"['’ʼ]s\b", "", name)  # Zapalny's
    out: list[str] = []
    for raw in _TOKEN.findall(name):
        if raw == ".":
            continue
        out.append(raw)
    return out


# Signs that a Latin name is in the scholarly (ISO 9 / linguists') romanisation, in which
# x is Х (Mixail, Xuršed) and j is Й/Ь, Я, Ю (Jurij, Julija, Jaroslav, Kajrat), never Ж as
# in Kazakh Latin (Nadejda, Joldybayev): a háček letter, a softening j (Vjačeslav, Ilja),
# -ij (Dmitrij, Julija), a final -j (Sergej, Nikolaj), or c for Ц (Zajcev).
_SCHOLARLY = re.compile(
    # (not the Uzbek and Tajik -jon of Oʻktamjon, Akmaljon: `translit.fold`)
    r"[žščćëěŭ]|[bvlmpstkzfg]j(?!on\b)[aeiou]|ij[aeu]?\b|[aeiou]j\b|c(?!h)",
    re.IGNORECASE,
)


def _scholarly(token: str) -> str:
    """A token of a scholarly-romanised name spelt the way `fold` reads it."""
    return token.replace("x", "kh").replace("X", "Kh").replace("j", "y").replace("J", "Y")


def _is_initial(token: str) -> bool:
    letters = token.rstrip(".")
    # "O", "O.", "Zh.", "Yu.", "Ж." ; a two-letter word without a dot is a name (Li, Yu).
    return len(letters) == 1 or (token.endswith(".") and len(letters) <= 3)


def _gender(folded: list[tuple[str, bool]], patronymic: str | None) -> Gender | None:
    genders = set()
    for word, cyrillic in folded:
        f_re, m_re = (_CYR_F, _CYR_M) if cyrillic else (_LATIN_F, _LATIN_M)
        if f_re.search(word):
            genders.add("f")
        elif m_re.search(word):
            genders.add("m")
    if patronymic is not None:
        if patronymic.endswith(("ovn", "evn", "ichn", "kiz")):
            genders.add("f")
        elif patronymic.endswith(("ovich", "evich", "ul")):
            genders.add("m")
    return genders.pop() if len(genders) == 1 else None


def _patronymic_index(stems: list[str], words: list[str]) -> int | None:
    """Which of three or more words is the patronymic: it follows the given name.
    `stems` and the folded `words` they were cut from, in the same order."""
    if len(stems) < 3:
        return None
    for i in (1, 2):  # Oleg Petrovich Ugrov; Ugrov Oleg Petrovich
        if _PATRONYMIC.search(stems[i]):
            return i
    for i in (1, 2):  # Abdullo Erlanuulu Tursuntaev; Tursuntaev Abdullo Erlanuulu
        if _TURKIC_PATRONYMIC.search(words[i]):
            return i
    return None


@lru_cache(maxsize=200_000)
def parse_name(name: str) -> NameKey:
    """The comparable pieces of a person's name, in any order, script or case."""
    tokens = _split(name)
    if _SCHOLARLY.search(name) and not has_cyrillic(name):
        tokens = [_scholarly(t) for t in tokens]
    full: list[tuple[str, bool]] = []  # (folded word, written in Cyrillic)
    firsts: list[str] = []
    initials: list[str] = []
    for token in tokens:
        folded = fold(token)
        if not folded:
            continue
        if _is_initial(token):
            initials.append(first_letters(token, initial=True))
        else:
            full.append((folded, has_cyrillic(token)))
            firsts.append(first_letters(token))
    stems = [stem(word) for word, _ in full]
    patronymic: str | None = None
    p = _patronymic_index(stems, [word for word, _ in full])
    if p is not None:
        patronymic = stems.pop(p)
        firsts.pop(p)
        gender_words = full[:p] + full[p + 1 :]
    else:
        gender_words = full
    if patronymic is None and len(initials) >= 2 and len(stems) <= 1:
        patronymic = initials.pop(1)  # О. П. Угров: the second initial is the patronymic's
    ordered = sorted(zip(stems, firsts, strict=True))
    return NameKey(
        words=tuple(w for w, _ in ordered),
        initials=tuple(initials),
        patronymic=patronymic,
        gender=_gender(gender_words, patronymic),
        firsts=tuple(f for _, f in ordered),
    )
