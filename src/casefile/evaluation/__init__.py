"""Scoring an extractor against gold files, as GUIDELINES.md "How a system's output is scored"
defines it: one-to-one event matching, typed/dated/victims P/R/F1 micro-averaged, term
accuracy, per type and per language."""

from casefile.evaluation.gold import GoldDocument, GoldError, load_gold_dir, load_gold_file
from casefile.evaluation.report import (
    EvalReport,
    Totals,
    build_report,
    evaluate,
    render_errors,
    render_report,
    report_as_dict,
)
from casefile.evaluation.scoring import (
    Counts,
    DocScore,
    EventMatch,
    Extractor,
    date_agrees,
    name_tokens,
    score_document,
    term_agrees,
)

__all__ = [
    "Counts",
    "DocScore",
    "EvalReport",
    "EventMatch",
    "Extractor",
    "GoldDocument",
    "GoldError",
    "Totals",
    "build_report",
    "date_agrees",
    "evaluate",
    "load_gold_dir",
    "load_gold_file",
    "name_tokens",
    "render_errors",
    "render_report",
    "report_as_dict",
    "score_document",
    "term_agrees",
]
