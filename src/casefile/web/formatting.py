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


def field_value(value: Any, field: str) -> str:
    """A recorded value of a fact's field (the change history) as a reader says it."""
    if value is None or value == "":
        return "—"
    if field == "term":
        return term_in_words(str(value))
    if field == "date":
        try:
            return date_in_words(PartialDate.parse(str(value)))
        except ValueError:
            return str(value)
    return str(value)


FILTERS: dict[str, Any] = {
    "field_value": field_value,
    "date": date_filter,
    "iso": iso_filter,
    "term": term_in_words,
    "sentence": sentence_in_words,
}
