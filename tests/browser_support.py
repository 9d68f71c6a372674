"""Fixtures for the end-to-end browser tests: Debian's Chromium driven by Playwright
against the app under a real uvicorn server on a free loopback port.

Everything here is invented: the people, the towns, the statements. The browser tests
skip with a message saying why when Playwright or Chromium is missing, unless
CASEFILE_REQUIRE_BROWSER=1 (set by .ci/run), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from casefile.model import Event, Provenance
from casefile.security import passwords
from casefile.store.sqlite import SQLiteStore
from casefile.web.server import background_server

# Chromium's own start-up calls home (updates, sync, field trials); this machine's closed
# network refuses them, noisily and slowly. A profile is made fresh by Playwright.
CHROMIUM_ARGS = [
    "--no-sandbox",  # tests run as root in CI containers, where the sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DOCS = Path(__file__).resolve().parent.parent / "docs"

ARDAKOL_TEXT = (
    "Civic activist Dauren Kassymov was arrested in Ardakol on 14 March 2023. "
    "On 20 March 2023 he was charged with inciting social discord. "
    "His trial opened at the Ardakol city court on 2 October 2023. "
    "On 28 November 2023 the court sentenced Kassymov to five years in prison.\n\n"
    "His lawyer, Saltanat Omarova, was detained on 2 April 2023 "
    "and released on 4 April 2023 without charge.\n\n"
    "The civic group Free Ardakol was banned as extremist in 2022. "
    "Since January, eleven activists have been detained in the region."
)
MIROVSK_TEXT = (
    "Blogger Alesia Varonka was detained by the police in Mirovsk on 5 June 2024. "
    "She was charged with insulting an official on 7 June 2024.\n\n"
    "Teacher Pavel Lutsevich, detained with her, was fined on 8 June 2024 "
    "and released the same evening."
)


REVIEWER = "Inkar.Bekova"  # the analyst the browser tests sign in as
PASSWORD = "steppe wind over the lake"


@dataclass
class Site:
    base: str  # http://127.0.0.1:PORT
    db_path: Path
    ardakol: str  # document sha256
    mirovsk: str


def require_or_skip(reason: str) -> None:
    """Skip, or fail where the browser tests must run (CI)."""
    if os.environ.get("CASEFILE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests required (CASEFILE_REQUIRE_BROWSER=1) but {reason}")
    pytest.skip(f"browser tests skipped: {reason}")


def chromium_path() -> str | None:
    """CASEFILE_CHROMIUM if set (that one only), else Debian's /usr/bin/chromium, else
    one on PATH."""
    chosen = os.environ.get("CASEFILE_CHROMIUM")
    if chosen is not None:
        return chosen if Path(chosen).is_file() else None
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium"
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        require_or_skip("Playwright is not installed (pip install -e '.[dev]')")
    executable = chromium_path()
    if executable is None:
        require_or_skip(
            "no Chromium found (as root: apt-get install chromium; or set"
            " CASEFILE_CHROMIUM to its path)"
        )
    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(
                executable_path=executable, headless=True, args=CHROMIUM_ARGS
            )
        except Error as err:
            require_or_skip(f"Chromium at {executable} did not start: {err.message[:300]}")
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh context (no cookies: not signed in) and page per test; a step that
    waits more than 15 s has failed."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def ardakol(make_extraction: Any) -> Any:
    return (
        make_extraction(
            ARDAKOL_TEXT,
            published="2023-12-05",
            title="Ardakol: five years for a civic activist",
            publisher="Steppe Rights Monitor",
            language="en",
        )
        .person("Dauren Kassymov", roles=["activist"], country="KZ")
        .person("Saltanat Omarova", roles=["lawyer"], country="KZ")
        .organisation("Free Ardakol", kind="group")
        .event("arrest", "Dauren Kassymov",
               "Civic activist Dauren Kassymov was arrested in Ardakol on 14 March 2023",
               "2023-03-14", place="Ardakol")
        .event("charge", "Dauren Kassymov", "he was charged with inciting social discord",
               "2023-03-20", charges=["inciting social discord"])
        .event("trial", "Dauren Kassymov", "His trial opened at the Ardakol city court",
               "2023-10-02", agent="the Ardakol city court")
        .event("sentence", "Kassymov", "the court sentenced Kassymov to five years in prison",
               "2023-11-28", term="P5Y", term_kind="prison",
               charges=["inciting social discord"], agent="the Ardakol city court")
        .event("arrest", "Saltanat Omarova", "Saltanat Omarova, was detained on 2 April 2023",
               "2023-04-02")
        .event("release", "Saltanat Omarova", "released on 4 April 2023 without charge",
               "2023-04-04")
        .event("designation", "Free Ardakol", "Free Ardakol was banned as extremist in 2022",
               "2022", participant_kind="organisation", label="extremist")
        .statistic(11, "activists detained", "eleven activists have been detained",
                   period="2023")
    )  # fmt: skip


def mirovsk(make_extraction: Any) -> Any:
    # Lutsevich's fine is left out on purpose: the browser test adds it by selecting text.
    return (
        make_extraction(
            MIROVSK_TEXT,
            published="2024-06-10",
            title="Mirovsk: a blogger and a teacher detained",
            publisher="Lake Country Watch",
            language="en",
        )
        .person("Alesia Varonka", roles=["blogger"], country="BY")
        .person("Pavel Lutsevich", roles=["teacher"], country="BY")
        .event("arrest", "Alesia Varonka",
               "Blogger Alesia Varonka was detained by the police in Mirovsk on 5 June 2024",
               "2024-06-05", agent="the police")
        .event("charge", "Alesia Varonka", "She was charged with insulting an official",
               "2024-06-07", charges=["insulting an official"])
        .event("arrest", "Pavel Lutsevich", "Pavel Lutsevich, detained with her", "2024-06-05")
    )  # fmt: skip


def mirovsk_possible(built: Any) -> list[Event]:
    """What the model almost said of Mirovsk: a true release and a trial no one held."""
    def possible(kind: str, name: str, quote: str, probability: float) -> Event:
        return Event(kind, name, built.evidence(quote),
                     Provenance("casefile", "test", probability))  # fmt: skip

    return [possible("release", "Pavel Lutsevich", "released the same evening", 0.31),
            possible("trial", "Alesia Varonka", "She was charged with insulting an official",
                     0.18)]  # fmt: skip


@pytest.fixture
def site(db_path: Path, make_extraction: Any) -> Iterator[Site]:
    """Two invented statements in a fresh database, served on a free loopback port."""
    documents = ardakol(make_extraction), mirovsk(make_extraction)
    with SQLiteStore(db_path) as store:
        for built in documents:
            extraction = built.build()
            if built is documents[1]:
                extraction.possible_events = mirovsk_possible(built)
            store.save_extraction(extraction, built.original)
        store.add_user(REVIEWER, "editor", "confidential", passwords.hash_password(PASSWORD),
                       "test", "2026-01-01T00:00:00+00:00")  # fmt: skip
    with background_server(db_path) as base:
        yield Site(base, db_path, documents[0].document.sha256, documents[1].document.sha256)


def screenshot_path(tmp_path: Path, name: str) -> Path:
    """docs/NAME when CASEFILE_SCREENSHOTS=1 (`make screenshots`), else a temporary file:
    an ordinary test run must not rewrite committed images."""
    if os.environ.get("CASEFILE_SCREENSHOTS") == "1":
        DOCS.mkdir(exist_ok=True)
        return DOCS / name
    return tmp_path / name


ADMIN = "Aigerim.Sadykova"  # an admin: the accessibility walk reaches every page
ADMIN_PASSWORD = "north wind over the steppe"
SERIOUS = ("serious", "critical")


def add_admin(db_path: Path) -> None:
    """The admin of the accessibility walks, and a link proposal for the link queue to
    show side by side."""
    with SQLiteStore(db_path) as store:
        store.add_user(ADMIN, "admin", "confidential", passwords.hash_password(ADMIN_PASSWORD),
                       "test", "2026-01-01T00:00:00+00:00")  # fmt: skip
        varonka, lutsevich = (store.find_persons(name)[0].id
                              for name in ("Alesia Varonka", "Pavel Lutsevich"))  # fmt: skip
        store.propose_link(varonka, lutsevich, 0.55)


def axe_violations(page: Any, impacts: tuple[str, ...] = SERIOUS) -> list[str]:
    """axe-core (the copy the axe-playwright-python wheel ships: no network) run on the
    page as it stands; one line per violation of the given impacts, naming the rule and
    the first elements that break it."""
    try:
        from axe_playwright_python.base import AXE_FILE_PATH
    except ImportError:
        require_or_skip("axe-playwright-python is not installed (pip install -e '.[dev]')")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_FILE_PATH.read_text(encoding="utf-8"))
    found = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)})))"
    )
    return [
        f"{v['impact']} {v['id']} ({v['help']}): " + " | ".join(v["nodes"][:3])
        for v in found
        if v["impact"] in impacts
    ]


def sign_in(page: Any, base: str, name: str = ADMIN, password: str = ADMIN_PASSWORD) -> None:
    page.goto(f"{base}/login")
    page.get_by_test_id("login-name").fill(name)
    page.get_by_test_id("login-password").fill(password)
    page.get_by_test_id("login-submit").click()
    page.get_by_test_id("signed-in-as").wait_for()


def first_href(page: Any, base: str, path: str, testid: str) -> str:
    page.goto(f"{base}{path}")
    return str(page.get_by_test_id(testid).first.get_attribute("href"))


def every_page(page: Any, site: Site) -> list[str]:
    """The paths of every page an admin can open on the site's data, one of each kind:
    lists, one record of each kind, forms and account pages."""
    case = first_href(page, site.base, "/cases", "case-link")
    return [
        "/", "/cases", case, f"{case}/draft?unreviewed=1&demand=release&demand=investigate",
        "/documents", f"/documents/{site.ardakol}", "/documents/new", "/documents/withdrawn",
        "/organisations",
        first_href(page, site.base, "/organisations?all=1", "organisation-link"),
        "/review", first_href(page, site.base, "/review", "edit-link"), "/review/links",
        "/review/possible",
        "/curation", first_href(page, site.base, "/cases/1", "move-link"),
        "/search?q=Kassymov", "/users", "/views", "/account/password", "/account/2fa",
        "/report", "/account/calendar", "/cases/1/interventions/new", "/no/such/page",
    ]  # fmt: skip


def drawn_left_to_right(where: Any, word: str) -> bool:
    """Whether Chromium draws `word` (found in one text node under the locator `where`)
    with its first letter left of its last: a reversed word reads right to left."""
    return bool(where.evaluate(
        """(root, word) => {
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const at = node.textContent.indexOf(word);
            if (at < 0) continue;
            const left = (i) => {
              const range = document.createRange();
              range.setStart(node, i); range.setEnd(node, i + 1);
              return range.getBoundingClientRect().left;
            };
            return left(at) < left(at + word.length - 1);
          }
          throw new Error(word + " is not in one text node");
        }""",
        word,
    ))  # fmt: skip
