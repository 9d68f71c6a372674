"""The mapping file of `casefile import`: which of a spreadsheet's columns holds what,
and what the spreadsheet's own words mean in casefile's vocabulary (docs/exchange.md).

    [columns]                  # field = "the column's header, as written"
    name = "Full name"
    country = "Country"
    status = "Status"
    arrest_date = "Date of arrest"
    charges = "Charges"
    sentence = "Sentence"
    source_url = "Source"

    [options]
    sheet = "Cases"            # .xlsx: the sheet to read (default: the first)
    charges_separator = ";"
    sentence_kind = "prison"   # the term kind of a sentence given as a duration

    [values.country]           # the spreadsheet's words -> ISO 3166-1 alpha-2 codes
    "Kazakh Republic" = "KZ"

    [values.status]            # the spreadsheet's words -> an event type or a status
    "behind bars" = "imprisoned"

Without a mapping file the columns are found by their field names ("name", "arrest
date", "Source URL", ...: case, spaces and dashes aside). A mapping naming a column the
file lacks, an unknown field or option, or a value mapped to a word casefile does not
know, is an error before any row is read: nothing new enters the vocabulary silently.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from casefile.exchange.files import read_limited
from casefile.model import EVENT_TYPES, TERM_KINDS

FIELDS = ("name", "country", "status", "arrest_date", "charges", "sentence", "source_url")
OPTIONS = ("sheet", "charges_separator", "sentence_kind")
MAX_MAPPING_BYTES = 256 * 1024

# A case's status (services.cases) -> the event that gives it, when a row states a status
# rather than the event (a row's own arrest date, sentence ... come first).
STATUS_EVENTS: dict[str, tuple[str, str | None]] = {
    "detained": ("arrest", None),
    "arrested": ("arrest", None),
    "imprisoned": ("sentence", "prison"),
    "released": ("release", None),
    "deceased": ("death", None),
    "disappeared": ("disappearance", None),
    "on trial": ("trial", None),
    "convicted": ("conviction", None),
    "under investigation": ("investigation", None),
    "restricted": ("restriction", None),
}


class MappingError(Exception):
    """The mapping file cannot be used: one line, naming the file."""


@dataclass(frozen=True)
class Mapping:
    columns: dict[str, str]  # field -> header as written ({} : find them by field name)
    sheet: str | None = None
    charges_separator: str = ";"
    sentence_kind: str = "prison"
    countries: dict[str, str] = field(default_factory=dict)  # folded word -> code
    statuses: dict[str, str] = field(default_factory=dict)  # folded word -> event/status
    text: str | None = None  # the file as given, kept with the import


def fold(word: str) -> str:
    return " ".join(word.replace("_", " ").replace("-", " ").split()).casefold()


def load_mapping(path: Path | None) -> Mapping:
    """The mapping at `path`; the default one (columns by field name) for None."""
    if path is None:
        return Mapping(columns={})
    name = path.name
    data = read_limited(path, MAX_MAPPING_BYTES, f"--mapping: {name}", MappingError)
    try:
        text = data.decode("utf-8-sig")
        table = tomllib.loads(text)
    except UnicodeDecodeError:
        raise MappingError(f"--mapping: {name}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as err:
        raise MappingError(f"--mapping: {name}: not TOML ({err})") from None
    return _parse(table, name, text)


def _parse(table: dict[str, object], name: str, text: str) -> Mapping:
    def fail(why: str) -> MappingError:
        return MappingError(f"--mapping: {name}: {why}")

    unknown = set(table) - {"columns", "options", "values"}
    if unknown:
        raise fail(f"unknown table [{sorted(unknown)[0]}] (columns, options, values)")
    columns = _strings(table.get("columns", {}), "columns", fail)
    for key in columns:
        if key not in FIELDS:
            raise fail(f"[columns] {key}: not a field ({', '.join(FIELDS)})")
    if "name" not in columns and columns:
        raise fail("[columns] needs name: the column with each person's name")
    options = _strings(table.get("options", {}), "options", fail)
    for key in options:
        if key not in OPTIONS:
            raise fail(f"[options] {key}: not an option ({', '.join(OPTIONS)})")
    kind = options.get("sentence_kind", "prison")
    if kind not in TERM_KINDS:
        raise fail(f"[options] sentence_kind: {kind!r} is not a term kind"
                   f" ({', '.join(TERM_KINDS)})")  # fmt: skip
    values = table.get("values", {})
    if not isinstance(values, dict) or set(values) - {"country", "status"}:
        raise fail("[values] holds only [values.country] and [values.status]")
    countries = {fold(k): v.strip().upper() for k, v in
                 _strings(values.get("country", {}), "values.country", fail).items()}
    from casefile.exchange.vocabulary import is_country

    for word, code in countries.items():
        if not is_country(code):
            raise fail(f"[values.country] {word!r} = {code!r}: not an ISO 3166-1 alpha-2 code")
    statuses = {fold(k): fold(v) for k, v in
                _strings(values.get("status", {}), "values.status", fail).items()}
    for word, meaning in statuses.items():
        if meaning not in STATUS_EVENTS and meaning not in EVENT_TYPES:
            raise fail(f"[values.status] {word!r} = {meaning!r}: neither an event type nor a"
                       " status casefile knows (docs/exchange.md lists them)")  # fmt: skip
    return Mapping(columns=columns, sheet=options.get("sheet"),
                   charges_separator=options.get("charges_separator", ";") or ";",
                   sentence_kind=kind, countries=countries, statuses=statuses,
                   text=text)  # fmt: skip


def _strings(value: object, where: str, fail: object) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise fail(f"[{where}] holds text values only: key = \"text\"")  # type: ignore[operator]
    return dict(value)
