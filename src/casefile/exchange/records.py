"""Extraction results as plain JSON-ready dicts: the `casefile extract --json` format.

Events carry the gold fields of the guidelines plus evidence and confidence, so the
output can be scored by `casefile eval` and checked by a person against the text.
"""

from __future__ import annotations

from typing import Any

from casefile.model import Event, Evidence, Extraction, Statistic


def evidence_dict(evidence: Evidence) -> dict[str, Any]:
    return {"start": evidence.start, "end": evidence.end, "quote": evidence.quote}


def event_dict(event: Event) -> dict[str, Any]:
    return {
        "type": event.type,
        "participant": event.participant,
        "participant_kind": event.participant_kind,
        "date": event.date.iso() if event.date else None,
        "date_precision": event.date.precision.value if event.date else None,
        "date_inferred": event.date_inferred,
        "term": event.term,
        "term_kind": event.term_kind,
        "charges": list(event.charges),
        "articles": list(event.articles),
        "label": event.label,
        "agent": event.agent,
        "place": event.place,
        "evidence": evidence_dict(event.evidence),
        "confidence": event.provenance.confidence,
        "extractor": f"{event.provenance.extractor}/{event.provenance.version}",
    }


def statistic_dict(statistic: Statistic) -> dict[str, Any]:
    return {
        "count": statistic.count,
        "what": statistic.what,
        "period": statistic.period,
        "evidence": evidence_dict(statistic.evidence),
        "confidence": statistic.provenance.confidence,
    }


def extraction_dict(extraction: Extraction) -> dict[str, Any]:
    document = extraction.document
    out: dict[str, Any] = {
        "document": {
            "sha256": document.sha256,
            "source": document.source_name,
            "title": document.title,
            "language": document.language,
            "published": document.published.iso() if document.published else None,
            "published_source": document.published_source if document.published else None,
        },
        "persons": [
            {"name": p.name, "aliases": p.aliases, "roles": p.roles, "country": p.country}
            for p in extraction.persons
        ],
        "organisations": [
            {"name": o.name, "aliases": o.aliases, "kind": o.kind} for o in extraction.organisations
        ],
        "events": [event_dict(e) for e in extraction.events],
        "statistics": [statistic_dict(s) for s in extraction.statistics],
    }
    if extraction.notice:
        out["notice"] = extraction.notice
    return out
