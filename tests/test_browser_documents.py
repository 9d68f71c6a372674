"""End to end in Chromium (issue 11): the first admin is created with the console
script, a document's publication date is corrected on its page and its fact's year-less
date follows, the document is withdrawn and restored. Invented text only."""

from __future__ import annotations

import re

import browser_support
from casefile.web.server import background_server

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips (or fails in CI) with the reason
    expect = None

browser, page = browser_support.browser, browser_support.page

STATEMENT = (
    "An invented statement from Ostrava Dolna.\n\n"
    "Police detained the journalist Arlen Tovas on 28 December, his lawyer said."
)
PASSWORD = "a first admin's long passphrase"


def test_first_admin_corrects_a_date_then_withdraws_and_restores(
    page, casefile_script, tmp_path, db_path
):
    made = casefile_script("user", "add", "ada", "--role", "admin", "--password-stdin",
                           stdin=f"{PASSWORD}\n".encode())  # fmt: skip
    assert made.code == 0, made.err
    assert "first admin, so has confidential clearance" in made.out
    path = tmp_path / "statement.txt"
    path.write_text(STATEMENT, encoding="utf-8")
    assert casefile_script("ingest", str(path), "--published", "2022-01-05").code == 0

    with background_server(db_path) as base:
        page.goto(f"{base}/")
        page.get_by_test_id("login-name").fill("ada")
        page.get_by_test_id("login-password").fill(PASSWORD)
        page.get_by_test_id("login-submit").click()
        expect(page.get_by_test_id("signed-in-clearance")).to_have_text("clearance: confidential")

        page.get_by_test_id("nav-documents").click()
        page.get_by_test_id("document-link").click()
        expect(page.get_by_test_id("document-title")).to_have_text("statement.txt")
        document_url = page.url
        fact = page.locator("[data-testid=fact]").filter(has_text="Arlen Tovas")
        expect(fact.locator(".date")).to_have_text("2021-12-28")

        page.get_by_test_id("document-edit").locator("summary").click()
        page.get_by_test_id("document-edit-published").fill("2023-01-05")
        page.get_by_test_id("document-edit-title").fill("Statement from Ostrava Dolna")
        # Re-extraction loads the pipeline in the server: seconds.
        with page.expect_navigation(url=document_url, timeout=120_000):
            page.get_by_test_id("document-edit-submit").click()
        expect(page.get_by_test_id("document-published")).to_have_text("2023-01-05")
        expect(page.get_by_test_id("document-title")).to_have_text("Statement from Ostrava Dolna")
        expect(fact.locator(".date")).to_have_text("2022-12-28")

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
        expect(fact.locator(".date")).to_have_text("2022-12-28")
        page.get_by_test_id("nav-documents").click()
        expect(page.get_by_test_id("document-row")).to_have_count(1)
