"""Shared pytest fixtures."""


# --- store, cases and export fixtures --------------------------------------------
# Extractions are built by hand: these tests are about storage, not the NLP pipeline.

import hashlib  # noqa: E402
import os  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any, Self  # noqa: E402

import pytest  # noqa: E402

from casefile.model import (  # noqa: E402
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
from casefile.store import open_store  # noqa: E402
from casefile.store.sqlite import SQLiteStore  # noqa: E402


class ExtractionBuilder:
    """One document and facts about it, each located by quoting the text."""

    def __init__(self, text: str, *, published: str | None = None, **meta: Any) -> None:
        self.original = text.encode("utf-8")
        self.document = Document(
            sha256=hashlib.sha256(self.original).hexdigest(),
            text=text,
            published=PartialDate.parse(published) if published else None,
            **meta,
        )
        self.provenance = Provenance("test-extractor", "1", 0.9)
        self.persons: list[Person] = []
        self.organisations: list[Organisation] = []
        self.events: list[Event] = []
        self.statistics: list[Statistic] = []

    def evidence(self, quote: str) -> Evidence:
        start = self.document.text.index(quote)
        return Evidence(self.document.sha256, start, start + len(quote), quote)

    def person(self, name: str, **kw: Any) -> Self:
        self.persons.append(Person(name=name, **kw))
        return self

    def organisation(self, name: str, **kw: Any) -> Self:
        self.organisations.append(Organisation(name=name, **kw))
        return self

    def event(
        self, type: str, participant: str, quote: str, date: str | None = None, **kw: Any
    ) -> Self:
        kw.setdefault("provenance", self.provenance)
        self.events.append(
            Event(
                type=type,
                participant=participant,
                evidence=self.evidence(quote),
                date=PartialDate.parse(date) if date else None,
                **kw,
            )
        )
        return self

    def statistic(self, count: int, what: str, quote: str, **kw: Any) -> Self:
        kw.setdefault("provenance", self.provenance)
        self.statistics.append(Statistic(count, what, self.evidence(quote), **kw))
        return self

    def build(self) -> Extraction:
        return Extraction(
            document=self.document,
            persons=list(self.persons),
            organisations=list(self.organisations),
            events=list(self.events),
            statistics=list(self.statistics),
        )


@pytest.fixture
def db_path(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """The test's database file. CASEFILE_TEST_BACKEND=postgresql makes it a fresh
    PostgreSQL database instead, to try any test there (tests that treat it as a file
    then fail: the store suite proper runs on both through `store_db`)."""
    if os.environ.get("CASEFILE_TEST_BACKEND") == "postgresql":
        url: Path = request.getfixturevalue("pg_server").new_database()
        return url
    return tmp_path / "cases.db"


@pytest.fixture
def sqlite_store(db_path: Path) -> Iterator[SQLiteStore]:
    # open_store: a SQLiteStore for the path, a PostgresStore under CASEFILE_TEST_BACKEND
    with open_store(db_path) as store:
        yield store  # type: ignore[misc]


# --- both store backends (tests/pg_support.py) --------------------------------------
# A module runs its store tests on both by taking `store_db` (a path or a postgresql://
# URL) where it took `db_path`; the PostgreSQL server is started once per session.


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Any]:
    import pg_support

    reason = pg_support.missing_reason()
    if reason is not None:
        pg_support.skip_or_fail(reason)
    server = pg_support.start_server()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_db(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """The place of a fresh store: a file path for SQLite, a URL for PostgreSQL (a new,
    migrated database for each test)."""
    if request.param == "sqlite":
        return tmp_path / "cases.db"
    server = request.getfixturevalue("pg_server")
    url: str = server.new_database()
    return url


@pytest.fixture
def make_extraction() -> type[ExtractionBuilder]:
    return ExtractionBuilder


# --- CLI fixtures: `casefile` in-process through main(), or as the real console script --

import io  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass  # noqa: E402


@dataclass(frozen=True)
class CliResult:
    code: int
    out: str
    err: str


def _exit_code(code: object) -> int:
    if code is None:
        return 0
    return code if isinstance(code, int) else 1


@pytest.fixture
def casefile_main(
    tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> Callable[..., CliResult]:
    """`casefile --db DB_PATH ARGS...` through `casefile.cli.main()` in this process (the
    spaCy model loads once per session), from tmp_path, with `stdin` bytes if given."""
    from casefile.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CASEFILE_DB", raising=False)
    monkeypatch.delenv("CASEFILE_CONFIG", raising=False)

    def run(*args: str, stdin: bytes | None = None, db: Path | None = None) -> CliResult:
        monkeypatch.setattr(sys, "argv", ["casefile", "--db", str(db or db_path), *args])
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin or b"")))
        capsys.readouterr()
        with pytest.raises(SystemExit) as exc:
            main()
        out, err = capsys.readouterr()
        return CliResult(_exit_code(exc.value.code), out, err)

    return run


def _console_script() -> str:
    found = shutil.which("casefile") or str(Path(sys.executable).parent / "casefile")
    assert Path(found).exists(), "the casefile console script is not installed"
    return found


@pytest.fixture
def casefile_script(tmp_path: Path, db_path: Path) -> Callable[..., CliResult]:
    """`casefile --db DB_PATH ARGS...` as a real subprocess of the console script."""
    script = _console_script()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEFILE_")}

    def run(*args: str, stdin: bytes | None = None) -> CliResult:
        proc = subprocess.run(
            [script, "--db", str(db_path), *args],
            input=stdin or b"",
            capture_output=True,
            cwd=tmp_path,
            env=env,
            timeout=300,
        )
        return CliResult(
            proc.returncode,
            proc.stdout.decode("utf-8", "replace"),
            proc.stderr.decode("utf-8", "replace"),
        )

    return run


# --- browser fixtures ------------------------------------------------------------
# Defined in browser_support and registered here once, for every module: a session-scoped
# fixture assigned in each module is a fixture of its own there, and a second Playwright
# started while the first still runs fails ("Sync API inside the asyncio loop").
from browser_support import browser, page, site  # noqa: E402,F401
