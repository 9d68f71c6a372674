"""Spreadsheets teams keep (CSV or XLSX: one person a row), read into facts.

The file itself becomes the facts' source: a document whose identity is the sha256 of
the file's bytes (kept as its original) and whose text is built from its rows, one line
a row, `row N: cell | cell | ...`. Each fact from a row quotes that row's cells (the text
after `row N: `), so `document.text[start:end] == quote` holds as for any document, and
a reader sees which row, and which cells, a fact came from. Cells are shown with their
whitespace collapsed (a line break in a cell would break a line a row).

A row gives: an arrest (its date), a charge (its charges), a sentence (its term), and the
event its status means when no other cell gave that event (services/cases.py's statuses,
or the mapping's words). Each bad cell is reported with the row number a spreadsheet
program shows (the header is row 1), its column, its value and why.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from casefile.exchange.files import read_limited
from casefile.exchange.mapping import FIELDS, STATUS_EVENTS, Mapping, MappingError, fold
from casefile.exchange.vocabulary import country_code
from casefile.model import EVENT_TYPES, Document, Event, Evidence, PartialDate, Person, Provenance
from casefile.names import name_key
from casefile.store.base_imports import ImportBatch, ImportedDocument, ImportedEvent, ImportedFile

MAX_SHEET_BYTES = 200 * 1024 * 1024
PROVENANCE = Provenance("spreadsheet-import", "1", 1.0)
_DOTTED = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")  # 30.11.2023, 30/11/2023


class SheetError(Exception):
    """The file cannot be read as a spreadsheet: one line."""


@dataclass(frozen=True)
class BadCell:
    row: int
    column: str
    value: str
    why: str

    def line(self) -> str:
        shown = self.value if len(self.value) <= 60 else self.value[:60] + "…"
        return f"row {self.row}, column {self.column!r}: {shown!r}: {self.why}"


@dataclass(frozen=True)
class Table:
    name: str
    format: str  # csv or xlsx
    original: bytes
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (row number, cells), blank rows left out


@dataclass(frozen=True)
class RowFacts:
    """What one good row says."""

    row: int
    person: Person
    events: list[tuple[str, dict[str, object]]]  # (event type, its fields)


def read_table(path: Path, mapping: Mapping) -> Table:
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".tsv", ".xlsx"):
        raise SheetError(f"{path.name}: a .csv, .tsv, .xlsx or casefile .json/.jsonl export,"
                         f" not {suffix or 'a file without extension'!r}")  # fmt: skip
    data = read_limited(path, MAX_SHEET_BYTES, path.name, SheetError)
    if suffix == ".xlsx":
        header, rows = _xlsx_rows(data, path.name, mapping.sheet)
        fmt = "xlsx"
    else:
        header, rows = _csv_rows(data, path.name, "\t" if suffix == ".tsv" else ",")
        fmt = "csv"
    return Table(path.name, fmt, data, header, rows)


def _csv_rows(
    data: bytes, name: str, delimiter: str
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SheetError(f"{name}: not UTF-8 text (save the spreadsheet as CSV UTF-8)") from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        lines = list(reader)
    except csv.Error as err:
        raise SheetError(f"{name}: line {reader.line_num}: {err}") from None
    return _split(lines, name)


def _xlsx_rows(
    data: bytes, name: str, sheet: str | None
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as err:
        raise SheetError(f"{name}: not an .xlsx workbook ({err})") from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise SheetError(f"{name}: no sheet {sheet!r} (its sheets: "
                             f"{', '.join(book.sheetnames)})")  # fmt: skip
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        lines = [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
    finally:
        book.close()
    return _split(lines, name)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else (
            value.isoformat())  # fmt: skip
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _split(lines: list[list[str]], name: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    if not lines or not any(c.strip() for c in lines[0]):
        raise SheetError(f"{name}: no header row (the first row names the columns)")
    header = [" ".join(c.split()) for c in lines[0]]
    rows = [(number, [c if isinstance(c, str) else str(c) for c in cells])
            for number, cells in enumerate(lines[1:], start=2)
            if any(str(c).strip() for c in cells)]  # fmt: skip
    return header, rows


def columns_of(table: Table, mapping: Mapping) -> dict[str, int]:
    """field -> column index; MappingError for a column the file lacks."""
    index = {h: i for i, h in enumerate(table.header) if h}
    found: dict[str, int] = {}
    if mapping.columns:
        for field_name, header in mapping.columns.items():
            wanted = " ".join(header.split())
            if wanted not in index:
                raise MappingError(f"--mapping: column {header!r} ({field_name}) is not in"
                                   f" {table.name}'s header (its columns:"
                                   f" {', '.join(table.header)})")  # fmt: skip
            found[field_name] = index[wanted]
    else:
        by_fold = {fold(h): i for h, i in index.items()}
        for field_name in FIELDS:
            if fold(field_name) in by_fold:
                found[field_name] = by_fold[fold(field_name)]
        if "name" not in found:
            raise MappingError(f"{table.name}: no 'name' column; name the columns with"
                               " --mapping (docs/exchange.md)")  # fmt: skip
    return found


def check_rows(table: Table, mapping: Mapping) -> tuple[list[RowFacts], list[BadCell]]:
    """Every row's facts, or its bad cells (all of them, not only the first)."""
    columns = columns_of(table, mapping)
    good: list[RowFacts] = []
    bad: list[BadCell] = []
    for number, cells in table.rows:
        problems: list[BadCell] = []
        facts = _row_facts(number, cells, columns, table.header, mapping, problems)
        if problems:
            bad.extend(problems)
        elif facts is not None:
            good.append(facts)
    return good, bad


def _row_facts(
    number: int, cells: list[str], columns: dict[str, int], header: list[str],
    mapping: Mapping, problems: list[BadCell],
) -> RowFacts | None:  # fmt: skip
    def value(field_name: str) -> str:
        i = columns.get(field_name)
        return " ".join(cells[i].split()) if i is not None and i < len(cells) else ""

    def bad(field_name: str, why: str) -> None:
        problems.append(BadCell(number, header[columns[field_name]], value(field_name), why))

    name = value("name")
    if not name_key(name):
        bad("name", "no name")
    country = None
    if raw := value("country"):
        country = mapping.countries.get(fold(raw)) or country_code(raw)
        if country is None:
            bad("country", "not a country casefile knows (an ISO code such as KZ, its name,"
                " or a word [values.country] maps)")  # fmt: skip
    events: list[tuple[str, dict[str, object]]] = []
    if raw := value("arrest_date"):
        try:
            events.append(("arrest", {"date": parse_date(raw)}))
        except ValueError as err:
            bad("arrest_date", str(err))
    if raw := value("charges"):
        charges = [c.strip() for c in raw.split(mapping.charges_separator) if c.strip()]
        events.append(("charge", {"charges": charges}))
    if raw := value("sentence"):
        try:
            events.append(("sentence", {"term": _term(raw), "term_kind": mapping.sentence_kind}))
        except ValueError as err:
            bad("sentence", str(err))
    if raw := value("status"):
        meaning = mapping.statuses.get(fold(raw), fold(raw))
        if meaning in EVENT_TYPES:
            implied: tuple[str, str | None] | None = (meaning, None)
        else:
            implied = STATUS_EVENTS.get(meaning)
        if implied is None:
            bad("status", "not a status or event type casefile knows (map it in"
                " [values.status])")  # fmt: skip
        elif implied[0] not in {t for t, _ in events}:
            events.append((implied[0], {"term_kind": implied[1]} if implied[1] else {}))
    if (raw := value("source_url")) and not re.match(r"^https?://\S+$", raw):
        bad("source_url", "not a web address (http:// or https://)")
    if problems:
        return None
    if not events:
        problems.append(BadCell(number, header[columns["name"]], name,
                                "no fact in the row: no arrest date, charges, sentence or"
                                " status"))  # fmt: skip
        return None
    return RowFacts(number, Person(name, country=country), events)


def parse_date(raw: str) -> PartialDate:
    """An ISO date (2023, 2023-11, 2023-11-30) or a day as 30.11.2023 / 30/11/2023."""
    m = _DOTTED.match(raw)
    try:
        if m:
            day, month, year = (int(g) for g in m.groups())
            found = PartialDate(year, month, day)
            date(year, month, day)  # 31.02 is no day
            return found
        found = PartialDate.parse(raw)
        if found.day is not None and found.year is not None and found.month is not None:
            date(found.year, found.month, found.day)
        if found.year is None:
            raise ValueError("no year")
        return found
    except ValueError:
        raise ValueError("not a date (2023-11-30, 2023-11, 2023 or 30.11.2023)") from None


def _term(raw: str) -> str:
    from casefile.services.errors import InvalidInput
    from casefile.services.wording import parse_term

    try:
        return parse_term(raw)
    except InvalidInput:
        raise ValueError("not a term (7 years, 18 months, P7Y)") from None


def row_line(cells: list[str]) -> str:
    """A row's cells as its quote: each cell's whitespace collapsed, ' | ' between."""
    return " | ".join(" ".join(c.split()) for c in cells)


def build_batch(table: Table, mapping: Mapping, good: list[RowFacts]) -> ImportBatch:
    """The file as a document with the good rows' facts, ready for `import_batch`."""
    sha256 = hashlib.sha256(table.original).hexdigest()
    wanted = {f.row for f in good}
    parts = [f"row 1: {row_line(table.header)}\n"]
    spans: dict[int, tuple[int, str]] = {}
    offset = len(parts[0])
    for number, cells in table.rows:
        prefix, quote = f"row {number}: ", row_line(cells)
        if number in wanted:
            spans[number] = (offset + len(prefix), quote)
        line = prefix + quote + "\n"
        parts.append(line)
        offset += len(line)
    text = "".join(parts)
    document = Document(sha256=sha256, text=text, title=table.name, source_name=table.name,
                        media_type=_media_type(table.format),
                        ingested_at=datetime.now(UTC))  # fmt: skip
    batch = ImportBatch(table.name, table.format, [ImportedDocument(document, table.original,
                        ImportedFile(table.format, mapping.text, len(good)))])  # fmt: skip
    for facts in good:
        ref = name_key(facts.person.name)
        known = batch.persons.get(ref)
        if known is None or (facts.person.country and not known.country):
            batch.persons[ref] = facts.person
        start, quote = spans[facts.row]
        evidence = Evidence(sha256, start, start + len(quote), quote)
        for kind, fields in facts.events:
            event = Event(kind, facts.person.name, evidence, PROVENANCE, **fields)  # type: ignore[arg-type]
            batch.events.append(ImportedEvent(event, ref))
    return batch


def _media_type(format: str) -> str:
    if format == "xlsx":
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return "text/csv"
