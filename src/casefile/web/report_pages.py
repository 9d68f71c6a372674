"""The report page (`/report`) and its PDF (`/report.pdf`): the filters parsed, the
report built for the reader (casefile.reports), rendered. Read-only: GET, `read`."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from casefile.reports import ReportFilters, build_report, parse_filters
from casefile.reports.render import context, render_pdf
from casefile.services import search
from casefile.web.auth import Principal, Read
from casefile.web.context import QueryText, StoreDep, templates

router = APIRouter(default_response_class=HTMLResponse)


def _query(filters: ReportFilters) -> str:
    """The filters as the form sends them, for the PDF link."""
    fields = {"country": filters.country or "", "from": filters.first_year or "",
              "to": filters.last_year or ""}  # fmt: skip
    return urlencode({k: v for k, v in fields.items() if v})


@router.get("/report", name="report")
def report_page(
    request: Request, store: StoreDep, principal: Read, country: QueryText = "",
    first: Annotated[str, Query(alias="from", max_length=20)] = "",
    last: Annotated[str, Query(alias="to", max_length=20)] = "",
) -> Response:  # fmt: skip
    filters = parse_filters(country, first, last)
    report = build_report(store, filters, viewer=principal.viewer)
    query = _query(filters)
    return templates.TemplateResponse(request, "report.html", {
        **context(report, links=True),
        "countries": search.case_countries(store, principal.viewer),
        "pdf_href": "/report.pdf" + (f"?{query}" if query else ""),
    })  # fmt: skip


@router.get("/report.pdf", name="report_pdf")
def report_pdf(
    store: StoreDep, principal: Read, country: QueryText = "",
    first: Annotated[str, Query(alias="from", max_length=20)] = "",
    last: Annotated[str, Query(alias="to", max_length=20)] = "",
) -> Response:  # fmt: skip
    """The same report as a PDF file, in the reader's language."""
    return _pdf(store, principal, parse_filters(country, first, last))


def _pdf(store: StoreDep, principal: Principal, filters: ReportFilters) -> Response:
    pdf = render_pdf(build_report(store, filters, viewer=principal.viewer))
    name = "-".join(["casefile-report", *(str(v) for v in (
        filters.country, filters.first_year, filters.last_year) if v)])  # fmt: skip
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'})
