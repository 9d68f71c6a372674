"""Possible facts in a real browser (Debian's Chromium through Playwright, the app under
uvicorn): an analyst follows the review queue's link, accepts the model's near miss that
is true and rejects the one that is not, and each answer is stored as a fact of that
status. Invented text (browser_support); skipped with the reason when no browser runs."""

from __future__ import annotations

import re

from browser_support import PASSWORD, REVIEWER
from casefile.store.sqlite import SQLiteStore

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips (or fails in CI) with the reason
    expect = None


def test_an_analyst_answers_the_possible_facts_from_the_review_queue(site, page):
    page.goto(f"{site.base}/review")
    page.get_by_test_id("login-name").fill(REVIEWER)
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    link = page.get_by_test_id("possible-link")
    expect(link).to_contain_text("(2)")
    link.click()
    expect(page).to_have_url(re.compile(r"/review/possible$"))
    items = page.get_by_test_id("possible-item")
    expect(items).to_have_count(2)
    expect(items.nth(0).get_by_test_id("possible-participant")).to_have_text("Pavel Lutsevich")
    expect(items.nth(0).get_by_test_id("possible-probability")).to_have_text("31%")
    items.nth(0).get_by_test_id("possible-accept").click()
    expect(items).to_have_count(1)
    expect(items.nth(0).get_by_test_id("possible-participant")).to_have_text("Alesia Varonka")
    items.nth(0).get_by_test_id("possible-reject").click()
    expect(page.get_by_test_id("possible-empty")).to_be_visible()
    with SQLiteStore(site.db_path) as store:
        answered = {(e.event.type, e.event.participant): (e.review_status, e.reviewed_by)
                    for e in store.document_events(site.mirovsk)
                    if e.review_status != "unreviewed"}  # fmt: skip
        left = store.possible_events()[0]
    assert answered == {("release", "Pavel Lutsevich"): ("accepted", REVIEWER),
                        ("trial", "Alesia Varonka"): ("rejected", REVIEWER)}  # fmt: skip
    assert left == 0
    page.goto(f"{site.base}/review")
    expect(page.get_by_test_id("possible-link")).to_have_count(0)
