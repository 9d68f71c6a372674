"""`casefile migrate-store` on a generated database: how long the copy, the rebuild of
the derived tables and the verification take, and the process's peak memory.

Fills a fresh SQLite database through the store (bench/web.py's generator, seeded, as
bench/verify.py does), then copies it into a new one with `migrate_store`, timing each
part. A destination URL (`--to postgresql://...`, once that backend exists) copies there.

    .venv/bin/python bench/migrate_store.py                        # 2,000 documents
    .venv/bin/python bench/migrate_store.py --documents 10000 --facts 100000
    .venv/bin/python bench/migrate_store.py --db /tmp/m.db          # keep (or reuse) the source

Every person, town and statement is invented.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from casefile.services import migrate_store as service  # noqa: E402
from verify import fill  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=2_000)
    parser.add_argument("--facts", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--db", type=Path, help="keep the source here (reused if present)")
    parser.add_argument("--to", help="the destination (default: a new SQLite file)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "source.db"
        if not db.exists():
            seconds = fill(db, args.documents, args.facts, args.seed)
            print(f"filled in {seconds:.0f} s", file=sys.stderr)
        target = args.to or str(Path(tmp) / "copy.db")
        before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        parts: dict[str, float] = {}
        timed = {name: _timed(parts, name, getattr(service, name))
                 for name in ("copy_tables", "rebuild", "verify_store")}  # fmt: skip
        for name, wrapper in timed.items():
            setattr(service, name, wrapper)
        started = time.perf_counter()
        result = service.migrate_store(str(db), target)
        total = time.perf_counter() - started
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        size = db.stat().st_size
    print(f"\n{result.documents:,} documents, {result.rows:,} rows, {result.records:,} records,"
          f" {result.audit_entries:,} audit entries; source {size / 1e6:.0f} MB"
          f" ({os.cpu_count()} cores)")
    print(f"migrate-store: {total:.1f} s in all: copy {parts['copy_tables']:.1f} s"
          f" ({result.rows / parts['copy_tables']:,.0f} rows/s), rebuild (search index, case"
          f" records) {parts['rebuild']:.1f} s, verification of source and copy"
          f" {parts['verify_store']:.1f} s, the rest (fingerprints, opening) "
          f"{total - sum(parts.values()):.1f} s")
    print(f"peak memory: {peak_kb / 1024:.0f} MB ({before_kb / 1024:.0f} MB before the copy)")


def _timed(parts: dict[str, float], name: str, function):  # type: ignore[no-untyped-def]
    def run(*args, **kwargs):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            parts[name] = parts.get(name, 0.0) + time.perf_counter() - started

    return run


if __name__ == "__main__":
    main()
