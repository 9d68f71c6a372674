"""Running an extractor over a gold set, and the micro-averaged report of how it did."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from casefile.evaluation.gold import GoldDocument
from casefile.evaluation.scoring import Counts, DocScore, Extractor, score_document
from casefile.model import EVENT_TYPES

_EMPTY_OUTPUT: dict[str, Any] = {"persons": [], "organisations": [], "events": [], "statistics": []}


@dataclass
class Totals:
    """Counts summed over documents: every rate is micro-averaged."""

    documents: int = 0
    typed: Counts = field(default_factory=Counts)
    dated: Counts = field(default_factory=Counts)
    victims: Counts = field(default_factory=Counts)
    term_correct: int = 0
    term_total: int = 0
    per_type: dict[str, Counts] = field(default_factory=dict)

    @property
    def term_accuracy(self) -> float | None:
        return self.term_correct / self.term_total if self.term_total else None

    def add(self, doc: DocScore) -> None:
        self.documents += 1
        self.typed += doc.typed
        self.dated += doc.dated
        self.victims += doc.victims
        self.term_correct += doc.term_correct
        self.term_total += doc.term_total
        for etype, counts in doc.per_type.items():
            self.per_type.setdefault(etype, Counts()).__iadd__(counts)


@dataclass
class EvalReport:
    docs: list[DocScore]
    overall: Totals
    by_language: dict[str, Totals]

    @property
    def problems(self) -> list[str]:
        return [f"{d.name}: {p}" for d in self.docs for p in d.problems]


def build_report(scores: Sequence[DocScore]) -> EvalReport:
    overall, by_language = Totals(), dict[str, Totals]()
    for doc in scores:
        overall.add(doc)
        by_language.setdefault(doc.language, Totals()).add(doc)
    return EvalReport(list(scores), overall, dict(sorted(by_language.items())))


def evaluate(docs: Sequence[GoldDocument], extractor: Extractor) -> EvalReport:
    """Run `extractor` on each gold text, handing it only the gold language and publication
    date, as a user would at ingest, and score the outputs."""
    scores = []
    for doc in docs:
        try:
            output: object = extractor(doc.text, doc.language, doc.published)
            failure = None
        except Exception as exc:  # noqa: BLE001 - one broken document must not end the run
            output, failure = _EMPTY_OUTPUT, f"extractor failed: {type(exc).__name__}: {exc}"
        score = score_document(doc, output)
        if failure:
            score.problems.insert(0, failure)
        scores.append(score)
    return build_report(scores)


def _type_order(etype: str) -> tuple[int, str]:
    return (EVENT_TYPES.index(etype) if etype in EVENT_TYPES else len(EVENT_TYPES), etype)


def _rate(x: float | None) -> str:
    return "    -" if x is None else f"{x:5.3f}"


def render_report(report: EvalReport, per_doc: bool = False) -> str:
    o = report.overall
    langs = ", ".join(f"{t.documents} {lang}" for lang, t in report.by_language.items())
    lines = [
        f"{o.documents} documents ({langs}): {o.typed.gold} gold events, {o.typed.sys} system"
        f" events, {o.victims.gold} gold victims",
        "",
        "             P      R      F1     tp",
    ]
    for label, c in (("typed", o.typed), ("dated", o.dated), ("victims", o.victims)):
        rates = f"{_rate(c.precision)}  {_rate(c.recall)}  {_rate(c.f1)}"
        lines.append(f"{label:<9} {rates}  {c.tp:5d}")
    lines.append(f"term accuracy {_rate(o.term_accuracy)} (n={o.term_total})")

    lines += ["", "lang  docs  gold   sys  typed F1  dated F1  victims F1  term acc (n)"]
    for lang, t in report.by_language.items():
        lines.append(
            f"{lang:<5} {t.documents:4d} {t.typed.gold:5d} {t.typed.sys:5d}"
            f"     {_rate(t.typed.f1)}     {_rate(t.dated.f1)}       {_rate(t.victims.f1)}"
            f"     {_rate(t.term_accuracy)} ({t.term_total})"
        )

    lines += ["", "type            gold   sys    P      R      F1"]
    for etype in sorted(o.per_type, key=_type_order):
        c = o.per_type[etype]
        lines.append(
            f"{etype:<14} {c.gold:5d} {c.sys:5d}  {_rate(c.precision)}  {_rate(c.recall)}"
            f"  {_rate(c.f1)}"
        )

    if per_doc:
        lines += ["", "doc                  lang  gold   sys  typed F1  dated F1"]
        for d in report.docs:
            lines.append(
                f"{d.name:<20} {d.language:<5} {d.typed.gold:4d} {d.typed.sys:5d}"
                f"     {_rate(d.typed.f1)}     {_rate(d.dated.f1)}"
            )

    problems = report.problems
    if problems:
        # Always shown: a malformed output silently scored as zero would look like a weak
        # extractor rather than a broken one.
        lines += ["", f"{len(problems)} problems in system output:"]
        lines += [f"  {p}" for p in problems[:20]]
        if len(problems) > 20:
            lines.append(f"  ... and {len(problems) - 20} more (see --json)")
    return "\n".join(lines) + "\n"


def _counts(c: Counts) -> dict[str, Any]:
    return {
        "tp": c.tp,
        "sys": c.sys,
        "gold": c.gold,
        "precision": round(c.precision, 4),
        "recall": round(c.recall, 4),
        "f1": round(c.f1, 4),
    }


def _totals(t: Totals) -> dict[str, Any]:
    acc = t.term_accuracy
    return {
        "documents": t.documents,
        "typed": _counts(t.typed),
        "dated": _counts(t.dated),
        "victims": _counts(t.victims),
        "term_accuracy": None if acc is None else round(acc, 4),
        "term_n": t.term_total,
        "per_type": {k: _counts(t.per_type[k]) for k in sorted(t.per_type, key=_type_order)},
    }


def report_as_dict(report: EvalReport) -> dict[str, Any]:
    """The report as plain JSON-ready data, for `casefile eval --json`."""
    return {
        "overall": _totals(report.overall),
        "by_language": {lang: _totals(t) for lang, t in report.by_language.items()},
        "documents": [
            {
                "name": d.name,
                "language": d.language,
                "typed": _counts(d.typed),
                "dated": _counts(d.dated),
                "victims": _counts(d.victims),
                "term_correct": d.term_correct,
                "term_n": d.term_total,
                "problems": d.problems,
            }
            for d in report.docs
        ],
        "problems": report.problems,
    }


def _event_line(event: Any) -> str:
    if not isinstance(event, dict):
        return repr(event)[:120]
    quote = event.get("evidence")
    if isinstance(quote, dict):
        quote = quote.get("quote")
    quote = " ".join(str(quote or "").split())[:90]
    return (
        f"{event.get('type')} | {event.get('participant')} | {event.get('date')} "
        f"{event.get('term') or ''} {event.get('term_kind') or ''} | {quote}"
    )


def render_errors(report: EvalReport) -> str:
    """What the system missed, added, or dated wrongly, document by document."""
    lines: list[str] = []
    for d in report.docs:
        wrong_dates = [m for m in d.matches if not m.date_ok]
        if not (d.misses or d.false_positives or wrong_dates):
            continue
        lines.append(f"== {d.name} ({d.language})")
        lines += [f"  miss  {_event_line(e)}" for e in d.misses]
        lines += [f"  extra {_event_line(e)}" for e in d.false_positives]
        lines += [
            f"  date  {_event_line(m.system)}  (gold {m.gold.get('date')})" for m in wrong_dates
        ]
    return "\n".join(lines)
