"""Terms and dates as a reader says them, and terms as an analyst may type them.

Words are in the interface's language (casefile.i18n): month names and unit plurals
come from Babel's CLDR data ("7 years", «7 лет»; "31 January", «31 января»).

Stored values stay machine format (ISO 8601 durations such as ``P1Y6M``, partial dates
such as ``--01-31``) and so do exports; every page shows them through these functions
(registered as template filters in web/formatting.py), and the fact forms accept a term
in words as well as in ISO.
"""

from __future__ import annotations

import datetime
import re

from babel.dates import format_date
from babel.units import format_unit

from casefile.extract.terms import parse_duration
from casefile.i18n import current_language, gettext, pgettext
from casefile.model import PartialDate
from casefile.services.errors import InvalidInput

_ISO_DURATION = re.compile(r"^P(?=\d)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")
_UNITS = ("duration-year", "duration-month", "duration-week", "duration-day")
# A leap year, so that 29 February without a year can be written too.
_ANY_YEAR = 2000


def date_in_words(date: PartialDate | None, empty: str | None = None) -> str:
    """'31 January 2021', 'March 2021', '2021', '31 January, year unknown' (Russian:
    «31 января 2021», «март 2021», «31 января, год неизвестен»). `empty` stands for no
    date ('undated' by default)."""
    if date is None:
        return gettext("undated") if empty is None else empty
    language = current_language()
    if date.year is None:
        day_month = format_date(datetime.date(_ANY_YEAR, date.month or 1, date.day or 1),
                                "d MMMM", locale=language)  # fmt: skip
        return gettext("%(day_month)s, year unknown") % {"day_month": day_month}
    if date.month is None:
        return str(date.year)
    if date.day is None:
        return format_date(datetime.date(date.year, date.month, 1), "LLLL y", locale=language)
    return format_date(datetime.date(date.year, date.month, date.day), "d MMMM y",
                       locale=language)  # fmt: skip


def term_in_words(term: str | None, empty: str = "") -> str:
    """'P7Y' -> '7 years', 'P1Y6M' -> '1 year 6 months', 'P15D' -> '15 days' («7 лет»,
    «1 год 6 месяцев»). A value that is not an ISO duration is shown as stored rather
    than hidden."""
    if not term:
        return empty
    m = _ISO_DURATION.match(term.strip())
    if m is None:
        return term
    language = current_language()
    parts = [
        format_unit(int(n), unit, length="long", locale=language)
        for n, unit in zip(m.groups(), _UNITS, strict=True)
        if n is not None and int(n) != 0
    ]
    return " ".join(parts) or format_unit(0, "duration-day", length="long", locale=language)


def term_kind_in_words(term_kind: str | None) -> str:
    """'prison', 'restricted freedom' («лишение свободы», «ограничение свободы»)."""
    if not term_kind:
        return ""
    return pgettext("term kind", term_kind.replace("_", " "))


def sentence_in_words(term: str | None, term_kind: str | None) -> str:
    """A sentence's term and kind together: '7 years prison', 'life', '2 years suspended'."""
    words, kind = term_in_words(term), term_kind_in_words(term_kind)
    if words and kind:
        # Translators: a sentence's term and its kind, as in "7 years prison"
        return gettext("%(term)s %(kind)s") % {"term": words, "kind": kind}
    return words or kind


def parse_term(text: str) -> str:
    """An analyst's term as an ISO 8601 duration: 'P7Y' as it is, '7 years', '18 months',
    'seven years', '7 лет' through the extractor's term reader. InvalidInput otherwise."""
    value = " ".join(text.split())
    if _ISO_DURATION.match(value.upper()):
        return value.upper()
    for language in ("en", "ru"):
        iso = parse_duration(value, language)
        if iso is not None:
            return iso
    shown = value if len(value) <= 40 else value[:40] + "…"
    raise InvalidInput(gettext("term: a duration such as 7 years, 18 months or P1Y6M, not"
                               " %(value)r") % {"value": shown})
