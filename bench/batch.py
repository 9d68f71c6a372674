"""Benchmark: `casefile batch` throughput, local and on a Dask LocalCluster.

    .venv/bin/python bench/batch.py                    # 1,000 documents
    .venv/bin/python bench/batch.py --docs 20000 --batch-size 64 --json

Generates `--docs` documents from the project's English `examples/` (read through
casefile's own readers, so the HTML one is its text): each example's persons' names,
places and dates swapped for others drawn from invented lists, and a reference line that
makes every document's bytes unique, so the idempotence check finds nothing stored and
every document is extracted. They are written as one JSON Lines file, then
`run_batch` stores them into a fresh SQLite database once per engine:

- `local`: this process;
- `dask-1`, `dask-2`: a Dask LocalCluster of 1 and 2 worker processes (one thread each),
  each worker writing its own batches to the database (`--writer workers`, what
  `casefile batch` does on a LocalCluster), or sending its results to this process to
  write (`--writer client`).

Documents/s is documents stored over the run's time, which includes writing, auditing
and linking on the client (once, at the end of the run, unless `--link-every N`) but not
starting the cluster and loading the pipeline (printed apart: a long run pays it once).
The figure that tells whether the cluster spreads the work is dask-2 over dask-1: the
issue asks for at least 1.6 on 2 cores. On a machine whose cores other processes share,
that ratio is bounded by the share this benchmark gets; the load average is printed
beside the figures for that reason.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from casefile.batch.engines import Engine, LocalEngine  # noqa: E402
from casefile.batch.inputs import check_inputs  # noqa: E402
from casefile.batch.run import run_batch  # noqa: E402
from casefile.batch.write import StoreWriter  # noqa: E402
from casefile.extract.pipeline import PipelineConfig  # noqa: E402
from casefile.sources import read_path  # noqa: E402
from casefile.store import open_store  # noqa: E402

# Invented names and places (no real person's); each example's own are swapped for them.
GIVEN = ["Tamas", "Nela", "Ilsa", "Pell", "Kiro", "Veda", "Asen", "Lior", "Maren", "Teodor",
         "Sabel", "Oren", "Juna", "Falk", "Rina", "Edvin", "Talia", "Corin", "Mavi", "Aldo"]
FAMILY = ["Orlin", "Brisk", "Vekh", "Arvan", "Lanz", "Tosk", "Merrow", "Quill", "Dastan",
          "Hollin", "Varga", "Strel", "Pamir", "Ostrow", "Kelm", "Ravin", "Sorel", "Thane"]
PLACES = ["Velsk", "Ostrel", "Tulmer", "Brannock", "Isker", "Dravna", "Kolmar", "Saltra"]
EXAMPLE_NAMES = ["Arlen Tovas", "Mira Sandal", "Kessa Varn", "Doran Ilvek", "Oru Festan"]
EXAMPLE_PLACES = ["Velsk", "Ostrel", "Tulmer"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
DATE = re.compile(r"\b(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})\b")


def examples() -> list[str]:
    texts = []
    for path in sorted((ROOT / "examples").iterdir()):
        text = read_path(path).text
        if any(name in text for name in EXAMPLE_NAMES):  # the English ones
            texts.append(text)
    return texts


def vary(text: str, rng: random.Random, n: int) -> str:
    for name in EXAMPLE_NAMES:
        if name in text:
            other = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
            text = text.replace(name, other).replace(name.split()[0], other.split()[0])
            text = text.replace(name.split()[1], other.split()[1])
    for place in EXAMPLE_PLACES:
        text = text.replace(place, rng.choice(PLACES))
    text = DATE.sub(lambda m: f"{rng.randint(1, 28)} {rng.choice(MONTHS)}"
                              f" {rng.randint(2015, 2025)}", text)  # fmt: skip
    return f"{text}\n\nReference: BN-{n:06d}.\n"


def generate(path: Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    sources = examples()
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            text = vary(sources[n % len(sources)], rng, n)
            out.write(json.dumps({"text": text, "language": "en"}) + "\n")


def measure(label: str, engine_factory: Any, inputs: Any, folder: Path,
            batch_size: int, link_every: int = 0) -> dict[str, Any]:  # fmt: skip
    started = time.monotonic()
    engine: Engine = engine_factory()
    cpu = time.process_time()
    ready = time.monotonic() - started
    try:
        with open_store(folder / f"{label}.db") as store:
            report = run_batch(inputs, store, engine, "bench", batch_size,
                               link_every=link_every)  # fmt: skip
    finally:
        engine.close()
    assert not report.failed, report.failed[:3]
    cpu = time.process_time() - cpu
    rate = report.stored / report.seconds if report.seconds else 0.0
    figures = {"engine": label, "documents": report.stored, "seconds": round(report.seconds, 1),
               "documents_per_s": round(rate, 2), "start_s": round(ready, 1),
               "client_cpu_s": round(cpu, 1), "load": round(os.getloadavg()[0], 2)}  # fmt: skip
    print(f"{label:8} {report.stored} documents in {report.seconds:7.1f} s:"
          f" {rate:6.2f} documents/s (cluster and pipeline ready in {ready:.1f} s;"
          f" client CPU {cpu:.1f} s; load average {figures['load']})", flush=True)  # fmt: skip
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--engines", default="local,dask-1,dask-2")
    parser.add_argument("--link-every", type=int, default=0,
                        help="link every N batches (0: at the end of the run)")
    parser.add_argument("--writer", choices=("workers", "client"), default="workers",
                        help="who writes a Dask run's documents (default: the workers)")
    parser.add_argument("--json", action="store_true", help="Also print the figures as JSON.")
    args = parser.parse_args()
    config = PipelineConfig()
    results = []
    with tempfile.TemporaryDirectory(prefix="casefile-batch-bench-") as tmp:
        folder = Path(tmp)
        generate(folder / "documents.jsonl", args.docs, args.seed)
        inputs = check_inputs([str(folder / "documents.jsonl")])
        print(f"{args.docs} generated documents, batches of {args.batch_size},"
              f" {os.cpu_count()} cores, Dask runs written by the {args.writer}",
              flush=True)  # fmt: skip
        for label in args.engines.split(","):
            if label == "local":
                factory: Any = lambda: LocalEngine(config)  # noqa: E731
            else:
                from casefile.batch.dask_engine import DaskEngine

                workers = int(label.split("-")[1])
                writer = (StoreWriter(str(folder / f"{label}.db"), "bench")
                          if args.writer == "workers" else None)  # fmt: skip
                factory = lambda w=workers, o=writer: DaskEngine(  # noqa: E731
                    config, workers=w, writer=o)
            results.append(measure(label, factory, inputs, folder, args.batch_size,
                                   args.link_every))  # fmt: skip
    rates = {r["engine"]: r["documents_per_s"] for r in results}
    if rates.get("dask-1") and "dask-2" in rates:
        print(f"dask-2 / dask-1: {rates['dask-2'] / rates['dask-1']:.2f}x (asked: >= 1.6x)")
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
