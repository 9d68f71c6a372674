"""Case curation and the link queue in the JSON API (services/curation.py,
services/link_evidence.py), beside web/api.py and with its conventions."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, ConfigDict, Field

from casefile.services import curation, link_evidence
from casefile.services.curation import CurationView
from casefile.services.link_evidence import PersonSide, ProposalEvidence
from casefile.web import serialize
from casefile.web.auth import Read, Review
from casefile.web.context import StoreDep, require_json

router = APIRouter(prefix="/api", tags=["api"])

Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
Kind = Annotated[Literal["event", "statistic"], Path()]
JsonRoutes = [Depends(require_json)]
Json = dict[str, Any]


class NewVerdict(BaseModel):
    model_config = ConfigDict(extra="forbid")
    verdict: str = Field(description="not_person or not_victim", max_length=40)


class Move(BaseModel):
    model_config = ConfigDict(extra="forbid")
    target: int = Field(ge=1, le=2**63 - 1, description="The case the event is about.")
    version: int | None = Field(None, description="The version decided on; a newer one is 409.")


class Undo(BaseModel):
    model_config = ConfigDict(extra="forbid")


@router.get("/curations")
def curations(store: StoreDep, principal: Read) -> Json:
    return {"items": [_curation(c) for c in curation.curations(store, principal.viewer)]}


@router.post("/persons/{person_id}/verdict", dependencies=JsonRoutes, status_code=201)
def mark(person_id: Id, body: NewVerdict, store: StoreDep, principal: Review) -> Json:
    done = curation.mark(store, person_id, body.verdict, principal.reviewer)
    return _curation(curation.get_curation(store, done.id, principal.viewer))


@router.post("/facts/{kind}/{fact_id}/move", dependencies=JsonRoutes, status_code=201)
def move(kind: Kind, fact_id: Id, body: Move, store: StoreDep, principal: Review) -> Json:
    if kind != "event":
        curation.no_statistic(fact_id)
    done = curation.move_event(store, fact_id, body.target, principal.reviewer, body.version)
    return _curation(curation.get_curation(store, done.id, principal.viewer))


@router.post("/curations/{curation_id}/undo", dependencies=JsonRoutes)
def undo(curation_id: Id, body: Undo, store: StoreDep, principal: Review) -> Json:
    done = curation.undo(store, curation_id, principal.reviewer)
    return _curation(curation.get_curation(store, done.id, principal.viewer))


@router.get("/links/queue")
def link_queue(store: StoreDep, principal: Read) -> Json:
    """Pending link proposals with both persons' evidence and the score's reasons."""
    return {"items": [_proposal(p) for p in link_evidence.proposal_queue(store, principal.viewer)]}


def _curation(view: CurationView) -> Json:
    c = view.curation
    return {
        "id": c.id, "action": c.action, "words": view.words,
        "person": {"id": c.person_id, "name": view.name},
        "target": {"id": c.target_id, "name": view.target_name} if c.target_id else None,
        "events": list(view.event_ids), "decided_by": c.decided_by,
        "decided_at": c.decided_at, "undone_by": c.undone_by, "undone_at": c.undone_at,
    }  # fmt: skip


def _proposal(item: ProposalEvidence) -> Json:
    return {**serialize.link_proposal(item.proposal), "reasons": list(item.reasons),
            "context": list(item.context), "sides": [_side(item.a), _side(item.b)]}  # fmt: skip


def _side(side: PersonSide) -> Json:
    return {
        "id": side.person_id, "name": side.name, "spellings": list(side.spellings),
        "country": side.country,
        "documents": [{"sha256": sha, "title": title} for sha, title in side.documents],
        "events": [{"id": e.id, "type": e.type, "date": e.date.iso() if e.date else None,
                    "quote": e.quote, "document": e.document} for e in side.events],
        "event_total": side.event_total, "document_total": side.document_total,
    }  # fmt: skip
