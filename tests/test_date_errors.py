"""The categories of a matched event's wrong date (invented dates)."""

from __future__ import annotations

import pytest

from casefile.evaluation.date_errors import (
    ANOTHER_MENTION,
    COARSER,
    NO_DATE,
    NO_MENTION,
    RIGHT,
    WRONG_YEAR,
    date_error,
    date_errors,
)
from casefile.evaluation.scoring import EventMatch
from casefile.model import PartialDate

MENTIONS = [PartialDate.parse("2021-12-09"), PartialDate.parse("2020-03"), None]


@pytest.mark.parametrize(
    ("gold", "system", "expected"),
    [
        ("2021-12-09", "2021-12-09", RIGHT),
        (None, "2019-01-01", RIGHT),
        ("2021", "2021-12-09", RIGHT),
        ("2021-12-09", None, NO_DATE),
        ("2021-12-09", "2021", COARSER),
        ("2021-12-09", "2021-12", COARSER),
        ("2021-12-09", "2023-12-09", WRONG_YEAR),
        ("2021-12-09", "--12-09", WRONG_YEAR),
        ("2021-12-09", "2020-03", ANOTHER_MENTION),
        ("2021-12-09", "2020", ANOTHER_MENTION),
        ("2019-05-02", "2020-03", NO_MENTION),
        ("2019-05", "2020-05", WRONG_YEAR),
        ("2019-05", "2020-06", NO_MENTION),
    ],
)
def test_date_error(gold: str | None, system: str | None, expected: str) -> None:
    assert date_error(gold, system, MENTIONS) == expected


def test_date_errors_counts_only_events_the_gold_dates() -> None:
    def match(gold: str | None, system: str | None) -> EventMatch:
        return EventMatch({"date": gold}, {"date": system}, False, None)

    counted = date_errors([match("2021-12-09", "2021-12-09"), match(None, "2020-03"),
                           match("2021-12-09", None)], MENTIONS)
    assert counted == {RIGHT: 1, NO_DATE: 1}
