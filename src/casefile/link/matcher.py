"""Scoring two person names.

`score_names` compares two parsed names (`russian.NameKey`): the surname pair is
whichever alignment of words scores best (name order is unknown), the rest are given
names, compared strictly: after folding, a variant spelling of one name is the same
string, so what still differs is a typo or another name (Oleg / Olga). Edit distances
come from rapidfuzz.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz.distance import OSA

from casefile.link.russian import NameKey, parse_name
from casefile.link.translit import fold, folded_first_letters, is_letter_set, letters_meet

AUTO = 0.85  # at or above: linked without review
PROPOSE = 0.5  # at or above (and below AUTO): a proposal for an analyst
DIFFERENT = 0.65  # below: the names contradict each other (gender, patronymic, given name)
TYPO = 0.88  # a short word one letter dropped, added or swapped away


# Letters folding reads one way that a romanisation may have meant another way: Latin x
# is КС (Alexei) or, in scholarly spelling and the Uzbek and Azerbaijani alphabets, Х
# (Mixail, Asxat, Xalilov); a Latin j inside a word is Kazakh, Uzbek or Azerbaijani Ж
# (Nadejda, Rajabov) or scholarly and ISO 9 Й (Kajrat, Zajcev, Majorov); Latin c is Ц
# (Łacinka, ISO 9) or Azerbaijani ДЖ (Cəfərov: Джафаров).
_READINGS = (
    (re.compile("ks"), "h"),
    (re.compile("zh(?=[^aeiou])|(?<=[aeou])zh(?=[aeiou])"), "i"),
    (re.compile("c"), "zh"),
    # A Latin j after a consonant is scholarly softening (Ljudmila, Semjon) or the one
    # letter the Uzbek, Kazakh (2021), Kyrgyz and Tajik (BGN/PCGN) alphabets write for Ж
    # and ДЖ (`variants.ONE_LETTER_J`): folding reads it as softening, so a Ж or ДЖ after
    # a consonant (Рыбакджев, Маматжонов) is also read the way folding reads that j.
    (re.compile("(?<=[bvlmpstkzfg])zh(?=[aeiou])|(?<=[rn])zh(?=[aeiou]$)"), "y"),
)


@lru_cache(maxsize=100_000)
def _other_readings(word: str) -> tuple[str, ...]:
    """The word under each other reading, and under both (Xudajberdov)."""
    out = {word}
    for pattern, repl in _READINGS:
        out |= {fold(pattern.sub(repl, w)) for w in out if pattern.search(w)}
    out.discard(word)
    return tuple(out)


@lru_cache(maxsize=100_000)
def _readings(word: str) -> frozenset[str]:
    return frozenset((word, *_other_readings(word)))


def word_similarity(a: str, b: str, strict: bool = False, lenient: bool = False) -> float:
    """`_similarity`, also under the other readings of letters folding cannot tell apart
    (`_READINGS`), tried only where the two words differ. Two words are alike when some
    reading of one is some reading of the other: each may be spelt by another system
    (Xudayberdiev, Uzbek x for Х, and Hudajberdiev, scholarly j for Й, meet only when
    both are read again), and were they not alike, a third spelling alike with both would
    make two of one person's names look like two people."""
    if a == b or not _readings(a).isdisjoint(_readings(b)):
        return 1.0
    best = _similarity(a, b, strict, lenient)
    if best < 1.0:
        for other in _other_readings(a):
            best = max(best, _similarity(other, b, strict, lenient))
        for other in _other_readings(b):
            best = max(best, _similarity(a, other, strict, lenient))
    return best


def _similarity(a: str, b: str, strict: bool = False, lenient: bool = False) -> float:
    """1.0 equal; 0.94/0.88 for one/two edits where the word is long enough to allow a typo;
    below 0.6 otherwise. Short words allow none: Oleg and Olga are two names. `strict`
    (given names, a small closed set where one letter makes another name: Marat / Murat)
    wants one letter more before it allows an edit; `lenient` allows one edit in any word
    of three letters or more (the question is then whether a one-off spelling is a typo)."""
    if a == b:
        return 1.0
    longest = max(len(a), len(b)) - (strict and not lenient)
    allowed = 0 if longest <= 4 else 1 if longest <= 7 else 2
    if lenient and min(len(a), len(b)) >= 3:
        allowed = max(allowed, 1)
    d = OSA.distance(a, b, score_cutoff=max(allowed, longest))
    if d <= allowed:
        return 1.0 - 0.06 * d
    if d == 1 and min(len(a), len(b)) >= 4 and (len(a) != len(b) or sorted(a) == sorted(b)):
        # A letter dropped, doubled or swapped (Serk, Nnia for Serik, Nina) seldom makes
        # another name; a letter replaced does (Marat / Murat, Ales / Alex), and stays apart.
        # Stems of three letters are too short to tell: Олега / Ольгой are oleg / olg.
        return TYPO
    return 0.6 * max(0.0, 1.0 - d / max(len(a), len(b)))


def _given_factor(
    ga: Sequence[str],
    ia: Sequence[str],
    gb: Sequence[str],
    ib: Sequence[str],
    lenient: bool = False,
) -> float:
    """Given names `ga`/`gb` (stems) with `ia`/`ib` the letter sets of their initials and
    of their first letters (`translit.first_letters`)."""
    if ga and gb:
        return max(word_similarity(x, y, strict=True, lenient=lenient) for x in ga for y in gb)
    if not ia or not ib:
        return 0.55  # a surname alone: never enough for an automatic link
    if any(letters_meet(x, y) for x in ia for y in ib):
        return 0.9 if (ga or gb) else 0.88  # О. Угров ~ Олег Угров
    return 0.1


def patronymic_factor(pa: str | None, pb: str | None) -> float:
    if pa is None or pb is None:
        return 1.0  # most mentions leave it out
    initial_a, initial_b = is_letter_set(pa), is_letter_set(pb)
    if initial_a or initial_b:
        la = pa if initial_a else folded_first_letters(pa)
        lb = pb if initial_b else folded_first_letters(pb)
        return 1.0 if letters_meet(la, lb) else 0.2
    # First letters as the sets folding left (Uzbek and Azerbaijani x for Х folds to ks:
    # Xurşedovna is Khurshedovna); the words then compare under every reading.
    if pa[0] != pb[0] and not letters_meet(folded_first_letters(pa), folded_first_letters(pb)):
        return 0.2
    return 1.0 if word_similarity(pa, pb) >= 0.88 else 0.2


class Detail(NamedTuple):
    """What made a score: the product of the best alignment's surname and given-name
    similarities and the gender and patronymic factors (1.0 where they say nothing)."""

    score: float
    surname: float
    given: float
    gender: float
    patronymic: float


def score_names(a: NameKey, b: NameKey) -> float:
    """How likely two parsed person names are one person, from the names alone (0..1)."""
    return _score_names(a, b, False, False).score


def score_detail(a: NameKey, b: NameKey) -> Detail:
    """`score_names` with the factors that made it."""
    return _score_names(a, b, False, False)


def typo_score(a: NameKey, b: NameKey) -> float:
    """`score_names` if one word of either name may hold a typo, even a short word: how
    well a one-off spelling fits a name, to be weighed against the other names it fits."""
    return max(_score_names(a, b, True, False).score, _score_names(a, b, False, True).score)


def _score_names(a: NameKey, b: NameKey, lenient_surname: bool, lenient_given: bool) -> Detail:
    gender = 0.6 if a.gender and b.gender and a.gender != b.gender else 1.0
    # Ugrov / Ugrova (0.6): the family, perhaps not the person
    patronymic = patronymic_factor(a.patronymic, b.patronymic)
    common = gender * patronymic
    best = Detail(0.0, 0.0, 0.0, gender, patronymic)
    fa, fb = _firsts(a), _firsts(b)
    wa, wb = a.words, b.words
    memo: dict[tuple[int, int, bool], float] = {}

    def sim(i: int, j: int, lenient: bool) -> float:
        # Each alignment compares the same word pairs again (the surname of one is the
        # given name of another): compute each pair once.
        k = (i, j, lenient)
        if k not in memo:
            memo[k] = word_similarity(wa[i], wb[j], strict=True, lenient=lenient)
        return memo[k]

    for i in range(len(wa)):
        for j in range(len(wb)):
            surname = sim(i, j, lenient_surname)
            if surname * common <= best.score:
                continue
            if len(wa) > 1 and len(wb) > 1:
                given = max(
                    sim(k, m, lenient_given)
                    for k in range(len(wa))
                    if k != i
                    for m in range(len(wb))
                    if m != j
                )
            else:
                given = _given_factor(
                    wa[:i] + wa[i + 1 :],
                    a.initials + fa[:i] + fa[i + 1 :],
                    wb[:j] + wb[j + 1 :],
                    b.initials + fb[:j] + fb[j + 1 :],
                    lenient_given,
                )
            total = surname * given * common
            if total > best.score:
                best = Detail(total, surname, given, gender, patronymic)
    return best


def _firsts(key: NameKey) -> tuple[str, ...]:
    if len(key.firsts) == len(key.words):
        return key.firsts
    return tuple(key.first_of(i) for i in range(len(key.words)))


def score(a: str, b: str) -> float:
    """`score_names` for two raw names in any script, order or case."""
    return score_names(parse_name(a), parse_name(b))
