"""Ingest: sources -> documents -> extraction -> store, one transaction per document,
then linking: the document's persons joined to the cases they are one with."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path, PurePath

from casefile.extract.pipeline import Pipeline
from casefile.link.config import DEFAULT as DEFAULT_LINKING
from casefile.link.config import LinkConfig
from casefile.model import Document, Extraction, PageImage, PartialDate
from casefile.services.linking import link_persons
from casefile.sources import (
    SourceError,
    SourceText,
    dateline,
    detect_language,
    iter_source_paths,
    read_bytes,
    read_path,
)
from casefile.sources.ocr import LOW_CONFIDENCE, ocr_confidence
from casefile.store import Store


@dataclass(frozen=True)
class Metadata:
    """What the user says about the documents at ingest; None means "find out". A
    `published` given here wins over any date the document states (`GIVEN`)."""

    published: PartialDate | None = None
    language: str | None = None
    publisher: str | None = None
    url: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Outcome:
    source_name: str
    sha256: str | None = None
    new: bool = False
    language: str | None = None
    events: int = 0
    statistics: int = 0
    persons: int = 0
    linked: int = 0  # persons joined to an existing case
    proposed: int = 0  # possible links left for an analyst
    notice: str | None = None
    error: str | None = None  # one line, when the source could not be ingested
    # A known document's level, when it differs from the one asked for at ingest: that
    # level is for new documents only, so this one was kept (and the user is told).
    level_kept: str | None = None
    # A known document's machine facts compared with its previous extraction.
    added: int = 0
    changed: int = 0
    removed: int = 0
    # A withdrawn document (services.document_changes) is left as it is.
    withdrawn: bool = False
    # Why a file of a folder was not read as a document (services.folder_ingest).
    skipped: str | None = None
    # Pages read by OCR, and the mean confidence of their words (0-100).
    ocr_pages: int = 0
    ocr_confidence: float | None = None

    def changes(self) -> str:
        """What a re-extraction changed, in words."""
        parts = [f"{n} {'fact' if n == 1 else 'facts'} {what}" for n, what in (
            (self.added, "added"), (self.changed, "changed"), (self.removed, "removed")) if n]
        return ", ".join(parts) or "no fact changed"

    def summary(self) -> str:
        if self.skipped:
            return f"{self.source_name}: skipped ({self.skipped})"
        if self.error:
            return f"error: {self.error}"
        if self.withdrawn:
            short = (self.sha256 or "")[:12]
            return (f"{self.source_name}: withdrawn {short}, left as it is (restore it first:"
                    f" casefile document restore {short})")  # fmt: skip
        state = "stored" if self.new else f"already stored; re-extracted: {self.changes()}"
        short_id = (self.sha256 or "")[:12]
        line = (
            f"{self.source_name}: {state} [{self.language or '?'}] {short_id}"
            f" — {self.events} events, {self.persons} persons, {self.statistics} statistics"
        )
        if self.linked or self.proposed:
            line += f"; {self.linked} linked to existing cases, {self.proposed} links proposed"
        if self.level_kept:
            line += (f"; already stored at {self.level_kept}; level kept — use"
                     f" `casefile access document {short_id} LEVEL` to change it")  # fmt: skip
        if self.ocr_pages:
            line += f"; {self.ocr()}"
        return f"{line} ({self.notice})" if self.notice else line

    def ocr(self) -> str:
        """What OCR read, in words, with a warning when it was unsure."""
        pages = f"{self.ocr_pages} {'page' if self.ocr_pages == 1 else 'pages'}"
        if self.ocr_confidence is None:
            return f"read by OCR: {pages}, no word recognised"
        said = f"read by OCR: {pages}, confidence {self.ocr_confidence:.0f}"
        if self.ocr_confidence < LOW_CONFIDENCE:
            said += " (low: check quotes against the page images)"
        return said


GIVEN = "given"  # the publication date's source when the user gave it


def build_document(source: SourceText, metadata: Metadata) -> Document:
    """The document to store: what the user said at ingest first, then what the source
    said of itself (its publication date and where it stated it)."""
    published, published_source = metadata.published, GIVEN if metadata.published else None
    if published is None and source.published is not None:
        published, published_source = source.published.date, source.published.source
    return Document(
        sha256=source.sha256,
        text=source.text,
        title=metadata.title or source.title or default_title(source.source_name),
        publisher=metadata.publisher,
        url=metadata.url,
        published=published,
        published_source=published_source,
        language=metadata.language or detect_language(source.text),
        source_name=source.source_name,
        media_type=source.media_type,
        ingested_at=datetime.now(UTC),
    )


def default_title(source_name: str | None) -> str | None:
    """A document's title when neither the user nor the document gave one: its file's
    name, never the path it had on the machine that ingested it; none for pasted text
    or standard input ("<pasted text>", "<stdin>")."""
    if not source_name or source_name.startswith("<"):
        return None
    return PurePath(source_name.replace("\\", "/")).name or None


def document_from_text(text: str, metadata: Metadata, source_name: str = "<text>") -> Document:
    """A document straight from text already in hand (evaluation, tests, the API)."""
    source = SourceText(
        text=text,
        original=text.encode("utf-8"),
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        source_name=source_name,
        media_type="text/plain",
        title=None,
        published=None if metadata.published else dateline(text),
    )
    return build_document(source, metadata)


def read_sources(paths: Iterable[Path]) -> Iterator[SourceText | Outcome]:
    """Every readable source under `paths`; unreadable ones as error outcomes."""
    try:
        for path in iter_source_paths(paths):
            try:
                yield read_path(path)
            except SourceError as err:
                yield Outcome(source_name=str(path), error=str(err))
    except SourceError as err:
        yield Outcome(source_name="", error=str(err))


def ingest(
    sources: Iterable[SourceText | Outcome],
    store: Store,
    pipeline: Pipeline,
    metadata: Metadata = Metadata(),
    actor: str | None = None,
) -> Iterator[Outcome]:
    """Store each source with its extracted facts; yields one outcome per source.
    `actor` is who ingests, for the audit log (None: the system)."""
    for source in sources:
        if isinstance(source, Outcome):
            yield source
            continue
        document = build_document(source, metadata)
        stored = store.get_document(source.sha256)
        if stored is not None and store.withdrawal(source.sha256) is not None:
            yield Outcome(source.source_name, source.sha256, withdrawn=True)
            continue
        if stored is not None:
            document = as_stored(document, stored, metadata)
        extraction = pipeline(document)
        outcome = save(store, extraction, source.original, actor, source.pages or None,
                       pipeline.config.link)
        yield replace(outcome, ocr_pages=len(source.pages),
                      ocr_confidence=ocr_confidence(source.pages))  # fmt: skip


def as_stored(document: Document, stored: Document, metadata: Metadata) -> Document:
    """A document already stored is extracted again with what is known of it: its
    stored publication date (unless the user gives one now, and an editor's always)
    and language, as the store keeps them (`_put_document`), so that uploading the
    same file again does not move its year-less dates."""
    published, source = document.published, document.published_source
    edited = (stored.published_source or "").startswith("edited:")
    if edited or (metadata.published is None and stored.published is not None):
        published, source = stored.published, stored.published_source
    return replace(document, published=published, published_source=source,
                   language=metadata.language or stored.language or document.language)


def save(
    store: Store, extraction: Extraction, original: bytes, actor: str | None = None,
    pages: Sequence[PageImage] | None = None, linking: LinkConfig = DEFAULT_LINKING,
) -> Outcome:  # fmt: skip
    """`pages`: the page images OCR read, stored with the document (None: keep those
    stored, as a re-extraction of the stored text does). The document's persons are then
    linked with the thresholds of `linking` (the pipeline's: `[link]` of casefile.toml)."""
    result = store.save_extraction(extraction, original, actor, pages)
    linked = link_persons(store, result.person_ids, linking)
    return replace(
        _outcome(extraction, new=result.document_new),
        linked=len(linked.merged),
        proposed=linked.proposed,
        added=result.added,
        changed=result.changed,
        removed=result.removed,
    )


def extract_only(source: SourceText, pipeline: Pipeline, metadata: Metadata) -> Outcome:
    """What ingesting `source` as a new document would answer, with nothing stored: the
    facts counted are those of these bytes, as a new document's are. For an upload of a
    document that exists where its uploader may not see (services/documents.py)."""
    return _outcome(pipeline(build_document(source, metadata)), new=True)


def _outcome(extraction: Extraction, *, new: bool) -> Outcome:
    return Outcome(
        source_name=extraction.document.source_name or extraction.document.sha256[:12],
        sha256=extraction.document.sha256,
        new=new,
        language=extraction.document.language,
        events=len(extraction.events),
        statistics=len(extraction.statistics),
        persons=len(extraction.persons),
        notice=extraction.notice,
    )


def reextract(store: Store, pipeline: Pipeline, actor: str | None = None) -> Iterator[Outcome]:
    """Run the current extractor over every stored document, replacing unreviewed facts.
    A document stored without a publication date gets the one it states, if any.
    Withdrawn documents are left as they are (their persons are not linked to cases), and
    so are imported spreadsheets (migration 0023)."""
    for document in list(store.iter_documents()):
        if store.withdrawal(document.sha256) is not None:
            name = document.source_name or document.sha256[:12]
            yield Outcome(name, document.sha256, withdrawn=True)
            continue
        if store.imported_file(document.sha256) is not None:
            # A spreadsheet `casefile import` stored: its facts are its rows.
            yield Outcome(document.source_name or document.sha256[:12], document.sha256,
                          skipped="an imported spreadsheet: its facts are its rows")
            continue
        yield reextract_document(store, pipeline, document, actor)


def reextract_document(
    store: Store, pipeline: Pipeline, document: Document, actor: str | None = None
) -> Outcome:
    """Run the current extractor over one stored document (its reviewed facts kept)."""
    original = store.get_original(document.sha256)
    if original is None:
        name = document.source_name or document.sha256[:12]
        return Outcome(source_name=name, error=f"{name}: the original bytes are missing")
    if document.published is None and document.published_source is None:
        # Never decided (an editor's "no date known" has a source): look again.
        document = _with_found_date(document, original, bool(store.document_pages(document.sha256)))
    return save(store, pipeline(replace(document)), original, actor,
                linking=pipeline.config.link)


def _with_found_date(document: Document, original: bytes, scanned: bool) -> Document:
    """`document` with the publication date its original states (read again: what the
    readers find has grown since it was stored), or as it was. A scan's recognised text
    is the one stored: its dateline is looked for there, not by running OCR again."""
    if scanned:
        found = dateline(document.text)
    else:
        try:
            found = read_bytes(original, document.source_name or "<stored>",
                               document.media_type).published  # fmt: skip
        except SourceError:
            return document
    if found is None:
        return document
    return replace(document, published=found.date, published_source=found.source)
