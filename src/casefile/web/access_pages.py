"""Changing who may see a record: a document's or a fact's access level, and whether a
person is protected; as forms (303 to the record's page) and under /api (JSON). Only
editors and admins (the "review" permission), and only on records they can see."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from casefile.services import access, classification
from casefile.web.auth import Review
from casefile.web.context import StoreDep, require_form, require_json, templates

pages = APIRouter(default_response_class=HTMLResponse)
api = APIRouter(prefix="/api", tags=["api"])

Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
Kind = Annotated[Literal["event", "statistic"], Path()]
FormText = Annotated[str, Form(max_length=100)]
FormRoutes = [Depends(require_form)]
JsonRoutes = [Depends(require_json)]
Level = Literal["public", "internal", "confidential"]


@pages.post("/documents/{sha256}/access", dependencies=FormRoutes)
def document_access_form(
    sha256: str, store: StoreDep, principal: Review, access_level: FormText = ""
) -> Response:
    level = classification.set_document_access(store, principal.viewer, sha256, access_level)
    # Raised above one's own clearance: the document is gone from one's sight.
    target = f"/documents/{sha256}" if level <= principal.viewer.level else "/documents"
    return RedirectResponse(target, status_code=303)


@pages.post("/facts/{kind}/{fact_id}/access", dependencies=FormRoutes)
def fact_access_form(
    kind: Kind, fact_id: Id, store: StoreDep, principal: Review, access_level: FormText = ""
) -> Response:
    classification.set_fact_access(store, principal.viewer, kind, fact_id, access_level)
    visible = access_level in ("", "inherit") or access.parse_level(
        access_level) <= principal.viewer.level  # fmt: skip
    return RedirectResponse(f"/facts/{kind}/{fact_id}" if visible else "/review", status_code=303)


@pages.post("/cases/{person_id}/protect", dependencies=FormRoutes)
def protect_form(
    request: Request, person_id: Id, store: StoreDep, principal: Review,
    protected: FormText = "",
) -> Response:  # fmt: skip
    done = classification.set_protected(store, principal.viewer, person_id, protected == "1")
    if done.notice is None:
        return RedirectResponse(f"/cases/{person_id}", status_code=303)
    # Said once, to who protected: the case page shows a pseudonym to them from now on.
    return templates.TemplateResponse(request, "protected.html", {"done": done})


class AccessChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    access: Level | None = Field(description="null on a fact: as its document again")


class Protection(BaseModel):
    model_config = ConfigDict(extra="forbid")
    protected: bool


@api.put("/documents/{sha256}/access", dependencies=JsonRoutes)
def document_access(
    sha256: str, body: AccessChange, store: StoreDep, principal: Review
) -> dict[str, Any]:
    if body.access is None:
        return _invalid("a document needs an access level")
    classification.set_document_access(store, principal.viewer, sha256, body.access)
    return {"document": sha256, "access": body.access}


@api.put("/facts/{kind}/{fact_id}/access", dependencies=JsonRoutes)
def fact_access(
    kind: Kind, fact_id: Id, body: AccessChange, store: StoreDep, principal: Review
) -> dict[str, Any]:
    classification.set_fact_access(store, principal.viewer, kind, fact_id, body.access or "")
    return {"kind": kind, "id": fact_id, "access": body.access}


@api.put("/persons/{person_id}/protected", dependencies=JsonRoutes)
def protect(
    person_id: Id, body: Protection, store: StoreDep, principal: Review
) -> dict[str, Any]:
    done = classification.set_protected(store, principal.viewer, person_id, body.protected)
    return {"person": person_id, "protected": body.protected, "notice": done.notice,
            "shared_surname": [{"id": pid, "name": name} for pid, name in done.shared_surname]}


def _invalid(message: str) -> dict[str, Any]:
    from casefile.services.errors import InvalidInput

    raise InvalidInput(message)
