"""`casefile import` of a generated spreadsheet: 10,000 rows by default, 1% of them bad.

Times the dry run (every row checked, the bad ones named, nothing stored), the real run
with --skip-bad --no-link (the good rows in one transaction) and with linking (then each
person linked to the cases they are one with, as ingest does), each through the CLI's
entry point on a fresh database, and checks that the bad rows named are exactly the
ones spoiled, that the dry run created no database, and that the facts stored are
exactly the good rows'.

    .venv/bin/python bench/import.py                 # 10,000 rows
    .venv/bin/python bench/import.py --rows 1000 --xlsx

Every name in the sheet is invented (syllables); the generator is seeded.
"""

from __future__ import annotations

import argparse
import csv
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = ["Full name", "Country", "Status", "Date of arrest", "Charges", "Sentence", "Source"]
MAPPING = """\
[columns]
name = "Full name"
country = "Country"
status = "Status"
arrest_date = "Date of arrest"
charges = "Charges"
sentence = "Sentence"
source_url = "Source"

[values.status]
"in custody" = "detained"
"behind bars" = "imprisoned"
"""
_SYLLABLES = ("ka", "lo", "mir", "sen", "ta", "vo", "rin", "del", "ash", "ul", "bek", "nor",
              "zi", "pa", "tov", "ema", "gul", "sar", "yan", "ost")  # fmt: skip
# What spoils a bad row: (column, value, why it is bad).
SPOILERS = (
    ("Date of arrest", "31.02.2023", "no such day"),
    ("Country", "Atlantis", "no such country"),
    ("Sentence", "a long time", "no term"),
    ("Status", "vanished into thin air", "no such status"),
    ("Source", "www.no-scheme.example", "no web address"),
)


def _name(rng: random.Random, i: int) -> str:
    first = "".join(rng.choice(_SYLLABLES) for _ in range(2)).title()
    last = "".join(rng.choice(_SYLLABLES) for _ in range(3)).title()
    return f"{first} {last}{_suffix(i)}"


def _suffix(i: int) -> str:
    """A word that keeps every row's person apart (name keys ignore digits)."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i, 20)
        out += _SYLLABLES[r]
    return " " + out.title()


def sheet_rows(rows: int, bad_share: float = 0.01, seed: int = 12) -> tuple[list[list[str]],
                                                                            dict[int, str]]:
    """The rows below the header, and the bad ones: row number (the header is row 1) ->
    the column spoiled."""
    rng = random.Random(seed)
    bad_numbers = set(rng.sample(range(2, rows + 2), round(rows * bad_share)))
    out: list[list[str]] = []
    bad: dict[int, str] = {}
    for i in range(rows):
        number = i + 2
        day = f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        row = [
            _name(rng, i),
            rng.choice(("KZ", "RU", "BY", "Kazakhstan", "Tajikistan", "UZ")),
            rng.choice(("in custody", "behind bars", "released", "on trial")),
            day if rng.random() < 0.9 else "",
            rng.choice(("extremism", "treason; espionage", "hooliganism", "")),
            rng.choice(("7 years", "18 months", "P5Y", "")),
            f"https://news.example/{i}",
        ]
        if number in bad_numbers:
            column, value, _ = SPOILERS[len(bad) % len(SPOILERS)]
            row[HEADER.index(column)] = value
            bad[number] = column
        out.append(row)
    return out, bad


def write_sheet(path: Path, rows: int, bad_share: float = 0.01, seed: int = 12) -> dict[int, str]:
    """A CSV (or .xlsx, by the suffix) spreadsheet; returns its bad rows."""
    body, bad = sheet_rows(rows, bad_share, seed)
    if path.suffix == ".xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("Cases")
        sheet.append(HEADER)
        for row in body:
            sheet.append(row)
        book.save(path)
    else:
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(HEADER)
            writer.writerows(body)
    return bad


def _run(db: Path, *args: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", "import sys; sys.argv[0] = 'casefile';"
         " from casefile.cli import main; main()", "--db", str(db), *args],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return time.perf_counter() - started, done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--xlsx", action="store_true", help="an .xlsx workbook, not CSV")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sheet = folder / ("cases.xlsx" if args.xlsx else "cases.csv")
        mapping = folder / "mapping.toml"
        mapping.write_text(MAPPING, encoding="utf-8")
        bad = write_sheet(sheet, args.rows)
        db = folder / "cases.db"
        dry_seconds, dry = _run(db, "import", str(sheet), "--mapping", str(mapping), "--dry-run")
        named = {int(line.split(",")[0].split()[-1]) for line in dry.stderr.splitlines()
                 if line.startswith("bad: row ")}  # fmt: skip
        created = db.exists()
        timed: dict[str, float] = {}
        for label, extra in (("no-link", ("--no-link",)), ("linked", ())):
            db = folder / f"{label}.db"
            timed[label], real = _run(db, "import", str(sheet), "--mapping", str(mapping),
                                      "--skip-bad", "--by", "bench", *extra)  # fmt: skip
            if real.returncode != 0:
                print(real.stderr, file=sys.stderr)
                return 1
        with sqlite3.connect(folder / "no-link.db") as conn:
            persons = conn.execute("SELECT count(*) FROM persons").fetchone()[0]
            events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
            # Each fact quotes its row: the rows stored are the distinct quoted spans.
            rows = conn.execute("SELECT count(DISTINCT evidence_start) FROM events").fetchone()[0]
        print(f"{args.rows} rows ({sheet.suffix}), {len(bad)} bad")
        print(f"dry run:               {dry_seconds:6.2f} s  named {len(named)} bad rows"
              f" ({'exactly the spoiled ones' if named == set(bad) else 'NOT the spoiled ones'});"
              f" database created: {'yes' if created else 'no'}")  # fmt: skip
        print(f"--skip-bad --no-link:  {timed['no-link']:6.2f} s  {rows} rows as {events} events"
              f" of {persons} persons, one transaction ({args.rows / timed['no-link']:,.0f}"
              " rows/s)")  # fmt: skip
        print(f"--skip-bad (linking):  {timed['linked']:6.2f} s  the same, then each person"
              " linked to the cases (each merge or proposal its own transaction)")
        print(real.stdout.strip())
        ok = named == set(bad) and rows == args.rows - len(bad) and not created
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
