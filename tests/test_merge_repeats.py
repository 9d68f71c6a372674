"""After the decision: a person's events of one type that carry the same date are one
event told twice (`merge.merge_repeats`). Invented names and dates."""

from __future__ import annotations

from casefile.extract.components.merge import merge_repeats
from casefile.model import Event, Evidence, PartialDate, Provenance

_PROVENANCE = Provenance("test", "0", 1.0)


def _event(kind: str, start: int, date: str | None = None, **fields: object) -> Event:
    evidence = Evidence("doc", start, start + 5, "words")
    return Event(kind, "Orla Venn", evidence, _PROVENANCE,
                 date=PartialDate.parse(date) if date else None, **fields)  # type: ignore[arg-type]


def test_an_unqualified_sentence_and_its_stated_term_the_same_day_are_one_event() -> None:
    plain = _event("sentence", 0, "2031-04-11", term_kind="prison")
    stated = _event("sentence", 40, "2031-04-11", term="P6Y", term_kind="prison")
    death = _event("sentence", 80, "2031-04-11", term_kind="death")
    assert merge_repeats([plain, stated]) == [plain]
    assert (plain.term, plain.term_kind) == ("P6Y", "prison")
    merged = merge_repeats([_event("sentence", 0, "2031-04-11", term_kind="prison"), death])
    assert [e.term_kind for e in merged] == ["death"]


def test_different_terms_dates_or_undated_repeats_stay_apart() -> None:
    six = _event("sentence", 0, "2031-04-11", term="P6Y", term_kind="prison")
    two = _event("sentence", 40, "2031-04-11", term="P2Y", term_kind="prison")
    assert len(merge_repeats([six, two])) == 2
    assert len(merge_repeats([_event("arrest", 0, "2031-04-11"),
                              _event("arrest", 9, "2031-05-02")])) == 2
    # the gold keeps a person's several undated custodies apart
    assert len(merge_repeats([_event("arrest", 0), _event("arrest", 9)])) == 2


def test_a_restriction_merges_only_with_the_same_label() -> None:
    listed = _event("restriction", 0, "2031-04-11", label="foreign agent")
    banned = _event("restriction", 40, "2031-04-11")
    assert len(merge_repeats([listed, banned])) == 2
    again = _event("restriction", 80, "2031-04-11", label="foreign agent")
    assert merge_repeats([listed, again]) == [listed]
