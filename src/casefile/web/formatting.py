"""The one place pages turn stored values into words: template filters over
services/wording.py. Form fields and exports keep machine format (the ``iso`` filter)."""

from __future__ import annotations

from typing import Any

from casefile.model import PartialDate
from casefile.services.wording import date_in_words, sentence_in_words, term_in_words


def date_filter(value: PartialDate | None, empty: str = "undated") -> str:
    """A date in words, for reading."""
    return date_in_words(value, empty)


def iso_filter(value: PartialDate | None, empty: str = "") -> str:
    """A date as the forms take it back (2023-11-30, 2023-11, 2023, --11-30)."""
    return value.iso() if value else empty


FILTERS: dict[str, Any] = {
    "date": date_filter,
    "iso": iso_filter,
    "term": term_in_words,
    "sentence": sentence_in_words,
}
