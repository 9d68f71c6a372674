"""Gold files: loading and validating `NAME.gold.json` beside its `NAME.txt` (see GUIDELINES.md).

A gold set is only useful if every file in it is well formed, so the loader is strict and
stops at the first problem with a one-line message naming the file and the field.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casefile.model import EVENT_TYPES, TERM_KINDS, PartialDate

GOLD_SUFFIX = ".gold.json"

_DURATION = re.compile(r"^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


class GoldError(ValueError):
    """A gold file that does not follow the format; the message names the file."""


@dataclass
class GoldDocument:
    name: str  # the file name without `.gold.json`, e.g. "051"
    text_path: Path
    text: str
    language: str
    published: str | None  # ISO partial date, as in the file
    persons: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    statistics: list[dict[str, Any]] = field(default_factory=list)


def duration_value(term: str) -> tuple[int, int]:
    """An ISO 8601 duration as (months, days), so P18M == P1Y6M and P2W == P14D.

    Months and days stay apart because a month has no fixed length in days: a court
    that says "one month" has not said "30 days".
    """
    m = _DURATION.match(term.strip())
    if not m:
        raise ValueError(f"not an ISO 8601 duration (PnYnMnWnD): {term!r}")
    years, months, weeks, days = (int(g) if g else 0 for g in m.groups())
    return years * 12 + months, weeks * 7 + days


def load_gold_dir(gold_dir: Path) -> list[GoldDocument]:
    """Every `*.gold.json` in `gold_dir` with its document text, sorted by name."""
    if not gold_dir.is_dir():
        raise GoldError(f"{gold_dir}: not a directory")
    paths = sorted(gold_dir.glob("*" + GOLD_SUFFIX))
    if not paths:
        raise GoldError(f"{gold_dir}: no *{GOLD_SUFFIX} files")
    return sorted((load_gold_file(p) for p in paths), key=lambda d: d.name)


def load_gold_file(path: Path) -> GoldDocument:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"{path}: cannot read: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise GoldError(f"{path}: invalid JSON: {exc}") from exc
    try:
        return _parse(path, raw)
    except _FieldError as exc:
        raise GoldError(f"{path}: {exc}") from None


class _FieldError(Exception):
    pass


def _parse(path: Path, raw: object) -> GoldDocument:
    if not isinstance(raw, dict):
        raise _FieldError("top level must be a JSON object")
    for key in ("document", "language", "persons", "events"):
        if key not in raw:
            raise _FieldError(f"missing key {key!r}")
    document = _string(raw["document"], "document")
    language = _string(raw["language"], "language")
    published = _partial_date(raw.get("published"), "published")
    persons = _objects(raw["persons"], "persons")
    events = _objects(raw["events"], "events")
    statistics = _objects(raw.get("statistics", []), "statistics")
    for i, person in enumerate(persons):
        _check_person(person, f"persons[{i}]")
    for i, event in enumerate(events):
        _check_event(event, f"events[{i}]")

    text_path = path.parent / document
    try:
        text = text_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _FieldError(f"document {document!r}: cannot read: {exc}") from None
    return GoldDocument(
        name=path.name[: -len(GOLD_SUFFIX)],
        text_path=text_path,
        text=text,
        language=language,
        published=published,
        persons=persons,
        events=events,
        statistics=statistics,
    )


def _check_person(person: dict[str, Any], where: str) -> None:
    _string(person.get("name"), f"{where}.name")
    aliases = person.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise _FieldError(f"{where}.aliases: must be a list of strings")


def _check_event(event: dict[str, Any], where: str) -> None:
    etype = event.get("type")
    if etype not in EVENT_TYPES:
        raise _FieldError(f"{where}.type: unknown event type {etype!r}")
    _string(event.get("participant"), f"{where}.participant")
    _partial_date(event.get("date"), f"{where}.date")
    term = event.get("term")
    if term is not None:
        if not isinstance(term, str):
            raise _FieldError(f"{where}.term: must be a string or null")
        try:
            duration_value(term)
        except ValueError as exc:
            raise _FieldError(f"{where}.term: {exc}") from None
    term_kind = event.get("term_kind")
    if term_kind is not None and term_kind not in TERM_KINDS:
        raise _FieldError(f"{where}.term_kind: unknown term kind {term_kind!r}")


def _string(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _FieldError(f"{where}: must be a non-empty string")
    return value


def _objects(value: object, where: str) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise _FieldError(f"{where}: must be a list of objects")
    return value


def _partial_date(value: object, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _FieldError(f"{where}: must be an ISO date string or null")
    try:
        PartialDate.parse(value)
    except ValueError as exc:
        raise _FieldError(f"{where}: {exc}") from None
    return value
