"""A document's publication date: where it came from, shown on the document page and in
the API, and an editor's correction (form, API, CLI), audited, which wins over any date
found or given at ingest from then on. Invented documents only."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import web_support
from casefile.store.sqlite import SQLiteStore
from casefile.web import create_app
from web_support import Seeded, dump, sign_in

seeded = web_support.seeded  # fixture

FOUND_TEXT = (
    "An invented statement\n5 January 2022\n\n"
    "Police detained the journalist Arlen Tovas on 28 December, his lawyer said."
)


@pytest.fixture
def dated(seeded: Seeded, make_extraction) -> str:
    """A document whose date was found in its dateline, with an event dated by it."""
    built = make_extraction(FOUND_TEXT, published="2022-01-05", published_source="text:dateline",
                            source_name="statement.txt", media_type="text/plain",
                            language="en")  # fmt: skip
    built.person("Arlen Tovas").event(
        "arrest", "Arlen Tovas", "Police detained the journalist Arlen Tovas", "2021-12-28")
    with SQLiteStore(seeded.db_path) as store:
        store.save_extraction(built.build(), built.original)
    return built.document.sha256


@pytest.fixture
def editor(seeded: Seeded) -> Iterator[TestClient]:
    with TestClient(create_app(seeded.db_path)) as test_client:
        yield sign_in(test_client, seeded.db_path, "Dana")


def row(db: Path, sha256: str) -> tuple[str | None, str | None]:
    conn = sqlite3.connect(db)
    try:
        found = conn.execute("SELECT published, published_source FROM documents"
                             " WHERE sha256 = ?", (sha256,)).fetchone()  # fmt: skip
    finally:
        conn.close()
    return found[0], found[1]


def test_the_page_and_the_api_say_where_the_date_came_from(
    editor: TestClient, dated: str, seeded: Seeded
) -> None:
    page = editor.get(f"/documents/{dated}").text
    assert 'data-testid="document-published">5 January 2022<' in page
    assert "(from the dateline at the top of the text)" in page
    record = editor.get(f"/api/documents/{dated}").json()["document"]
    assert (record["published"], record["published_source"]) == ("2022-01-05", "text:dateline")
    # A date stored before sources were kept: the date, and no claim where it came from.
    legacy = editor.get(f"/documents/{seeded.kz}").text
    assert 'data-testid="document-published-from"' not in legacy


def test_an_editor_corrects_the_date_and_the_facts_follow(
    editor: TestClient, dated: str, seeded: Seeded, casefile_script
) -> None:
    answer = editor.post(f"/documents/{dated}/published", data={"published": "2023-01-05"},
                         follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303, answer.text
    assert row(seeded.db_path, dated) == ("2023-01-05", "edited:Dana")
    page = editor.get(f"/documents/{dated}").text
    assert "(set by Dana)" in page
    # Re-extracted against the new date: "28 December" is now the December before 2023.
    events = editor.get(f"/api/documents/{dated}").json()["events"]
    assert [e["date"] for e in events if e["type"] == "arrest"] == ["2022-12-28"]
    with SQLiteStore(seeded.db_path) as store:
        entries = [e for e in store.audit_entries() if e.action == "document.published"]
    assert [(e.actor, json.loads(e.before), json.loads(e.after)) for e in entries] == [(
        "Dana", {"published": "2022-01-05", "published_source": "text:dateline"},
        {"published": "2023-01-05", "published_source": "edited:Dana"})]  # fmt: skip
    assert casefile_script("verify").code == 0


def test_the_api_sets_and_clears_the_date(editor: TestClient, dated: str, seeded: Seeded) -> None:
    answer = editor.put(f"/api/documents/{dated}/published", json={"published": None})
    assert answer.status_code == 200, answer.text
    assert answer.json()["published"] is None
    assert row(seeded.db_path, dated) == (None, "edited:Dana")
    bad = editor.put(f"/api/documents/{dated}/published", json={"published": "2024-13-01"})
    assert bad.status_code == 422 or bad.status_code == 400
    assert row(seeded.db_path, dated) == (None, "edited:Dana")


def test_a_viewer_may_not_correct_the_date(editor: TestClient, dated: str, seeded: Seeded) -> None:
    sign_in(editor, seeded.db_path, "Vera")
    before = dump(seeded.db_path)
    answer = editor.post(f"/documents/{dated}/published", data={"published": "2023-01-05"},
                         follow_redirects=False)  # fmt: skip
    assert answer.status_code == 403
    assert dump(seeded.db_path) == before
    assert 'data-testid="document-published-form"' not in editor.get(f"/documents/{dated}").text


def test_cli_document_set_and_ingest_keeps_the_editors_date(
    casefile_main, tmp_path: Path, db_path: Path
) -> None:
    path = tmp_path / "statement.txt"
    path.write_text(FOUND_TEXT, encoding="utf-8")
    assert casefile_main("ingest", str(path)).code == 0
    with SQLiteStore(db_path) as store:
        (document,) = list(store.iter_documents())
    sha = document.sha256
    assert row(db_path, sha) == ("2022-01-05", "text:dateline")

    done = casefile_main("document", "set", sha, "--published", "2022-02", "--by", "ana")
    assert done.code == 0, done.err
    assert done.out.strip() == f"document {sha[:12]}: published 2022-02"
    assert row(db_path, sha) == ("2022-02", "edited:ana")
    # Neither a date given at a later ingest nor re-extraction replaces an editor's.
    assert casefile_main("ingest", str(path), "--published", "2020-01-01").code == 0
    assert casefile_main("reextract").code == 0
    assert row(db_path, sha) == ("2022-02", "edited:ana")

    bad = casefile_main("document", "set", sha, "--published", "yesterday")
    assert bad.code != 0 and "published:" in bad.err and "Traceback" not in bad.err
    missing = casefile_main("document", "set", "0" * 64, "--published", "2022-01-01")
    assert missing.code != 0 and "no document" in missing.err
