"""Which threshold, floor and rules policy training ships: out-of-fold figures decide, and
dropping the rules' events must win clearly (`learn.validation.CrossValidation.best`)."""

from __future__ import annotations

from casefile.evaluation.report import build_report
from casefile.evaluation.scoring import Counts, DocScore
from casefile.learn.validation import (
    DROP_RULES_MARGIN,
    SPLIT_MARGIN,
    THRESHOLD_TIE,
    CrossValidation,
    Plan,
)


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


def test_a_higher_threshold_within_the_tie_goes_to_the_lower_one():
    # judged with their neighbours, 0.4 beats 0.35 by 0.0004, under THRESHOLD_TIE
    assert THRESHOLD_TIE > 0.0004
    tied = validation({(True, 0.3, 0.5): 0.600, (True, 0.35, 0.5): 0.640,
                       (True, 0.4, 0.5): 0.640, (True, 0.45, 0.5): 0.6012})
    assert tied.f1((True, 0.4, 0.5)) > tied.f1((True, 0.35, 0.5))
    assert tied.best() == (True, 0.35, 0.5)
    assert tied.best_plan() == Plan((True, 0.35, 0.5))


def test_a_higher_threshold_that_wins_clearly_is_taken():
    clear = validation({(True, 0.3, 0.5): 0.600, (True, 0.35, 0.5): 0.640,
                        (True, 0.4, 0.5): 0.640, (True, 0.45, 0.5): 0.620})
    assert clear.f1((True, 0.4, 0.5)) - clear.f1((True, 0.35, 0.5)) > THRESHOLD_TIE
    assert clear.best() == (True, 0.4, 0.5)


def scored(name: str, tp: int, sys_: int, gold: int) -> DocScore:
    return DocScore(name=name, language="en", typed=Counts(tp, sys_, gold))


def by_length(per_choice: dict[tuple[bool, float, float | None], list[DocScore]],
              lengths: dict[str, int]) -> CrossValidation:
    return CrossValidation(build_report([]), {k: build_report(v) for k, v in per_choice.items()},
                           {}, {}, lengths)


def test_long_documents_get_a_choice_of_their_own_when_it_pays():
    # keeping the rules' events suits the statement; the article wants them dropped
    split = by_length({
        (True, 0.3, None): [scored("statement", 9, 10, 10), scored("article", 10, 40, 20)],
        (False, 0.3, None): [scored("statement", 6, 8, 10), scored("article", 10, 15, 20)],
    }, {"statement": 800, "article": 9000})
    plan = split.best_plan()
    assert plan.short == (True, 0.3, None) and plan.long == (False, 0.3, None)
    assert plan.choice_for(800) == plan.short and plan.choice_for(9000) == plan.long
    assert split.report(plan).overall.typed.tp == 19


def test_no_split_when_one_choice_is_as_good():
    assert SPLIT_MARGIN > 0  # a split must gain, not tie
    same = by_length({
        (True, 0.3, None): [scored("statement", 9, 10, 10), scored("article", 10, 15, 20)],
        (False, 0.3, None): [scored("statement", 9, 10, 10), scored("article", 10, 15, 20)],
    }, {"statement": 800, "article": 9000})
    assert same.best_plan() == Plan((True, 0.3, None))


def test_short_documents_keep_the_rules_events_even_when_dropping_them_wins():
    # dropping wins overall, decided by the article; the statement keeps the rules' events
    articles = by_length({
        (True, 0.3, None): [scored("statement", 9, 10, 10), scored("article", 10, 40, 20)],
        (False, 0.3, None): [scored("statement", 9, 10, 10), scored("article", 12, 14, 20)],
    }, {"statement": 800, "article": 9000})
    assert articles.best() == (False, 0.3, None)
    plan = articles.best_plan()
    assert plan.choice_for(800) == (True, 0.3, None)
    assert plan.choice_for(9000) == (False, 0.3, None)


def test_further_dealings_of_the_folds_judge_the_choice_with_the_first():
    # two victim floors, so that each choice is judged alone (no threshold beside it)
    first = {(True, 0.3, None): report(0.60), (True, 0.3, 0.5): report(0.59)}
    others = [{(True, 0.3, None): report(0.55), (True, 0.3, 0.5): report(0.62)}
              for _ in range(2)]
    judged = CrossValidation(report(0.0), first, {}, {}, {}, others)
    assert judged.best() == (True, 0.3, 0.5)  # 0.61 over all three against 0.567
    alone = CrossValidation(report(0.0), first, {}, {})
    assert alone.best() == (True, 0.3, None)
    plan = Plan((True, 0.3, 0.5))
    assert judged.report(plan).overall.typed.f1 == 0.59  # the card's figure: first dealing
    assert [r.overall.typed.f1 for r in judged.reports(plan)] == [0.59, 0.62, 0.62]


def test_a_threshold_is_judged_with_its_neighbours():
    # a lone peak at 0.3 loses to the plateau from 0.4 on
    curve = {0.3: 0.62, 0.35: 0.50, 0.4: 0.60, 0.45: 0.60, 0.5: 0.60}
    judged = validation({(True, t, None): f1 for t, f1 in curve.items()})
    assert judged.best() == (True, 0.45, None)
