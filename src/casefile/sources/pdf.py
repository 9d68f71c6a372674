"""PDF: the text layer of every page, via pypdf; pages without one (a scan) are read by
OCR (`ocr`), and their images kept with the document.

A page's content is a compressed stream: a 10 MB PDF can hold a hundred pages of 75 MB
each (pypdf's own limit is per stream). Every page's content is decompressed and
counted first, against the same 200 MB budget as a DOCX, before any text is read.
"""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader

from casefile.model import PageImage

from .archive import ExpansionBudget
from .base import SourceError, clean_title, fail
from .ocr import OcrUnavailable, RecognisedPage, join_pages, recognise_pdf_pages
from .published import FoundDate, from_datetime

# pypdf logs every repairable oddity of real-world PDFs; the user only needs our verdict.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def extract_pdf(
    data: bytes, name: str, budget: ExpansionBudget | None = None
) -> tuple[str, str | None, FoundDate | None, tuple[PageImage, ...]]:
    """(text, title, creation date, pages read by OCR) of a PDF; pages are separated by
    a blank line. A page with no text layer but something drawn on it is read by OCR;
    when OCR is not installed, a PDF with text on other pages keeps that text alone."""
    budget = budget or ExpansionBudget()
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not _open_encrypted(reader):
            raise fail(name, "the PDF is password-protected")
        drawn = []
        for page in reader.pages:
            contents = page.get_contents()
            size = len(contents.get_data()) if contents is not None else 0
            budget.spend(size, name, "PDF")
            drawn.append(size > 0)
        pages = [page.extract_text() or "" for page in reader.pages]
        scanned = [(i + 1, float(page.mediabox.width), float(page.mediabox.height))
                   for i, page in enumerate(reader.pages) if drawn[i] and not pages[i].strip()]
    except SourceError:
        raise
    except Exception:  # pypdf raises many types on damaged input; all mean the same here
        raise fail(name, "not a readable PDF (corrupt or damaged)") from None

    has_text = any(p.strip() for p in pages)
    pieces: list[str | RecognisedPage] = list(pages)
    if scanned:
        try:
            for recognised in recognise_pdf_pages(data, name, scanned):
                pieces[recognised.page - 1] = recognised
        except OcrUnavailable:
            if not has_text:
                raise
    text, images = join_pages(pieces)
    if not text.strip():
        if images:
            raise fail(name, "the PDF has no extractable text: OCR recognised none on its pages")
        raise fail(name, "the PDF has no extractable text")
    return text, clean_title(_title(reader)), _created(reader), images


def _open_encrypted(reader: PdfReader) -> bool:
    """Many PDFs are 'encrypted' with an empty user password only to restrict printing."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # missing AES support (cryptography) or a real password: cannot read
        return False


def _title(reader: PdfReader) -> str | None:
    try:
        meta = reader.metadata
        return str(meta.title) if meta is not None and meta.title else None
    except Exception:  # a broken /Info dictionary should not cost us the text
        return None


def _created(reader: PdfReader) -> FoundDate | None:
    """When the file was made: /CreationDate, else XMP xmp:CreateDate. Never /ModDate
    (see `published`). A malformed date is no date."""
    try:
        meta = reader.metadata
        found = from_datetime(meta.creation_date if meta is not None else None,
                              "pdf:CreationDate")  # fmt: skip
        if found is not None:
            return found
    except Exception:  # pypdf raises on a malformed date string
        pass
    try:
        xmp = reader.xmp_metadata
        return from_datetime(xmp.xmp_create_date if xmp is not None else None,
                             "pdf:xmp:CreateDate")  # fmt: skip
    except Exception:  # a broken XMP packet should not cost us the text
        return None
