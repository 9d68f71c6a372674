"""DOCX: body paragraphs and tables in document order, via python-docx.

Headers and footers are left out for the same reason HTML menus are: they are page
furniture repeated on every page, not the document's statement. The archive is opened
through `archive.read_members`, which refuses one that expands beyond 200 MB.
"""

from __future__ import annotations

import io

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from .archive import ExpansionBudget, read_members, rebuilt
from .base import clean_title, fail
from .published import FoundDate, from_datetime

_UNREADABLE = "not a readable .docx document (corrupt, or another format)"


def extract_docx(
    data: bytes, name: str, budget: ExpansionBudget | None = None
) -> tuple[str, str | None, FoundDate | None]:
    """(text, title, creation date) of a Word document; paragraphs are separated by a
    blank line. The date is `core.created`, never `core.modified` (the last save, by
    whoever edited the file after it was published)."""
    counted = rebuilt(read_members(data, name, "DOCX", budget, _UNREADABLE))
    try:
        document = docx.Document(io.BytesIO(counted))
        blocks: list[str] = []
        for item in document.iter_inner_content():
            if isinstance(item, Paragraph):
                if item.text.strip():
                    blocks.append(item.text)
            elif isinstance(item, Table):
                table = _table_text(item)
                if table:
                    blocks.append(table)
        title = document.core_properties.title
        created = from_datetime(document.core_properties.created, "docx:core.created")
    except Exception:  # zipfile, lxml, KeyError, ValueError ...: all mean "not a usable .docx"
        raise fail(name, _UNREADABLE) from None

    text = "\n\n".join(blocks)
    if not text.strip():
        raise fail(name, "the document has no text")
    return text, clean_title(title), created


def _table_text(table: Table) -> str:
    """One line per row, cells separated by tabs; a merged cell is written once."""
    lines: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            # python-docx repeats a horizontally merged cell once per grid column it spans.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(p.text for p in cell.paragraphs if p.text.strip()))
        if any(c.strip() for c in cells):
            lines.append("\t".join(cells))
    return "\n".join(lines)
