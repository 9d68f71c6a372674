"""Scanned documents made in the test: invented statements drawn with Pillow onto a page
image, saved as PNG or as an image-only PDF (no text layer), for OCR to read.

OCR needs Debian's tesseract-ocr (with its English and Russian data) and poppler-utils,
which `make test` installs where it can. Without them these tests skip and say why,
unless CASEFILE_REQUIRE_OCR=1 (set by .ci/run), where a missing OCR is a failure.
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

# Invented: the town, the council, the journalist, the events.
EN_HEADING = "Statement of the Dravask Press Council"
EN_STATEMENT = (
    "On 14 February 2025, officers of the state security service in Dravask arrested the"
    " journalist Elmar Vostrikan at his home. He is accused of spreading false information"
    " about the army. His colleagues say the case is retaliation for his reporting."
)
EN_SECOND_PAGE = (
    "The council calls for the immediate release of Elmar Vostrikan and for an end to the"
    " prosecution of reporters in Dravask."
)
RU_HEADING = "Заявление Совета по делам прессы Дравска"
RU_STATEMENT = (
    "14 февраля 2025 года сотрудники полиции в Дравске задержали журналиста Эльмара"
    " Вострикана у него дома. Его обвиняют в распространении заведомо ложной информации"
    " об армии."
)

_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
)


def require_ocr() -> None:
    """Skip, or fail where OCR must run (CI), when Tesseract, its data, pdftoppm, Pillow
    or a font with Cyrillic letters to draw the statements is missing."""
    from casefile.sources.ocr import missing_ocr

    reason = missing_ocr()
    if reason is None and font_path() is None:
        reason = f"no font to draw test pages with (one of {', '.join(_FONTS)})"
    if reason is None:
        try:
            import PIL  # noqa: F401
        except ImportError:
            reason = "Pillow is not installed"
    if reason is None and not _has("pdftoppm"):
        reason = "pdftoppm (poppler-utils) is not installed"
    if reason is None:
        return
    if os.environ.get("CASEFILE_REQUIRE_OCR") == "1":
        pytest.fail(f"OCR tests required (CASEFILE_REQUIRE_OCR=1) but {reason}")
    pytest.skip(f"OCR tests skipped: {reason}")


def _has(program: str) -> bool:
    return shutil.which(program) is not None


def font_path() -> str | None:
    return next((f for f in _FONTS if Path(f).exists()), None)


def page_image(heading: str, body: str, *, noise: float = 0.0, blur: float = 0.0) -> Any:
    """An A4-wide page at 300 dpi: a heading, a blank, the body hard-wrapped; `noise`
    flips that share of pixels (seeded: the same page every run), `blur` smears it."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    font = ImageFont.truetype(font_path() or "", 42)
    image = Image.new("L", (2480, 1400), 255)
    draw = ImageDraw.Draw(image)
    draw.text((200, 200), heading, font=font, fill=0)
    for i, line in enumerate(textwrap.wrap(body, 78)):
        draw.text((200, 360 + 64 * i), line, font=font, fill=0)
    if noise:
        rng = random.Random(11)
        pixels = image.load()
        for _ in range(int(image.width * image.height * noise)):
            x, y = rng.randrange(image.width), rng.randrange(image.height)
            pixels[x, y] = 0 if pixels[x, y] > 128 else 255
    if blur:
        image = image.filter(ImageFilter.GaussianBlur(blur))
    return image


def png_bytes(image: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(300, 300))
    return out.getvalue()


def scanned_pdf(*pages: Any) -> bytes:
    """An image-only PDF (Pillow writes each page as one image, no text layer)."""
    out = io.BytesIO()
    first, *rest = [p.convert("RGB") for p in pages]
    first.save(out, "PDF", save_all=True, append_images=rest, resolution=300.0)
    return out.getvalue()


# --- the console script over a folder of scans, once per test module ---------------------


@dataclass(frozen=True)
class Ingested:
    db_path: Path
    folder: Path
    code: int
    out: str
    err: str
    sha256: dict[str, str]  # file name -> document id


def console_script() -> str:
    found = shutil.which("casefile") or str(Path(sys.executable).parent / "casefile")
    assert Path(found).exists(), "the casefile console script is not installed"
    return found


def run_script(
    db_path: Path, *args: str, path_env: str | None = None
) -> subprocess.CompletedProcess[str]:
    """`casefile --db DB ARGS` as a subprocess; `path_env`: its PATH (to hide programs)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEFILE_")}
    if path_env is not None:
        env["PATH"] = path_env
    return subprocess.run([console_script(), "--db", str(db_path), *args], capture_output=True,
                          text=True, env=env, timeout=600, check=False)  # fmt: skip


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Ingested:
    """The four scans below ingested as one folder by the real console script."""
    require_ocr()
    root = tmp_path_factory.mktemp("scans")
    folder = root / "scans"
    folder.mkdir()
    files = {
        "statement.pdf": scanned_pdf(page_image(EN_HEADING, EN_STATEMENT),
                                     page_image("", EN_SECOND_PAGE)),
        "statement.png": png_bytes(page_image(EN_HEADING, EN_STATEMENT, noise=0.002)),
        "заявление.png": png_bytes(page_image(RU_HEADING, RU_STATEMENT)),
        # smudged until Tesseract is unsure of its words (about 46 of 100)
        "smudged.png": png_bytes(page_image(EN_HEADING, EN_STATEMENT, noise=0.2, blur=2.5)),
    }  # fmt: skip
    for name, data in files.items():
        (folder / name).write_bytes(data)
    db_path = root / "cases.db"
    done = run_script(db_path, "ingest", str(folder))
    return Ingested(db_path, folder, done.returncode, done.stdout, done.stderr,
                    {n: hashlib.sha256(d).hexdigest() for n, d in files.items()})  # fmt: skip
