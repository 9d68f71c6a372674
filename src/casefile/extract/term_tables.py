"""The words of sentence terms, one table per language: numbers, units, ranges, kinds.

`extract.terms` compiles a table into the patterns that find and normalise terms; a new
language is a new table here, not a new code path there.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class TermLang:
    numbers: dict[str, Fraction]  # every written form of a number word
    tens: tuple[str, ...]  # number words that combine with a following unit word: twenty-five
    units: dict[str, str]  # unit word form -> "Y", "M", "W" or "D"
    half: str  # after a number: "two and a half"
    half_after_unit: str  # "a year and a half"
    half_of: str  # "half a year"
    between: str  # opens a range that "and" closes
    inexact: str  # the text does not state the exact length
    range_conj: str  # "to", "-", "or"
    numbered: str  # words that number a provision: "Article 212 to four years" is no range
    and_conj: str
    kinds: tuple[tuple[str, str], ...]  # kind keyword, first listed wins at one position
    suspended: str  # overrides the nearest kind anywhere in the window
    partly_suspended: str  # but a term partly suspended is the whole term in prison
    governs: str  # words before a number that make it a sentence term
    each_to: str  # ends the words before a further term of a list: "X to four years, Y to six",
    # «X — к шести годам, Y — четыре года»
    sentence_noun: str  # "a seven-year sentence"
    skip_before: str  # the number is time served or elapsed
    skip_after: str
    probation_before: str  # "suspended for two years": a probation period, not a term
    fixed: tuple[tuple[str, str], ...]  # phrases with a kind and no length
    clause_break: str


def _forms(spec: str, value: int | Fraction) -> dict[str, Fraction]:
    return {form: Fraction(value) for form in spec.split()}


def _keys(spec: str, value: str) -> dict[str, str]:
    """Space-separated word forms -> one value, to keep the tables short."""
    return dict.fromkeys(spec.split(), value)


_EN_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_EN_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
             "seventeen", "eighteen", "nineteen")
_EN_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")

_EN_NUMBERS: dict[str, Fraction] = {"a": Fraction(1), "an": Fraction(1)}
for _i, _w in enumerate(_EN_UNITS + _EN_TEENS, start=1):
    _EN_NUMBERS[_w] = Fraction(_i)
for _i, _w in enumerate(_EN_TENS, start=2):
    _EN_NUMBERS[_w] = Fraction(_i * 10)

_RU_NUMBERS: dict[str, Fraction] = {}
for _spec, _v in (
    ("один одна одно одного одной одному одну", 1), ("два две двух двум", 2),
    ("три трёх трех трём трем", 3), ("четыре четырёх четырех четырём четырем", 4),
    ("пять пяти", 5), ("шесть шести", 6), ("семь семи", 7), ("восемь восьми", 8),
    ("девять девяти", 9), ("десять десяти", 10), ("одиннадцать одиннадцати", 11),
    ("двенадцать двенадцати", 12), ("тринадцать тринадцати", 13),
    ("четырнадцать четырнадцати", 14), ("пятнадцать пятнадцати", 15),
    ("шестнадцать шестнадцати", 16), ("семнадцать семнадцати", 17),
    ("восемнадцать восемнадцати", 18), ("девятнадцать девятнадцати", 19),
    ("двадцать двадцати", 20), ("тридцать тридцати", 30),
):
    _RU_NUMBERS.update(_forms(_spec, _v))
_RU_NUMBERS.update(_forms("полтора полторы полутора", Fraction(3, 2)))

ENGLISH = TermLang(
    numbers=_EN_NUMBERS,
    tens=_EN_TENS,
    units={"year": "Y", "years": "Y", "month": "M", "months": "M", "week": "W", "weeks": "W",
           "day": "D", "days": "D"},
    half=r"(?:\s+|-)and(?:\s+|-)a(?:\s+|-)half",
    half_after_unit=r"\s+and\s+a\s+half",
    half_of=r"half(?:\s+|-)an?",
    between=r"between|from",
    inexact=r"up\s+to|more\s+than|less\s+than|over|under|at\s+least|nearly|almost|about|"
    r"around|some|roughly|approximately",
    range_conj=r"to|or|-|–|—",
    numbered=r"articles?|art\.|sections?|s\.|parts?|paragraphs?|para\.|clauses?|"
    r"no\.|nos\.|number|§",
    and_conj=r"and|&",
    kinds=(
        ("restricted_freedom", r"restrict(?:ed|ions?\s+(?:of|on))\s+(?:freedom|liberty)|"
         r"limitation\s+of\s+freedom|house\s+arrest|home\s+confinement"),
        ("administrative_detention", r"administrative(?:ly)?\s+(?:detention|arrest|detained"
         r"|arrested|jail)"),
        ("other", r"(?:corrective|correctional|compulsory|forced)\s+(?:labou?r|work)|"
         r"community\s+service"),
        ("prison", r"prison|imprisonment|imprisoned|jail(?:ed)?|gaol|penal\s+colony|colony|"
         r"behind\s+bars|incarcerat\w*|custodial|penitentiary|labou?r\s+camp"),
        ("custody", r"detention|arrest"),
    ),
    suspended=r"suspended|probation(?:ary)?|conditional(?:ly)?",
    partly_suspended=r"(?:of\s+which|partly|partially|part\s+of\s+it)\b[^.;]{0,30}?"
    r"\bsuspended|\bwith\s+(?:\S+\s+){1,3}(?:years?|months?|of\s+them)\s+suspended",
    governs=r"sentenced|sentence|sentences|sentencing|jailed|imprisoned|given|gave|gives|handed|"
    r"received|receives|gets?|got|faces?|facing|term|terms|penalty|punishment|convicted|"
    r"reduced|increased",
    each_to=r"\bto\s+$|\s[—–]\s*$",
    sentence_noun=r"sentences?|terms?|penalty|punishment|verdict",
    skip_before=r"spent|spending|served|after|past|last|first|next|within|aged|age\s+of",
    skip_after=r"ago|later|earlier|old|of\s+age|afterwards|previously|prior|"
    r"(?:after|before|since)\s+(?:his|her|their|its|the)\s+(?!trial|verdict|hearing|court)\w+",
    probation_before=r"(?:suspended|probation(?:ary)?(?:\s+period)?)\s+(?:for|of)\s*$",
    fixed=(
        ("life", r"(?:sentenced|condemned)\s+to\s+life(?:\s+in\s+prison|\s+imprisonment)?|"
         r"life(?:\s+|-)(?:imprisonment|sentences?|terms?|in\s+prison|prison)|"
         r"(?:imprisonment|prison)\s+for\s+life|life-?long\s+imprisonment"),
        # "sentenced X, Y and Z to death": the term is the words "to death" alone (not
        # "sentenced for beating a guard to death")
        ("death", r"(?:sentenced|condemned)\s+(?:(?!(?:for|after|over|because|following)\b)"
         r"(?!\w+ing\b)[\w'’.,-]+\s+){1,12}?(?P<death_to>to\s+death)|"
         r"(?:sentenced|condemned)\s+to\s+death|death\s+sentences?|"
         r"sentences?\s+of\s+death|(?:given|handed|received|imposed)\s+(?:down\s+)?"
         r"(?:the\s+|a\s+)?death\s+penalty"),
        ("suspended", r"(?:suspended|conditional|probationary)\s+(?:prison\s+|jail\s+)?"
         r"(?:sentences?|terms?)|(?:sentenced\s+to|placed\s+on|put\s+on)\s+probation"),
        ("restricted_freedom", r"restricted\s+freedom|restrictions?\s+of\s+(?:freedom|liberty)|"
         r"sentenced\s+to\s+house\s+arrest"),
        ("other", r"(?:corrective|correctional|compulsory|forced)\s+(?:labou?r|work)|"
         r"community\s+service"),
        ("fine", r"sentenced\s+to\s+(?:pay\s+)?an?\s+(?:\w+\s+)?fine"),
        ("prison", r"(?:prison|jail|custodial)\s+(?:sentences?|terms?)|"
         r"sentenced\s+to\s+(?:prison|jail|imprisonment)|sentences?\s+of\s+imprisonment"),
    ),
    clause_break=r"[.;!?](?:\s|$)|,\s*(?:while|whereas|but|and)\b|\s(?:while|whereas)\b",
)

RUSSIAN = TermLang(
    numbers=_RU_NUMBERS,
    tens=("двадцать", "двадцати", "тридцать", "тридцати"),
    units={**_keys("год года году годом годе годы лет годам годами годах", "Y"),
           **_keys("месяц месяца месяцу месяцем месяце месяцы месяцев месяцам месяцами "
                   "месяцах", "M"),
           **_keys("неделя недели неделе неделю неделей недель неделям неделями", "W"),
           **_keys("день дня дню днём днем дни дней дням днями сутки суток суткам сутками",
                   "D")},
    half=r"\s+с\s+половиной",
    half_after_unit=r"\s+с\s+половиной",
    half_of=r"пол",
    between=r"от",
    inexact=r"до|более|больше|менее|меньше|около|почти|свыше",
    range_conj=r"до|или|-|–|—",
    numbered=r"стать\w*|ст\.|част\w*|ч\.|пункт\w*|п\.|№",
    and_conj=r"и",
    kinds=(
        ("restricted_freedom", r"ограничени\w+\s+свободы|домашн\w+\s+арест\w*"),
        ("administrative_detention", r"административн\w+\s+арест\w*"),
        ("other", r"(?:исправительн|обязательн|принудительн)\w+\s+работ\w*"),
        ("prison", r"колони\w*|лишени\w+\s+свободы|заключени\w*|тюрьм\w*|тюремн\w*|"
         r"(?:строг|общ|особ)\w+\s+режим\w*"),
        ("custody", r"арест\w*"),
    ),
    suspended=r"условн\w*|испытательн\w+\s+срок\w*",
    partly_suspended=r"(?:из\s+них|частично)\b[^.;]{0,30}?\bусловн\w*",
    governs=r"приговор\w*|осужд\w+|осуди\w*|назначи\w*|получи\w*|дали|дал|срок\w*|"
    r"наказани\w*",
    each_to=r"(?:^|\s)(?:к|на)\s+$|\s[—–]\s*$",
    sentence_noun=r"срок\w*|наказани\w*",
    skip_before=r"провёл|провел|провела|отбыл|отбыла|после|спустя|через|свои|своих|возрасте",
    skip_after=r"назад|спустя|позже|раньше",
    probation_before=r"испытательн\w+\s+срок\w*\s*(?:в|на)?\s*$",
    fixed=(
        ("life", r"пожизненн\w+(?:\s+лишени\w+\s+свободы|\s+заключени\w+|\s+срок\w*)?"),
        ("death", r"смертн\w+\s+казн\w+"),
        ("suspended", r"условн\w+\s+(?:срок\w*|наказани\w*)"),
        ("restricted_freedom", r"ограничени\w+\s+свободы"),
        ("prison", r"реальн\w+\s+срок\w*"),
    ),
    clause_break=r"[.;!?](?:\s|$)|,\s*(?:а|но|тогда\s+как)\b",
)

LANGUAGES: dict[str, TermLang] = {"en": ENGLISH, "ru": RUSSIAN}
