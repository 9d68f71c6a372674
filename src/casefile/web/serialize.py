"""JSON shapes of the API, built on the export records so that an API client and an
export file describe a fact the same way."""

from __future__ import annotations

from typing import Any

from casefile.exchange.export import (
    document_record,
    event_record,
    organisation_record,
    person_record,
    statistic_record,
)
from casefile.ingest import Outcome
from casefile.services.cases import CaseSummary, CaseView
from casefile.services.documents import DocumentView
from casefile.services.organisations import OrganisationView
from casefile.services.paging import Page
from casefile.services.scans import ScanSummary
from casefile.services.search import SearchResults
from casefile.services.stats import Dashboard
from casefile.store.base import (
    DocumentInfo,
    ReviewEntry,
    StoredEvent,
    StoredStatistic,
)
from casefile.store.base_links import LinkProposal, MergeRecord


def fact(stored: StoredEvent | StoredStatistic) -> dict[str, Any]:
    if isinstance(stored, StoredEvent):
        record = {"kind": "event", **event_record(stored)}
    else:
        record = {"kind": "statistic", **statistic_record(stored)}
    record["reviewed_by"] = stored.reviewed_by
    record["reviewed_at"] = stored.reviewed_at
    return record


def page(found: Page[Any], items: list[Any]) -> dict[str, Any]:
    return {
        "total": found.total,
        "page": found.number,
        "size": found.size,
        "pages": found.pages,
        "items": items,
    }


def case_summary(c: CaseSummary) -> dict[str, Any]:
    return {
        "person_id": c.person_id,
        "name": c.name,
        "country": c.country,
        "roles": list(c.roles),
        "status": c.status,
        "last_event_type": c.last_event_type,
        "last_event_date": c.last_event_date.iso() if c.last_event_date else None,
        "documents": c.documents,
        "events": c.events,
    }


def case(view: CaseView) -> dict[str, Any]:
    return {
        "person": person_record(view.timeline.person),
        "status": view.timeline.status,
        "events": [fact(e) for e in view.timeline.events],
        "organisations": [organisation_record(o) for o in view.organisations],
    }


def dashboard(board: Dashboard) -> dict[str, Any]:
    monthly = board.per_month
    return {
        "cases": board.cases,
        "in_custody": board.in_custody,
        "documents": board.documents,
        "awaiting_review": board.awaiting_review,
        "by_status": board.by_status,
        "latest_events": [fact(e) for e in board.latest],
        "events_per_month": {
            "months": monthly.months,
            "types": monthly.types,
            "counts": [
                {"month": month, "type": kind, "count": n}
                for (month, kind), n in sorted(monthly.counts.items())
            ],
        },
    }


def document_info(info: DocumentInfo) -> dict[str, Any]:
    return {
        "sha256": info.sha256,
        "title": info.title,
        "publisher": info.publisher,
        "published": info.published.iso() if info.published else None,
        "language": info.language,
        "source_name": info.source_name,
        "ingested_at": info.ingested_at,
        "events": info.events,
    }


def document(view: DocumentView) -> dict[str, Any]:
    return {
        "document": document_record(view.document),
        "events": [fact(e) for e in view.events],
        "statistics": [fact(s) for s in view.statistics],
        "ocr": None if view.scan is None else scan(view.document.sha256, view.scan),
    }


def scan(sha256: str, summary: ScanSummary) -> dict[str, Any]:
    """What OCR read of a scanned document; each page's image URL when the reader may
    have it (services/scans.py)."""
    return {
        "confidence": summary.confidence,
        "low_confidence": summary.low,
        "threshold": summary.threshold,
        "pages": [{"page": p.page, "confidence": p.confidence, "words": p.words,
                   "start": p.start, "end": p.end, "engine": p.engine,
                   "image": f"/documents/{sha256}/page-image?page={p.page}"
                   if summary.images_shown else None} for p in summary.pages],
    }  # fmt: skip


def outcome(result: Outcome) -> dict[str, Any]:
    return {
        "sha256": result.sha256,
        "new": result.new,
        "language": result.language,
        "events": result.events,
        "persons": result.persons,
        "statistics": result.statistics,
        "notice": result.notice,
        # a known document's re-extraction, compared with the one before
        "changes": None if result.new else {"added": result.added, "changed": result.changed,
                                            "removed": result.removed,
                                            "summary": result.changes()},
    }


def organisation(view: OrganisationView) -> dict[str, Any]:
    return {
        "organisation": organisation_record(view.organisation),
        "events": [fact(e) for e in view.events],
        "persons": [{"id": p.id, "name": p.name, "country": p.country} for p in view.persons],
    }


def history(entries: list[ReviewEntry]) -> list[dict[str, Any]]:
    return [
        {"action": e.action, "reviewer": e.reviewer, "at": e.at, "changes": e.changes}
        for e in entries
    ]


def search_results(results: SearchResults) -> dict[str, Any]:
    return {
        "q": results.q,
        "cases": {"total": results.case_total,
                  "best": [case_summary(c) for c in results.cases]},
        "documents": [
            {
                "sha256": hit.sha256,
                "title": hit.title,
                "label": hit.label,
                "published": hit.published.iso() if hit.published else None,
                # The matched words are marked [[like this]].
                "snippet": hit.snippet.replace("\x02", "[[").replace("\x03", "]]"),
            }
            for hit in results.documents
        ],
        "events": [
            {**fact(e), "source": results.sources.get(e.event.evidence.document_id)}
            for e in results.events
        ],
    }


def link_proposal(proposal: LinkProposal) -> dict[str, Any]:
    return {
        "id": proposal.id, "score": proposal.score, "status": proposal.status,
        "persons": [{"id": proposal.person_a, "name": proposal.name_a},
                    {"id": proposal.person_b, "name": proposal.name_b}],
        "decided_by": proposal.decided_by, "decided_at": proposal.decided_at,
        "created_at": proposal.created_at,
    }  # fmt: skip


def merge(record: MergeRecord) -> dict[str, Any]:
    return {
        "id": record.id, "kept": {"id": record.kept_id, "name": record.kept_name},
        "merged": {"id": record.merged_id, "name": record.merged_name},
        "score": record.score, "decided_by": record.decided_by,
        "decided_at": record.decided_at, "events_moved": record.events_moved,
        "undone_by": record.undone_by, "undone_at": record.undone_at,
    }  # fmt: skip
