"""The store's side of reports (`ReportStore`, part of `Store`): the few columns of every
standing fact a reader may see, and the statistics with their documents' citations, read
in one pass each so that `casefile.reports` can count them in Python (reports/build.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from casefile.model import PartialDate

if TYPE_CHECKING:  # base.py's Store includes ReportStore
    from casefile.store.base import StoredStatistic


@dataclass(frozen=True)
class ReportFact:
    """A standing (not rejected) event as a report counts it."""

    person_id: int | None
    organisation_id: int | None
    type: str
    date: str | None  # ISO partial, as stored
    accepted: bool  # a reviewer accepted or edited it; False: nobody reviewed it yet
    term: str | None
    term_kind: str | None
    articles: tuple[str, ...]
    charges: tuple[str, ...]
    country: str | None  # the case's country as a reader of this clearance sees it
    document_sha256: str


@dataclass(frozen=True)
class CitedStatistic:
    """A count a source claims, with what cites it."""

    stored: StoredStatistic
    document_sha256: str
    title: str | None
    publisher: str | None
    url: str | None
    published: PartialDate | None
    # The countries the document gives its persons: a statistic names none of its own.
    countries: frozenset[str]


class ReportStore(Protocol):
    def report_facts(self, level: int) -> Iterator[ReportFact]:
        """Every standing event at or below `level`, persons' with their case's country
        at that clearance (case_summaries: refresh the case records first)."""
        ...

    def report_statistics(self, level: int) -> list[CitedStatistic]:
        """Every standing statistic at or below `level`, oldest document first."""
        ...
