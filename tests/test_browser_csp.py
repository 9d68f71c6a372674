"""In a real browser, the Content-Security-Policy blocks nothing of casefile's own: a
crawl of the pages an analyst uses collects every violation Chromium reports."""

from __future__ import annotations

import re

import browser_support
from browser_support import PASSWORD, REVIEWER

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips (or fails in CI) with the reason
    expect = None

browser, page, site = browser_support.browser, browser_support.page, browser_support.site


def test_no_page_breaks_the_policy(site, page):
    blocked: list[str] = []
    page.on("console", lambda message: blocked.append(message.text)
            if "Content Security Policy" in message.text else None)  # fmt: skip
    page.goto(f"{site.base}/")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    page.get_by_test_id("login-name").fill(REVIEWER)
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("signed-in-as")).to_have_text(REVIEWER)
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
