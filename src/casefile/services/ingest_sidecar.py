"""A metadata sidecar for a folder ingest: one row per file (CSV, TSV or JSON Lines)
saying what the files do not say of themselves: published, publisher, url, title,
language and access level.

The whole sidecar is read and checked before anything is stored: a bad value, a row
for a file that is not there, or two rows for one file is an error, and nothing of the
folder is ingested (bad input never half-ingests)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from casefile.ingest import Metadata
from casefile.services.access import parse_level
from casefile.services.documents import parse_metadata
from casefile.services.errors import InvalidInput
from casefile.sources.base import display_name

FIELDS = ("published", "publisher", "url", "title", "language", "access")
# Names spreadsheets commonly give the same columns, so that an existing list of sources
# (a `file publisher language publication_date` table, say) reads as it is. Not "source":
# it often describes where a text came from in words, and is then no address to link.
ALIASES: dict[str, str] = {
    "filename": "file",
    "path": "file",
    "publication_date": "published",
    "published_at": "published",
    "date": "published",
    "source_url": "url",
    "link": "url",
    "lang": "language",
    "level": "access",
}
MAX_SIDECAR_BYTES = 20 * 1024 * 1024
MAX_ERRORS_SHOWN = 20


class SidecarError(Exception):
    """The sidecar cannot be used; `lines` are one-line messages, each fit to print."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__(lines[0] if lines else "metadata: unusable")
        self.lines = lines


@dataclass(frozen=True)
class SidecarRow:
    """One file's metadata as given: `file` as written, where it was (for messages)."""

    file: str
    where: str
    metadata: Metadata
    access: str | None = None


@dataclass(frozen=True)
class Sidecar:
    path: Path
    rows: list[SidecarRow]  # the usable ones
    ignored_columns: list[str]
    # Rows with bad values, one line each: reported with the rows that name no file
    # (services.folder_ingest), so that one run shows every problem of the sidecar.
    errors: list[str]


def read_sidecar(path: Path) -> Sidecar:
    """Every row of the sidecar at `path`, its values checked (the bad ones in `errors`);
    SidecarError when it cannot be read as a table with a `file` column at all."""
    name = display_name(str(path))
    short = display_name(path.name)  # beside a line number
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".tsv", ".jsonl"):
        given = suffix or "no extension"
        raise SidecarError([f"--metadata: {name}: a .csv, .tsv or .jsonl file, not {given!r}"])
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SidecarError([f"--metadata: {name}: no such file"]) from None
    except OSError as exc:
        raise SidecarError([f"--metadata: {name}: cannot read ({exc.strerror})"]) from None
    if len(data) > MAX_SIDECAR_BYTES:
        raise SidecarError([f"--metadata: {name}: too large for a metadata file"])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SidecarError([f"--metadata: {name}: not UTF-8 text"]) from None
    columns: list[str] = []
    if suffix == ".jsonl":
        raw_rows = _jsonl_rows(text, short)
    else:
        columns, raw_rows = _table_rows(text, short, suffix)
    for _, cells in raw_rows:
        columns.extend(c for c in cells if c not in columns)
    known = {c: _canonical(c) for c in columns}
    if "file" not in known.values():
        raise SidecarError([f"--metadata: {name}: no 'file' column (the file's name or its path"
                            " relative to the folder)"])  # fmt: skip
    ignored = [c for c, canonical in known.items() if canonical not in ("file", *FIELDS)]
    rows: list[SidecarRow] = []
    errors: list[str] = []
    seen: dict[str, str] = {}
    for where, raw in raw_rows:
        values = {known[c]: v for c, v in raw.items() if known[c] in ("file", *FIELDS)}
        try:
            row = _row(values, f"{short} {where}")
        except InvalidInput as err:
            errors.append(str(err))
            continue
        key = row.file.casefold()
        if key in seen:
            errors.append(f"{short} {where}: a second row for {row.file!r} (first at {seen[key]})")
            continue
        seen[key] = where
        rows.append(row)
    return Sidecar(path, rows, ignored, errors)


def _canonical(column: str) -> str:
    key = column.strip().lower().replace(" ", "_").replace("-", "_")
    return ALIASES.get(key, key)


def _table_rows(
    text: str, name: str, suffix: str
) -> tuple[list[str], list[tuple[str, dict[str, str]]]]:
    """The header's columns and the rows below it (blank ones left out)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t" if suffix == ".tsv" else ",")
    try:
        lines = list(reader)
    except csv.Error as err:
        raise SidecarError([f"{name} line {reader.line_num}: {err}"]) from None
    if not lines:
        raise SidecarError([f"--metadata: {name}: empty (a header row with a 'file' column first)"])
    header, rows = lines[0], []
    errors = []
    for number, cells in enumerate(lines[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            errors.append(f"{name} line {number}: {len(cells)} cells for {len(header)} columns")
            continue
        rows.append((f"line {number}", dict(zip(header, cells, strict=False))))
    if errors:
        raise SidecarError(errors)
    return list(header), rows


def _jsonl_rows(text: str, name: str) -> list[tuple[str, dict[str, str]]]:
    rows, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"line {number}"
        try:
            value = json.loads(line)
        except json.JSONDecodeError as err:
            errors.append(f"{name} {where}: not JSON ({err.msg})")
            continue
        if not isinstance(value, dict):
            errors.append(f"{name} {where}: a JSON object per line, not {type(value).__name__}")
            continue
        cells: dict[str, str] = {}
        for key, cell in value.items():
            if cell is None:
                cell = ""
            if isinstance(cell, bool) or not isinstance(cell, str | int):
                errors.append(f"{name} {where}: {key}: a string, not {json.dumps(cell)[:40]}")
                break
            cells[str(key)] = str(cell)
        else:
            rows.append((where, cells))
    if errors:
        raise SidecarError(errors)
    return rows


def _row(values: dict[str, str], where: str) -> SidecarRow:
    file = (values.get("file") or "").strip().replace("\\", "/").removeprefix("./")
    if not file:
        raise InvalidInput(f"{where}: no file named")
    try:
        metadata = parse_metadata(**{k: values.get(k) or "" for k in FIELDS if k != "access"})
        access = (values.get("access") or "").strip() or None
        if access is not None:
            parse_level(access)
    except InvalidInput as err:
        raise InvalidInput(f"{where}: {err}") from None
    return SidecarRow(file, where, metadata, access)
