"""The store's side of reports (`ReportStore`, part of `Store`): documented facts counted
in the database per country, year and event type (cases, accepted cases, facts), the few
facts the report reads one by one (charges, sentences), and the statistics sources claim
with what cites them. The rules are casefile.reports.build's; see its docstring."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from casefile.model import PartialDate

if TYPE_CHECKING:  # base.py's Store includes ReportStore
    from casefile.store.base import StoredStatistic

REPORT_GROUPS = ("total", "country", "year", "type")


@dataclass(frozen=True)
class ReportScope:
    """Which standing events a report counts: persons' events at or below `level` (with
    their case's country at that clearance), of a country, dated within the years."""

    level: int
    country: str | None = None
    first_year: int | None = None
    last_year: int | None = None

    @property
    def dated_only(self) -> bool:
        return self.first_year is not None or self.last_year is not None


@dataclass(frozen=True)
class GroupCount:
    key: str  # "" for no country, no year (and for the total)
    cases: int
    accepted: int  # cases with an accepted (or edited) fact in the group
    facts: int
    accepted_facts: int


@dataclass(frozen=True)
class ReportFact:
    """A standing event in scope that a report reads itself: one naming charges or
    articles, or a sentence (or any fact with a term)."""

    person_id: int
    type: str
    date: str | None  # ISO partial, as stored
    accepted: bool
    term: str | None
    term_kind: str | None
    articles: tuple[str, ...]
    charges: tuple[str, ...]


@dataclass(frozen=True)
class StatisticRef:
    """What a report needs to choose the statistics it lists."""

    id: int
    period: str | None
    document_sha256: str
    published: PartialDate | None


@dataclass(frozen=True)
class CitedStatistic:
    """A count a source claims, with what cites it."""

    stored: StoredStatistic
    document_sha256: str
    title: str | None
    publisher: str | None
    url: str | None
    published: PartialDate | None


class ReportStore(Protocol):
    def report_counts(self, scope: ReportScope, group: str) -> list[GroupCount]:
        """Per group of REPORT_GROUPS ("total": one row)."""
        ...

    def report_documents(self, scope: ReportScope) -> int:
        """The documents the counted facts come from."""
        ...

    def report_undated(self, scope: ReportScope) -> int:
        """The facts a year range leaves out for having no year (0 without a range)."""
        ...

    def report_organisations(self, scope: ReportScope) -> int:
        """Organisations with a standing event in the years (countries do not apply)."""
        ...

    def report_facts(self, scope: ReportScope) -> Iterator[ReportFact]:
        """The facts in scope that name a charge or article, are sentences or have a
        term."""
        ...

    def report_statistics(self, level: int) -> list[StatisticRef]:
        """Every standing statistic at or below `level`, oldest document first."""
        ...

    def country_documents(self, country: str) -> set[str]:
        """The documents that give a person of `country`."""
        ...

    def cited_statistics(self, ids: list[int]) -> list[CitedStatistic]:
        """Those statistics in full with their documents' citations, in `ids`' order."""
        ...
