"""A DOCX is a ZIP archive from a stranger: refused before it expands beyond 200 MB.

The bombs are built here, streamed through zipfile so that building one costs little
memory: zeros compress two-hundredfold at the fastest level, so 1 GiB fits in 5 MiB.
Each test checks the refusal and the bytes actually decompressed (`ExpansionBudget.expanded`,
counted on every chunk read), not a time.
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import docx
import pytest
from fastapi.testclient import TestClient

import web_support
from casefile.sources import SourceError, read_bytes
from casefile.sources.archive import MAX_EXPANDED_BYTES, ExpansionBudget, read_members
from casefile.sources.docx import extract_docx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
client, seeded = web_support.client, web_support.seeded  # fixtures
MIB = 1024 * 1024
_ZEROS = bytes(MIB)


def small_docx(text: str = "The tribunal heard the invented case of Ilya Quorn.") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def with_padding(base: bytes, padding_mib: int, name: str = "word/media/padding.bin") -> bytes:
    """`base` plus one member of `padding_mib` MiB of zeros, written chunk by chunk."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(
        out, "w", zipfile.ZIP_DEFLATED, compresslevel=1
    ) as bomb:
        for info in source.infolist():
            bomb.writestr(info, source.read(info))
        with bomb.open(name, "w", force_zip64=False) as member:
            for _ in range(padding_mib):
                member.write(_ZEROS)
    return out.getvalue()


def declare_size(archive: bytes, member: str, size: int) -> bytes:
    """The archive with `member`'s uncompressed size rewritten to `size` in both its
    local header and the central directory: headers that lie about the data."""
    data = bytearray(archive)
    encoded = member.encode()
    for signature, size_at, name_len_at, name_at in (
        (b"PK\x03\x04", 22, 26, 30),  # local file header
        (b"PK\x01\x02", 24, 28, 46),  # central directory entry
    ):
        start = 0
        while (at := data.find(signature, start)) != -1:
            name_len = struct.unpack_from("<H", data, at + name_len_at)[0]
            if bytes(data[at + name_at : at + name_at + name_len]) == encoded:
                struct.pack_into("<I", data, at + size_at, size)
                break
            start = at + 4
        else:
            raise AssertionError(f"{member} has no {signature!r} header")
    return bytes(data)


@pytest.fixture(scope="module")
def gigabyte_bomb() -> bytes:
    bomb = with_padding(small_docx(), 1024)
    assert len(bomb) < 10 * MIB  # under the upload limit: only the expansion is refused
    return bomb


def test_a_docx_expanding_to_a_gigabyte_is_refused_before_any_of_it_is_expanded(
    gigabyte_bomb: bytes,
) -> None:
    budget = ExpansionBudget()
    with pytest.raises(SourceError) as refused:
        extract_docx(gigabyte_bomb, "bomb.docx", budget)
    assert str(refused.value) == "bomb.docx: the DOCX expands beyond 200 MB: refused"
    # The declared sizes gave it away: nothing was decompressed at all.
    assert budget.expanded == 0


def test_a_docx_whose_headers_understate_its_size_expands_no_further_than_declared() -> None:
    honest = with_padding(small_docx(), 300)
    liar = declare_size(honest, "word/media/padding.bin", 1024)
    budget = ExpansionBudget()
    with pytest.raises(SourceError) as refused:
        extract_docx(liar, "liar.docx", budget)
    assert "liar.docx: not a readable .docx document" in str(refused.value)
    # 300 MiB of zeros behind a header saying 1 KiB: at most the declared sizes (the
    # document's own parts, and that kibibyte) came out before the CRC check refused it.
    with zipfile.ZipFile(io.BytesIO(honest)) as archive:
        parts = sum(i.file_size for i in archive.infolist()) - 300 * MIB
    assert budget.expanded <= parts + 1024


def test_the_budget_stops_the_decompressor_when_sizes_are_declared_honestly_but_large() -> None:
    bomb = with_padding(small_docx(), 8)
    tight = ExpansionBudget(max_expanded=4 * MIB)
    with pytest.raises(SourceError, match="expands beyond 4 MB: refused"):
        read_members(bomb, "eight.docx", "DOCX", tight)
    assert tight.expanded == 0


def test_the_budget_counts_every_chunk_and_refuses_mid_stream() -> None:
    """The running count, for an archive whose declared total passes: the budget is what
    stops it once the decompressor has given more than allowed."""
    bomb = with_padding(small_docx(), 8)
    budget = ExpansionBudget(max_expanded=9 * MIB)  # the declared total fits
    members = read_members(bomb, "eight.docx", "DOCX", budget)
    assert len(members["word/media/padding.bin"]) == 8 * MIB
    assert budget.expanded == sum(len(m) for m in members.values())

    stingy = ExpansionBudget(max_expanded=9 * MIB)
    stingy.expanded = 2 * MIB  # as if other archives of the same upload had used some
    with pytest.raises(SourceError, match="expands beyond 9 MB"):
        read_members(bomb, "eight.docx", "DOCX", stingy)
    assert 9 * MIB < stingy.expanded <= 9 * MIB + 64 * 1024


def test_too_many_entries_are_refused_before_reading_any() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for i in range(120):
            archive.writestr(f"word/part{i}.xml", b"")
    budget = ExpansionBudget(max_entries=100)
    with pytest.raises(SourceError, match="more than 100 entries: refused"):
        read_members(out.getvalue(), "many.docx", "DOCX", budget)
    assert budget.expanded == 0


def test_bzip2_members_are_refused_their_output_cannot_be_bounded() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_BZIP2) as archive:
        archive.writestr("word/document.xml", b"<w:document/>")
    with pytest.raises(SourceError, match="unsupported compression method"):
        read_members(out.getvalue(), "b.docx", "DOCX")


def test_an_ordinary_docx_still_reads_and_its_expansion_is_counted() -> None:
    budget = ExpansionBudget()
    text = extract_docx(small_docx("Invented words of a witness."), "fine.docx", budget)[0]
    assert text == "Invented words of a witness."
    assert 0 < budget.expanded < MAX_EXPANDED_BYTES


def test_read_bytes_refuses_the_bomb_in_one_line(gigabyte_bomb: bytes) -> None:
    with pytest.raises(SourceError) as refused:
        read_bytes(gigabyte_bomb, "upload.docx", DOCX)
    assert "\n" not in str(refused.value)
    assert "expands beyond 200 MB" in str(refused.value)


def test_the_cli_refuses_the_bomb_with_one_line_and_exit_1(
    gigabyte_bomb: bytes, tmp_path: Path, casefile_script
) -> None:
    path = tmp_path / "bomb.docx"
    path.write_bytes(gigabyte_bomb)
    result = casefile_script("ingest", str(path))
    assert result.code == 1
    assert result.err.strip().splitlines() == [
        f"error: {path}: the DOCX expands beyond 200 MB: refused"
    ]


def test_the_web_refuses_an_uploaded_bomb_with_400(
    gigabyte_bomb: bytes, client: TestClient
) -> None:
    answer = client.post(
        "/api/documents/upload", files={"file": ("bomb.docx", gigabyte_bomb, DOCX)}
    )
    assert answer.status_code == 400
    assert "expands beyond 200 MB: refused" in answer.json()["error"]["message"]
    assert client.get("/api/documents").json()["total"] == 2  # the two seeded ones



# --- PDF: page content streams, counted against the same budget ---------------------


def pdf_with_pages(contents: list[bytes]) -> bytes:
    """A PDF whose pages' content streams are `contents`, deflated, offsets exact."""
    import zlib

    count = len(contents)
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, content in enumerate(contents):
        packed = zlib.compress(content, 9)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i)
        )
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed)
                       + packed + b"\nendstream")  # fmt: skip
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


TEXT_PAGE = b"BT /F1 12 Tf 72 720 Td (Invented minutes of the hearing.) Tj ET"
# Spaces: a content stream of nothing, which pypdf would otherwise read at length.
PADDED_PAGE = TEXT_PAGE + b" " * (50 * MIB)


def test_a_pdf_whose_pages_expand_beyond_200_mb_is_refused_before_its_text_is_read() -> None:
    bomb = pdf_with_pages([TEXT_PAGE] + [PADDED_PAGE] * 5)
    assert len(bomb) < 10 * MIB
    budget = ExpansionBudget()
    from casefile.sources.pdf import extract_pdf

    with pytest.raises(SourceError) as refused:
        extract_pdf(bomb, "bomb.pdf", budget)
    assert str(refused.value) == "bomb.pdf: the PDF expands beyond 200 MB: refused"
    # Counted page by page: past the limit by at most the one page that crossed it.
    assert MAX_EXPANDED_BYTES < budget.expanded <= MAX_EXPANDED_BYTES + len(PADDED_PAGE)


def test_an_ordinary_pdf_is_counted_and_read() -> None:
    from casefile.sources.pdf import extract_pdf

    budget = ExpansionBudget()
    text = extract_pdf(pdf_with_pages([TEXT_PAGE, TEXT_PAGE]), "fine.pdf", budget)[0]
    assert text.count("Invented minutes of the hearing.") == 2
    assert budget.expanded == 2 * len(TEXT_PAGE)
