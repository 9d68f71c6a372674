"""HTML: the main text of a page, not its navigation, menus or footer."""

from __future__ import annotations

import re

import lxml.html
import trafilatura
from lxml import etree

from .base import clean_title, fail
from .text import decode_text

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_BLANK_RUNS = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
_DROP_TAGS = ("script", "style", "noscript", "template", "head")
_BLOCK_TAGS = ("br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6")


def extract_html(data: bytes, name: str) -> tuple[str, str | None]:
    """(text, title) of an HTML page; the title comes from the page metadata."""
    m = _META_CHARSET.search(data[:4096])
    declared = m.group(1).decode("ascii") if m else None
    markup = decode_text(data, name, declared)
    # lxml refuses a str that still carries an XML encoding declaration (XHTML).
    markup = _XML_DECL.sub("", markup, count=1)
    if not markup.strip():
        raise fail(name, "the file is empty")

    root = _parse(markup, name)  # before trafilatura, which would drop the deep part unsaid

    text: str | None = None
    title: str | None = None
    try:
        doc = trafilatura.bare_extraction(markup, include_comments=False, with_metadata=True)
    except Exception:  # trafilatura is a heuristic stack; any failure means "use the fallback"
        doc = None
    if doc is not None and not isinstance(doc, dict):
        text = doc.text
        title = doc.title

    if not text or not text.strip():
        text, fallback_title = _plain_dump(root, name)
        title = title or fallback_title
    return text, clean_title(title)


def _parse(markup: str, name: str) -> lxml.html.HtmlElement | None:
    """The page's tree; refused if libxml2 stopped at its nesting limit (256 levels),
    which would otherwise leave a page of nothing but nested tags looking empty."""
    parser = lxml.html.HTMLParser()
    try:
        root = lxml.html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError):
        root = None
    if any("Excessive depth" in error.message for error in parser.error_log):
        raise fail(name, "cannot be parsed: the HTML is nested too deeply")
    return root


def _plain_dump(root: lxml.html.HtmlElement | None, name: str) -> tuple[str, str | None]:
    """Every visible string of the page: trafilatura found no main text to prefer."""
    if root is None:
        raise fail(name, "no text found in the HTML page")
    title_el = root.find(".//title")
    title = title_el.text_content() if title_el is not None else None
    for el in list(root.iter(*_DROP_TAGS)):
        el.drop_tree()
    for el in root.iter(*_BLOCK_TAGS):
        el.tail = "\n" + (el.tail or "")
    text = _BLANK_RUNS.sub("\n\n", root.text_content()).strip()
    return text, title
