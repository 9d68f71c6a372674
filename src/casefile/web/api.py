"""The JSON API under /api: everything the pages can do, over the same services.

Errors are `{"error": {"status": N, "message": "..."}}`. Every endpoint needs a signed-in
user (`Authorization: Bearer <token>` for scripts, or the session cookie plus the
X-CSRF-Token header for changes); the user is the reviewer of their decisions.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from casefile.services import documents, linking, organisations, review, search, stats, views
from casefile.services import review_queue as review_queue_service
from casefile.services.cases import case_view
from casefile.sources import MAX_BYTES
from casefile.web import serialize
from casefile.web.auth import Ingest, Link, Read, Review
from casefile.web.context import (
    QueryText,
    StoreDep,
    parse_version,
    pipeline_of,
    require_json,
)
from casefile.web.filters import CaseFiltersDep

router = APIRouter(prefix="/api", tags=["api"])

Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
Kind = Annotated[Literal["event", "statistic"], Path()]
PageNumber = Annotated[int, Query(ge=1, le=100_000)]
PageSize = Annotated[int, Query(ge=1, le=200)]
JsonRoutes = [Depends(require_json)]
Json = dict[str, Any]


class Decision(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int | None = Field(None, description="The version decided on; a newer one is 409.")


class FactEdit(Decision):
    """Fields to change; a field left out stays, null clears it."""

    type: str | None = None
    participant: str | None = None
    date: str | None = Field(None, description="ISO partial: 2023, 2023-11, 2023-11-30")
    term: str | None = Field(None, description="ISO 8601 duration, e.g. P7Y")
    term_kind: str | None = None
    charges: list[str] | None = None
    agent: str | None = None
    count: int | None = Field(None, description="Statistics only.")
    what: str | None = Field(None, description="Statistics only.")


class NewFact(BaseModel):
    """An event the machine missed: located by start/end, or by a quote occurring once."""

    model_config = ConfigDict(extra="forbid")
    type: str
    participant: str
    participant_kind: Literal["person", "organisation"] = "person"
    start: int | None = None
    end: int | None = None
    quote: str | None = None
    date: str | None = None
    term: str | None = None
    term_kind: str | None = None
    charges: list[str] = []
    agent: str | None = None


class NewDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(max_length=MAX_BYTES)
    title: str = ""
    publisher: str = ""
    url: str = ""
    published: str = Field("", description="ISO partial date")
    language: str = Field("", description="ISO 639-1; detected if empty")
    access: Literal["public", "internal", "confidential"] = Field(
        "confidential", description="Who may see a new document (a known one keeps its own)"
    )


@router.get("/dashboard")
def dashboard(store: StoreDep, principal: Read) -> Json:
    return serialize.dashboard(stats.dashboard(store, viewer=principal.viewer))


@router.get("/cases")
def cases(
    store: StoreDep,
    principal: Read,
    filters: CaseFiltersDep,
    page: PageNumber = 1,
    size: PageSize = 25,
) -> Json:
    found = search.find_cases(store, filters, page, size, viewer=principal.viewer)
    return serialize.page(found, [serialize.case_summary(c) for c in found.items])


@router.get("/cases/{person_id}")
def case(person_id: Id, store: StoreDep, principal: Read) -> Json:
    view = case_view(store, person_id, viewer=principal.viewer)
    views.case_viewed(store, view.timeline.person, principal.viewer, "api")
    return serialize.case(view)


@router.get("/search")
def search_all(store: StoreDep, principal: Read, q: QueryText = "") -> Json:
    return serialize.search_results(search.search(store, q, viewer=principal.viewer))


@router.get("/documents")
def document_list(
    store: StoreDep, principal: Read, page: PageNumber = 1, size: PageSize = 25
) -> Json:
    found = documents.list_documents(store, page, size, viewer=principal.viewer)
    return serialize.page(found, [serialize.document_info(d) for d in found.items])


@router.post("/documents", dependencies=JsonRoutes, status_code=201)
def add_text(body: NewDocument, request: Request, store: StoreDep, principal: Ingest) -> Json:
    metadata = documents.parse_metadata(**body.model_dump(exclude={"text", "access"}))
    # New documents are confidential unless given a level; a known one keeps its own, and
    # one above the uploader's clearance is answered for as if new (services/documents).
    level = body.access if "access" in body.model_fields_set else ""
    return serialize.outcome(documents.add_text(
        store, pipeline_of(request), body.text, metadata, viewer=principal.viewer,
        access_level=level,
    ))  # fmt: skip


@router.post("/documents/upload", status_code=201)
async def add_upload(
    request: Request,
    store: StoreDep,
    principal: Ingest,
    file: Annotated[UploadFile, File(description="A .txt, .md, .html, .pdf or .docx file, or a"
                                          " scan (.png, .jpg, .tif) read by OCR")],
    title: Annotated[str, Form()] = "",
    publisher: Annotated[str, Form()] = "",
    url: Annotated[str, Form()] = "",
    published: Annotated[str, Form()] = "",
    language: Annotated[str, Form()] = "",
    access: Annotated[str, Form(description="public, internal or confidential")] = "",
) -> Json:
    metadata = documents.parse_metadata(
        title=title, publisher=publisher, url=url, published=published, language=language
    )
    data = await file.read(MAX_BYTES + 1)
    result = documents.add_upload(
        store, pipeline_of(request), data, file.filename, file.content_type, metadata,
        viewer=principal.viewer, access_level=access,
    )  # fmt: skip
    return serialize.outcome(result)


@router.get("/documents/{sha256}")
def document(sha256: str, store: StoreDep, principal: Read) -> Json:
    view = documents.document_view(store, sha256, viewer=principal.viewer)
    views.document_viewed(store, view, principal.viewer, "api")
    return serialize.document(view)


@router.post("/documents/{sha256}/facts", dependencies=JsonRoutes, status_code=201)
def add_fact(sha256: str, body: NewFact, store: StoreDep, principal: Review) -> Json:
    added = review.add_event(store, sha256, body.model_dump(), principal.reviewer)
    return serialize.fact(added)


@router.get("/organisations")
def organisation_list(
    store: StoreDep, principal: Read, page: PageNumber = 1, size: PageSize = 50
) -> Json:
    # Every organisation, as before the page learnt to leave out those no fact names.
    found = organisations.list_organisations(
        store, page, size, viewer=principal.viewer, everything=True)
    items = [
        {"id": item.organisation.id, "name": item.organisation.name,
         "kind": item.organisation.kind, "aliases": list(item.organisation.aliases),
         "events": item.events, "designations": list(item.designations)}
        for item in found.items
    ]  # fmt: skip
    return serialize.page(found, items)


@router.get("/organisations/{organisation_id}")
def organisation(organisation_id: Id, store: StoreDep, principal: Read) -> Json:
    return serialize.organisation(
        organisations.organisation_view(store, organisation_id, viewer=principal.viewer)
    )


@router.get("/review")
def review_queue(
    request: Request, store: StoreDep, principal: Read, page: PageNumber = 1,
    size: PageSize = 25,
) -> Json:
    """The page's filters and order apply: document, type, person, min_confidence,
    max_confidence, inferred (yes/no), extractor_version, sort (oldest/confidence)."""
    query = review_queue_service.parse_query(request.query_params)
    found = review_queue_service.queue(store, query, page, size, viewer=principal.viewer)
    return serialize.page(found, [serialize.fact(f) for f in found.items])


@router.get("/facts/{kind}/{fact_id}")
def fact(kind: Kind, fact_id: Id, store: StoreDep, principal: Read) -> Json:
    record = serialize.fact(review.get_fact(store, kind, fact_id, principal.viewer))
    record["history"] = serialize.history(review.history(store, kind, fact_id, principal.viewer))
    return record


@router.post("/facts/{kind}/{fact_id}/accept", dependencies=JsonRoutes)
def accept(kind: Kind, fact_id: Id, body: Decision, store: StoreDep, principal: Review) -> Json:
    who = principal.reviewer
    return serialize.fact(review.accept(store, kind, fact_id, who, parse_version(body.version)))


@router.post("/facts/{kind}/{fact_id}/reject", dependencies=JsonRoutes)
def reject(kind: Kind, fact_id: Id, body: Decision, store: StoreDep, principal: Review) -> Json:
    who = principal.reviewer
    return serialize.fact(review.reject(store, kind, fact_id, who, parse_version(body.version)))


@router.patch("/facts/{kind}/{fact_id}", dependencies=JsonRoutes)
def edit(kind: Kind, fact_id: Id, body: FactEdit, store: StoreDep, principal: Review) -> Json:
    fields = {name: getattr(body, name) for name in body.model_fields_set if name != "version"}
    return serialize.fact(
        review.edit(store, kind, fact_id, fields, principal.reviewer, parse_version(body.version))
    )


class NewMerge(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kept: int = Field(ge=1, description="The person whose case stays.")
    merged: int = Field(ge=1, description="The person who becomes part of it.")


@router.get("/links/proposals")
def link_proposals(store: StoreDep, principal: Read, size: PageSize = 50) -> Json:
    return {"items": [serialize.link_proposal(p)
                      for p in linking.pending_proposals(store, size, principal.viewer)]}


@router.post("/links/proposals/{proposal_id}/{action}", dependencies=JsonRoutes)
def decide_link(
    proposal_id: Id,
    action: Annotated[Literal["accept", "reject"], Path()],
    body: Decision,
    store: StoreDep,
    principal: Link,
) -> Json:
    who = principal.user.name
    merge = linking.decide_proposal(store, proposal_id, action == "accept", who, principal.viewer)
    return {"proposal": proposal_id, "accepted": action == "accept",
            "merge": serialize.merge(merge) if merge else None}


@router.get("/persons/{person_id}/merges")
def person_merges(person_id: Id, store: StoreDep, principal: Read) -> Json:
    merges = linking.merges_of(store, person_id, principal.viewer)
    return {"items": [serialize.merge(m) for m in merges]}


@router.post("/merges", dependencies=JsonRoutes, status_code=201)
def merge(body: NewMerge, store: StoreDep, principal: Link) -> Json:
    who = principal.user.name
    return serialize.merge(linking.merge(store, body.kept, body.merged, who, principal.viewer))


@router.post("/merges/{merge_id}/split", dependencies=JsonRoutes)
def split(merge_id: Id, body: Decision, store: StoreDep, principal: Link) -> Json:
    return serialize.merge(linking.split(store, merge_id, principal.user.name, principal.viewer))


@router.get("/me")
def me(principal: Read) -> Json:
    """Who this request is signed in as, and (for a session) the X-CSRF-Token to send."""
    user = principal.user
    return {"name": user.name, "role": user.role, "clearance": user.clearance,
            "via": principal.via, "csrf_token": principal.csrf}


__all__ = ["JSONResponse", "router"]
