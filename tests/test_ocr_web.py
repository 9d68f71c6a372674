"""A scanned document's page in the app: what OCR read, a warning when it was unsure,
links to the page images, and the page images under the document's access rules (and
those of its original bytes: an image cannot be pseudonymised)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import ocr_support
from casefile.services.scans import LOW_CONFIDENCE
from casefile.store.sqlite import SQLiteStore
from casefile.web import create_app
from ocr_support import Ingested
from web_support import add_users, sign_in

ingested = ocr_support.ingested  # fixture
AT = "2026-01-02T00:00:00+00:00"


@pytest.fixture
def app(ingested: Ingested, tmp_path: Path) -> Iterator[tuple[TestClient, Path]]:
    db_path = tmp_path / "web.db"
    shutil.copy(ingested.db_path, db_path)
    with SQLiteStore(db_path) as store:
        add_users(store, {"root": ("admin", "confidential"), "Ina": ("viewer", "internal"),
                          "Pia": ("viewer", "public")})  # fmt: skip
    with TestClient(create_app(db_path)) as client:
        yield client, db_path


def test_a_smudged_scan_warns_of_its_low_confidence_and_links_its_page(app, ingested) -> None:
    client, db_path = app
    sha256 = ingested.sha256["smudged.png"]
    page = sign_in(client, db_path, "root").get(f"/documents/{sha256}")
    assert page.status_code == 200
    assert 'data-testid="scan-low-confidence"' in page.text
    assert f"below {LOW_CONFIDENCE:.0f}" in page.text
    link = f"/documents/{sha256}/page-image?page=1"
    assert link in page.text
    image = client.get(link)
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert image.content.startswith(b"\x89PNG")


def test_a_clean_scan_says_it_was_read_by_ocr_without_a_warning(app, ingested) -> None:
    client, db_path = app
    sha256 = ingested.sha256["statement.pdf"]
    page = sign_in(client, db_path, "root").get(f"/documents/{sha256}")
    assert 'data-testid="document-scan"' in page.text and "2 scanned pages" in page.text
    assert 'data-testid="scan-low-confidence"' not in page.text
    assert page.text.count('data-testid="page-image-link"') == 2
    assert client.get(f"/documents/{sha256}/page-image?page=2").status_code == 200
    missing = client.get(f"/documents/{sha256}/page-image?page=3")
    assert missing.status_code == 404
    ocr = client.get(f"/api/documents/{sha256}").json()["ocr"]
    assert ocr["low_confidence"] is False and ocr["confidence"] > LOW_CONFIDENCE
    assert [(p["page"], p["image"]) for p in ocr["pages"]] == [
        (n, f"/documents/{sha256}/page-image?page={n}") for n in (1, 2)]


def test_page_images_are_hidden_as_their_document_is(app, ingested) -> None:
    client, db_path = app
    sha256 = ingested.sha256["statement.pdf"]
    link = f"/documents/{sha256}/page-image?page=1"
    # confidential (the default): a viewer of public clearance finds nothing, as for a
    # document that does not exist
    sign_in(client, db_path, "Pia")
    hidden, absent = client.get(link), client.get(f"/documents/{'f' * 64}/page-image?page=1")
    assert hidden.status_code == absent.status_code == 404
    assert hidden.text.replace(sha256[:12], "X") == absent.text.replace("f" * 12, "X")
    # withdrawn: nobody gets it, the admin neither, and the page links none
    with SQLiteStore(db_path) as store:
        store.withdraw_document(sha256, "root", "wrong file", AT)
    sign_in(client, db_path, "root")
    assert client.get(link).status_code == 404
    page = client.get(f"/documents/{sha256}")
    assert page.status_code == 200 and "page-image-link" not in page.text


def test_no_page_image_for_a_reader_who_may_not_see_a_protected_name(app, ingested) -> None:
    client, db_path = app
    sha256 = ingested.sha256["statement.png"]
    with SQLiteStore(db_path) as store:
        store.set_document_level(sha256, 1, "root", AT)  # internal
        [person_id] = {e.person_id for e in store.document_events(sha256) if e.person_id}
        store.set_person_protected(person_id, True, "root", AT)
    sign_in(client, db_path, "Ina")
    page = client.get(f"/documents/{sha256}")
    assert page.status_code == 200 and "Vostrikan" not in page.text
    assert 'data-testid="document-scan"' in page.text and "page-image-link" not in page.text
    assert client.get(f"/documents/{sha256}/page-image?page=1").status_code == 404
    assert [p["image"] for p in client.get(f"/api/documents/{sha256}").json()["ocr"]["pages"]
            ] == [None]  # fmt: skip
    sign_in(client, db_path, "root")  # who may see the name gets the image
    assert client.get(f"/documents/{sha256}/page-image?page=1").status_code == 200
