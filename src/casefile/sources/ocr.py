"""OCR: the text of scanned pages, by Tesseract (Debian's `tesseract-ocr` with its English
and Russian data) run as a program; a PDF's pages are rasterised by poppler's `pdftoppm`.

Image files (.png, .jpg, .tif, every frame of a multi-page TIFF) and the pages of a PDF
that have no text layer come here. What Tesseract recognises is the document's text, so
facts quote it like any other (`text[start:end]`); each page's image is kept with the
document (`PageImage`) with the mean confidence of its words, for the analyst to check a
quote against the page and to be warned when the recognition was poor.

- A first pass reads both languages ("eng+rus"), Tesseract choosing per word. On an
  English page it then takes some Latin words for Cyrillic ones of the same shapes ("Ilmar"
  read as "Птаг"), so a page whose letters are nearly all Latin (under
  `CYRILLIC_SHARE_FOR_ENGLISH` Cyrillic) is read again in English alone. A Russian page
  keeps the first pass: Russian texts cite Latin names (organisations, addresses) that
  Russian alone would garble. Each page records the languages it was read in.
- Lines are joined back into paragraphs: a line that reaches the paragraph's right
  margin continues on the next (a word hyphenated across them is joined again), so that
  a hard-wrapped sentence is one sentence for the parsers (the Russian one reads line
  by line); short lines (headings, the end of a paragraph) keep their line break.
- Untrusted input: a page's size in pixels is bounded before it is decoded or
  rasterised, the pages read per document are bounded, each program has a time limit,
  and a program that fails gives a one-line `SourceError`. Tesseract runs on one thread
  (OMP_THREAD_LIMIT=1): its threads cost more than they save on a busy machine.
- Page images are kept in grayscale PNG with their long side at most
  `KEPT_LONG_SIDE` pixels (about 170 dpi for A4): readable, a fraction of the size.
"""

from __future__ import annotations

import io
import math
import os
import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from casefile.model import PageImage

from .base import SourceError, display_name, fail, normalise

if TYPE_CHECKING:  # Pillow is imported when a scan is read, not with every reader
    from PIL.Image import Image

LANGUAGES = "eng+rus"
ENGLISH = "eng"
CYRILLIC_SHARE_FOR_ENGLISH = 0.2  # of a first pass's letters: below, read again in English
DPI = 300  # what PDF pages are rasterised at (Tesseract reads best from ~300 dpi)
MAX_PAGES = 100  # scanned pages read per document
MAX_PIXELS = 50_000_000  # per page: an A4 page at 300 dpi is 8.7 million
KEPT_LONG_SIDE = 2000
TIMEOUT_SECONDS = 300  # per program run (one page)
# Below this mean word confidence a page's text is likely to hold misread words: clean
# scans at 300 dpi score 90-97, and pages smudged until Tesseract fell to the mid-70s
# were already misread ("Marth", Cyrillic "ровсе" for "police"). services/scans.py warns.
LOW_CONFIDENCE = 80.0
_INSTALL = "apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-rus poppler-utils"


class OcrUnavailable(SourceError):
    """Reading the file needs OCR, and Tesseract (or its data, or pdftoppm) is missing.
    A folder ingest skips such a file rather than failing it."""


@dataclass(frozen=True)
class RecognisedPage:
    page: int
    text: str  # laid out as paragraphs (see the module's docstring)
    confidence: float | None
    words: int
    png: bytes  # the image kept
    width: int
    height: int
    languages: str = LANGUAGES  # what Tesseract read it in


class Recognised(Protocol):
    """A page OCR read, as recognised, kept or stored: its word count and confidence."""

    @property
    def words(self) -> int: ...

    @property
    def confidence(self) -> float | None: ...


def ocr_confidence(pages: Sequence[Recognised]) -> float | None:
    """The mean confidence of every word OCR recognised on `pages` (None: no word)."""
    scored = [(p.confidence, p.words) for p in pages if p.confidence is not None]
    words = sum(n for _, n in scored)
    return sum(c * n for c, n in scored) / words if words else None


def missing_ocr() -> str | None:
    """Why OCR cannot run here (one line), or None when it can."""
    return _missing()


@cache
def _missing() -> str | None:
    if shutil.which("tesseract") is None:
        return f"Tesseract is not installed ({_INSTALL})"
    try:
        listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True,
                                timeout=60, check=False)  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return "Tesseract does not run"
    langs = set(listed.stdout.decode("utf-8", "replace").split())
    lacking = [lang for lang in LANGUAGES.split("+") if lang not in langs]
    if lacking:
        return f"Tesseract has no {', '.join(lacking)} data ({_INSTALL})"
    return None


@cache
def engine() -> str:
    """What recognises pages: "tesseract 5.3.0" (a page adds its languages)."""
    try:
        shown = subprocess.run(["tesseract", "--version"], capture_output=True, timeout=60,
                               check=False)  # fmt: skip
        first = (shown.stdout or shown.stderr).decode("utf-8", "replace").splitlines()
        version = first[0].split()[-1] if first else "?"
    except (OSError, subprocess.TimeoutExpired):
        version = "?"
    return f"tesseract {version}"


def _require(name: str, what: str) -> None:
    reason = missing_ocr()
    if reason is not None:
        raise OcrUnavailable(f"{display_name(name)}: {what} needs OCR, and {reason}")


# -- image files ------------------------------------------------------------------------


def recognise_image(data: bytes, name: str) -> list[RecognisedPage]:
    """Every frame of a PNG, JPEG or TIFF file, recognised."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise fail(name, "the image is too large to read") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise fail(name, "not a readable image (corrupt or damaged)") from None
    if image.format not in ("PNG", "JPEG", "TIFF"):
        raise fail(name, f"not a PNG, JPEG or TIFF image ({image.format or 'unknown'})")
    frames = int(getattr(image, "n_frames", 1))
    if frames > MAX_PAGES:
        raise fail(name, f"{frames} pages: OCR reads at most {MAX_PAGES} per document")
    _require(name, "an image")
    pages = []
    for index in range(frames):
        try:
            image.seek(index)
            _check_pixels(name, index + 1, *image.size)
            frame = ImageOps.exif_transpose(image)  # a photographed page stands upright
            gray = _grayscale(frame)
        except SourceError:
            raise
        except Exception:  # Pillow raises many types on damaged data; all mean the same here
            raise fail(name, "not a readable image (corrupt or damaged)") from None
        pages.append(_recognise(gray, index + 1, _dpi(image.info.get("dpi")), name))
    return pages


def _grayscale(frame: Image) -> Image:
    """The frame as 8-bit grayscale, transparent parts white (a scan has no holes)."""
    from PIL import Image

    if frame.mode in ("RGBA", "LA", "PA") or "transparency" in frame.info:
        rgba = frame.convert("RGBA")
        frame = Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba)
    return frame.convert("L")


def _dpi(value: object) -> int | None:
    """The resolution a file states, if plausible; else Tesseract estimates it."""
    if isinstance(value, tuple) and value and isinstance(value[0], int | float):
        dpi = round(float(value[0]))
        return dpi if 70 <= dpi <= 1200 else None
    return None


def _check_pixels(name: str, page: int, width: int, height: int) -> None:
    if width * height > MAX_PIXELS:
        raise fail(name, f"page {page} is too large to read ({width}×{height} pixels; the"
                         f" limit is {MAX_PIXELS // 1_000_000} million)")  # fmt: skip


# -- PDF pages ----------------------------------------------------------------------------


def recognise_pdf_pages(
    data: bytes, name: str, pages: Sequence[tuple[int, float, float]]
) -> list[RecognisedPage]:
    """The given pages of a PDF, (number, width, height in points), rasterised and
    recognised."""
    if len(pages) > MAX_PAGES:
        raise fail(name, f"{len(pages)} scanned pages: OCR reads at most {MAX_PAGES} per"
                         " document")  # fmt: skip
    _require(name, "a PDF without a text layer")
    if shutil.which("pdftoppm") is None:
        raise OcrUnavailable(f"{display_name(name)}: a scanned PDF needs pdftoppm to read its"
                             f" pages ({_INSTALL})")  # fmt: skip
    from PIL import Image

    out = []
    with tempfile.TemporaryDirectory(prefix="casefile-ocr-") as tmp:
        pdf = Path(tmp) / "in.pdf"
        pdf.write_bytes(data)
        for number, width_pt, height_pt in pages:
            dpi = _pdf_dpi(width_pt, height_pt)
            root = Path(tmp) / f"page{number}"
            _run(["pdftoppm", "-f", str(number), "-l", str(number), "-r", str(dpi), "-gray",
                  "-png", "-singlefile", str(pdf), str(root)], name, number, "rasterising")
            try:
                with Image.open(root.with_suffix(".png")) as raster:
                    _check_pixels(name, number, *raster.size)
                    gray = raster.convert("L")
            except SourceError:
                raise
            except Exception:
                raise fail(name, f"page {number} could not be rasterised") from None
            out.append(_recognise(gray, number, dpi, name))
    return out


def _pdf_dpi(width_pt: float, height_pt: float) -> int:
    """DPI, or less for a page so large that DPI would exceed MAX_PIXELS."""
    area = abs(width_pt * height_pt) / (72 * 72)  # square inches
    if not math.isfinite(area) or area <= 0:
        return DPI
    return max(1, min(DPI, int(math.sqrt(MAX_PIXELS / area))))


# -- recognising one page -------------------------------------------------------------


def _recognise(gray: Image, number: int, dpi: int | None, name: str) -> RecognisedPage:
    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="casefile-ocr-") as tmp:
        path = Path(tmp) / "page.png"
        gray.save(path, "PNG")

        def read(languages: str) -> list[Word]:
            command = ["tesseract", str(path), "stdout", "-l", languages, "--psm", "3"]
            if dpi:
                command += ["--dpi", str(dpi)]
            return parse_tsv(_run([*command, "tsv"], name, number, "OCR"))

        languages = LANGUAGES
        words = read(languages)
        if words and cyrillic_share(words) < CYRILLIC_SHARE_FOR_ENGLISH:
            languages = ENGLISH
            words = read(languages)
    kept = gray.copy()
    kept.thumbnail((KEPT_LONG_SIDE, KEPT_LONG_SIDE), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    kept.save(buffer, "PNG", optimize=True)
    confidence = sum(w.confidence for w in words) / len(words) if words else None
    return RecognisedPage(number, layout(words), confidence, len(words), buffer.getvalue(),
                          kept.width, kept.height, languages)  # fmt: skip


def cyrillic_share(words: Sequence[Word]) -> float:
    """The share of Cyrillic letters among the words' letters (0 when there are none)."""
    letters = [c for w in words for c in w.text if c.isalpha()]
    cyrillic = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
    return cyrillic / len(letters) if letters else 0.0


def _run(command: list[str], name: str, page: int, what: str) -> str:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, env=env,
                              check=False)  # fmt: skip
    except FileNotFoundError:
        raise OcrUnavailable(f"{display_name(name)}: {command[0]} is not installed"
                             f" ({_INSTALL})") from None  # fmt: skip
    except subprocess.TimeoutExpired:
        raise fail(name, f"{what} of page {page} took longer than {TIMEOUT_SECONDS} s") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = display_name(said[-1][:200]) if said else f"exit status {done.returncode}"
        raise fail(name, f"{what} of page {page} failed ({reason})")
    return done.stdout.decode("utf-8", "replace")


# -- from Tesseract's words to text ---------------------------------------------------------


@dataclass(frozen=True)
class Word:
    text: str
    confidence: float
    block: int
    paragraph: int
    line: int
    left: int
    right: int


def parse_tsv(tsv: str) -> list[Word]:
    """The words of Tesseract's TSV output (level 5 rows with text), in reading order."""
    words = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        try:
            block, paragraph, line, left, width = (int(cols[i]) for i in (2, 3, 4, 6, 8))
            confidence = max(0.0, min(100.0, float(cols[10])))
        except ValueError:
            continue
        words.append(Word(cols[11].strip(), confidence, block, paragraph, line, left,
                          left + width))  # fmt: skip
    return words


def layout(words: Sequence[Word]) -> str:
    """Paragraphs separated by a blank line, wrapped lines joined (module docstring)."""
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        lines.setdefault((word.block, word.paragraph, word.line), []).append(word)
    paragraphs: dict[tuple[int, int], list[list[Word]]] = {}
    for (block, paragraph, _), line_words in lines.items():
        paragraphs.setdefault((block, paragraph), []).append(line_words)
    text, last_full = "", False
    for paragraph_lines in paragraphs.values():
        left = min(w.left for line in paragraph_lines for w in line)
        right = max(w.right for line in paragraph_lines for w in line)
        margin = right - 0.15 * (right - left)
        body, full = "", False
        for i, line in enumerate(paragraph_lines):
            piece = " ".join(w.text for w in line)
            body = piece if i == 0 else _join(body, piece, full)
            full = line[-1].right >= margin
        if not text:
            text = body
        elif last_full and not text.endswith((".", "!", "?", ":", ";")) and body[:1].islower():
            text = _join(text, body, True)  # a sentence Tesseract cut into two paragraphs
        else:
            text += "\n\n" + body
        last_full = full
    return text


def _join(before: str, after: str, wrapped: bool) -> str:
    if not wrapped:
        return before + "\n" + after
    if len(before) > 1 and before.endswith("-") and before[-2].isalpha() and after[:1].islower():
        return before[:-1] + after
    return before + " " + after


# -- the document's text with its pages -----------------------------------------------------


def join_pages(pieces: Sequence[str | RecognisedPage]) -> tuple[str, tuple[PageImage, ...]]:
    """The document's text from its pages in order (a text layer's text, or a page
    recognised), separated by a blank line, and the recognised pages with their place
    in it. Each piece is normalised first, so the offsets hold for the text stored."""
    text = ""
    images: list[PageImage] = []
    for piece in pieces:
        raw = piece.text if isinstance(piece, RecognisedPage) else piece
        part = normalise(raw).strip("\n")
        start = len(text) + (2 if text and part.strip() else 0)
        if part.strip():
            text = f"{text}\n\n{part}" if text else part
        if isinstance(piece, RecognisedPage):
            end = len(text) if part.strip() else start
            images.append(PageImage(piece.page, piece.png, piece.width, piece.height,
                                    piece.confidence, piece.words, min(start, end), end,
                                    f"{engine()} {piece.languages}"))  # fmt: skip
    return text, tuple(images)
