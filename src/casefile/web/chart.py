"""The dashboard's chart geometry: stacked bars of events per month (or year) by type,
drawn as an SVG by the template (no JavaScript, no chart library). Each bar links to the
case list filtered to its type and period; each period's label to the list of that
period."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from casefile.services.stats import MonthlyCounts

WIDTH = 760
HEIGHT = 240
LEFT = 36  # room for the y-axis labels
BOTTOM = 28  # room for the month labels
TOP = 10


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    kind: str
    month: str  # the period: YYYY-MM, or YYYY when the chart counts by year
    count: int
    href: str  # the cases with an event of this type in this period


@dataclass(frozen=True)
class Tick:
    position: float
    label: str
    href: str = ""


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    x_labels: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    baseline: float = 0.0
    left: float = LEFT
    empty: bool = True


def cases_in(period: str, kind: str | None = None) -> str:
    """The case list of persons with an event (of `kind`) in `period` (YYYY or YYYY-MM)."""
    query = {"event_type": kind} if kind else {}
    return "/cases?" + urlencode({**query, "date_from": period, "date_to": period})


def monthly_chart(counts: MonthlyCounts) -> Chart:
    peak = counts.peak
    baseline = float(HEIGHT - BOTTOM)
    if peak == 0 or not counts.months:
        return Chart(width=WIDTH, height=HEIGHT, baseline=baseline, types=counts.types)
    plot_height = baseline - TOP
    slot = (WIDTH - LEFT) / len(counts.months)
    bar_width = max(slot * 0.75, 1.0)
    scale = plot_height / peak
    bars: list[Bar] = []
    x_labels: list[Tick] = []
    every = max(1, len(counts.months) // 8)  # about eight period labels at most
    for i, month in enumerate(counts.months):
        x = LEFT + i * slot + (slot - bar_width) / 2
        top = baseline
        for kind in counts.types:
            n = counts.counts.get((month, kind), 0)
            if n:
                height = n * scale
                top -= height
                bars.append(Bar(round(x, 1), round(top, 1), round(bar_width, 1),
                                round(height, 1), kind, month, n,
                                cases_in(month, kind)))  # fmt: skip
        if i % every == 0:
            x_labels.append(Tick(round(x + bar_width / 2, 1), month, cases_in(month)))
    y_ticks = [Tick(round(baseline - value * scale, 1), str(value)) for value in _nice_ticks(peak)]
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        bars=bars,
        x_labels=x_labels,
        y_ticks=y_ticks,
        types=counts.types,
        baseline=baseline,
        empty=False,
    )


def _nice_ticks(peak: int) -> list[int]:
    """0, the peak, and a round value or two between."""
    step = 1
    for candidate in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000):
        step = candidate
        if peak / candidate <= 4:
            break
    return list(range(0, peak + 1, step))
