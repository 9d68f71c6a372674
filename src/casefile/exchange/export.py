"""Exports with provenance: every fact says which document, which span, who asserted it
and whether a person has reviewed it.

- json: one object ``{"casefile_export": 1, "documents": [...], "persons": [...],
  "organisations": [...], "events": [...], "statistics": [...]}``. Documents include
  their text, so every quote can be checked against ``text[start:end]`` from the file
  alone; the original bytes are left out (they stay in the store, keyed by sha256).
- jsonl: the same records, one per line, each with a ``"kind"`` field.
- csv: one row per event, for spreadsheets; lists are joined with ``"; "``.

All three stream from the store's cursors; nothing is collected in memory first.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
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
)


def export(store: Store, format: ExportFormat, out: TextIO) -> int:
    """Write the whole store to `out`; return the number of records (csv: events)."""
    if format == "json":
        return _export_json(store, out)
    if format == "jsonl":
        return _export_jsonl(store, out)
    if format == "csv":
        return _export_csv(store, out)
    raise ValueError(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")


def _sections(store: Store) -> Iterator[tuple[str, str, Iterator[dict[str, Any]]]]:
    """(section name, record kind, records) in an order where references point back."""
    yield "documents", "document", map(document_record, store.iter_documents())
    yield "organisations", "organisation", map(organisation_record, store.iter_organisations())
    yield "persons", "person", map(person_record, store.iter_persons())
    yield "events", "event", map(event_record, store.iter_events())
    yield "statistics", "statistic", map(statistic_record, store.iter_statistics())


def _dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False)


def _export_json(store: Store, out: TextIO) -> int:
    count = 0
    out.write(f'{{"casefile_export": {EXPORT_VERSION}')
    for section, _, records in _sections(store):
        out.write(f',\n"{section}": [')
        for i, record in enumerate(records):
            out.write(("\n" if i == 0 else ",\n") + _dumps(record))
            count += 1
        out.write("\n]")
    out.write("}\n")
    return count


def _export_jsonl(store: Store, out: TextIO) -> int:
    count = 0
    for _, kind, records in _sections(store):
        for record in records:
            out.write(_dumps({"kind": kind, **record}) + "\n")
            count += 1
    return count


def _export_csv(store: Store, out: TextIO) -> int:
    titles: dict[str, str | None] = {}
    for doc in store.iter_documents():
        titles[doc.sha256] = doc.title
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for stored in store.iter_events():
        writer.writerow(_csv_row(stored, titles.get))
        count += 1
    return count


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
