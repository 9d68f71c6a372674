"""Advocacy in the web app: a person's consent to be named in publications (a form on
the case page, 303 back to it; and under /api), and drafts of appeal letters and urgent
actions from the case's record (the form on the case page; the file downloaded). The
rules are in services/consent.py and casefile.advocacy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from casefile.advocacy import drafts, render
from casefile.advocacy.authorities import load_authorities
from casefile.i18n import Msg
from casefile.services import consent, linking
from casefile.store.base import Store
from casefile.store.base_consent import Consent
from casefile.web.auth import Principal, Read, Review
from casefile.web.context import StoreDep, require_form, require_json, templates

pages = APIRouter(default_response_class=HTMLResponse)
api = APIRouter(prefix="/api", tags=["api"])

Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
FormText = Annotated[str, Form(max_length=1_000)]
FormRoutes = [Depends(require_form)]
JsonRoutes = [Depends(require_json)]
DraftKind = Annotated[Literal["appeal", "urgent-action"], Query()]
DraftFormat = Annotated[Literal["md", "pdf", "docx"], Query(alias="format")]
Demands = Annotated[list[str], Query(max_length=len(drafts.DEMANDS))]
Choice = Annotated[Literal["", "0", "1"], Query()]
Addressee = Annotated[int, Query(ge=0, le=1_000)]


@dataclass(frozen=True)
class DraftChoices:
    """The draft form's choices, as the query string gives them (a GET form: drafting
    changes nothing, so the address can be kept and sent again)."""

    kind: str
    demands: tuple[str, ...]
    unreviewed: bool
    publication: bool | None
    addressee: int

    @property
    def query(self) -> str:
        """The choices as a query string, for the download links."""
        pairs = [("kind", self.kind), *(("demand", d) for d in self.demands),
                 ("unreviewed", "1" if self.unreviewed else ""),
                 ("publication", "" if self.publication is None else str(int(self.publication))),
                 ("addressee", str(self.addressee))]  # fmt: skip
        return urlencode(pairs)

    def build(self, store: Store, person_id: int, principal: Principal) -> drafts.Draft:
        return drafts.build_draft(store, person_id, principal.viewer, kind=self.kind,
                                  demands=self.demands, unreviewed=self.unreviewed,
                                  for_publication=self.publication,
                                  authorities=load_authorities(),
                                  addressee=self.addressee)  # fmt: skip


def draft_choices(
    kind: DraftKind = "appeal", demand: Demands = [], unreviewed: Choice = "",  # noqa: B006
    publication: Choice = "", addressee: Addressee = 0,
) -> DraftChoices:  # fmt: skip
    return DraftChoices(kind, tuple(demand) or drafts.DEFAULT_DEMANDS, unreviewed == "1",
                        None if publication == "" else publication == "1", addressee)


ChoicesDep = Annotated[DraftChoices, Depends(draft_choices)]


@pages.get("/cases/{person_id}/draft", name="draft_form")
def draft_form(
    request: Request, person_id: Id, store: StoreDep, principal: Read, choices: ChoicesDep,
) -> Response:  # fmt: skip
    """The draft form, with the draft its choices make shown below it."""
    case_id = linking.case_of(store, person_id, principal.viewer)
    if case_id != person_id:
        return RedirectResponse(f"/cases/{case_id}/draft", status_code=301)
    made = choices.build(store, person_id, principal)
    return templates.TemplateResponse(request, "draft.html", {
        "draft": made, "choices": choices, "preview": render.render_markdown(made),
        "demands": drafts.DEMANDS})  # fmt: skip


@pages.get("/cases/{person_id}/draft/file", name="draft_file")
def draft_file(
    person_id: Id, store: StoreDep, principal: Read, choices: ChoicesDep,
    fmt: DraftFormat = "md",
) -> Response:  # fmt: skip
    """The draft as a file to download (Markdown, PDF or DOCX)."""
    case_id = linking.case_of(store, person_id, principal.viewer)
    made = choices.build(store, case_id, principal)
    # The file's name holds no name of a person: downloads folders are not confidential.
    name = f"{made.kind}-{case_id}.{fmt}"
    return Response(render.render(made, fmt), media_type=render.MEDIA_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


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
        raise InvalidInput(Msg("given: 1 (agreed to be named) or 0 (refused)"))
    return raw == "1"


def _json(found: Consent | None) -> dict[str, Any] | None:
    if found is None:
        return None
    return {"given": found.given, "given_by": found.given_by, "note": found.note,
            "recorded_by": found.recorded_by, "recorded_at": found.recorded_at}
