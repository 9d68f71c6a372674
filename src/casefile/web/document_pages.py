"""Correcting documents: their metadata (editors), withdrawing them (editors), the
withdrawn ones, restoring and deleting (admins); as forms (303) and under /api (JSON).
The rules are services.document_changes'."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from casefile.services import document_changes as changes
from casefile.services.access import level_name
from casefile.store.base_documents import Withdrawal
from casefile.web.auth import ManageDocuments, Review
from casefile.web.context import StoreDep, pipeline_of, require_form, require_json, templates

pages = APIRouter(default_response_class=HTMLResponse)
api = APIRouter(prefix="/api", tags=["api"])

FormRoutes = [Depends(require_form)]
JsonRoutes = [Depends(require_json)]
Short = Annotated[str, Form(max_length=600)]
Long = Annotated[str, Form(max_length=2100)]


@pages.get("/documents/withdrawn", name="withdrawn_documents")
def withdrawn_page(request: Request, store: StoreDep, principal: ManageDocuments) -> Response:
    found = changes.withdrawn_documents(store, principal.viewer)
    return templates.TemplateResponse(request, "withdrawn.html", {"withdrawn": found})


@pages.post("/documents/{sha256}/metadata", dependencies=FormRoutes)
def metadata_form(
    request: Request, sha256: str, store: StoreDep, principal: Review,
    title: Short = "", publisher: Short = "", url: Long = "", published: Short = "",
    language: Short = "",
) -> Response:  # fmt: skip
    changes.edit_document(store, principal.viewer, sha256, title=title, publisher=publisher,
                          url=url, published=published, language=language,
                          pipeline=pipeline_of(request))  # fmt: skip
    return RedirectResponse(f"/documents/{sha256}", status_code=303)


@pages.post("/documents/{sha256}/withdraw", dependencies=FormRoutes)
def withdraw_form(sha256: str, store: StoreDep, principal: Review, reason: Short = "") -> Response:
    changes.withdraw(store, principal.viewer, sha256, reason)
    # Admins may look at it still (and restore it); editors no longer see it.
    target = f"/documents/{sha256}" if principal.viewer.admin else "/documents"
    return RedirectResponse(target, status_code=303)


@pages.post("/documents/{sha256}/restore", dependencies=FormRoutes)
def restore_form(sha256: str, store: StoreDep, principal: ManageDocuments) -> Response:
    changes.restore(store, principal.viewer, sha256)
    return RedirectResponse(f"/documents/{sha256}", status_code=303)


@pages.post("/documents/{sha256}/delete", dependencies=FormRoutes)
def delete_form(
    sha256: str, store: StoreDep, principal: ManageDocuments, with_reviewed: Short = ""
) -> Response:
    changes.delete(store, principal.viewer, sha256, with_reviewed=bool(with_reviewed))
    return RedirectResponse("/documents", status_code=303)


# -- the API ----------------------------------------------------------------------------


class MetadataChange(BaseModel):
    """Fields left out are left as they are; "" (or null) makes one unknown, and for the
    language means "detect it again"."""

    model_config = ConfigDict(extra="forbid")
    title: str | None = Field(None, max_length=600)
    publisher: str | None = Field(None, max_length=600)
    url: str | None = Field(None, max_length=2100)
    published: str | None = Field(None, max_length=40, description="ISO partial date")
    language: str | None = Field(None, max_length=20, description="ISO 639-1 code")


@api.patch("/documents/{sha256}", dependencies=JsonRoutes)
def metadata_api(
    request: Request, sha256: str, body: MetadataChange, store: StoreDep, principal: Review
) -> dict[str, Any]:
    given = {k: (v or "") for k, v in body.model_dump(exclude_unset=True).items()}
    edit = changes.edit_document(store, principal.viewer, sha256, **given,
                                 pipeline=pipeline_of(request))  # fmt: skip
    out = edit.reextracted
    return {"document": sha256,
            "changed": {k: {"before": b, "after": a} for k, (b, a) in edit.changed.items()},
            "reextracted": None if out is None else {
                "added": out.added, "changed": out.changed, "removed": out.removed,
                "summary": out.changes()}}  # fmt: skip


class WithdrawBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field("", max_length=600)


class DeleteBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    with_reviewed: bool = Field(False, description="also delete facts analysts reviewed")


class NoBody(BaseModel):
    model_config = ConfigDict(extra="forbid")


@api.post("/documents/{sha256}/withdraw", dependencies=JsonRoutes)
def withdraw_api(
    sha256: str, body: WithdrawBody, store: StoreDep, principal: Review
) -> dict[str, Any]:
    changes.withdraw(store, principal.viewer, sha256, body.reason)
    return {"document": sha256, "withdrawn": True}


@api.post("/documents/{sha256}/restore", dependencies=JsonRoutes)
def restore_api(
    sha256: str, body: NoBody, store: StoreDep, principal: ManageDocuments
) -> dict[str, Any]:
    level = changes.restore(store, principal.viewer, sha256)
    return {"document": sha256, "withdrawn": False, "access": level_name(level)}


@api.post("/documents/{sha256}/delete", dependencies=JsonRoutes)
def delete_api(
    sha256: str, body: DeleteBody, store: StoreDep, principal: ManageDocuments
) -> dict[str, Any]:
    deleted = changes.delete(store, principal.viewer, sha256, with_reviewed=body.with_reviewed)
    return {"document": sha256, "deleted": deleted.__dict__}


@api.get("/documents/withdrawn")
def withdrawn_api(store: StoreDep, principal: ManageDocuments) -> dict[str, Any]:
    return {"withdrawn": [_withdrawal(w) for w in
                          changes.withdrawn_documents(store, principal.viewer)]}  # fmt: skip


def _withdrawal(found: Withdrawal) -> dict[str, Any]:
    return {"sha256": found.sha256, "title": found.title, "by": found.withdrawn_by,
            "at": found.withdrawn_at, "reason": found.reason,
            "access": level_name(found.previous_level)}  # fmt: skip
