"""`casefile import`: a spreadsheet (CSV, TSV, XLSX, with a mapping file) or casefile's
own JSON / JSON Lines export, checked whole before anything is stored.

- A dry run reports every bad row (row number, column, value, why) and stores nothing.
- A real run stores everything in one transaction, or, when any row is bad, nothing
  (and says which rows); with `skip_bad` it stores exactly the good rows and names the
  bad ones.
- A spreadsheet's persons are then linked to the cases they are one with, as ingest
  links a document's (services.linking); an export's persons come linked as their
  source linked them, and are left so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from casefile.exchange.json_import import ExportFileError, read_export
from casefile.exchange.mapping import MappingError, load_mapping
from casefile.exchange.spreadsheet import SheetError, build_batch, check_rows, read_table
from casefile.link.config import DEFAULT as DEFAULT_LINKING
from casefile.link.config import LinkConfig
from casefile.store.base import Store, StoreError
from casefile.store.base_imports import ImportBatch, ImportResult

EXPORT_SUFFIXES = (".json", ".jsonl")
MAX_EXPORT_BYTES = 2 * 1024**3


class ImportFailed(Exception):
    """The file, or the mapping, cannot be imported at all: one line."""


@dataclass
class ImportReport:
    file: str
    format: str
    rows: int  # data rows (a spreadsheet) or records (an export) read
    good: int
    bad: list[str] = field(default_factory=list)  # one line per bad row or record
    dry_run: bool = False
    stored: ImportResult | None = None
    linked: int = 0
    proposed: int = 0

    @property
    def refused(self) -> bool:
        """Nothing stored because of bad rows."""
        return bool(self.bad) and self.stored is None and not self.dry_run

    def summary(self) -> str:
        unit = "rows" if self.format in ("csv", "xlsx") else "records"
        head = f"{self.file}: {self.rows} {unit}, {self.good} good, {len(self.bad)} bad"
        if self.dry_run:
            return f"{head}; dry run: nothing imported"
        if self.stored is None:
            return f"{head}; nothing imported (fix the bad {unit}, or --skip-bad)"
        s = self.stored
        documents = f"{s.documents_new} new document{'' if s.documents_new == 1 else 's'}"
        line = (f"{head}; imported {s.events} events, {s.statistics} statistics,"
                f" {s.roles} roles of {s.persons} persons and {s.organisations} organisations"
                f" ({documents})")  # fmt: skip
        if s.already_stored:
            line += f" ({s.already_stored} facts were stored already)"
        if self.linked or self.proposed:
            line += f"; {self.linked} linked to existing cases, {self.proposed} links proposed"
        return line


def prepare(
    path: Path, mapping: Path | None, *, skip_bad: bool
) -> tuple[ImportBatch, ImportReport]:
    """Read and check the whole file: the batch of good records and the report."""
    try:
        if path.suffix.lower() in EXPORT_SUFFIXES:
            if mapping is not None:
                raise ImportFailed("--mapping is for spreadsheets; a casefile export maps itself")
            data = _read(path)
            batch, bad, total = read_export(data, path.name, path.suffix.lower() == ".jsonl",
                                            skip_bad)  # fmt: skip
            good = total - len(bad)
            return batch, ImportReport(path.name, batch.format, total, good,
                                       [b.line() for b in bad])  # fmt: skip
        loaded = load_mapping(mapping)
        table = read_table(path, loaded)
        rows, cells = check_rows(table, loaded)
        bad_rows = sorted({c.row for c in cells})
        good = len(table.rows) - len(bad_rows)
        report = ImportReport(path.name, table.format, len(table.rows), good,
                              [c.line() for c in cells])  # fmt: skip
        return build_batch(table, loaded, rows), report
    except (MappingError, SheetError, ExportFileError) as err:
        raise ImportFailed(str(err)) from None


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_EXPORT_BYTES:
            raise ImportFailed(f"{path.name}: larger than 2 GB")
        return path.read_bytes()
    except FileNotFoundError:
        raise ImportFailed(f"{path.name}: no such file") from None
    except OSError as err:
        raise ImportFailed(f"{path.name}: cannot read ({err.strerror})") from None


def import_file(
    store: Store | None, path: Path, mapping: Path | None = None, *, dry_run: bool = False,
    skip_bad: bool = False, actor: str = "import", link: bool = True,
    linking: LinkConfig = DEFAULT_LINKING,
) -> ImportReport:  # fmt: skip
    """Check `path` whole; unless it is a dry run (or a row is bad and not `skip_bad`),
    store its good records in one transaction. `store` may be None for a dry run
    against no database yet."""
    batch, report = prepare(path, mapping, skip_bad=skip_bad)
    return store_batch(store, batch, report, dry_run=dry_run, skip_bad=skip_bad, actor=actor,
                       link=link, linking=linking)  # fmt: skip


def store_batch(
    store: Store | None, batch: ImportBatch, report: ImportReport, *, dry_run: bool = False,
    skip_bad: bool = False, actor: str = "import", link: bool = True,
    linking: LinkConfig = DEFAULT_LINKING,
) -> ImportReport:  # fmt: skip
    """The second half of `import_file`, for a caller that checks the file before it
    opens (or creates) a database: `prepare` first, then this. A spreadsheet's persons
    are linked (unless not `link`) with the thresholds of `linking`."""
    report.dry_run = dry_run
    sheets = [d for d in batch.documents if d.spreadsheet and not d.spreadsheet.from_export]
    sheet = sheets[0] if sheets else None
    if store is not None and sheet is not None:
        done = store.imported_file(sheet.document.sha256)
        if done is not None:
            raise ImportFailed(f"{report.file} was imported already (by {done.imported_by},"
                               f" {done.imported_at})")  # fmt: skip
    if dry_run or (report.bad and not skip_bad):
        return report
    if store is None:
        raise ImportFailed("no database to import into")
    try:
        report.stored = store.import_batch(batch, actor)
    except StoreError as err:
        raise ImportFailed(str(err)) from None
    if link and sheet is not None and report.stored.person_ids:
        from casefile.services.linking import link_persons

        outcome = link_persons(store, report.stored.person_ids, linking)
        report.linked, report.proposed = len(outcome.merged), outcome.proposed
    return report
