"""The one place pages turn stored values into words: template filters over
services/wording.py, and the labels of the app's fixed vocabularies (event types,
statuses, roles, access levels: web/vocabulary.py) in the interface's language. Form
fields and exports keep machine format (the ``iso`` filter)."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2
from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time, get_datetime_format
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from casefile import i18n
from casefile.i18n import current_language, gettext, pgettext
from casefile.model import PartialDate
from casefile.services.wording import (
    date_in_words,
    sentence_in_words,
    term_in_words,
    term_kind_in_words,
)
from casefile.web.chart import period_words


def date_filter(value: PartialDate | None, empty: str | None = None) -> str:
    """A date in words, for reading."""
    return date_in_words(value, empty)


def iso_filter(value: PartialDate | None, empty: str = "") -> str:
    """A date as the forms take it back (2023-11-30, 2023-11, 2023, --11-30)."""
    return value.iso() if value else empty


def moment_text(stamp: str | None) -> str:
    """A stored timestamp ("2026-12-02T13:41:02+00:00") in words in the reader's
    language, in UTC and saying so: "December 2, 2026, 1:41 PM UTC", «2 декабря 2026 г.,
    13:41 UTC» (CLDR's long date and short time, joined as the language joins them). The
    database keeps UTC; a reader's own time zone is not known to us. A value that is not
    a timestamp is shown as it is."""
    moment = _parse_moment(stamp)
    if moment is None:
        return stamp or ""
    language = current_language()
    words = str(get_datetime_format("long", locale=language)).format(
        format_time(moment, "short", tzinfo=UTC, locale=language),
        format_date(moment, "long", locale=language),
    )
    return gettext("%(moment)s UTC") % {"moment": words}


def moment_filter(stamp: str | None) -> Markup:
    """`moment_text` in a <time> element that keeps the machine value."""
    moment = _parse_moment(stamp)
    if moment is None:
        return escape(stamp or "")
    return Markup('<time datetime="{}">{}</time>').format(moment.isoformat(), moment_text(stamp))


def _parse_moment(stamp: str | None) -> datetime | None:
    if not stamp:
        return None
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    # stored without an offset: written by us, in UTC
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


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


# The characters that set or override the direction of the text after them. In a quote
# they could make a statement read differently from what the document says (an override
# reverses the words that follow): shown as a badge instead, and applied to nothing.
BIDI_CONTROLS = {
    "\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF", "\u202d": "LRO", "\u202e": "RLO",
    "\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI",
    "\u200e": "LRM", "\u200f": "RLM", "\u061c": "ALM",
}  # fmt: skip
_BIDI_CONTROL = re.compile("[" + "".join(BIDI_CONTROLS) + "]")


def _bidi_badge(found: re.Match[str]) -> str:
    char = found.group()
    # The Unicode name stays as the standard writes it (it is what one searches for).
    described = f"U+{ord(char):04X} {unicodedata.name(char)}"
    title = gettext("%(character)s: a direction control in the text, shown and not applied")
    # The character stays in the page (offsets and copied text are the document's own),
    # alone inside an isolating <bdi>: whatever it opens ends with the element, so it
    # reorders nothing around it. The stylesheet shows its short name (data-name).
    return (
        f'<bdi class="bidi-control" dir="ltr" data-name="{BIDI_CONTROLS[char]}"'
        f' title="{escape(title % {"character": described})}">'
        f"{char}</bdi>"
    )


def show_bidi(text: str | None) -> Markup:
    """Text from a document (a quote, a search excerpt, the text itself), escaped, with
    each bidirectional control character made visible and harmless."""
    escaped = str(escape(text or ""))
    return Markup(_BIDI_CONTROL.sub(_bidi_badge, escaped))  # noqa: S704 (escaped above)


def snippet(text: str) -> Markup:
    """An FTS5 excerpt with \\x02 / \\x03 around matches: shown as `show_bidi` shows
    text, the matches in <mark>."""
    shown = str(show_bidi(text)).replace("\x02", "<mark>").replace("\x03", "</mark>")
    return Markup(shown)  # noqa: S704 (escaped by show_bidi)


FILTERS: dict[str, Any] = {
    "snippet": snippet,
    "bidi": show_bidi,
    "field_value": field_value,
    "date": date_filter,
    "iso": iso_filter,
    "moment": moment_filter,
    "period": period_words,
    "moment_text": moment_text,
    "term": term_in_words,
    "term_kind": term_kind_in_words,
    "sentence": sentence_in_words,
    "label": label,
    "designation": designation,
    "number": number,
    "decimal2": two_decimals,
    "language_name": language_name,
}


def environment(folder: Path) -> jinja2.Environment:
    """A Jinja2 environment over `folder` as every page of casefile is written: escaped,
    strict about missing values, these filters, and gettext in the request's language
    (the callables read casefile.i18n's current language each time they are called).
    The web app, the reports and the public site each add their own globals."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        extensions=["jinja2.ext.i18n"],
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    env.install_gettext_callables(  # type: ignore[attr-defined]  # added by the extension
        i18n.gettext, i18n.ngettext, newstyle=True, pgettext=i18n.pgettext,
        npgettext=i18n.npgettext,
    )
    env.globals.update(current_language=i18n.current_language)
    return env
