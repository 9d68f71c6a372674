"""The pages that change things: the review queue and decisions, a fact's page, adding
a fact the machine missed, adding documents.

Every form works without JavaScript and answers with a redirect (303) to the page to
see next; the reviewer recorded is the signed-in user (web/auth.py).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from casefile.i18n import Msg
from casefile.model import EVENT_TYPES
from casefile.services import documents, linking, possible_facts, review
from casefile.services import review_queue as review_queue_service
from casefile.services.errors import InvalidInput
from casefile.sources import MAX_BYTES
from casefile.store.base import EDITABLE_EVENT_FIELDS
from casefile.web.auth import Ingest, Read, Review
from casefile.web.context import (
    StoreDep,
    local_path,
    parse_version,
    pipeline_of,
    require_form,
    templates,
)

router = APIRouter(default_response_class=HTMLResponse)

Kind = Annotated[Literal["event", "statistic"], Path()]
Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
FormText = Annotated[str, Form(max_length=100_000)]
FormRoutes = [Depends(require_form)]


@router.get("/review", name="review")
def review_queue(
    request: Request,
    store: StoreDep,
    principal: Read,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    query = review_queue_service.parse_query(request.query_params)
    queue = review_queue_service.queue(store, query, page, viewer=principal.viewer)
    links = linking.pending_proposals(store, limit=50, viewer=principal.viewer)
    return templates.TemplateResponse(
        request,
        "review.html",
        {
            "page": queue,
            "links": links,
            "filters": query,
            "event_types": EVENT_TYPES,
            "extractor_versions": review_queue_service.extractor_versions(
                store, principal.viewer),
            # the link to the possible facts, when there are any the viewer may see
            "possible": possible_facts.waiting(store, principal.viewer),
            "possible_cap": possible_facts.WAITING_CAP,
        },
    )


@router.post("/review/bulk", dependencies=FormRoutes, name="review_bulk")
async def review_bulk(request: Request, store: StoreDep, principal: Review) -> Response:
    form = await request.form(max_fields=2 * review_queue_service.MAX_SELECTION + 10)
    facts = [(kind, _fact_id(str(raw))) for kind in ("event", "statistic")
             for raw in form.getlist(kind)]  # fmt: skip
    review_queue_service.decide_many(
        store, str(form.get("action") or ""), facts, principal.reviewer)
    return _redirect(str(form.get("next") or ""), "/review")


@router.post("/review/undo", dependencies=FormRoutes, name="review_undo")
def review_undo(store: StoreDep, principal: Review, next: FormText = "") -> Response:
    undone = review_queue_service.undo_last(store, principal.reviewer)
    back = local_path(next, "/review").split("#")[0]
    return RedirectResponse(f"{back}#queue-{undone.kind}-{undone.fact_id}", status_code=303)


def _fact_id(raw: str) -> int:
    if not raw.strip().isdigit() or len(raw.strip()) > 18:
        raise InvalidInput(Msg("a fact id, not %(raw)s", raw=repr(raw[:20])))
    return int(raw.strip())


@router.get("/facts/{kind}/{fact_id}", name="fact")
def fact_page(
    request: Request, kind: Kind, fact_id: Id, store: StoreDep, principal: Read
) -> Response:
    fact = review.get_fact(store, kind, fact_id, principal.viewer)
    return templates.TemplateResponse(
        request,
        "fact.html",
        {
            "kind": kind,
            "fact": fact,
            "history": review.history(store, kind, fact_id, principal.viewer),
        },
    )


@router.post("/facts/{kind}/{fact_id}/{action}", dependencies=FormRoutes, name="decide")
def decide(
    request: Request,
    kind: Kind,
    fact_id: Id,
    action: Annotated[Literal["accept", "reject"], Path()],
    store: StoreDep,
    principal: Review,
    version: FormText = "",
    next: FormText = "",
) -> Response:
    decide_fn = review.accept if action == "accept" else review.reject
    decide_fn(store, kind, fact_id, principal.reviewer, parse_version(version))
    return _redirect(next, f"/facts/{kind}/{fact_id}")


@router.post("/facts/{kind}/{fact_id}", dependencies=FormRoutes, name="edit_fact")
async def edit_fact(
    request: Request, kind: Kind, fact_id: Id, store: StoreDep, principal: Review
) -> Response:
    form = await request.form(max_fields=50)
    fields = {
        name: str(form[name])
        for name in (EDITABLE_EVENT_FIELDS if kind == "event" else ("count", "what"))
        if name in form
    }
    version = parse_version(str(form.get("version") or ""))
    review.edit(store, kind, fact_id, fields, principal.reviewer, version)
    return _redirect(str(form.get("next") or ""), f"/facts/{kind}/{fact_id}")


@router.post("/documents/{sha256}/facts", dependencies=FormRoutes, name="add_fact")
async def add_fact(
    request: Request, sha256: str, store: StoreDep, principal: Review
) -> Response:
    form = await request.form(max_fields=50)
    names = (*EDITABLE_EVENT_FIELDS, "participant_kind", "start", "end", "quote")
    fields = {name: str(form[name]) for name in names if name in form}
    added = review.add_event(store, sha256, fields, principal.reviewer)
    return _redirect("", f"/documents/{sha256}#fact-event-{added.id}")


@router.post("/documents", dependencies=FormRoutes, name="add_document")
async def add_document(request: Request, store: StoreDep, principal: Ingest) -> Response:
    # Parsed here rather than with Form() parameters: a pasted text may be as large as a
    # file (Starlette limits other fields to 1 MiB by default).
    form = await request.form(max_files=1, max_fields=20, max_part_size=MAX_BYTES + 1)
    metadata = documents.parse_metadata(
        **{
            k: str(form.get(k) or "")
            for k in ("title", "publisher", "url", "published", "language")
        }
    )
    level = str(form.get("access_level") or "")
    upload = form.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        data = await upload.read(MAX_BYTES + 1)
        outcome = documents.add_upload(
            store, pipeline_of(request), data, upload.filename, upload.content_type, metadata,
            viewer=principal.viewer, access_level=level,
        )  # fmt: skip
    else:
        text = str(form.get("text") or "")
        outcome = documents.add_text(store, pipeline_of(request), text, metadata,
                                     viewer=principal.viewer, access_level=level)  # fmt: skip
    landing = documents.landing_after_upload(principal.viewer, outcome.sha256 or "", level)
    if landing != "/documents":  # a copy hidden from its uploader answers as a new one
        landing += documents.reextraction_query(outcome)
    return RedirectResponse(landing, status_code=303)


def _redirect(next_path: str, default: str) -> Response:
    return RedirectResponse(local_path(next_path, default), status_code=303)
