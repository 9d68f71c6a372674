"""The domain model: plain typed dataclasses, no I/O.

Every extracted fact (event, statistic, role) carries `Evidence`: the character span
of the document text that states it, so `document.text[start:end] == quote` always.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Literal

from casefile.i18n import Msg

EVENT_TYPES: tuple[str, ...] = (
    "arrest",
    "search",
    "investigation",
    "charge",
    "trial",
    "conviction",
    "sentence",
    "acquittal",
    "appeal",
    "release",
    "fine",
    "restriction",
    "ill_treatment",
    "harassment",
    "disappearance",
    "death",
    "designation",
)

TERM_KINDS: tuple[str, ...] = (
    "prison",
    "restricted_freedom",
    "suspended",
    "administrative_detention",
    "fine",
    "death",
    "life",
    "other",
)

ROLES: tuple[str, ...] = (
    "activist",
    "journalist",
    "blogger",
    "human_rights_defender",
    "lawyer",
    "politician",
    "opposition_member",
    "religious_believer",
    "academic",
    "artist",
    "athlete",
    "student",
    "trade_unionist",
    "civil_servant",
    "relative",
    "other",
)

ParticipantKind = Literal["person", "organisation"]


class Precision(StrEnum):
    """How much of a date the text supports."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    MONTH_DAY = "month_day"  # a day of a month whose year nothing settles: "--11-30"


_ISO_PARTIAL = re.compile(r"^(?:(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?|--(\d{2})-(\d{2}))$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """An ISO 8601 date at the precision the text supports: 2023-11-30, 2023-11, 2023, --11-30."""

    year: int | None
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.year is None and (self.month is None or self.day is None):
            raise ValueError(Msg("a date without a year needs a month and a day"))
        if self.day is not None and self.month is None:
            raise ValueError(Msg("a day needs a month"))
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(Msg("month out of range: %(month)s", month=self.month))
        if self.day is not None and not 1 <= self.day <= 31:
            raise ValueError(Msg("day out of range: %(day)s", day=self.day))

    @property
    def precision(self) -> Precision:
        if self.year is None:
            return Precision.MONTH_DAY
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    def sort_key(self) -> tuple[int, int, int]:
        """Year, month, day, a missing part as 0: sorts a partial date before the full
        dates it covers (a year-less date first of all)."""
        return (self.year or 0, self.month or 0, self.day or 0)

    def iso(self) -> str:
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        out = f"{self.year:04d}"
        if self.month is not None:
            out += f"-{self.month:02d}"
            if self.day is not None:
                out += f"-{self.day:02d}"
        return out

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse an ISO partial date; raises ValueError with a readable message."""
        m = _ISO_PARTIAL.match(text.strip())
        if not m:
            raise ValueError(Msg("not an ISO date (YYYY, YYYY-MM, YYYY-MM-DD or --MM-DD): %(text)s",
                                 text=repr(text)))
        year, month, day, ymonth, yday = m.groups()
        if ymonth:
            return cls(None, int(ymonth), int(yday))
        return cls(int(year), int(month) if month else None, int(day) if day else None)

    def __str__(self) -> str:
        return self.iso()


@dataclass(frozen=True)
class Evidence:
    """Where a fact is stated: a span of the document text."""

    document_id: str  # the document's sha256
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class Provenance:
    """Who (which extractor, or which analyst) asserted a fact, and how sure."""

    extractor: str
    version: str
    confidence: float = 1.0


@dataclass
class Document:
    sha256: str  # of the original bytes: the document's identity
    text: str
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: PartialDate | None = None
    # Where `published` came from: "given", "edited:NAME", "html:meta ...", "text:dateline",
    # "pdf:CreationDate", ... (casefile.sources.published); None if unknown or no date.
    published_source: str | None = None
    language: str | None = None
    source_name: str | None = None  # file name or "<stdin>"
    media_type: str | None = None
    ingested_at: datetime | None = None


@dataclass(frozen=True)
class PageImage:
    """A page of a scanned document as it was recognised (OCR): the image kept with the
    document, how sure the recogniser was of its words, and where its words are in the
    document's text (`text[start:end]`; start == end when it found none)."""

    page: int  # 1-based: the page of the original PDF, or the frame of the image file
    png: bytes
    width: int
    height: int
    confidence: float | None  # the mean of its words' confidences, 0-100; None: no words
    words: int
    start: int
    end: int
    engine: str  # what recognised it, e.g. "tesseract 5.3.0 eng" (the languages it read)


@dataclass
class Person:
    name: str
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    country: str | None = None  # ISO 3166-1 alpha-2 of the persecuting state
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Organisation:
    name: str
    aliases: list[str] = field(default_factory=list)  # acronyms such as DCK
    kind: str | None = None  # movement, party, court, ministry, ...
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Event:
    type: str  # one of EVENT_TYPES
    participant: str
    evidence: Evidence
    provenance: Provenance
    participant_kind: ParticipantKind = "person"
    date: PartialDate | None = None
    agent: str | None = None  # who acted: a court, the police, the FSB
    place: str | None = None
    term: str | None = None  # ISO 8601 duration, sentences only
    term_kind: str | None = None  # one of TERM_KINDS, sentences only
    charges: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)  # "Article 405 of the Criminal Code"
    label: str | None = None  # designation word: extremist, terrorist, ...
    # the date comes from the context (paragraph, story before, lede), not the event's words
    date_inferred: bool = False

    def __post_init__(self) -> None:
        if self.type not in EVENT_TYPES:
            raise ValueError(f"unknown event type: {self.type!r}")
        if self.term_kind is not None and self.term_kind not in TERM_KINDS:
            raise ValueError(f"unknown term kind: {self.term_kind!r}")


@dataclass
class Statistic:
    """A count of unnamed people the text asserts: "eight persons have been convicted"."""

    count: int
    what: str
    evidence: Evidence
    provenance: Provenance
    period: str | None = None


@dataclass
class Extraction:
    """Everything the pipeline found in one document."""

    document: Document
    persons: list[Person] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    statistics: list[Statistic] = field(default_factory=list)
    notice: str | None = None  # e.g. "extraction for language 'ru' is not yet available"
    # Events the event model scored just below its threshold: not facts, but questions for
    # an analyst (stored apart, shown only in the review queue's "possible facts").
    possible_events: list[Event] = field(default_factory=list)
