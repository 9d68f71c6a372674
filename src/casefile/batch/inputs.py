"""The inputs of a batch run: folders (the files `casefile ingest` would take, by
services/folder_ingest.py's rules), JSON Lines files and Parquet files of texts, and
single documents.

A JSONL line or a Parquet row is a document: a `text`, and any of the metadata columns
`published`, `publisher`, `url`, `title`, `language`, `access` (other columns ignored).
Its id is the sha256 of the text's UTF-8, as `ingest.document_from_text` gives it; a
file's is the sha256 of its bytes. Everything is checked first (`check_inputs`): a
missing input, a line that is not a JSON object, a row without text or with a bad date
or level is a one-line `BatchInputError` before anything is extracted or stored."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from casefile.ingest import Metadata
from casefile.services.access import parse_level
from casefile.services.documents import parse_metadata
from casefile.services.errors import InvalidInput
from casefile.services.folder_ingest import EMPTY, TOO_LARGE, Skipped, plan_ingest
from casefile.sources import MAX_BYTES, SUPPORTED_SUFFIXES

FIELDS = ("published", "publisher", "url", "title", "language", "access")
TABLE_SUFFIXES = (".jsonl", ".parquet")
PARQUET_ROWS = 1024  # rows read from a Parquet file at once


class BatchInputError(Exception):
    """An input cannot be used; the message is one line naming it."""


@dataclass(frozen=True)
class WorkItem:
    """One document to extract. `data` is a file's bytes (read by its suffix on the
    worker) or a row's text as UTF-8 (`text`), which is also what the store keeps as
    the original."""

    sha256: str
    source_name: str
    # Not in its repr: Dask logs a failed task's arguments, and a document's text must
    # not reach a worker's log.
    data: bytes = field(repr=False)
    text: bool = False
    media_type: str | None = None
    metadata: Metadata = Metadata()
    access: str | None = None


@dataclass
class Input:
    path: Path
    kind: str  # folder, file, jsonl, parquet
    count: int = 0  # documents it holds (a folder: files planned)
    files: list[Path] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def check_inputs(paths: list[str]) -> list[Input]:
    """Every input, its kind and number of documents, each row checked."""
    if not paths:
        raise BatchInputError("no input given: folders, .jsonl or .parquet files")
    found = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            plan = plan_ingest([raw])
            found.append(Input(path, "folder", len(plan.files), [f.path for f in plan.files],
                               [f.name for f in plan.files], list(plan.skipped)))  # fmt: skip
        elif not path.is_file():
            raise BatchInputError(f"{raw}: no such file or folder")
        elif path.suffix.lower() in TABLE_SUFFIXES:
            kind = path.suffix.lower()[1:]
            found.append(Input(path, kind, sum(1 for _ in _rows(path, kind))))
        elif path.suffix.lower() in SUPPORTED_SUFFIXES:
            found.append(Input(path, "file", 1, [path], [raw]))
        else:
            raise BatchInputError(f"{raw}: not a folder, a .jsonl or .parquet file, or a"
                                  f" document ({', '.join(sorted(SUPPORTED_SUFFIXES))})")
    return found


def iter_items(inputs: list[Input]) -> Iterator[WorkItem | Skipped]:
    """The inputs' documents in order; a folder's empty or oversized files as skipped."""
    for given in inputs:
        if given.kind in ("folder", "file"):
            for path, name in zip(given.files, given.names, strict=True):
                yield _file_item(path, name, explicit=given.kind == "file")
        else:
            for where, row in _rows(given.path, given.kind):
                text, metadata, access = _checked(row, f"{given.path.name} {where}")
                data = text.encode("utf-8")
                yield WorkItem(hashlib.sha256(data).hexdigest(), f"{given.path.name}:{where}",
                               data, text=True, media_type="text/plain", metadata=metadata,
                               access=access)  # fmt: skip


def _file_item(path: Path, name: str, explicit: bool) -> WorkItem | Skipped:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES and not explicit:
            return Skipped(name, TOO_LARGE)  # as a folder ingest skips it
        data = path.read_bytes()[: MAX_BYTES + 1]  # the reader refuses what is over
    except OSError as err:
        raise BatchInputError(f"{name}: cannot read ({err.strerror})") from None
    if not data.strip() and not explicit:
        return Skipped(name, EMPTY)
    media_type = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    return WorkItem(hashlib.sha256(data).hexdigest(), name, data, media_type=media_type)


def _rows(path: Path, kind: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, row) for each document row; raises on anything that is not one."""
    if kind == "jsonl":
        yield from _jsonl_rows(path)
    else:
        yield from _parquet_rows(path)


def _jsonl_rows(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    try:
        with path.open(encoding="utf-8-sig") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                where = f"line {number}"
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as err:
                    raise BatchInputError(f"{path.name} {where}: not JSON ({err.msg})") from None
                if not isinstance(row, dict):
                    raise BatchInputError(f"{path.name} {where}: a JSON object per line,"
                                          f" not {type(row).__name__}")  # fmt: skip
                _checked(row, f"{path.name} {where}")
                yield where, row
    except UnicodeDecodeError:
        raise BatchInputError(f"{path.name}: not UTF-8 text") from None
    except OSError as err:
        raise BatchInputError(f"{path.name}: cannot read ({err.strerror})") from None


def _parquet_rows(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(path)
        names = set(table.schema_arrow.names)
        if "text" not in names:
            raise BatchInputError(f"{path.name}: no 'text' column (columns: "
                                  f"{', '.join(sorted(names))[:200]})")  # fmt: skip
        columns = ["text", *(c for c in FIELDS if c in names)]
        number = 0
        for batch in table.iter_batches(batch_size=PARQUET_ROWS, columns=columns):
            for row in batch.to_pylist():
                number += 1
                where = f"row {number}"
                _checked(row, f"{path.name} {where}")
                yield where, row
    except (pa.ArrowException, OSError) as err:
        raise BatchInputError(f"{path.name}: not a readable Parquet file"
                              f" ({' '.join(str(err).split())[:200]})") from None  # fmt: skip


def _checked(row: dict[str, Any], where: str) -> tuple[str, Metadata, str | None]:
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        raise BatchInputError(f"{where}: no text (a 'text' string is required)")
    values = {k: _cell(row.get(k), k, where) for k in FIELDS}
    try:
        metadata = parse_metadata(**{k: values[k] for k in FIELDS if k != "access"})
        access = values["access"].strip() or None
        if access is not None:
            parse_level(access)
    except (InvalidInput, ValueError) as err:
        raise BatchInputError(f"{where}: {err}") from None
    return text, metadata, access


def _cell(value: Any, key: str, where: str) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):  # a Parquet date column
        return value.isoformat()[:10]
    if isinstance(value, str | int) and not isinstance(value, bool):
        return str(value)
    raise BatchInputError(f"{where}: {key}: a string, not {json.dumps(value, default=str)[:40]}")
