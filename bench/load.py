"""Load: 20 concurrent clients reviewing and ingesting for 60 s against one server.

uvicorn serves a generated database (bench/web.py's generator, smaller) in its own
process on 127.0.0.1; 20 client threads, each an editor with its own API token and a
kept-alive connection, loop over a mix of requests:

  - counter edits (50%): read one of a few shared statistics and write its count + 1
    with the version read. Clients collide on purpose: a stale version must be refused
    with 409, and every 200 must count: at the end each counter must equal its start
    plus the edits the server accepted (no lost update);
  - review decisions (25%): accept a random unreviewed event with its version (409 when
    another client decided first);
  - reads (20%): the review queue, the case list, a case;
  - ingest (5%): a new generated statement through the real extraction pipeline.

Reports requests, expected conflicts (409 with the version message), errors (anything
else: must be 0) and p50 / p95 / max latency per kind. Loopback only, bounded in time.

    .venv/bin/python bench/load.py                      # 20 clients, 60 s
    .venv/bin/python bench/load.py --clients 5 --seconds 10
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from casefile.services import accounts  # noqa: E402
from casefile.store.sqlite import SQLiteStore  # noqa: E402
from web import fill, serve  # noqa: E402  (bench/web.py's generator and server)

COUNTERS = 8  # statistics every client edits: collisions guaranteed
HOST = "127.0.0.1"


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    conflicts: int = 0
    errors: list[str] = field(default_factory=list)
    increments: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)


class Client:
    def __init__(self, port: int, token: str) -> None:
        self.conn = http.client.HTTPConnection(HOST, port, timeout=120)
        self.headers = {"Authorization": f"Bearer {token}"}

    def call(self, method: str, path: str, body: object = None) -> tuple[int, dict, float]:
        headers = dict(self.headers)
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        try:
            self.conn.request(method, path, body=data, headers=headers)
            response = self.conn.getresponse()
            raw = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()  # reconnect on the next request
            raise
        elapsed = (time.perf_counter() - started) * 1000
        try:
            parsed = json.loads(raw) if raw else {}
        except ValueError:
            parsed = {"raw": raw[:200].decode("utf-8", "replace")}
        return response.status, parsed, elapsed


def worker(port: int, token: str, seed: int, stop: float, counters: list[int],
           unreviewed: list[int], persons: list[int], tally: Tally) -> None:  # fmt: skip
    rng = random.Random(seed)
    client = Client(port, token)
    n = 0
    while time.monotonic() < stop:
        n += 1
        roll = rng.random()
        try:
            if roll < 0.50:
                kind = "counter edit"
                fact = rng.choice(counters)
                status, got, ms = client.call("GET", f"/api/facts/statistic/{fact}")
                _expect(tally, "read fact", status, got, ms, (200,))
                status, body, ms = client.call(
                    "PATCH", f"/api/facts/statistic/{fact}",
                    {"count": got["count"] + 1, "version": got["version"]},
                )  # fmt: skip
                if _expect(tally, kind, status, body, ms, (200, 409)) == 200:
                    with tally.lock:
                        tally.increments[fact] += 1
            elif roll < 0.75:
                event = rng.choice(unreviewed)
                status, got, ms = client.call("GET", f"/api/facts/event/{event}")
                _expect(tally, "read fact", status, got, ms, (200,))
                status, body, ms = client.call(
                    "POST", f"/api/facts/event/{event}/accept", {"version": got["version"]})
                _expect(tally, "review decision", status, body, ms, (200, 409))
            elif roll < 0.95:
                path = rng.choice(["/api/review?size=25", "/api/cases?status=detained",
                                   f"/api/cases/{rng.choice(persons)}"])  # fmt: skip
                status, body, ms = client.call("GET", path)
                _expect(tally, "read", status, body, ms, (200,))
            else:
                text = (f"Load test statement {seed}-{n}. Activist Test Person{seed}x{n} was"
                        f" arrested in Ardakol on {rng.randint(1, 28)} March 2024.")
                status, body, ms = client.call("POST", "/api/documents",
                                               {"text": text, "language": "en"})  # fmt: skip
                _expect(tally, "ingest", status, body, ms, (201,))
        except (OSError, http.client.HTTPException, KeyError, TypeError) as err:
            with tally.lock:
                tally.errors.append(f"{type(err).__name__}: {err}")
            client = Client(port, token)


def _expect(tally: Tally, kind: str, status: int, body: dict, ms: float,
            ok: tuple[int, ...]) -> int:  # fmt: skip
    with tally.lock:
        tally.latencies[kind].append(ms)
        if status not in ok:
            tally.errors.append(f"{kind}: {status} {str(body)[:200]}")
        elif status == 409:
            message = body.get("error", {}).get("message", "")
            if "version" not in message:
                tally.errors.append(f"{kind}: 409 without a clear message: {message!r}")
            tally.conflicts += 1
    return status


def prepare(db: Path, documents: int, facts: int, clients: int) -> list[str]:
    fill(db, documents, facts, seed=7)
    tokens = []
    with SQLiteStore(db) as store:
        accounts.add_user(store, "root", "admin", "bench", None, "confidential")
        for i in range(clients):
            accounts.add_user(store, f"load{i}", "editor", "bench", None, "confidential")
            tokens.append(accounts.new_token(store, f"load{i}", "bench").token)
    return tokens


def counter_values(db: Path, ids: list[int]) -> dict[int, int]:
    conn = sqlite3.connect(db)
    try:
        return {i: conn.execute("SELECT count FROM statistics WHERE id = ?", (i,)).fetchone()[0]
                for i in ids}  # fmt: skip
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--documents", type=int, default=500)
    parser.add_argument("--facts", type=int, default=5000)
    args = parser.parse_args()
    if not (1 <= args.clients <= 100 and 1 <= args.seconds <= 600):
        raise SystemExit("--clients 1..100 and --seconds 1..600: this is a bounded test")

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "load.db"
        tokens = prepare(db, args.documents, args.facts, args.clients)
        conn = sqlite3.connect(db)
        counters = [r[0] for r in conn.execute(f"SELECT id FROM statistics LIMIT {COUNTERS}")]
        unreviewed = [r[0] for r in conn.execute(
            "SELECT id FROM events WHERE review_status = 'unreviewed' LIMIT 2000")]  # fmt: skip
        persons = [r[0] for r in conn.execute("SELECT id FROM persons LIMIT 500")]
        conn.close()
        start = counter_values(db, counters)
        proc, port = serve(db)
        try:
            # The extraction pipeline loads on the first upload (seconds): not timed.
            warm = Client(port, tokens[0])
            warm_up = {"text": "Warm-up statement.", "language": "en"}
            status, body, _ = warm.call("POST", "/api/documents", warm_up)
            if status != 201:
                raise SystemExit(f"warm-up ingest failed: {status} {body}")
            tally = Tally()
            stop = time.monotonic() + args.seconds
            threads = [
                threading.Thread(target=worker, args=(port, tokens[i], i, stop, counters,
                                                      unreviewed, persons, tally))
                for i in range(args.clients)
            ]  # fmt: skip
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(args.seconds + 180)
        finally:
            proc.terminate()
            proc.wait(30)
        end = counter_values(db, counters)

    lost = {i: (start[i] + tally.increments[i], end[i]) for i in counters
            if end[i] != start[i] + tally.increments[i]}  # fmt: skip
    total = sum(len(v) for v in tally.latencies.values())
    print(f"\n{args.clients} clients for {args.seconds:.0f} s over loopback HTTP: {total}"
          f" requests, {tally.conflicts} expected conflicts (409, stale version),"
          f" {len(tally.errors)} errors, {len(lost)} lost updates"
          f" ({sum(tally.increments.values())} counter increments accepted)\n")  # fmt: skip
    print(f"| {'request':<16} | count | p50 ms | p95 ms | max ms |")
    print(f"| {'-' * 16} | ----: | -----: | -----: | -----: |")
    everything: list[float] = []
    for kind, values in sorted(tally.latencies.items()):
        everything += values
        print(_row(kind, values))
    print(_row("all", everything))
    for error in tally.errors[:10]:
        print(f"error: {error}")
    for fact, (want, got) in lost.items():
        print(f"lost update: statistic {fact} is {got}, expected {want}")
    if tally.errors or lost:
        raise SystemExit(1)


def _row(kind: str, values: list[float]) -> str:
    ordered = sorted(values) or [0.0]
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
    return (f"| {kind:<16} | {len(values):5d} | {statistics.median(ordered):6.1f} |"
            f" {p95:6.1f} | {ordered[-1]:6.1f} |")


if __name__ == "__main__":
    main()
