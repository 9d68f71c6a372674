"""The case page's timeline chart geometry: custody periods as bars, court events and
unpaired arrests or releases as marks, on a time axis of whole years. Drawn as an SVG by
the template (no JavaScript); which events pair into periods is services/timeline.py's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from casefile.i18n import gettext
from casefile.model import PartialDate
from casefile.services.timeline import CaseTimeline, ChartItems, TimelineRow, custody_chart_items
from casefile.services.wording import date_in_words
from casefile.web.formatting import label as label_of

WIDTH = 760
LEFT = 70  # room for the lane labels
RIGHT = 16
CUSTODY_Y = 30  # lane centres
COURT_Y = 70
AXIS_Y = 100
HEIGHT = 124
BAR_HEIGHT = 16


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    y: float
    height: float
    label: str  # "in custody 4 March 2022 – 2023", for <title> and the print legend
    anchor: int  # the arrest row's id: the bar links to it


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    kind: str
    label: str
    anchor: int


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class TimelineChart:
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    axis_y: int = AXIS_Y
    custody_y: int = CUSTODY_Y
    court_y: int = COURT_Y
    bars: list[Bar] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.bars and not self.marks


def _years(date: PartialDate, *, end: bool = False) -> float:
    """A date as a fractional year: its period's start, or its end with `end`; a mark
    sits in the middle of its period (a bare year mid-year)."""
    assert date.year is not None
    if date.month is None:
        return date.year + (1.0 if end else 0.0)
    month = date.year + (date.month - 1) / 12
    if date.day is None:
        return month + (1 / 12 if end else 0.0)
    return month + (date.day - (0 if end else 1)) / 365


def _middle(date: PartialDate) -> float:
    return (_years(date) + _years(date, end=True)) / 2


def timeline_chart(timeline: CaseTimeline) -> TimelineChart:
    items: ChartItems = custody_chart_items(timeline)
    dated = [*items.marks, *(p.start for p in items.periods), *(p.end for p in items.periods)]
    if not dated:
        return TimelineChart()
    dates = [r.event.date for r in dated if r.event.date is not None]
    first = int(min(_years(d) for d in dates))
    last = int(max(_years(d, end=True) for d in dates) - 1e-9) + 1
    span = max(last - first, 1)
    scale = (WIDTH - LEFT - RIGHT) / span

    def x(value: float) -> float:
        return round(LEFT + (value - first) * scale, 1)

    bars = []
    for period in items.periods:
        start, end = period.start.event.date, period.end.event.date
        assert start is not None and end is not None
        x0, x1 = x(_years(start)), x(_years(end, end=True))
        bars.append(Bar(x0, max(round(x1 - x0, 1), 2.0), CUSTODY_Y - BAR_HEIGHT / 2, BAR_HEIGHT,
                        gettext("in custody %(start)s – %(end)s")
                        % {"start": date_in_words(start), "end": date_in_words(end)},
                        period.start.id))  # fmt: skip
    marks = [_mark(row, x) for row in items.marks]
    step = max(1, span // 10)  # about ten year labels at most
    ticks = [Tick(x(year), str(year)) for year in range(first, last + 1, step)]
    return TimelineChart(bars=bars, marks=marks, ticks=ticks)


def _mark(row: TimelineRow, x: Callable[[float], float]) -> Mark:
    date = row.event.date
    assert date is not None
    lane = CUSTODY_Y if row.event.type in ("arrest", "release") else COURT_Y
    label = f"{label_of(row.event.type)} {date_in_words(date)}"
    return Mark(x(_middle(date)), lane, row.event.type, label, row.id)
