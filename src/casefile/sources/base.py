"""Types shared by every format reader: the result, the error, and text clean-up."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from casefile.model import PageImage

from .published import FoundDate

MAX_BYTES: int = 10 * 1024 * 1024

TEXT_PLAIN = "text/plain"
TEXT_MARKDOWN = "text/markdown"
TEXT_HTML = "text/html"
APPLICATION_PDF = "application/pdf"
APPLICATION_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
IMAGE_PNG = "image/png"
IMAGE_JPEG = "image/jpeg"
IMAGE_TIFF = "image/tiff"
IMAGE_TYPES: tuple[str, ...] = (IMAGE_PNG, IMAGE_JPEG, IMAGE_TIFF)  # read by OCR (`ocr`)

MEDIA_TYPES: tuple[str, ...] = (
    TEXT_PLAIN,
    TEXT_MARKDOWN,
    TEXT_HTML,
    APPLICATION_PDF,
    APPLICATION_DOCX,
    *IMAGE_TYPES,
)


class SourceError(Exception):
    """Bad input: the message is ONE line, fit to print to a user as-is."""


class EmptySource(SourceError):
    """The file holds no text. A folder ingest skips it rather than failing it."""


class TooLarge(SourceError):
    """The file exceeds the size limit. A folder ingest skips it rather than failing it."""


@dataclass(frozen=True)
class SourceText:
    text: str
    original: bytes
    sha256: str
    source_name: str
    media_type: str
    title: str | None
    # What the document says of its own publication, and where (see `published`).
    published: FoundDate | None = None
    # The pages read by OCR (a scan, an image), kept with the document; () for the rest.
    pages: tuple[PageImage, ...] = ()


def display_name(name: str) -> str:
    """The name as it may appear in a one-line message: a file name may contain newlines."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in name)


def fail(name: str, reason: str) -> SourceError:
    return SourceError(f"{display_name(name)}: {reason}")


def empty(name: str) -> EmptySource:
    return EmptySource(f"{display_name(name)}: the file is empty")


def normalise(text: str) -> str:
    """NFC and \\n line ends, nothing else: evidence offsets are taken on this exact string."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def clean_title(title: str | None) -> str | None:
    if title is None:
        return None
    title = " ".join(normalise(title).split())
    return title or None
