"""A `Draft` as Markdown, PDF or DOCX, through a Jinja2 template a user can copy and change.

The template writes Markdown of a small, fixed kind (what a letter needs), which is also
what the PDF (through HTML and WeasyPrint) and the DOCX (python-docx) are made from, so
that one template serves all three formats:

    # Heading, ## Subheading, ### Minor heading
    - a list item
    a paragraph: lines separated by single line breaks stay separate lines (addresses)
    **bold** and *italic* within a line

Blank lines separate paragraphs. Anything else is text as written (HTML in it is shown,
not interpreted). Templates run in Jinja2's sandbox with `StrictUndefined` (a misspelt
field is an error naming it, not an empty gap); they get `draft` (advocacy.drafts.Draft)
and `demand_choices`. See docs/advocacy.md.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from casefile.advocacy.drafts import DEMANDS, Draft
from casefile.services.errors import InvalidInput

TEMPLATES = Path(__file__).parent / "templates"
FORMATS = ("md", "pdf", "docx")
MEDIA_TYPES = {"md": "text/markdown; charset=utf-8", "pdf": "application/pdf",
               "docx": "application/vnd.openxmlformats-officedocument"
                       ".wordprocessingml.document"}  # fmt: skip
MAX_TEMPLATE_BYTES = 200_000
_CSS = """
@page { size: A4; margin: 22mm 20mm; }
body { font-family: "DejaVu Serif", serif; font-size: 11pt; line-height: 1.45; }
h1 { font-size: 16pt; margin: 0 0 8pt; } h2 { font-size: 13pt; margin: 14pt 0 6pt; }
h3 { font-size: 11pt; margin: 10pt 0 4pt; }
p, li { overflow-wrap: anywhere; } p { margin: 0 0 8pt; }
"""


def template_text(kind: str, path: str | Path | None = None) -> tuple[str, str]:
    """(name, source) of the template: the file given, else the shipped one for `kind`."""
    where = Path(path) if path else TEMPLATES / f"{kind}.md.j2"
    try:
        if where.stat().st_size > MAX_TEMPLATE_BYTES:
            raise InvalidInput(f"{where}: a template of at most {MAX_TEMPLATE_BYTES} bytes")
        return str(where), where.read_text(encoding="utf-8")
    except OSError as err:
        raise InvalidInput(f"cannot read the template {where}: {err.strerror}") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{where}: a template is UTF-8 text") from None


def render_markdown(draft: Draft, template: str | Path | None = None) -> str:
    name, source = template_text(draft.kind, template)
    env = SandboxedEnvironment(autoescape=False, undefined=jinja2.StrictUndefined,
                               trim_blocks=True, lstrip_blocks=True,
                               keep_trailing_newline=True)  # fmt: skip
    try:
        text = env.from_string(source).render(draft=draft, demand_choices=DEMANDS)
    except jinja2.TemplateSyntaxError as err:
        raise InvalidInput(f"{name}, line {err.lineno}: {err.message}") from None
    except jinja2.TemplateError as err:
        raise InvalidInput(f"{name}: {err}") from None
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def render(draft: Draft, fmt: str, template: str | Path | None = None) -> bytes:
    """The draft in `fmt` (md, pdf or docx) as bytes."""
    if fmt not in FORMATS:
        raise InvalidInput(f"format: one of {', '.join(FORMATS)}, not {fmt[:20]!r}")
    text = render_markdown(draft, template)
    if fmt == "md":
        return text.encode("utf-8")
    blocks = parse_blocks(text)
    return to_pdf(blocks, draft.title) if fmt == "pdf" else to_docx(blocks, draft.title)


# -- the Markdown subset ----------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    kind: str  # h1, h2, h3, li, p
    lines: tuple[str, ...]


def parse_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            blocks.append(Block("p", tuple(para)))
            para.clear()

    for raw in text.splitlines():
        line = raw.rstrip()
        heading = re.match(r"^(#{1,3})\s+(.*)$", line)
        if not line.strip():
            flush()
        elif heading:
            flush()
            blocks.append(Block(f"h{len(heading.group(1))}", (heading.group(2),)))
        elif re.match(r"^\s*[-*]\s+", line):
            flush()
            blocks.append(Block("li", (re.sub(r"^\s*[-*]\s+", "", line),)))
        else:
            para.append(line.strip())
    flush()
    return blocks


_INLINE = re.compile(r"\*\*(.+?)\*\*|\*(.+?)\*")


def runs(line: str) -> list[tuple[str, str]]:
    """(style, text) pieces of a line: "b" bold, "i" italic, "" plain."""
    out: list[tuple[str, str]] = []
    at = 0
    for m in _INLINE.finditer(line):
        if m.start() > at:
            out.append(("", line[at:m.start()]))
        out.append(("b", m.group(1)) if m.group(1) is not None else ("i", m.group(2)))
        at = m.end()
    if at < len(line):
        out.append(("", line[at:]))
    return out


def to_html(blocks: list[Block], title: str) -> str:
    def inline(line: str) -> str:
        tags = {"b": "strong", "i": "em"}
        return "".join(f"<{tags[s]}>{html.escape(t)}</{tags[s]}>" if s else html.escape(t)
                       for s, t in runs(line))  # fmt: skip

    body: list[str] = []
    in_list = False
    for block in blocks:
        if block.kind == "li" and not in_list:
            body.append("<ul>")
            in_list = True
        elif block.kind != "li" and in_list:
            body.append("</ul>")
            in_list = False
        content = "<br>".join(inline(line) for line in block.lines)
        body.append(f"<{block.kind}>{content}</{block.kind}>")
    if in_list:
        body.append("</ul>")
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title><style>{_CSS}</style></head>"
            f"<body>{''.join(body)}</body></html>")  # fmt: skip


def to_pdf(blocks: list[Block], title: str) -> bytes:
    try:
        from weasyprint import HTML
    except OSError as err:  # WeasyPrint loads Debian's pango when imported
        raise InvalidInput(f"PDF needs pango (Debian: libpango-1.0-0): {err}") from None
    # No base URL and nothing to fetch: the HTML holds no links to load (offline).
    pdf = HTML(string=to_html(blocks, title)).write_pdf()
    assert pdf is not None
    return bytes(pdf)


def to_docx(blocks: list[Block], title: str) -> bytes:
    from docx import Document

    document = Document()
    document.core_properties.title = title
    for block in blocks:
        if block.kind.startswith("h"):
            paragraph = document.add_heading(level=int(block.kind[1]))
        elif block.kind == "li":
            paragraph = document.add_paragraph(style="List Bullet")
        else:
            paragraph = document.add_paragraph()
        for n, line in enumerate(block.lines):
            for style, text in runs(line):
                run = paragraph.add_run(text)
                run.bold = style == "b" or None
                run.italic = style == "i" or None
            if n < len(block.lines) - 1:
                paragraph.add_run().add_break()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
