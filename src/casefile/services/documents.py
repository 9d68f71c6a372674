"""Documents: listing them, showing one with its facts located in the text, and adding
one (an upload or pasted text) through the same `casefile.ingest` path as the CLI."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from casefile.extract.pipeline import Pipeline
from casefile.ingest import Metadata, Outcome, ingest
from casefile.model import Document, PartialDate
from casefile.services.cases import refresh_case_records
from casefile.services.errors import InvalidInput, NotFound, TooLarge, UnsupportedMediaType
from casefile.services.paging import Page, bounds
from casefile.sources import MAX_BYTES, MEDIA_TYPES, SUPPORTED_SUFFIXES, read_bytes
from casefile.store.base import DocumentInfo, Store, StoredEvent, StoredStatistic

PASTED_TEXT = "<pasted text>"
_LANGUAGE = re.compile(r"^[a-z]{2}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Highlight:
    """A fact's place in the text, for drawing it."""

    anchor: str  # "event-12": the id of the fact's details on the document page
    kind: str  # event type, or "statistic"
    start: int
    end: int
    review_status: str


@dataclass(frozen=True)
class Segment:
    """A run of text covered by the same facts; `primary` is the shortest of them, the
    one a click on the run should show."""

    start: int
    text: str
    facts: tuple[Highlight, ...] = ()

    @property
    def primary(self) -> Highlight | None:
        return min(self.facts, key=lambda h: (h.end - h.start, h.start)) if self.facts else None


@dataclass(frozen=True)
class DocumentView:
    document: Document
    events: list[StoredEvent]  # rejected ones included, shown as such
    statistics: list[StoredStatistic]
    segments: list[Segment]


def list_documents(store: Store, page: int = 1, size: int = 25) -> Page[DocumentInfo]:
    limit, offset = bounds(page, size)
    total, items = store.list_documents(limit, offset)
    return Page(items=items, total=total, number=page, size=size)


def check_sha256(sha256: str) -> str:
    if not _SHA256.match(sha256):
        raise NotFound(f"no document {sha256[:64]!r}: a document id is 64 hex digits")
    return sha256


def document_view(store: Store, sha256: str) -> DocumentView:
    document = store.get_document(check_sha256(sha256))
    if document is None:
        raise NotFound(f"no document {sha256[:12]}")
    events = store.document_events(sha256)
    statistics = store.document_statistics(sha256)
    highlights = [
        *(
            Highlight(f"event-{e.id}", e.event.type, e.event.evidence.start,
                      e.event.evidence.end, e.review_status)
            for e in events
        ),
        *(
            Highlight(f"statistic-{s.id}", "statistic", s.statistic.evidence.start,
                      s.statistic.evidence.end, s.review_status)
            for s in statistics
        ),
    ]  # fmt: skip
    standing = [h for h in highlights if h.review_status != "rejected"]
    return DocumentView(document, events, statistics, segments(document.text, standing))


def segments(text: str, highlights: list[Highlight]) -> list[Segment]:
    """The text cut at every highlight boundary; overlapping facts share runs."""
    spans = [h for h in highlights if 0 <= h.start < h.end <= len(text)]
    cuts = sorted({0, len(text), *(h.start for h in spans), *(h.end for h in spans)})
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = tuple(h for h in spans if h.start <= a and b <= h.end)
        out.append(Segment(start=a, text=text[a:b], facts=covering))
    return out


def parse_metadata(
    *,
    title: str = "",
    publisher: str = "",
    url: str = "",
    published: str = "",
    language: str = "",
) -> Metadata:
    """Metadata from form strings; empty means "find out" (title, language)."""
    published_date: PartialDate | None = None
    if published.strip():
        try:
            published_date = PartialDate.parse(published)
        except ValueError as err:
            raise InvalidInput(f"published: {err}") from None
    language = language.strip().lower()
    if language and not _LANGUAGE.match(language):
        raise InvalidInput(f"language: a two-letter ISO 639-1 code such as en, not {language!r}")
    url = url.strip()
    # Shown as a link later: only web addresses, never javascript: or data: URLs.
    if url and not re.match(r"^https?://[^\s]+$", url, re.I):
        raise InvalidInput(f"url: an http:// or https:// address, not {url[:80]!r}")
    return Metadata(
        published=published_date,
        language=language or None,
        publisher=" ".join(publisher.split())[:300] or None,
        url=url[:2000] or None,
        title=" ".join(title.split())[:500] or None,
    )


PipelineSource = Callable[[], Pipeline]


def add_upload(
    store: Store,
    pipeline: PipelineSource,
    data: bytes,
    filename: str | None,
    content_type: str | None,
    metadata: Metadata,
) -> Outcome:
    """Ingest an uploaded file; its format comes from the file name, else the declared
    content type, else the bytes. `pipeline` is asked for only once the input is known
    to be readable (loading it takes seconds: an empty upload must not cost that)."""
    name = PurePath(filename or "upload").name or "upload"
    return _ingest(store, pipeline, data, name, _media_type(name, content_type), metadata)


def add_text(store: Store, pipeline: PipelineSource, text: str, metadata: Metadata) -> Outcome:
    if not text.strip():
        raise InvalidInput("text: paste the document's text, or choose a file")
    data = text.encode("utf-8")
    return _ingest(store, pipeline, data, PASTED_TEXT, "text/plain", metadata)


def _ingest(
    store: Store,
    pipeline: PipelineSource,
    data: bytes,
    name: str,
    media_type: str | None,
    metadata: Metadata,
) -> Outcome:
    if len(data) > MAX_BYTES:
        raise TooLarge(f"{name}: too large ({len(data)} bytes; the limit is {MAX_BYTES})")
    source = read_bytes(data, name, media_type)  # SourceError: empty, corrupt, binary
    outcome = next(iter(ingest([source], store, pipeline(), metadata)))
    if outcome.error:
        raise InvalidInput(outcome.error)
    refresh_case_records(store)
    return outcome


def _media_type(name: str, content_type: str | None) -> str | None:
    suffix = PurePath(name).suffix.lower()
    if suffix in SUPPORTED_SUFFIXES:
        return SUPPORTED_SUFFIXES[suffix]
    declared = (content_type or "").split(";")[0].strip().lower()
    if declared in MEDIA_TYPES:
        return declared
    if suffix or declared not in ("", "application/octet-stream"):
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise UnsupportedMediaType(
            f"{name}: unsupported file type {suffix or declared!r} (supported: {supported})"
        )
    return None  # no suffix and no useful type: sniff the bytes
