"""`casefile publish` on a database of the dev corpus (issue 12's done-when): documents
of ../shared/corpus/dev ingested at run time as public (never copied into the project),
every fact accepted, in the canary world's database so that non-public canaries sit
beside them. The site opens in Chromium from file://, its links work, axe-core finds no
serious or critical violation, and no file holds a non-public canary.

Ingesting takes a while: CASEFILE_PUBLISH_DEV_DOCS documents (default 8, the
Zhylanbayev statement among them; "all" for the whole of dev). Skipped without the
corpus (CASEFILE_CORPUS, else ../shared/corpus)."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pytest

import browser_support
from casefile.store.sqlite import SQLiteStore

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("CASEFILE_CORPUS", REPO.parent / "shared" / "corpus"))
DEV = CORPUS / "dev"
STATEMENT = "kz-zhylanbayev.txt"

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips (or fails in CI) with the reason
    expect = None



def _chosen() -> list[Path]:
    files = sorted(DEV.glob("*.txt"))
    wanted = os.environ.get("CASEFILE_PUBLISH_DEV_DOCS", "8")
    if wanted == "all":
        return files
    rest = [f for f in files if f.name != STATEMENT]
    return [DEV / STATEMENT, *rest[: max(int(wanted) - 1, 0)]]


def _folder(tmp_path: Path) -> Path:
    """The chosen documents in a folder of tmp_path, with their sources' metadata."""
    folder = tmp_path / "dev"
    folder.mkdir()
    sources = {}
    if (DEV / "SOURCES.tsv").is_file():
        with (DEV / "SOURCES.tsv").open(encoding="utf-8", newline="") as handle:
            sources = {r["file"]: r for r in csv.DictReader(handle, delimiter="\t")}
    with (tmp_path / "metadata.tsv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        writer.writerow(["file", "publisher", "url", "published"])
        for path in _chosen():
            shutil.copyfile(path, folder / path.name)
            row = sources.get(path.name, {})
            # "2023-12 (not stated in text)": the date, without the annotator's remark.
            published = (row.get("publication_date") or "").split(" ")[0]
            published = published if published[:4].isdigit() else ""  # "unknown"
            url = row.get("source") or ""
            url = url if url.startswith(("http://", "https://")) else ""
            writer.writerow([path.name, row.get("publisher", ""), url, published])
    return folder


@pytest.mark.skipif(not (DEV / STATEMENT).is_file(), reason=f"no dev corpus at {DEV}")
def test_publish_the_dev_corpus(casefile_main, tmp_path, page):
    from canary_world import build_world, fold, hidden_canaries, holds

    world = build_world(tmp_path / "world.db")
    folder = _folder(tmp_path)
    done = casefile_main("ingest", str(folder), "--access", "public", "--metadata",
                         str(tmp_path / "metadata.tsv"), db=world.db_path)  # fmt: skip
    assert done.code == 0, done.err
    with SQLiteStore(world.db_path) as store:  # every fact accepted: only levels filter
        store.conn.execute("UPDATE events SET review_status = 'accepted'"
                           " WHERE review_status = 'unreviewed'")  # fmt: skip
        store.conn.execute("UPDATE statistics SET review_status = 'accepted'")
    site = tmp_path / "site"
    done = casefile_main("publish", "-o", str(site), db=world.db_path)
    assert done.code == 0, done.err
    print(done.err.strip())  # the counts, for the record

    files = [p for p in site.rglob("*") if p.is_file()]
    cases = sorted(site.glob("cases/*.html"))
    assert len(cases) >= 5
    for path in files:
        folded = fold(path.read_text("utf-8"))
        assert [w for w in hidden_canaries("public") if holds(folded, w)] == [], path

    found: dict[str, list[str]] = {}
    page.goto((site / "index.html").as_uri())
    expect(page.locator("#cases tbody tr")).to_have_count(len(cases))
    found["index.html"] = browser_support.axe_violations(page)
    first = page.locator("#cases tbody a").first
    href = first.get_attribute("href")
    first.click()
    expect(page).to_have_url((site / href).as_uri())
    expect(page.locator("ol.timeline > li").first).to_be_visible()
    page.get_by_role("link", name="Statistics").click()
    expect(page).to_have_url((site / "report.html").as_uri())
    found["report.html"] = browser_support.axe_violations(page)
    for path in [*cases, *sorted(site.glob("countries/*.html"))]:
        page.goto(path.as_uri())
        found[str(path.relative_to(site))] = browser_support.axe_violations(page)
    report = [f"{where}: {line}" for where, lines in found.items() for line in lines]
    assert report == [], "\n".join(report)
