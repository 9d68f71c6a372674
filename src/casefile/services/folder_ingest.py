"""Ingesting folders: which files are documents, what each one's metadata is, and the
account given at the end (stored, refreshed, skipped by reason, failed).

Which files of a folder are skipped, and why (files named explicitly are always read):
- hidden files and folders, Office lock files (`~$x.docx`): silently, as before;
- files of a type no reader handles (`.json`, `.tsv`, `.gif`...): "unsupported type";
- annotator notes: anything under a folder named `notes`, `annotations` or `_notes`,
  and README/NOTES/CHANGELOG/LICENSE files (`include_notes` takes them as documents);
- the metadata sidecar itself; files matching an `--exclude` pattern;
- while reading: an empty file, a file over the size limit, a scan or an image when OCR
  is not installed here ("needs OCR").
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath

from casefile.extract.pipeline import Pipeline
from casefile.ingest import Metadata, Outcome
from casefile.ingest import ingest as ingest_sources
from casefile.services.access import Viewer
from casefile.services.documents import classify_ingested
from casefile.services.ingest_sidecar import Sidecar, SidecarError, SidecarRow
from casefile.sources import (
    SUPPORTED_SUFFIXES,
    EmptySource,
    SourceError,
    SourceText,
    TooLarge,
    read_path,
    read_stdin,
)
from casefile.sources.base import display_name
from casefile.sources.ocr import OcrUnavailable
from casefile.store import Store

UNSUPPORTED = "unsupported type"
NOTES = "annotator notes"
EXCLUDED = "excluded"
SIDECAR = "the metadata file"
EMPTY = "empty"
TOO_LARGE = "too large"
NEEDS_OCR = "needs OCR, not installed"

NOTES_FOLDERS = frozenset({"notes", "annotations", "_notes"})
NOTES_NAMES = frozenset({"readme", "notes", "changelog", "license", "licence"})
NAMED_SKIPS = 5  # skipped files named per reason in the summary unless verbose


@dataclass(frozen=True)
class PlannedFile:
    path: Path
    name: str  # relative to its folder (a file named explicitly: as given)
    metadata: Metadata = Metadata()
    access: str | None = None
    # Named on the command line, not found in a folder: asked for, so an empty or
    # oversized one is an error rather than a file skipped.
    explicit: bool = False


@dataclass(frozen=True)
class Skipped:
    name: str
    reason: str


@dataclass
class Plan:
    files: list[PlannedFile] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    stdin: bool = False
    folders: int = 0

    @property
    def wants_summary(self) -> bool:
        """A run over a folder or several inputs ends with a summary; one file's line
        says all there is."""
        return bool(self.folders) or len(self.files) + self.stdin > 1


def plan_ingest(
    paths: Iterable[str],
    excludes: Iterable[str] = (),
    include_notes: bool = False,
    sidecar: Sidecar | None = None,
) -> Plan:
    """The files to ingest, those skipped and why, each file's sidecar row applied.
    SidecarError if a row names no file found or a bare name that is ambiguous."""
    patterns = [p.strip().replace("\\", "/").removeprefix("./") for p in excludes if p.strip()]
    sidecar_path = _resolved(sidecar.path) if sidecar else None
    plan = Plan()
    found: list[PlannedFile] = []
    passed_over: list[PlannedFile] = []  # skipped, but a sidecar row may still name them
    for raw in paths:
        if raw == "-":
            plan.stdin = True
            continue
        path = Path(raw)
        if not path.is_dir():
            found.append(PlannedFile(path, raw.replace("\\", "/"), explicit=True))
            continue
        plan.folders += 1
        for file, relative in _walk(path):
            reason = _skip_reason(file, relative, sidecar_path, patterns, include_notes)
            if reason is None:
                found.append(PlannedFile(file, relative))
            else:
                plan.skipped.append(Skipped(relative, reason))
                passed_over.append(PlannedFile(file, relative))
    rows = _match_rows(sidecar, found + passed_over) if sidecar else {}
    plan.files = [replace(f, metadata=rows[i].metadata, access=rows[i].access)
                  if i in rows else f for i, f in enumerate(found)]  # fmt: skip
    return plan


def _skip_reason(file: Path, relative: str, sidecar: Path | None, patterns: list[str],
                 include_notes: bool) -> str | None:  # fmt: skip
    if sidecar is not None and _resolved(file) == sidecar:
        return SIDECAR
    if _excluded(relative, patterns):
        return EXCLUDED
    if PurePosixPath(relative).suffix.lower() not in SUPPORTED_SUFFIXES:
        return UNSUPPORTED
    if not include_notes and _is_notes(relative):
        return NOTES
    return None


def _walk(folder: Path) -> Iterator[tuple[Path, str]]:
    """Every file under `folder` (hidden ones and lock files left out), in sorted order,
    with its path relative to the folder."""
    found: list[tuple[tuple[str, ...], Path]] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        base = Path(dirpath)
        for filename in filenames:
            if filename.startswith((".", "~$")):
                continue
            file = base / filename
            found.append((file.relative_to(folder).parts, file))
    found.sort()
    for parts, file in found:
        yield file, "/".join(parts)


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def _excluded(relative: str, patterns: list[str]) -> bool:
    """Like .gitignore: a pattern with a slash matches the path from the folder (or a
    folder on it); one without matches the name of the file or of any folder above it."""
    parts = relative.split("/")
    for pattern in patterns:
        if "/" in pattern.rstrip("/"):
            stem = pattern.rstrip("/")
            prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
            if any(fnmatchcase(p, stem) for p in prefixes):
                return True
        elif any(fnmatchcase(part, pattern.rstrip("/")) for part in parts):
            return True
    return False


def _is_notes(relative: str) -> bool:
    path = PurePosixPath(relative)
    if any(part.lower() in NOTES_FOLDERS for part in path.parts[:-1]):
        return True
    return path.stem.lower() in NOTES_NAMES


def _match_rows(sidecar: Sidecar, files: list[PlannedFile]) -> dict[int, SidecarRow]:
    """Each row's file (its index in `files`), by its path relative to the folder or by a
    file name found once; a spelling that fits several files is an error, never a guess."""
    by_path: dict[str, list[int]] = {}
    by_name: dict[str, list[int]] = {}
    for index, f in enumerate(files):
        by_path.setdefault(f.name.casefold(), []).append(index)
        by_name.setdefault(PurePosixPath(f.name).name.casefold(), []).append(index)
    matched: dict[int, SidecarRow] = {}
    errors = list(sidecar.errors)
    for row in sidecar.rows:
        key = row.file.casefold()
        found = by_path.get(key) or ([] if "/" in key else by_name.get(key, []))
        exact = [i for i in found if files[i].name == row.file]
        found = exact if len(exact) == 1 else found
        if len(found) > 1:
            names = ", ".join(display_name(str(files[i].path)) for i in found[:3])
            errors.append(f"{row.where}: {row.file!r} is more than one file ({names}):"
                          " give its path in the folder, or ingest the folders one by one")
        elif not found:
            errors.append(f"{row.where}: no file {row.file!r} in the folder")
        elif found[0] in matched:
            errors.append(f"{row.where}: a second row for {files[found[0]].name!r}")
        else:
            matched[found[0]] = row
    if errors:
        raise SidecarError(sorted(errors, key=_line_order))
    return matched


def _line_order(error: str) -> tuple[int, str]:
    """Errors in the order of the sidecar's lines ("m.csv line 12: ...")."""
    number = error.split(":", 1)[0].rsplit(" ", 1)[-1]
    return (int(number) if number.isdigit() else 0, error)


def read_planned(file: PlannedFile) -> SourceText | Outcome:
    """The file's text, or its outcome when it is skipped (empty, too large) or fails."""
    try:
        return read_path(file.path)
    except EmptySource as err:
        return Outcome(file.name, error=str(err)) if file.explicit else Outcome(
            file.name, skipped=EMPTY)
    except TooLarge as err:
        return Outcome(file.name, error=str(err)) if file.explicit else Outcome(
            file.name, skipped=TOO_LARGE)
    except OcrUnavailable as err:
        return Outcome(file.name, error=str(err)) if file.explicit else Outcome(
            file.name, skipped=NEEDS_OCR)
    except SourceError as err:
        return Outcome(file.name, error=str(err))


def run_plan(
    plan: Plan,
    store: Store,
    pipeline: Pipeline,
    defaults: Metadata,
    access: str | None,
    actor: str,
) -> Iterator[Outcome]:
    """Ingest the planned files one by one (each its own transaction); a sidecar row's
    values win over `defaults` (the command's options), field by field."""
    viewer = Viewer(actor, "confidential")
    if plan.stdin:
        stdin: SourceText | Outcome
        try:
            stdin = read_stdin()
        except SourceError as err:
            stdin = Outcome("<stdin>", error=str(err))
        yield from _ingest_one(stdin, store, pipeline, defaults, access, viewer)
    for file in plan.files:
        metadata = _over(file.metadata, defaults)
        yield from _ingest_one(read_planned(file), store, pipeline, metadata,
                               file.access or access, viewer)  # fmt: skip


def _ingest_one(source: SourceText | Outcome, store: Store, pipeline: Pipeline, metadata: Metadata,
                level: str | None, viewer: Viewer) -> Iterator[Outcome]:  # fmt: skip
    if isinstance(source, Outcome) and source.skipped:
        yield source
        return
    for outcome in ingest_sources([source], store, pipeline, metadata, viewer.name):
        if level is not None:
            # A new document is stored confidential first, then lowered: never briefly
            # too visible. A known one keeps its level, and its line says so.
            outcome = classify_ingested(store, viewer, outcome, level)
        yield outcome


def _over(given: Metadata, defaults: Metadata) -> Metadata:
    return Metadata(
        published=given.published or defaults.published,
        language=given.language or defaults.language,
        publisher=given.publisher or defaults.publisher,
        url=given.url or defaults.url,
        title=given.title or defaults.title,
    )


@dataclass
class Tally:
    """The account of a run, for its summary."""

    stored: int = 0
    refreshed: int = 0
    withdrawn: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        if outcome.skipped:
            self.skipped.append(Skipped(outcome.source_name, outcome.skipped))
        elif outcome.error:
            self.failed.append(outcome.error)
        elif outcome.withdrawn:
            self.withdrawn += 1
        elif outcome.new:
            self.stored += 1
        else:
            self.refreshed += 1

    def skip_counts(self) -> str:
        """"3 unsupported type, 1 annotator notes": the skipped files by reason."""
        counts = Counter(skipped.reason for skipped in self.skipped)
        return ", ".join(f"{n} {reason}" for reason, n in counts.most_common())

    def lines(self, verbose: bool = False) -> list[str]:
        """The summary: totals, then each reason for skipping with its files (all of them
        when verbose, else the first few of each), then each failure on its own line."""
        head = f"summary: {self.stored} stored, {self.refreshed} refreshed (already stored)"
        if self.withdrawn:
            head += f", {self.withdrawn} withdrawn (left as they are)"
        head += f", {len(self.skipped)} skipped, {len(self.failed)} failed"
        lines = [head]
        by_reason: dict[str, list[str]] = {}
        for skipped in self.skipped:
            by_reason.setdefault(skipped.reason, []).append(display_name(skipped.name))
        for reason, names in sorted(by_reason.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            line = f"  skipped {len(names)} ({reason}{_suffixes(names, reason)}): "
            room = len(names) if verbose else NAMED_SKIPS
            line += ", ".join(names[:room])
            if len(names) > room:
                line += f", and {len(names) - room} more (--verbose names all)"
            lines.append(line)
        lines.extend(f"  failed {failure}" for failure in self.failed)
        return lines


def _suffixes(names: list[str], reason: str) -> str:
    if reason != UNSUPPORTED:
        return ""
    counts = Counter(PurePosixPath(n).suffix.lower() or "no extension" for n in names)
    return ": " + ", ".join(f"{suffix} {n}" for suffix, n in counts.most_common())
