"""Canaries on every route: the next leak fails a test.

The canary world (canary_world.py) holds invented documents at each access level, each
with words no other record holds: names in Latin and Cyrillic, organisations, a role, a
quote, titles, publishers, URLs and file names; a protected person; spellings merged
across levels; a fact raised above its document; link proposals. For each reader (a
viewer of public and of internal clearance, an editor of public clearance), the crawler
(canary_crawl.py) sends every GET route of the app's route table with the id of every
record and a missing id, and every query parameter with canary searches in variant
spellings, and asserts that no answer, body or headers, holds a canary above the
reader's clearance, and that a hidden record answers exactly as a missing one. The
public editor then tries every state-changing route on the records hidden from him
(canary_sweep.py): nothing may change, and the answer must be that for a missing record.
An admin of confidential clearance is the control that does see every canary.

Leaks known when the suite was written are strict xfails (canary_leaks.py), one per case:
when a fix lands, its cases pass, strict xfail fails them, and their entries go.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from canary_crawl import (
    ALL_CANARIES,
    FACT_KIND,
    MISSING_IDS,
    QUERY_VALUES,
    RECORD_PARAMS,
    AppRoute,
    ReadCase,
    fill_path,
    id_of,
    leaked,
    level_of_symbol,
    read_cases,
    record_param,
    route_table,
    shape,
    what_is_read,
)
from canary_leaks import KNOWN_LEAKS
from canary_sweep import (
    BODIES,
    BODY_RECORDS,
    NO_RECORD_ROUTES,
    UPLOAD_ROUTES,
    SweepCase,
    sweep_cases,
)
from canary_world import (
    CANARIES,
    CONTROL,
    FAMILIES,
    PROTECTED,
    READERS,
    SWEEPER,
    UNATTESTED,
    World,
    build_world,
    canary_level,
    clearance_of,
    fold,
    hidden_canaries,
    holds,
    unnamed_rows,
)
from casefile.services.audit import audit_log, render_entry
from casefile.store.base_security import level_of
from casefile.store.sqlite import SQLiteStore
from casefile.web import create_app
from web_support import dump, sign_in

ROUTES, MOUNTS = route_table()
# Mounted apps the crawler does not enter, and why (each must still exist).
EXCLUDED_MOUNTS = {"/static": "our stylesheet and script: files, no records"}
READ_CASES = read_cases(ROUTES, READERS)
CONTROL_CASES = read_cases(ROUTES, [CONTROL])
SWEEP_CASES = sweep_cases(ROUTES, level_of(clearance_of(SWEEPER)))


def marked(cases: list[Any]) -> list[Any]:
    """Each case as a pytest param; a known leak as a strict xfail naming its finding."""
    return [
        pytest.param(case, id=case.id, marks=pytest.mark.xfail(strict=True,
                     reason=KNOWN_LEAKS[case.id])) if case.id in KNOWN_LEAKS
        else pytest.param(case, id=case.id)
        for case in cases
    ]  # fmt: skip


def copy_database(source: Path, target: Path) -> Path:
    """A consistent copy (sqlite3's backup API: the WAL included)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return target


class NoPipeline:
    """The crawl and the sweep send nothing that needs extraction."""

    def get(self) -> Any:
        raise AssertionError("the extraction pipeline was not meant to be needed")


@pytest.fixture(scope="session")
def canary_world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return build_world(tmp_path_factory.mktemp("canary") / "world.db")


class Crawl:
    """One app over a copy of the world, one signed-in client per user, answers kept."""

    def __init__(self, world: World, clients: dict[str, TestClient]) -> None:
        self.world = world
        self.clients = clients
        self._answers: dict[tuple[str, str], Any] = {}

    def get(self, user: str, url: str) -> Any:
        key = (user, url)
        if key not in self._answers:
            self._answers[key] = self.clients[user].get(url)
        return self._answers[key]


@pytest.fixture(scope="module")
def crawl(canary_world: World, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    db = copy_database(canary_world.db_path, tmp_path_factory.mktemp("crawl") / "crawl.db")
    world = World(db, canary_world.ids, canary_world.texts)
    app = create_app(db)
    app.state.pipeline = NoPipeline()
    with ExitStack() as stack:
        clients = {}
        for user in (*READERS, CONTROL):
            client = stack.enter_context(TestClient(app, follow_redirects=False))
            clients[user] = sign_in(client, db, user)
        yield Crawl(world, clients)


def _reference(case: ReadCase, world: World) -> tuple[str, set[str]] | None:
    """The URL of the missing record (or matchless search) this case must answer like,
    and the values that may differ; None when the case may answer as it likes."""
    if case.symbol:
        family = case.symbol.split(":")[0]
        missing = f"{family}:missing"
        if case.symbol == missing:
            return None
        return (fill_path(case.route, world, missing),
                {id_of(world, case.symbol), MISSING_IDS[family]})  # fmt: skip
    if case.probe is None or case.probe.level is None:
        return None
    return case.url(world, case.probe.missing), {case.probe.resolve(world), case.probe.missing}


@pytest.mark.parametrize("case", marked(READ_CASES))
def test_a_read_holds_nothing_above_the_clearance_and_hides_like_missing(case, crawl):
    world, user = crawl.world, case.user
    response = crawl.get(user, case.url(world))
    assert response.status_code < 500, response.text[:300]
    found = leaked(response, hidden_canaries(clearance_of(user)), case.echo(world))
    problems = [f"leaks: {'; '.join(found)}"] if found else []
    reference = _reference(case, world)
    if reference is not None:
        url, differing = reference
        mine, missing = shape(response, differing), shape(crawl.get(user, url), differing)
        needed = level_of_symbol(case.symbol) if case.symbol else case.probe.level
        if needed is not None and needed > level_of(clearance_of(user)):
            if mine != missing:
                problems.append(f"hidden answers unlike missing: {mine.diff(missing)}")
        elif response.status_code >= 400 and mine != missing:
            # visible: shown, or refused exactly as a missing record is
            problems.append(f"refused unlike missing: {mine.diff(missing)}")
    assert not problems, " | ".join(problems)


def test_the_control_sees_every_canary(crawl):
    """Without this the crawl could pass by reading nothing: the admin of confidential
    clearance must meet every canary somewhere in the same requests."""
    seen = []
    for case in CONTROL_CASES:
        response = crawl.get(CONTROL, case.url(crawl.world))
        assert response.status_code < 500, case.id
        seen.append(what_is_read(response, case.echo(crawl.world)))
    everything = "\n".join(seen)
    assert [w for w in ALL_CANARIES if not holds(everything, w)] == []


@pytest.mark.parametrize("user", READERS)
def test_each_reader_sees_the_canaries_of_their_clearance(user, crawl):
    mine = level_of(clearance_of(user))
    allowed = [w for level, words in CANARIES.items()
               if level != PROTECTED and canary_level(level) <= mine for w in words
               if w not in UNATTESTED]  # fmt: skip
    everything = "\n".join(
        what_is_read(crawl.get(user, c.url(crawl.world)), c.echo(crawl.world))
        for c in READ_CASES if c.user == user
    )
    assert [w for w in allowed if not holds(everything, w)] == []


# --- state-changing routes ------------------------------------------------------------------


@pytest.fixture
def sweep_app(canary_world: World, tmp_path: Path) -> Iterator[tuple[World, TestClient]]:
    db = copy_database(canary_world.db_path, tmp_path / "sweep.db")
    app = create_app(db)
    app.state.pipeline = NoPipeline()
    with TestClient(app, follow_redirects=False) as client:
        yield World(db, canary_world.ids, canary_world.texts), sign_in(client, db, SWEEPER)


def _changed(before: list[str], after: list[str]) -> list[str]:
    gone, new = set(before) - set(after), set(after) - set(before)
    return sorted(f"- {r[:160]}" for r in gone)[:4] + sorted(f"+ {r[:160]}" for r in new)[:4]


class Sweep:
    """One app over a copy of the world, signed in as the sweeper; after a case that
    changed the database, the copy is put back as it was (faster than an app per case)."""

    def __init__(self, world: World, client: TestClient, pristine: Path) -> None:
        self.world, self.client, self._pristine = world, client, pristine
        self.rows = dump(world.db_path)

    def restore(self) -> None:
        self.client.app.state.stores.close()  # type: ignore[attr-defined]
        copy_database(self._pristine, self.world.db_path)
        assert dump(self.world.db_path) == self.rows


@pytest.fixture(scope="module")
def sweep(canary_world: World, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sweep]:
    folder = tmp_path_factory.mktemp("sweep")
    db = copy_database(canary_world.db_path, folder / "sweep.db")
    app = create_app(db)
    app.state.pipeline = NoPipeline()
    with TestClient(app, follow_redirects=False) as client:
        sign_in(client, db, SWEEPER)
        pristine = copy_database(db, folder / "pristine.db")
        yield Sweep(World(db, canary_world.ids, canary_world.texts), client, pristine)


@pytest.mark.parametrize("case", marked(SWEEP_CASES))
def test_a_change_to_a_hidden_record_changes_nothing_and_answers_as_for_a_missing_one(
    case: SweepCase, sweep: Sweep
):
    world, client, before = sweep.world, sweep.client, sweep.rows
    try:
        method, path, kwargs = case.missing().request(world)
        missing = client.request(method, path, **kwargs)
        assert dump(world.db_path) == before, f"{path} changed the database"
        method, path, kwargs = case.request(world)
        response = client.request(method, path, **kwargs)
        problems = _changed(before, dump(world.db_path))
    finally:
        if dump(world.db_path) != before:
            sweep.restore()
    assert max(response.status_code, missing.status_code) < 500, response.text[:300]
    differing = {id_of(world, case.symbol), id_of(world, case.missing().symbol)}
    mine, other = shape(response, differing), shape(missing, differing)
    if mine != other:
        problems.append(f"answers unlike missing: {mine.diff(other)}")
    assert not problems, " | ".join(problems)


# --- uploading a copy of a hidden document -----------------------------------------------------

# The confidential document only: the internal one takes the same road, at twice the time.
UPLOAD_CASES = [(route, "document:confidential", access) for route in UPLOAD_ROUTES
                for access in ("", "public")]  # fmt: skip


@pytest.fixture(scope="module")
def pipeline_holder() -> Any:
    """The real extraction pipeline, loaded once for every upload below."""
    from casefile.web.context import PipelineHolder

    return PipelineHolder(None)


def _upload(client: TestClient, route: str, text: str, access: str) -> Any:
    meta = {"title": "Swept title", "publisher": "Swept Publisher",
            "url": "https://swept.example/copy"}  # fmt: skip
    if route == "POST /api/documents":
        body = {"text": text, **meta, **({"access": access} if access else {})}
        return client.post("/api/documents", json=body)
    if route == "POST /api/documents/upload":
        return client.post("/api/documents/upload", data={**meta, "access": access},
                           files={"file": ("copy.txt", text.encode(), "text/plain")})  # fmt: skip
    return client.post("/documents", data={**meta, "text": text, "access_level": access})


def _document_rows(db: Path, sha256: str) -> list[Any]:
    conn = sqlite3.connect(db)
    try:
        return [conn.execute(f"SELECT * FROM {table} WHERE {column} = ?",  # noqa: S608
                             (sha256,)).fetchall()
                for table, column in (("documents", "sha256"), ("document_levels", "sha256"),
                                      ("events", "document_sha256"),
                                      ("statistics", "document_sha256"),
                                      ("person_roles", "document_sha256"))]  # fmt: skip
    finally:
        conn.close()


@pytest.mark.parametrize(("route", "document", "access"), [
    pytest.param(*c, id="|".join(c) or "default", marks=pytest.mark.xfail(
        strict=True, reason=KNOWN_LEAKS["|".join(c)])) if "|".join(c) in KNOWN_LEAKS
    else pytest.param(*c, id="|".join(c)) for c in UPLOAD_CASES])  # fmt: skip
def test_an_upload_of_a_hidden_document_answers_as_a_new_one_and_changes_nothing(
    route, document, access, sweep_app, pipeline_holder
):
    world, client = sweep_app
    client.app.state.pipeline = pipeline_holder  # type: ignore[attr-defined]
    fresh = _upload(client, route, "Invented upload: Nobody was detained on 1 January 2025.",
                    access)  # fmt: skip
    assert fresh.status_code in (201, 303), fresh.text[:300]
    sha256 = world.id(document)
    before = _document_rows(world.db_path, sha256)
    copy = _upload(client, route, world.texts[document], access)
    problems = []
    if _document_rows(world.db_path, sha256) != before:
        problems.append("the hidden document's rows changed")
    if copy.status_code != fresh.status_code:
        problems.append(f"status {copy.status_code}, a new upload gets {fresh.status_code}")
    elif route != "POST /documents" and copy.json().get("new") is not True:
        problems.append(f"answered {copy.json()}: the document is known")
    elif route == "POST /documents" and (copy.headers["location"] == "/documents") != (
            fresh.headers["location"] == "/documents"):  # fmt: skip
        problems.append(f"redirected to {copy.headers['location']}")
    # Admins are told that someone holds a copy (and nothing of its content is logged).
    copies = _hidden_copies(world.db_path, sha256)
    if [(actor, subjects) for actor, subjects, _ in copies] != [(SWEEPER,
                                                                 f'["document:{sha256}"]')]:
        problems.append(f"the audit log's hidden copies: {copies}")
    logged = fold(" ".join(after for _, _, after in copies))
    if any(holds(logged, word) for word in hidden_canaries(clearance_of(SWEEPER))):
        problems.append(f"the audit entry holds the document's words: {logged}")
    assert not problems, " | ".join(problems)


def _hidden_copies(db: Path, sha256: str) -> list[tuple[str, str, str]]:
    """The log's hidden-copy entries, as `casefile audit log --record document:SHA256`
    reads them."""
    with SQLiteStore(db) as store:
        entries = audit_log(store, f"document:{sha256}")
    return [(e.actor, e.subjects, render_entry(e)) for e in entries
            if e.action == "document.upload.hidden_copy"]  # fmt: skip


# --- the crawl covers the app -------------------------------------------------------------------


def coverage_problems(routes: list[AppRoute], mounts: list[str]) -> list[str]:
    """Routes the crawl would not reach, and exclusions naming routes that are gone."""
    problems = []
    reads = {c.route.key for c in read_cases(routes, READERS[:1])}
    swept = {c.route.key for c in sweep_cases(routes, 0)}
    keys = {r.key for r in routes}
    for route in routes:
        for param in route.path_params:
            if param == FACT_KIND and set(route.choices(param)) != {"event", "statistic"}:
                problems.append(f"{route.key}: {{kind}} is not the fact families")
            elif param not in RECORD_PARAMS and param != FACT_KIND and not route.choices(param):
                problems.append(f"{route.key}: no record family for {{{param}}}")
        problems += [f"{route.key}: no values for ?{q}=" for q in route.query_params
                     if q not in QUERY_VALUES]  # fmt: skip
        if route.method == "GET":
            if route.key not in reads:
                problems.append(f"{route.key}: not crawled")
        elif route.key in UPLOAD_ROUTES or route.key in NO_RECORD_ROUTES:
            continue
        elif route.key not in BODIES or route.key not in swept:
            problems.append(f"{route.key}: not swept (give it a body in canary_sweep.BODIES)")
        elif record_param(route) is None and route.key not in BODY_RECORDS:
            problems.append(f"{route.key}: names no record in its path or BODY_RECORDS")
    for listed in (*BODIES, *BODY_RECORDS, *UPLOAD_ROUTES, *NO_RECORD_ROUTES):
        if listed not in keys:
            problems.append(f"{listed}: listed in canary_sweep but no longer a route")
    problems += [f"mount {m}: not crawled" for m in mounts if m not in EXCLUDED_MOUNTS]
    problems += [f"mount {m}: excluded but gone" for m in EXCLUDED_MOUNTS if m not in mounts]
    return problems


def test_every_route_of_the_app_is_crawled():
    assert len(ROUTES) > 50
    assert coverage_problems(ROUTES, MOUNTS) == []


def test_a_new_route_fails_the_coverage_test():
    new = [AppRoute("GET", "/api/widgets/{widget_id}", ("widget_id",)),
           AppRoute("DELETE", "/api/cases/{person_id}", ("person_id",)),
           AppRoute("GET", "/api/cases", (), ("colour",))]  # fmt: skip
    problems = coverage_problems([*ROUTES, *new], [*MOUNTS, "/files"])
    assert problems == [
        "GET /api/widgets/{widget_id}: no record family for {widget_id}",
        "DELETE /api/cases/{person_id}: not swept (give it a body in canary_sweep.BODIES)",
        "GET /api/cases: no values for ?colour=",
        "mount /files: not crawled",
    ]
    gone = coverage_problems([r for r in ROUTES if r.key != "POST /api/merges"], [])
    assert "POST /api/merges: listed in canary_sweep but no longer a route" in gone
    assert "mount /static: excluded but gone" in gone


def test_every_record_of_the_world_is_crawled(canary_world):
    assert unnamed_rows(canary_world) == []
    # and every family a path can name has records to name (else only "missing" is sent)
    families = {f for fs in RECORD_PARAMS.values() for f in fs}
    assert families - set(FAMILIES) == set()


def test_every_known_leak_names_a_case():
    cases = {c.id for c in (*READ_CASES, *SWEEP_CASES)} | {"|".join(c) for c in UPLOAD_CASES}
    assert sorted(set(KNOWN_LEAKS) - cases) == []
    assert all(reason.startswith("issue 9 finding") for reason in KNOWN_LEAKS.values())
