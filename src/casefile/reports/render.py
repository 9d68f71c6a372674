"""A report as a document: HTML (a file of its own: styles inside, no script, no link
back to the server) or PDF through WeasyPrint; the web page (web/report_pages.py)
shows the same body (templates/report_body.html) inside the site.

Words, numbers and dates are the language's (casefile.i18n); the templates are the web
app's, rendered here by an environment of the same settings and filters, so that
neither the CLI nor a test needs the web application to write a report."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from casefile import i18n
from casefile.reports.build import Report, Row
from casefile.reports.charts import HChart, hbar_chart
from casefile.services.countries import country_name

TEMPLATES = Path(__file__).resolve().parent.parent / "web" / "templates"
CHARGE_ROWS = 50  # the table's first rows: thousands of wordings help no reader
FORMATS = ("html", "pdf")


@cache
def _environment() -> jinja2.Environment:
    """Made when first used: web/formatting.py is imported through the web package,
    whose app imports this module (web/report_pages.py)."""
    from casefile.web.formatting import environment

    return environment(TEMPLATES)


def tables(report: Report) -> list[tuple[str, list[Row], HChart]]:
    """The report's tables in the order shown: (slug, rows, chart)."""
    charges = report.by_charge[:CHARGE_ROWS]
    return [
        ("country", report.by_country, hbar_chart("country", report.by_country)),
        ("year", report.by_year, hbar_chart("year", report.by_year, by_year=True)),
        ("type", report.by_type, hbar_chart("type", report.by_type)),
        ("charge", charges, hbar_chart("charge", charges)),
        ("sentence", report.by_sentence, hbar_chart("sentence", report.by_sentence)),
    ]


def context(report: Report, *, links: bool) -> dict[str, Any]:
    """What report_body.html needs; `links`: whether records may link to the site's
    pages (the web page) or not (a file read anywhere)."""
    return {"report": report, "tables": tables(report), "country_name": country_name,
            "links": links, "charge_rows": CHARGE_ROWS}  # fmt: skip


def render_html(report: Report, language: str | None = None) -> str:
    """The report as a whole HTML document, in `language` (else the current one)."""
    token = i18n.set_language(language) if language else None
    try:
        template = _environment().get_template("report_document.html")
        return template.render(context(report, links=False))
    finally:
        if token is not None:
            i18n.reset_language(token)


def render_pdf(report: Report, language: str | None = None) -> bytes:
    """The same document as PDF (WeasyPrint draws the SVG charts itself)."""
    from weasyprint import HTML  # loads pango through cffi: only when a PDF is asked for

    pdf = HTML(string=render_html(report, language)).write_pdf()
    assert pdf is not None  # write_pdf returns bytes when given no target
    return bytes(pdf)


def render(report: Report, format: str, language: str | None = None) -> bytes:
    if format == "pdf":
        return render_pdf(report, language)
    return render_html(report, language).encode("utf-8")
