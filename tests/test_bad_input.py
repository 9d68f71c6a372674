"""Bad input at the command line: one line on stderr, no traceback, a non-zero exit, and
the existing database left exactly as it was."""

from __future__ import annotations

import io
import json
import os
import random
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

GOOD_TEXT = (
    "On 12 March 2024, journalist Arlen Tovas was sentenced to six years in prison "
    "by a court in Velsk.\n"
)
EXTRA_TEXT = "On 5 April 2024, police arrested lawyer Daniel Ostrov in Velsk.\n"


def dump(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def assert_one_line_error(result) -> str:
    assert result.code != 0
    assert "Traceback" not in result.err
    lines = result.err.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got {lines!r}"
    assert lines[0].startswith("error: ")
    return lines[0]


@pytest.fixture
def seeded(casefile_main, tmp_path, db_path) -> list[str]:
    """A store holding one good document; returns its dump."""
    good = tmp_path / "good.txt"
    good.write_text(GOOD_TEXT, encoding="utf-8")
    result = casefile_main("ingest", str(good), "--published", "2024-06-01")
    assert result.code == 0, result.err
    snapshot = dump(db_path)
    assert any("Arlen Tovas" in line for line in snapshot)
    return snapshot


# Each case writes its bad input under tmp_path and returns (args, stdin, expected words).
Case = Callable[[Path], tuple[list[str], bytes | None, str]]


def _file(name: str, data: bytes, expect: str) -> Case:
    def make(tmp: Path) -> tuple[list[str], bytes | None, str]:
        path = tmp / name
        path.write_bytes(data)
        return ["ingest", str(path)], None, expect

    return make


def _junk(n: int, low: int = 0, high: int = 256, seed: int = 1) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(low, high) for _ in range(n))


def _huge(tmp: Path) -> tuple[list[str], bytes | None, str]:
    path = tmp / "huge.txt"
    with path.open("wb") as f:  # sparse: fast to make, 50 MB to stat
        f.write(b"Arlen Tovas was arrested. " * 100)
        f.truncate(50 * 1024 * 1024)
    return ["ingest", str(path)], None, "too large"


def _missing(tmp: Path) -> tuple[list[str], bytes | None, str]:
    return ["ingest", str(tmp / "no-such-statement.txt")], None, "no such file"


def _under_a_file(tmp: Path) -> tuple[list[str], bytes | None, str]:
    # A file used as if it were a directory.
    return ["ingest", str(tmp / "good.txt" / "inner.txt")], None, "no such file"


def _folder_to_extract(tmp: Path) -> tuple[list[str], bytes | None, str]:
    (tmp / "folder.txt").mkdir()
    return ["extract", str(tmp / "folder.txt")], None, "folder"


def _empty_folder(tmp: Path) -> tuple[list[str], bytes | None, str]:
    (tmp / "empty-folder").mkdir()
    return ["ingest", str(tmp / "empty-folder")], None, "nothing to ingest"


def _zip_not_docx(tmp: Path) -> tuple[list[str], bytes | None, str]:
    path = tmp / "archive.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("notes.txt", "Arlen Tovas was arrested.")
    return ["ingest", str(path)], None, ".docx"


def _blank_pdf(tmp: Path) -> tuple[list[str], bytes | None, str]:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    path = tmp / "scan.pdf"
    path.write_bytes(out.getvalue())
    return ["ingest", str(path)], None, "no extractable text"


def _stdin(data: bytes, expect: str) -> Case:
    def make(tmp: Path) -> tuple[list[str], bytes | None, str]:
        return ["ingest", "-", "--language", "en"], data, expect

    return make


CASES: dict[str, Case] = {
    "empty": _file("empty.txt", b"", "empty"),
    "whitespace": _file("blank.txt", b"  \n\t\n   \r\n", "empty"),
    "binary-junk": _file("junk.txt", _junk(4096), "binary"),
    "utf16-no-bom": _file(
        "utf16.txt", "Arlen Tovas was arrested on 3 May 2024.".encode("utf-16-le"), "UTF-16"
    ),
    "random-high-bytes": _file("high.txt", _junk(2000, 0x80, 0x100, seed=7), "UTF-8"),
    "huge": _huge,
    "missing": _missing,
    "path-under-a-file": _under_a_file,
    "folder-as-file": _folder_to_extract,
    "empty-folder": _empty_folder,
    "unknown-format": _file("statement.xyz", GOOD_TEXT.encode(), ".xyz"),
    "corrupt-pdf": _file("broken.pdf", b"%PDF-1.7\n" + _junk(3000, seed=3), "PDF"),
    "corrupt-docx": _file("broken.docx", b"PK\x03\x04" + _junk(3000, seed=4), ".docx"),
    "zip-not-docx": _zip_not_docx,
    "pdf-without-text": _blank_pdf,
    "stdin-empty": _stdin(b"", "<stdin>"),
    "stdin-junk": _stdin(_junk(4096, seed=5), "<stdin>"),
    "stdin-huge": _stdin(b"a " * (6 * 1024 * 1024), "too large"),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_bad_input_is_one_line_and_leaves_the_store_alone(
    case, casefile_main, seeded, tmp_path, db_path
):
    args, stdin, expect = case(tmp_path)
    result = casefile_main(*args, stdin=stdin)
    line = assert_one_line_error(result)
    assert expect in line
    assert result.out == ""
    assert dump(db_path) == seeded


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(casefile_main, seeded, tmp_path, db_path):
    path = tmp_path / "locked.txt"
    path.write_text(GOOD_TEXT, encoding="utf-8")
    path.chmod(0)
    try:
        result = casefile_main("ingest", str(path))
    finally:
        path.chmod(0o600)
    assert "permission denied" in assert_one_line_error(result)
    assert dump(db_path) == seeded


def test_bad_input_through_the_console_script(casefile_script, seeded, tmp_path, db_path):
    junk = tmp_path / "junk.txt"
    junk.write_bytes(_junk(4096))
    result = casefile_script("ingest", str(junk))
    assert result.code == 1
    assert "junk.txt" in assert_one_line_error(result)
    assert result.out == ""
    assert dump(db_path) == seeded


def _mixed_folder(tmp: Path) -> Path:
    folder = tmp / "mixed"
    folder.mkdir()
    (folder / "a-good.txt").write_text(EXTRA_TEXT, encoding="utf-8")
    (folder / "b-broken.pdf").write_bytes(b"%PDF-1.4\n" + _junk(500, seed=9))
    return folder


def test_folder_with_good_and_bad_file(casefile_main, seeded, tmp_path, db_path):
    result = casefile_main("ingest", str(_mixed_folder(tmp_path)))
    assert result.code == 1
    assert "b-broken.pdf" in assert_one_line_error(result)
    stored, summary, failed = result.out.splitlines()
    assert "a-good.txt: stored" in stored
    assert summary.startswith("summary: 1 stored") and "b-broken.pdf" in failed

    exported = casefile_main("export", "--format", "json")
    data = json.loads(exported.out)
    assert sorted(Path(d["source_name"]).name for d in data["documents"]) == [
        "a-good.txt",
        "good.txt",
    ]
    assert "Daniel Ostrov" in {e["participant"] for e in data["events"]}


def test_folder_with_good_and_bad_file_through_the_console_script(
    casefile_script, tmp_path, db_path
):
    result = casefile_script("ingest", str(_mixed_folder(tmp_path)))
    assert result.code == 1
    assert "b-broken.pdf" in assert_one_line_error(result)
    assert "a-good.txt: stored" in result.out
    conn = sqlite3.connect(db_path)
    try:
        (count,) = conn.execute("SELECT count(*) FROM documents").fetchone()
    finally:
        conn.close()
    assert count == 1
