"""The site's files from a `SiteModel`: path (relative, "/"-separated) -> bytes.

Pages are Jinja2 templates (templates/, autoescaped) with the web app's formatting
filters (dates and terms in words, `bidi` for every quote) and every link relative, so
the site opens from a folder (file://) as well as from any web host. Without script the
lists work as pages (all cases, one page per country); filter.js only hides rows of the
full list as one types or picks a country. Nothing here depends on the time of the run
but the report's date (its day), so that an unchanged record rebuilds the same bytes."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote as url_quote
from xml.sax.saxutils import escape

import jinja2

from casefile import i18n
from casefile.publish.model import NO_COUNTRY, PublicCase, SiteModel
from casefile.reports.render import render_html
from casefile.services.countries import country_name

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = ("style.css", "filter.js")  # copied as they are
CSV_PATH = "data/cases.csv"
JSON_PATH = "data/cases.json"
REPORT_PATH = "report.html"
# The report is a print-first document (reports/render.py); on the site it is also read
# on phones: a viewport, and its wide parts (figure labels, tables) narrowed there.
PHONE = """<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
* { box-sizing: border-box; }
body { padding: 0 .6rem; }
svg, img { max-width: 100%; }
@media (max-width: 40rem) {
  .report-figures div { display: block; }
  table { font-size: .85em; }
  th, td, td.n, th.n { padding: .15em .2em; white-space: normal; overflow-wrap: anywhere; }
}
</style>
"""


@cache
def _environment() -> jinja2.Environment:
    from casefile.web.formatting import environment

    env = environment(TEMPLATES)
    env.globals.update(country_of=_country_label)
    return env


def _country_label(slug: str) -> str:
    return i18n.gettext("Country not known") if slug == NO_COUNTRY else country_name(slug.upper())


def case_path(case: PublicCase) -> str:
    return f"cases/{case.number}.html"


def country_path(slug: str) -> str:
    return f"countries/{slug}.html"


def render_site(model: SiteModel, *, base_url: str = "", language: str = "en") -> dict[str, bytes]:
    """Every file of the site. `base_url`: where it will be served, for the sitemap's
    absolute addresses (without one the sitemap lists paths relative to the site)."""
    token = i18n.set_language(language)
    try:
        files = _pages(model)
        report = render_html(model.report)
        back = ('<nav class="site-nav" aria-label="{}"><a href="index.html">{}</a></nav>'
                .format(i18n.gettext("Site"), i18n.gettext("All cases")))  # fmt: skip
        report = report.replace("</head>", PHONE + "</head>", 1)
        files[REPORT_PATH] = report.replace("<body>", "<body>\n" + back, 1).encode()
    finally:
        i18n.reset_language(token)
    files[CSV_PATH] = model.export_csv.encode()
    files[JSON_PATH] = model.export_json.encode()
    for name in STATIC:
        files[name] = (TEMPLATES / name).read_bytes()
    files["sitemap.xml"] = _sitemap(sorted(p for p in files if p.endswith(".html")), base_url)
    return files


def _pages(model: SiteModel) -> dict[str, bytes]:
    env = _environment()

    def render(name: str, **kw: Any) -> bytes:
        return env.get_template(name).render(
            model=model, case_path=case_path, country_path=country_path, csv_path=CSV_PATH,
            json_path=JSON_PATH, report_path=REPORT_PATH, **kw).encode()  # fmt: skip

    files = {"index.html": render("index.html", root="", cases=model.cases, country=None,
                                  rows_json=_rows_json(model))}  # fmt: skip
    for slug in model.countries:
        cases = [c for c in model.cases if c.country_slug == slug]
        files[country_path(slug)] = render("index.html", root="../", cases=cases,
                                           country=slug, rows_json=None)  # fmt: skip
    for case in model.cases:
        files[case_path(case)] = render("case.html", root="../", case=case)
    return files


def _rows_json(model: SiteModel) -> str:
    """What filter.js matches each row of the full list against, keyed by case number
    (embedded in the page: a file:// page may not fetch another file)."""
    rows = {str(c.number): {"country": c.country_slug, "status": c.status,
                            "name": c.name.casefold()} for c in model.cases}  # fmt: skip
    # "</" would end the script element early; JSON allows "<\/".
    return json.dumps(rows, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")


def _sitemap(paths: list[str], base_url: str) -> bytes:
    base = base_url.rstrip("/") + "/" if base_url else ""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']  # fmt: skip
    lines += [f"  <url><loc>{escape(base + url_quote(p))}</loc></url>" for p in paths]
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode()
