"""Web latency at 10,000 documents and 100,000 facts.

Fills a fresh database with generated statements (seeded: the same data every run), runs
ANALYZE, builds the app once (which computes every case record), then serves it with
uvicorn in a separate process and times requests from this one over loopback HTTP,
one at a time on a kept-alive connection: the dashboard, the case list with filters,
full-text search, case, document, organisation and review pages, and the case list's
downloads (every case's download on its own line: megabytes). Prints p50 / p95 / max per
page.

    .venv/bin/python bench/web.py                 # the full size
    .venv/bin/python bench/web.py --documents 1000 --facts 10000 --requests 50
    .venv/bin/python bench/web.py --db /tmp/web.db   # keep (or reuse) the database
    .venv/bin/python bench/web.py --db /tmp/web.db --only download   # some pages only

PostgreSQL: `--db postgresql://...` names an empty database (created with the C.UTF-8
collation, docs/scale.md). The documents are generated into a SQLite file as above
(`--db-cache PATH` keeps it for the next run), copied into the database with
`casefile migrate-store`'s own function (the copy, the rebuild of the search index and
case records, the verification; a database already holding data is served as it is),
then served and timed the same way. Starting the server is yours, e.g. as root:

    mkdir /tmp/pgb && chown postgres /tmp/pgb
    runuser -u postgres -- /usr/lib/postgresql/15/bin/initdb -D /tmp/pgb/data \
        -U casefile -A trust -E UTF8 --locale C.UTF-8
    runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D /tmp/pgb/data -l /tmp/pgb/log \
        -o "-c listen_addresses=127.0.0.1 -c port=5499 -c unix_socket_directories=/tmp/pgb" start
    createdb -h 127.0.0.1 -p 5499 -U casefile --locale C.UTF-8 -T template0 bench
    .venv/bin/python bench/web.py --db postgresql://casefile@127.0.0.1:5499/bench \
        --db-cache /tmp/web.db

or `--start-postgres`: a throwaway server as the tests start one (tests/pg_support.py:
fsync off, removed at the end) with a database `bench` in it.

Every person, town and statement is invented.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import http.client
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

from casefile.model import (
    Document,
    Event,
    Evidence,
    Extraction,
    Organisation,
    PartialDate,
    Person,
    Provenance,
    Statistic,
)
from casefile.services import accounts
from casefile.services.migrate_store import migrate_store
from casefile.store import open_store
from casefile.store.copy import holds_data
from casefile.store.sqlite import SQLiteStore
from casefile.web.server import free_port

COUNTRIES = ["KZ", "BY", "RU", "AZ", "TJ", "UZ", "KG", "TM", "IR", "VE", "NI", "EG"]
COUNTRY_WEIGHTS = [14, 14, 30, 8, 5, 6, 4, 2, 8, 4, 2, 3]
_FIRST = (
    "Adil Ainur Alesia Aliya Arman Asel Bakyt Dana Darya Dauren Elmira Farid Galym Gulnara"
    " Ilyas Irina Kamila Kanat Lyudmila Madina Marat Maxim Nadia Nurlan Oksana Pavel Rustam"
    " Saida Serik Tamara Timur Ulan Vera Viktor Yerlan Zarina Zhanna Anton Lena Bogdan"
)
_SYLLABLES = (
    "ka ber mo tan vil sar du rek om pal zhu len tor bai gul nur ves ash ki dor"
    " man sel ru ta bek ov in yar et ul"
)
_TOWNS = (
    "Ardakol Mirovsk Kessarin Velgrad Ostrava Tuzkent Zarechny Belokamen Sarydala Novopol"
    " Karatal Lesnoy Gorbunki Yablonsk Kumbel Aktobash Vetrov Dalnegorsk"
)
FIRST, SYLLABLES, TOWNS = _FIRST.split(), _SYLLABLES.split(), _TOWNS.split()
ROLES = ["activist", "journalist", "blogger", "lawyer", "politician", "student", "artist"]
CHARGES = ["inciting social discord", "extremism", "treason", "hooliganism",
           "spreading false information", "organising an unauthorised rally",
           "insulting a public official", "financing extremism"]  # fmt: skip
TYPES = ["arrest", "charge", "trial", "sentence", "release", "search", "fine", "harassment",
         "appeal", "conviction", "investigation", "restriction", "ill_treatment",
         "disappearance", "acquittal"]  # fmt: skip
TYPE_WEIGHTS = [24, 16, 8, 12, 9, 7, 5, 4, 3, 3, 3, 2, 2, 1, 1]
FILLER = [
    "Rights groups say the case is part of a wider crackdown on independent voices.",
    "The authorities did not respond to a request for comment.",
    "Lawyers were denied access to the detainees for several days.",
    "Relatives said the charges were brought in retaliation for peaceful criticism.",
    "International observers were not allowed into the court room.",
    "The organisation calls for the immediate release of everyone held for their views.",
    "Supporters gathered outside the police station until late in the evening.",
    "Several independent media outlets have been blocked since the protests began.",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip
PROVENANCE = Provenance("bench-generator", "1", 0.9)


def _name(rng: random.Random) -> str:
    stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    return f"{rng.choice(FIRST)} {stem}{rng.choice(['ov', 'ova', 'enko', 'ich', 'uly', 'bekov'])}"


@dataclass
class Case:
    """A person and where their story is: each document tells its next steps."""

    name: str
    country: str
    role: str
    town: str
    day: int  # days since 2019-01-01 of the latest event told


def _date(rng: random.Random, day: int) -> tuple[PartialDate | None, str]:
    moment = datetime.date(2019, 1, 1) + datetime.timedelta(days=day)
    year, month, mday = moment.year, moment.month, moment.day
    roll = rng.random()
    if roll < 0.78:
        return PartialDate(year, month, mday), f"on {mday} {MONTHS[month - 1]} {year}"
    if roll < 0.9:
        return PartialDate(year, month), f"in {MONTHS[month - 1]} {year}"
    if roll < 0.96:
        return PartialDate(year), f"in {year}"
    return None, "recently"


def _sentence(rng: random.Random, kind: str, case: Case, when: str) -> tuple[str, dict]:
    """A sentence stating one event, and the event's extra fields."""
    n, charge = case.name, rng.choice(CHARGES)
    court = f"the {case.town} district court"
    years = rng.randint(1, 12)
    table: dict[str, tuple[str, dict[str, Any]]] = {
        "arrest": (f"{n}, a {case.role} from {case.town}, was arrested by the police {when}",
                   {"agent": "the police", "place": case.town}),
        "charge": (f"{n} was charged with {charge} {when}", {"charges": [charge]}),
        "trial": (f"The trial of {n} opened at {court} {when}", {"agent": court}),
        "sentence": (f"{court.capitalize()} sentenced {n} to {years} years in prison {when}",
                     {"term": f"P{years}Y", "term_kind": "prison", "agent": court}),
        "release": (f"{n} was released from custody {when}", {}),
        "search": (f"Police searched the home of {n} in {case.town} {when}", {"agent": "police"}),
        "fine": (f"{n} was fined for {charge} {when}", {"term_kind": "fine"}),
        "harassment": (f"{n} was followed and threatened by unknown men {when}", {}),
        "appeal": (f"An appeal court upheld the verdict against {n} {when}", {}),
        "conviction": (f"{n} was found guilty of {charge} {when}", {"charges": [charge]}),
        "investigation": (f"A criminal case was opened against {n} {when}", {}),
        "restriction": (f"{n} was banned from leaving {case.town} {when}", {}),
        "ill_treatment": (f"{n} was beaten in police custody {when}", {}),
        "disappearance": (f"{n} disappeared after a summons to the police {when}", {}),
        "acquittal": (f"{court.capitalize()} acquitted {n} {when}", {}),
    }  # fmt: skip
    return table[kind]


class Generator:
    def __init__(self, seed: int, persons: int) -> None:
        self.rng = random.Random(seed)
        rng = self.rng
        names: dict[str, None] = {}
        while len(names) < persons:
            names[_name(rng)] = None
        self.cases = [
            Case(name, rng.choices(COUNTRIES, COUNTRY_WEIGHTS)[0], rng.choice(ROLES),
                 rng.choice(TOWNS), rng.randint(0, 6 * 365))
            for name in names
        ]  # fmt: skip
        self.organisations = [f"{town} Civic Forum" for town in TOWNS]

    def document(self, number: int, facts: int) -> tuple[Extraction, bytes]:
        rng = self.rng
        # A few people recur in many documents, most in one or two.
        cast = {int(len(self.cases) * rng.random() ** 2) for _ in range(rng.randint(2, 5))}
        people = [self.cases[i] for i in cast]
        parts: list[str] = [f"{rng.choice(TOWNS)}: new cases reported\n\n"]
        events: list[tuple[str, Case, str, dict, PartialDate | None]] = []
        stats: list[tuple[int, str, str]] = []
        org = rng.choice(self.organisations) if rng.random() < 0.1 else None
        for k in range(facts - (1 if org else 0)):  # a banned group's designation is one
            if k % 7 == 6:  # a count of unnamed people, now and then
                count = rng.randint(3, 60)
                quote = f"at least {count} people have been detained in {rng.choice(TOWNS)}"
                stats.append((count, "people detained", quote))
                parts.append(f"Since the start of the year {quote}. ")
                continue
            case = people[k % len(people)]
            case.day = min(case.day + rng.randint(1, 90), 7 * 365 - 30)
            date, when = _date(rng, case.day)
            kind = rng.choices(TYPES, TYPE_WEIGHTS)[0]
            sentence, extra = _sentence(rng, kind, case, when)
            events.append((sentence, case, kind, extra, date))
            parts.append(sentence + ". ")
            if rng.random() < 0.5:
                parts.append(rng.choice(FILLER) + " ")
            if rng.random() < 0.2:
                parts.append("\n\n")
        if org:
            parts.append(f"\n\nThe group {org} was banned as extremist. ")
        text = "".join(parts)
        sha = hashlib.sha256(text.encode()).hexdigest()

        def evidence(quote: str) -> Evidence:
            start = text.index(quote)
            return Evidence(sha, start, start + len(quote), quote)

        year = 2019 + min(6, max((e[1].day for e in events), default=0) // 365)
        document = Document(
            sha256=sha, text=text, title=f"Statement {number}: {people[0].name}",
            publisher=rng.choice(["Steppe Rights Monitor", "Lake Country Watch", "Free Voices"]),
            published=PartialDate(year), language="en", source_name=f"statement-{number}.txt",
        )  # fmt: skip
        built = [
            Event(type=kind, participant=case.name, evidence=evidence(sentence),
                  provenance=PROVENANCE, date=date, **extra)
            for sentence, case, kind, extra, date in events
        ]  # fmt: skip
        organisations = []
        if org:
            organisations.append(Organisation(org, kind="group"))
            built.append(Event(type="designation", participant=org, participant_kind="organisation",
                               evidence=evidence(f"{org} was banned as extremist"),
                               provenance=PROVENANCE, label="extremist"))  # fmt: skip
        return Extraction(
            document=document,
            persons=[Person(c.name, roles=[c.role], country=c.country) for c in people],
            organisations=organisations,
            events=built,
            statistics=[
                Statistic(count, what, evidence(quote), period=str(year), provenance=PROVENANCE)
                for count, what, quote in stats
            ],
            possible_events=self.possible(number, built, people),
        ), text.encode()

    def possible(self, number: int, built: list[Event], people: list[Case]) -> list[Event]:
        """Two or three near misses a document, as the shipped model leaves them (another
        type for a person of the document, over a sentence that tells of someone); their
        own random stream, so that the rest of the data is what it was before them."""
        rng = random.Random(number)
        told = [e for e in built if e.participant_kind == "person"]
        out: list[Event] = []
        for _ in range(rng.choice((2, 2, 3)) if told else 0):
            about = rng.choice(told)
            out.append(replace(about, type=rng.choice(TYPES), participant=rng.choice(people).name,
                               provenance=Provenance("casefile", "bench",
                                                     round(rng.uniform(0.15, 0.35), 2))))
        return out


def save_generated(db: Path, gen: Generator, per_doc: list[int]) -> float:
    """Save a generated document of each size in `per_doc` through the store; the
    seconds it took."""
    started = time.perf_counter()
    with SQLiteStore(db) as store:
        store.conn.execute("PRAGMA synchronous = OFF")  # generation only: no need to fsync
        for number, count in enumerate(per_doc, 1):
            extraction, original = gen.document(number, count)
            store.save_extraction(extraction, original)
            if number % 1000 == 0:
                print(f"  {number} documents ({time.perf_counter() - started:.0f} s)",
                      file=sys.stderr)  # fmt: skip
    return time.perf_counter() - started


def fill(db: Path, documents: int, facts: int, seed: int) -> None:
    gen = Generator(seed, persons=max(50, documents * 6 // 5))
    rng = random.Random(seed + 1)
    per_doc = [facts // documents + (1 if i < facts % documents else 0) for i in range(documents)]
    for _ in range(documents):  # vary the sizes, keeping the total
        a, b = rng.randrange(documents), rng.randrange(documents)
        shift = min(rng.randint(0, 5), per_doc[a] - 2)
        per_doc[a] -= shift
        per_doc[b] += shift
    save_generated(db, gen, per_doc)
    decide(db)


def decide(db: Path) -> None:
    """Review decisions and access levels as a database in use has them, written in
    the store's transaction so that casefile records them (one audit entry with the
    records' digests): the database then passes `casefile verify`, which
    `migrate-store` asks of its source."""
    with SQLiteStore(db) as store, store.transaction() as conn:
        # Some review decisions: 8% accepted, 2% rejected.
        conn.execute(
            "UPDATE events SET review_status = CASE WHEN id % 50 = 7 THEN 'rejected'"
            " ELSE 'accepted' END, reviewed_by = 'bench', reviewed_at = created_at,"
            " version = 2 WHERE id % 50 IN (1, 2, 3, 4, 5, 7) OR id % 25 = 9"
        )
        # Access levels as an organisation might set them, from the first hex digit of
        # the sha256 (the same every run): 10/16 public, 4/16 internal, 2/16 confidential.
        # The timed requests are made by an internal user, so every query filters.
        conn.execute(
            "UPDATE document_levels SET level = CASE"
            " WHEN instr('0123456789abcdef', substr(sha256, 1, 1)) <= 10 THEN 0"
            " WHEN instr('0123456789abcdef', substr(sha256, 1, 1)) <= 14 THEN 1 ELSE 2 END"
        )
        for table in ("events", "statistics"):
            conn.execute(
                f"UPDATE {table} SET level = (SELECT level FROM document_levels l"
                f" WHERE l.sha256 = {table}.document_sha256)"
            )
    conn = sqlite3.connect(db)
    try:
        conn.execute("ANALYZE")
    finally:
        conn.close()


def counts(db: Path) -> tuple[int, int, int]:
    conn = sqlite3.connect(db)
    try:
        row = conn.execute(
            "SELECT (SELECT count(*) FROM documents),"
            " (SELECT count(*) FROM events) + (SELECT count(*) FROM statistics),"
            " (SELECT count(*) FROM persons)"
        ).fetchone()
        return row[0], row[1], row[2]
    finally:
        conn.close()


WRITES = "(writes)"
DOWNLOAD_ALL = "download: all cases"
REPORT = "report"


def sample_targets(location: str, rng: random.Random) -> dict[str, list[str]]:
    """The requests to time, several variants of each so that no single cached answer
    stands for a page. Read from the database served (either backend: its ids are the
    generated file's, and the events still unreviewed are its own after earlier runs)."""
    with open_store(location) as store:
        conn = store.conn  # type: ignore[attr-defined]
        persons = [r[0] for r in conn.execute(
            "SELECT person_id FROM case_summaries WHERE clearance = 1")]  # fmt: skip
        names = [r[0] for r in conn.execute("SELECT name FROM persons ORDER BY id")]
        unreviewed = [r[0] for r in conn.execute(
            "SELECT id FROM events WHERE review_status = 'unreviewed' AND level <= 1"
            " ORDER BY id")]  # fmt: skip
        documents = [r[0] for r in conn.execute(
            "SELECT sha256 FROM document_levels WHERE level <= 1 ORDER BY sha256")]  # fmt: skip
        organisations = [r[0] for r in conn.execute(
            "SELECT DISTINCT organisation_id FROM events WHERE organisation_id IS NOT NULL"
            " AND level <= 1 ORDER BY 1")]  # fmt: skip
    statuses = ["detained", "imprisoned", "released", "under investigation", "on trial"]
    years = [str(y) for y in range(2019, 2026)]
    return {
        "dashboard": ["/"],
        "cases: country + status": [
            f"/cases?country={c}&status={s.replace(' ', '+')}"
            for c in COUNTRIES[:6] for s in statuses
        ],
        "cases: type + date range": [
            f"/cases?event_type={t}&date_from={y}-03&date_to={y}-08"
            for t in ("arrest", "sentence", "charge", "release") for y in years
        ],
        "cases: status + date range": [
            f"/cases?status={s.replace(' ', '+')}&date_from={y}&date_to={int(y) + 1}"
            for s in statuses for y in years[:-1]
        ],
        # Sorted lists (issue 11): every sortable column, both ways, some with a filter.
        "cases: sorted": [
            f"/cases?sort={way}{col}{extra}"
            for col in ("name", "status", "last_event", "facts", "country")
            for way in ("", "-") for extra in ("", "&country=RU", "&page=40")
        ],
        "organisations": ["/organisations", "/organisations?all=1", "/organisations?designated=1",
                          "/organisations?q=court", "/organisations?all=1&page=3"],
        "search: common word": [f"/search?q={w}" for w in ("police", "court", "released")],
        "cases: a word in most docs": [f"/cases?q={w}" for w in ("police", "court", "released")],
        "search: a surname": [f"/search?q={n.split()[-1]}" for n in rng.sample(names, 20)],
        # Spellings (issue 11): the same surnames in Cyrillic, in a Russian case, and
        # prefixes of common words and of surnames.
        "search: surname in Cyrillic": [f"/search?q={quote(_cyrillic(n.split()[-1]))}"
                                        for n in rng.sample(names, 20)],
        "search: Russian dative": [f"/search?q={quote(_cyrillic(n.split()[-1]) + 'у')}"
                                   for n in rng.sample(names, 20)],
        "search: prefix": [f"/search?q={quote(w)}" for w in
                           ("extrem*", "sentenc*", "polic*", "court*",
                            *(n.split()[-1][:5] + "*" for n in rng.sample(names, 8)))],
        "cases: a surname": [f"/cases?q={n.split()[-1]}" for n in rng.sample(names, 20)],
        "cases: full name, Cyrillic": [f"/cases?q={quote(_cyrillic(n))}"
                                       for n in rng.sample(names, 20)],
        "case page": [f"/cases/{p}" for p in rng.sample(persons, min(200, len(persons)))],
        # Issue 11: the link queue reads both persons' evidence for each proposal shown.
        "link queue": ["/review/links"],
        "curated cases": ["/curation"],
        "documents": [f"/documents?page={n}" for n in (1, 2, 50, 150)],
        "document page": [f"/documents/{d}" for d in rng.sample(documents, 50)],
        "organisation page": [f"/organisations/{o}" for o in organisations[:20]],
        "review queue": ["/review", "/review?page=40", "/review?type=arrest",
                         "/review?sort=confidence", "/review?inferred=yes&type=sentence",
                         "/review?min_confidence=0.5&max_confidence=0.95",
                         f"/review?person={persons[0]}", f"/review?document={documents[0]}"],
        "possible facts": ["/review/possible", "/review/possible?page=40",
                           f"/review/possible?document={documents[0]}"],
        "dashboard: a range": [f"/?from={y}-01&to={y + 1}-06" for y in range(2019, 2025)],
        # Downloads of what a filtered case list shows (all its pages).
        "download: filtered CSV": [
            f"/cases.csv?country={c}&status={s}" for c in COUNTRIES[:4]
            for s in ("imprisoned", "released")] + [
            f"/cases.csv?event_type=arrest&date_from={y}-03&date_to={y}-03" for y in years],
        "download: filtered JSON": [
            f"/cases.json?event_type={t}&date_from={y}-03&date_to={y}-03"
            for t in ("arrest", "sentence") for y in years],
        # Every case of the database: megabytes, their own line (see --download-requests).
        DOWNLOAD_ALL + " CSV": ["/cases.csv"],
        DOWNLOAD_ALL + " JSON": ["/cases.json"],
        # The report (casefile.reports): every standing fact the reader may see is read and
        # counted, then rendered; the PDF is laid out by WeasyPrint on top. Their own lines,
        # fewer requests (see --report-requests).
        REPORT + " page": ["/report", "/report?country=KZ", "/report?from=2021&to=2023",
                           "/report?country=RU&from=2020"],
        REPORT + " PDF": ["/report.pdf", "/report.pdf?country=BY&from=2022"],
        # Last: it writes. Each dashboard follows a review decision, which makes the
        # store compute every figure again instead of reusing the ones it remembers.
        "dashboard after a decision": ["/"],
        WRITES: [f"/api/facts/event/{e}/accept" for e in rng.sample(unreviewed, 300)],
    }  # fmt: skip


_TO_CYRILLIC = (("ye", "е"), ("zh", "ж"), ("kh", "х"), ("sh", "ш"), ("ch", "ч"), ("ya", "я"),
                ("yu", "ю"),
                ("a", "а"), ("b", "б"), ("d", "д"), ("e", "е"), ("f", "ф"), ("g", "г"),
                ("h", "х"), ("i", "и"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"),
                ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"),
                ("v", "в"), ("x", "кс"), ("y", "ы"), ("z", "з"), ("c", "к"), ("w", "в"))


def _cyrillic(name: str) -> str:
    """A generated Latin name written in Cyrillic, as a Russian text would spell it."""
    out = []
    for word in name.split():
        rest, letters = word.lower(), []
        while rest:
            latin, cyr = next(((a, b) for a, b in _TO_CYRILLIC if rest.startswith(a)),
                              (rest[0], rest[0]))  # fmt: skip
            letters.append(cyr)
            rest = rest[len(latin):]
        out.append("".join(letters).capitalize())
    return " ".join(out)


BENCH_USER = "bench"


def bench_token(location: str) -> str:
    """An API token of the editor the timed requests are made as (pages take bearer
    tokens too: the permission check and the session lookup are part of what is timed)."""
    with open_store(location) as store:
        if store.get_user(BENCH_USER) is None:
            accounts.add_user(store, "root", "admin", "bench", None, "confidential")
            accounts.add_user(store, BENCH_USER, "editor", "bench", None, "internal")
        return accounts.new_token(store, BENCH_USER, "bench").token


def serve(location: str | Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    script = Path(sys.executable).parent / "casefile"
    proc = subprocess.Popen([str(script), "--db", str(location), "serve", "--port", str(port)],
                            stdout=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 600  # start-up computes every case record
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/openapi.json")
            if conn.getresponse().status == 200:
                conn.close()
                return proc, port
        except OSError:
            if proc.poll() is not None:
                raise SystemExit("the server exited before serving") from None
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("the server did not start")


def _send(conn: http.client.HTTPConnection, method: str, path: str, token: str) -> bytes:
    headers = {"Authorization": f"Bearer {token}"}
    if method == "POST":
        headers["Content-Type"] = "application/json"
    conn.request(method, path, body=b"{}" if method == "POST" else None, headers=headers)
    response = conn.getresponse()
    body = response.read()
    if response.status != 200:
        raise SystemExit(f"{method} {path}: {response.status} {body[:200]!r}")
    return body


def time_requests(
    port: int, paths: list[str], n: int, writes: list[str], token: str
) -> list[float]:
    """`n` timed GETs (after three untimed ones); each after an untimed POST of `writes`
    if given, so that nothing remembered from the request before can be reused."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)  # a download: minutes
    timings: list[float] = []
    try:
        for i in range(n + 3):
            if writes:
                _send(conn, "POST", writes[i % len(writes)], token)
            started = time.perf_counter()
            _send(conn, "GET", paths[i % len(paths)], token)
            if i >= 3:
                timings.append((time.perf_counter() - started) * 1000)
    finally:
        conn.close()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--facts", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--download-requests", type=int, default=10,
                        help="timed downloads of every case (each is megabytes)")
    parser.add_argument("--report-requests", type=int, default=20,
                        help="timed requests of the report page and its PDF")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--db", help="keep the database here (reused if present), or a"
                        " postgresql:// URL to copy the generated database into and serve")
    parser.add_argument("--db-cache", type=Path, help="with a PostgreSQL --db: keep the"
                        " generated SQLite database here (reused if present)")
    parser.add_argument("--start-postgres", action="store_true", help="start a throwaway"
                        " PostgreSQL server (tests/pg_support.py) and serve from it")
    parser.add_argument("--only", default="", help="time only the pages whose name has this")
    args = parser.parse_args()

    server = start_postgres() if args.start_postgres else None
    try:
        with tempfile.TemporaryDirectory() as tmp:
            location = server.url("bench") if server is not None else args.db
            postgres = location is not None and location.startswith("postgresql://")
            db = (args.db_cache or Path(tmp) / "web.db") if postgres or location is None else (
                Path(location))  # fmt: skip
            if not db.exists():
                started = time.perf_counter()
                fill(db, args.documents, args.facts, args.seed)
                print(f"filled in {time.perf_counter() - started:.0f} s", file=sys.stderr)
            documents, facts, persons = counts(db)
            if postgres:
                copy_into(db, location)
            served = location if postgres else str(db)
            results = measure(served, args)
    finally:
        if server is not None:
            server.stop()
    print(f"\n{documents:,} documents, {facts:,} facts, {persons:,} persons; uvicorn in its own"
          f" process, {args.requests} sequential requests per page over loopback HTTP"
          f" ({os.cpu_count()} cores; the report and its PDF: {args.report_requests}"
          " each)\n")  # fmt: skip
    print(f"| {'page':<28} | p50 ms | p95 ms | max ms |")
    print(f"| {'-' * 28} | -----: | -----: | -----: |")
    for name, timings in results.items():
        print(_row(name, timings))


def measure(location: str, args: argparse.Namespace) -> dict[str, list[float]]:
    """Serve the database in its own process and time every page (`--only`) over HTTP."""
    token = bench_token(location)
    started = time.perf_counter()
    proc, port = serve(location)
    print(f"server up in {time.perf_counter() - started:.1f} s (create_app computes the"
          " case records)", file=sys.stderr)  # fmt: skip
    try:
        targets = sample_targets(location, random.Random(args.seed))
        writes = targets.pop(WRITES)
        targets = {name: paths for name, paths in targets.items() if args.only in name}
        results: dict[str, list[float]] = {}
        for name, paths in targets.items():
            n = (args.download_requests if name.startswith(DOWNLOAD_ALL)
                 else args.report_requests if name.startswith(REPORT) else args.requests)
            results[name] = time_requests(port, paths, n, writes if name == (
                "dashboard after a decision") else [], token)  # fmt: skip
            # As it goes, on stderr: a long run that fails late keeps what it measured.
            print(_row(name, results[name]), file=sys.stderr, flush=True)
    finally:
        proc.terminate()
        proc.wait(30)
    return results


def copy_into(db: Path, url: str) -> None:
    """The generated SQLite database copied into the PostgreSQL database at `url` with
    `casefile migrate-store`'s own function, unless that database already holds data
    (an earlier run's copy: reused as it is)."""
    with open_store(url) as store:
        held = holds_data(store.conn)  # type: ignore[attr-defined]
    if held is not None:
        print(f"{url} holds data already (table {held}): served as it is", file=sys.stderr)
        return
    started = time.perf_counter()
    result = migrate_store(str(db), url)
    seconds = time.perf_counter() - started
    print(f"copied {result.rows:,} rows into PostgreSQL in {seconds:.0f} s (migrate-store:"
          " copy, rebuild of search index and case records, verification)", file=sys.stderr)


def start_postgres() -> Any:
    """A throwaway server as the tests start one (initdb as user postgres when root, a
    loopback port, C.UTF-8, fsync off), with an empty database `bench`; stopped and
    removed at the end."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    import pg_support

    reason = pg_support.missing_reason()
    if reason is not None:
        raise SystemExit(f"cannot start PostgreSQL: {reason}")
    server = pg_support.start_server()
    server.admin("CREATE DATABASE bench")
    print(f"PostgreSQL started: {server.url('bench')}", file=sys.stderr)
    return server


def _row(name: str, timings: list[float]) -> str:
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
    return (f"| {name:<28} | {statistics.median(ordered):6.1f} | {p95:6.1f} |"
            f" {ordered[-1]:6.1f} |")  # fmt: skip


if __name__ == "__main__":
    main()
