"""What the public site shows, read once into plain dataclasses (no HTML here).

Everything comes through `PublicRecords` with the publication masking: only documents at
the public level, only facts a reviewer accepted, persons without a recorded consent
(and protected persons) under their pseudonym in names, quotes, titles and charges. A
case is a person with at least one such fact; its number is the person's id, the only
thing a file name carries (never a name, which may be masked elsewhere)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from casefile.exchange.export import export
from casefile.exchange.public import PUBLIC_READER, PublicRecords
from casefile.model import Document, PartialDate
from casefile.reports import Report, build_report
from casefile.services.cases import chronological, fold_status
from casefile.services.consent import withheld_by_consent
from casefile.services.masking import Pseudonyms
from casefile.services.timeline import TimelineRow, case_timeline
from casefile.store.base import Store, StoredEvent

NO_COUNTRY = "none"  # the file name of the list of cases whose country is not known


@dataclass(frozen=True)
class Citation:
    """A source document as a page cites it (already masked)."""

    number: int  # [1], [2] ... on the case page
    sha256: str
    title: str | None
    publisher: str | None
    url: str | None
    published: PartialDate | None


@dataclass(frozen=True)
class PublicCase:
    number: int  # the person's id: the case page is cases/<number>.html
    name: str  # the name, or the pseudonym
    pseudonymised: bool
    withheld_for_consent: bool  # pseudonymised for want of a consent (said on the page)
    country: str | None  # ISO 3166-1 alpha-2, upper case
    status: str
    roles: tuple[str, ...]
    last_date: PartialDate | None
    timeline: list[TimelineRow]
    citations: list[Citation]

    @property
    def country_slug(self) -> str:
        return (self.country or NO_COUNTRY).lower()

    def citation_of(self, sha256: str) -> Citation | None:
        return next((c for c in self.citations if c.sha256 == sha256), None)


@dataclass(frozen=True)
class SiteModel:
    cases: list[PublicCase]  # by number
    report: Report
    export_json: str  # the public export, documents without their texts
    export_csv: str
    generated: datetime

    @property
    def countries(self) -> list[str]:
        """The countries' slugs with cases, NO_COUNTRY last."""
        slugs = {c.country_slug for c in self.cases}
        return sorted(slugs - {NO_COUNTRY}) + ([NO_COUNTRY] if NO_COUNTRY in slugs else [])


def build_model(store: Store, *, now: datetime | None = None) -> SiteModel:
    """The site's content: one publication masking for the whole run (it loads the names
    index once, and every page must mask alike)."""
    names = Pseudonyms.for_publication(store, PUBLIC_READER)
    records = PublicRecords(store, names=names)
    documents = {d.sha256: d for d in records.iter_documents()}
    events: dict[int, list[StoredEvent]] = {}
    for stored in records.iter_events():
        if stored.person_id is not None:
            events.setdefault(stored.person_id, []).append(stored)
    persons = [p for p in records.iter_persons() if p.id in events]
    withheld = withheld_by_consent(store, [p.id for p in persons])
    cases = []
    for person in sorted(persons, key=lambda p: p.id):
        ordered = chronological(events[person.id])
        timeline = case_timeline(ordered)
        cited: list[str] = []
        for row in timeline.rows:
            for source in row.sources:
                if source.event.evidence.document_id not in cited:
                    cited.append(source.event.evidence.document_id)
        dated = [s.event.date for s in ordered if s.event.date and s.event.date.year]
        hidden = names.is_hidden(person.id)
        cases.append(PublicCase(
            number=person.id, name=person.name, pseudonymised=hidden,
            withheld_for_consent=hidden and person.id in withheld,
            country=person.country.upper() if person.country else None,
            status=fold_status(s.event for s in ordered),
            roles=person.roles if not hidden else (),
            last_date=dated[-1] if dated else None, timeline=timeline.rows,
            citations=[_citation(i, documents[sha]) for i, sha in enumerate(cited, 1)
                       if sha in documents],
        ))  # fmt: skip
    when = now or datetime.now(UTC)
    report = build_report(store, viewer=PUBLIC_READER, now=when, names=names)
    # The report counts every public fact; what it quotes must be accepted ones only.
    report = replace(report, claims=[c for c in report.claims if c.accepted],
                     by_charge=[r for r in report.by_charge if r.accepted])  # fmt: skip
    return SiteModel(cases, report, _json(records), _csv(records), when)


def _citation(number: int, doc: Document) -> Citation:
    return Citation(number, doc.sha256, doc.title, doc.publisher, doc.url, doc.published)


def _json(records: PublicRecords) -> str:
    """The public export as JSON, each document without its text: the site cites its
    sources, it does not republish them (their publishers' texts, and every name in them
    the reviewed facts do not cover)."""
    out = io.StringIO()
    export(records, "json", out)  # type: ignore[arg-type]  # the store's protocol, wrapped
    data = json.loads(out.getvalue())
    for document in data.get("documents", []):
        document.pop("text", None)
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _csv(records: PublicRecords) -> str:
    """The public export as CSV, each row's `case_url` the site's own case page."""
    out = io.StringIO()
    export(records, "csv", out, base_url="")  # type: ignore[arg-type]
    lines = out.getvalue()
    # export writes "/cases/N" (the web app's address); the site's page is cases/N.html.
    rows = list(csv.DictReader(io.StringIO(lines)))
    fixed = io.StringIO()
    writer = csv.DictWriter(fixed, fieldnames=list(rows[0].keys()) if rows else
                            _header(lines), lineterminator="\n")  # fmt: skip
    writer.writeheader()
    for row in rows:
        path = row.get("case_url", "")
        if path.startswith("/cases/"):
            row["case_url"] = f"cases/{path.removeprefix('/cases/')}.html"
        else:  # an organisation's event: the site has no organisation pages
            row["case_url"] = ""
        writer.writerow(row)
    return fixed.getvalue()


def _header(lines: str) -> list[str]:
    return lines.splitlines()[0].split(",") if lines else []
