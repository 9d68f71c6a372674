"""HTML: the main text of a page, not its navigation, menus or footer."""

from __future__ import annotations

import re

import lxml.html
import trafilatura
from htmldate import find_date
from lxml import etree

from .base import clean_title, empty, fail
from .published import FoundDate, from_iso
from .text import decode_text

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_BLANK_RUNS = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
_DROP_TAGS = ("script", "style", "noscript", "template", "head")
_BLOCK_TAGS = ("br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6")


def extract_html(data: bytes, name: str) -> tuple[str, str | None, FoundDate | None]:
    """(text, title, publication date) of an HTML page; the title and the date come
    from the page metadata."""
    m = _META_CHARSET.search(data[:4096])
    declared = m.group(1).decode("ascii") if m else None
    markup = decode_text(data, name, declared)
    # lxml refuses a str that still carries an XML encoding declaration (XHTML).
    markup = _XML_DECL.sub("", markup, count=1)
    if not markup.strip():
        raise empty(name)

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
    return text, clean_title(title), _published(markup, root)


# Meta tags that name a publication (not a modification) date, as (attribute, value).
_PUBLISHED_META = (
    ("property", "article:published_time"),
    ("name", "article:published_time"),
    ("itemprop", "datePublished"),
    ("name", "pubdate"),
    ("name", "publishdate"),
    ("name", "publish-date"),
    ("name", "date"),
    ("name", "dc.date"),
    ("name", "dc.date.issued"),
    ("name", "dcterms.date"),
    ("name", "dcterms.issued"),
    ("name", "citation_publication_date"),
    ("property", "og:published_time"),
)


def _published(markup: str, root: lxml.html.HtmlElement | None) -> FoundDate | None:
    """The page's publication date by htmldate (metadata, structured data and <time>
    only: `extensive_search` would take any date from the running text), and which
    part of the page stated it."""
    try:
        found = find_date(markup, extensive_search=False, original_date=True)
    except Exception:  # htmldate is heuristic; a failure only means "no date found"
        return None
    dated = from_iso(found, "html:htmldate")
    if dated is None or root is None:
        return dated
    iso = dated.date.iso()
    for attribute, value in _PUBLISHED_META:
        for meta in root.iter("meta"):
            key = (meta.get(attribute) or "").lower()
            if key == value.lower() and (meta.get("content") or "").strip().startswith(iso):
                return FoundDate(dated.date, f"html:meta {value}")
    for meta in root.iter("meta"):
        if (meta.get("content") or "").strip().startswith(iso):
            label = meta.get("property") or meta.get("name") or meta.get("itemprop") or "date"
            return FoundDate(dated.date, f"html:meta {label[:60]}")
    for time in root.iter("time"):
        if (time.get("datetime") or "").strip().startswith(iso):
            return FoundDate(dated.date, "html:time")
    for script in root.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and iso in (
            script.text or ""
        ):
            return FoundDate(dated.date, "html:json-ld")
    return dated


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
