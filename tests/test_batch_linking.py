"""`casefile batch` links once at the end (or every N batches) the persons that linking
after each batch would have linked, and a run stopped before linking leaves its batches
queued for the next run. Invented statements and names."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from casefile.batch.engines import LocalEngine
from casefile.batch.inputs import check_inputs
from casefile.batch.run import run_batch
from casefile.extract.pipeline import PipelineConfig
from casefile.store import open_store

# Spellings of invented people spread over batches of two, so that a name is linked to
# cases stored batches earlier and later, merged, and proposed (a lone surname).
STATEMENTS = [
    "Police in Velsk detained the blogger Timur Zholdybayev on 4 March 2024.",
    "The activist Aigul Sadykova was fined on 2 February 2023 by a court in Ostrel.",
    "On 11 June 2022 the journalist Timur Joldybaev was charged with hooliganism.",
    "Nurlan Sadykov, a lawyer, was arrested on 5 May 2023 in Velsk.",
    "Zholdybayev was questioned by the police in Velsk on 2 March 2024.",
    "The court sentenced Timur Zholdybaev to three years in prison on 9 September 2024.",
    "Police detained the student Nurlan Sadikov on 20 January 2024.",
    "The blogger T. Zholdybayev was released on 1 December 2024.",
    "Aigul Sadikova was detained on 3 April 2024 in Ostrel.",
    "The poet Nurlan Sarykov was detained on 7 July 2023.",
    "Police detained the activist Aigul Zholdybayeva on 8 August 2023.",
    "A. Sadykova was fined again on 6 October 2024.",
    "Sadykov was questioned by the police in Velsk on 2 March 2024.",
]


def _rows(root: Path) -> list[Any]:
    path = root / "rows.jsonl"
    path.write_text("".join(json.dumps({"text": t, "language": "en"}) + "\n"
                            for t in STATEMENTS), encoding="utf-8")  # fmt: skip
    return check_inputs([str(path)])


def _linked(path: Path) -> tuple[set[frozenset[str]], set[frozenset[frozenset[str]]]]:
    """The cases as sets of person names, and the proposals as pairs of such cases:
    what was linked, whichever ids the merges kept."""
    with sqlite3.connect(path) as db:
        case_of = dict(db.execute("SELECT id, coalesce(merged_into, id) FROM persons"))
        names: dict[int, set[str]] = {}
        for pid, name in db.execute("SELECT id, name FROM persons"):
            names.setdefault(case_of[pid], set()).add(name)
        cases = {c: frozenset(n) for c, n in names.items()}
        proposals = {frozenset({cases[case_of[a]], cases[case_of[b]]})
                     for a, b in db.execute("SELECT person_a, person_b FROM link_proposals")}
    return set(cases.values()), proposals


@pytest.fixture(scope="module")
def engine() -> LocalEngine:
    return LocalEngine(PipelineConfig())


def _run(engine: LocalEngine, inputs: list[Any], db: Path, link_every: int) -> Any:
    with open_store(db) as store:
        return run_batch(inputs, store, engine, "tester", batch_size=2, link_every=link_every)


def test_linking_at_the_end_links_what_linking_each_batch_links(
    engine: LocalEngine, tmp_path: Path
) -> None:
    inputs = _rows(tmp_path)
    each = _run(engine, inputs, tmp_path / "each.db", link_every=1)
    at_end = _run(engine, inputs, tmp_path / "end.db", link_every=0)
    every_3 = _run(engine, inputs, tmp_path / "three.db", link_every=3)
    cases, proposals = _linked(tmp_path / "each.db")
    # The statements do link across batches and do ask: the comparison means something.
    assert {"Timur Zholdybayev", "Timur Joldybaev", "Timur Zholdybaev"} <= next(
        c for c in cases if "Timur Zholdybayev" in c)
    assert any(len(c) >= 2 for c in cases if "Nurlan Sadykov" in c)
    assert proposals, "the lone surnames should be proposals"
    assert each.linked > 0 and each.proposed > 0
    for name in ("end.db", "three.db"):
        assert _linked(tmp_path / name) == (cases, proposals), name
    assert (at_end.linked, at_end.proposed) == (each.linked, each.proposed)
    assert (every_3.linked, every_3.proposed) == (each.linked, each.proposed)
    with sqlite3.connect(tmp_path / "end.db") as db:
        assert db.execute("SELECT count(*) FROM link_queue").fetchone()[0] == 0


def test_a_run_stopped_before_linking_is_linked_by_the_next(
    engine: LocalEngine, tmp_path: Path, casefile_main: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    import casefile.batch.run as batch_run

    inputs = _rows(tmp_path)
    _run(engine, inputs, tmp_path / "each.db", link_every=1)
    real = batch_run.link_passes

    def stopped(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt  # Ctrl-C once every batch is stored, before linking

    monkeypatch.setattr(batch_run, "link_passes", stopped)
    db = tmp_path / "cases.db"
    with pytest.raises(KeyboardInterrupt):
        _run(engine, inputs, db, link_every=0)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == len(STATEMENTS)
        assert conn.execute("SELECT count(*) FROM person_merges").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM link_queue").fetchone()[0] == 7
    monkeypatch.setattr(batch_run, "link_passes", real)
    result = casefile_main("batch", str(tmp_path / "rows.jsonl"), db=db)
    assert result.code == 0, result.out
    assert f"0 stored, {len(STATEMENTS)} already stored" in result.out
    assert _linked(db) == _linked(tmp_path / "each.db")
    assert casefile_main("verify", db=db).code == 0


def test_a_run_stopped_while_linking_finishes_the_queue(
    engine: LocalEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stopped after three batches were linked: they left the queue, the others are
    linked by the next run, and the result is the same."""
    from casefile.store.sqlite import SQLiteStore

    inputs = _rows(tmp_path)
    _run(engine, inputs, tmp_path / "each.db", link_every=1)
    real = SQLiteStore.drop_queued_links
    dropped: list[int] = []

    def drop(self: Any, queue_id: int) -> None:
        real(self, queue_id)
        dropped.append(queue_id)
        if len(dropped) == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr(SQLiteStore, "drop_queued_links", drop)
    db = tmp_path / "cases.db"
    with pytest.raises(KeyboardInterrupt):
        _run(engine, inputs, db, link_every=0)
    monkeypatch.setattr(SQLiteStore, "drop_queued_links", real)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM link_queue").fetchone()[0] == 4
    _run(engine, inputs, db, link_every=0)
    assert _linked(db) == _linked(tmp_path / "each.db")
