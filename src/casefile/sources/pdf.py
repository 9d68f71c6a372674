"""PDF: the text layer of every page, via pypdf. Scans without a text layer are refused."""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader

from .base import SourceError, clean_title, fail

# pypdf logs every repairable oddity of real-world PDFs; the user only needs our verdict.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def extract_pdf(data: bytes, name: str) -> tuple[str, str | None]:
    """(text, title) of a PDF; pages are separated by a blank line."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not _open_encrypted(reader):
            raise fail(name, "the PDF is password-protected")
        pages = [page.extract_text() or "" for page in reader.pages]
    except SourceError:
        raise
    except Exception:  # pypdf raises many types on damaged input; all mean the same here
        raise fail(name, "not a readable PDF (corrupt or damaged)") from None

    text = "\n\n".join(p.strip("\n") for p in pages if p.strip())
    if not text.strip():
        raise fail(name, "the PDF has no extractable text (a scan? run OCR on it first)")
    return text, clean_title(_title(reader))


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
