"""A report's figures for one reader: what the records document, counted, and apart from
it what sources claim.

Documented counts are counted from the standing (not rejected) events the reader may see:

- a *case* is a person with at least one such event among those the filters keep; a
  case counts once per row of a table (by country, year, event type, charge, sentence),
  and as *accepted* in that row when a reviewer accepted at least one of its facts
  there, else as *unreviewed*: accepted + unreviewed = cases, in every row;
- several documents reporting one arrest are one case in the "arrest" row, whatever the
  number of facts (the facts are counted apart, as "facts");
- the country is the case's as the reader's clearance sees it (services/visibility.py);
  the year is the fact's own date's; a fact without a year (no date, or a day and month
  only) is counted in the "year not known" row, and left out when a year range is given;
- charges: each legal article a fact names, else each charge's wording; a case charged
  under two articles counts in both rows;
- sentences: one per case, the one its facts give (accepted first, then the latest,
  then the longest), in a band of its prison term or by kind (suspended, fine, life ...).

Claims (`Claim`) are the statistics sources state ("eight persons were convicted in
2023"): never added into any documented count, each shown with its quote and citation.
A claim is kept by a country filter when its document gives a person of that country,
and by a year range when its period (else its document's date) falls in it.

Only what `viewer` may see is read (the store filters on the level); protected persons'
names in quotes, titles and charges are pseudonymised (services/masking.py).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from casefile.extract.terms import duration_months_days
from casefile.model import PartialDate
from casefile.services.access import FULL, Pseudonyms, Viewer
from casefile.services.cases import refresh_case_records
from casefile.services.consent import publication_pseudonyms
from casefile.services.errors import InvalidInput
from casefile.store.base import Store
from casefile.store.base_reports import REPORT_GROUPS, ReportFact, ReportScope

_YEAR = re.compile(r"^\d{4}$")
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")
_PERIOD_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2[01]\d\d)(?!\d)")

# Prison terms in months: [low, high) per band, and the kinds counted apart.
PRISON_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("prison-under-1", 0, 12),
    ("prison-1-3", 12, 36),
    ("prison-3-5", 36, 60),
    ("prison-5-10", 60, 120),
    ("prison-10-plus", 120, None),
)
OTHER_KINDS = ("life", "death", "suspended", "restricted_freedom",
               "administrative_detention", "fine", "other")  # fmt: skip
NO_TERM = "no-term"  # a sentence whose term the sources do not state
UNKNOWN = ""  # the key of "country not known" and "year not known"
SENTENCE_KEYS = tuple(b[0] for b in PRISON_BANDS) + OTHER_KINDS + (NO_TERM,)
CLAIMS_SHOWN = 100  # listed; the rest are counted (a PDF of thousands helps nobody)


@dataclass(frozen=True)
class ReportFilters:
    country: str | None = None  # ISO 3166-1 alpha-2, upper case
    first_year: int | None = None
    last_year: int | None = None

    @property
    def dated_only(self) -> bool:
        return self.first_year is not None or self.last_year is not None

    def keeps_year(self, year: int | None) -> bool:
        if year is None:
            return not self.dated_only
        return ((self.first_year is None or year >= self.first_year)
                and (self.last_year is None or year <= self.last_year))  # fmt: skip


def parse_filters(country: str = "", first: str = "", last: str = "") -> ReportFilters:
    """The report's filters as typed ("KZ", "2020", "2024"); InvalidInput names the one
    that is wrong."""
    country = country.strip()
    if country and not _COUNTRY.match(country):
        raise InvalidInput(f"country: a two-letter code such as KZ, not {country[:20]!r}")
    years = [_year(which, raw) for which, raw in (("from", first), ("to", last))]
    if years[0] is not None and years[1] is not None and years[0] > years[1]:
        raise InvalidInput(f"to: {years[1]} is before from ({years[0]})")
    return ReportFilters(country.upper() or None, years[0], years[1])


def _year(which: str, raw: str) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    if not _YEAR.match(raw) or not 1800 <= int(raw) <= 2200:
        raise InvalidInput(f"{which}: a year between 1800 and 2200, not {raw[:20]!r}")
    return int(raw)


@dataclass(frozen=True)
class Row:
    """One line of a table: `cases` of which `accepted` have an accepted fact here."""

    key: str
    cases: int
    accepted: int
    facts: int

    @property
    def unreviewed(self) -> int:
        return self.cases - self.accepted


@dataclass(frozen=True)
class Claim:
    """A count a source states, with its citation (protected names masked)."""

    statistic_id: int
    count: int
    what: str
    period: str | None
    quote: str
    accepted: bool
    document_sha256: str
    title: str | None
    publisher: str | None
    url: str | None
    published: PartialDate | None


@dataclass(frozen=True)
class Report:
    filters: ReportFilters
    clearance: str  # whose view it counts: the reader's clearance
    generated: datetime
    cases: int
    cases_accepted: int
    facts: int
    facts_accepted: int
    documents: int  # the documents the counted facts come from
    organisations: int  # organisations with a counted event (not cases)
    undated_left_out: int  # facts without a year that a year range leaves out
    by_country: list[Row] = field(default_factory=list)
    by_year: list[Row] = field(default_factory=list)  # every year of the range, then unknown
    by_type: list[Row] = field(default_factory=list)
    by_charge: list[Row] = field(default_factory=list)  # most cases first
    by_sentence: list[Row] = field(default_factory=list)  # in SENTENCE_KEYS' order
    claims: list[Claim] = field(default_factory=list)  # at most CLAIMS_SHOWN
    claims_total: int = 0

    @property
    def generated_date(self) -> PartialDate:
        return PartialDate(self.generated.year, self.generated.month, self.generated.day)

    @property
    def cases_unreviewed(self) -> int:
        return self.cases - self.cases_accepted

    @property
    def facts_unreviewed(self) -> int:
        return self.facts - self.facts_accepted


class _Tally:
    """Cases, accepted cases and facts per key."""

    def __init__(self) -> None:
        self.cases: dict[str, set[int]] = {}
        self.accepted: dict[str, set[int]] = {}
        self.facts: Counter[str] = Counter()

    def add(self, key: str, person: int, accepted: bool) -> None:
        self.cases.setdefault(key, set()).add(person)
        if accepted:
            self.accepted.setdefault(key, set()).add(person)
        self.facts[key] += 1

    def row(self, key: str) -> Row:
        return Row(key, len(self.cases.get(key, ())), len(self.accepted.get(key, ())),
                   self.facts[key])  # fmt: skip

    def rows(self, keys: Iterable[str] | None = None) -> list[Row]:
        if keys is None:  # most cases first, then by key
            keys = sorted(self.cases, key=lambda k: (-len(self.cases[k]), k))
        return [self.row(k) for k in keys]


def fact_year(date: str | None) -> int | None:
    """The year of a stored ISO partial date; None for none or a yearless "--MM-DD"."""
    return int(date[:4]) if date and date[:4].isdigit() else None


def sentence_key(term: str | None, term_kind: str | None) -> str:
    if term_kind in OTHER_KINDS:
        return term_kind
    if not term:
        return NO_TERM
    try:
        months, days = duration_months_days(term)
    except ValueError:
        return NO_TERM
    length = months + days / 30
    for key, low, high in PRISON_BANDS:
        if length >= low and (high is None or length < high):
            return key
    return NO_TERM  # not reached: the last band is open


def _term_months(term: str | None) -> float:
    try:
        months, days = duration_months_days(term or "")
    except ValueError:
        return -1.0
    return months + days / 30


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def build_report(
    store: Store, filters: ReportFilters = ReportFilters(), *, viewer: Viewer = FULL,
    now: datetime | None = None, publication: bool = False, names: Pseudonyms | None = None,
) -> Report:  # fmt: skip
    """Every figure counts only what `viewer` may see (see the module's docstring). For
    a `publication` (the public site, a report to hand out), the quotes, titles and
    charges shown also mask everyone without a recorded consent to be named
    (services/consent.py). `names`: the masking to use instead, such as the one a whole
    publication run shares (the public site)."""
    refresh_case_records(store)  # the cases' countries at this clearance
    if names is None:
        names = publication_pseudonyms(store, viewer) if publication else Pseudonyms(store,
                                                                                  viewer)
    scope = ReportScope(viewer.level, filters.country, filters.first_year, filters.last_year)
    groups = {group: store.report_counts(scope, group) for group in REPORT_GROUPS}
    counted = {group: [Row(c.key, c.cases, c.accepted, c.facts) for c in found]
               for group, found in groups.items()}  # fmt: skip
    total = counted["total"][0] if counted["total"] else Row("", 0, 0, 0)
    charges, sentences = _charges_and_sentences(store.report_facts(scope))
    by_charge = [
        Row(names.text(form), r.cases, r.accepted, r.facts) for r, form in charges
    ]  # fmt: skip
    facts_accepted = groups["total"][0].accepted_facts if groups["total"] else 0
    claims, claims_total = _claims(store, filters, names, viewer.level)
    return Report(
        filters=filters, clearance=viewer.clearance, generated=now or datetime.now(UTC),
        cases=total.cases, cases_accepted=total.accepted, facts=total.facts,
        facts_accepted=facts_accepted, documents=store.report_documents(scope),
        organisations=0 if filters.country else store.report_organisations(scope),
        undated_left_out=store.report_undated(scope),
        by_country=_most_first(counted["country"]),
        by_year=_years(counted["year"], filters), by_type=_most_first(counted["type"]),
        by_charge=by_charge,
        by_sentence=[r for r in sentences.rows(SENTENCE_KEYS) if r.cases],
        claims=claims, claims_total=claims_total,
    )  # fmt: skip


def _most_first(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda r: (-r.cases, r.key))


def _charges_and_sentences(
    facts: Iterable[ReportFact],
) -> tuple[list[tuple[Row, str]], _Tally]:
    """Cases per charge (with the wording most facts give it) and per sentence band."""
    charges = _Tally()
    forms: dict[str, Counter[str]] = {}
    chosen: dict[int, tuple[tuple[bool, str, float], str, bool]] = {}
    for fact in facts:
        for charge in fact.articles or fact.charges:
            key = _normal(charge)
            if key:
                forms.setdefault(key, Counter())[" ".join(charge.split())] += 1
                charges.add(key, fact.person_id, fact.accepted)
        if fact.type == "sentence" or fact.term:
            _keep_sentence(chosen, fact.person_id, fact)
    sentences = _Tally()
    for person, (_, key, accepted) in chosen.items():
        sentences.add(key, person, accepted)
    by_charge = [(r, forms[r.key].most_common(1)[0][0]) for r in charges.rows()]
    return by_charge, sentences


def _keep_sentence(
    kept: dict[int, tuple[tuple[bool, str, float], str, bool]], person: int, fact: ReportFact
) -> None:
    """A case's sentence: an accepted fact's first, then the latest, then the longest."""
    dated = fact.date if fact.date and fact_year(fact.date) else ""
    rank = (fact.accepted, dated, _term_months(fact.term))
    if person not in kept or rank > kept[person][0]:
        kept[person] = (rank, sentence_key(fact.term, fact.term_kind), fact.accepted)


def _years(rows: list[Row], filters: ReportFilters) -> list[Row]:
    """Every year from the first to the last (those without facts included, so a chart
    has no gaps), within the filters' range; then "year not known" if any."""
    found = {r.key: r for r in rows}
    known = sorted(int(k) for k in found if k != UNKNOWN)
    keys: list[str] = []
    if known:
        first = filters.first_year if filters.first_year is not None else known[0]
        last = filters.last_year if filters.last_year is not None else known[-1]
        keys = [str(y) for y in range(max(first, known[0]), min(last, known[-1]) + 1)]
    keys += [UNKNOWN] if UNKNOWN in found else []
    return [found.get(k, Row(k, 0, 0, 0)) for k in keys]


def _claims(
    store: Store, filters: ReportFilters, names: Pseudonyms, level: int
) -> tuple[list[Claim], int]:
    """The first CLAIMS_SHOWN claims the filters keep (read whole), and how many they
    keep."""
    documents = store.country_documents(filters.country) if filters.country else None
    kept: list[int] = []
    for ref in store.report_statistics(level):
        if documents is not None and ref.document_sha256 not in documents:
            continue
        period = _PERIOD_YEAR.search(ref.period or "")
        year = int(period[1]) if period else (ref.published.year if ref.published else None)
        if filters.keeps_year(year):
            kept.append(ref.id)
    out: list[Claim] = []
    for cited in store.cited_statistics(kept[:CLAIMS_SHOWN]):
        stat = cited.stored.statistic
        masked = names.statistic(cited.stored).statistic
        out.append(Claim(
            cited.stored.id, stat.count, names.text(stat.what), stat.period,
            masked.evidence.quote, cited.stored.review_status != "unreviewed",
            cited.document_sha256, names.label(cited.title), names.label(cited.publisher),
            names.label(cited.url), cited.published,
        ))  # fmt: skip
    return out, len(kept)
