"""Correcting a document's publication date: a form on the document page (303 back to
it) and under /api (JSON). Editors and admins only (the "review" permission), and only
on documents they can see. The document's unreviewed facts are extracted again, so
that year-less and relative dates follow the corrected date."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from casefile.services import documents
from casefile.web.auth import Review
from casefile.web.context import StoreDep, pipeline_of, require_form, require_json

pages = APIRouter(default_response_class=HTMLResponse)
api = APIRouter(prefix="/api", tags=["api"])

FormDate = Annotated[str, Form(max_length=40)]


@pages.post("/documents/{sha256}/published", dependencies=[Depends(require_form)])
def published_form(
    request: Request, sha256: str, store: StoreDep, principal: Review, published: FormDate = ""
) -> Response:
    documents.set_published(store, principal.viewer, sha256, published, pipeline_of(request))
    return RedirectResponse(f"/documents/{sha256}", status_code=303)


class PublishedChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    published: str | None = Field(max_length=40, description="ISO partial date; null: unknown")


@api.put("/documents/{sha256}/published", dependencies=[Depends(require_json)])
def published_api(
    request: Request, sha256: str, body: PublishedChange, store: StoreDep, principal: Review
) -> dict[str, Any]:
    date = documents.set_published(store, principal.viewer, sha256, body.published or "",
                                   pipeline_of(request))  # fmt: skip
    return {"document": sha256, "published": date.iso() if date else None,
            "published_source": f"edited:{principal.viewer.name}"}  # fmt: skip
