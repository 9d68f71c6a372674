"""bench/sealed_spread.py: the spread of typed F1 over resampled sets of documents, on
invented per-document counts (the bench itself trains on the corpus, outside make test)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest


def _bench():
    path = Path(__file__).resolve().parents[1] / "bench" / "sealed_spread.py"
    spec = importlib.util.spec_from_file_location("sealed_spread_bench", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up by name
    spec.loader.exec_module(module)
    return module


def _counts(bench, short_tp: int, long_tp: int) -> dict:
    # Ten short statements and ten articles of invented counts: every short one with four
    # gold events, every article with ten, the articles right on their first half only.
    out = {}
    for i in range(10):
        out[f"s{i}"] = bench.DocCounts("en", 800, short_tp if i % 2 else 4, 4, 4)
        out[f"a{i}"] = bench.DocCounts("en", 9000, long_tp if i < 5 else 0, 10, 10)
    out["r0"] = bench.DocCounts("ru", 800, 1, 1, 1)
    return out


def test_sets_are_drawn_by_kind_and_the_same_for_the_same_seed():
    bench = _bench()
    counts = _counts(bench, 4, 10)
    sets = bench.resampled(counts, "en", 3, 2, 50, seed=7)
    assert sets == bench.resampled(counts, "en", 3, 2, 50, seed=7)
    assert sets != bench.resampled(counts, "en", 3, 2, 50, seed=8)
    assert all(len(s) == 5 and all(n.startswith("s") for n in s[:3])
               and all(n.startswith("a") for n in s[3:]) for s in sets)


def test_documents_that_score_alike_give_no_spread_and_unlike_ones_do():
    bench = _bench()
    alike = {n: c for n, c in _counts(bench, 4, 10).items() if n.startswith("s")}
    sets = bench.resampled(alike, "en", 5, 0, 200, seed=1)
    assert bench.spread(alike, sets) == (pytest.approx(1.0), pytest.approx(0.0))
    unlike = _counts(bench, 4, 10)
    mean, sd = bench.spread(unlike, bench.resampled(unlike, "en", 4, 4, 2000, seed=1))
    assert 0.6 < mean < 0.9 and sd > 0.05


def test_a_model_better_on_every_document_is_never_below_on_a_set():
    bench = _bench()
    worse, better = _counts(bench, 2, 6), _counts(bench, 3, 8)
    sets = bench.resampled(worse, "en", 4, 4, 500, seed=3)
    mean, _, below = bench.paired(worse, better, sets)
    assert mean > 0 and below == 0.0


def test_the_command_reads_dumped_counts_and_says_what_is_wrong_in_one_line(tmp_path, capsys):
    bench = _bench()
    dump = tmp_path / "counts.json"
    dump.write_text(json.dumps({n: vars(c) for n, c in _counts(bench, 2, 6).items()}))
    assert bench.main(["--counts", str(dump), "--short", "4", "--long", "4",
                       "--samples", "200", "--compare", str(dump)]) == 0
    out = capsys.readouterr().out
    assert "en: out of fold typed F1" in out and "mean +0.0000, sd 0.0000" in out
    assert bench.main(["--counts", str(tmp_path / "missing.json")]) == 2
    assert bench.main(["--counts", str(dump), "--languages", "kk"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 2 and "kk" in err.splitlines()[-1]
