"""End to end in a real browser (Debian's Chromium, headless, driven by Playwright) against
the app under uvicorn: adding documents, reviewing, adding a missed fact by selecting its
words, search and the case list's filters. Skipped with a message when no browser can
run here (see browser_support); CI installs Chromium and requires them.
"""

from __future__ import annotations

import csv
import io
import re
import sqlite3
from datetime import UTC, datetime

import browser_support
import test_search_corpus
from browser_support import MIROVSK_TEXT, PASSWORD, REVIEWER, screenshot_path
from casefile.names import same_entity
from casefile.services import linking
from casefile.store.sqlite import SQLiteStore
from casefile.web.server import background_server

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips (or fails in CI) with the reason
    expect = None

corpus = test_search_corpus.corpus  # real reports from ../shared (skips without them)

UPLOAD_TEXT = (
    "Veldanian Rights Committee: journalists held in Kessarin\n\n"
    "Journalist Orsolya Brandtmeier was arrested in the town of Kessarin on 3 February 2024. "
    "On 9 February 2024 she was charged with spreading false information.\n"
)
FILE_TEXT = (
    "Kessarin, 20 February 2024. Photographer Teodor Vannak was arrested on "
    "15 February 2024 after covering a protest outside the regional court.\n"
)


def log_in(page, site, path: str = "/") -> None:
    """Through the sign-in form, as an analyst would: the app sends us there first."""
    page.goto(f"{site.base}{path}")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    page.get_by_test_id("login-name").fill(REVIEWER)
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("signed-in-as")).to_have_text(REVIEWER)


def case_names(page) -> list[str]:
    return page.get_by_test_id("case-link").all_inner_texts()


def test_add_a_document_as_pasted_text_and_as_an_uploaded_file(site, page, tmp_path):
    log_in(page, site)
    page.goto(f"{site.base}/")
    page.get_by_test_id("nav-add-document").click()
    page.get_by_test_id("add-document-text").fill(UPLOAD_TEXT)
    page.get_by_test_id("add-document-title").fill("Journalists held in Kessarin")
    page.get_by_test_id("add-document-publisher").fill("Veldanian Rights Committee")
    page.get_by_test_id("add-document-published").fill("2024-02-12")
    page.get_by_test_id("add-document-language").fill("en")
    # The first upload loads the extraction pipeline: seconds, not milliseconds.
    with page.expect_navigation(url=re.compile(r"/documents/[0-9a-f]{64}$"), timeout=120_000):
        page.get_by_test_id("add-document-submit").click()

    expect(page.get_by_test_id("document-title")).to_have_text("Journalists held in Kessarin")
    meta = page.get_by_test_id("document-meta")
    expect(meta).to_contain_text("Veldanian Rights Committee")
    expect(meta).to_contain_text("12 February 2024")
    expect(page.get_by_test_id("document-text")).to_contain_text("Orsolya Brandtmeier was")
    arrest = (
        page.get_by_test_id("fact").filter(has_text="arrest").filter(has_text="Orsolya Brandtmeier")
    )
    expect(arrest).to_have_count(1)
    expect(arrest.get_by_test_id("review-status")).to_have_text("unreviewed")
    assert page.get_by_test_id("highlight").count() >= 2  # the arrest and the charge

    # The participant's link opens the case the upload created.
    arrest.get_by_test_id("fact-participant").click()
    expect(page.get_by_test_id("person-name")).to_have_text("Orsolya Brandtmeier")
    expect(page.get_by_test_id("case-status")).to_have_text("detained")
    expect(page.get_by_test_id("timeline-event").first).to_contain_text("3 February 2024")

    upload = tmp_path / "kessarin-photographer.txt"
    upload.write_text(FILE_TEXT, encoding="utf-8")
    page.get_by_test_id("nav-add-document").click()
    page.get_by_test_id("add-document-file").set_input_files(upload)
    page.get_by_test_id("add-document-published").fill("2024-02-20")
    with page.expect_navigation(url=re.compile(r"/documents/[0-9a-f]{64}$"), timeout=60_000):
        page.get_by_test_id("add-document-submit").click()
    expect(page.get_by_test_id("document-meta")).to_contain_text("kessarin-photographer.txt")
    expect(page.get_by_test_id("fact").filter(has_text="Teodor Vannak")).not_to_have_count(0)

    page.get_by_test_id("nav-documents").click()
    listed = page.locator("main").inner_text()
    assert "Journalists held in Kessarin" in listed and "kessarin-photographer.txt" in listed


def test_review_by_keyboard_lands_on_the_next_fact_and_undo_brings_it_back(site, page):
    log_in(page, site)
    page.goto(f"{site.base}/review?sort=confidence")
    count = page.get_by_test_id("review-count")
    before = int(count.inner_text().split()[0])
    items = page.get_by_test_id("review-item")
    second, third = items.nth(1).get_attribute("id"), items.nth(2).get_attribute("id")
    expect(items.nth(1).get_by_role("button", name=re.compile(r"^Accept: \w+ of "))
           ).to_have_count(1)  # fmt: skip
    page.keyboard.press("j")  # to the second fact
    expect(items.nth(1)).to_have_class(re.compile(r"\bcurrent\b"))
    page.keyboard.press("a")  # accept it: back on the same spot, at its neighbour
    expect(count).to_contain_text(f"{before - 1} facts awaiting review")
    assert page.url.endswith(f"?sort=confidence#{third}")
    expect(page.locator(f"#{third}")).to_have_class(re.compile(r"\bcurrent\b"))
    expect(page.locator(f"#{second}")).to_have_count(0)
    page.get_by_test_id("undo").click()
    expect(count).to_contain_text(f"{before} facts awaiting review")
    assert page.url.endswith(f"#{second}")
    expect(page.locator(f"#{second}")).to_have_class(re.compile(r"\bcurrent\b"))
    with sqlite3.connect(site.db_path) as conn:
        actions = [row[0] for row in conn.execute(
            "SELECT action FROM audit_log WHERE action LIKE 'fact.%' ORDER BY id")]
    assert actions[-2:] == ["fact.accept", "fact.undo"]
    page.keyboard.press("e")  # the marked fact's edit form
    kind, fact_id = second.removeprefix("queue-").split("-")
    expect(page).to_have_url(re.compile(rf"/facts/{kind}/{fact_id}$"))


def test_accept_one_fact_and_edit_another_records_who_and_when(site, page):
    log_in(page, site)
    page.goto(f"{site.base}/review")
    count = page.get_by_test_id("review-count")
    expect(count).to_contain_text(f"recorded as {REVIEWER}")
    before = int(count.inner_text().split()[0])
    arrest = page.get_by_test_id("review-item").filter(has_text="Dauren Kassymov was arrested")
    arrest.get_by_test_id("accept").click()

    expect(count).to_contain_text(f"{before - 1} facts awaiting review")
    expect(arrest).to_have_count(0)

    # The sentence, through the case page's review link, then the fact's edit form.
    page.goto(f"{site.base}/cases")
    page.get_by_test_id("case-link").filter(has_text="Dauren Kassymov").click()
    timeline = page.get_by_test_id("timeline-event")
    expect(timeline.filter(has_text="arrest").get_by_test_id("review-status")).to_have_text(
        f"accepted · {REVIEWER}"
    )
    timeline.filter(has_text="sentenced Kassymov").get_by_role("link", name="review…").click()
    expect(page.get_by_test_id("fact-title")).to_have_text("sentence: Dauren Kassymov")
    expect(page.get_by_test_id("no-history")).to_be_visible()
    page.get_by_test_id("edit-term").fill("P6Y")
    page.get_by_test_id("edit-date").fill("2023-11-29")
    started = datetime.now(UTC).replace(microsecond=0)
    page.get_by_test_id("edit-submit").click()

    expect(page.get_by_test_id("review-status")).to_have_text(f"edited · {REVIEWER}")
    expect(page.get_by_test_id("fact-version")).to_have_text("2")
    entry = page.get_by_test_id("history-entry")
    expect(entry).to_have_count(1)
    cells = entry.locator("td").all_inner_texts()
    assert cells[1:3] == [REVIEWER, "edit"]
    assert "term: 5 years → 6 years" in cells[3]
    assert "date: 28 November 2023 → 29 November 2023" in cells[3]
    # shown in words, in UTC; the stored time kept in <time datetime>
    assert cells[0].endswith(" UTC") and not re.search(r"\d{4}-\d\d-\d\dT", cells[0])
    when = datetime.fromisoformat(str(entry.locator("time").get_attribute("datetime")))
    assert started <= when <= datetime.now(UTC)

    # The case shows the edit, and the store's audit log holds both decisions.
    page.goto(f"{site.base}/cases?q=Kassymov")
    page.get_by_test_id("case-link").first.click()
    expect(page.get_by_test_id("timeline").get_by_text("6 years prison")).to_be_visible()
    expect(page.get_by_test_id("case-status")).to_have_text("imprisoned")
    conn = sqlite3.connect(site.db_path)
    try:
        log = conn.execute("SELECT action, reviewer FROM review_log ORDER BY id").fetchall()
    finally:
        conn.close()
    assert log == [("accept", REVIEWER), ("edit", REVIEWER)]


def drag_select(page, phrase: str) -> None:
    """Select `phrase` in the document text with the mouse, as an analyst would: press
    on the left half of its first character, release on the right half of its last."""
    box = page.evaluate(
        """(phrase) => {
          const walker = document.createTreeWalker(document.getElementById("doctext"),
                                                   NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const at = node.textContent.indexOf(phrase);
            if (at < 0) continue;
            const rect = (from) => {
              const range = document.createRange();
              range.setStart(node, from); range.setEnd(node, from + 1);
              const r = range.getBoundingClientRect();
              return {x: r.left, y: r.top + r.height / 2, w: r.width};
            };
            return {first: rect(at), last: rect(at + phrase.length - 1)};
          }
          return null;
        }""",
        phrase,
    )
    assert box is not None, f"{phrase!r} is not within one text run"
    first, last = box["first"], box["last"]
    page.mouse.move(first["x"] + 1, first["y"])
    page.mouse.down()
    page.mouse.move(last["x"] + last["w"] / 2, last["y"], steps=5)
    page.mouse.move(last["x"] + last["w"] - 1, last["y"])
    page.mouse.up()


def test_add_a_missed_fact_by_selecting_its_words(site, page):
    log_in(page, site)
    page.goto(f"{site.base}/documents/{site.mirovsk}")
    phrase = "was fined on 8 June 2024"
    start = MIROVSK_TEXT.index(phrase)
    drag_select(page, phrase)

    expect(page.get_by_test_id("add-fact-quote")).to_have_value(phrase)
    expect(page.get_by_test_id("add-fact-start")).to_have_value(str(start))
    expect(page.get_by_test_id("add-fact-end")).to_have_value(str(start + len(phrase)))
    expect(page.get_by_test_id("selection-hint")).to_contain_text(
        f"Selected characters {start}–{start + len(phrase)}"
    )
    page.get_by_test_id("add-fact-type").select_option("fine")
    page.get_by_test_id("add-fact-participant").fill("Pavel Lutsevich")
    page.get_by_test_id("add-fact-date").fill("2024-06-08")
    page.get_by_test_id("add-fact-submit").click()

    expect(page).to_have_url(re.compile(r"#fact-event-\d+$"))
    added = page.locator(page.url[page.url.index("#") :])
    expect(added).to_contain_text(f"“{phrase}”")
    expect(added).to_contain_text(f"({start}–{start + len(phrase)})")
    expect(added.get_by_test_id("review-status")).to_contain_text(REVIEWER)
    # The new fact is a highlight over exactly the selected words, and changes the case.
    highlight = page.locator(f'[data-fact="{added.get_attribute("data-fact")}"].hl')
    expect(highlight).to_have_text(phrase)
    added.get_by_test_id("fact-participant").click()
    expect(page.get_by_test_id("person-name")).to_have_text("Pavel Lutsevich")
    timeline = page.get_by_test_id("timeline-event")
    expect(timeline).to_have_count(2)
    expect(timeline.last).to_have_attribute("data-type", "fine")
    expect(timeline.last.get_by_test_id("event-date")).to_have_text("8 June 2024")


def test_search_finds_a_case_by_any_spelling_script_and_ending(site, page, make_extraction):
    # A Russian report on the Ardakol activist, spelt in Cyrillic and in the dative.
    ru = (
        make_extraction("Суд в Ардаколе продлил арест Даурену Касымову 2 декабря 2023 года.",
                        published="2023-12-03", title="Ардакол: арест продлён", language="ru")
        .person("Даурен Касымов", country="KZ")
        .event("arrest", "Даурен Касымов", "продлил арест Даурену Касымову 2 декабря 2023"
               " года", "2023-12-02")
    )  # fmt: skip
    with SQLiteStore(site.db_path) as store:
        store.save_extraction(ru.build(), ru.original)
        kept, merged = (store.find_persons(n)[0].id
                        for n in ("Dauren Kassymov", "Даурен Касымов"))  # fmt: skip
        linking.merge(store, kept, merged, "analyst")
    log_in(page, site)
    for q in ("Kassymov", "Касымов", "Касымову", "Kasym*"):
        page.get_by_test_id("search-input").fill(q)
        page.get_by_test_id("search-submit").click()
        cases = page.get_by_test_id("search-case")
        expect(cases).to_have_count(1)
        expect(cases).to_contain_text("Dauren Kassymov")
        documents = page.get_by_test_id("search-document")
        expect(documents).to_have_count(2)
        expect(documents.filter(has_text="Ардакол: арест продлён")).to_have_count(1)
    page.get_by_test_id("search-case").get_by_role("link").click()
    expect(page.get_by_test_id("person-name")).to_have_text("Dauren Kassymov")


def test_search_finds_the_document_the_fact_and_the_case(site, page):
    log_in(page, site)
    page.goto(f"{site.base}/")
    page.get_by_test_id("search-input").fill("Varonka insulting")
    page.get_by_test_id("search-submit").click()

    documents = page.get_by_test_id("search-document")
    expect(documents).to_have_count(1)
    expect(documents).to_contain_text("Mirovsk: a blogger and a teacher detained")
    expect(documents.locator("mark").first).to_have_text(re.compile("Varonka|insulting"))
    facts = page.get_by_test_id("search-fact")
    expect(facts).to_have_count(1)
    expect(facts).to_contain_text("charged with insulting an official")

    # Cases matching a search: the people of the documents and facts that match.
    page.get_by_test_id("search-cases-link").click()
    assert case_names(page) == ["Alesia Varonka", "Pavel Lutsevich"]
    page.get_by_test_id("case-link").filter(has_text="Varonka").click()
    expect(page.get_by_test_id("person-name")).to_have_text("Alesia Varonka")
    expect(page.get_by_test_id("case-country")).to_have_text("BY")

    page.get_by_test_id("search-input").fill("Zanzibarian")  # in no document
    page.get_by_test_id("search-submit").click()
    expect(page.get_by_test_id("search-document")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("No document matches.")


def test_case_list_filters(site, page):
    log_in(page, site)
    page.goto(f"{site.base}/cases")
    everyone = ["Alesia Varonka", "Dauren Kassymov", "Pavel Lutsevich", "Saltanat Omarova"]
    assert case_names(page) == everyone
    # countries by name, each with how many of the listed cases it would leave
    expect(page.get_by_test_id("filter-country").locator("option")).to_have_text(
        ["any", "Belarus (2)", "Kazakhstan (2)"]
    )

    page.get_by_test_id("filter-country").select_option("KZ")
    page.get_by_test_id("filter-submit").click()
    expect(page.get_by_test_id("case-count")).to_have_text("2 cases")
    assert case_names(page) == ["Dauren Kassymov", "Saltanat Omarova"]

    page.get_by_test_id("filter-status").select_option("imprisoned")
    page.get_by_test_id("filter-submit").click()
    assert case_names(page) == ["Dauren Kassymov"]
    assert "country=KZ" in page.url and "status=imprisoned" in page.url
    expect(page.get_by_test_id("filter-country")).to_have_value("KZ")  # the form remembers

    page.get_by_test_id("filter-clear").click()
    expect(page.get_by_test_id("case-count")).to_have_text("4 cases")
    page.get_by_test_id("filter-event-type").select_option("arrest")
    page.get_by_test_id("filter-date-from").fill("2024-06")
    page.get_by_test_id("filter-date-to").fill("2024-06")
    page.get_by_test_id("filter-submit").click()
    assert case_names(page) == ["Alesia Varonka", "Pavel Lutsevich"]

    page.get_by_test_id("filter-event-type").select_option("release")
    page.get_by_test_id("filter-date-from").fill("2023")
    page.get_by_test_id("filter-date-to").fill("2023")
    page.get_by_test_id("filter-submit").click()
    assert case_names(page) == ["Saltanat Omarova"]

    page.get_by_test_id("filter-date-from").fill("2024-13")  # no such month
    page.get_by_test_id("filter-submit").click()
    expect(page.locator("main")).to_contain_text("date from")
    assert page.get_by_test_id("case-row").count() == 0


def test_screenshots_of_a_case_a_document_the_dashboard_and_the_review_queue(
    site, page, tmp_path
):
    """The README's pictures (written to docs/ by `make screenshots`)."""
    log_in(page, site)
    shots = {}
    expect(page.get_by_test_id("events-chart")).to_be_visible()
    shots["dashboard"] = screenshot_path(tmp_path, "dashboard.png")
    page.screenshot(path=shots["dashboard"], full_page=True)
    page.goto(f"{site.base}/review")  # loaded, its script too, before a key is pressed
    page.keyboard.press("j")  # the second fact marked, as a reviewer going down the queue
    expect(page.get_by_test_id("review-item").nth(1)).to_have_class(re.compile(r"\bcurrent\b"))
    shots["review"] = screenshot_path(tmp_path, "review-queue.png")
    page.screenshot(path=shots["review"], full_page=True)

    page.goto(f"{site.base}/documents/{site.ardakol}")
    page.get_by_test_id("fact").filter(has_text="Kassymov was arrested").get_by_test_id(
        "accept"
    ).click()
    expect(page.get_by_test_id("review-status").first).to_have_text(f"accepted · {REVIEWER}")
    page.get_by_test_id("highlight").filter(has_text="sentenced Kassymov").click()
    shots["document"] = screenshot_path(tmp_path, "document-page.png")
    page.screenshot(path=shots["document"], full_page=True)

    page.get_by_test_id("fact-participant").first.click()
    expect(page.get_by_test_id("person-name")).to_have_text("Dauren Kassymov")
    expect(page.get_by_test_id("timeline-event")).to_have_count(4)
    shots["case"] = screenshot_path(tmp_path, "case-page.png")
    page.screenshot(path=shots["case"], full_page=True)

    for shot in shots.values():
        data = shot.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width = int.from_bytes(data[16:20], "big")
        assert width == 1280 and len(data) > 20_000  # a rendered page, not a blank one


def test_a_wrong_password_is_refused_and_signing_out_ends_the_session(site, page):
    page.goto(f"{site.base}/cases")
    page.get_by_test_id("login-name").fill(REVIEWER)
    page.get_by_test_id("login-password").fill("not the password at all")
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("login-error")).to_have_text("wrong name or password")
    page.get_by_test_id("login-name").fill(REVIEWER)
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page).to_have_url(f"{site.base}/cases")  # back where we were sent from
    cookie = next(c for c in page.context.cookies() if c["name"] == "casefile_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    page.get_by_test_id("logout").click()
    expect(page.get_by_test_id("login-form")).to_be_visible()
    page.goto(f"{site.base}/cases")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Fcases$"))


def test_no_page_breaks_the_content_security_policy(site, page):
    """A crawl of the pages an analyst uses collects every violation Chromium reports
    (web/app.py SecurityHeaders): there must be none, and our own script still runs."""
    blocked: list[str] = []
    page.on("console", lambda message: blocked.append(message.text)
            if "Content Security Policy" in message.text else None)  # fmt: skip
    log_in(page, site)
    for path in ("/", "/cases", f"/documents/{site.ardakol}", "/documents", "/review",
                 "/organisations", "/documents/new", "/search?q=Kassymov"):  # fmt: skip
        page.goto(f"{site.base}{path}")
        page.wait_for_load_state("load")
    page.goto(f"{site.base}/cases")
    page.get_by_test_id("case-link").first.click()
    page.wait_for_load_state("load")
    # Our own script still runs: it is what marks a fact when its highlight is clicked.
    page.goto(f"{site.base}/documents/{site.ardakol}")
    page.locator("a.hl").first.click()
    expect(page.locator(".fact.current")).to_have_count(1)
    assert blocked == []


def test_an_enrolled_analyst_signs_in_with_the_code_their_app_shows(site, page):
    import pyotp

    from casefile.services import twofactor
    from casefile.store.sqlite import SQLiteStore

    with SQLiteStore(site.db_path) as store:
        totp = pyotp.TOTP(twofactor.enrol(store, REVIEWER, "test").secret)
    page.goto(f"{site.base}/cases")
    page.get_by_test_id("login-name").fill(REVIEWER)
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page).to_have_url(re.compile(r"/login/code\?next=%2Fcases$"))
    page.get_by_test_id("login-code").fill(totp.now())
    page.get_by_test_id("login-code-submit").click()
    expect(page).to_have_url(f"{site.base}/cases")
    expect(page.get_by_test_id("signed-in-as")).to_have_text(REVIEWER)


FIRST_RUN_STATEMENT = (
    "An invented statement from Ostrava Dolna.\n\n"
    "Police detained the journalist Arlen Tovas on 28 December, his lawyer said."
)
FIRST_ADMIN_PASSWORD = "a first admin's long passphrase"


def test_first_admin_corrects_a_date_then_withdraws_and_restores(
    page, casefile_script, tmp_path, db_path
):
    """Issue 11: the first admin is created with the console script, a document's date
    is corrected on its page and its fact's year-less date follows, the document is
    withdrawn and restored."""
    made = casefile_script("user", "add", "ada", "--role", "admin", "--password-stdin",
                           stdin=f"{FIRST_ADMIN_PASSWORD}\n".encode())  # fmt: skip
    assert made.code == 0, made.err
    assert "first admin, so has confidential clearance" in made.out
    path = tmp_path / "statement.txt"
    path.write_text(FIRST_RUN_STATEMENT, encoding="utf-8")
    assert casefile_script("ingest", str(path), "--published", "2022-01-05").code == 0

    with background_server(db_path) as base:
        page.goto(f"{base}/")
        page.get_by_test_id("login-name").fill("ada")
        page.get_by_test_id("login-password").fill(FIRST_ADMIN_PASSWORD)
        page.get_by_test_id("login-submit").click()
        expect(page.get_by_test_id("signed-in-clearance")).to_have_text("clearance: confidential")

        page.get_by_test_id("nav-documents").click()
        page.get_by_test_id("document-link").click()
        expect(page.get_by_test_id("document-title")).to_have_text("statement.txt")
        document_url = page.url
        fact = page.locator("[data-testid=fact]").filter(has_text="Arlen Tovas")
        expect(fact.locator(".date")).to_have_text("28 December 2021")

        page.get_by_test_id("document-edit").locator("summary").click()
        page.get_by_test_id("document-edit-published").fill("2023-01-05")
        page.get_by_test_id("document-edit-title").fill("Statement from Ostrava Dolna")
        # Re-extraction loads the pipeline in the server: seconds.
        with page.expect_navigation(url=document_url, timeout=120_000):
            page.get_by_test_id("document-edit-submit").click()
        expect(page.get_by_test_id("document-published")).to_have_text("5 January 2023")
        expect(page.get_by_test_id("document-title")).to_have_text("Statement from Ostrava Dolna")
        expect(fact.locator(".date")).to_have_text("28 December 2022")

        page.get_by_test_id("document-edit").locator("summary").click()
        page.get_by_test_id("document-withdraw-reason").fill("uploaded twice")
        page.get_by_test_id("document-withdraw-submit").click()
        expect(page.get_by_test_id("document-withdrawn")).to_contain_text("uploaded twice")
        page.get_by_test_id("nav-documents").click()
        expect(page.get_by_test_id("document-row")).to_have_count(0)
        page.get_by_test_id("withdrawn-link").click()
        expect(page.get_by_test_id("withdrawn-row")).to_have_count(1)

        page.get_by_test_id("withdrawn-row").get_by_role("link").click()
        page.get_by_test_id("document-restore-submit").click()
        expect(page).to_have_url(re.compile(r"/documents/[0-9a-f]{64}$"))
        expect(page.get_by_test_id("document-withdrawn")).to_have_count(0)
        expect(fact.locator(".date")).to_have_text("28 December 2022")
        page.get_by_test_id("nav-documents").click()
        expect(page.get_by_test_id("document-row")).to_have_count(1)


def test_a_case_marked_not_a_person_and_an_event_moved_to_another_case(
    site, page, make_extraction
):
    # A bulletin whose month the extractor took for a person.
    bulletin = (
        make_extraction("In Feb the police of Ardakol detained three more activists.",
                        published="2024-03-01", title="Ardakol bulletin", language="en")
        .person("Feb", country="KZ")
        .event("arrest", "Feb", "In Feb the police of Ardakol detained", "2024-02")
    )  # fmt: skip
    with SQLiteStore(site.db_path) as store:
        store.save_extraction(bulletin.build(), bulletin.original)
    log_in(page, site, "/cases")
    page.get_by_test_id("case-link").filter(has_text="Feb").click()
    page.get_by_test_id("mark-not-person").click()
    expect(page).to_have_url(re.compile(r"/curation#curation-\d+$"))
    expect(page.get_by_test_id("curation-verdict").first).to_have_text("not a person")
    page.goto(f"{site.base}/cases")
    assert "Feb" not in case_names(page)

    # The lawyer's release belongs to her client, says the analyst: move it there.
    page.get_by_test_id("case-link").filter(has_text="Saltanat Omarova").click()
    release = page.get_by_test_id("timeline-event").filter(has_text="without charge")
    release.get_by_test_id("move-link").click()
    page.get_by_test_id("move-search").fill("Kassymov")
    page.get_by_test_id("move-find").click()
    page.get_by_test_id("move-target").filter(has_text="Dauren Kassymov") \
        .get_by_test_id("move-here").click()
    expect(page.get_by_test_id("curation-target").first).to_have_text("Dauren Kassymov")
    page.get_by_test_id("curation-target").first.click()
    expect(page.get_by_test_id("person-name")).to_have_text("Dauren Kassymov")
    expect(page.get_by_test_id("timeline-event").filter(has_text="without charge")) \
        .to_have_count(1)

    # Undone from the list, the release is the lawyer's again.
    page.goto(f"{site.base}/curation")
    page.get_by_test_id("curation-undo").first.click()
    expect(page.get_by_test_id("curation-undone").first).to_be_visible()
    page.goto(f"{site.base}/cases")
    page.get_by_test_id("case-link").filter(has_text="Saltanat Omarova").click()
    expect(page.get_by_test_id("timeline-event").filter(has_text="without charge")) \
        .to_have_count(1)


def test_an_intervention_recorded_with_a_file_then_answered(site, page, tmp_path):
    letter = tmp_path / "appeal-kassymov.txt"
    letter.write_text("An invented appeal for Dauren Kassymov.", encoding="utf-8")
    log_in(page, site, "/cases")
    page.get_by_test_id("case-link").filter(has_text="Dauren Kassymov").click()
    expect(page.get_by_test_id("no-interventions")).to_be_visible()
    page.get_by_test_id("add-intervention").click()
    page.get_by_test_id("intervention-kind").select_option("urgent_action")
    page.get_by_test_id("intervention-date").fill("2024-04-02")
    page.get_by_test_id("intervention-addressee").fill("the Prosecutor General")
    page.get_by_test_id("intervention-text").fill("Release him now.")
    page.get_by_test_id("intervention-file").set_input_files(str(letter))
    page.get_by_test_id("intervention-submit").click()
    expect(page).to_have_url(re.compile(r"/cases/\d+#intervention-\d+$"))
    item = page.get_by_test_id("intervention")
    expect(item).to_contain_text("the Prosecutor General")
    expect(item.get_by_test_id("intervention-file-link")).to_have_text("appeal-kassymov.txt")
    item.get_by_test_id("edit-intervention").click()
    page.get_by_test_id("intervention-response").fill("Received, no answer on substance.")
    page.get_by_test_id("intervention-submit").click()
    expect(page.get_by_test_id("intervention")).to_contain_text("no answer on substance")


# The README's first run, from an empty database: invented statements, one of them
# Cyrillic-free but searched for in Cyrillic, two reporting one arrest.
WALK_FILES = {
    "karatal-arrest.txt": (
        "Karatal: journalist detained\n\n"
        "Journalist Timur Zhaksylykov was arrested by the police in Karatal on 10 March 2024."
        " On 12 March 2024 he was charged with spreading false information. His colleagues"
        " say the charge is retaliation for his reporting on local elections.\n"
    ),
    "karatal-update.txt": (
        "Update on the Karatal journalist\n\n"
        "Police arrested the journalist Timur Zhaksylykov in Karatal on 10 March 2024, his"
        " lawyer confirmed. On 3 June 2024 the Karatal district court sentenced Zhaksylykov"
        " to four years in prison.\n"
    ),
    "velgrad-teacher.txt": (
        "Velgrad teacher fined\n\n"
        "Teacher Irina Volkhova was detained in Velgrad on 28 December after a peaceful"
        " picket. She was fined and released two days later.\n"
    ),
}
WALK_SIDECAR = (
    "file,published,title\n"
    "karatal-arrest.txt,2024-03-14,Karatal: journalist detained\n"
    "karatal-update.txt,2024-06-05,Update on the Karatal journalist\n"
    "velgrad-teacher.txt,2023-01-04,Velgrad teacher fined\n"
)


def _awaiting(page) -> int:
    return int(page.get_by_test_id("review-count").inner_text().split()[0])


def test_the_readme_first_run_end_to_end(page, casefile_script, tmp_path, db_path):
    """Issue 11's walk: an admin made with the console script, a folder with a metadata
    sidecar ingested with it, then in the browser: the dashboard's counts and chart, the
    review queue filtered, a bulk and a keyboard accept, a document's date corrected (its
    fact's date follows), a withdrawal undone, a Cyrillic search finding a Latin-spelt
    case, a filtered case list downloaded as CSV, and one arrest from two documents as
    one timeline row with two sources."""
    made = casefile_script("user", "add", "ada", "--role", "admin", "--password-stdin",
                           stdin=f"{FIRST_ADMIN_PASSWORD}\n".encode())  # fmt: skip
    assert made.code == 0, made.err
    assert "confidential clearance" in made.out
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, text in WALK_FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "sources.csv").write_text(WALK_SIDECAR, encoding="utf-8")
    ingested = casefile_script("ingest", str(folder), "--metadata", str(folder / "sources.csv"))
    assert ingested.code == 0, ingested.err
    assert "3 stored" in ingested.out + ingested.err

    with background_server(db_path) as base:
        page.goto(f"{base}/")
        page.get_by_test_id("login-name").fill("ada")
        page.get_by_test_id("login-password").fill(FIRST_ADMIN_PASSWORD)
        page.get_by_test_id("login-submit").click()
        expect(page.get_by_test_id("signed-in-clearance")).to_have_text("clearance: confidential")

        # The dashboard: what the folder gave, and a chart whose bars open the cases.
        expect(page.get_by_test_id("count-cases").locator("strong")).to_have_text("2")
        expect(page.get_by_test_id("count-documents").locator("strong")).to_have_text("3")
        expect(page.get_by_test_id("count-awaiting-review").locator("strong")).to_have_text("7")
        page.get_by_test_id("chart-from").fill("2024-01")
        page.get_by_test_id("chart-to").fill("2024-12")
        page.get_by_test_id("chart-range-apply").click()
        expect(page).to_have_url(re.compile(r"/\?from=2024-01&to=2024-12"))
        bars = page.get_by_test_id("chart-bar")
        assert {b.get_attribute("data-month")[:4] for b in bars.all()} == {"2024"}
        page.locator('[data-testid=chart-bar][data-month="2024-03"][data-type="arrest"]').click()
        expect(page).to_have_url(re.compile(r"/cases\?event_type=arrest&date_from=2024-03"))
        assert case_names(page) == ["Timur Zhaksylykov"]

        # Review: the arrests only; two of them accepted at once.
        page.get_by_test_id("nav-review").click()
        assert _awaiting(page) == 7
        page.get_by_test_id("filter-type").select_option("arrest")
        page.get_by_test_id("filter-apply").click()
        items = page.get_by_test_id("review-item")
        expect(items).to_have_count(3)
        for i in (0, 1):
            items.nth(i).get_by_test_id("select-fact").check()
        page.get_by_test_id("bulk-accept").click()
        expect(items).to_have_count(1)
        assert "type=arrest" in page.url
        # ... and one by keyboard: down twice, up once, accept.
        page.goto(f"{base}/review")
        assert _awaiting(page) == 5
        second = items.nth(1).get_attribute("id")
        for key in ("j", "j", "k"):
            page.keyboard.press(key)
        expect(page.locator(f"#{second}")).to_have_class(re.compile(r"\bcurrent\b"))
        page.keyboard.press("a")
        expect(page.locator(f"#{second}")).to_have_count(0)
        assert _awaiting(page) == 4

        # The teacher's document was dated wrongly: correcting it moves her arrest's year.
        page.get_by_test_id("nav-documents").click()
        page.get_by_test_id("document-link").filter(has_text="Velgrad teacher fined").click()
        document_url = page.url
        fact = page.get_by_test_id("fact").filter(has_text="Irina Volkhova was detained")
        expect(fact.locator(".date")).to_have_text("28 December 2022")
        page.get_by_test_id("document-edit").locator("summary").click()
        page.get_by_test_id("document-edit-published").fill("2024-01-04")
        with page.expect_navigation(url=document_url, timeout=120_000):  # re-extracts
            page.get_by_test_id("document-edit-submit").click()
        expect(fact.locator(".date")).to_have_text("28 December 2023")

        # Withdrawn: her case is gone from the list; restored: it is back.
        page.get_by_test_id("document-edit").locator("summary").click()
        page.get_by_test_id("document-withdraw-reason").fill("checking the source")
        page.get_by_test_id("document-withdraw-submit").click()
        expect(page.get_by_test_id("document-withdrawn")).to_contain_text("checking the source")
        page.get_by_test_id("nav-cases").click()
        assert case_names(page) == ["Timur Zhaksylykov"]
        page.goto(document_url)
        page.get_by_test_id("document-restore-submit").click()
        expect(page.get_by_test_id("document-withdrawn")).to_have_count(0)
        page.get_by_test_id("nav-cases").click()
        assert case_names(page) == ["Irina Volkhova", "Timur Zhaksylykov"]

        # His name in Cyrillic finds the case every document spells in Latin letters.
        page.get_by_test_id("search-input").fill("Жаксылыков")
        page.get_by_test_id("search-submit").click()
        expect(page.get_by_test_id("search-case")).to_have_count(1)
        expect(page.get_by_test_id("search-case")).to_contain_text("Timur Zhaksylykov")

        # The case list filtered to sentences, downloaded: his facts only, every one.
        page.get_by_test_id("nav-cases").click()
        page.get_by_test_id("filter-event-type").select_option("sentence")
        page.get_by_test_id("filter-submit").click()
        assert case_names(page) == ["Timur Zhaksylykov"]
        with page.expect_download() as download:
            page.get_by_test_id("export-csv").click()
        rows = list(csv.DictReader(io.StringIO(
            download.value.path().read_text(encoding="utf-8"))))  # fmt: skip
        assert {r["person"] for r in rows} == {"Timur Zhaksylykov"}
        assert sorted(r["type"] for r in rows) == ["arrest", "arrest", "charge", "sentence"]
        assert sorted(r["review_status"] for r in rows if r["type"] == "arrest") == [
            "accepted", "accepted"]  # fmt: skip
        assert {r["document_title"] for r in rows} == {
            "Karatal: journalist detained", "Update on the Karatal journalist"}  # fmt: skip

        # One arrest told by both documents: one row of his timeline, with two sources.
        page.get_by_test_id("case-link").click()
        arrests = page.locator('[data-testid=timeline-event][data-type="arrest"]')
        expect(arrests).to_have_count(1)
        expect(arrests.get_by_test_id("timeline-source")).to_have_count(2)
        expect(arrests.get_by_test_id("source-count")).to_have_text("2 sources")


def test_the_interface_switches_to_russian_and_stays_so(site, page):
    page.goto(f"{site.base}/cases")
    page.get_by_test_id("language-ru").click()  # on the sign-in page, before signing in
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_test_id("login-submit")).to_have_text("Вход")
    page.get_by_test_id("login-name").fill(REVIEWER)
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page).to_have_url(f"{site.base}/cases")
    expect(page.locator("h1")).to_have_text("Дела")
    expect(page.get_by_test_id("language-ru")).to_be_disabled()  # the current one
    page.get_by_test_id("language-en").click()
    expect(page).to_have_url(f"{site.base}/cases")  # back on the same page
    expect(page.locator("h1")).to_have_text("Cases")


def test_the_report_filters_by_country_and_downloads_as_pdf(site, page):
    """The report page's form narrows the figures to a country; its PDF link downloads
    the same report as a PDF file."""
    log_in(page, site, "/report")
    whole = int(page.get_by_test_id("report-cases").locator("strong").inner_text())
    assert whole > 0
    options = page.get_by_test_id("report-country").locator("option")
    country = options.nth(1).get_attribute("value")  # the first country after "any"
    page.get_by_test_id("report-country").select_option(country)
    page.get_by_test_id("report-apply").click()
    expect(page).to_have_url(re.compile(rf"/report\?country={country}"))
    expect(page.get_by_test_id("report-scope")).to_contain_text("Country: ")
    narrowed = int(page.get_by_test_id("report-cases").locator("strong").inner_text())
    assert 0 < narrowed <= whole
    rows = page.get_by_test_id("report-table-country").locator("tbody tr")
    expect(rows).to_have_count(1)
    with page.expect_download() as download:
        page.get_by_test_id("report-pdf").click()
    assert download.value.suggested_filename == f"casefile-report-{country}.pdf"
    assert download.value.path().read_bytes().startswith(b"%PDF-")


def test_axe_finds_no_serious_violation_on_any_page(site, page):
    """axe-core on the sign-in page and on every page an admin opens: no serious or
    critical violation (WCAG 2 A/AA rules and axe's best practices)."""
    from casefile.services import twofactor

    found: dict[str, list[str]] = {}
    page.goto(f"{site.base}/login")
    found["/login"] = browser_support.axe_violations(page)
    with SQLiteStore(site.db_path) as store:  # the second step of a two-factor sign-in
        twofactor.enrol(store, REVIEWER, "test")
    page.get_by_test_id("login-name").fill(REVIEWER)
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page).to_have_url(re.compile(r"/login/code"))
    found["/login/code"] = browser_support.axe_violations(page)
    page.context.clear_cookies()

    browser_support.add_admin(site.db_path)
    browser_support.sign_in(page, site.base)
    for path in browser_support.every_page(page, site):
        page.goto(f"{site.base}{path}")
        found[path] = browser_support.axe_violations(page)
        if path == "/review/links":  # the queue walked holds a proposal, both sides shown
            expect(page.get_by_test_id("link-side")).to_have_count(2)
    report = [f"{path}: {line}" for path, lines in found.items() for line in lines]
    assert report == [], "\n".join(report)


def test_every_page_fits_a_390_px_phone_without_scrolling_sideways(site, page):
    """A phone's width (390 px): no page is wider than the screen."""
    browser_support.add_admin(site.db_path)
    browser_support.sign_in(page, site.base)
    paths = browser_support.every_page(page, site)
    page.set_viewport_size({"width": 390, "height": 844})
    wide = {}
    narrow_violations = []
    for path in paths:
        page.goto(f"{site.base}{path}")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > 390:
            wide[path] = width
        narrow_violations += [f"{path}: {line}" for line in browser_support.axe_violations(page)]
    assert wide == {}
    assert narrow_violations == [], "\n".join(narrow_violations)


def test_a_direction_control_in_a_quote_is_shown_and_reverses_nothing(site, page,
                                                                       make_extraction):
    """A right-to-left override inside a quote (U+202E) would draw the words after it
    backwards: it is shown as a badge instead, one in a name reverses nothing outside
    the name's link, and selecting words still gives the document's offsets."""
    text = ("Teacher Ruslan Abenov was detained\u202e in Sarykol on 9 May 2024. "
            "His colleagues\u202e in the school said so.")  # fmt: skip
    built = (
        make_extraction(text, published="2024-05-10", title="Sarykol: a teacher detained",
                        language="en")
        .person("Ruslan Abenov", country="KZ")
        .event("arrest", "Ruslan Abenov", "Ruslan Abenov was detained\u202e in Sarykol on 9 May"
               " 2024", "2024-05-09")
        # a name read from a document may hold one too: it stays inside the name's link
        .event("harassment", "Aigul\u202e Serikova", "His colleagues", "2024-05-09")
    )  # fmt: skip
    with SQLiteStore(site.db_path) as store:
        store.save_extraction(built.build(), built.original)
    log_in(page, site)
    page.goto(f"{site.base}/documents/{built.document.sha256}")
    named = page.get_by_test_id("fact").filter(has_text="Serikova").locator(".line")
    assert browser_support.drawn_left_to_right(named, "May")
    quote = page.get_by_test_id("fact").filter(has_text="Abenov").locator("blockquote")
    for where in (quote, page.get_by_test_id("document-text")):
        for word in ("Sarykol", "May"):
            assert browser_support.drawn_left_to_right(where, word), word
    assert browser_support.drawn_left_to_right(page.get_by_test_id("document-text"), "school")
    badge = quote.locator(".bidi-control")
    expect(badge).to_be_visible()
    expect(badge).to_have_attribute("title", re.compile(r"^U\+202E RIGHT-TO-LEFT OVERRIDE"))
    assert badge.evaluate("b => getComputedStyle(b, '::before').content") == '"⟨RLO⟩"'

    drag_select(page, "in the school")  # after a control character, outside any fact
    start = text.index("in the school")
    expect(page.get_by_test_id("add-fact-start")).to_have_value(str(start))
    expect(page.get_by_test_id("add-fact-end")).to_have_value(str(start + len("in the school")))

    page.get_by_test_id("fact-participant").filter(has_text="Ruslan Abenov").click()
    link = page.get_by_test_id("quote-link").filter(has_text="Sarykol")
    assert browser_support.drawn_left_to_right(link, "Sarykol")


def test_the_keyboard_skips_the_navigation_and_every_decision_names_its_fact(site, page):
    log_in(page, site)
    page.goto(f"{site.base}/documents/{site.ardakol}")
    page.keyboard.press("Tab")  # the first stop: past the navigation, straight to the page
    skip = page.get_by_test_id("skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    accepts = page.get_by_test_id("accept")
    names = [button.get_attribute("aria-label") for button in accepts.all()]
    assert len(names) == 8 and len(set(names)) == 8, names
    expect(page.get_by_role("button", name="Accept: arrest of Saltanat Omarova")).to_have_count(1)
    expect(page.get_by_role("button", name="Reject: release of Saltanat Omarova")).to_have_count(1)
    # Highlights tell their types in words, not by the underline's colour alone.
    arrest = page.get_by_test_id("highlight").filter(has_text="Saltanat Omarova, was")
    assert arrest.evaluate("a => getComputedStyle(a, '::before').content") == '"arrest"'


def test_real_reports_each_query_finds_its_case_and_opens_it(corpus, page):
    """Issue 11's done-when: "Zhylanbaev", "Жыланбаев" and "Орлову" each find the gold
    victim's case (test_search_corpus.py ingests the reports at run time)."""
    browser_support.sign_in(page, corpus.base, test_search_corpus.ANALYST,
                            test_search_corpus.PASSWORD)
    for query, victim in corpus.victims.items():
        page.goto(f"{corpus.base}/cases")
        page.get_by_test_id("search-input").fill(query)
        page.get_by_test_id("search-submit").click()
        first = page.get_by_test_id("search-case").first
        expect(first).to_be_visible()
        assert same_entity(first.get_by_role("link").inner_text(), victim), query
        page.get_by_test_id("search-cases-link").click()
        assert same_entity(page.get_by_test_id("case-link").first.inner_text(), victim), query
        page.get_by_test_id("case-link").first.click()
        assert same_entity(page.get_by_test_id("person-name").inner_text(), victim), query
