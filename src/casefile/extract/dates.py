"""Date expressions: find them in a text and resolve them to `PartialDate`s.

One compiled regular expression per language scans the whole text once; all that is
language-specific is a `_DateLang` table, so Russian is a second table, not new code.

Decisions where the guidelines are silent:
- A bare year (1900..2100) is a date only after a preposition or period word ("in 2018",
  "since 2019", "early 2016", "end of 2020", "the year 2018"), as the second end of a year
  range ("from 2015 to 2017"), or a word or two before a date-ish noun ("the 2018 court
  ruling", "a 2015 suspended term"). Not after "of" alone ("a fine of 2000 roubles"),
  not in "2,018", not before a counted noun ("in 2000 people"). A decade ("1990s") is no
  mention at all.
- "30.11.2023" is day-first; "30/11/2023" and "11/30/2023" are read the only way they can
  be, and when both readings are valid ("03/04/2021") only the year is kept.
- Year-less dates: the publication rule first (the latest year that puts the date on or
  before publication, compared at the publication's precision), else the latest anchor
  year, else no year. Before that, the ends of a range or list share a stated year ("25
  December to 2 January 2021": 2020-12-25 and 2021-01-02). With no publication date, a
  weekday told with the date ("Monday (5 February)") picks the year the calendar agrees
  with, from the latest anchor year on.
- "Last Tuesday" and "last December" are strictly before publication; "Tuesday" and "this
  Tuesday" may be the publication day itself.
- "This/last week", "the weekend", "N weeks ago" give only the month (or year) their days
  share; "N days ago" is exact.
- Anything after publication ("tomorrow", "next month", "later this year") and anything
  anchored to another event ("two days later", "the next day", "that year") is a relative
  mention with date None.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from itertools import pairwise

from casefile.extract.terms import alternation as _alt
from casefile.extract.terms import number_words
from casefile.model import PartialDate, Precision


@dataclass(frozen=True)
class DateMention:
    start: int  # character offsets into the text passed in
    end: int
    text: str  # == text[start:end]
    date: PartialDate | None  # at the precision the text supports; None when unsettled
    relative: bool  # "Monday", "yesterday", "last year", "two days later", ...


@dataclass(frozen=True)
class _DateLang:
    code: str
    months: dict[str, int]  # full names, safe alone ("in May")
    month_abbrevs: dict[str, int]  # only beside a number ("Nov. 30")
    weekdays: dict[str, int]  # Monday = 0
    month_first: bool  # "November 30, 2023" is a form of this language
    ordinal: str  # "30th"
    year_suffix: str  # Russian "2018 года"
    year_preps: str  # before a bare year
    month_preps: str  # before a bare month name
    periods: str  # "early", "end of": before a month or year
    date_nouns: str  # "the 2018 court"
    counted: str  # a year-shaped number followed by these is a count
    range_conj: str
    before_last: str  # "last December", "last Tuesday"
    before_this: str
    before_next: str
    after_year: str  # "December last year": group last/this/next
    weekday_week: str  # "Tuesday last week": group last/this/next
    relative: tuple[tuple[str, str, int], ...]  # (regex, kind, offset)
    ago_units: dict[str, str]
    ago: str  # "ago": resolvable against publication
    later: str  # "later", "earlier": anchored to another event


def _variants(names: dict[str, int]) -> dict[str, int]:
    # Month names are matched case-sensitively so "may" the verb is not May.
    out: dict[str, int] = {}
    for name, value in names.items():
        for form in (name, name[:1].upper() + name[1:], name.upper()):
            out[form] = value
    return out


_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
_EN_ABBREV = {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9,
              "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12}
_EN_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_EN = _DateLang(
    code="en",
    months=_variants({m: i for i, m in enumerate(_EN_MONTHS, 1)}),
    month_abbrevs=_variants({**{f"{a}.": v for a, v in _EN_ABBREV.items()}, **_EN_ABBREV}),
    weekdays=_variants({d: i for i, d in enumerate(_EN_WEEKDAYS)}),
    month_first=True,
    ordinal=r"(?:st|nd|rd|th)?",
    year_suffix="",
    year_preps=r"in|since|during|until|till|throughout|before|after|by|from|between|"
    r"(?:the\s+)?year|as\s+of",
    month_preps=r"in|since|during|until|till|throughout|before|after|by|from|between|"
    r"on|of|through",
    periods=r"early|mid|late|the\s+(?:end|beginning|start|middle|spring|summer|autumn|fall|"
    r"winter)\s+of|(?:end|beginning|start|middle)\s+of|spring|summer|autumn|fall|winter",
    date_nouns=r"court|trial|verdict|ruling|judgment|judgement|elections?|protests?|arrests?|"
    r"sentences?|conviction|case|raids?|crackdown|uprising|revolution|referendum|"
    r"presidential|parliamentary|amnesty|coup|war|law|amendments?|decision|report",
    counted=r"people|persons|men|women|children|protesters|demonstrators|officers|troops|"
    r"members|votes|signatures|roubles|rubles|dollars|euros|yuan|tenge|km|hours|times|"
    r"prisoners|detainees|cases|pages",
    range_conj=r"-|–|—|to|and|or|through|until|till|&",
    before_last=r"last|past",
    before_this=r"this",
    before_next=r"next|this\s+coming|coming",
    after_year=r"(?P<ay>last|this|next)\s+year",
    weekday_week=r"(?P<wd_wk>last|this|next)\s+week",
    relative=(
        (r"the\s+day\s+before\s+yesterday", "day", -2),
        (r"yesterday|last\s+night", "day", -1),
        (r"today|tonight|this\s+(?:morning|afternoon|evening)", "day", 0),
        (r"the\s+year\s+before\s+last", "year", -2),
        (r"last\s+year", "year", -1),
        (r"(?:earlier\s+)?this\s+year", "year", 0),
        (r"last\s+month", "month", -1),
        (r"(?:earlier\s+)?this\s+month", "month", 0),
        (r"last\s+week", "week", -1),
        (r"(?:earlier\s+)?this\s+week", "week", 0),
        (r"last\s+weekend", "weekend", -1),
        (r"(?:this|at\s+the|over\s+the|on\s+the)\s+weekend", "weekend", 0),
        (r"tomorrow|next\s+(?:week|weekend|month|year)|later\s+this\s+(?:week|month|year)|"
         r"the\s+(?:next|following|previous|same)\s+(?:day|morning|evening|night|week|"
         r"weekend|month|year)|the\s+day\s+(?:before|after)|that\s+(?:day|morning|evening|"
         r"night|week|month|year)|(?:earlier|later)\s+that\s+(?:day|week|month|year)|"
         r"the\s+night\s+before", "none", 0),
    ),
    ago_units={"day": "D", "days": "D", "week": "W", "weeks": "W", "month": "M",
               "months": "M", "year": "Y", "years": "Y", "hours": "H"},
    ago=r"ago",
    later=r"later|earlier|before|after|afterwards|previously|prior",
)

_RU_MONTHS = (
    "январь января январе", "февраль февраля феврале", "март марта марте",
    "апрель апреля апреле", "май мая мае", "июнь июня июне", "июль июля июле",
    "август августа августе", "сентябрь сентября сентябре", "октябрь октября октябре",
    "ноябрь ноября ноябре", "декабрь декабря декабре",
)
_RU_WEEKDAYS = ("понедельник", "вторник", "среду среда", "четверг", "пятницу пятница",
                "субботу суббота", "воскресенье")

_RU = _DateLang(
    code="ru",
    months=_variants({f: i for i, forms in enumerate(_RU_MONTHS, 1) for f in forms.split()}),
    month_abbrevs={},
    weekdays=_variants({f: i for i, forms in enumerate(_RU_WEEKDAYS) for f in forms.split()}),
    month_first=False,
    ordinal=r"(?:-?(?:го|е|ое))?",
    year_suffix=r"(?:\s*(?:года|году|год|гг?\.))?",
    year_preps=r"в|во|с|до|после|к|по|от|начиная\s+с",
    month_preps=r"в|во|с|до|после|к|по|от|начале|конце|середине",
    periods=r"(?:в\s+)?(?:начале|конце|середине)",
    date_nouns=r"год\w*",
    counted=r"человек\w*|рубл\w*|раз",
    range_conj=r"-|–|—|по|и|или|до",
    before_last=r"прошл\w+|минувш\w+",
    before_this=r"эт\w+|нынешн\w+",
    before_next=r"следующ\w+|будущ\w+",
    after_year=r"(?P<ay>прошлого|этого|следующего)\s+года",
    weekday_week=r"на\s+(?P<wd_wk>прошлой|этой|следующей)\s+неделе",
    relative=(
        (r"позавчера", "day", -2),
        (r"вчера", "day", -1),
        (r"сегодня", "day", 0),
        (r"в\s+позапрошлом\s+году", "year", -2),
        (r"в\s+прошлом\s+году", "year", -1),
        (r"в\s+этом\s+году", "year", 0),
        (r"в\s+прошлом\s+месяце", "month", -1),
        (r"в\s+этом\s+месяце", "month", 0),
        (r"на\s+прошлой\s+неделе", "week", -1),
        (r"на\s+этой\s+неделе", "week", 0),
        (r"в\s+прошлые\s+выходные", "weekend", -1),
        (r"в\s+(?:эти\s+)?выходные", "weekend", 0),
        (r"завтра|на\s+(?:следующий|другой)\s+день|на\s+следующее\s+утро"
         r"|на\s+следующей\s+неделе|в\s+следующем\s+(?:месяце|году)"
         r"|накануне|в\s+тот\s+же\s+день|в\s+тот\s+день", "none", 0),
    ),
    ago_units={w: unit for unit, forms in (("D", "день дня дней"), ("W", "неделю недели недель"),
                                           ("M", "месяц месяца месяцев"), ("Y", "год года лет"))
               for w in forms.split()},
    ago=r"назад",
    later=r"спустя|позже|раньше",
)

_LANGS: dict[str, _DateLang] = {"en": _EN, "ru": _RU}


def _ci(rx: str) -> str:
    return f"(?i:{rx})"


def _build(lang: _DateLang, numbers: Iterable[str]) -> re.Pattern[str]:
    month = rf"(?:{_alt(lang.months)})(?!\w)"
    month_any = rf"(?:{_alt({**lang.months, **lang.month_abbrevs})})(?!\w)"
    weekday = rf"(?:{_alt(lang.weekdays)})(?!\w)"
    day = rf"(?:[12]\d|3[01]|0?[1-9]){_ci(lang.ordinal)}(?![\d\w])"
    year = r"(?:19\d\d|20\d\d|2100)(?!\d|s\b|['’]s\b|,\d)"
    suffix = _ci(lang.year_suffix)
    yr = year + suffix
    conj = _ci(lang.range_conj)
    def wd_prefix(kind: str) -> str:  # "Monday, 5 February", "Tuesday (March 12)"
        return rf"(?:(?P<{kind}_wd>{weekday}),?\s+\(?)?"
    not_count = rf"(?!\s+{_ci(lang.counted)}\b)"
    period = _ci(rf"(?:{lang.periods})[\s-]+(?:of\s+)?")
    of = _ci(r"(?:,|\s+of)?")
    of_day = _ci(r"(?:of\s+)?")
    mods = _ci(f"{lang.before_last}|{lang.before_this}|{lang.before_next}")
    week_mod = _ci(lang.weekday_week)
    count = _ci(_alt(numbers) + r"|a\s+few|several|a\s+couple\s+of")
    relative = "|".join(f"(?P<rel{i}>{_ci(rx)})" for i, (rx, _k, _o) in enumerate(lang.relative))
    alts = [
        r"(?P<iso>(?P<iso_y>19\d\d|20\d\d|2100)(?P<iso_s>[-/])(?P<iso_m>0[1-9]|1[0-2])(?P=iso_s)"
        r"(?P<iso_d>0[1-9]|[12]\d|3[01]))(?![\d\w])",
        rf"(?<![\d.,/])(?P<num>(?P<num_a>\d{{1,2}})(?P<num_s>[./])(?P<num_b>\d{{1,2}})"
        rf"(?P=num_s)(?P<num_y>{year}))",
        rf"(?P<dmy>{wd_prefix('dmy')}(?:(?P<dmy_d0>{day})\s*{conj}\s*)?(?P<dmy_d>{day})\s+"
        rf"{of_day}(?P<dmy_m>{month_any})(?:,?\s+(?P<dmy_y>{yr}))?)",
    ]
    if lang.month_first:
        alts.append(
            rf"(?P<mdy>{wd_prefix('mdy')}(?P<mdy_m>{month_any})\s+(?P<mdy_d>{day})"
            rf"(?:\s*{conj}\s*(?P<mdy_d2>{day}))?(?:,?\s+(?P<mdy_y>{yr}))?)"
        )
    alts += [
        rf"(?P<my>(?P<my_m>{month_any}){of}\s+(?P<my_y>{yr}))",
        rf"(?P<mo>(?:(?P<mo_mod>{mods})\s+|{_ci(lang.month_preps)}\s+(?:{period})?|{period})"
        rf"(?P<mo_m>{month})(?!\s+{day})(?:{of}\s+(?P<mo_y>{yr})"
        rf"|\s+{_ci(lang.after_year.replace('<ay>', '<mo_ay>'))})?)",
        rf"(?P<moy>(?P<moy_m>{month})\s+{_ci(lang.after_year.replace('<ay>', '<moy_ay>'))})",
        rf"(?P<wd>(?:(?P<wd_mod>{mods})\s+)?(?P<wd_d>{weekday})(?:\s+{week_mod})?)",
        rf"(?P<rel>{relative})(?!\w)",
        rf"(?P<ago>(?P<ago_n>\d{{1,3}}|{count})\s+(?P<ago_u>{_ci(_alt(lang.ago_units))})"
        rf"\s+(?P<ago_dir>{_ci(lang.ago)}|{_ci(lang.later)})(?!\w))",
        rf"(?P<yp>{_ci(lang.year_preps)}\s+(?:{period})?(?P<yp_y>{year})"
        rf"(?:\s*{conj}\s*(?P<yp_y2>{year}))?{suffix}(?![-/.]\d){not_count})",
        rf"(?P<yper>{period}(?P<yper_y>{year}){suffix})",
        rf"(?P<yn>(?P<yn_y>{year})(?=[\s-]+(?:\w+\s+)?{_ci(lang.date_nouns)}\b))",
    ]
    return re.compile(r"(?<!\w)(?=\w)(?:" + "|".join(alts) + ")")


_PATTERNS: dict[str, tuple[_DateLang, re.Pattern[str]]] = {}


def _pattern(language: str) -> tuple[_DateLang, re.Pattern[str]]:
    if language not in _PATTERNS:
        lang = _LANGS.get(language, _EN)
        words = number_words(language if language in _LANGS else "en")
        _PATTERNS[language] = (lang, _build(lang, words))
    return _PATTERNS[language]


def _days_in(year: int | None, month: int) -> int:
    if month == 2:
        return 29 if year is None or calendar.isleap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def not_after(d: PartialDate, pub: PartialDate) -> bool:
    """d is not known to follow pub: compared at the coarser of the two precisions."""
    a = [x for x in (d.year, d.month, d.day) if x is not None]
    b = [x for x in (pub.year, pub.month, pub.day) if x is not None]
    n = min(len(a), len(b))
    return a[:n] <= b[:n]


def resolve_month_day(
    month: int, day: int | None, published: PartialDate | None, anchor_years: Sequence[int]
) -> PartialDate | None:
    """The year for a year-less month (and day): see the module docstring."""
    if day is not None and day > _days_in(None, month):
        return None
    if published is not None and published.year is not None:
        for year in range(published.year, published.year - 9, -1):
            if day is not None and day > _days_in(year, month):
                continue  # 29 February waits for a leap year
            candidate = PartialDate(year, month, day)
            if not_after(candidate, published):
                return candidate
        return None
    for year in sorted(set(anchor_years), reverse=True):
        if day is None or day <= _days_in(year, month):
            return PartialDate(year, month, day)
    return PartialDate(None, month, day) if day is not None else None


def year_by_weekday(
    month: int, day: int, weekday: int, anchor_years: Sequence[int]
) -> PartialDate | None:
    """A year-less date the text gives a weekday ("Monday (5 February)") in a text with
    no publication date: the first year from the text's latest stated year on whose
    calendar it falls on that weekday (a text tells of its latest year or later), else
    the last before it. A date and weekday recur within six years or eleven."""
    if not anchor_years:
        return None
    latest = max(anchor_years)
    for year in [*range(latest, latest + 7), *range(latest - 1, latest - 7, -1)]:
        if day <= _days_in(year, month) and date(year, month, day).weekday() == weekday:
            return PartialDate(year, month, day)
    return None


def _pub_day(published: PartialDate | None) -> date | None:
    if published is None or published.precision is not Precision.DAY:
        return None
    return date.fromisoformat(published.iso())


def _shared(first: date, last: date) -> PartialDate | None:
    """The finest date both ends share: a span of days inside one month is that month."""
    if first == last:
        return PartialDate(first.year, first.month, first.day)
    if (first.year, first.month) == (last.year, last.month):
        return PartialDate(first.year, first.month)
    return PartialDate(first.year) if first.year == last.year else None


def _shift_month(year: int, month: int, offset: int) -> PartialDate:
    n = year * 12 + month - 1 + offset
    return PartialDate(n // 12, n % 12 + 1)


def _relative(kind: str, offset: int, pub: PartialDate | None) -> PartialDate | None:
    if kind == "none" or pub is None or pub.year is None:
        return None
    if kind == "year":
        return PartialDate(pub.year + offset)
    if kind == "month":
        return None if pub.month is None else _shift_month(pub.year, pub.month, offset)
    today = _pub_day(pub)
    if today is None:
        return None
    if kind == "day":
        return _shared(today + timedelta(days=offset), today + timedelta(days=offset))
    if kind == "week":
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=offset)
        return _shared(monday, min(monday + timedelta(days=6), today))
    # weekend: the latest Saturday on or before publication, or the one before it
    saturday = today - timedelta(days=(today.weekday() - 5) % 7) + timedelta(weeks=offset)
    return _shared(saturday, min(saturday + timedelta(days=1), today))


def _weekday(wd: int, mod: str | None, week: str | None, lang: _DateLang,
             pub: PartialDate | None) -> PartialDate | None:
    today = _pub_day(pub)
    if today is None or _is(lang.before_next, mod) or _is(lang.before_next, week):
        return None
    if week is not None:
        monday = today - timedelta(days=today.weekday())
        if _is(lang.before_last, week):
            monday -= timedelta(weeks=1)
        day = monday + timedelta(days=wd)
        return _shared(day, day) if day <= today else None
    back = (today.weekday() - wd) % 7
    if back == 0 and _is(lang.before_last, mod):
        back = 7
    day = today - timedelta(days=back)
    return _shared(day, day)


def _is(rx: str, word: str | None) -> bool:
    return word is not None and re.fullmatch(rx, word, re.IGNORECASE) is not None


def _ago(n: int | None, unit: str, pub: PartialDate | None) -> PartialDate | None:
    if n is None or pub is None or pub.year is None or unit == "H":
        return None
    if unit == "Y":
        return PartialDate(pub.year - n)
    if unit == "M":
        return None if pub.month is None else _shift_month(pub.year, pub.month, -n)
    today = _pub_day(pub)
    if today is None:
        return None
    day = today - timedelta(days=n * (7 if unit == "W" else 1))
    return _shared(day, day) if unit == "D" else PartialDate(day.year, day.month)


@dataclass
class _Raw:
    """A mention before year resolution; `resolved` is set for relative mentions."""

    start: int
    end: int
    year: int | None
    month: int | None = None
    day: int | None = None
    relative: bool = False
    resolved: PartialDate | None = None
    weekday: int | None = None  # the one the text names with the date, Monday = 0


def _month(lang: _DateLang, name: str) -> int:
    return lang.months.get(name) or lang.month_abbrevs[name]


def _year(text: str | None) -> int | None:
    return int(text[:4]) if text else None


def _int(text: str) -> int:
    return int(re.sub(r"\D.*", "", text))


_DURATION = re.compile(r"\b(?:for|within|в\s+течение)\s+$", re.IGNORECASE)


def _raw_mentions(m: re.Match[str], lang: _DateLang, pub: PartialDate | None) -> list[_Raw]:
    """The mentions one regex match states (two for a range inside one match)."""
    kind = m.lastgroup
    g = m.group
    if kind == "iso":
        return [_Raw(m.start(), m.end(), int(g("iso_y")), int(g("iso_m")), int(g("iso_d")))]
    if kind == "num":
        a, b, y = int(g("num_a")), int(g("num_b")), int(g("num_y"))
        if g("num_s") == "." or a > 12 >= b:
            month, day = b, a
        elif b > 12 >= a:
            month, day = a, b
        else:
            return [_Raw(m.start(), m.end(), y)]  # 03/04/2021: only the year is certain
        return [_Raw(m.start(), m.end(), y, month, day)] if 1 <= month <= 12 else []
    if kind in ("dmy", "mdy"):
        p = kind + "_"
        month, year, day = _month(lang, g(p + "m")), _year(g(p + "y")), _int(g(p + "d"))
        weekday = lang.weekdays[g(p + "wd")] if g(p + "wd") else None
        if kind == "dmy" and g("dmy_d0"):
            return [_Raw(m.start("dmy_d0"), m.end("dmy_d0"), year, month, _int(g("dmy_d0"))),
                    _Raw(m.start("dmy_d"), m.end(), year, month, day)]
        if kind == "mdy" and g("mdy_d2"):
            return [_Raw(m.start(), m.end("mdy_d"), year, month, day),
                    _Raw(m.start("mdy_d2"), m.end(), year, month, _int(g("mdy_d2")))]
        return [_Raw(m.start(), m.end(), year, month, day, weekday=weekday)]
    if kind == "my":
        return [_Raw(m.start(), m.end(), _year(g("my_y")), _month(lang, g("my_m")))]
    if kind == "mo" or kind == "moy":
        p = kind + "_"
        month = lang.months[g(p + "m")]
        mod = g("mo_mod") if kind == "mo" else None
        start = m.start("mo_mod") if mod else m.start(p + "m")
        ay = g(p + "ay")
        if kind == "mo" and g("mo_y"):
            return [_Raw(start, m.end(), _year(g("mo_y")), month)]
        if ay is None and mod is None:
            return [_Raw(start, m.end(), None, month)]
        resolved = _month_relative(lang, month, ay, mod, pub)
        return [_Raw(start, m.end(), None, month, relative=True, resolved=resolved)]
    if kind == "wd":
        weekday = lang.weekdays[g("wd_d")]
        resolved = _weekday(weekday, g("wd_mod"), g("wd_wk"), lang, pub)
        return [_Raw(m.start(), m.end(), None, relative=True, resolved=resolved, weekday=weekday)]
    if kind == "rel":
        i = next(i for i in range(len(lang.relative)) if g(f"rel{i}") is not None)
        _rx, rkind, offset = lang.relative[i]
        resolved = _relative(rkind, offset, pub)
        return [_Raw(m.start(), m.end(), None, relative=True, resolved=resolved)]
    if kind == "ago":
        if _DURATION.search(m.string, max(0, m.start() - 12), m.start()):
            return []  # "held for two weeks before being charged" is how long, not when
        resolved = None
        if re.fullmatch(lang.ago, g("ago_dir"), re.IGNORECASE):
            n = g("ago_n").lower()
            count = int(n) if n.isdigit() else number_words(lang.code).get(n)
            resolved = _ago(count, lang.ago_units[g("ago_u").lower()], pub)
        return [_Raw(m.start(), m.end(), None, relative=True, resolved=resolved)]
    if kind == "yp":
        out = [_Raw(m.start("yp_y"), m.end("yp_y"), int(g("yp_y")))]
        if g("yp_y2"):
            out.append(_Raw(m.start("yp_y2"), m.end("yp_y2"), int(g("yp_y2"))))
        return out
    group = f"{kind}_y"
    return [_Raw(m.start(group), m.end(group), int(g(group)))]


def _month_relative(lang: _DateLang, month: int, ay: str | None, mod: str | None,
                    pub: PartialDate | None) -> PartialDate | None:
    if pub is None or pub.year is None:
        return None
    if _is(lang.before_next, ay or mod):
        return None
    if ay is not None:
        d = PartialDate(pub.year - 1 if _is(lang.before_last, ay) else pub.year, month)
    elif _is(lang.before_last, mod):
        before = pub.month if pub.month is not None else 13
        d = PartialDate(pub.year if month < before else pub.year - 1, month)
    else:
        d = PartialDate(pub.year, month)
    return d if not_after(d, pub) else None


def _borrow_years(raws: list[_Raw], text: str, lang: _DateLang) -> None:
    """A year-less end of a range takes the year its other end states."""
    conj = re.compile(rf"\s*(?:,|{lang.range_conj})?\s*", re.IGNORECASE)
    for a, b in zip(raws, raws[1:], strict=False):
        if a.relative or b.relative or a.month is None or b.month is None:
            continue
        if not conj.fullmatch(text[a.end:b.start]):
            continue
        before = (a.month, a.day or 0) <= (b.month, b.day or 0)
        if a.year is None and b.year is not None:
            a.year = b.year if before else b.year - 1
        elif b.year is None and a.year is not None:
            b.year = a.year if before else a.year + 1


def _borrow_weekdays(raws: list[_Raw], text: str) -> None:
    """"This Tuesday (March 12)": the date takes the weekday told just before it."""
    for a, b in zip(raws, raws[1:], strict=False):
        if (a.relative and a.weekday is not None and b.weekday is None and b.day is not None
                and re.fullmatch(r"\s*[,(]?\s*", text[a.end:b.start])):
            b.weekday = a.weekday


def _drop_weekdays_of_stated_years(raws: list[_Raw], text: str) -> list[_Raw]:
    """"On a Sunday in 2008", «в субботу в 2012 году»: the weekday is not the latest one
    before publication but a day of the year stated after it, which alone dates it."""
    dropped: set[int] = set()
    for i, (a, b) in enumerate(pairwise(raws)):
        if (a.relative and a.weekday is not None and not b.relative and b.year is not None
                and re.fullmatch(r"\s*,?\s*(?:(?:in|of|в|во)\s+)?", text[a.end:b.start])):
            dropped.add(i)
    return [r for i, r in enumerate(raws) if i not in dropped]


@lru_cache(maxsize=4)
def _scan(text: str, language: str) -> tuple[re.Match[str], ...]:
    # The pipeline asks for a text's anchor years and then its dates: scan it once.
    return tuple(_pattern(language)[1].finditer(text))


def find_dates(
    text: str, published: PartialDate | None, language: str = "en",
    anchor_years: Sequence[int] = (),
) -> list[DateMention]:
    """Every date expression of `text`, resolved as the module docstring says."""
    lang = _pattern(language)[0]
    raws: list[_Raw] = []
    for m in _scan(text, language):
        raws.extend(_raw_mentions(m, lang, published))
    _borrow_years(raws, text, lang)
    _borrow_weekdays(raws, text)
    raws = _drop_weekdays_of_stated_years(raws, text)
    out: list[DateMention] = []
    for r in raws:
        d: PartialDate | None
        if r.relative:
            d = r.resolved
        elif r.month is not None and r.day is not None and r.day > _days_in(r.year, r.month):
            continue  # "31 April" is no date
        elif r.year is None:
            assert r.month is not None
            d = None
            if r.weekday is not None and r.day is not None and published is None:
                d = year_by_weekday(r.month, r.day, r.weekday, anchor_years)
            d = d or resolve_month_day(r.month, r.day, published, anchor_years)
        else:
            d = PartialDate(r.year, r.month, r.day)
        out.append(DateMention(r.start, r.end, text[r.start:r.end], d, r.relative))
    return out


_STATED_YEAR = re.compile(r"(?<!\d)(?:19\d\d|20\d\d|2100)(?!\d)")


def document_anchor_years(text: str, language: str = "en") -> list[int]:
    """Years (1900..2100) the text states in date contexts, sorted, each once."""
    years = {
        m.date.year
        for m in find_dates(text, None, language)
        if not m.relative and m.date is not None and m.date.year is not None
        and _STATED_YEAR.search(m.text)
    }
    return sorted(y for y in years if y is not None)
