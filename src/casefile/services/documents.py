"""Documents: listing them, showing one with its facts located in the text, and adding
one (an upload or pasted text) through the same `casefile.ingest` path as the CLI."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import PurePath
from typing import TYPE_CHECKING

from casefile.extract.pipeline import Pipeline
from casefile.i18n import Msg, gettext, ngettext
from casefile.ingest import (
    Metadata,
    Outcome,
    default_title,
    extract_only,
    ingest,
    reextract_document,
)
from casefile.model import Document, PartialDate
from casefile.services.access import (
    DEFAULT_LEVEL,
    FULL,
    Viewer,
    check_document,
    level_name,
    parse_level,
)
from casefile.services.cases import refresh_case_records
from casefile.services.classification import classify_new
from casefile.services.errors import (
    InvalidInput,
    NotFound,
    TooLarge,
    UnsupportedMediaType,
)
from casefile.services.masking import Pseudonyms, apply
from casefile.services.paging import Page, bounds
from casefile.services.visibility import events_as_seen, sees_document
from casefile.sources import MAX_BYTES, MEDIA_TYPES, SUPPORTED_SUFFIXES, describe, read_bytes
from casefile.store.base import DocumentInfo, Store, StoredEvent, StoredStatistic
from casefile.store.base_documents import Withdrawal

if TYPE_CHECKING:
    from casefile.services.scans import ScanSummary

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
    access: str = "confidential"  # the document's level
    published_from: str = ""  # where the publication date came from, in words
    # Set when an admin looks at a withdrawn document: its facts are withdrawn with it.
    withdrawal: Withdrawal | None = None
    scan: ScanSummary | None = None  # what OCR read, for a scanned document


def list_documents(
    store: Store, page: int = 1, size: int = 25, *, viewer: Viewer = FULL
) -> Page[DocumentInfo]:
    limit, offset = bounds(page, size)
    total, items = store.list_documents(limit, offset, viewer.level)
    names = Pseudonyms(store, viewer)
    if names.index is not None:
        items = [replace(d, title=names.label(d.title), publisher=names.label(d.publisher),
                         source_name=names.label(d.source_name)) for d in items]  # fmt: skip
    return Page(items=items, total=total, number=page, size=size)


def check_sha256(sha256: str) -> str:
    if not _SHA256.match(sha256):
        raise NotFound(Msg(
            "no document %(sha256)s: a document id is 64 hex digits",
            sha256=repr(sha256[:64]),
        ))
    return sha256


def document_view(store: Store, sha256: str, *, viewer: Viewer = FULL) -> DocumentView:
    """The document with the facts `viewer` may see; NotFound if they may not see it.
    Protected persons' names are replaced in the text they are shown (the segments
    keep the stored offsets, which the add-fact form relies on). A withdrawn document
    exists for admins cleared for it alone, with no facts (services.document_changes)."""
    withdrawal = None
    try:
        level = check_document(store, viewer, check_sha256(sha256))
    except NotFound:
        withdrawal = _withdrawn(store, viewer, sha256)
        if withdrawal is None:
            raise
        level = withdrawal.previous_level
    document = store.get_document(sha256)
    if document is None:
        raise NotFound(Msg("no document %(sha256)s", sha256=sha256[:12]))
    names = Pseudonyms(store, viewer)
    events = names.events(events_as_seen(store, viewer.level,
                                         store.document_events(sha256, viewer.level)))
    statistics = [names.statistic(s) for s in store.document_statistics(sha256, viewer.level)]
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
    # A protected person's own events mask his words alone in their evidence, here as
    # in their quotes.
    masks = names.document_spans(document.text, sha256)
    cut = segments(document.text, standing, masks)  # stored offsets, masked runs
    return DocumentView(_masked_document(names, document, masks), events, statistics, cut,
                        level_name(level), published_from(document), withdrawal,
                        _scan(store, sha256, viewer, withdrawal))  # fmt: skip


def _scan(store: Store, sha256: str, viewer: Viewer,
          withdrawal: Withdrawal | None) -> ScanSummary | None:  # fmt: skip
    from casefile.services.scans import scan_summary  # it builds on this module

    if withdrawal is not None:  # its pages are withdrawn with it, as its original is
        return None
    return scan_summary(store, sha256, viewer)


def _withdrawn(store: Store, viewer: Viewer, sha256: str) -> Withdrawal | None:
    from casefile.services.document_changes import withdrawn  # it builds on this module

    return withdrawn(store, viewer, sha256)


def published_from(document: Document) -> str:
    """Where the document's publication date came from, in words ("" when it has no
    date, or was stored before casefile kept the date's source)."""
    return describe(document.published_source) if document.published else ""


def _masked_document(
    names: Pseudonyms, document: Document, masks: Sequence[tuple[int, int, str]]
) -> Document:
    """The document as a viewer who may not see protected names is shown it: its text,
    and what names it outside the text (file name, title, publisher, address)."""
    if names.index is None:
        return document
    return replace(document, text=apply(document.text, masks),
                   title=names.label(document.title), publisher=names.label(document.publisher),
                   source_name=names.label(document.source_name),
                   url=names.label(document.url))  # fmt: skip


def original(store: Store, sha256: str, viewer: Viewer) -> bytes:
    """The bytes as received (see `check_raw_bytes`)."""
    check_raw_bytes(store, sha256, viewer)
    return store.get_original(sha256) or b""


def check_raw_bytes(store: Store, sha256: str, viewer: Viewer) -> None:
    """NotFound unless `viewer` may have the document's bytes as received (its original,
    its page images). They cannot be pseudonymised, so a viewer who may not see
    protected persons' names gets them only for a document naming none (else: not
    found, as for a missing document)."""
    check_document(store, viewer, check_sha256(sha256))
    document = store.get_document(sha256)
    if document is None:
        raise NotFound(Msg("no document %(sha256)s", sha256=sha256[:12]))
    names = Pseudonyms(store, viewer)
    labels = (document.title, document.publisher, document.source_name, document.url)
    if names.spans(document.text) or any(names.spans(x, any_case=True) for x in labels if x):
        # Not 403: that would tell that the document names a protected person.
        raise NotFound(Msg("no document %(sha256)s", sha256=sha256[:12]))


def titles_of(store: Store, sha256s: Iterable[str], viewer: Viewer) -> dict[str, str]:
    """Each document's title for a link, as `viewer` may see it (each document read
    once, however many facts cite it)."""
    names = Pseudonyms(store, viewer)
    titles = {}
    for sha256 in set(sha256s):
        doc = store.get_document(sha256)
        label = names.label(doc.title or default_title(doc.source_name)) if doc else None
        titles[sha256] = label or sha256[:12]
    return titles


def segments(
    text: str, highlights: list[Highlight], masks: Sequence[tuple[int, int, str]] = ()
) -> list[Segment]:
    """The text cut at every highlight boundary; overlapping facts share runs. A masked
    name (start, end, replacement) is cut out too: its first run shows the replacement,
    any further run of it nothing. A highlight never ends inside a mask: it is widened
    to the whole mask (where a quote starts inside a name would tell its words)."""
    spans = [_around_masks(h, masks) for h in highlights if 0 <= h.start < h.end <= len(text)]
    cuts = sorted({0, len(text), *(h.start for h in spans), *(h.end for h in spans),
                   *(m[0] for m in masks), *(m[1] for m in masks)})  # fmt: skip
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = tuple(h for h in spans if h.start <= a and b <= h.end)
        piece = text[a:b]
        for start, end, replacement in masks:
            if start <= a and b <= end:
                piece = replacement if a == start else ""
                break
        out.append(Segment(start=a, text=piece, facts=covering))
    return out


def _around_masks(highlight: Highlight, masks: Sequence[tuple[int, int, str]]) -> Highlight:
    start, end = highlight.start, highlight.end
    for mask_start, mask_end, _ in masks:
        if mask_start < start < mask_end:
            start = mask_start
        if mask_start < end < mask_end:
            end = mask_end
    return replace(highlight, start=start, end=end)


def set_published(
    store: Store,
    viewer: Viewer,
    sha256: str,
    raw: str,
    pipeline: PipelineSource | None = None,
) -> PartialDate | None:
    """An editor's correction of a document's publication date ("": none is known),
    audited; it wins over any date found or given at ingest from then on. With a
    `pipeline`, the document's unreviewed facts are extracted again, so that year-less
    and relative dates follow the new date (reviewed facts keep theirs)."""
    check_document(store, viewer, check_sha256(sha256))
    published = parse_published(raw)
    store.set_document_published(sha256, published, viewer.name,
                                 datetime.now(UTC).isoformat(timespec="seconds"))  # fmt: skip
    document = store.get_document(sha256)
    if pipeline is not None and document is not None:
        loaded = pipeline if isinstance(pipeline, Pipeline) else pipeline()
        outcome = reextract_document(store, loaded, document, viewer.name)
        if outcome.error:
            raise InvalidInput(outcome.error)
        refresh_case_records(store)
    return published


def parse_metadata(
    *,
    title: str = "",
    publisher: str = "",
    url: str = "",
    published: str = "",
    language: str = "",
) -> Metadata:
    """Metadata from form strings; empty means "find out" (title, language)."""
    published_date = parse_published(published)
    language = language.strip().lower()
    if language and not _LANGUAGE.match(language):
        raise InvalidInput(Msg(
            "language: a two-letter ISO 639-1 code such as en, not %(language)s",
            language=repr(language),
        ))
    url = url.strip()
    # Shown as a link later: only web addresses, never javascript: or data: URLs.
    if url and not re.match(r"^https?://[^\s]+$", url, re.I):
        raise InvalidInput(Msg(
            "url: an http:// or https:// address, not %(url)s",
            url=repr(url[:80]),
        ))
    return Metadata(
        published=published_date,
        language=language or None,
        publisher=" ".join(publisher.split())[:300] or None,
        url=url[:2000] or None,
        title=" ".join(title.split())[:500] or None,
    )


def parse_published(raw: str) -> PartialDate | None:
    """A publication date typed by a user; "" is none."""
    if not raw.strip():
        return None
    try:
        return PartialDate.parse(raw)
    except ValueError as err:
        raise InvalidInput(Msg("published: %(err)s", err=err)) from None


# A pipeline, or a function loading it once the input is known to be worth it.
PipelineSource = Pipeline | Callable[[], Pipeline]


def add_upload(
    store: Store,
    pipeline: PipelineSource,
    data: bytes,
    filename: str | None,
    content_type: str | None,
    metadata: Metadata,
    *,
    viewer: Viewer = FULL,
    access_level: str = "",
) -> Outcome:
    """Ingest an uploaded file; its format comes from the file name, else the declared
    content type, else the bytes. `pipeline` is asked for only once the input is known
    to be readable (loading it takes seconds: an empty upload must not cost that)."""
    name = PurePath(filename or "upload").name or "upload"
    media_type = _media_type(name, content_type)
    return _ingest(store, pipeline, data, name, media_type, metadata, viewer, access_level)


def add_text(
    store: Store,
    pipeline: PipelineSource,
    text: str,
    metadata: Metadata,
    *,
    viewer: Viewer = FULL,
    access_level: str = "",
) -> Outcome:
    if not text.strip():
        raise InvalidInput(Msg("text: paste the document's text, or choose a file"))
    data = text.encode("utf-8")
    return _ingest(store, pipeline, data, PASTED_TEXT, "text/plain", metadata, viewer,
                   access_level)  # fmt: skip


def _ingest(
    store: Store,
    pipeline: PipelineSource,
    data: bytes,
    name: str,
    media_type: str | None,
    metadata: Metadata,
    viewer: Viewer,
    access_level: str,
) -> Outcome:
    """Store the document (confidential until classified) and give it `access_level` if
    it is new (see `classify_ingested`).

    A document that already exists above the uploader's clearance is neither changed
    nor admitted to: no re-extraction, no metadata filled in, no level changed, and the
    answer is the one a new document gets (its own bytes' facts counted, `new`), so
    that uploading a copy is not a way to learn that a confidential document exists.
    What the uploader then sees is what they see of any upload stored above their
    clearance: nothing (the form sends them to the document list)."""
    if access_level.strip():
        parse_level(access_level)  # refuse before the seconds of extraction
    if len(data) > MAX_BYTES:
        raise TooLarge(Msg(
            "%(name)s: too large (%(count)s bytes; the limit is %(MAX_BYTES)s)",
            name=name, count=len(data), MAX_BYTES=MAX_BYTES,
        ))
    source = read_bytes(data, name, media_type)  # SourceError: empty, corrupt, binary
    loaded = pipeline if isinstance(pipeline, Pipeline) else pipeline()
    if store.has_document(source.sha256) and not sees_document(store, viewer, source.sha256):
        # Admins are told (`casefile audit log --record document:SHA256`) that someone
        # holds a copy; the uploader is not: the entry names no content, and the answer
        # is a new upload's.
        store.record_hidden_copy(viewer.name, source.sha256, {
            "uploader_clearance": viewer.clearance, "bytes": len(data)},
            datetime.now(UTC).isoformat(timespec="seconds"))  # fmt: skip
        return extract_only(source, loaded, metadata)
    outcome = next(iter(ingest([source], store, loaded, metadata, viewer.name)))
    if outcome.error:
        raise InvalidInput(outcome.error)
    outcome = classify_ingested(store, viewer, outcome, access_level)
    refresh_case_records(store)
    return outcome


def reextraction_note(raw: str) -> str:
    """"added.changed.removed" (the add-document form's landing after a re-upload) in
    words; "" for anything else."""
    match = re.fullmatch(r"(\d{1,6})\.(\d{1,6})\.(\d{1,6})", raw)
    if match is None:
        return ""
    added, changed, removed = (int(g) for g in match.groups())
    parts = [
        ngettext("%(num)d fact added", "%(num)d facts added", added) % {"num": added},
        ngettext("%(num)d fact changed", "%(num)d facts changed", changed) % {"num": changed},
        ngettext("%(num)d fact removed", "%(num)d facts removed", removed) % {"num": removed},
    ]
    said = [part for n, part in zip((added, changed, removed), parts, strict=True) if n]
    return ", ".join(said) or gettext("no fact changed")


def reextraction_query(outcome: Outcome) -> str:
    """The landing's query for a document that was already stored ("" for a new one)."""
    if outcome.new:
        return ""
    return f"?reextracted={outcome.added}.{outcome.changed}.{outcome.removed}"


def landing_after_upload(viewer: Viewer, sha256: str, raw_level: str) -> str:
    """Where the add-document form sends its user: the document's page if the level they
    asked for is one they may see, else the list. Decided by the request alone, never by
    what the store holds, so that an upload of a copy of a document above the uploader's
    clearance answers exactly as a new upload would (the copy's page is then "not
    found", as the API's is: one document cannot be at two levels)."""
    level = parse_level(raw_level) if raw_level.strip() else parse_level(DEFAULT_LEVEL)
    return f"/documents/{sha256}" if level <= viewer.level else "/documents"


def classify_ingested(store: Store, viewer: Viewer, outcome: Outcome, raw_level: str) -> Outcome:
    """Give a just-ingested document the level asked for at ingest, if it is new. A
    known document keeps its own: re-ingesting a folder with `--access public` must not
    quietly lower the confidential documents in it. Changing a level is its own audited
    act (`casefile access document`, the document's page); the outcome carries the kept
    level when it differs from the one asked for, so the user is told."""
    if not raw_level.strip() or not outcome.sha256 or outcome.error:
        return outcome
    if outcome.new:
        classify_new(store, viewer, outcome.sha256, raw_level)
        return outcome
    stored = store.document_level(outcome.sha256)
    if stored is not None and stored != parse_level(raw_level):
        return replace(outcome, level_kept=level_name(stored))
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
            Msg(
                "%(name)s: unsupported file type %(value)s (supported: %(supported)s)",
                name=name, value=repr(suffix or declared), supported=supported,
            )
        )
    return None  # no suffix and no useful type: sniff the bytes
