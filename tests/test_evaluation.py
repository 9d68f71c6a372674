"""The scorer, pinned rule by rule on small invented gold files."""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path
from typing import Any

import pytest

from casefile.evaluation import (
    GoldDocument,
    GoldError,
    date_agrees,
    evaluate,
    load_gold_dir,
    render_report,
    report_as_dict,
    score_document,
    term_agrees,
)
from casefile.evaluation.scoring import _best_matching


def ev(etype: str, who: str, date: str | None = None, **extra: Any) -> dict[str, Any]:
    event = {"type": etype, "participant": who, "date": date, "term": None, "term_kind": None}
    event.update(extra)
    return event


def gold(
    events: list[dict[str, Any]],
    persons: list[dict[str, Any]] | None = None,
    name: str = "d1",
    language: str = "en",
    published: str | None = "2024-01-10",
    text: str = "text",
) -> GoldDocument:
    if persons is None:
        names = dict.fromkeys(e["participant"] for e in events if e["type"] != "designation")
        persons = [{"name": n, "aliases": []} for n in names]
    return GoldDocument(name, Path(f"{name}.txt"), text, language, published, persons, events)


def system(*events: Any, persons: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"persons": persons or [], "organisations": [], "events": list(events), "statistics": []}


def write_gold(directory: Path, name: str, body: dict[str, Any], text: str = "Some text.") -> Path:
    (directory / f"{name}.txt").write_text(text, encoding="utf-8")
    path = directory / f"{name}.gold.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    return path


def gold_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "document": "a.txt",
        "language": "en",
        "published": "2024-02",
        "persons": [{"name": "Ayla Demirova", "aliases": [], "roles": [], "country": "XX"}],
        "events": [{**ev("arrest", "Ayla Demirova", "2024-01"), "charges": [], "label": None}],
        "statistics": [],
    }
    body.update(changes)
    return body


# Matching


def test_two_identical_system_events_match_one_gold_event_once() -> None:
    score = score_document(
        gold([ev("arrest", "Ayla Demirova")]),
        system(ev("arrest", "Ayla Demirova"), ev("arrest", "Ayla Demirova")),
    )
    assert (score.typed.tp, score.typed.sys, score.typed.gold) == (1, 2, 1)
    assert score.typed.precision == 0.5 and score.typed.recall == 1.0
    assert len(score.false_positives) == 1 and score.misses == []


@pytest.mark.parametrize(
    ("gold_name", "system_name", "matches"),
    [
        ("Marat Tulegenov", "Tulegenov", True),
        ("Tulegenov", "Marat Tulegenov", True),
        ("Marat Tulegenov", "Marat Ivanov", False),
        ("Marat Tulegenov", "Tulegen", False),
        ("Zeynal Sadigzade", "ZEYNAL SADIĞZADƏ", True),
        ("Andrei Lyn'ko", "andrei lyn’ko", True),
        ("Andrei Lyn'ko", "Andrei Lynko", True),
        ("Ter-Petrosyan", "Ter–Petrosyan", True),
        ("Phạm Thị Hoà", "Pham Thi Hoa", True),
        ("Фёдор Ломов", "ФЕДОР ЛОМОВ", True),
        ("Фёдор Ломов", "Ломов", True),
    ],
)
def test_participant_names(gold_name: str, system_name: str, matches: bool) -> None:
    score = score_document(gold([ev("trial", gold_name)]), system(ev("trial", system_name)))
    assert score.typed.tp == int(matches)


def test_gold_alias_matches_exactly_but_not_as_word_subset() -> None:
    persons = [{"name": "Lena Horvat", "aliases": ["Nadia Pim"]}]
    doc = gold([ev("charge", "Lena Horvat")], persons)
    by_alias = score_document(doc, system(ev("charge", "nadia pim")))
    assert by_alias.typed.tp == 1 and by_alias.victim_matches == [("Lena Horvat", "nadia pim")]
    # The guidelines allow word subsets of the name, and only equality for aliases.
    assert score_document(doc, system(ev("charge", "Pim"))).typed.tp == 0


def test_type_must_agree() -> None:
    score = score_document(gold([ev("arrest", "Ayla Demirova")]), system(ev("charge", "Ayla")))
    assert score.typed.tp == 0 and score.typed.sys == 1 and len(score.misses) == 1


def test_matching_maximises_matches_before_dates() -> None:
    # "Tulegenov" could take Marat's event with the right date, but then Aidos's event would
    # go unmatched: two typed matches beat one dated match.
    doc = gold([ev("arrest", "Marat Tulegenov", "2020"), ev("arrest", "Aidos Tulegenov", "2021")])
    out = system(ev("arrest", "Tulegenov", "2020"), ev("arrest", "Marat Tulegenov", "2021"))
    score = score_document(doc, out)
    assert score.typed.tp == 2
    assert score.dated.tp == 0


def test_matching_prefers_date_agreement_among_equal_pairs() -> None:
    doc = gold([ev("arrest", "Ayla Demirova", "2020-03"), ev("arrest", "Ayla Demirova", "2021")])
    out = system(ev("arrest", "Ayla Demirova", "2021-05-01"), ev("arrest", "Demirova", "2020-03"))
    score = score_document(doc, out)
    assert (score.typed.tp, score.dated.tp) == (2, 2)
    one = score_document(doc, system(ev("arrest", "Demirova", "2021")))
    assert one.dated.tp == 1 and one.misses[0]["date"] == "2020-03"


def test_exact_name_preferred_over_word_subset_when_all_else_ties() -> None:
    doc = gold([ev("arrest", "Varesk"), ev("arrest", "Nina Varesk")])
    score = score_document(doc, system(ev("arrest", "Nina Varesk")))
    assert [m.gold["participant"] for m in score.matches] == ["Nina Varesk"]


@pytest.mark.parametrize(
    ("gold_date", "system_date", "agrees"),
    [
        ("2023", "2023-11-30", True),
        ("2023", "2024-01-01", False),
        ("2023-11", "2023-11-05", True),
        ("2023-11", "2023-12-05", False),
        ("2023-11", "2023", False),
        ("2023-11-30", "2023-11-30", True),
        ("2023-11-30", "2023-11", False),
        ("--11-30", "2019-11-30", True),
        ("--11-30", "2019-11-29", False),
        ("--11-30", "2019-11", False),
        ("2023-11-30", "--11-30", False),
        (None, None, True),
        (None, "2020", True),
        ("2023", None, False),
        ("2023", "last year", False),
    ],
)
def test_date_agreement_at_gold_precision(
    gold_date: str | None, system_date: str | None, agrees: bool
) -> None:
    assert date_agrees(gold_date, system_date) is agrees
    score = score_document(
        gold([ev("arrest", "Ayla", gold_date)]), system(ev("arrest", "Ayla", system_date))
    )
    assert (score.typed.tp, score.dated.tp) == (1, int(agrees))


# Terms


@pytest.mark.parametrize(
    ("gold_term", "system_term", "gold_kind", "system_kind", "right"),
    [
        ("P1Y6M", "P18M", "prison", "prison", True),
        ("P1Y", "P12M", "prison", "prison", True),
        ("P2W", "P14D", "administrative_detention", "administrative_detention", True),
        (None, None, "life", "life", True),
        ("P7Y", "P7Y", "prison", "suspended", False),
        ("P7Y", "P6Y", "prison", "prison", False),
        ("P1M", "P30D", "prison", "prison", False),
        (None, "P5Y", "prison", "prison", False),
        ("P5Y", "five years", "prison", "prison", False),
    ],
)
def test_term_compared_by_value_with_kind(
    gold_term: str | None, system_term: str | None, gold_kind: str, system_kind: str, right: bool
) -> None:
    g = ev("sentence", "Ayla", term=gold_term, term_kind=gold_kind)
    s = ev("sentence", "Ayla", term=system_term, term_kind=system_kind)
    assert term_agrees(g, s) is right
    score = score_document(gold([g]), system(s))
    assert (score.term_correct, score.term_total) == (int(right), 1)


def test_term_accuracy_counts_only_matched_sentences_and_prefers_right_terms() -> None:
    doc = gold(
        [
            ev("sentence", "Ayla", term="P2Y", term_kind="prison"),
            ev("sentence", "Ayla", term="P5Y", term_kind="prison"),
            ev("sentence", "Omar Bek", term="P1Y", term_kind="prison"),
            ev("arrest", "Ayla"),
        ]
    )
    out = system(
        ev("sentence", "Ayla", term="P60M", term_kind="prison"),
        ev("sentence", "Ayla", term="P24M", term_kind="prison"),
        ev("arrest", "Ayla"),
    )
    score = score_document(doc, out)
    assert (score.term_correct, score.term_total) == (2, 2)


# Victims


def test_victims_are_participants_of_person_events() -> None:
    doc = gold(
        [
            ev("arrest", "Uladz Varesk"),
            ev("charge", "Nina Varesk"),
            ev("designation", "Free Voice Union"),
        ]
    )
    out = system(
        ev("arrest", "Varesk"),
        ev("charge", "Varesk"),
        ev("search", "Petr Sova"),
        ev("designation", "Free Voice Union"),
        persons=[{"name": "Somebody Listed", "aliases": []}],
    )
    score = score_document(doc, out)
    assert (score.victims.tp, score.victims.sys, score.victims.gold) == (1, 2, 2)
    assert score.victim_false_positives == ["Petr Sova"]
    assert len(score.victim_misses) == 1


def test_system_aliases_fold_name_variants_into_one_victim() -> None:
    doc = gold([ev("arrest", "Marat Tulegenov"), ev("release", "Marat Tulegenov")])
    out = system(
        ev("arrest", "Marat Tulegenov"),
        ev("release", "Tulegenov"),
        persons=[{"name": "Marat Tulegenov", "aliases": ["Tulegenov"]}],
    )
    assert score_document(doc, out).victims.sys == 1
    unfolded = score_document(
        doc, system(ev("arrest", "Marat Tulegenov"), ev("release", "Tulegenov"))
    )
    assert (unfolded.victims.tp, unfolded.victims.sys) == (1, 2)


# Aggregation


def test_micro_average_per_language_and_per_type() -> None:
    doc_en = gold([ev("arrest", "Ayla")], name="a", language="en", text="A")
    ivan = "Иван Петров"
    doc_ru = gold(
        [ev("arrest", ivan), ev("charge", ivan), ev("trial", ivan)],
        name="b",
        language="ru",
        text="B",
    )
    outputs = {
        "A": system(ev("arrest", "Ayla")),
        "B": system(ev("arrest", "Олег Сидоров"), ev("detention", "Петров")),
    }
    report = evaluate([doc_en, doc_ru], lambda text, lang, pub: outputs[text])
    typed = report.overall.typed
    assert (typed.tp, typed.sys, typed.gold) == (1, 3, 4)
    # Micro, not macro: the mean of the documents' precisions would be (1 + 0) / 2.
    assert typed.precision == pytest.approx(1 / 3)
    assert typed.recall == pytest.approx(1 / 4)
    assert report.by_language["en"].typed.f1 == 1.0
    assert report.by_language["ru"].typed.f1 == 0.0
    arrest = report.overall.per_type["arrest"]
    assert (arrest.tp, arrest.sys, arrest.gold) == (1, 2, 2)
    assert report.overall.per_type["charge"].gold == 1
    assert report.overall.per_type["detention"].sys == 1
    assert "unknown event type 'detention'" in " ".join(report.problems)


def test_extractor_gets_only_text_language_and_published() -> None:
    seen: list[tuple[str, str | None, str | None]] = []

    def extractor(text: str, language: str | None, published: str | None) -> dict[str, Any]:
        seen.append((text, language, published))
        return system()

    evaluate([gold([], language="ru", published="2023-11")], extractor)
    assert seen == [("text", "ru", "2023-11")]


def test_render_report_and_dict() -> None:
    doc = gold([ev("arrest", "Ayla", "2024"), ev("sentence", "Ayla", term="P1Y", term_kind="fine")])
    out = system(
        ev("arrest", "Ayla", "2023"), ev("sentence", "Ayla", term="P12M", term_kind="fine")
    )
    report = evaluate([doc], lambda *_: out)
    text = render_report(report, per_doc=True)
    assert "term accuracy 1.000 (n=1)" in text
    assert "dated     0.500  0.500  0.500" in text
    assert any(line.startswith("d1 ") and "1.000     0.500" in line for line in text.splitlines())
    assert "d1 " not in render_report(report)
    data = json.loads(json.dumps(report_as_dict(report)))
    assert data["overall"]["typed"]["f1"] == 1.0
    assert data["overall"]["dated"]["tp"] == 1
    assert data["by_language"]["en"]["per_type"]["sentence"]["tp"] == 1
    assert data["documents"][0]["name"] == "d1"


def test_empty_gold_and_empty_output_is_a_perfect_document() -> None:
    score = score_document(gold([]), system())
    assert score.typed.f1 == 1.0 and score.victims.f1 == 1.0


# Malformed system output


@pytest.mark.parametrize(
    ("output", "problem"),
    [
        (["not", "a", "dict"], "not an object"),
        ({"events": "nope"}, "'events' is not a list"),
        ({"persons": []}, "output lacks 'organisations', 'events', 'statistics'"),
        (system("an event?"), "events[0]: not an object"),
        (system({"type": "arrest"}), "events[0]: no participant name"),
        (system(ev("arest", "Ayla")), "events[0]: unknown event type 'arest'"),
        (system({"participant": "Ayla"}), "events[0]: unknown event type None"),
    ],
)
def test_malformed_output_is_reported_not_fatal(output: Any, problem: str) -> None:
    score = score_document(gold([ev("arrest", "Ayla")]), output)
    assert score.typed.tp == 0 and len(score.misses) == 1
    assert any(problem in p for p in score.problems), score.problems


def test_bad_date_still_matches_by_type_and_is_reported() -> None:
    score = score_document(
        gold([ev("arrest", "Ayla", "2024")]), system(ev("arrest", "Ayla", "30.11.2024"))
    )
    assert (score.typed.tp, score.dated.tp, score.typed.sys) == (1, 0, 1)
    assert "not an ISO date" in score.problems[0]


def test_extractor_failure_is_reported_and_scored_as_empty() -> None:
    def broken(text: str, language: str | None, published: str | None) -> dict[str, Any]:
        raise RuntimeError("model missing")

    report = evaluate([gold([ev("arrest", "Ayla")])], broken)
    assert report.overall.typed.recall == 0.0
    assert report.problems == ["d1: extractor failed: RuntimeError: model missing"]
    assert "extractor failed" in render_report(report)


# Gold files


def test_load_gold_dir_reads_files_sorted_with_text(tmp_path: Path) -> None:
    write_gold(tmp_path, "b", gold_body(document="b.txt", published=None), text="Bee text")
    write_gold(tmp_path, "a", gold_body(), text="Ayla Demirova was arrested.")
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")
    docs = load_gold_dir(tmp_path)
    assert [d.name for d in docs] == ["a", "b"]
    assert docs[0].text == "Ayla Demirova was arrested." and docs[0].published == "2024-02"
    assert docs[1].published is None and docs[1].events[0]["type"] == "arrest"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{not json", "invalid JSON"),
        ([], "top level must be a JSON object"),
        (gold_body(language=None), "language: must be a non-empty string"),
        ({k: v for k, v in gold_body().items() if k != "events"}, "missing key 'events'"),
        (gold_body(document="missing.txt"), "document 'missing.txt': cannot read"),
        (gold_body(published="Feb 2024"), "published: not an ISO date"),
        (gold_body(events=[ev("detention", "Ayla")]), "events[0].type: unknown event type"),
        (gold_body(events=[ev("arrest", "")]), "events[0].participant"),
        (gold_body(events=[ev("arrest", "Ayla", "2024-13")]), "events[0].date: month out"),
        (gold_body(events=[ev("sentence", "Ayla", term="7 years")]), "events[0].term"),
        (gold_body(events=[ev("sentence", "A", term_kind="jail")]), "unknown term kind 'jail'"),
        (gold_body(persons=[{"name": "A", "aliases": "B"}]), "persons[0].aliases"),
        (gold_body(events={}), "events: must be a list of objects"),
    ],
)
def test_malformed_gold_raises_one_line_error_naming_file(
    tmp_path: Path, body: Any, message: str
) -> None:
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    path = tmp_path / "a.gold.json"
    path.write_text(body if isinstance(body, str) else json.dumps(body), encoding="utf-8")
    with pytest.raises(GoldError) as info:
        load_gold_dir(tmp_path)
    assert str(path) in str(info.value) and message in str(info.value)
    assert "\n" not in str(info.value)


def test_gold_dir_without_gold_files_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(GoldError, match="no \\*.gold.json files"):
        load_gold_dir(tmp_path)


# The assignment solver


Table = dict[tuple[int, int], tuple[int, ...]]


def _brute_force_best(table: Table, n: int, m: int) -> tuple[int, ...]:
    """The lexicographically best sum of weight tuples over every one-to-one pairing."""
    width = len(next(iter(table.values()), ()))
    best: tuple[int, ...] = (0,) * width
    for k in range(min(n, m) + 1):
        for rs in itertools.permutations(range(n), k):
            for cs in itertools.combinations(range(m), k):
                pairs = list(zip(rs, cs, strict=True))
                if all(p in table for p in pairs):
                    best = max(best, tuple(sum(table[p][i] for p in pairs) for i in range(width)))
    return best


@pytest.mark.parametrize("seed", range(300))
def test_matching_is_optimal_and_lexicographic(seed: int) -> None:
    # Tuples like (typed, date, term, name): more typed matches always beat any number of
    # date or term agreements, and so on down.
    rng = random.Random(seed)
    n, m = rng.randint(1, 4), rng.randint(1, 4)
    table: Table = {
        (r, c): (1, rng.randint(0, 1), rng.randint(0, 1), rng.randint(0, 1))
        for r in range(n)
        for c in range(m)
        if rng.random() < 0.7
    }
    pairs = _best_matching(list(range(n)), list(range(m)), lambda r, c: table.get((r, c)))
    assert len({r for r, _ in pairs}) == len(pairs) == len({c for _, c in pairs})
    got = tuple(sum(table[p][i] for p in pairs) for i in range(4)) if pairs else (0,) * 4
    assert got == (_brute_force_best(table, n, m) if table else (0,) * 4)
