"""casefile.sources: every format read, every bad input refused with one line naming the file."""

from __future__ import annotations

import hashlib
import io
import sys
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
import trafilatura

from casefile.sources import (
    MAX_BYTES,
    SourceError,
    detect_language,
    iter_source_paths,
    read_bytes,
    read_path,
    read_stdin,
)
from casefile.sources import reader as reader_module

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

ARTICLE_PARAGRAPHS = [
    "On 12 March 2023 the regional court sentenced the journalist Pavel Ugrov to six years "
    "in a penal colony. The hearing was closed to the public and to his relatives.",
    "Ugrov had been detained in November 2022 after publishing an investigation into local "
    "procurement. Prosecutors accused him of spreading false information.",
    "His lawyer said the defence would appeal the verdict and that Ugrov had been denied "
    "medical care in pre-trial detention for several months.",
]

NEWS_PAGE = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Verdict in the Ugrov case</title></head>
<body>
<header><nav><ul>
  <li><a href="/">Homepage</a></li><li><a href="/donate">Donate today</a></li>
  <li><a href="/subscribe">Subscribe newsletter</a></li>
</ul></nav></header>
<nav class="menu"><a href="/archive">Archive</a> <a href="/campaigns">Campaigns</a></nav>
<main><article>
  <h1>Verdict in the Ugrov case</h1>
  {"".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS)}
</article></main>
<footer><p>Copyright Rightswatch 2024. Privacy policy. Cookie settings.</p></footer>
</body></html>"""

RUSSIAN = (
    "Суд приговорил журналиста к шести годам колонии общего режима. Заседание было закрытым, "
    "родственников в зал не пустили. Адвокат заявил, что защита обжалует приговор."
)
ENGLISH = (
    "The court sentenced the journalist to six years in a penal colony. The hearing was closed, "
    "and his relatives were not allowed into the courtroom. His lawyer will appeal."
)


def make_pdf(lines: list[str], title: str | None = None) -> bytes:
    """A one-page PDF with a Helvetica text object, xref offsets computed exactly."""

    def literal(s: str) -> bytes:
        raw = s.encode("latin-1")
        return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"

    content = b"BT /F1 12 Tf 72 720 Td 14 TL " + b" ".join(literal(x) + b" '" for x in lines)
    content += b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    if title is not None:
        objects.append(b"<< /Title " + literal(title) + b" >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    info = b" /Info %d 0 R" % len(objects) if title is not None else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\n" % (len(objects) + 1, info)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def make_docx(paragraphs: list[str], title: str | None = None, table: bool = False) -> bytes:
    document = docx.Document()
    if title is not None:
        document.core_properties.title = title
    for text in paragraphs:
        document.add_paragraph(text)
        document.add_paragraph("")  # empty paragraphs must not become extra blank lines
    if table:
        grid = document.add_table(rows=2, cols=2)
        grid.cell(0, 0).text, grid.cell(0, 1).text = "Name", "Detained"
        grid.cell(1, 0).text, grid.cell(1, 1).text = "Ugrov", "2022-11-03"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def refusal(call: object, *args: object, **kwargs: object) -> str:
    """Run call, demand a SourceError, return its message after checking it is one line."""
    assert callable(call)
    with pytest.raises(SourceError) as info:
        call(*args, **kwargs)
    message = str(info.value)
    assert "\n" not in message and "\r" not in message
    return message


# --- formats ---------------------------------------------------------------------------


def test_plain_text_is_read_with_identity_of_the_original_bytes(tmp_path: Path) -> None:
    data = b"First line.\r\nSecond line.\rThird line.\n"
    path = write(tmp_path, "note.txt", data)
    result = read_path(path)
    assert result.text == "First line.\nSecond line.\nThird line.\n"
    assert result.original == data
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    assert result.source_name == str(path)
    assert result.media_type == "text/plain"
    assert result.title is None


def test_text_is_nfc_normalised_but_original_is_kept(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Café Ñandú")
    data = decomposed.encode()
    result = read_path(write(tmp_path, "nfd.txt", data))
    assert result.text == unicodedata.normalize("NFC", decomposed)
    assert result.text != decomposed
    assert result.original == data


def test_identical_bytes_give_identical_sha_whatever_the_name(tmp_path: Path) -> None:
    a = read_path(write(tmp_path, "a.txt", b"same words"))
    b = read_path(write(tmp_path, "sub/b.txt", b"same words"))
    c = read_path(write(tmp_path, "c.txt", b"same words."))
    assert a.sha256 == b.sha256
    assert a.sha256 != c.sha256


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Привет, мир".encode("utf-8-sig"), "Привет, мир"),
        ("Привет, мир".encode("utf-16"), "Привет, мир"),
        (RUSSIAN.encode("cp1251"), RUSSIAN),
        ("Ўладзімір і Ґанна: суд у Гомелі".encode("cp1251"), "Ўладзімір і Ґанна: суд у Гомелі"),
        ("Le café était fermé — «Größe»".encode("cp1252"), "Le café était fermé — «Größe»"),
        ("Fee: £5, “paid”…".encode("cp1252"), "Fee: £5, “paid”…"),
    ],
    ids=["utf8-bom", "utf16-bom", "cp1251-ru", "cp1251-be", "cp1252-fr", "cp1252-punct"],
)
def test_decoding_policy_reads_common_encodings(tmp_path: Path, data: bytes, expected: str) -> None:
    assert read_path(write(tmp_path, "x.txt", data)).text == expected


def test_markdown_title_is_the_first_h1_outside_code(tmp_path: Path) -> None:
    source = "```sh\n# not a title\n```\n\n## Sub\n\n# Case of Ugrov #\n\nBody.\n"
    result = read_path(write(tmp_path, "case.md", source.encode()))
    assert result.media_type == "text/markdown"
    assert result.title == "Case of Ugrov"
    assert result.text == source
    assert read_path(write(tmp_path, "none.md", b"No heading here.\n")).title is None


def test_html_keeps_the_article_and_drops_navigation(tmp_path: Path) -> None:
    result = read_path(write(tmp_path, "page.html", NEWS_PAGE.encode()))
    assert result.media_type == "text/html"
    assert result.title == "Verdict in the Ugrov case"
    for paragraph in ARTICLE_PARAGRAPHS:
        assert paragraph in result.text
    for menu_word in ("Homepage", "Donate", "Subscribe", "Archive", "Campaigns", "Cookie"):
        assert menu_word not in result.text


def test_html_meta_charset_is_honoured(tmp_path: Path) -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
        f"<title>Приговор</title></head><body><p>{RUSSIAN}</p></body></html>"
    )
    result = read_path(write(tmp_path, "ru.htm", page.encode("cp1251")))
    assert RUSSIAN in result.text
    assert result.title == "Приговор"


def test_html_falls_back_to_a_plain_dump(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: None)
    page = b"<html><head><title>T</title><script>var secret = 1;</script></head>"
    page += b"<body><p>Only paragraph.</p><div>Another block.</div></body></html>"
    result = read_path(write(tmp_path, "f.html", page))
    assert result.text == "Only paragraph.\nAnother block."
    assert result.title == "T"


def test_pdf_text_and_title_are_read(tmp_path: Path) -> None:
    data = make_pdf(["Detained on 3 November (Monday).", "Second line."], title="Case file")
    result = read_path(write(tmp_path, "R.PDF", data))  # suffixes are case-insensitive
    assert result.media_type == "application/pdf"
    assert "Detained on 3 November (Monday)." in result.text
    assert "Second line." in result.text
    assert result.title == "Case file"
    assert result.sha256 == hashlib.sha256(data).hexdigest()


def test_docx_paragraphs_are_joined_by_blank_lines(tmp_path: Path) -> None:
    data = make_docx(["First paragraph.", "Second paragraph."], title="Note", table=True)
    result = read_path(write(tmp_path, "n.docx", data))
    assert result.media_type == DOCX
    table = "Name\tDetained\nUgrov\t2022-11-03"
    assert result.text == f"First paragraph.\n\nSecond paragraph.\n\n{table}"
    assert result.title == "Note"


@pytest.mark.parametrize(
    ("data", "media_type"),
    [
        (make_pdf(["Sniffed PDF text."]), "application/pdf"),
        (make_docx(["Sniffed docx text."]), DOCX),
        (NEWS_PAGE.encode(), "text/html"),
        (b"\xef\xbb\xbf  <html><body><p>Sniffed HTML text.</p></body></html>", "text/html"),
        (b"Just <b>some</b> text with a tag in it.", "text/plain"),
    ],
)
def test_read_bytes_sniffs_the_format(data: bytes, media_type: str) -> None:
    assert read_bytes(data, "blob").media_type == media_type


def test_read_stdin_reads_the_byte_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(NEWS_PAGE.encode())))
    result = read_stdin()
    assert result.source_name == "<stdin>"
    assert result.media_type == "text/html"
    assert ARTICLE_PARAGRAPHS[0] in result.text


def test_read_stdin_refuses_oversized_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 101)))
    assert refusal(read_stdin, max_bytes=100).startswith("<stdin>: too large")


# --- folders ---------------------------------------------------------------------------


def test_folders_are_walked_recursively_sorted_skipping_hidden(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    for name in [
        "b.txt",
        "a/z.md",
        "a/b/deep.pdf",
        "a-c.html",
        "C.docx",
        ".hidden.txt",
        ".git/config.txt",
        "a/.cache/x.txt",
        "a/~$lock.docx",
        "image.gif",
        "notes",
    ]:
        write(root, name, b"x")
    lone = write(tmp_path, ".explicit.xyz", b"x")
    found = list(iter_source_paths([root, lone]))
    relative = [p.relative_to(root).as_posix() for p in found[:-1]]
    assert relative == ["C.docx", "a/b/deep.pdf", "a/z.md", "a-c.html", "b.txt"]
    assert found[-1] == lone  # named explicitly: yielded even though hidden and unknown


# --- bad input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\t\r\n ", "empty"),
        ("blank.md", "\u00a0\u2003\n".encode(), "empty"),
        ("blank.html", b"<html><body>  </body></html>", "empty"),
        ("nul.txt", b"text\x00with\x00nul" * 10, "binary"),
        ("controls.txt", bytes(range(1, 9)) * 20 + b"some words", "binary"),
        ("utf16.txt", "Plain words in UTF-16".encode("utf-16-le"), "UTF-16"),
        ("bad.txt", b"Report: " + bytes(range(0x80, 0xC0)), "not valid UTF-8"),
        ("koi8.txt", RUSSIAN.encode("koi8-r"), "not valid UTF-8"),
        ("badbom.txt", b"\xff\xfe\x00", "byte-order mark"),
        ("broken.pdf", b"%PDF-1.4\nthis is not really a pdf", "not a readable PDF"),
        ("half.pdf", make_pdf(["Cut short."])[:200], "not a readable PDF"),
        ("scan.pdf", make_pdf([]), "no extractable text"),
        ("broken.docx", b"PK\x03\x04 not a zip at all", "not a readable .docx"),
        ("empty.docx", b"", "empty"),
        ("notext.docx", make_docx([]), "no text"),
    ],
)
def test_bad_content_is_refused_naming_the_file(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    path = write(tmp_path, name, data)
    message = refusal(read_path, path)
    assert message.startswith(f"{path}: ")
    assert reason in message


def test_a_zip_that_is_not_a_word_document_is_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<x/>")
    message = refusal(read_path, write(tmp_path, "sheet.docx", buffer.getvalue()))
    assert "sheet.docx: not a readable .docx" in message


@pytest.mark.parametrize("media_type", ["application/pdf", DOCX])
def test_truncated_documents_never_leak_library_exceptions(media_type: str) -> None:
    whole = make_pdf(["Some text."]) if media_type == "application/pdf" else make_docx(["Text."])
    refused = 0
    for cut in range(0, len(whole), max(1, len(whole) // 60)):
        try:
            read_bytes(whole[:cut], "cut", media_type)
        except SourceError as exc:
            assert "\n" not in str(exc)
            refused += 1
    assert refused > 0


def test_a_50_mib_file_is_refused_without_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: instant, and no disk used

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("the size must be checked before opening")

    monkeypatch.setattr(reader_module, "open", no_open, raising=False)
    message = refusal(read_path, path)
    assert message == f"{path}: too large (50.0 MiB; the limit is 10.0 MiB)"
    assert MAX_BYTES == 10 * 1024 * 1024


def test_read_bytes_enforces_max_bytes_and_known_media_types() -> None:
    assert refusal(read_bytes, b"x" * 11, "small.txt", max_bytes=10).startswith("small.txt: too")
    assert read_bytes(b"x" * 10, "ok.txt", max_bytes=10).text == "x" * 10
    assert "m: unsupported media type" in refusal(read_bytes, b"x", "m", "image/gif")


def test_unreadable_paths_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "missing.txt"
    assert refusal(read_path, missing) == f"{missing}: no such file"
    assert refusal(read_path, tmp_path) == f"{tmp_path}: is a folder, not a file"
    under_file = write(tmp_path, "plain.txt", b"x") / "child.txt"
    assert refusal(read_path, under_file) == f"{under_file}: no such file"

    locked = write(tmp_path, "locked.txt", b"secret")

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    # Tests may run as root, where chmod 000 does not stop a read.
    monkeypatch.setattr(reader_module, "open", denied, raising=False)
    assert refusal(read_path, locked) == f"{locked}: permission denied"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("old.doc", "unsupported file type '.doc' (save it as .docx)"),
        ("data.xyz", "unsupported file type '.xyz' (supported: .docx,"),
        ("README", "no file extension"),
    ],
)
def test_unknown_suffixes_are_refused(tmp_path: Path, name: str, reason: str) -> None:
    path = write(tmp_path, name, b"Perfectly fine text.")
    assert refusal(read_path, path).startswith(f"{path}: {reason}")


def test_a_name_with_a_newline_still_gives_a_one_line_message(tmp_path: Path) -> None:
    path = write(tmp_path, "two\nlines.txt", b"")
    message = refusal(read_path, path)
    assert "two\\nlines.txt: the file is empty" in message


# --- language --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (ENGLISH, "en"),
        (RUSSIAN, "ru"),
        ("Суд засудив журналіста до шести років позбавлення волі після закритого процесу.", "uk"),
        ("Le tribunal a condamné le journaliste à six ans de prison après un procès.", "fr"),
    ],
)
def test_language_is_detected(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_language_is_none_without_words() -> None:
    assert detect_language("") is None
    assert detect_language("2023-11-30 12:00 — 42 / 7") is None


def test_language_looks_only_at_the_opening() -> None:
    assert detect_language(ENGLISH * 40 + RUSSIAN * 200) == "en"
