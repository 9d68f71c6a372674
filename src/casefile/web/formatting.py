"""The one place pages turn stored values into words: template filters over
services/wording.py, and the labels of the app's fixed vocabularies (event types,
statuses, roles, access levels: web/vocabulary.py) in the interface's language. Form
fields and exports keep machine format (the ``iso`` filter)."""

from __future__ import annotations

from typing import Any

from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal

from casefile.i18n import current_language, gettext, pgettext
from casefile.model import PartialDate
from casefile.services.wording import (
    date_in_words,
    sentence_in_words,
    term_in_words,
    term_kind_in_words,
)


def date_filter(value: PartialDate | None, empty: str | None = None) -> str:
    """A date in words, for reading."""
    return date_in_words(value, empty)


def iso_filter(value: PartialDate | None, empty: str = "") -> str:
    """A date as the forms take it back (2023-11-30, 2023-11, 2023, --11-30)."""
    return value.iso() if value else empty


def label(value: str | None) -> str:
    """A stored keyword as a reader says it: 'ill_treatment' -> 'ill treatment'
    («жестокое обращение»). A value outside the vocabularies is shown as stored."""
    text = (value or "").replace("_", " ")
    return gettext(text) if text else ""


def designation(value: str | None) -> str:
    """A designation's label ('extremist', 'foreign agent') in the reader's language."""
    return pgettext("designation", value) if value else ""


def number(value: int | float | None) -> str:
    """A count as the reader's language writes it: 12,345 (English), 12 345 (Russian)."""
    return "" if value is None else format_decimal(value, locale=current_language())


def two_decimals(value: float | None) -> str:
    """A confidence or score: 0.55 (English), 0,55 (Russian)."""
    return "" if value is None else format_decimal(value, "0.00", locale=current_language())


def language_name(code: str | None) -> str:
    """A document's language named in the reader's: 'ru' -> 'Russian' («русский»); a
    code Babel does not know as it is."""
    if not code:
        return ""
    try:
        name = Locale.parse(code).get_display_name(current_language())
    except (ValueError, UnknownLocaleError):
        return code
    return name or code


def field_value(value: Any, field: str) -> str:
    """A recorded value of a fact's field (the change history) as a reader says it."""
    if value is None or value == "":
        return "—"
    if field == "term":
        return term_in_words(str(value))
    if field == "term_kind":
        return term_kind_in_words(str(value))
    if field in ("type", "review_status", "participant_kind"):
        return label(str(value))
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
    "term_kind": term_kind_in_words,
    "sentence": sentence_in_words,
    "label": label,
    "designation": designation,
    "number": number,
    "decimal2": two_decimals,
    "language_name": language_name,
}
