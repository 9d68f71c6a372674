"""Case curation in the web app: mark a case "not a person" / "not a victim", move an
event to another case (found by name), and the list of such decisions with their undo.
Forms answer with a redirect (303) to the list, where the newest decision stands first
with its undo button; the rules are in services/curation.py."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from casefile.services import curation
from casefile.services.review import get_fact
from casefile.store.base import StoredEvent
from casefile.web.auth import Read, Review
from casefile.web.context import (
    QueryText,
    StoreDep,
    local_path,
    parse_version,
    require_form,
    templates,
)

router = APIRouter(default_response_class=HTMLResponse)

Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
Kind = Annotated[Literal["event", "statistic"], Path()]
FormText = Annotated[str, Form(max_length=1_000)]
FormRoutes = [Depends(require_form)]


@router.get("/curation", name="curations")
def curation_list(request: Request, store: StoreDep, principal: Read) -> Response:
    shown = curation.curations(store, principal.viewer)
    return templates.TemplateResponse(request, "curation.html", {"curations": shown})


@router.post("/cases/{person_id}/curate", dependencies=FormRoutes, name="curate_case")
def curate_case(
    person_id: Id, store: StoreDep, principal: Review, verdict: FormText = ""
) -> Response:
    done = curation.mark(store, person_id, verdict, principal.reviewer)
    return RedirectResponse(f"/curation#curation-{done.id}", status_code=303)


@router.get("/facts/{kind}/{fact_id}/move", name="move_event_form")
def move_form(
    request: Request, kind: Kind, fact_id: Id, store: StoreDep, principal: Review,
    q: QueryText = "",
) -> Response:  # fmt: skip
    event = _event(store, kind, fact_id, principal)
    targets = curation.move_targets(store, q, event, principal.viewer)
    return templates.TemplateResponse(
        request, "move_event.html", {"fact": event, "q": q, "targets": targets}
    )


@router.post("/facts/{kind}/{fact_id}/move", dependencies=FormRoutes, name="move_event")
def move_event(
    kind: Kind, fact_id: Id, store: StoreDep, principal: Review,
    target: FormText = "", version: FormText = "",
) -> Response:  # fmt: skip
    _event(store, kind, fact_id, principal)
    done = curation.move_event(store, fact_id, curation.parse_person_id(target),
                               principal.reviewer, parse_version(version))  # fmt: skip
    return RedirectResponse(f"/curation#curation-{done.id}", status_code=303)


@router.post("/curation/{curation_id}/undo", dependencies=FormRoutes, name="undo_curation")
def undo_curation(
    curation_id: Id, store: StoreDep, principal: Review, next: FormText = ""
) -> Response:
    done = curation.undo(store, curation_id, principal.reviewer)
    return RedirectResponse(local_path(next, f"/curation#curation-{done.id}"), status_code=303)


def _event(store: StoreDep, kind: str, fact_id: int, principal: Review) -> StoredEvent:
    """The event as the reviewer may see it; a statistic is about no one: as missing."""
    if kind != "event":
        curation.no_statistic(fact_id)
    fact = get_fact(store, "event", fact_id, principal.viewer)
    assert isinstance(fact, StoredEvent)
    return fact
