"""Which threshold, floor and rules policy training ships: out-of-fold figures decide, and
dropping the rules' events must win clearly (`learn.train.CrossValidation.best`)."""

from __future__ import annotations

from casefile.evaluation.report import build_report
from casefile.evaluation.scoring import Counts
from casefile.learn.train import DROP_RULES_MARGIN, CrossValidation


def report(typed_f1: float):
    """An evaluation report whose overall typed F1 is `typed_f1` (one document's counts)."""
    base = build_report([])
    # precision = recall = F1 when as many events are output as the gold has
    base.overall.typed = Counts(tp=round(typed_f1 * 1000), sys=1000, gold=1000)
    return base


def validation(figures: dict[tuple[bool, float, float | None], float]) -> CrossValidation:
    return CrossValidation(report(0.0), {k: report(v) for k, v in figures.items()}, {}, {})


def test_dropping_the_rules_events_needs_a_clear_margin():
    near = validation({(False, 0.3, None): 0.542, (True, 0.3, 0.9): 0.540,
                       (True, 0.5, None): 0.530})
    assert near.best() == (True, 0.3, 0.9)


def test_a_clear_gain_from_dropping_them_is_taken():
    clear = validation({(False, 0.3, None): 0.56, (True, 0.3, None): 0.56 - 2 * DROP_RULES_MARGIN})
    assert clear.best() == (False, 0.3, None)


def test_otherwise_the_best_figure_wins():
    plain = validation({(True, 0.3, None): 0.50, (True, 0.45, 0.5): 0.52})
    assert plain.best() == (True, 0.45, 0.5)
