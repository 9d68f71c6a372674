"""The store's side of scanned documents (`PageStore`, part of `Store`): the page images
OCR read, kept with the document (migration 0017)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class StoredPage:
    """A page image as stored, without its bytes (`page_image` reads them)."""

    page: int
    width: int
    height: int
    confidence: float | None  # mean word confidence, 0-100; None: no word recognised
    words: int
    start: int  # the page's words are the document's text[start:end]
    end: int
    engine: str
    image_sha256: str


class PageStore(Protocol):
    def document_pages(self, sha256: str) -> list[StoredPage]:
        """The document's page images in page order; [] for a document not read by OCR."""
        ...

    def page_image(self, sha256: str, page: int) -> bytes | None: ...

    def iter_page_images(self) -> Iterator[tuple[str, int, str, bytes]]:
        """(document sha256, page, recorded image sha256, image bytes) of every page."""
        ...
