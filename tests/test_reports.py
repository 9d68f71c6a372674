"""Reports (casefile.reports, `casefile report`, /report): a real store in tmp_path filled
with generated, invented documents at every access level, some facts accepted, some
rejected; every figure of the report checked against counts the test computes itself
from what it stored (not from the store's queries), for a public and a confidential
reader, with filters; the PDF read back with pdftotext; sources' claims kept apart;
canaries above the reader's clearance never counted nor shown."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from canary_world import CANARIES, LEVELS, build_world, canary_level, fold, holds
from casefile.reports import ReportFilters, build_report, parse_filters
from casefile.reports.build import Report, Row
from casefile.reports.render import render_html, render_pdf
from casefile.services import review
from casefile.services.access import FULL, Viewer
from casefile.services.consent import record_consent
from casefile.services.errors import InvalidInput
from casefile.services.review import Reviewer
from casefile.store.sqlite import SQLiteStore
from casefile.web import create_app
from conftest import ExtractionBuilder
from web_support import add_users, sign_in

AT = "2026-01-01T00:00:00+00:00"
PUBLIC = Viewer("Pia", "public")
GIVEN = ("Ilvar", "Tamsin", "Orrin", "Sabeth", "Caddo", "Miretta", "Yusko", "Breel")
SURNAMES = ("Quennet", "Vossberg", "Haldric", "Tremaine", "Oskarov", "Pellow")
COUNTRIES = ("KZ", "BY", "RU", None)
# A sentence as the plan gives it: (sentence words, term, kind, the band a report puts it in)
SENTENCES = (
    ("six months in prison", "P6M", "prison", "prison-under-1"),
    ("two years in prison", "P2Y", "prison", "prison-1-3"),
    ("four years in prison", "P4Y", "prison", "prison-3-5"),
    ("seven years in prison", "P7Y", "prison", "prison-5-10"),
    ("twelve years in prison", "P12Y", "prison", "prison-10-plus"),
    ("three years suspended", "P3Y", "suspended", "suspended"),
    ("life imprisonment", None, "life", "life"),
    ("a term nobody stated", None, None, "no-term"),
)
ARTICLES = ("Article 174 of the Criminal Code", "Article 405 of the Criminal Code",
            "Article 342 of the Criminal Code")  # fmt: skip


@dataclass
class Fact:
    """One stored event as the test planned it, its review decision applied."""

    person: str
    country: str | None
    type: str
    year: int | None
    level: int
    articles: tuple[str, ...] = ()
    band: str | None = None  # sentences
    status: str = "unreviewed"
    id: int = 0


@dataclass
class Claim:
    count: int
    year: int
    level: int
    countries: frozenset[str]


@dataclass
class Plan:
    facts: list[Fact] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    organisations: set[str] = field(default_factory=set)  # with a designation


def _generate(db_path: Path, seed: int = 12) -> Plan:
    """Documents about 30 invented persons (1 to 3 each, each at a random level), each
    stating 1 to 4 events; at most one sentence per person, so that which sentence a
    case counts is never a question here; a claimed count in some; then a third of the
    facts accepted and a tenth rejected."""
    rng = random.Random(seed)
    plan = Plan()
    names = [f"{g} {s}" for g in GIVEN for s in SURNAMES]
    rng.shuffle(names)
    with SQLiteStore(db_path) as store:
        for n, name in enumerate(names[:30]):
            country = COUNTRIES[n % len(COUNTRIES)]
            sentenced = False
            for d in range(rng.randint(1, 3)):
                level = rng.randrange(3)
                sentences: list[str] = []
                planned: list[tuple[str, str, str | None, dict[str, object], Fact]] = []
                for e in range(rng.randint(1, 4)):
                    kind = rng.choice(("arrest", "charge", "trial", "sentence", "search"))
                    if kind == "sentence" and sentenced:
                        kind = "appeal"
                    year = rng.choice((2019, 2020, 2021, 2022, 2023, 2024, None))
                    date = f"{year}-0{rng.randint(1, 9)}" if year else None
                    quote = f"{name} ({d}.{e}) was {kind}ed"
                    extra: dict[str, object] = {}
                    fact = Fact(name, country, kind, year, level)
                    if kind == "charge":
                        fact.articles = tuple(rng.sample(ARTICLES, rng.randint(1, 2)))
                        quote += " under " + " and ".join(fact.articles)
                        extra["articles"] = list(fact.articles)
                    if kind == "sentence":
                        sentenced = True
                        words, term, term_kind, fact.band = rng.choice(SENTENCES)
                        quote += " to " + words
                        extra.update(term=term, term_kind=term_kind)
                    sentences.append(quote + ".")
                    planned.append((kind, quote, date, extra, fact))
                claim = None
                if rng.random() < 0.3:
                    count, year = rng.randint(2, 40), rng.choice((2020, 2022, 2024))
                    stat = f"Monitors counted {count} people detained in {year}"
                    sentences.append(stat + ".")
                    claim = Claim(count, year, level, frozenset({country} if country else ()))
                designation = rng.random() < 0.15
                if designation:
                    sentences.append(f"The Union of {name} was declared extremist.")
                doc = ExtractionBuilder(" ".join(sentences), published=f"2024-0{d + 1}-15",
                                        title=f"Invented notes {n}.{d}", language="en")
                doc.person(name, country=country)
                for kind, quote, date, extra, _ in planned:
                    doc.event(kind, name, quote, date, **extra)
                if claim:
                    doc.statistic(claim.count, "people detained", stat, period=str(claim.year))
                    plan.claims.append(claim)
                if designation:
                    doc.organisation(f"Union of {name}", kind="movement")
                    doc.event("designation", f"Union of {name}",
                              f"The Union of {name} was declared extremist", "2023",
                              participant_kind="organisation", label="extremist")
                    plan.organisations.add(f"Union of {name}")
                store.save_extraction(doc.build(), doc.original)
                store.set_document_level(doc.document.sha256, level, "test", AT)
                ids = [r[0] for r in store.conn.execute(
                    "SELECT id FROM events WHERE document_sha256 = ? AND person_id IS NOT NULL"
                    " ORDER BY id", (doc.document.sha256,))]  # fmt: skip
                for stored_id, (*_, fact) in zip(ids, planned, strict=True):
                    fact.id = stored_id
                    plan.facts.append(fact)
        reviewer = Reviewer("Rhea")
        for fact in plan.facts:
            roll = rng.random()
            if roll < 0.33:
                review.accept(store, "event", fact.id, reviewer)
                fact.status = "accepted"
            elif roll < 0.43:
                review.reject(store, "event", fact.id, reviewer)
                fact.status = "rejected"
    return plan


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Plan]:
    db = tmp_path_factory.mktemp("report") / "report.db"
    return db, _generate(db)


# -- what the report should say, counted from the plan ---------------------------------


def _kept(plan: Plan, level: int, filters: ReportFilters) -> list[Fact]:
    out = []
    for f in plan.facts:
        if f.level > level or f.status == "rejected":
            continue
        if filters.country and f.country != filters.country:
            continue
        if (filters.first_year or filters.last_year) and (
            f.year is None
            or (filters.first_year and f.year < filters.first_year)
            or (filters.last_year and f.year > filters.last_year)
        ):  # fmt: skip
            continue
        out.append(f)
    return out


def _table(facts: Iterable[Fact], keys_of) -> dict[str, tuple[int, int, int]]:
    """key -> (cases, cases with an accepted fact under the key, facts)."""
    cases: dict[str, set[str]] = {}
    accepted: dict[str, set[str]] = {}
    counted: dict[str, int] = {}
    for f in facts:
        for key in keys_of(f):
            cases.setdefault(key, set()).add(f.person)
            if f.status == "accepted":
                accepted.setdefault(key, set()).add(f.person)
            counted[key] = counted.get(key, 0) + 1
    return {k: (len(v), len(accepted.get(k, ())), counted[k]) for k, v in cases.items()}


def _rows(rows: list[Row]) -> dict[str, tuple[int, int, int]]:
    return {r.key: (r.cases, r.accepted, r.facts) for r in rows if r.cases}


def _check(report: Report, plan: Plan, level: int, filters: ReportFilters) -> None:
    facts = _kept(plan, level, filters)
    persons = {f.person for f in facts}
    assert report.cases == len(persons)
    assert report.cases_accepted == len({f.person for f in facts if f.status == "accepted"})
    assert report.facts == len(facts)
    assert report.facts_accepted == sum(f.status == "accepted" for f in facts)
    assert _rows(report.by_country) == _table(facts, lambda f: [f.country or ""])
    assert _rows(report.by_year) == _table(facts, lambda f: [str(f.year) if f.year else ""])
    assert _rows(report.by_type) == _table(facts, lambda f: [f.type])
    assert _rows(report.by_charge) == _table(facts, lambda f: f.articles)
    assert _rows(report.by_sentence) == _table(
        [f for f in facts if f.band], lambda f: [f.band])  # fmt: skip
    for row in [*report.by_country, *report.by_year, *report.by_type]:
        assert row.accepted + row.unreviewed == row.cases


FILTERS = [ReportFilters(), ReportFilters("KZ"), ReportFilters(None, 2021, 2023),
           ReportFilters("BY", 2022, None), ReportFilters(None, None, 2020)]  # fmt: skip


@pytest.mark.parametrize("filters", FILTERS, ids=str)
@pytest.mark.parametrize("viewer", [PUBLIC, Viewer("Ivo", "internal"), FULL], ids=str)
def test_every_figure_matches_what_was_stored_for_the_reader(world, viewer, filters):
    db, plan = world
    with SQLiteStore(db) as store:
        report = build_report(store, filters, viewer=viewer)
    assert report.cases > 0  # the filters keep something, or the test proves little
    _check(report, plan, viewer.level, filters)


def test_a_public_reader_counts_fewer_cases_than_a_confidential_one(world):
    db, plan = world
    with SQLiteStore(db) as store:
        public, full = build_report(store, viewer=PUBLIC), build_report(store)
    assert public.cases < full.cases and public.facts < full.facts
    assert full.facts == sum(f.status != "rejected" for f in plan.facts)


def test_claims_are_listed_with_their_sources_and_never_counted_as_cases(world):
    db, plan = world
    with SQLiteStore(db) as store:
        report = build_report(store, viewer=PUBLIC)
        kz = build_report(store, ReportFilters("KZ", 2022, 2022), viewer=PUBLIC)
    public = [c for c in plan.claims if c.level == 0]
    assert sorted(c.count for c in report.claims) == sorted(c.count for c in public)
    assert all(c.title and c.title.startswith("Invented notes") for c in report.claims)
    assert all(f"counted {c.count} people" in c.quote for c in report.claims)
    # a claimed count adds nothing: the cases are the plan's, whatever the sources say
    assert report.cases == len({f.person for f in _kept(plan, 0, ReportFilters())})
    assert sorted(c.count for c in kz.claims) == sorted(
        c.count for c in public if c.year == 2022 and "KZ" in c.countries)  # fmt: skip


def test_organisations_are_counted_apart_from_cases(world):
    db, plan = world
    with SQLiteStore(db) as store:
        report = build_report(store)
    assert plan.organisations, "the seed made no organisation: pick another"
    assert report.organisations == len(plan.organisations)
    assert "designation" not in _rows(report.by_type)


def test_an_empty_store_makes_a_report_that_says_so(tmp_path):
    with SQLiteStore(tmp_path / "empty.db") as store:
        report = build_report(store, ReportFilters("KZ", 2020, 2024))
    assert (report.cases, report.facts, report.documents, report.claims_total) == (0, 0, 0, 0)
    html = render_html(report)
    assert 'data-testid="report-empty"' in html and 'data-testid="report-no-claims"' in html
    assert "Country: Kazakhstan. Events dated 2020 to 2024." in html


def test_bad_filters_are_one_line_errors():
    bad = ((("KAZ", "", ""), "country"), (("", "20", ""), "from"),
           (("", "2020", "1999"), "to"), (("", "", "2020-01"), "to"))  # fmt: skip
    for args, field_name in bad:
        with pytest.raises(InvalidInput) as err:
            parse_filters(*args)
        assert str(err.value).startswith(field_name) and "\n" not in str(err.value)
    assert parse_filters(" kz ", "2020", "2024") == ReportFilters("KZ", 2020, 2024)


# -- the documents: HTML and PDF ---------------------------------------------------------


def _pdftotext(pdf: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: make draft-pdf installs it")
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                          check=True, timeout=60)  # fmt: skip
    return done.stdout.decode("utf-8")


def _table_rows(text: str, label: str) -> list[tuple[int, int, int, int]]:
    """The table lines of `label` in pdftotext's layout: label, then four figures."""
    pattern = rf"^\s*{re.escape(label)}\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$"
    return [tuple(int(g) for g in m.groups()) for m in re.finditer(pattern, text, re.M)]  # type: ignore[misc]


def test_the_pdf_read_back_holds_the_figures_counted_from_the_plan(world, casefile_main, tmp_path):
    db, plan = world
    out = tmp_path / "report.pdf"
    done = casefile_main("report", "--format", "pdf", "-o", str(out), "--clearance", "public",
                         "--from", "2021", "--to", "2024", db=db)  # fmt: skip
    assert done.code == 0, done.err
    assert out.read_bytes().startswith(b"%PDF-")
    text = _pdftotext(out.read_bytes())
    filters = ReportFilters(None, 2021, 2024)
    facts = _kept(plan, 0, filters)
    cases = len({f.person for f in facts})
    accepted = len({f.person for f in facts if f.status == "accepted"})
    assert re.search(rf"\b{cases}: {accepted} with an accepted fact, {cases - accepted} with",
                     text), text[:1500]  # fmt: skip
    names = {"KZ": "Kazakhstan", "BY": "Belarus", "RU": "Russia", "": "Country not known"}
    for key, (n, a, facts_n) in _table(facts, lambda f: [f.country or ""]).items():
        assert _table_rows(text, names[key]) == [(n, a, n - a, facts_n)], names[key]
    for key, (n, a, facts_n) in _table(facts, lambda f: [str(f.year)]).items():
        assert _table_rows(text, key) == [(n, a, n - a, facts_n)], key
    assert "What sources claim" in text
    assert "Events dated 2021 to 2024." in text


def test_the_html_and_pdf_speak_russian_when_asked(world, casefile_main, tmp_path):
    db, _ = world
    done = casefile_main("report", "--language", "ru", "--country", "KZ", db=db)
    assert done.code == 0, done.err
    assert '<html lang="ru">' in done.out and "Казахстан" in done.out
    assert "Что утверждают источники" in done.out and "<script" not in done.out
    with SQLiteStore(db) as store:
        pdf = render_pdf(build_report(store, ReportFilters("KZ")), "ru")
    text = _pdftotext(pdf)
    assert "Дела по странам" in text and "Казахстан" in text


def test_the_console_script_writes_a_report(world, casefile_script, tmp_path):
    """The real `casefile` in a process of its own: the report modules import without
    the web application loaded first."""
    db, plan = world
    shutil.copy(db, tmp_path / "cases.db")
    done = casefile_script("report", "--country", "RU", "--clearance", "public")
    assert done.code == 0, done.err
    cases = len({f.person for f in _kept(plan, 0, ReportFilters("RU"))})
    assert f'data-testid="report-cases"><strong>{cases}</strong>' in done.out


def test_the_cli_refuses_bad_input_in_one_line(world, casefile_main, tmp_path):
    db, _ = world
    for args in (("--format", "docx"), ("--from", "twenty"), ("--country", "Narnia"),
                 ("--clearance", "secret"), ("--language", "de")):  # fmt: skip
        done = casefile_main("report", *args, db=db)
        assert done.code == 1 and done.err.startswith("error: ") and done.err.count("\n") == 1
    missing = casefile_main("report", db=tmp_path / "none.db")
    assert missing.code == 1 and not (tmp_path / "none.db").exists()


# -- confidentiality ----------------------------------------------------------------------


def test_canaries_above_a_readers_clearance_are_neither_counted_nor_shown(tmp_path):
    built = build_world(tmp_path / "canary.db")
    with SQLiteStore(built.db_path) as store:
        for clearance in LEVELS:
            viewer = Viewer("reader", clearance)
            report = build_report(store, viewer=viewer)
            html = fold(render_html(report))
            pdf = fold(_pdftotext(render_pdf(report)))
            hidden = {w for level, words in CANARIES.items() for w in words
                      if canary_level(level) > viewer.level}  # fmt: skip
            for word in hidden:
                assert not holds(html, word) and not holds(pdf, word), (clearance, word)
            # only facts of the clearance's levels are counted (the store's own filter
            # compared with a count of the events table)
            (standing,) = store.conn.execute(
                "SELECT count(*) FROM events WHERE review_status != 'rejected' AND level <= ?"
                " AND person_id IS NOT NULL", (viewer.level,)).fetchone()  # fmt: skip
            assert report.facts == standing
        # the positive control: a confidential reader sees the country only a
        # confidential document gives, so the check above could fail
        full = fold(render_html(build_report(store)))
        assert holds(full, "QZ")
        assert holds(full, "Brindlecote")  # the statistic raised to internal


def test_protected_persons_are_not_named_in_a_claim(tmp_path):
    text = ("Ilvar Quennet was arrested on 2 May 2022. Monitors said that eleven supporters"
            " of Ilvar Quennet were detained in 2022.")
    doc = (ExtractionBuilder(text, published="2022-06-01", title="Invented notes on Quennet")
           .person("Ilvar Quennet", country="KZ")
           .event("arrest", "Ilvar Quennet", "Ilvar Quennet was arrested", "2022-05-02")
           .statistic(11, "supporters detained", "eleven supporters of Ilvar Quennet were"
                      " detained in 2022", period="2022"))  # fmt: skip
    with SQLiteStore(tmp_path / "p.db") as store:
        store.save_extraction(doc.build(), doc.original)
        store.set_document_level(doc.document.sha256, 0, "test", AT)
        (pid,) = store.conn.execute("SELECT id FROM persons").fetchone()
        store.set_person_protected(pid, True, "test", AT)
        public = build_report(store, viewer=PUBLIC)
        full = build_report(store)
    assert public.cases == 1 and [c.count for c in public.claims] == [11]
    shown = render_html(public) + _pdftotext(render_pdf(public))
    assert "Quennet" not in shown and "Person " in public.claims[0].quote
    assert "Quennet" in full.claims[0].quote


def test_a_report_for_publication_names_nobody_without_consent(tmp_path, casefile_main):
    text = ("Sabeth Oskarov was arrested on 4 May 2023. Monitors said that six followers"
            " of Sabeth Oskarov were detained in 2023.")
    doc = (ExtractionBuilder(text, published="2023-06-01", title="Invented notes on Oskarov")
           .person("Sabeth Oskarov", country="BY")
           .event("arrest", "Sabeth Oskarov", "Sabeth Oskarov was arrested", "2023-05-04")
           .statistic(6, "followers detained", "six followers of Sabeth Oskarov were"
                      " detained in 2023", period="2023"))  # fmt: skip
    db = tmp_path / "c.db"
    with SQLiteStore(db) as store:
        store.save_extraction(doc.build(), doc.original)
        store.set_document_level(doc.document.sha256, 0, "test", AT)
        assert "Oskarov" in build_report(store, viewer=PUBLIC).claims[0].quote
        published = build_report(store, viewer=PUBLIC, publication=True)
    assert "Oskarov" not in published.claims[0].quote and published.cases == 1
    done = casefile_main("report", "--clearance", "public", "--for-publication", db=db)
    assert done.code == 0 and "Oskarov" not in done.out and "Person " in done.out
    with SQLiteStore(db) as store:  # his family agreed: a publication may name him
        (pid,) = store.conn.execute("SELECT id FROM persons").fetchone()
        record_consent(store, pid, given=True, given_by="family", by=Reviewer("Rhea"))
        assert "Oskarov" in build_report(store, viewer=PUBLIC, publication=True).claims[0].quote


# -- the web page ---------------------------------------------------------------------------


def test_the_web_page_and_its_pdf_show_the_readers_figures(world):
    db, plan = world
    with SQLiteStore(db) as store:
        add_users(store, {"Pia": ("viewer", "public"), "Cora": ("viewer", "confidential")})
    with TestClient(create_app(db)) as client:
        for name, level in (("Pia", 0), ("Cora", 2)):
            sign_in(client, db, name)
            page = client.get("/report?country=BY&from=2020&to=2024")
            assert page.status_code == 200
            facts = _kept(plan, level, ReportFilters("BY", 2020, 2024))
            cases = len({f.person for f in facts})
            assert re.search(rf'data-testid="report-cases"><strong>{cases}</strong>', page.text)
            assert 'href="/report.pdf?country=BY&amp;from=2020&amp;to=2024"' in page.text
            # a row links to its cases in the case list, within the report's filters
            assert 'href="/cases?country=BY&amp;date_from=2020&amp;date_to=2024"' in page.text
            pdf = client.get("/report.pdf?country=BY&from=2020&to=2024")
            assert pdf.headers["content-type"] == "application/pdf"
            assert "casefile-report-BY-2020-2024.pdf" in pdf.headers["content-disposition"]
            assert re.search(rf"\b{cases}: ", _pdftotext(pdf.content))
        bad = client.get("/report?from=2025&to=2020")
        assert bad.status_code == 400 and "is before from" in bad.text
