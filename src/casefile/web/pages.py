"""The read-only pages: dashboard, cases, a case, documents, a document, organisations,
search. Each parses its input, calls one service and renders a template."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse

from casefile.services import (
    alerts,
    consent,
    curation,
    documents,
    interventions,
    linking,
    organisations,
    possible_facts,
    scans,
    search,
    stats,
    views,
)
from casefile.services.access import level_name
from casefile.services.case_export import ListFormat, case_list_pieces
from casefile.services.cases import STATUSES, case_view
from casefile.services.countries import country_name
from casefile.services.search import CaseFilters
from casefile.services.timeline import case_timeline
from casefile.web import alert_pages
from casefile.web.auth import Ingest, Principal, Read
from casefile.web.chart import monthly_chart
from casefile.web.context import QueryText, StoreDep, StorePool, templates
from casefile.web.filters import CaseFiltersDep
from casefile.web.timeline_chart import timeline_chart

router = APIRouter(default_response_class=HTMLResponse)

# SQLite integers are 64-bit; a larger id is "not found", never an overflow.
Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
PageNumber = Annotated[int, Query(ge=1, le=100_000)]
# A checkbox: "1" when ticked (FastAPI reads "1", "true", "on" and "yes" as true).
Flag = Annotated[bool, Query()]


@router.get("/", name="dashboard")
def dashboard(
    request: Request, store: StoreDep, principal: Read,
    first: Annotated[str, Query(alias="from", max_length=20)] = "",
    last: Annotated[str, Query(alias="to", max_length=20)] = "",
) -> Response:  # fmt: skip
    period = stats.parse_month_range(first, last)
    board = stats.dashboard(store, viewer=principal.viewer, period=period)
    coming = alert_pages.report_for(request, store, principal.viewer,
                                    no_news_limit=alert_pages.DASHBOARD_QUIET,
                                    limit=alert_pages.DASHBOARD_ALERTS)  # fmt: skip
    return templates.TemplateResponse(
        request,
        "dashboard.html",
        {"board": board, "chart": monthly_chart(board.per_month), "alerts": coming,
         "alert_when": alerts.when, "alert_title": alerts.title,
         "alert_details": alerts.details},
    )


@router.get("/cases", name="cases")
def cases(
    request: Request,
    store: StoreDep,
    principal: Read,
    filters: CaseFiltersDep,
    page: PageNumber = 1,
) -> Response:
    found = search.find_cases(store, filters, page, viewer=principal.viewer)
    return templates.TemplateResponse(
        request,
        "cases.html",
        {
            "page": found,
            "filters": filters,
            "form": request.query_params,
            "organisation_name": filters.organisation_name,
            "statuses": STATUSES,
            "countries": search.case_countries(store, principal.viewer),
            "facets": search.case_facets(store, filters, viewer=principal.viewer),
            "country_name": country_name,
            "sorts": search.CASE_SORTS,
        },
    )


def _case_list_download(
    request: Request, principal: Principal, filters: CaseFilters, format: ListFormat
) -> Response:
    """Every case the filters list (all pages), as the reader may see them. The records
    are read as the response is written (its first bytes leave at once), from a store of
    the download's own, given back to the pool after the last piece (or when the client
    goes away: the generator is closed)."""
    pool: StorePool = request.app.state.stores
    store = pool.acquire()
    try:
        body = case_list_pieces(store, filters, format, viewer=principal.viewer)
    except BaseException:
        pool.release(store, reusable=False)
        raise

    def pieces() -> Iterator[str]:
        done = False
        try:
            yield from body
            done = True
        finally:
            pool.release(store, reusable=done)

    media = "text/csv" if format == "csv" else "application/json"
    return StreamingResponse(
        pieces(), media_type=f"{media}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="cases.{format}"'},
    )  # fmt: skip


@router.get("/cases.csv", name="case_list_csv")
def case_list_csv(request: Request, principal: Read, filters: CaseFiltersDep) -> Response:
    return _case_list_download(request, principal, filters, "csv")


@router.get("/cases.json", name="case_list_json")
def case_list_json(request: Request, principal: Read, filters: CaseFiltersDep) -> Response:
    return _case_list_download(request, principal, filters, "json")


@router.get("/cases/{person_id}", name="case")
def case(request: Request, person_id: Id, store: StoreDep, principal: Read) -> Response:
    canonical = linking.case_of(store, person_id, principal.viewer)
    if canonical != person_id:  # merged into another case: that is where it lives now
        return RedirectResponse(f"/cases/{canonical}", status_code=301)
    view = case_view(store, person_id, viewer=principal.viewer)
    views.case_viewed(store, view.timeline.person, principal.viewer, "page")
    titles = documents.titles_of(
        store, (s.event.evidence.document_id for s in view.timeline.events), principal.viewer)
    rows = case_timeline(view.timeline.events)
    return templates.TemplateResponse(
        request,
        "case.html",
        {"view": view, "titles": titles, "rows": rows, "chart": timeline_chart(rows),
         "merges": linking.merges_of(store, person_id, principal.viewer),
         "verdict": curation.case_verdict(store, person_id, principal.viewer),
         "consent": consent.consent_seen(store, principal.viewer, person_id),
         "interventions": interventions.for_case(store, person_id, principal.viewer),
         "level_name": level_name},
    )


@router.get("/documents", name="documents")
def document_list(
    request: Request, store: StoreDep, principal: Read, page: PageNumber = 1
) -> Response:
    found = documents.list_documents(store, page, viewer=principal.viewer)
    return templates.TemplateResponse(
        request, "documents.html", {"page": found}
    )


@router.get("/documents/new", name="new_document")
def new_document(request: Request, principal: Ingest) -> Response:
    return templates.TemplateResponse(
        request, "document_new.html", {"form": {}, "error": None}
    )


@router.get("/documents/{sha256}", name="document")
def document(
    request: Request, sha256: str, store: StoreDep, principal: Read,
    reextracted: Annotated[str, Query(max_length=40)] = "",
) -> Response:  # fmt: skip
    view = documents.document_view(store, sha256, viewer=principal.viewer)
    views.document_viewed(store, view, principal.viewer, "page")
    # Where a re-upload of this document lands: what its extraction changed, in words.
    again = documents.reextraction_note(reextracted)
    # the model's near misses in this document, for a link to answer them
    possible = possible_facts.waiting(store, principal.viewer, sha256)
    return templates.TemplateResponse(
        request, "document.html", {"view": view, "reextracted": again, "possible": possible}
    )


@router.get("/documents/{sha256}/original", name="original")
def original(sha256: str, store: StoreDep, principal: Read) -> Response:
    """The bytes as received, as a download: never rendered as a page of this site."""
    view = documents.document_view(store, sha256, viewer=principal.viewer)
    data = documents.original(store, sha256, principal.viewer)
    views.document_viewed(store, view, principal.viewer, "original")
    name = (view.document.source_name or sha256[:12]).strip("<>").replace('"', "")
    ascii_name = name.encode("ascii", "replace").decode()
    return Response(
        data,
        media_type="application/octet-stream",
        headers={"Content-Disposition": f'attachment; filename="{ascii_name}"'},
    )


@router.get("/documents/{sha256}/page-image", name="page_image")
def page_image(
    sha256: str, store: StoreDep, principal: Read,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:  # fmt: skip
    """A scanned page as OCR read it (PNG), under the rules of the original's bytes."""
    data = scans.page_image(store, sha256, page, principal.viewer)
    view = documents.document_view(store, sha256, viewer=principal.viewer)
    views.document_viewed(store, view, principal.viewer, "page image")
    return Response(data, media_type="image/png",
                    headers={"Content-Disposition": f'inline; filename="page-{page}.png"'})


@router.get("/organisations", name="organisations")
def organisation_list(
    request: Request, store: StoreDep, principal: Read, page: PageNumber = 1,
    q: QueryText = "", designated: Flag = False, all: Flag = False,
) -> Response:
    found = organisations.list_organisations(
        store, page, viewer=principal.viewer, q=q, designated=designated, everything=all)
    return templates.TemplateResponse(
        request, "organisations.html",
        {"page": found, "q": q, "designated": designated, "everything": all},
    )


@router.get("/organisations/{organisation_id}", name="organisation")
def organisation(
    request: Request, organisation_id: Id, store: StoreDep, principal: Read
) -> Response:
    view = organisations.organisation_view(store, organisation_id, viewer=principal.viewer)
    return templates.TemplateResponse(
        request, "organisation.html", {"view": view}
    )


@router.get("/search", name="search")
def search_page(request: Request, store: StoreDep, principal: Read, q: QueryText = "") -> Response:
    results = search.search(store, q, viewer=principal.viewer)
    return templates.TemplateResponse(
        request, "search.html", {"results": results}
    )
