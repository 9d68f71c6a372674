"""Possible facts in the web app and the API (services/possible_facts.py): the events the
model scored just below its threshold, listed likeliest first for an analyst to accept
or reject. The page reads like the review queue and is guarded as it is (reading: every
reader, of what their clearance shows; answering: `review`); its forms work without
JavaScript and answer with a redirect (303) back to where the analyst was."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from babel.numbers import format_percent
from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict

from casefile.i18n import current_language
from casefile.services import possible_facts
from casefile.services import review_queue as review_queue_service
from casefile.services.paging import Page
from casefile.store.base_possible import StoredPossible
from casefile.web import serialize
from casefile.web.auth import Read, Review
from casefile.web.context import StoreDep, local_path, require_form, require_json, templates

pages = APIRouter(default_response_class=HTMLResponse)
api = APIRouter(prefix="/api", tags=["api"])

Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
FormText = Annotated[str, Form(max_length=2_000)]
# The document filter: a SHA-256, checked by the review queue's own rule (one message).
DocumentParam = Annotated[str, Query(max_length=100)]
FormRoutes = [Depends(require_form)]
JsonRoutes = [Depends(require_json)]
Json = dict[str, Any]
PAGE_SIZE = possible_facts.PAGE_SIZE
HOME = "/review/possible"


def _document(raw: str) -> str | None:
    """The document filter, or None; InvalidInput for what is no SHA-256."""
    found = review_queue_service.parse_query({"document": raw}).document
    return found.lower() if found else None


def _percent(value: float | None) -> str:
    """A probability as the reader's language writes a percentage: 62%, «62 %»."""
    return "" if value is None else format_percent(value, locale=current_language())


# -- the page -----------------------------------------------------------------------


@pages.get(HOME, name="possible_facts")
def possible_page(
    request: Request,
    store: StoreDep,
    principal: Read,
    document: DocumentParam = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    sha256 = _document(document)
    offset = (page - 1) * PAGE_SIZE
    found = possible_facts.possible_facts(store, principal.viewer, sha256, offset, PAGE_SIZE)
    # The review queue's Page, so that the shared pagination macro pages this list too.
    shown: Page[StoredPossible] = Page(found.items, found.total, page, PAGE_SIZE)
    if not found.items and page > shown.pages:
        # Answering the last items of the last page empties it: its neighbour instead.
        params = {**request.query_params, "page": str(shown.pages)}
        return RedirectResponse(f"{HOME}?{urlencode(params)}", status_code=303)
    return templates.TemplateResponse(
        request, "possible.html", {"page": shown, "document": sha256, "percent": _percent}
    )


@pages.post(HOME + "/{possible_id}/{action}", dependencies=FormRoutes, name="decide_possible")
def decide_page(
    possible_id: Id,
    action: Annotated[Literal["accept", "reject"], Path()],
    store: StoreDep,
    principal: Review,
    next: FormText = "",
) -> Response:
    possible_facts.decide(store, possible_id, action == "accept", principal.reviewer)
    # Back to the list as it was (filter, page, the next item); only a path on this site.
    return RedirectResponse(local_path(next, HOME), status_code=303)


# -- the API --------------------------------------------------------------------------


class NoFields(BaseModel):
    """An answer carries nothing but its URL: send an empty JSON object, {}."""

    model_config = ConfigDict(extra="forbid")


@api.get("/possible")
def possible_list(
    store: StoreDep,
    principal: Read,
    document: DocumentParam = "",
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = PAGE_SIZE,
) -> Json:
    """Possible facts the caller may see, likeliest first; `probability` is the model's
    (0..1), `start`/`end` the quote's place in the document's text."""
    found = possible_facts.possible_facts(store, principal.viewer, _document(document),
                                          offset=offset, limit=limit)  # fmt: skip
    return {"total": found.total, "offset": found.offset, "limit": found.limit,
            "items": [_possible_record(p) for p in found.items]}  # fmt: skip


@api.post("/possible/{possible_id}/accept", dependencies=JsonRoutes)
def accept(
    possible_id: Id, store: StoreDep, principal: Review, body: NoFields | None = None
) -> Json:
    """It is a fact: stored as an accepted event, returned as /api/facts returns one."""
    return serialize.fact(possible_facts.decide(store, possible_id, True, principal.reviewer))


@api.post("/possible/{possible_id}/reject", dependencies=JsonRoutes)
def reject(
    possible_id: Id, store: StoreDep, principal: Review, body: NoFields | None = None
) -> Json:
    """It is no fact: stored as a rejected event (a negative example for training)."""
    return serialize.fact(possible_facts.decide(store, possible_id, False, principal.reviewer))


def _possible_record(possible: StoredPossible) -> Json:
    event, evidence = possible.event, possible.event.evidence
    return {
        "id": possible.id,
        "type": event.type,
        "participant": event.participant,
        "date": event.date.iso() if event.date else None,
        "probability": event.provenance.confidence,
        "document": evidence.document_id,
        "start": evidence.start,
        "end": evidence.end,
        "quote": evidence.quote,
    }


__all__ = ["api", "pages"]
