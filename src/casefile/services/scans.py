"""Scanned documents: what OCR read of their pages, as the document page shows it, and
the page images themselves.

- A document's recognition confidence is the mean of its recognised words' confidences
  (Tesseract's, 0-100), over all its pages. Below `LOW_CONFIDENCE` (80: see
  `casefile.sources.ocr`) the page warns that the text may hold misread words and that
  quotes should be checked against the page images; each page below it is named.
- The page images obey the document's access rules, and those of its original: like the
  original bytes, an image cannot be pseudonymised, so a viewer who may not see a
  protected person's name gets no page image of a document naming one (not found, as for
  a missing document), and the page does not link them.
"""

from __future__ import annotations

from dataclasses import dataclass

from casefile.i18n import Msg
from casefile.services.access import Viewer
from casefile.services.documents import check_raw_bytes
from casefile.services.errors import NotFound
from casefile.sources.ocr import LOW_CONFIDENCE, ocr_confidence
from casefile.store.base import Store
from casefile.store.base_pages import StoredPage

__all__ = ["LOW_CONFIDENCE", "ScanSummary", "page_image", "scan_summary"]


@dataclass(frozen=True)
class ScanSummary:
    pages: list[StoredPage]
    confidence: float | None  # over every recognised word; None: no word recognised
    images_shown: bool  # the viewer may see the page images

    @property
    def low(self) -> bool:
        return self.confidence is None or self.confidence < LOW_CONFIDENCE

    @property
    def low_pages(self) -> list[int]:
        return [p.page for p in self.pages
                if p.words and p.confidence is not None and p.confidence < LOW_CONFIDENCE]

    @property
    def threshold(self) -> float:
        return LOW_CONFIDENCE


def scan_summary(store: Store, sha256: str, viewer: Viewer) -> ScanSummary | None:
    """What OCR read of a document the viewer may see (None: it was not a scan)."""
    pages = store.document_pages(sha256)
    if not pages:
        return None
    confidence = ocr_confidence(pages)
    try:
        check_raw_bytes(store, sha256, viewer)
        shown = True
    except NotFound:
        shown = False
    return ScanSummary(pages, confidence, shown)


def page_image(store: Store, sha256: str, page: int, viewer: Viewer) -> bytes:
    """A page image (PNG) of a document the viewer may have the original of. One answer
    for a page that does not exist and a document the viewer may not have: a hidden
    document must answer as a missing one."""
    missing = NotFound(Msg(
        "no image of page %(page)s of a document %(sha256)s",
        page=page, sha256=sha256[:12],
    ))
    try:
        check_raw_bytes(store, sha256, viewer)
    except NotFound:
        raise missing from None
    image = store.page_image(sha256, page)
    if image is None:
        raise missing
    return image
