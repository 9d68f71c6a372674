"""The SQLite store's page images of scanned documents (migration 0017): written with
the document in its save's transaction (`replace_pages`), read by the document's page
and by `casefile verify`."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator, Sequence

from casefile.i18n import Msg
from casefile.model import PageImage
from casefile.store.base import StoreError
from casefile.store.base_pages import StoredPage

_COLUMNS = "page, width, height, confidence, words, text_start, text_end, engine, image_sha256"


class PageReads:
    """Needs `conn` from SQLiteStore."""

    @property
    def conn(self) -> sqlite3.Connection:
        raise NotImplementedError

    def document_pages(self, sha256: str) -> list[StoredPage]:
        cursor = self.conn.execute(
            f"SELECT {_COLUMNS} FROM document_pages WHERE document_sha256 = ?"  # noqa: S608
            " ORDER BY page", (sha256,))  # fmt: skip
        return [StoredPage(*row) for row in cursor]

    def page_image(self, sha256: str, page: int) -> bytes | None:
        row = self.conn.execute("SELECT image FROM document_pages WHERE document_sha256 = ?"
                                " AND page = ?", (sha256, page)).fetchone()  # fmt: skip
        return None if row is None else bytes(row[0])

    def iter_page_images(self) -> Iterator[tuple[str, int, str, bytes]]:
        cursor = self.conn.execute(
            "SELECT document_sha256, page, image_sha256, image FROM document_pages"
            " ORDER BY document_sha256, page")  # fmt: skip
        for sha256, page, image_sha256, image in cursor:
            yield sha256, page, image_sha256, bytes(image)


def replace_pages(db: sqlite3.Connection, sha256: str, pages: Sequence[PageImage],
                  text: str) -> None:  # fmt: skip
    """The document's page images become `pages` (read again with its text)."""
    for page in pages:
        if not 0 <= page.start <= page.end <= len(text):
            raise StoreError(Msg(
                "document %(sha256)s page %(page)s: its place %(start)s:%(end)s is not in its text",
                sha256=sha256[:12], page=page.page, start=page.start, end=page.end,
            ))  # fmt: skip
    db.execute("DELETE FROM document_pages WHERE document_sha256 = ?", (sha256,))
    db.executemany(
        "INSERT INTO document_pages (document_sha256, page, image, image_sha256, width, height,"
        " confidence, words, text_start, text_end, engine) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
        " ?, ?)",
        [(sha256, p.page, p.png, hashlib.sha256(p.png).hexdigest(), p.width, p.height,
          None if p.confidence is None else round(p.confidence, 2), p.words, p.start, p.end,
          p.engine) for p in pages],
    )  # fmt: skip
