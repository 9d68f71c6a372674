"""Advocacy in the web app: a person's consent to be named in publications (a form on
the case page, 303 back to it; and under /api), and drafts of appeal letters and urgent
actions from the case's record (the form on the case page; the file downloaded). The
rules are in services/consent.py and casefile.advocacy."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Path
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from casefile.services import consent
from casefile.store.base_consent import Consent
from casefile.web.auth import Read, Review
from casefile.web.context import StoreDep, require_form, require_json

pages = APIRouter(default_response_class=HTMLResponse)
api = APIRouter(prefix="/api", tags=["api"])

Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
FormText = Annotated[str, Form(max_length=1_000)]
FormRoutes = [Depends(require_form)]
JsonRoutes = [Depends(require_json)]


@pages.post("/cases/{person_id}/consent", dependencies=FormRoutes, name="consent_form")
def consent_form(
    person_id: Id, store: StoreDep, principal: Review,
    given: FormText = "", given_by: FormText = "", note: FormText = "",
) -> Response:  # fmt: skip
    consent.record_consent(store, person_id, given=_given(given), given_by=given_by,
                           note=note, by=principal.reviewer)  # fmt: skip
    return RedirectResponse(f"/cases/{person_id}#consent", status_code=303)


class ConsentBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    given: bool = Field(description="agreed to be named publicly (false: refused)")
    given_by: Literal["person", "family", "lawyer"]
    note: str = Field("", max_length=1_000)


@api.get("/persons/{person_id}/consent")
def consent_read(person_id: Id, store: StoreDep, principal: Read) -> dict[str, Any]:
    """The person's consent to be named in publications; `consent` null: none recorded
    (publications show a pseudonym)."""
    return {"person": person_id,
            "consent": _json(consent.consent_seen(store, principal.viewer, person_id))}


@api.put("/persons/{person_id}/consent", dependencies=JsonRoutes)
def consent_write(
    person_id: Id, body: ConsentBody, store: StoreDep, principal: Review
) -> dict[str, Any]:
    done = consent.record_consent(store, person_id, given=body.given, given_by=body.given_by,
                                  note=body.note, by=principal.reviewer)  # fmt: skip
    return {"person": person_id, "consent": _json(done)}


def _given(raw: str) -> bool:
    from casefile.services.errors import InvalidInput

    if raw not in ("1", "0"):
        raise InvalidInput("given: 1 (agreed to be named) or 0 (refused)")
    return raw == "1"


def _json(found: Consent | None) -> dict[str, Any] | None:
    if found is None:
        return None
    return {"given": found.given, "given_by": found.given_by, "note": found.note,
            "recorded_by": found.recorded_by, "recorded_at": found.recorded_at}
