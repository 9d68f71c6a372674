"""`casefile batch`: folders, JSON Lines and Parquet in, documents stored in batches,
idempotent, failures recorded; the Dask engine gives what the local one gives, and
survives a worker killed mid-run. Invented statements, the real pipeline, real SQLite."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from casefile.batch.inputs import WorkItem, check_inputs, iter_items
from casefile.batch.run import Report, run_batch
from casefile.extract.pipeline import PipelineConfig
from casefile.store import open_store

STATEMENTS = [
    "On 4 March 2024 police in Velsk detained the blogger Tamas Orlin after a search of his"
    " flat. He was charged with hooliganism.",
    "Journalist Nela Brisk was sentenced to four years in prison on 2 February 2023 by the"
    " Marrow City Court.",
    "The activist Doran Vekh was arrested on 11 June 2022 in Ostrel and charged under"
    " Article 212 of the Criminal Code.",
    "On 9 September 2021 the lawyer Ilsa Marrow was released from detention after serving"
    " three years.",
    "Police detained the student Pell Arvan on 20 January 2024 during a protest in Velsk.",
    "The poet Kiro Lanz was sentenced to two years in a penal colony on 5 May 2023.",
]


def _folder(root: Path) -> Path:
    folder = root / "docs"
    (folder / "notes").mkdir(parents=True)
    for i, text in enumerate(STATEMENTS[:3]):
        (folder / f"statement-{i}.txt").write_text(text, encoding="utf-8")
    (folder / "notes" / "todo.txt").write_text("check the dates", encoding="utf-8")
    (folder / "list.json").write_text("{}", encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    return folder


def _jsonl(root: Path, texts: list[str], **extra: Any) -> Path:
    path = root / "rows.jsonl"
    path.write_text("".join(json.dumps({"text": t, **extra}) + "\n" for t in texts),
                    encoding="utf-8")  # fmt: skip
    return path


def _db(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    return conn


def _facts(path: Path) -> set[tuple[Any, ...]]:
    """The stored facts in a form that does not depend on the order of writes."""
    with _db(path) as db:
        events = {("event", r["document_sha256"], r["type"], r["participant_name"], r["date"],
                   r["evidence_start"], r["evidence_quote"])
                  for r in db.execute("SELECT * FROM events")}  # fmt: skip
        stats = {("statistic", r["document_sha256"], r["count"], r["evidence_quote"])
                 for r in db.execute("SELECT * FROM statistics")}  # fmt: skip
        docs = {("document", r["sha256"], r["title"], r["language"], r["published"])
                for r in db.execute("SELECT * FROM documents")}  # fmt: skip
    return events | stats | docs


def test_local_folder_and_jsonl(casefile_main: Callable[..., Any], tmp_path: Path,
                                db_path: Path) -> None:  # fmt: skip
    folder = _folder(tmp_path)
    rows = _jsonl(tmp_path, STATEMENTS[3:5], publisher="Invented Watch", access="internal",
                  published="2024-02-01")  # fmt: skip
    result = casefile_main("batch", str(folder), str(rows), "--batch-size", "2")
    assert result.code == 0, result.err
    assert "summary: 5 stored, 0 already stored" in result.out
    assert "1 skipped" in result.out  # the empty file; notes and .json are not planned
    with _db(db_path) as db:
        assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 5
        row = db.execute("SELECT d.publisher, d.published, l.level FROM documents d JOIN"
                         " document_levels l USING (sha256) WHERE d.source_name LIKE"
                         " 'rows.jsonl:%'").fetchall()  # fmt: skip
        assert {tuple(r) for r in row} == {("Invented Watch", "2024-02-01", 1)}
        assert db.execute("SELECT count(*) FROM events").fetchone()[0] >= 5
        ingests = db.execute("SELECT count(*) FROM audit_log WHERE action ="
                             " 'document.ingest'").fetchone()[0]  # fmt: skip
        assert ingests == 5
    assert casefile_main("verify").code == 0
    # Re-running stores nothing new and extracts nothing.
    again = casefile_main("batch", str(folder), str(rows))
    assert again.code == 0, again.err
    assert "summary: 0 stored, 5 already stored (skipped)" in again.out
    assert "0 extracted" in again.out
    with _db(db_path) as db:
        assert db.execute("SELECT count(*) FROM audit_log WHERE action ="
                          " 'document.ingest'").fetchone()[0] == 5  # fmt: skip


def test_parquet(casefile_main: Callable[..., Any], tmp_path: Path, db_path: Path) -> None:
    import datetime

    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({
        "text": STATEMENTS[:2] + STATEMENTS[:1],  # the third row repeats the first
        "published": [datetime.date(2024, 3, 5), None, None],
        "title": ["Orlin detained", "Brisk sentenced", "again"],
        "language": ["en", "en", "en"],
        "views": [3, 4, 5],  # not a metadata column: ignored
    })  # fmt: skip
    path = tmp_path / "texts.parquet"
    pq.write_table(table, path)
    result = casefile_main("batch", str(path))
    assert result.code == 0, result.err
    assert "2 stored" in result.out and "1 duplicates" in result.out
    with _db(db_path) as db:
        found = {tuple(r) for r in db.execute("SELECT title, published FROM documents")}
    assert ("Orlin detained", "2024-03-05") in found and len(found) == 2


def test_failing_document_is_recorded_and_the_run_completes(
    casefile_main: Callable[..., Any], tmp_path: Path, db_path: Path
) -> None:
    folder = _folder(tmp_path)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    result = casefile_main("batch", str(folder))
    assert result.code == 1  # something failed, said in the summary
    assert "3 stored" in result.out and "1 failed" in result.out
    assert "failed broken.pdf" in result.out
    listed = casefile_main("batch", "--failures")
    assert listed.code == 0 and "broken.pdf" in listed.out
    assert "attempts" not in listed.out
    again = casefile_main("batch", str(folder))  # tried again, fails again
    assert "0 stored, 3 already stored" in again.out and "1 failed" in again.out
    assert "2 attempts" in casefile_main("batch", "--failures").out
    # A failure that is then stored is cleared.
    (folder / "broken.pdf").unlink()
    (folder / "broken.txt").write_text(STATEMENTS[5], encoding="utf-8")
    assert casefile_main("batch", str(folder)).code == 0
    assert "broken.pdf" in casefile_main("batch", "--failures").out  # other bytes: kept
    assert casefile_main("verify").code == 0


def test_a_document_the_store_refuses_fails_alone(tmp_path: Path, db_path: Path) -> None:
    """A savepoint per document: a refused save rolls back that document only."""
    from dataclasses import replace

    from casefile.batch.inputs import iter_items
    from casefile.batch.work import extract_items
    from casefile.store.base_batch import BatchFailure, BatchSave

    items = [i for i in iter_items(check_inputs([str(_jsonl(tmp_path, STATEMENTS[:2]))]))]
    results = extract_items(items, PipelineConfig())
    good, bad = (r.extraction for r in results)
    assert good is not None and bad is not None and bad.events
    event = replace(bad.events[0], evidence=replace(bad.events[0].evidence, quote="forged"))
    bad = replace(bad, events=[event, *bad.events[1:]])
    with open_store(db_path) as store:
        answers = store.save_batch([BatchSave(good, items[0].data),
                                    BatchSave(bad, items[1].data)], [], "tester")
        assert isinstance(answers[1], BatchFailure) and "quote is not the text" in answers[1].error
        assert not isinstance(answers[0], BatchFailure)
        assert store.has_document(good.document.sha256)
        assert not store.has_document(bad.document.sha256)
        assert [f.sha256 for f in store.batch_failures()] == [bad.document.sha256]


@pytest.mark.parametrize("args, message", [
    (["nowhere"], "nowhere: no such file or folder"),
    ([], "no input given"),
    (["--engine", "spark", "."], "--engine: one of local, dask"),
    (["--scheduler", "tcp://127.0.0.1:1", "."], "--scheduler: only with --engine dask"),
    (["--workers", "2", "."], "--workers: only with --engine dask"),
    (["--link-every", "-1", "."], "--link-every: 0 (at the end) or more"),
    (["--writer", "everyone", "."], "--writer: one of auto, client, workers"),
    (["--writer", "workers", "."], "--writer workers: only with --engine dask"),
    (["--engine", "dask", "--scheduler", "tcp://127.0.0.1:1", "--writer", "workers", "."],
     "--writer workers: with --scheduler, only to a PostgreSQL store"),
])  # fmt: skip
def test_bad_arguments(casefile_main: Callable[..., Any], args: list[str], message: str) -> None:
    result = casefile_main("batch", *args)
    assert result.code == 1
    assert message in result.err and len(result.err.strip().splitlines()) == 1


def test_bad_rows_stop_before_anything_is_stored(
    casefile_main: Callable[..., Any], tmp_path: Path, db_path: Path
) -> None:
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"text": STATEMENTS[0]}) + "\n"
                    + json.dumps({"text": STATEMENTS[1], "published": "last week"}) + "\n"
                    + "{not json\n", encoding="utf-8")  # fmt: skip
    result = casefile_main("batch", str(rows))
    assert result.code == 1 and "rows.jsonl line 2: " in result.err
    assert len(result.err.strip().splitlines()) == 1
    rows.write_text(json.dumps({"title": "no text"}) + "\n", encoding="utf-8")
    result = casefile_main("batch", str(rows))
    assert result.code == 1 and "line 1: no text" in result.err
    rows.write_text("\n", encoding="utf-8")
    result = casefile_main("batch", str(rows))
    assert result.code == 1 and "nothing to extract: no documents in" in result.err
    (tmp_path / "t.parquet").write_bytes(b"PAR1 nonsense")
    result = casefile_main("batch", str(tmp_path / "t.parquet"))
    assert result.code == 1 and "not a readable Parquet file" in result.err
    if db_path.exists():
        with _db(db_path) as db:
            assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 0


# --- the Dask engine: one LocalCluster of 2 worker processes for both tests ----------


@pytest.fixture(scope="module")
def dask_engine() -> Any:
    pytest.importorskip("distributed")
    from casefile.batch.dask_engine import DaskEngine

    engine = DaskEngine(PipelineConfig(), workers=2)
    yield engine
    engine.close()


@pytest.fixture(params=["client", "workers"])
def writes(request: pytest.FixtureRequest, dask_engine: Any, tmp_path: Path) -> Any:
    """The shared engine, its results written by the client or by its workers (into
    the test's `dask.db` or `k.db`; set per run below)."""
    yield request.param
    dask_engine.writer = None


def _writer(engine: Any, writes: str, path: Path) -> None:
    from casefile.batch.write import StoreWriter

    engine.writer = StoreWriter(str(path), "tester") if writes == "workers" else None


@pytest.mark.dask
def test_dask_stores_what_local_stores(dask_engine: Any, writes: str, tmp_path: Path) -> None:
    from casefile.batch.engines import LocalEngine

    folder = _folder(tmp_path)
    rows = _jsonl(tmp_path, STATEMENTS[3:], publisher="Invented Watch")
    inputs = check_inputs([str(folder), str(rows)])
    reports = {}
    _writer(dask_engine, writes, tmp_path / "dask.db")
    for name, engine in (("local", LocalEngine(PipelineConfig())), ("dask", dask_engine)):
        with open_store(tmp_path / f"{name}.db") as store:
            reports[name] = run_batch(inputs, store, engine, "tester", batch_size=2)
    assert reports["dask"].stored == reports["local"].stored == 6
    assert _facts(tmp_path / "dask.db") == _facts(tmp_path / "local.db")
    assert len(_facts(tmp_path / "local.db")) > 12
    with _db(tmp_path / "dask.db") as db:  # each save audited by the run's actor
        actors = db.execute("SELECT DISTINCT actor FROM audit_log WHERE action ="
                            " 'document.ingest'").fetchall()  # fmt: skip
        assert [a[0] for a in actors] == ["tester"]


@pytest.mark.dask
def test_workers_write_to_either_backend(dask_engine: Any, store_db: Path | str,
                                         tmp_path: Path) -> None:  # fmt: skip
    """The workers open the store at the URL they are given (PostgreSQL, or the SQLite
    file of this machine) and write there; the client links what they wrote."""
    from casefile.batch.write import StoreWriter

    rows = _jsonl(tmp_path, STATEMENTS + [STATEMENTS[0].replace("4 March", "5 March")])
    inputs = check_inputs([str(rows)])
    dask_engine.writer = StoreWriter(str(store_db), "tester")
    try:
        with open_store(store_db) as store:
            report = run_batch(inputs, store, dask_engine, "tester", batch_size=2)
            assert report.stored == 7 and not report.failed
            items = [i for i in iter_items(inputs) if isinstance(i, WorkItem)]
            assert len(items) == 7 and all(store.has_document(i.sha256) for i in items)
            # The workers queued each batch's linking in its transaction; the client did it.
            assert store.link_queue() == []
            assert [p.name for p in store.find_persons("Tamas Orlin")] == ["Tamas Orlin"]
    finally:
        dask_engine.writer = None


@pytest.mark.dask
def test_dask_survives_a_killed_worker(dask_engine: Any, writes: str, tmp_path: Path) -> None:
    """One worker killed after the first batch is written: the nanny starts another,
    the scheduler runs the lost partitions again, and each document is stored once
    (whether the client writes, or the workers, one of which may die just after
    writing)."""
    _writer(dask_engine, writes, tmp_path / "k.db")
    texts = [f"{text} Case {n}." for n in range(3) for text in STATEMENTS]  # 18 documents
    inputs = check_inputs([str(_jsonl(tmp_path, texts))])
    killed: list[int] = []

    def kill_one(report: Report) -> None:
        if not killed:
            # A worker with a partition in hand, so that its work is lost and redone. On a
            # loaded machine both may sit between partitions when a batch is written: then
            # the next batch tries again.
            busy = [w for w, keys in dask_engine.client.processing().items() if keys]
            if not busy:
                return
            pids = dask_engine.client.run(os.getpid)
            killed.append(pids[busy[0]])
            os.kill(killed[0], signal.SIGKILL)

    with open_store(tmp_path / "k.db") as store:
        report = run_batch(inputs, store, dask_engine, "tester", batch_size=2,
                           after_batch=kill_one)  # fmt: skip
    assert killed and report.stored == 18 and not report.failed
    assert killed[0] not in dask_engine.client.run(os.getpid).values()
    with _db(tmp_path / "k.db") as db:
        assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 18
        per_document = db.execute("SELECT count(*) FROM audit_log WHERE action ="
                                  " 'document.ingest' GROUP BY subjects").fetchall()  # fmt: skip
        assert len(per_document) == 18 and {r[0] for r in per_document} == {1}


def test_interrupted_run_leaves_no_half_document_and_resumes(
    casefile_main: Callable[..., Any], tmp_path: Path, db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """Ctrl-C in the middle of the second batch's transaction: the first batch is kept,
    nothing of the second, and running again stores the rest."""
    import casefile.store.sqlite as sqlite_store
    from casefile.batch.engines import LocalEngine

    inputs = check_inputs([str(_jsonl(tmp_path, STATEMENTS[:5]))])
    real_save = sqlite_store.save_in
    calls: list[int] = []

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 4:  # the second document of the second batch
            raise KeyboardInterrupt
        return real_save(*args, **kwargs)

    monkeypatch.setattr(sqlite_store, "save_in", interrupted)
    with open_store(db_path) as store, pytest.raises(KeyboardInterrupt):
        run_batch(inputs, store, LocalEngine(PipelineConfig()), "tester", batch_size=2)
    monkeypatch.setattr(sqlite_store, "save_in", real_save)
    with _db(db_path) as db:
        assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
        assert db.execute("SELECT count(*) FROM audit_log WHERE action ="
                          " 'document.ingest'").fetchone()[0] == 2  # fmt: skip
    assert casefile_main("verify").code == 0
    result = casefile_main("batch", str(tmp_path / "rows.jsonl"))
    assert result.code == 0 and "3 stored, 2 already stored" in result.out


@pytest.mark.dask
def test_unreachable_scheduler_is_one_line(casefile_main: Callable[..., Any],
                                           tmp_path: Path) -> None:  # fmt: skip
    rows = _jsonl(tmp_path, STATEMENTS[:1])
    result = casefile_main("batch", str(rows), "--engine", "dask",
                           "--scheduler", "tcp://127.0.0.1:9")  # fmt: skip
    assert result.code == 1
    assert "--scheduler tcp://127.0.0.1:9: cannot connect" in result.err
    assert len(result.err.strip().splitlines()) == 1


@pytest.mark.dask
def test_the_workers_of_a_local_cluster_write_to_a_relative_path(
    casefile_main: Callable[..., Any], tmp_path: Path
) -> None:
    """`--engine dask` on a LocalCluster: the workers write (auto), into the file the
    client names relative to its own working directory."""
    rows = _jsonl(tmp_path, STATEMENTS[:3])
    result = casefile_main("batch", str(rows), "--engine", "dask", "--workers", "1",
                           db=Path("relative.db"))  # fmt: skip
    assert result.code == 0 and "3 stored" in result.out
    with _db(tmp_path / "relative.db") as db:
        actors = db.execute("SELECT actor FROM audit_log WHERE action = 'document.ingest'")
        assert len(actors.fetchall()) == 3


def test_what_a_failed_task_logs_holds_no_text_nor_password() -> None:
    """Dask logs a failed task's arguments: a document's text and the store's password
    stay out of their reprs."""
    from casefile.batch.inputs import WorkItem
    from casefile.batch.write import StoreWriter

    item = WorkItem("ab" * 32, "note.txt", b"The invented witness Pell Arvan spoke.", True)
    writer = StoreWriter("postgresql://casefile:s3cret@db.invalid/cases", "tester")
    assert "Pell Arvan" not in repr(item) and "note.txt" in repr(item)
    assert "s3cret" not in repr(writer) and "tester" in repr(writer)
