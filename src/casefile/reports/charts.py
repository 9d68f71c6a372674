"""A report's charts: horizontal bars of cases per row of a table, drawn as SVG by the
templates (report_macros.html), as web/chart.py draws the dashboard's.

Made to print and to be read without colour: each bar is split into the cases with an
accepted fact (solid, dark) and those with unreviewed facts only (white, dashed
outline), every bar is labelled in words with its figures, and the chart has a title
and a description. Presentation attributes, not CSS, so that a PDF or a saved HTML file
draws them the same."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from casefile.reports.build import Row

WIDTH = 640
LABEL_WIDTH = 220  # room for the row labels, left of the bars
VALUE_WIDTH = 150  # room for the figures, right of the bars
BAR = 16
GAP = 8
TOP = 6
MAX_BARS = 20  # a chart of the first rows; the table below it holds them all


@dataclass(frozen=True)
class HBar:
    """A row's bar; the template names it and says its figures in the reader's words."""

    y: float
    accepted: float  # widths
    unreviewed: float
    row: Row


@dataclass(frozen=True)
class HChart:
    slug: str  # the table's: unique on the page (the SVG's title and description ids)
    width: int
    height: int
    x0: float  # where the bars start
    bars: list[HBar] = field(default_factory=list)
    left_out: int = 0  # rows not drawn (MAX_BARS)

    @property
    def empty(self) -> bool:
        return not self.bars


def hbar_chart(slug: str, rows: Sequence[Row], *, by_year: bool = False) -> HChart:
    """Bars for the first MAX_BARS rows with a case; for years, every year (none is
    left out of a series) and the latest MAX_BARS."""
    shown = list(rows) if by_year else [r for r in rows if r.cases]
    drawn = shown[-MAX_BARS:] if by_year else shown[:MAX_BARS]
    left_out = len(shown) - len(drawn)
    height = TOP * 2 + len(drawn) * (BAR + GAP)
    peak = max((r.cases for r in drawn), default=0)
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    scale = span / peak if peak else 0.0
    bars = [
        HBar(TOP + i * (BAR + GAP), round(r.accepted * scale, 1),
             round(r.unreviewed * scale, 1), r)  # fmt: skip
        for i, r in enumerate(drawn)
    ]
    return HChart(slug, WIDTH, height, LABEL_WIDTH, bars, left_out)
