"""Who a draft is addressed to: a table of authorities per country, which the user edits.

The table is a CSV file (UTF-8, a header row) with the columns

    country      ISO 3166 alpha-2 code ("KZ"), or "*" for any country
    kind         appeal, urgent-action, or any
    title        the office ("Prosecutor General of ...")          required
    name         the office holder, if the user wants one named     optional
    address, email, salutation                                       optional

A small example ships in `casefile/advocacy/data/authorities.csv`; point to your own copy
with `--authorities FILE` or the `CASEFILE_AUTHORITIES` environment variable (docs/
advocacy.md). The first row matching a case's country and the draft's kind is the default
addressee; a row with `*` is the fallback. Offices and addresses change: the example is
a starting point, to be checked before anything is sent.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

from casefile.services.errors import InvalidInput

DEFAULT_TABLE = Path(__file__).parent / "data" / "authorities.csv"
ENV = "CASEFILE_AUTHORITIES"
COLUMNS = ("country", "kind", "title", "name", "address", "email", "salutation")
KINDS = ("appeal", "urgent-action", "any")
MAX_ROWS = 10_000


@dataclass(frozen=True)
class Authority:
    country: str
    kind: str
    title: str
    name: str = ""
    address: str = ""
    email: str = ""
    salutation: str = ""

    @property
    def label(self) -> str:
        return f"{self.title}, {self.name}" if self.name else self.title


def table_path(given: str | Path | None = None) -> Path:
    """The table to read: the one given, else $CASEFILE_AUTHORITIES, else the example."""
    if given:
        return Path(given)
    env = os.environ.get(ENV, "").strip()
    return Path(env) if env else DEFAULT_TABLE


def load_authorities(path: str | Path | None = None) -> list[Authority]:
    """The table's rows; InvalidInput naming the file and row for a bad one."""
    where = table_path(path)
    try:
        with where.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [c for c in ("country", "kind", "title") if c not in header]
            if missing:
                raise InvalidInput(f"{where}: the authorities table needs the columns"
                                   f" {', '.join(COLUMNS)} (missing {', '.join(missing)})")
            rows = []
            for number, row in enumerate(reader, start=2):
                if number > MAX_ROWS:
                    raise InvalidInput(f"{where}: more than {MAX_ROWS} rows")
                rows.append(_row(row, where, number))
            return rows
    except OSError as err:
        raise InvalidInput(f"cannot read the authorities table {where}: {err.strerror}") from None
    except (UnicodeDecodeError, csv.Error) as err:
        raise InvalidInput(f"{where}: not a UTF-8 CSV table ({err})") from None


def _row(row: dict[str, str | None], where: Path, number: int) -> Authority:
    values = {c: " ".join((row.get(c) or "").split()) for c in COLUMNS}
    country = values["country"].upper()
    kind = values["kind"].lower() or "any"
    if country != "*" and not (len(country) == 2 and country.isalpha()):
        raise InvalidInput(f"{where}, row {number}: country: a two-letter code or *,"
                           f" not {values['country'][:20]!r}")
    if kind not in KINDS:
        raise InvalidInput(f"{where}, row {number}: kind: one of {', '.join(KINDS)},"
                           f" not {values['kind'][:20]!r}")
    if not values["title"]:
        raise InvalidInput(f"{where}, row {number}: title is empty")
    return Authority(country=country, kind=kind, title=values["title"], name=values["name"],
                     address=values["address"], email=values["email"],
                     salutation=values["salutation"])  # fmt: skip


def authorities_for(table: list[Authority], country: str | None, kind: str) -> list[Authority]:
    """The rows for this country and kind of draft, the country's own first, then those
    for any country."""
    code = (country or "").upper()
    fits = [a for a in table if a.kind in (kind, "any")]
    return [a for a in fits if a.country == code] + [a for a in fits if a.country == "*"]
