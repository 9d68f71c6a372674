"""Scanned documents read by OCR, end to end: an image-only PDF and image files made here
from invented statements, ingested by the real console script, yield their arrests, with
the page images kept beside the document and quotes that are the recognised text.

The layout rules (lines joined back into paragraphs) and the store's side (page images in
the record digest, re-hashed by verify, deleted with the document) are checked without
Tesseract; the rest skips without it (see ocr_support.py).
"""

from __future__ import annotations

import io
import shutil
import sqlite3
from pathlib import Path

import pytest
from pypdf import PdfReader

import ocr_support as scans
from casefile.model import PageImage
from casefile.services.integrity import verify_store
from casefile.sources.ocr import RecognisedPage, Word, join_pages, layout
from casefile.store.sqlite import SQLiteStore
from ocr_support import Ingested, run_script

ingested = scans.ingested  # fixture


def events_of(db_path: Path, sha256: str) -> list[tuple[str, str, str | None, int, int, str]]:
    with SQLiteStore(db_path) as store:
        return [(e.event.type, e.entity_name, e.event.date.iso() if e.event.date else None,
                 e.event.evidence.start, e.event.evidence.end, e.event.evidence.quote)
                for e in store.document_events(sha256)]  # fmt: skip


def test_the_folder_of_scans_is_ingested_whole(ingested: Ingested) -> None:
    assert ingested.code == 0, ingested.err
    assert "4 stored" in ingested.out and "0 failed" in ingested.out, ingested.out
    lines = {Path(line.split(":")[0]).name: line for line in ingested.out.splitlines()}
    assert "; read by OCR: 2 pages, confidence " in lines["statement.pdf"]
    assert "(low: check quotes against the page images)" in lines["smudged.png"]
    assert "(low:" not in lines["statement.png"] + lines["statement.pdf"]


def test_an_image_only_pdf_is_read_by_ocr_and_yields_its_arrest(ingested: Ingested) -> None:
    pdf = (ingested.folder / "statement.pdf").read_bytes()
    assert "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages) == ""
    sha256 = ingested.sha256["statement.pdf"]
    with SQLiteStore(ingested.db_path) as store:
        document = store.get_document(sha256)
        pages = store.document_pages(sha256)
    assert document is not None and document.media_type == "application/pdf"
    assert document.language == "en"
    assert [p.page for p in pages] == [1, 2]
    first, second = pages
    assert "arrested the journalist Elmar Vostrikan" in document.text[first.start:first.end]
    assert "immediate release of Elmar Vostrikan" in document.text[second.start:second.end]
    assert all(p.engine.startswith("tesseract ") and p.confidence and p.confidence > 80
               for p in pages)  # fmt: skip
    arrests = [e for e in events_of(ingested.db_path, sha256) if e[0] == "arrest"]
    assert [(e[1], e[2]) for e in arrests] == [("Elmar Vostrikan", "2025-02-14")]
    _, _, _, start, end, quote = arrests[0]
    assert document.text[start:end] == quote and first.start <= start < end <= first.end
    assert "Elmar Vostrikan" in quote


def test_an_image_file_is_read_by_ocr_and_yields_its_arrest(ingested: Ingested) -> None:
    sha256 = ingested.sha256["statement.png"]
    with SQLiteStore(ingested.db_path) as store:
        document = store.get_document(sha256)
        [page] = store.document_pages(sha256)
        image = store.page_image(sha256, 1)
    assert document is not None and document.media_type == "image/png"
    assert image is not None and image.startswith(b"\x89PNG") and page.width <= 2000
    events = events_of(ingested.db_path, sha256)
    assert ("arrest", "Elmar Vostrikan", "2025-02-14") in [e[:3] for e in events]
    assert all(document.text[s:e] == q for _, _, _, s, e, q in events)


def test_a_russian_scan_is_read_and_yields_its_arrest(ingested: Ingested) -> None:
    sha256 = ingested.sha256["заявление.png"]
    with SQLiteStore(ingested.db_path) as store:
        document = store.get_document(sha256)
        [page] = store.document_pages(sha256)
    assert document is not None and document.language == "ru"
    assert "задержали журналиста Эльмара Вострикана" in document.text
    assert page.engine.endswith("eng+rus")  # a Cyrillic page keeps both languages
    arrests = [e for e in events_of(ingested.db_path, sha256) if e[0] == "arrest"]
    assert len(arrests) == 1 and arrests[0][2] == "2025-02-14"
    # the same journalist: the Russian spelling is linked to the English case
    assert arrests[0][1] in ("Elmar Vostrikan", "Эльмар Вострикан")
    assert "Вострикана" in arrests[0][5]


def test_a_smudged_scan_is_stored_with_its_low_confidence(ingested: Ingested) -> None:
    from casefile.services.scans import LOW_CONFIDENCE

    with SQLiteStore(ingested.db_path) as store:
        [page] = store.document_pages(ingested.sha256["smudged.png"])
        [clean] = store.document_pages(ingested.sha256["statement.png"])
    assert page.words > 0 and page.confidence is not None
    assert page.confidence < LOW_CONFIDENCE <= (clean.confidence or 0)


def test_the_scans_verify_and_a_changed_page_image_is_found(ingested: Ingested,
                                                           tmp_path: Path) -> None:  # fmt: skip
    assert run_script(ingested.db_path, "verify").returncode == 0
    copy = tmp_path / "copy.db"
    shutil.copy(ingested.db_path, copy)
    sha256 = ingested.sha256["statement.pdf"]
    with sqlite3.connect(copy) as conn:
        conn.execute("UPDATE document_pages SET image = x'89504e47' WHERE document_sha256 = ?"
                     " AND page = 2", (sha256,))  # fmt: skip
    done = run_script(copy, "verify")
    assert done.returncode != 0
    said = done.stdout + done.stderr
    assert f"document {sha256[:12]} page 2: its page image no longer matches" in said


def test_a_pdf_with_a_text_page_and_a_scanned_one_reads_both(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    from casefile.sources import read_bytes
    from test_sources import make_pdf

    scans.require_ocr()
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(make_pdf(["A typed cover letter from Dravask."]))))
    writer.append(PdfReader(io.BytesIO(scans.scanned_pdf(
        scans.page_image(scans.EN_HEADING, scans.EN_STATEMENT)))))  # fmt: skip
    out = io.BytesIO()
    writer.write(out)
    source = read_bytes(out.getvalue(), "mixed.pdf")
    assert source.text.startswith("A typed cover letter from Dravask.\n\nStatement of")
    [page] = source.pages
    assert page.page == 2 and page.start == len("A typed cover letter from Dravask.\n\n")
    assert "arrested the journalist Elmar Vostrikan" in source.text[page.start:page.end]


# --- bad scans --------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "data", "says"), [
    ("torn.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "not a readable image"),
    ("noise.jpg", b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4, "not a readable image"),
    ("fax.tif", b"II*\x00" + b"\x07" * 64, "not a readable image"),
])  # fmt: skip
def test_a_corrupt_image_fails_in_one_line_and_changes_nothing(
    ingested: Ingested, tmp_path: Path, name: str, data: bytes, says: str
) -> None:
    db_path = tmp_path / "copy.db"
    shutil.copy(ingested.db_path, db_path)
    before = _dump(db_path)
    bad = tmp_path / name
    bad.write_bytes(data)
    done = run_script(db_path, "ingest", str(bad))
    assert done.returncode == 1
    lines = (done.stdout + done.stderr).strip().splitlines()
    assert "Traceback" not in done.stderr
    errors = [line for line in lines if line.startswith("error: ")]
    assert len(errors) == 1 and name in errors[0] and says in errors[0], lines
    assert _dump(db_path) == before


def test_without_tesseract_a_folder_skips_images_and_a_named_one_says_what_to_install(
    tmp_path: Path,
) -> None:
    scans.require_ocr()  # the image is drawn with Pillow
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "scan.png").write_bytes(scans.png_bytes(scans.page_image("A", "B")))
    (folder / "note.txt").write_text("On 3 May 2024 police arrested Orin Valcek in Dravask.\n")
    no_programs = str(tmp_path / "empty-bin")
    Path(no_programs).mkdir()
    done = run_script(tmp_path / "a.db", "ingest", str(folder), path_env=no_programs)
    assert done.returncode == 0, done.stderr
    assert "1 stored" in done.stdout and "needs OCR, not installed" in done.stdout
    done = run_script(tmp_path / "a.db", "ingest", str(folder / "scan.png"), path_env=no_programs)
    assert done.returncode == 1
    [line] = [x for x in (done.stdout + done.stderr).splitlines() if x.startswith("error:")]
    assert "needs OCR" in line and "apt-get install tesseract-ocr" in line


def _dump(db_path: Path) -> list[str]:
    from web_support import dump

    return dump(db_path)


# --- lines back into paragraphs (no Tesseract needed) ---------------------------------------


def _line(text: str, line: int, right: int, *, block: int = 1, paragraph: int = 1) -> list[Word]:
    words = text.split()
    return [Word(w, 90.0, block, paragraph, line, 100 + 10 * i,
                 right if i == len(words) - 1 else 100 + 10 * i + 5)
            for i, w in enumerate(words)]  # fmt: skip


def test_wrapped_lines_are_joined_and_short_ones_keep_their_break() -> None:
    words = [
        *_line("Statement of the council", 1, 900, paragraph=1),
        *_line("Police detained the blogger Orin", 1, 2000, paragraph=2),
        *_line("Valcek on Monday. He was ques-", 2, 1990, paragraph=2),
        *_line("tioned for six hours.", 3, 800, paragraph=2),
        *_line("Short line", 4, 700, paragraph=2),
        *_line("after it.", 5, 500, paragraph=2),
    ]
    assert layout(words) == ("Statement of the council\n\nPolice detained the blogger Orin"
                             " Valcek on Monday. He was questioned for six hours.\nShort line"
                             "\nafter it.")  # fmt: skip


def test_a_sentence_cut_into_two_paragraphs_is_joined_again() -> None:
    words = [*_line("В отношении него возбуждено дело о", 1, 2000, paragraph=1),
             *_line("распространении", 2, 2000, paragraph=1),
             *_line("заведомо ложной информации.", 1, 900, paragraph=2),
             *_line("Новый абзац.", 1, 600, paragraph=3)]  # fmt: skip
    assert layout(words) == ("В отношении него возбуждено дело о распространении заведомо"
                             " ложной информации.\n\nНовый абзац.")  # fmt: skip


def test_pages_join_with_their_places_in_the_text() -> None:
    def page(number: int, text: str) -> RecognisedPage:
        return RecognisedPage(number, text, 90.0 if text else None, len(text.split()), b"png",
                              10, 10)  # fmt: skip

    text, images = join_pages(["A text layer.\n", page(2, "Recognised cafe\u0301."), page(3, ""),
                               page(4, "Last.")])  # fmt: skip
    assert text == "A text layer.\n\nRecognised caf\u00e9.\n\nLast."
    assert [(i.page, text[i.start:i.end]) for i in images] == [
        (2, "Recognised caf\u00e9."), (3, ""), (4, "Last.")]


# --- the store's side (no Tesseract needed) -------------------------------------------------


def _scanned(make_extraction) -> tuple[object, tuple[PageImage, ...]]:
    text = "Statement\n\nOn 3 May 2024 police arrested Orin Valcek in Dravask."
    built = make_extraction(text).event("arrest", "Orin Valcek", "police arrested Orin Valcek")
    pages = (PageImage(1, b"\x89PNG one", 10, 12, 91.5, 11, 0, len(text), "tesseract 5 eng"),)
    return built, pages


def test_page_images_go_with_their_document(make_extraction, db_path: Path) -> None:
    built, pages = _scanned(make_extraction)
    sha256 = built.document.sha256
    with SQLiteStore(db_path) as store:
        store.save_extraction(built.build(), built.original, "ada", pages)
        assert [(p.page, p.confidence, p.words) for p in store.document_pages(sha256)] == [
            (1, 91.5, 11)]
        assert store.page_image(sha256, 1) == b"\x89PNG one"
        # a re-extraction (no pages given) keeps them
        store.save_extraction(built.build(), built.original, "ada")
        assert store.page_image(sha256, 1) == b"\x89PNG one"
        assert verify_store(store).ok
        store.delete_document(sha256, "ada", "2026-01-02T00:00:00+00:00", with_reviewed=True)
        assert store.document_pages(sha256) == [] and store.page_image(sha256, 1) is None
        assert verify_store(store).ok


def test_a_page_record_changed_outside_casefile_is_named(make_extraction, db_path: Path) -> None:
    built, pages = _scanned(make_extraction)
    with SQLiteStore(db_path) as store:
        store.save_extraction(built.build(), built.original, "ada", pages)
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE document_pages SET confidence = 99")
    with SQLiteStore(db_path) as store:
        report = verify_store(store)
    sha256 = built.document.sha256
    assert f"document {sha256[:12]}: changed outside casefile" in " ".join(report.problems)


def test_a_page_outside_the_text_is_refused(make_extraction, db_path: Path) -> None:
    from casefile.store.base import StoreError

    built, _ = _scanned(make_extraction)
    wrong = (PageImage(1, b"png", 1, 1, 90.0, 1, 0, 10_000, "tesseract 5 eng"),)
    with SQLiteStore(db_path) as store, pytest.raises(StoreError, match="page 1"):
        store.save_extraction(built.build(), built.original, "ada", wrong)
