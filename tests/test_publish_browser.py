"""The public site in Debian's Chromium (Playwright), opened from file:// as a visitor
who downloaded it would: the links between the case list, a country's list, a case
page and the report work; the list's filter works with script (and the country pages
without); axe-core finds no serious or critical violation on any page, desktop and a
390 px phone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import browser_support
import test_publish
from casefile.services import consent
from casefile.services.review import Reviewer
from casefile.store.sqlite import SQLiteStore

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips (or fails in CI) with the reason
    expect = None

world = test_publish.world  # the fixture: invented statements, reviewed


def _published(casefile_main: Any, db_path: Path, tmp_path: Path, ids: dict[str, int]) -> Path:
    with SQLiteStore(db_path) as store:  # one person named, the others pseudonymised
        consent.record_consent(store, ids["Ilvar Dunmore"], given=True, given_by="lawyer",
                               by=Reviewer("Dana"))  # fmt: skip
    site = tmp_path / "site"
    done = casefile_main("publish", "--clearance", "public", "-o", str(site))
    assert done.code == 0, done.err
    return site


def test_site_opens_from_file_and_its_links_work(casefile_main, db_path, tmp_path, world,
                                                 page):  # fmt: skip
    site = _published(casefile_main, db_path, tmp_path, world)
    found: dict[str, list[str]] = {}
    page.goto((site / "index.html").as_uri())
    expect(page.locator("h1")).to_have_text("Cases")
    rows = page.locator("#cases tbody tr")
    expect(rows).to_have_count(3)
    found["index"] = browser_support.axe_violations(page)

    # The filter (script): a name typed hides the other rows.
    expect(page.locator("#filters")).to_be_visible()
    page.locator("#filter-name").fill("dunmore")
    expect(page.locator("#cases tbody tr:visible")).to_have_count(1)
    page.locator("#filter-name").fill("")
    page.locator("#filter-country").select_option("by")
    expect(page.locator("#cases tbody tr:visible")).to_have_count(1)
    page.locator("#filter-country").select_option("")
    expect(page.locator("#cases tbody tr:visible")).to_have_count(3)

    # A case page, through the list's link.
    case_page = (site / f"cases/{world['Ilvar Dunmore']}.html").as_uri()
    page.get_by_role("link", name="Ilvar Dunmore").click()
    expect(page).to_have_url(case_page)
    expect(page.locator("h1")).to_have_text("Ilvar Dunmore")
    expect(page.locator("ol.timeline > li")).to_have_count(2)
    expect(page.locator("ol.sources li")).to_contain_text("Marsh Rights Desk")
    page.locator("a.cite").first.click()  # the citation's anchor on the same page
    expect(page).to_have_url(case_page + "#source-1")
    found["case"] = browser_support.axe_violations(page)

    # Its country's list (the lists without script), then the report and back.
    page.locator("dl.case-facts").get_by_role("link").click()
    expect(page).to_have_url((site / "countries/kz.html").as_uri())
    expect(page.locator("#cases tbody tr")).to_have_count(2)
    found["country"] = browser_support.axe_violations(page)
    page.get_by_role("link", name="Statistics").click()
    expect(page).to_have_url((site / "report.html").as_uri())
    expect(page.get_by_test_id("report-cases")).to_contain_text("3")
    found["report"] = browser_support.axe_violations(page)
    page.get_by_role("link", name="All cases").click()
    expect(page).to_have_url((site / "index.html").as_uri())

    # A phone's width: nothing wider than the screen, nothing serious for axe.
    page.set_viewport_size({"width": 390, "height": 844})
    for name in ("index.html", f"cases/{world['Selka Ardrin']}.html", "report.html"):
        page.goto((site / name).as_uri())
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390, name
        found[f"390px {name}"] = browser_support.axe_violations(page)
    report = [f"{where}: {line}" for where, lines in found.items() for line in lines]
    assert report == [], "\n".join(report)


def test_lists_work_without_script(browser, casefile_main, db_path, tmp_path,
                                   world):  # fmt: skip
    site = _published(casefile_main, db_path, tmp_path, world)
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto((site / "index.html").as_uri())
        expect(page.locator("#filters")).to_be_hidden()  # no filter that cannot work
        page.get_by_role("link", name="Belarus").first.click()
        expect(page).to_have_url((site / "countries/by.html").as_uri())
        expect(page.locator("#cases tbody tr")).to_have_count(1)
    finally:
        context.close()
