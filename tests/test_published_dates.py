"""Publication dates found in the document (HTML metadata and <time>, a dateline at the
top of the text, PDF and DOCX file metadata), where they came from, and the precedence:
a date given at ingest always wins. All documents here are invented."""

from __future__ import annotations

import io
import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader, PdfWriter

from casefile.ingest import Metadata, build_document, document_from_text
from casefile.model import PartialDate
from casefile.sources import dateline, read_bytes
from casefile.store.sqlite import SQLiteStore
from test_archive_limits import TEXT_PAGE, pdf_with_pages

BODY = "<p>" + "Police in the invented town of Brestovo detained a local reporter. " * 4 + "</p>"


def html_page(head: str = "", body: str = BODY) -> bytes:
    return (f"<!doctype html><html><head><title>An invented report</title>{head}</head>"
            f"<body><article><h1>An invented report</h1>{body}</article></body></html>"
            ).encode()  # fmt: skip


def found(data: bytes, media_type: str) -> tuple[str, str] | None:
    source = read_bytes(data, "x", media_type)
    if source.published is None:
        return None
    return source.published.date.iso(), source.published.source


# --- HTML ------------------------------------------------------------------------------


def test_html_meta_published_time_wins_over_the_modified_time() -> None:
    page = html_page('<meta property="article:published_time" content="2024-03-12T08:00:00Z">'
                     '<meta property="article:modified_time" content="2025-01-20T10:00:00Z">')
    assert found(page, "text/html") == ("2024-03-12", "html:meta article:published_time")


def test_html_time_element_is_a_source() -> None:
    body = '<p><time datetime="2023-05-06T09:00">6 May 2023</time></p>' + BODY
    assert found(html_page(body=body), "text/html") == ("2023-05-06", "html:time")


def test_html_structured_data_is_a_source() -> None:
    head = ('<script type="application/ld+json">{"@type": "NewsArticle",'
            ' "datePublished": "2022-07-08T00:00:00Z"}</script>')  # fmt: skip
    assert found(html_page(head), "text/html") == ("2022-07-08", "html:json-ld")


def test_a_date_in_the_running_text_of_a_page_is_not_its_publication_date() -> None:
    body = "<p>The reporter was detained on 12 March 2021 in Brestovo, a friend said.</p>" + BODY
    assert found(html_page(body=body), "text/html") is None


# --- text datelines --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 March 2024 — The court in Brestovo fined a reporter.", "2024-03-12"),
        ("An invented headline\nBRESTOVO, March 12, 2024 (Invented News) - A court fined"
         " a reporter.", "2024-03-12"),
        ("Headline\nPublished: 12.03.2024\nThe court fined a reporter.", "2024-03-12"),
        ("Headline\nTuesday, 12 March 2024\nThe court fined a reporter.", "2024-03-12"),
        ("Заголовок\n12 марта 2024 года\nСуд оштрафовал журналиста.", "2024-03-12"),
        ("Новость\n12 марта 2024, 16:54\nСуд оштрафовал журналиста.", "2024-03-12"),
        ("Headline\nGENEVA (12 March 2024) – Experts voiced concern.", "2024-03-12"),
    ],
)
def test_a_dateline_at_the_top_is_found(text: str, expected: str) -> None:
    date = dateline(text)
    assert date is not None and (date.date.iso(), date.source) == (expected, "text:dateline")


@pytest.mark.parametrize(
    "text",
    [
        "Headline\nThe reporter was detained on 12 March 2024 in Brestovo.",  # in a sentence
        "Headline\n12 марта 2024 года журналиста задержали в Брестово.",  # a sentence too
        "Headline\nMarch 2024\nThe court fined a reporter.",  # no day
        "BRESTOVO, March 12 (Invented News) - A court fined a reporter.",  # no year
        "Headline\nOn 12 March 2024 — the court fined a reporter.",  # "On ..." starts a story
        "A\nB\nC\nD\nE\nF\nG\n12 March 2024\nThe court fined a reporter.",  # too far down
        "Chronology\nIntro\n12 March 2024 — detained\n14 March 2024 — charged",  # a list entry
        "Headline\n12 March 1975\nThe court fined a reporter.",  # implausibly old
    ],
)
def test_no_dateline_where_there_is_none(text: str) -> None:
    assert dateline(text) is None


def test_a_future_date_is_refused() -> None:
    soon = datetime.now(UTC).date() + timedelta(days=40)
    assert dateline(f"Headline\n{soon.day} {soon:%B} {soon.year}\nText.") is None


def test_a_plain_text_file_gets_its_dateline_with_its_source() -> None:
    text = "Headline\n12 марта 2024 года\nСуд оштрафовал журналиста.".encode()
    assert found(text, "text/plain") == ("2024-03-12", "text:dateline")


def test_a_page_without_metadata_falls_back_to_its_dateline() -> None:
    body = "<p>BRESTOVO, 2 April 2023 – The court fined a reporter.</p>" + BODY
    assert found(html_page(body=body), "text/html") == ("2023-04-02", "text:dateline")


# --- PDF and DOCX ----------------------------------------------------------------------


def pdf(metadata: dict[str, str], page: bytes = TEXT_PAGE) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_with_pages([page]))))
    writer.add_metadata(metadata)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_creation_date_not_its_modification_date() -> None:
    data = pdf({"/CreationDate": "D:20230415093000Z", "/ModDate": "D:20250101120000Z"})
    assert found(data, "application/pdf") == ("2023-04-15", "pdf:CreationDate")


def test_pdf_with_only_a_modification_date_has_none() -> None:
    assert found(pdf({"/ModDate": "D:20250101120000Z"}), "application/pdf") is None


def test_pdf_dateline_outranks_when_the_file_was_made() -> None:
    page = b"BT /F1 12 Tf 72 720 Td (BRESTOVO, 2 April 2023 - A court fined a reporter.) Tj ET"
    data = pdf({"/CreationDate": "D:20250415093000Z"}, page)
    assert found(data, "application/pdf") == ("2023-04-02", "text:dateline")


def word(paragraphs: list[str], created: datetime | None, modified: datetime | None) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if created is not None:
        document.core_properties.created = created
    if modified is not None:
        document.core_properties.modified = modified
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_docx_created_not_modified() -> None:
    data = word(["The court in Brestovo fined a reporter."],
                datetime(2022, 9, 1, 10, 0), datetime(2024, 11, 5, 16, 0))  # fmt: skip
    assert found(data, DOCX) == ("2022-09-01", "docx:core.created")


def test_docx_dateline_outranks_its_created_date() -> None:
    data = word(["Statement", "12 March 2024", "The court in Brestovo fined a reporter."],
                datetime(2019, 1, 1, 10, 0), None)  # fmt: skip
    assert found(data, DOCX) == ("2024-03-12", "text:dateline")


# --- precedence, storage and re-ingest -------------------------------------------------

DATELINED = "Headline\nBRESTOVO, 12 March 2024 – The court fined a reporter.\n"


def test_a_date_given_at_ingest_wins_over_the_one_found() -> None:
    source = read_bytes(DATELINED.encode(), "x.txt", "text/plain")
    given = build_document(source, Metadata(published=PartialDate(2024, 3, 20)))
    assert (given.published, given.published_source) == (PartialDate(2024, 3, 20), "given")
    found_doc = build_document(source, Metadata())
    assert (found_doc.published, found_doc.published_source) == (
        PartialDate(2024, 3, 12), "text:dateline")  # fmt: skip
    from_text = document_from_text(DATELINED, Metadata())
    assert from_text.published_source == "text:dateline"


def stored(db: Path, sha256: str) -> tuple[str | None, str | None]:
    conn = sqlite3.connect(db)
    try:
        row = conn.execute("SELECT published, published_source FROM documents WHERE sha256 = ?",
                           (sha256,)).fetchone()  # fmt: skip
    finally:
        conn.close()
    return row[0], row[1]


def test_found_date_is_stored_with_its_source_and_a_given_one_replaces_it(
    casefile_main, tmp_path: Path, db_path: Path
) -> None:
    path = tmp_path / "statement.txt"
    path.write_text(DATELINED, encoding="utf-8")
    first = casefile_main("ingest", str(path))
    assert first.code == 0, first.err
    with SQLiteStore(db_path) as store:
        (document,) = list(store.iter_documents())
    assert stored(db_path, document.sha256) == ("2024-03-12", "text:dateline")

    again = casefile_main("ingest", str(path), "--published", "2024-03-13")
    assert again.code == 0, again.err
    assert stored(db_path, document.sha256) == ("2024-03-13", "given")
    # A date a person gave is not replaced by another ingest of the same file.
    assert casefile_main("ingest", str(path)).code == 0
    assert stored(db_path, document.sha256) == ("2024-03-13", "given")

    exported = json.loads(casefile_main("export", "--format", "json").out)
    (record,) = exported["documents"]
    assert (record["published"], record["published_source"]) == ("2024-03-13", "given")


def test_year_less_event_dates_follow_the_dateline(casefile_main, tmp_path: Path) -> None:
    # Without the dateline "28 December" took the year the text states (2022): an arrest
    # dated a year after the statement reporting it.
    path = tmp_path / "statement.txt"
    path.write_text("An invented statement\n5 January 2022\n\nPolice detained the journalist"
                    " Arlen Tovas on 28 December, his lawyer said.\n", encoding="utf-8")
    result = casefile_main("extract", str(path), "--json")
    assert result.code == 0, result.err
    out = json.loads(result.out)
    assert out["document"]["published"] == "2022-01-05"
    assert out["document"]["published_source"] == "text:dateline"
    dates = {e["type"]: e["date"] for e in out["events"]}
    assert dates.get("arrest") == "2021-12-28"


def test_reextract_finds_the_date_of_a_document_stored_without_one(
    casefile_main, tmp_path: Path, db_path: Path, make_extraction
) -> None:
    built = make_extraction(DATELINED, source_name="old.txt", media_type="text/plain")
    with SQLiteStore(db_path) as store:  # stored as before: no date, no source
        store.save_extraction(built.build(), built.original)
    assert stored(db_path, built.document.sha256) == (None, None)
    result = casefile_main("reextract")
    assert result.code == 0, result.err
    assert stored(db_path, built.document.sha256) == ("2024-03-12", "text:dateline")
