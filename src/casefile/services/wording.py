"""Terms and dates as a reader says them, and terms as an analyst may type them.

Stored values stay machine format (ISO 8601 durations such as ``P1Y6M``, partial dates
such as ``--01-31``) and so do exports; every page shows them through these functions
(registered as template filters in web/formatting.py), and the fact forms accept a term
in words as well as in ISO.
"""

from __future__ import annotations

import re

from casefile.extract.terms import parse_duration
from casefile.model import PartialDate
from casefile.services.errors import InvalidInput

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip

_ISO_DURATION = re.compile(r"^P(?=\d)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")
_UNITS = ("year", "month", "week", "day")


def date_in_words(date: PartialDate | None, empty: str = "undated") -> str:
    """'31 January 2021', 'March 2021', '2021', '31 January, year unknown'."""
    if date is None:
        return empty
    if date.year is None:
        return f"{date.day} {MONTHS[(date.month or 1) - 1]}, year unknown"
    if date.month is None:
        return str(date.year)
    month = f"{MONTHS[date.month - 1]} {date.year}"
    return f"{date.day} {month}" if date.day is not None else month


def term_in_words(term: str | None, empty: str = "") -> str:
    """'P7Y' -> '7 years', 'P1Y6M' -> '1 year 6 months', 'P15D' -> '15 days'. A value
    that is not an ISO duration is shown as stored rather than hidden."""
    if not term:
        return empty
    m = _ISO_DURATION.match(term.strip())
    if m is None:
        return term
    parts = [
        f"{int(n)} {unit}{'' if int(n) == 1 else 's'}"
        for n, unit in zip(m.groups(), _UNITS, strict=True)
        if n is not None and int(n) != 0
    ]
    return " ".join(parts) or "0 days"


def sentence_in_words(term: str | None, term_kind: str | None) -> str:
    """A sentence's term and kind together: '7 years prison', 'life', '2 years suspended'."""
    kind = (term_kind or "").replace("_", " ")
    return " ".join(x for x in (term_in_words(term), kind) if x)


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
    raise InvalidInput(f"term: a duration such as 7 years, 18 months or P1Y6M, not {shown!r}")
