"""Choosing a format and reading a path, bytes or stdin into a SourceText."""

from __future__ import annotations

import hashlib
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from casefile.model import PageImage

from .base import (
    APPLICATION_DOCX,
    APPLICATION_PDF,
    IMAGE_JPEG,
    IMAGE_PNG,
    IMAGE_TIFF,
    IMAGE_TYPES,
    MAX_BYTES,
    MEDIA_TYPES,
    TEXT_HTML,
    TEXT_MARKDOWN,
    TEXT_PLAIN,
    SourceError,
    SourceText,
    TooLarge,
    clean_title,
    display_name,
    empty,
    fail,
    normalise,
)
from .docx import extract_docx
from .html import extract_html
from .ocr import join_pages, recognise_image
from .pdf import extract_pdf
from .published import FoundDate, dateline
from .text import decode_text, markdown_title

SUPPORTED_SUFFIXES: dict[str, str] = {
    ".txt": TEXT_PLAIN,
    ".md": TEXT_MARKDOWN,
    ".markdown": TEXT_MARKDOWN,
    ".html": TEXT_HTML,
    ".htm": TEXT_HTML,
    ".pdf": APPLICATION_PDF,
    ".docx": APPLICATION_DOCX,
    ".png": IMAGE_PNG,
    ".jpg": IMAGE_JPEG,
    ".jpeg": IMAGE_JPEG,
    ".tif": IMAGE_TIFF,
    ".tiff": IMAGE_TIFF,
}

_CONVERT_HINTS: dict[str, str] = {
    ".doc": "save it as .docx",
    ".odt": "save it as .docx",
    ".rtf": "save it as .docx",
    ".pages": "export it as .docx or PDF",
}

_IMAGE_MAGIC = ((b"\x89PNG\r\n\x1a\n", IMAGE_PNG), (b"\xff\xd8\xff", IMAGE_JPEG),
                (b"II*\x00", IMAGE_TIFF), (b"MM\x00*", IMAGE_TIFF))  # fmt: skip

_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
    re.I | re.S,
)


def iter_source_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given; folders walked recursively in sorted order.

    Inside folders, hidden files and folders, Office lock files ('~$x.docx') and files of
    unsupported type are skipped. Symlinked folders are not followed (cycles). A path
    given explicitly is yielded as-is, whatever it is, so that reading it reports the error.
    """
    for path in paths:
        if not path.is_dir():
            yield path
            continue
        found: list[Path] = []
        for dirpath, dirnames, filenames in os.walk(path):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            base = Path(dirpath)
            for filename in filenames:
                if filename.startswith((".", "~$")):
                    continue
                if Path(filename).suffix.lower() in SUPPORTED_SUFFIXES:
                    found.append(base / filename)
        # Component-wise, so a folder's files stay together ('a-b.txt' < 'a/z.txt' as strings).
        found.sort(key=lambda p: p.relative_to(path).parts)
        yield from found


def read_path(path: Path, max_bytes: int = MAX_BYTES) -> SourceText:
    """Read one file, choosing the format by its suffix."""
    name = str(path)
    try:
        st = path.stat()
    except OSError as exc:
        raise _os_failure(name, exc) from None
    if stat.S_ISDIR(st.st_mode):
        raise fail(name, "is a folder, not a file")
    media_type = _media_type_for(path)
    if stat.S_ISREG(st.st_mode) and st.st_size > max_bytes:
        raise _too_large(name, st.st_size, max_bytes)
    try:
        with open(path, "rb") as f:
            # Bounded: a pipe or a device has no size to check beforehand.
            data = f.read(max_bytes + 1)
    except OSError as exc:
        raise _os_failure(name, exc) from None
    return read_bytes(data, name, media_type, max_bytes)


def read_stdin(max_bytes: int = MAX_BYTES) -> SourceText:
    """Read standard input as bytes, sniffing the format."""
    name = "<stdin>"
    if sys.stdin is None:
        raise fail(name, "there is no standard input")
    try:
        data = sys.stdin.buffer.read(max_bytes + 1)
    except OSError as exc:
        raise _os_failure(name, exc) from None
    return read_bytes(data, name, None, max_bytes)


def read_bytes(
    data: bytes, source_name: str, media_type: str | None = None, max_bytes: int = MAX_BYTES
) -> SourceText:
    """Extract the text of `data`; media_type None means sniff it from the bytes."""
    if len(data) > max_bytes:
        raise _too_large(source_name, len(data), max_bytes)
    if media_type is None:
        media_type = sniff_media_type(data)
    elif media_type not in MEDIA_TYPES:
        raise fail(source_name, f"unsupported media type {media_type!r}")
    if not data.strip():
        raise empty(source_name)

    title: str | None
    page_date: FoundDate | None = None  # the page's own metadata: trusted before the text
    file_date: FoundDate | None = None  # when the file was made: trusted after the text
    pages: tuple[PageImage, ...] = ()
    if media_type == APPLICATION_PDF:
        text, title, file_date, pages = extract_pdf(data, source_name)
    elif media_type in IMAGE_TYPES:
        text, pages = join_pages(recognise_image(data, source_name))
        title = None
        if not text.strip():
            raise fail(source_name, "OCR recognised no text in the image")
    elif media_type == APPLICATION_DOCX:
        text, title, file_date = extract_docx(data, source_name)
    elif media_type == TEXT_HTML:
        text, title, page_date = extract_html(data, source_name)
    else:
        text = decode_text(data, source_name)
        title = None

    text = normalise(text)
    if not text.strip():
        raise empty(source_name)
    if media_type == TEXT_MARKDOWN:
        title = clean_title(markdown_title(text))
    return SourceText(
        text=text,
        original=data,
        sha256=hashlib.sha256(data).hexdigest(),
        source_name=source_name,
        media_type=media_type,
        title=title,
        published=page_date or dateline(text) or file_date,
        pages=pages,
    )


def sniff_media_type(data: bytes) -> str:
    """PDF, DOCX or an image by magic bytes, HTML by leading markup, anything else as
    plain text."""
    if b"%PDF-" in data[:1024]:
        return APPLICATION_PDF
    for magic, image_type in _IMAGE_MAGIC:
        if data.startswith(magic):
            return image_type
    if data.startswith(b"PK\x03\x04"):
        return APPLICATION_DOCX
    head = data[:2048].removeprefix(b"\xef\xbb\xbf")
    if _HTML_START.match(head):
        return TEXT_HTML
    return TEXT_PLAIN


def _media_type_for(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in SUPPORTED_SUFFIXES:
        return SUPPORTED_SUFFIXES[suffix]
    supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
    if not suffix:
        raise fail(str(path), f"no file extension, so the format is unknown (use {supported})")
    hint = _CONVERT_HINTS.get(suffix, f"supported: {supported}")
    raise fail(str(path), f"unsupported file type {suffix!r} ({hint})")


def _os_failure(name: str, exc: OSError) -> SourceError:
    if isinstance(exc, FileNotFoundError | NotADirectoryError):
        return fail(name, "no such file")
    if isinstance(exc, PermissionError):
        return fail(name, "permission denied")
    if isinstance(exc, IsADirectoryError):
        return fail(name, "is a folder, not a file")
    return fail(name, f"cannot read the file ({exc.strerror or type(exc).__name__})")


def _too_large(name: str, size: int, limit: int) -> TooLarge:
    return TooLarge(f"{display_name(name)}: too large ({_mib(size)}; the limit is {_mib(limit)})")


def _mib(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size} bytes"
    return f"{size / (1024 * 1024):.1f} MiB"
