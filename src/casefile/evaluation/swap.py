"""Swapping the victims' names in a gold document for other names of the same script.

A probe of how far the extractor leans on particular names: the same text with other names
should score the same. Every word of every gold person's name (persons, aliases and the
participants of person events) is replaced, consistently, in the text and in the gold
(names, aliases, participants, evidence), so the gold still describes the text.

Latin words are replaced whole, a given name by one of the same gender as gender-guesser's
dictionary reads it (`person_cues.given_name_gender`; any, when it reads none). Cyrillic
words keep their declension: a Russian surname is
split into a root and a known suffix ("Тарн" + "ов"), a given name into a root and its final
vowel, and only the root is replaced, so "Тарнова", "Тарновым" take the same new root with
the original endings; the new root is one that takes that suffix ("common" style) or an
invented one. Gold evidence is a verbatim string, not offsets, so rewriting it with the same
function keeps it a substring of the new text.

Known limits: words under three letters ("Li", "Xu") keep their name; a name's last word
counts as its surname and the others as given names, so in surname-first names (Chinese,
Vietnamese) the kinds are crossed; a one-word name counts as a surname.
"""

from __future__ import annotations

import copy
import random
import re
from dataclasses import dataclass, replace

from casefile.evaluation.gold import GoldDocument
from casefile.evaluation.scoring import ORGANISATION_TYPES
from casefile.extract.en.names import given_name_gender

_NAME_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_RU_VOWELS = "аеёиоуыэюяйь"
# Longest first: "ская" before "ая" would never be reached otherwise.
_RU_SURNAME_SUFFIXES = (
    "ская", "цкая", "ский", "цкий", "ова", "ева", "ёва", "ина", "ына",
    "ов", "ев", "ёв", "ин", "ын",
)  # fmt: skip
_RU_MAX_ENDING = 3  # letters a case ending adds to the root and suffix: "-ыми", "-ой"

# Given names by the gender they read as. A woman's given name swapped for a man's, or the
# reverse, makes the text say "her mother, Daniel X": who "she" is then changes, which
# tests the swap, not the extractor (the Cyrillic roots keep their gender's endings for
# the same reason). A name the dictionary gives no gender takes any.
LATIN_GIVEN_BY_GENDER: dict[str, tuple[str, ...]] = {
    "m": ("Arvel", "Corwen", "Dalmar", "Farel", "Halvor", "Kestrel", "Orlin", "Pellam",
          "Quillan", "Rosmer", "Tovin", "Wendel", "Zoran", "Adrel", "Belwin", "Cassen",
          "Dorvel"),
    "f": ("Brisa", "Elsin", "Gwenna", "Isolde", "Jorun", "Lioren", "Marvena", "Nerys",
          "Sabrel", "Ulrica", "Veyra", "Xavra", "Ysolt"),
}  # fmt: skip
LATIN_GIVEN = LATIN_GIVEN_BY_GENDER["m"] + LATIN_GIVEN_BY_GENDER["f"]
LATIN_SURNAMES = (
    "Vantremor", "Ashgrove", "Bellwick", "Corrander", "Dunmarsh", "Elverton", "Fairlock",
    "Gravesend", "Holloway", "Ivorsen", "Jarrowby", "Kettleby", "Larkmoor", "Merriwade",
    "Northcot", "Oakhurst", "Pendrake", "Quarrington", "Redmayne", "Stanhorn", "Thistlewood",
    "Underhay", "Valmont", "Whitcombe", "Yarrowdale", "Zellerby", "Alderwick", "Brackwater",
    "Coldhaven", "Dravenport",
)  # fmt: skip
# Roots that take a surname suffix ("-ов", "-ская") or a given name's ending ("-а", "-ь"),
# none of them, with its endings, a word the Russian dictionary knows: an invented root that
# is a real name of the other gender ("Эльмира") would change who the text is about.
CYRILLIC_ROOTS = (
    "Велдан", "Торбин", "Карсун", "Мелдин", "Ростан", "Сальвен", "Пердан", "Гулмар", "Зорван",
    "Лесмин", "Сорвел", "Ярвен", "Домбан", "Кирван", "Нельдор", "Хорван", "Бельдин", "Тамрин",
    "Вирсан", "Ольдан", "Дарвел", "Мирдан", "Селвин", "Морван", "Тулеш", "Дельвар", "Вельмар",
    "Торсан", "Кальдин", "Стоян",
)  # fmt: skip
# Roots for given names that end in "-й" (Сергей, Николай): they need a vowel before it.
CYRILLIC_VOWEL_ROOTS = (
    "Арсте", "Велие", "Тимоле", "Вандре", "Ольве", "Ремидо", "Светоза", "Бранте",
)  # fmt: skip

# "common": real, widespread names of several origins, which a tagger and a lemmatiser have
# likely seen; "invented" ones above test names nobody has seen. Both are other names.
COMMON_LATIN_GIVEN_BY_GENDER: dict[str, tuple[str, ...]] = {
    "m": ("Daniel", "Ahmed", "Tomas", "Samuel", "Ivan", "Peter", "Omar", "Karim", "Pablo",
          "Martin", "Yusuf", "David", "Hassan", "Victor", "Adrian"),
    "f": ("Maria", "Elena", "Leila", "Nadia", "Amina", "Sofia", "Anna", "Julia", "Fatima",
          "Irene", "Clara", "Rosa", "Laura", "Mariam", "Nora"),
}  # fmt: skip
COMMON_LATIN_GIVEN = COMMON_LATIN_GIVEN_BY_GENDER["m"] + COMMON_LATIN_GIVEN_BY_GENDER["f"]
COMMON_LATIN_SURNAMES = (
    "Novak", "Haddad", "Kovacs", "Moreno", "Lindqvist", "Okafor", "Rahimi", "Castillo",
    "Brennan", "Hakimi", "Duarte", "Fischer", "Mensah", "Navarro", "Sokolov", "Yilmaz", "Bauer",
    "Karimov", "Ortega", "Demir", "Weber", "Nasser", "Costa", "Horvat", "Aziz", "Mendes",
    "Keller", "Suleiman", "Ferreira", "Kowalski",
)  # fmt: skip
# Roots by what they take: (given name?, kept tail with a feminine "-а"/"-ая" folded away).
COMMON_CYRILLIC: dict[tuple[bool, str], tuple[str, ...]] = {
    (True, ""): ("Борис", "Глеб", "Денис", "Руслан", "Степан", "Тимур", "Вадим", "Максим",
                 "Антон", "Егор", "Кирилл", "Станислав", "Богдан", "Арсен", "Рустам"),
    (True, "а"): ("Марин", "Галин", "Ларис", "Оксан", "Полин", "Елен", "Алин", "Людмил",
                  "Тамар", "Зарин", "Римм", "Вер"),
    (True, "я"): ("Юли", "Мари", "Натали", "Софь", "Дарь", "Ксени", "Анастаси"),
    (True, "й"): ("Андре", "Матве", "Тимофе", "Евгени", "Анатоли", "Никола", "Алексе"),
    (True, "ь"): ("Игор", "Лазар"),
    (False, "ов"): ("Смирн", "Волк", "Сокол", "Мороз", "Поп", "Кузнец", "Бел", "Комар",
                    "Новик", "Карп", "Баран", "Жук", "Голуб", "Щегл", "Тарас", "Осип"),
    (False, "ев"): ("Лебед", "Медвед", "Василь", "Григорь", "Зу", "Гус", "Корол", "Журавл",
                    "Муравь", "Зайц", "Яковл"),
    (False, "ёв"): ("Горбач", "Соловь", "Пугач"),
    (False, "ин"): ("Фом", "Лапш", "Никит", "Зим", "Иль", "Галк", "Кузьм", "Мух", "Сорок",
                    "Синиц"),
    (False, "ский"): ("Покров", "Вишнев", "Успен", "Дубров", "Остров", "Бель", "Соснов"),
    (False, "цкий"): ("Высо", "Городе", "Лу", "Трубе"),
    (False, ""): ("Ковальчук", "Мельник", "Шевчук", "Гончар", "Савчук", "Ткачук", "Марчук"),
    (False, "о"): ("Бондаренк", "Ткаченк", "Кравченк", "Лысенк", "Шевченк"),
}  # fmt: skip
# Women's given names that end in a consonant, as many Central Asian and Caucasian ones do:
# a woman's name of that shape ("Гульнор Каримова") must not become a man's ("Арсен
# Каримова"), which no text says of one person; the swap only reads a woman's given name
# as such where her surname says it (a feminine tail).
COMMON_CYRILLIC_WOMEN_BARE = ("Гульнор", "Дилором", "Ойгул", "Нигор", "Дильбар", "Шахноз",
                              "Нилуфар", "Гульшан", "Мухаббат")  # fmt: skip
_FEMININE_TAILS = {"ова": "ов", "ева": "ев", "ёва": "ёв", "ина": "ин", "ына": "ын",
                   "ская": "ский", "цкая": "цкий"}  # fmt: skip
NAME_STYLES = ("invented", "common")


@dataclass(frozen=True)
class _Rule:
    """One original name word: where it occurs and what replaces its root."""

    pattern: re.Pattern[str]
    replacement: str


@dataclass(frozen=True)
class SwapResult:
    text: str
    mapping: dict[str, str]  # original name word (as in the gold) -> invented word
    spans: list[tuple[int, int]]  # replaced roots in the new text


def person_names(gold: GoldDocument) -> list[str]:
    """Every name the gold gives a person: persons, aliases, participants of person events."""
    names = [p["name"] for p in gold.persons]
    names += [a for p in gold.persons for a in p.get("aliases", [])]
    names += [e["participant"] for e in gold.events if e["type"] not in ORGANISATION_TYPES]
    return list(dict.fromkeys(names))


def _split_cyrillic(word: str, given: bool) -> tuple[str, str]:
    """(root, fixed tail): the part replaced and the part kept of a Russian name."""
    if not given:
        for suffix in _RU_SURNAME_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 2:
                return word[: -len(suffix)], suffix
    if word[-1] in _RU_VOWELS and len(word) >= 3:
        return word[:-1], word[-1]
    return word, ""


def _rule(word: str, replacement_root: str, given: bool) -> _Rule:
    if not _CYRILLIC.search(word):
        return _Rule(re.compile(rf"(?<!\w){re.escape(word)}(?!\w)"), replacement_root)
    root, tail = _split_cyrillic(word, given)
    core = tail.rstrip(_RU_VOWELS)  # the tail's letters every case form keeps
    pattern = rf"(?<!\w){re.escape(root)}(?={re.escape(core)}[а-яё]{{0,{_RU_MAX_ENDING}}}(?!\w))"
    return _Rule(re.compile(pattern), replacement_root)


def _pool(word: str, given: bool, style: str, woman: bool = False) -> tuple[str, ...]:
    if not _CYRILLIC.search(word):
        if not given:
            return COMMON_LATIN_SURNAMES if style == "common" else LATIN_SURNAMES
        real = style == "common"
        gender = given_name_gender(word)
        if gender is None:
            return COMMON_LATIN_GIVEN if real else LATIN_GIVEN
        return (COMMON_LATIN_GIVEN_BY_GENDER if real else LATIN_GIVEN_BY_GENDER)[gender]
    root, tail = _split_cyrillic(word, given)
    if style == "common" and given and woman and tail == "":
        return COMMON_CYRILLIC_WOMEN_BARE
    if style == "common":
        common = COMMON_CYRILLIC.get((given, _FEMININE_TAILS.get(tail, tail)), ())
        if common:
            return common
    return CYRILLIC_VOWEL_ROOTS if tail == "й" and root[-1] in _RU_VOWELS else CYRILLIC_ROOTS


def _invented(
    word: str, given: bool, style: str, used: set[str], rng: random.Random, text: str,
    woman: bool = False,
) -> str:
    """An unused word, or root for a Cyrillic word, of the word's script and kind that the
    text does not already contain (a victim must not take the name of someone else in it)."""
    pool = _pool(word, given, style, woman)
    choices = [w for w in pool if w not in used and w != word and w not in text]
    if not choices:  # more names than the list: make one up from its pieces
        choices = [rng.choice(pool)[:3] + rng.choice(pool)[-4:].lower()]
    pick = rng.choice(choices)
    used.add(pick)
    return pick


def _name_words(name: str) -> list[str]:
    return [w for w in _NAME_WORD.findall(name) if len(w) >= 3 and w[0].isupper()]


def spelling_variants(gold: GoldDocument) -> dict[str, str]:
    """Words of a person's aliases that spell a word of their name another way
    ("Улфатхоним" beside "Ульфатхоним"), each to the name's word: one person's spellings
    must stay one person's after the swap, as the gold says they are."""
    from rapidfuzz.distance import Levenshtein

    variants: dict[str, str] = {}
    for person in gold.persons:
        words = _name_words(person["name"])
        for alias in person.get("aliases", []):
            other = _name_words(alias)
            if len(other) != len(words):
                continue
            for word, variant in zip(words, other, strict=True):
                if (variant != word and variant[0].lower() == word[0].lower()
                        and Levenshtein.distance(variant.lower(), word.lower()) <= 2):
                    variants.setdefault(variant, word)
    return variants


def build_rules(
    names: list[str], rng: random.Random, style: str = "invented", text: str = "",
    variants: dict[str, str] | None = None,
) -> tuple[list[_Rule], dict[str, str]]:
    """A rule per distinct name word; a multi-word name's first words count as given names.
    `style` picks the replacements: "invented" or "common" names (see NAME_STYLES); a
    word of `variants` takes the replacement of the word it spells another way."""
    if style not in NAME_STYLES:
        raise ValueError(f"unknown name style {style!r}: one of {', '.join(NAME_STYLES)}")
    roles: dict[str, bool] = {}  # word -> given name?
    women: set[str] = set()  # given names of persons whose surname is a woman's
    for name in names:
        words = _name_words(name)
        for i, word in enumerate(words):
            given = len(words) > 1 and i < len(words) - 1
            roles[word] = roles.get(word, False) or given
            if given and words[-1].endswith(tuple(_FEMININE_TAILS)):
                women.add(word)
    spellings = variants or {}
    # a word another spells differently, never itself a spelling of a third
    spelling_of = {v: w for v, w in spellings.items()
                   if v in roles and w in roles and w not in spellings}
    used: set[str] = set()
    chosen = {  # sorted: the seed alone decides the choices
        word: _invented(word, roles[word], style, used, rng, text, word in women)
        for word in sorted(roles) if word not in spelling_of
    }
    rules, mapping = [], {}
    for word in sorted(roles):
        invented = chosen[spelling_of.get(word, word)]
        rules.append(_rule(word, invented, roles[word]))
        if _CYRILLIC.search(word):
            root, tail = _split_cyrillic(word, roles[word])
            mapping[word] = invented + tail
        else:
            mapping[word] = invented
    return rules, mapping


def apply_rules(text: str, rules: list[_Rule]) -> tuple[str, list[tuple[int, int]]]:
    """`text` with every rule's matches replaced in one pass; the replaced spans."""
    matches = [(m, rule.replacement) for rule in rules for m in rule.pattern.finditer(text)]
    found = sorted(((m.start(), m.end(), r) for m, r in matches), key=lambda f: (f[0], -f[1]))
    pieces, spans, pos = [], [], 0
    out_len = 0
    for start, end, replacement in found:
        if start < pos:  # overlaps a longer match already taken
            continue
        pieces.append(text[pos:start])
        out_len += start - pos
        spans.append((out_len, out_len + len(replacement)))
        pieces.append(replacement)
        out_len += len(replacement)
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces), spans


def swap_names(
    gold: GoldDocument, seed: int, style: str = "invented"
) -> tuple[GoldDocument, SwapResult]:
    """A copy of `gold` whose persons' names are other ones, in its text and its gold.

    The choice depends only on the seed, the style and the document's name, so runs repeat."""
    rng = random.Random(f"{seed}:{gold.name}")
    rules, mapping = build_rules(person_names(gold), rng, style, gold.text,
                                 spelling_variants(gold))
    text, spans = apply_rules(gold.text, rules)

    def swap(value: str) -> str:
        return apply_rules(value, rules)[0]

    persons = copy.deepcopy(gold.persons)
    for person in persons:
        person["name"] = swap(person["name"])
        person["aliases"] = [swap(a) for a in person.get("aliases", [])]
    events = copy.deepcopy(gold.events)
    for event in events:
        if event["type"] not in ORGANISATION_TYPES:
            event["participant"] = swap(event["participant"])
        if isinstance(event.get("evidence"), str):
            event["evidence"] = swap(event["evidence"])
    swapped = replace(gold, text=text, persons=persons, events=events)
    return swapped, SwapResult(text, mapping, spans)
