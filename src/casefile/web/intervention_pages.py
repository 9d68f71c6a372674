"""Interventions in the web app and the API (services/interventions.py): listed on the
case page, added and edited through forms (an attached file as multipart), deleted, the
attached file downloaded; and the same as JSON under /api. Forms answer with a redirect
(303) to the case page at the intervention."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.datastructures import FormData, UploadFile

from casefile.i18n import N_
from casefile.services import interventions
from casefile.services.access import level_name
from casefile.services.interventions import InterventionView
from casefile.sources import MAX_BYTES
from casefile.store.base_interventions import INTERVENTION_FIELDS, INTERVENTION_KINDS, NewFile
from casefile.web.auth import Read, Review
from casefile.web.context import StoreDep, parse_version, require_form, require_json, templates

pages = APIRouter(default_response_class=HTMLResponse)
api = APIRouter(prefix="/api", tags=["api"])

Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
FormRoutes = [Depends(require_form)]
JsonRoutes = [Depends(require_json)]
Json = dict[str, Any]
LEVELS = ("public", "internal", "confidential")
# The kinds as the `label` filter shows them ("appeal" is an event type's label already).
KIND_LABELS = (N_("letter"), N_("urgent action"), N_("submission"))


@pages.get("/cases/{person_id}/interventions/new", name="new_intervention")
def new_form(request: Request, person_id: Id, store: StoreDep, principal: Review) -> Response:
    # the case must exist for the editor (else: not found, as any hidden case)
    interventions.for_case(store, person_id, principal.viewer)
    return _form(request, None, person_id)


@pages.post("/cases/{person_id}/interventions", dependencies=FormRoutes, name="add_intervention")
async def add(request: Request, person_id: Id, store: StoreDep, principal: Review) -> Response:
    form = await _read_form(request)
    added = interventions.add(store, person_id, _fields(form), principal.reviewer,
                              await _file(form))  # fmt: skip
    return _to_case(added)


@pages.get("/interventions/{intervention_id}/edit", name="edit_intervention")
def edit_form(
    request: Request, intervention_id: Id, store: StoreDep, principal: Review
) -> Response:
    shown = interventions.get(store, intervention_id, principal.viewer)
    return _form(request, shown, shown.case_id)


@pages.post("/interventions/{intervention_id}", dependencies=FormRoutes, name="save_intervention")
async def edit(
    request: Request, intervention_id: Id, store: StoreDep, principal: Review
) -> Response:
    form = await _read_form(request)
    saved = interventions.edit(
        store, intervention_id, _fields(form), principal.reviewer, await _file(form),
        remove_file=str(form.get("remove_file") or "") == "1",
        version=parse_version(str(form.get("version") or "")),
    )  # fmt: skip
    return _to_case(saved)


@pages.post("/interventions/{intervention_id}/delete", dependencies=FormRoutes,
            name="delete_intervention")  # fmt: skip
def delete(intervention_id: Id, store: StoreDep, principal: Review) -> Response:
    shown = interventions.get(store, intervention_id, principal.viewer)
    interventions.delete(store, intervention_id, principal.reviewer)
    return RedirectResponse(f"/cases/{shown.case_id}#interventions", status_code=303)


@pages.get("/interventions/{intervention_id}/file", name="intervention_file")
def attached(intervention_id: Id, store: StoreDep, principal: Read) -> Response:
    """The file as received, as a download: never rendered as a page of this site."""
    found, data = interventions.attached_file(store, intervention_id, principal.viewer)
    ascii_name = found.name.replace('"', "").encode("ascii", "replace").decode() or "file"
    disposition = f'attachment; filename="{ascii_name}"'
    return Response(data, media_type="application/octet-stream",
                    headers={"Content-Disposition": disposition})


def _form(request: Request, shown: InterventionView | None, case_id: int) -> Response:
    return templates.TemplateResponse(
        request, "intervention_form.html",
        {"shown": shown, "case_id": case_id, "kinds": INTERVENTION_KINDS, "levels": LEVELS,
         "level_name": level_name},
    )  # fmt: skip


async def _read_form(request: Request) -> FormData:
    return await request.form(max_files=1, max_fields=20, max_part_size=MAX_BYTES + 1)


def _fields(form: FormData) -> dict[str, str]:
    return {name: str(form.get(name) or "") for name in INTERVENTION_FIELDS if name in form}


async def _file(form: FormData) -> NewFile | None:
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    data = await upload.read(MAX_BYTES + 1)
    return interventions.new_file(upload.filename, upload.content_type or "", data)


def _to_case(shown: InterventionView) -> Response:
    return RedirectResponse(f"/cases/{shown.case_id}#intervention-{shown.id}", status_code=303)


# -- the API ------------------------------------------------------------------------------


class NewIntervention(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: str = Field(max_length=40, description=", ".join(INTERVENTION_KINDS))
    date: str | None = Field(None, max_length=20, description="ISO, possibly partial")
    sender: str = Field("", max_length=interventions.MAX_LINE)
    addressee: str = Field("", max_length=interventions.MAX_LINE)
    channel: str = Field("", max_length=interventions.MAX_LINE)
    text: str = Field("", max_length=interventions.MAX_TEXT)
    response: str = Field("", max_length=interventions.MAX_TEXT)
    outcome: str = Field("", max_length=interventions.MAX_TEXT)
    access: str | None = Field(None, max_length=20,
                               description="public, internal or confidential; none: as its case")


class InterventionChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: str | None = Field(None, max_length=40)
    date: str | None = Field(None, max_length=20)
    sender: str | None = Field(None, max_length=interventions.MAX_LINE)
    addressee: str | None = Field(None, max_length=interventions.MAX_LINE)
    channel: str | None = Field(None, max_length=interventions.MAX_LINE)
    text: str | None = Field(None, max_length=interventions.MAX_TEXT)
    response: str | None = Field(None, max_length=interventions.MAX_TEXT)
    outcome: str | None = Field(None, max_length=interventions.MAX_TEXT)
    access: str | None = Field(None, max_length=20)
    version: int | None = Field(None, description="The version edited; a newer one is 409.")


@api.get("/cases/{person_id}/interventions")
def list_api(person_id: Id, store: StoreDep, principal: Read) -> Json:
    shown = interventions.for_case(store, person_id, principal.viewer)
    return {"items": [intervention_json(s) for s in shown]}


@api.post("/cases/{person_id}/interventions", dependencies=JsonRoutes, status_code=201)
def add_api(person_id: Id, body: NewIntervention, store: StoreDep, principal: Review) -> Json:
    fields = _api_fields(body.model_dump(exclude_unset=True))
    return intervention_json(interventions.add(store, person_id, fields, principal.reviewer))


@api.get("/interventions/{intervention_id}")
def get_api(intervention_id: Id, store: StoreDep, principal: Read) -> Json:
    return intervention_json(interventions.get(store, intervention_id, principal.viewer))


@api.patch("/interventions/{intervention_id}", dependencies=JsonRoutes)
def edit_api(
    intervention_id: Id, body: InterventionChange, store: StoreDep, principal: Review
) -> Json:
    given = body.model_dump(exclude_unset=True)
    version = given.pop("version", None)
    saved = interventions.edit(store, intervention_id, _api_fields(given), principal.reviewer,
                               version=version)  # fmt: skip
    return intervention_json(saved)


@api.delete("/interventions/{intervention_id}")
def delete_api(intervention_id: Id, store: StoreDep, principal: Review) -> Json:
    interventions.delete(store, intervention_id, principal.reviewer)
    return {"deleted": intervention_id}


def _api_fields(given: dict[str, Any]) -> dict[str, Any]:
    if "access" in given:
        given["access_level"] = given.pop("access") or ""
    return {k: ("" if v is None and k != "date" else v) for k, v in given.items()}


def intervention_json(shown: InterventionView) -> Json:
    i = shown.intervention
    return {
        "id": i.id, "case": {"id": shown.case_id, "name": shown.case_name},
        "kind": i.kind, "date": i.date.iso() if i.date else None, "sender": i.sender,
        "addressee": i.addressee, "channel": i.channel, "text": i.text,
        "response": i.response, "outcome": i.outcome,
        "file": None if i.file is None else {
            "name": i.file.name, "media_type": i.file.media_type, "sha256": i.file.sha256,
            "size": i.file.size,
            "url": f"/interventions/{i.id}/file" if shown.file_served else None},
        "access": level_name(i.access_level) if i.access_level is not None else None,
        "version": i.version, "created_by": i.created_by, "created_at": i.created_at,
        "updated_by": i.updated_by, "updated_at": i.updated_at,
    }  # fmt: skip
