"""Ingesting a document that is already stored (issue 9, findings 5 and 7).

An upload of a copy of a document above the uploader's clearance answers exactly as a
new upload does and changes nothing: the copy is not an oracle for the document's
existence, nor a way to rewrite its title or lower its level. And `casefile ingest
--access` gives new documents their level, never silently an existing one.
"""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

import web_support
from casefile.store.sqlite import SQLiteStore
from casefile.web import create_app
from web_support import Seeded, add_users, dump, sign_in

seeded = web_support.seeded  # fixture

# Invented: a document the public editor Pia has never seen, stored confidential.
HIDDEN_TEXT = (
    "The journalist Pavel Sorin was arrested in Minsk on 3 February 2025. "
    "On 9 June 2025 Sorin was sentenced to four years in prison."
)
NEW_TEXT = (
    "The teacher Oleg Marnov was detained in Vitebsk on 5 March 2025. "
    "On 11 July 2025 Marnov was sentenced to two years in prison."
)
LEVELS = {0: "public", 1: "internal", 2: "confidential"}


def _store_hidden(db_path: Path, make_extraction) -> str:
    hidden = make_extraction(HIDDEN_TEXT, title="Sealed statement", publisher="Invented NGO")
    hidden.person("Pavel Sorin").event("arrest", "Pavel Sorin", "Pavel Sorin was arrested")
    with SQLiteStore(db_path) as store:
        store.save_extraction(hidden.build(), hidden.original)
        add_users(store, {"Pia": ("editor", "public")})
        assert LEVELS[store.document_level(hidden.document.sha256) or 0] == "confidential"
    return hidden.document.sha256


def _level(db_path: Path, sha256: str) -> str | None:
    with SQLiteStore(db_path) as store:
        level = store.document_level(sha256)
    return None if level is None else LEVELS[level]


def _records(db_path: Path) -> list[str]:
    """Every row but the audit entries telling admins that someone uploaded a copy of a
    hidden document (the only trace such an upload leaves, checked below)."""
    return [row for row in dump(db_path) if "document.upload.hidden_copy" not in row]


def _shape(answer: dict) -> dict:
    """What the uploader can compare between two answers: keys and their types."""
    return {key: type(value).__name__ for key, value in answer.items()}


def test_uploading_a_copy_of_a_hidden_document_answers_as_new_and_changes_nothing(
    seeded: Seeded, make_extraction
) -> None:
    hidden_sha = _store_hidden(seeded.db_path, make_extraction)
    with TestClient(create_app(seeded.db_path)) as client:
        sign_in(client, seeded.db_path, "Pia")
        before = dump(seeded.db_path)
        copy = client.post(
            "/api/documents/upload",
            files={"file": ("copy.txt", HIDDEN_TEXT.encode(), "text/plain")},
            data={"title": "Renamed by Pia", "publisher": "Pia's blog",
                  "url": "https://example.org/pia", "access": "public"},
        )  # fmt: skip
        # The upload changed nothing: no re-extraction, no metadata, no level; the one
        # row added is the audit entry telling admins that Pia holds a copy.
        after = dump(seeded.db_path)
        [added] = [row for row in after if row not in before]
        assert "document.upload.hidden_copy" in added and "'Pia'" in added
        assert "Sorin" not in added and hidden_sha in added
        assert [row for row in after if row != added] == before
        fresh = client.post(
            "/api/documents/upload",
            files={"file": ("fresh.txt", NEW_TEXT.encode(), "text/plain")},
            data={"title": "Pia's own", "access": "confidential"},
        )

    assert copy.status_code == fresh.status_code == 201
    assert _shape(copy.json()) == _shape(fresh.json())
    assert copy.json()["new"] is True and fresh.json()["new"] is True
    assert copy.json()["sha256"] == hidden_sha  # her own bytes' hash: she knew it already
    # Counts of her own bytes' extraction, as a new document's are (the stored record,
    # built by hand, holds one event; the extractor finds the arrest and the sentence).
    assert copy.json()["events"] == fresh.json()["events"] == 2
    assert _level(seeded.db_path, hidden_sha) == "confidential"
    with SQLiteStore(seeded.db_path) as store:
        document = store.get_document(hidden_sha)
    assert document is not None
    assert (document.title, document.publisher, document.url) == (
        "Sealed statement", "Invented NGO", None)  # fmt: skip


def test_pasting_the_text_of_a_hidden_document_is_not_an_oracle_either(
    seeded: Seeded, make_extraction
) -> None:
    hidden_sha = _store_hidden(seeded.db_path, make_extraction)
    with TestClient(create_app(seeded.db_path)) as client:
        sign_in(client, seeded.db_path, "Pia")
        before = _records(seeded.db_path)
        copy = client.post("/api/documents", json={"text": HIDDEN_TEXT, "title": "Mine now"})
        assert _records(seeded.db_path) == before
        public = client.post("/api/documents", json={"text": HIDDEN_TEXT, "access": "public"})
        assert _records(seeded.db_path) == before  # not 404 after the fact: nothing happened
        fresh = client.post("/api/documents", json={"text": NEW_TEXT})
    assert copy.status_code == public.status_code == fresh.status_code == 201
    assert {copy.json()["new"], public.json()["new"], fresh.json()["new"]} == {True}
    assert _shape(copy.json()) == _shape(fresh.json())
    assert _level(seeded.db_path, hidden_sha) == "confidential"


def test_the_add_document_form_answers_a_hidden_copy_as_a_new_unseen_upload(
    seeded: Seeded, make_extraction
) -> None:
    hidden_sha = _store_hidden(seeded.db_path, make_extraction)
    with TestClient(create_app(seeded.db_path)) as client:
        sign_in(client, seeded.db_path, "Pia")
        before = _records(seeded.db_path)
        copy = client.post(
            "/documents",
            files={"file": ("copy.txt", HIDDEN_TEXT.encode(), "text/plain")},
            data={"title": "Renamed", "access_level": "confidential"},
            follow_redirects=False,
        )
        assert _records(seeded.db_path) == before
        fresh = client.post(
            "/documents",
            files={"file": ("fresh.txt", NEW_TEXT.encode(), "text/plain")},
            data={"title": "Hers", "access_level": "confidential"},
            follow_redirects=False,
        )
        listed = client.get("/documents").text
    assert copy.status_code == fresh.status_code == 303
    assert copy.headers["location"] == fresh.headers["location"] == "/documents"
    assert "Sealed statement" not in listed and hidden_sha[:12] not in listed


def test_an_editor_who_sees_the_document_still_refreshes_it(
    seeded: Seeded, make_extraction
) -> None:
    """The rule is about clearance: Dana (confidential) re-uploading it is told it is
    known, and its level stays, whatever she asks for at upload."""
    hidden_sha = _store_hidden(seeded.db_path, make_extraction)
    with TestClient(create_app(seeded.db_path)) as client:
        sign_in(client, seeded.db_path, "Dana")
        again = client.post("/api/documents", json={"text": HIDDEN_TEXT, "access": "public"})
    assert again.status_code == 201 and again.json()["new"] is False
    assert _level(seeded.db_path, hidden_sha) == "confidential"


# --- casefile ingest --access (finding 7), through the real console script ------------


def test_ingest_access_applies_to_new_documents_and_names_a_kept_level(
    tmp_path: Path, db_path: Path, casefile_script
) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a-known.txt").write_text(HIDDEN_TEXT, encoding="utf-8")
    first = casefile_script("ingest", str(folder / "a-known.txt"))  # confidential
    assert first.code == 0, first.err
    (folder / "b-new.txt").write_text(NEW_TEXT, encoding="utf-8")

    result = casefile_script("ingest", str(folder), "--access", "public")
    assert result.code == 0, result.err
    known_line, new_line, summary = result.out.strip().splitlines()
    assert summary.startswith("summary: 1 stored, 1 refreshed")
    known_sha = known_line.split("] ")[1].split(" ")[0]
    assert "already stored at confidential; level kept — use" in known_line
    assert f"`casefile access document {known_sha} LEVEL`" in known_line
    assert "level kept" not in new_line and ": stored [" in new_line

    with SQLiteStore(db_path) as store:
        levels = sorted(LEVELS[store.document_level(d.sha256) or 0]
                        for d in store.iter_documents())  # fmt: skip
    assert levels == ["confidential", "public"]

    same = casefile_script("ingest", str(folder / "a-known.txt"), "--access", "confidential")
    assert same.code == 0 and "level kept" not in same.out  # nothing differs: nothing to say
