"""`casefile verify` at 10,000 documents and 100,000 facts: how long the whole check
takes (originals re-hashed, integrity check, chain, every record against its recorded
digest) and the part the record digests add, and what ingest pays for recording them.

Fills a fresh database through the store, as `casefile ingest` would (the generator of
bench/web.py, seeded), then times `verify_store` once.

    .venv/bin/python bench/verify.py                  # the full size
    .venv/bin/python bench/verify.py --documents 1000 --facts 10000
    .venv/bin/python bench/verify.py --db /tmp/verify.db   # keep (or reuse) the database

Every person, town and statement is invented.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from casefile.services.integrity import record_problems, verify_store  # noqa: E402
from casefile.store.sqlite import SQLiteStore  # noqa: E402
from web import Generator, save_generated  # noqa: E402


def fill(db: Path, documents: int, facts: int, seed: int) -> float:
    """Save the generated documents through the store; the seconds it took."""
    gen = Generator(seed, persons=max(50, documents * 6 // 5))
    per_doc = [facts // documents + (1 if i < facts % documents else 0)
               for i in range(documents)]  # fmt: skip
    return save_generated(db, gen, per_doc)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--facts", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--db", type=Path, help="keep the database here (reused if present)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "verify.db"
        if not db.exists():
            seconds = fill(db, args.documents, args.facts, args.seed)
            print(f"filled in {seconds:.0f} s ({1000 * seconds / args.documents:.1f} ms per"
                  " document)", file=sys.stderr)  # fmt: skip
        with SQLiteStore(db) as store:
            started, cpu = time.perf_counter(), time.process_time()
            records, problems = record_problems(store)
            records_s = time.perf_counter() - started
            records_cpu = time.process_time() - cpu
            started, cpu = time.perf_counter(), time.process_time()
            report = verify_store(store)
            total_s = time.perf_counter() - started
            total_cpu = time.process_time() - cpu
            digests = store.conn.execute("SELECT count(*) FROM record_digests").fetchone()[0]
    size = db.stat().st_size if args.db else None
    print(f"\n{report.documents:,} documents, {records:,} records, {digests:,} recorded"
          f" digests, {report.audit.entries:,} audit entries ({os.cpu_count()} cores)")
    print(f"verify: {total_s:.1f} s in all ({total_cpu:.1f} s CPU), of which records against"
          f" their digests {records_s:.1f} s ({records_cpu:.1f} s CPU);"
          f" {'ok' if report.ok and not problems else report.problems[:3]}")
    if size:
        print(f"database: {size / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
