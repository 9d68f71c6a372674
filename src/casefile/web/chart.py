"""The dashboard's chart geometry: stacked bars of events per month (or year) by type,
drawn as an SVG by the template (no JavaScript, no chart library). Each bar links to the
case list filtered to its type and period; each period's label to the list of that
period.

Types are told apart by more than colour: each type of the chart has its own fill
pattern (stripes of four angles, crossings, dots; sparse and dense), drawn over its
colour in the bars and in the legend, so that a reader who cannot tell the hues apart,
or a grey print, still can. Periods are written in words in the reader's language
("Mar 2023", «март 2023 г.»); links and data attributes keep YYYY-MM."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from babel.dates import format_skeleton

from casefile.i18n import current_language
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
    words: str = ""  # the period in words: "March 2023"


@dataclass(frozen=True)
class Tick:
    position: float
    label: str
    href: str = ""


@dataclass(frozen=True)
class Pattern:
    """A type's fill pattern: an SVG tile of `size` user units holding `path` (stroked)
    or, for dots, `dots` circles of radius `radius`."""

    id: str
    size: int
    path: str = ""
    dots: tuple[tuple[float, float], ...] = ()
    radius: float = 0.0


# The tiles, in the order the chart's types take them (its first type the first), each
# drawn sparse, then all of them dense: 18 patterns, as many as there are event types.
_TILES: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("M0,{h}H{s}", ()),  # horizontal stripes
    ("M-1,1L1,-1M0,{s}L{s},0M{s1},{s2}L{s2},{s1}", ()),  # rising diagonals
    ("M{h},0V{s}", ()),  # vertical stripes
    ("M-1,{s1}L1,{s2}M0,0L{s},{s}M{s1},-1L{s2},1", ()),  # falling diagonals
    ("", (("{h}", "{h}"),)),  # dots
    ("M0,{h}H{s}M{h},0V{s}", ()),  # grid
    ("M0,0L{s},{s}M0,{s}L{s},0", ()),  # crossed diagonals
    ("", (("0", "0"), ("{h}", "{h}"))),  # offset dots
    ("M0,1H{s}M0,{h}H{s}", ()),  # double stripes
)


def patterns_for(types: list[str]) -> dict[str, Pattern]:
    """Each type of a chart its own pattern, in the chart's order of types."""
    out: dict[str, Pattern] = {}
    for i, kind in enumerate(types):
        path, dots = _TILES[i % len(_TILES)]
        size = 8 if (i // len(_TILES)) % 2 == 0 else 5
        values = {"s": str(size), "h": str(size / 2), "s1": str(size - 1), "s2": str(size + 1)}
        out[kind] = Pattern(
            f"pattern-{kind}", size, path.format(**values),
            tuple((float(x.format(**values)), float(y.format(**values))) for x, y in dots),
            1.2 if size == 8 else 0.9,
        )
    return out


def period_words(period: str, short: bool = False) -> str:
    """A chart period in the reader's words: "2023" as it is; "2023-03" as "March 2023"
    («март 2023 г.»), or "Mar 2023" («мар. 2023 г.») for an axis."""
    if len(period) != 7:
        return period
    month = date(int(period[:4]), int(period[5:7]), 1)
    return format_skeleton("yMMM" if short else "yMMMM", month, locale=current_language())


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    x_labels: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    patterns: dict[str, Pattern] = field(default_factory=dict)
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
        return Chart(width=WIDTH, height=HEIGHT, baseline=baseline, types=counts.types,
                     patterns=patterns_for(counts.types))  # fmt: skip
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
        words = period_words(month)
        for kind in counts.types:
            n = counts.counts.get((month, kind), 0)
            if n:
                height = n * scale
                top -= height
                bars.append(Bar(round(x, 1), round(top, 1), round(bar_width, 1),
                                round(height, 1), kind, month, n,
                                cases_in(month, kind), words))  # fmt: skip
        if i % every == 0:
            x_labels.append(Tick(round(x + bar_width / 2, 1), period_words(month, short=True),
                                 cases_in(month)))  # fmt: skip
    y_ticks = [Tick(round(baseline - value * scale, 1), str(value)) for value in _nice_ticks(peak)]
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        bars=bars,
        x_labels=x_labels,
        y_ticks=y_ticks,
        types=counts.types,
        patterns=patterns_for(counts.types),
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
