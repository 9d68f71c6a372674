"""Reports: what the records document, counted for one reader (`build.build_report` ->
a plain `Report`), apart from what sources claim, drawn as SVG charts
(`charts`) and written as HTML or PDF (`render`). The CLI (`casefile report`) and the web
page (`/report`, web/report_pages.py) are thin layers over these. See docs/reports.md."""

from casefile.reports.build import Report, ReportFilters, build_report, parse_filters

__all__ = ["Report", "ReportFilters", "build_report", "parse_filters"]
