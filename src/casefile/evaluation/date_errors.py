"""Why a matched event's date is wrong, so that the date work goes where the errors are.

An event the scorer matched (type and participant) can still carry a date the gold does
not accept (`scoring.date_agrees`). The reasons differ in what would mend them:
- "no date": the extractor gave none;
- "coarser": a year or month where the gold has a finer date within it that a rule of
  precision should keep ("in 2021" for "on 9 December 2021" is right; "2021" where the
  gold has "2021-12-09" is not);
- "year of a year-less date": the day and month are right, the year is not (the
  publication rule or an anchor gave another year, or nothing gave one);
- "another mention": some date mention of the text resolves to the gold's date, and the
  extractor chose another;
- "no mention gives it": no date mention of the text, as resolved, agrees (a weekday or
  "last month" read against the wrong day, a date the annotator took from the narrative).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from casefile.evaluation.scoring import EventMatch, date_agrees
from casefile.model import PartialDate, Precision

RIGHT = "right"
NO_DATE = "no date"
COARSER = "coarser"
WRONG_YEAR = "year of a year-less date"
ANOTHER_MENTION = "another mention"
NO_MENTION = "no mention gives it"
CATEGORIES = (RIGHT, NO_DATE, COARSER, WRONG_YEAR, ANOTHER_MENTION, NO_MENTION)

_FINENESS = {Precision.YEAR: 0, Precision.MONTH: 1, Precision.DAY: 2}


def date_error(gold: str | None, system: str | None,
               mentions: Sequence[PartialDate | None]) -> str:
    """The category of one matched event's date; `mentions`: every date mention of the
    text, resolved as the extractor resolves them."""
    if date_agrees(gold, system):
        return RIGHT
    if system is None:
        return NO_DATE
    assert gold is not None  # a null gold date accepts any date
    want, got = PartialDate.parse(gold), PartialDate.parse(system)
    if _coarser_within(got, want):
        return COARSER
    if want.month is not None and (want.month, want.day) == (got.month, got.day):
        return WRONG_YEAR  # another year, or none ("--12-09")
    if any(m is not None and date_agrees(gold, m.iso()) for m in mentions):
        return ANOTHER_MENTION
    return NO_MENTION


def _coarser_within(got: PartialDate, want: PartialDate) -> bool:
    if (want.year is None or got.precision not in _FINENESS
            or _FINENESS[got.precision] >= _FINENESS[want.precision]):
        return False
    shared = [(got.year, want.year), (got.month, want.month)][: _FINENESS[got.precision] + 1]
    return all(a == b for a, b in shared)


def date_errors(matches: Iterable[EventMatch],
                mentions: Sequence[PartialDate | None]) -> Counter[str]:
    """The categories of a document's matched events (those whose gold has a date)."""
    return Counter(
        date_error(m.gold.get("date"), m.system.get("date"), mentions)
        for m in matches if m.gold.get("date") is not None
    )
