"""A document's publication date as the document itself states it, and where it said so.

Year-less and relative dates in the text ("on 3 May", "last Tuesday") are resolved
against the publication date, so a document ingested without one dates events years
off. What is found here is only ever a default: a date given at ingest (`--published`,
the form, the API) or set later by an editor always wins (see `casefile.ingest`).

Where a date is looked for, most trusted first:

1. HTML metadata: the page's own meta tags (`article:published_time`, `datePublished`,
   Dublin Core ...), JSON-LD and `<time>`, read by htmldate (trafilatura's date finder)
   asking for the original date, not the last update, and never from the running text.
   A page's metadata is written to say when the page was published.
2. A dateline at the top of the text: "12 March 2024 —", "MOSCOW, March 12, 2024
   (Reuters) -", "Published: 12.03.2024", "12 марта 2024 года" on a line of its own. Only
   the first few lines, only a full date with a year, and only in a dateline's shape: a
   date inside a sentence ("was detained on 12 March 2024") is an event's, not the
   document's. A Reuters-style "MOSCOW, March 12 (Reuters)" has no year and gives none.
3. File metadata of a PDF (`/CreationDate`, else XMP `xmp:CreateDate`) or a DOCX
   (`core.created`). These say when the FILE was made, which is often but not always when
   the text was published: a report printed to PDF years later, a DOCX saved from an old
   one (which keeps the old `created`). So they rank below a dateline the author wrote.
   Never a modification date (PDF `/ModDate`, DOCX `core.modified`, `lastPrinted`): that
   is the last save by whoever edited the file, after publication by definition.

Dates before 1990 or after today are refused wherever they come from: they are the
defaults of broken producers (1970-01-01, 1601, a clock set wrong), not publications.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from casefile.i18n import N_
from casefile.i18n import gettext as _
from casefile.model import PartialDate

_EARLIEST = date(1990, 1, 1)

# How far down the text a dateline may stand: past a title, a byline and a subtitle.
_DATELINE_LINES = 6
_DATELINE_LINE_CHARS = 200
# "12 March 2024 — The court ..." starts the story: only as the text's first or second
# line (after a title), where a chronology's first entry is less likely than a dateline.
_RUN_ON_LINES = 2


@dataclass(frozen=True)
class FoundDate:
    """A publication date and where it was found ("html:meta article:published_time",
    "pdf:CreationDate", "text:dateline", ...)."""

    date: PartialDate
    source: str


def plausible(found: date) -> bool:
    return _EARLIEST <= found <= datetime.now(UTC).date()


def from_datetime(moment: datetime | date | None, source: str) -> FoundDate | None:
    """A file's timestamp as a publication date, if it is a plausible one."""
    if moment is None:
        return None
    day = moment.date() if isinstance(moment, datetime) else moment
    if not plausible(day):
        return None
    return FoundDate(PartialDate(day.year, day.month, day.day), source)


def from_iso(text: str | None, source: str) -> FoundDate | None:
    """"2024-03-12" (or a longer ISO timestamp) as a publication date, if plausible."""
    if not text:
        return None
    try:
        day = date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None
    return from_datetime(day, source)


# The line before the date: nothing, a label, a weekday, or a place in capitals.
_LABEL = (
    r"(?:published(?:\s+on)?|posted(?:\s+on)?|dated?|issued(?:\s+on)?|"
    r"опубликовано|дата(?:\s+публикации)?|размещено)\s*:?"
)
_WEEKDAY = (
    r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6}\.?,?|"
    r"(?:понедельник|вторник|среда|четверг|пятница|суббота|воскресенье|пн|вт|ср|чт|пт|сб|вс),?"
)
_BEFORE = re.compile(rf"^\s*(?:{_LABEL})?\s*(?:{_WEEKDAY})?\s*$", re.I)
# Case-sensitive: a place in capitals ("VIENNA, ", "KYIV (Ukraine), ", "GENEVA (").
_PLACE = r"[A-ZА-ЯЁ][A-ZА-ЯЁ .'’/-]{1,40}(?:\s*\([^()\n]{1,40}\))?"
_BEFORE_PLACE = re.compile(rf"^\s*{_PLACE}\s*(?:,|\()\s*$")
# After the date: "года" / "г.", a time, an agency in brackets, then the end of the line
# or a dash that starts the story.
_TAIL = (
    r"\)?\s*(?:года|г\.)?\s*,?\s*(?:(?:at\s+|в\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?"
    r"(?:\s*\(?[A-Z]{2,5}\)?)?)?\s*(?:\([^()\n]{1,40}\))?\s*"
)
_AFTER_END = re.compile(rf"^{_TAIL}[.|]?\s*$", re.I)
_AFTER_DASH = re.compile(rf"^{_TAIL}(?:[—–]|--?)\s*\S", re.I)
_CYRILLIC = re.compile(r"[а-яё]", re.I)


def dateline(text: str) -> FoundDate | None:
    """The publication date a dateline at the top of `text` states, or None."""
    from casefile.extract.dates import find_dates  # the extractor's own date grammar

    lines = [line for line in text.split("\n", 40)[:40] if line.strip()][:_DATELINE_LINES]
    for index, line in enumerate(lines):
        line = line.strip()
        if len(line) > _DATELINE_LINE_CHARS and index >= _RUN_ON_LINES:
            continue
        head = line[:_DATELINE_LINE_CHARS]
        language = "ru" if _CYRILLIC.search(head) else "en"
        for mention in find_dates(head, None, language):
            found = mention.date
            if mention.relative or found is None or found.precision != "day":
                continue
            if found.year is None or found.month is None or found.day is None:
                continue
            before, after = head[: mention.start], head[mention.end :]
            if not (_BEFORE.match(before) or _BEFORE_PLACE.match(before)):
                continue
            ends_line = bool(_AFTER_END.match(after)) and len(line) <= _DATELINE_LINE_CHARS
            starts_story = bool(_AFTER_DASH.match(after)) and index < _RUN_ON_LINES
            if not (ends_line or starts_story):
                continue
            try:
                day = date(found.year, found.month, found.day)
            except ValueError:
                continue
            if plausible(day):
                return FoundDate(found, "text:dateline")
    return None


_FROM_META = N_("from the page's meta tags")
_FROM_HTML = {
    "time": N_("from the page's <time> element"),
    "json-ld": N_("from the page's structured data"),
    "htmldate": N_("from the page's markup"),
}


def describe(source: str | None) -> str:
    """Where a publication date came from, in words for the document page (in the
    interface's language, casefile.i18n)."""
    if not source:
        return ""
    kind, _colon, detail = source.partition(":")
    if kind == "given":
        return _("given at ingest")
    if kind == "edited":
        return _("set by %(who)s") % {"who": detail} if detail else _("set by an editor")
    if kind == "html":
        return _(_FROM_HTML.get(detail, _FROM_META))
    if kind == "pdf":
        return _("from the PDF's metadata (%(field)s: when the file was made)") % {"field": detail}
    if kind == "docx":
        return (_("from the Word file's properties (%(field)s: when the file was made)")
                % {"field": detail})  # fmt: skip
    if kind == "text":
        return _("from the dateline at the top of the text")
    return _("from %(source)s") % {"source": source}
