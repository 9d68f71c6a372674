"""Linking in the web app: the queue of links the machine is unsure of, each with both
persons' evidence side by side (services/link_evidence.py); an analyst confirms or
rejects them, and undoes a merge. Forms answer with a redirect (303), like the review
forms."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from casefile.services import link_evidence, linking
from casefile.services.countries import country_name
from casefile.web.auth import Link, Read
from casefile.web.context import StoreDep, local_path, require_form, templates

router = APIRouter(default_response_class=HTMLResponse)

Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
FormText = Annotated[str, Form(max_length=1_000)]
FormRoutes = [Depends(require_form)]


@router.get("/review/links", name="link_queue")
def link_queue(request: Request, store: StoreDep, principal: Read) -> Response:
    proposals = link_evidence.proposal_queue(store, principal.viewer)
    return templates.TemplateResponse(request, "review_links.html",
                                      {"proposals": proposals, "country_name": country_name})


@router.post("/links/{proposal_id}/{action}", dependencies=FormRoutes, name="decide_link")
def decide_link(
    request: Request,
    proposal_id: Id,
    action: Annotated[Literal["accept", "reject"], Path()],
    store: StoreDep,
    principal: Link,
    next: FormText = "",
) -> Response:
    accept = action == "accept"
    who, viewer = principal.user.name, principal.viewer
    merge = linking.decide_proposal(store, proposal_id, accept, who, viewer)
    default = f"/cases/{merge.kept_id}" if merge else "/review/links"
    return RedirectResponse(local_path(next, default), status_code=303)


@router.post("/merges/{merge_id}/split", dependencies=FormRoutes, name="split_merge")
def split_merge(request: Request, merge_id: Id, store: StoreDep, principal: Link) -> Response:
    undone = linking.split(store, merge_id, principal.user.name, principal.viewer)
    return RedirectResponse(f"/cases/{undone.merged_id}", status_code=303)
