"""Exports with provenance: every fact says which document, which span, who asserted it
and whether a person has reviewed it.

- json: one object ``{"casefile_export": 1, "documents": [...], "persons": [...],
  "organisations": [...], "events": [...], "statistics": [...]}``. Documents include
  their text, so every quote can be checked against ``text[start:end]`` from the file
  alone; the original bytes are left out (they stay in the store, keyed by sha256).
- jsonl: the same records, one per line, each with a ``"kind"`` field.
- csv: one row per event, for spreadsheets; lists are joined with ``"; "``. Each row
  also gives the address of the event's case page (``case_url``: relative, such as
  ``/cases/12``, unless a base URL is given) and of its source (``source_url``: the URL
  the document was published at, when known).

All three stream from the store's cursors; nothing is collected in memory first.
"""

from __future__ import annotations

import base64
import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Literal, TextIO, get_args

from casefile.model import Document, Evidence, Provenance
from casefile.store.base import (
    Store,
    StoredEvent,
    StoredOrganisation,
    StoredPerson,
    StoredStatistic,
)

ExportFormat = Literal["json", "jsonl", "csv"]
FORMATS: tuple[str, ...] = get_args(ExportFormat)
EXPORT_VERSION = 1

CSV_COLUMNS = (
    "event_id",
    "type",
    "person",
    "participant_as_written",
    "participant_kind",
    "document",
    "document_title",
    "date",
    "date_precision",
    "date_inferred",
    "agent",
    "place",
    "term",
    "term_kind",
    "charges",
    "articles",
    "label",
    "quote",
    "start",
    "end",
    "extractor",
    "extractor_version",
    "confidence",
    "review_status",
    "case_url",
    "source_url",
)


def export(
    store: Store, format: ExportFormat, out: TextIO, *, base_url: str = "",
    originals: bool = False,
) -> int:  # fmt: skip
    """Write the whole store to `out`; return the number of records (csv: events).
    `base_url` (csv): where the web application is served, for the case pages' links;
    `originals` (json, jsonl): each document's original bytes too (`original_base64`),
    so that an import elsewhere keeps its identity (sha256 of those bytes)."""
    tally = _Tally()
    for piece in pieces(store, format, tally, base_url=base_url, originals=originals):
        out.write(piece)
    return tally.records


class _Tally:
    records = 0


def pieces(
    store: Store, format: ExportFormat, tally: _Tally | None = None, *, base_url: str = "",
    originals: bool = False,
) -> Iterator[str]:
    """The export as pieces of text, a few hundred records each, for a response that
    streams; `tally` counts the records (csv: events)."""
    tally = tally or _Tally()
    if format == "json":
        return _json_pieces(store, tally, originals)
    if format == "jsonl":
        return _jsonl_pieces(store, tally, originals)
    if format == "csv":
        titles, urls = {}, {}
        for doc in store.iter_documents():
            titles[doc.sha256], urls[doc.sha256] = doc.title, doc.url
        return csv_pieces(store.iter_events(), titles.get, tally, source_url=urls.get,
                          base_url=base_url)  # fmt: skip
    raise ValueError(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")


PIECE = 500  # records a piece


def _sections(
    store: Store, originals: bool = False
) -> Iterator[tuple[str, str, Iterator[dict[str, Any]]]]:
    """(section name, record kind, records) in an order where references point back."""
    documents: Iterator[dict[str, Any]] = (_with_spreadsheet(store, document_record(d))
                                           for d in store.iter_documents())
    if originals:
        documents = (_with_original(store, d) for d in documents)
    yield "documents", "document", documents
    yield "organisations", "organisation", map(organisation_record, store.iter_organisations())
    yield "persons", "person", map(person_record, store.iter_persons())
    yield "events", "event", map(event_record, store.iter_events())
    yield "statistics", "statistic", map(statistic_record, store.iter_statistics())


def _dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False)


def _with_spreadsheet(store: Store, record: dict[str, Any]) -> dict[str, Any]:
    """A spreadsheet `casefile import` stored says so: its facts are its rows, and an
    import of this export marks it again (so that re-extraction leaves it alone)."""
    found = store.imported_file(record["sha256"])
    record["spreadsheet"] = None if found is None else {
        "format": found.format, "rows": found.rows, "mapping": found.mapping}
    return record


def _with_original(store: Store, record: dict[str, Any]) -> dict[str, Any]:
    original = store.get_original(record["sha256"])
    if original is not None:
        record["original_base64"] = base64.b64encode(original).decode("ascii")
    return record


def _json_pieces(store: Store, tally: _Tally, originals: bool = False) -> Iterator[str]:
    buffer = [f'{{"casefile_export": {EXPORT_VERSION}']
    for section, _, records in _sections(store, originals):
        buffer.append(f',\n"{section}": [')
        for i, record in enumerate(records):
            buffer.append(("\n" if i == 0 else ",\n") + _dumps(record))
            tally.records += 1
            if len(buffer) >= PIECE:
                yield "".join(buffer)
                buffer.clear()
        buffer.append("\n]")
    buffer.append("}\n")
    yield "".join(buffer)


def _jsonl_pieces(store: Store, tally: _Tally, originals: bool = False) -> Iterator[str]:
    buffer: list[str] = []
    for _, kind, records in _sections(store, originals):
        for record in records:
            buffer.append(_dumps({"kind": kind, **record}) + "\n")
            tally.records += 1
            if len(buffer) >= PIECE:
                yield "".join(buffer)
                buffer.clear()
    yield "".join(buffer)


def csv_pieces(
    events: Iterable[StoredEvent], title: Callable[[str], str | None],
    tally: _Tally | None = None, *, source_url: Callable[[str], str | None] | None = None,
    base_url: str = "",
) -> Iterator[str]:  # fmt: skip
    """One row per event under the header; `title` gives a document's title and
    `source_url` its URL; `base_url` is put before the case pages' paths."""
    base = base_url.rstrip("/")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for i, stored in enumerate(events, 1):
        row = _csv_row(stored, title)
        row["case_url"] = base + case_path(stored)
        row["source_url"] = (source_url(stored.event.evidence.document_id) if source_url
                             else None) or ""  # fmt: skip
        writer.writerow(row)
        if tally is not None:
            tally.records += 1
        if i % PIECE == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def case_path(stored: StoredEvent) -> str:
    """The web application's page of the event's case (or organisation)."""
    if stored.person_id is not None:
        return f"/cases/{stored.person_id}"
    return f"/organisations/{stored.organisation_id}"


def _csv_row(stored: StoredEvent, title: Callable[[str], str | None]) -> dict[str, Any]:
    e = stored.event
    ev = e.evidence
    return {
        "event_id": stored.id,
        "type": e.type,
        "person": stored.entity_name,
        "participant_as_written": e.participant,
        "participant_kind": e.participant_kind,
        "document": ev.document_id,
        "document_title": title(ev.document_id) or "",
        "date": e.date.iso() if e.date else "",
        "date_precision": e.date.precision.value if e.date else "",
        "date_inferred": "yes" if e.date_inferred else "",
        "agent": e.agent or "",
        "place": e.place or "",
        "term": e.term or "",
        "term_kind": e.term_kind or "",
        "charges": "; ".join(e.charges),
        "articles": "; ".join(e.articles),
        "label": e.label or "",
        "quote": ev.quote,
        "start": ev.start,
        "end": ev.end,
        "extractor": e.provenance.extractor,
        "extractor_version": e.provenance.version,
        "confidence": e.provenance.confidence,
        "review_status": stored.review_status,
    }


def _evidence(ev: Evidence | None) -> dict[str, Any] | None:
    if ev is None:
        return None
    return {"document": ev.document_id, "start": ev.start, "end": ev.end, "quote": ev.quote}


def document_record(doc: Document) -> dict[str, Any]:
    return {
        "sha256": doc.sha256,
        "title": doc.title,
        "publisher": doc.publisher,
        "url": doc.url,
        "published": doc.published.iso() if doc.published else None,
        "published_source": doc.published_source if doc.published else None,
        "language": doc.language,
        "source_name": doc.source_name,
        "media_type": doc.media_type,
        "ingested_at": doc.ingested_at.isoformat() if doc.ingested_at else None,
        "text": doc.text,
    }


def person_record(person: StoredPerson) -> dict[str, Any]:
    return {
        "id": person.id,
        "name": person.name,
        "key": person.key,
        "country": person.country,
        "aliases": list(person.aliases),
        "roles": [
            {
                "role": a.role,
                "document": a.document_sha256,
                "evidence": _evidence(a.evidence),
                "review_status": a.review_status,
            }
            for a in person.role_assertions
        ],
    }


def organisation_record(org: StoredOrganisation) -> dict[str, Any]:
    return {
        "id": org.id,
        "name": org.name,
        "key": org.key,
        # Not "kind": jsonl records use that name for the record type.
        "organisation_kind": org.kind,
        "aliases": list(org.aliases),
    }


def event_record(stored: StoredEvent) -> dict[str, Any]:
    e = stored.event
    return {
        "id": stored.id,
        "type": e.type,
        "participant": stored.entity_name,
        "participant_as_written": e.participant,
        "participant_kind": e.participant_kind,
        "person_id": stored.person_id,
        "organisation_id": stored.organisation_id,
        "document": e.evidence.document_id,
        "date": e.date.iso() if e.date else None,
        "date_precision": e.date.precision.value if e.date else None,
        "date_inferred": e.date_inferred,
        "agent": e.agent,
        "place": e.place,
        "term": e.term,
        "term_kind": e.term_kind,
        "charges": e.charges,
        "articles": e.articles,
        "label": e.label,
        "evidence": _evidence(e.evidence),
        "provenance": _provenance(e.provenance),
        "review_status": stored.review_status,
        "version": stored.version,
        "created_at": stored.created_at,
    }


def statistic_record(stored: StoredStatistic) -> dict[str, Any]:
    s = stored.statistic
    return {
        "id": stored.id,
        "count": s.count,
        "what": s.what,
        "period": s.period,
        "document": s.evidence.document_id,
        "evidence": _evidence(s.evidence),
        "provenance": _provenance(s.provenance),
        "review_status": stored.review_status,
        "version": stored.version,
        "created_at": stored.created_at,
    }


def _provenance(p: Provenance) -> dict[str, Any]:
    return {"extractor": p.extractor, "version": p.version, "confidence": p.confidence}
