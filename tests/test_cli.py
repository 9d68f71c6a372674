"""The command line end to end, on a temporary database.

Most cases run `casefile.cli.main()` in-process (`casefile_main`, see conftest.py): the
same argument parsing, exit codes and one-line errors as the console script, without
loading spaCy again. A few run the real console script (`casefile_script`) so that the
installed entry point, its exit status and its stderr are checked as a user sees them.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

# Invented people and places only.
SENTENCE_TXT = (
    "On 12 March 2024, journalist Arlen Tovas was sentenced to six years in prison "
    "by a court in Velsk.\n"
)
ARREST_MD = "# Urgent action\n\nOn 5 April 2024, police arrested lawyer Daniel Ostrov in Velsk.\n"
ARREST_HTML = (
    "<!DOCTYPE html><html><head><title>Velsk statement</title></head><body><article>"
    "<p>Karina Velt was arrested on 3 May 2024 in the city of Velsk after a protest.</p>"
    "</article></body></html>"
)
RUSSIAN_TXT = (
    "Журналист Арлен Товас был задержан 3 мая 2024 года в Вельске. "
    "Суд Вельска приговорил его к шести годам лишения свободы.\n"
)
EXTRACT_TXT = (
    "On 12 March 2024, journalist Arlen Tovas was sentenced to six years in prison "
    "by a court in Velsk.\n\n"
    "In 2018, a court designated the Free Velsk Movement (FVM) an extremist organization. "
    "Over the past year, eight persons have been convicted of sabotage.\n"
)


def one_line(text: str) -> str:
    """The single line `text` holds; fails if it holds more or fewer."""
    lines = text.splitlines()
    assert len(lines) == 1, f"expected one line, got {lines!r}"
    assert "Traceback" not in text
    return lines[0]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def statements(tmp_path: Path) -> Path:
    folder = tmp_path / "statements"
    write(folder / "sentence.txt", SENTENCE_TXT)
    write(folder / "urgent" / "arrest.md", ARREST_MD)
    write(folder / "protest.html", ARREST_HTML)
    return folder


def export_json(run) -> dict:
    result = run("export", "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)


# --- the real console script -----------------------------------------------------------


def test_console_script_ingest_folder_then_cases(casefile_script, statements, db_path):
    result = casefile_script("ingest", str(statements), "--published", "2024-06-01")
    assert result.code == 0, result.err
    assert result.err == ""
    lines = result.out.splitlines()
    assert len(lines) == 4  # one line per document, then the run's summary
    assert lines[-1].startswith("summary: 3 stored, 0 refreshed")
    for name in ("sentence.txt", "arrest.md", "protest.html"):
        (line,) = [x for x in lines if name in x]
        assert ": stored [en]" in line
        assert "events" in line and "persons" in line
    assert db_path.exists()

    cases = casefile_script("cases")
    assert cases.code == 0, cases.err
    rows = {line.split("  ")[0]: line for line in cases.out.splitlines()[1:]}
    assert "imprisoned" in rows["Arlen Tovas"]
    assert "journalist" in rows["Arlen Tovas"]
    assert "detained" in rows["Daniel Ostrov"]
    assert "detained" in rows["Karina Velt"]


def test_console_script_bad_input_is_one_line_and_nonzero(casefile_script, tmp_path, db_path):
    result = casefile_script("ingest", str(tmp_path / "missing.txt"))
    assert result.code == 1
    line = one_line(result.err)
    assert line.startswith("error: ") and "missing.txt" in line and "no such file" in line
    assert result.out == ""


def test_console_script_usage_error_is_one_line(casefile_script):
    result = casefile_script("frobnicate")
    assert result.code == 2
    line = one_line(result.err)
    assert line.startswith("error: ") and "frobnicate" in line  # not an "internal error"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["ingest"], "Missing argument"),
        (["export", "--no-such-option"], "--no-such-option"),
        (["show"], "Missing argument"),
    ],
)
def test_usage_errors_are_one_line(casefile_main, args, words):
    result = casefile_main(*args)
    assert result.code == 2
    line = one_line(result.err)
    assert line.startswith("error: ") and words in line


def test_no_arguments_shows_help_not_an_error(casefile_main, monkeypatch, capsys):
    import sys

    from casefile.cli import main

    monkeypatch.setattr(sys, "argv", ["casefile"])
    with pytest.raises(SystemExit) as exc:
        main()
    out, err = capsys.readouterr()
    assert exc.value.code == 2
    assert "Usage" in out + err and "ingest" in out + err
    assert "error" not in err


# --- ingest ----------------------------------------------------------------------------


def test_ingest_same_file_twice_stores_it_once(casefile_main, tmp_path):
    path = write(tmp_path / "sentence.txt", SENTENCE_TXT)
    first = casefile_main("ingest", str(path), "--published", "2024-06-01")
    assert first.code == 0, first.err
    assert ": stored [en]" in one_line(first.out)
    after_first = export_json(casefile_main)

    copy = write(tmp_path / "copy" / "same-bytes.txt", SENTENCE_TXT)
    for again in (path, copy):
        result = casefile_main("ingest", str(again), "--published", "2024-06-01")
        assert result.code == 0, result.err
        assert "already stored" in one_line(result.out)

    after = export_json(casefile_main)
    assert len(after["documents"]) == 1
    assert len(after_first["events"]) >= 1
    assert len(after["events"]) == len(after_first["events"])
    assert len(after["persons"]) == len(after_first["persons"])


def test_ingest_stdin(casefile_main):
    result = casefile_main(
        "ingest", "-", "--language", "en", "--published", "2024-06-01", stdin=ARREST_MD.encode()
    )
    assert result.code == 0, result.err
    line = one_line(result.out)
    assert line.startswith("<stdin>: stored [en]")
    data = export_json(casefile_main)
    assert [d["language"] for d in data["documents"]] == ["en"]
    assert any(e["type"] == "arrest" for e in data["events"])


def test_ingest_short_english_sentence_is_detected_as_english(casefile_main, tmp_path):
    path = write(tmp_path / "short.txt", "Karina Velt was arrested on 3 May 2024 in Velsk.\n")
    result = casefile_main("ingest", str(path))
    assert result.code == 0, result.err
    assert ": stored [en]" in one_line(result.out)


def test_ingest_russian_is_detected_and_extracted(casefile_main, tmp_path):
    path = write(tmp_path / "zayavlenie.txt", RUSSIAN_TXT)
    result = casefile_main("ingest", str(path))
    assert result.code == 0, result.err
    line = one_line(result.out)
    assert "[ru]" in line
    data = export_json(casefile_main)
    assert [d["language"] for d in data["documents"]] == ["ru"]
    events = {(e["type"], e["participant"]) for e in data["events"]}
    assert {("arrest", "Арлен Товас"), ("sentence", "Арлен Товас")} <= events


def test_ingest_published_not_a_date(casefile_main, tmp_path, db_path):
    path = write(tmp_path / "sentence.txt", SENTENCE_TXT)
    result = casefile_main("ingest", str(path), "--published", "notadate")
    assert result.code == 1
    assert result.out == ""
    assert "notadate" in one_line(result.err)
    assert not db_path.exists()


def test_ingest_empty_folder_says_so(casefile_main, tmp_path):
    (tmp_path / "nothing").mkdir()
    write(tmp_path / "nothing" / "notes.xyz", "not a supported type")
    result = casefile_main("ingest", str(tmp_path / "nothing"))
    assert result.code == 1
    assert "nothing to ingest" in one_line(result.err)


# --- extract ---------------------------------------------------------------------------


def test_extract_json_has_documented_keys_and_exact_evidence(casefile_main, tmp_path, db_path):
    path = write(tmp_path / "statement.txt", EXTRACT_TXT)
    result = casefile_main("extract", str(path), "--published", "2024-06-01", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert {"persons", "organisations", "events", "statistics"} <= set(data)
    assert data["document"]["published"] == "2024-06-01"
    text = path.read_text(encoding="utf-8")
    assert data["events"], "no events extracted"
    assert data["statistics"], "no statistics extracted"
    for fact in [*data["events"], *data["statistics"]]:
        ev = fact["evidence"]
        assert 0 <= ev["start"] < ev["end"] <= len(text)
        assert text[ev["start"] : ev["end"]] == ev["quote"]
    assert "Arlen Tovas" in {p["name"] for p in data["persons"]}
    assert not db_path.exists()  # extract stores nothing


def test_extract_stdin(casefile_main):
    result = casefile_main("extract", "-", "--language", "en", stdin=SENTENCE_TXT.encode())
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["document"]["source"] == "<stdin>"
    assert any(e["participant"] == "Arlen Tovas" for e in data["events"])


# --- cases and show --------------------------------------------------------------------


@pytest.fixture
def ingested(casefile_main, statements):
    result = casefile_main("ingest", str(statements), "--published", "2024-06-01")
    assert result.code == 0, result.err
    return casefile_main


def test_cases_lists_each_person_with_a_status(ingested):
    result = ingested("cases")
    assert result.code == 0, result.err
    header, *rows = result.out.splitlines()
    assert header.split()[:4] == ["person", "country", "roles", "status"]
    by_name = {row.split("  ")[0]: row for row in rows}
    assert set(by_name) >= {"Arlen Tovas", "Daniel Ostrov", "Karina Velt"}
    assert "imprisoned" in by_name["Arlen Tovas"]
    assert "detained" in by_name["Daniel Ostrov"]


def test_cases_on_empty_store(casefile_main):
    result = casefile_main("cases")
    assert result.code == 0
    assert result.out.strip() == "no cases yet"


def test_show_prints_timeline_with_dates_and_quotes(ingested):
    result = ingested("show", "Arlen Tovas")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].startswith("Arlen Tovas") and "imprisoned" in lines[0]
    dated = [line for line in lines if line.startswith("2024-03-12")]
    assert dated and "sentence" in dated[0] and "P6Y" in dated[0]
    quote_lines = [line for line in lines if '"' in line]
    assert any("was sentenced to six years in prison" in line for line in quote_lines)


def test_show_unknown_person_is_one_line_error(ingested):
    result = ingested("show", "Nobody Atall")
    assert result.code == 1
    assert result.out == ""
    line = one_line(result.err)
    assert line.startswith("error: ") and "Nobody Atall" in line


# --- export ----------------------------------------------------------------------------


def test_export_json_jsonl_csv_parse_back(ingested, tmp_path):
    data = export_json(ingested)
    n_events = len(data["events"])
    assert n_events >= 3
    assert len(data["documents"]) == 3
    texts = {d["sha256"]: d["text"] for d in data["documents"]}
    for event in data["events"]:
        ev = event["evidence"]
        assert texts[ev["document"]][ev["start"] : ev["end"]] == ev["quote"]

    jsonl = ingested("export", "--format", "jsonl")
    assert jsonl.code == 0, jsonl.err
    records = [json.loads(line) for line in jsonl.out.splitlines()]
    kinds = [r["kind"] for r in records]
    assert kinds.count("document") == 3
    assert kinds.count("event") == n_events

    out = tmp_path / "events.csv"
    result = ingested("export", "--format", "csv", "-o", str(out))
    assert result.code == 0, result.err
    assert result.out == ""
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == n_events
    assert {"type", "person", "date", "quote", "start", "end"} <= set(rows[0])
    assert any(r["person"] == "Arlen Tovas" and r["term"] == "P6Y" for r in rows)


def test_export_unknown_format_is_one_line_error(ingested):
    result = ingested("export", "--format", "xml")
    assert result.code == 1
    assert result.out == ""
    line = one_line(result.err)
    assert "xml" in line and "json" in line


def test_export_to_unwritable_place_is_one_line_error(ingested, tmp_path):
    result = ingested("export", "-o", str(tmp_path / "no" / "such" / "dir" / "x.json"))
    assert result.code == 1
    assert "cannot write" in one_line(result.err)


# --- reextract -------------------------------------------------------------------------


def test_reextract_keeps_counts_stable(ingested):
    before = export_json(ingested)
    result = ingested("reextract")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert len(lines) == 3
    assert all("already stored" in line for line in lines)
    after = export_json(ingested)
    assert len(after["events"]) == len(before["events"])
    assert len(after["persons"]) == len(before["persons"])
    assert sorted((e["type"], e["date"]) for e in after["events"]) == sorted(
        (e["type"], e["date"]) for e in before["events"]
    )


# --- eval ------------------------------------------------------------------------------

GOLD_TEXT = (
    "On 3 May 2024, police detained blogger Timur Baskov in Velsk. "
    "On 20 May 2024, a court in Velsk sentenced Timur Baskov to five years in prison.\n"
)


def gold_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "gold"
    write(folder / "case1.txt", GOLD_TEXT)
    gold = {
        "document": "case1.txt",
        "language": "en",
        "published": "2024-06-01",
        "persons": [{"name": "Timur Baskov", "aliases": [], "roles": ["blogger"], "country": None}],
        "events": [
            {
                "type": "arrest",
                "participant": "Timur Baskov",
                "date": "2024-05-03",
                "term": None,
                "term_kind": None,
                "charges": [],
                "label": None,
                "evidence": "police detained blogger Timur Baskov",
            },
            {
                "type": "sentence",
                "participant": "Timur Baskov",
                "date": "2024-05-20",
                "term": "P5Y",
                "term_kind": "prison",
                "charges": [],
                "label": None,
                "evidence": "sentenced Timur Baskov to five years in prison",
            },
        ],
        "statistics": [],
    }
    write(folder / "case1.gold.json", json.dumps(gold, indent=2))
    return folder


def test_eval_prints_typed_dated_victims(casefile_main, tmp_path, db_path):
    folder = gold_folder(tmp_path)
    result = casefile_main("eval", str(folder), "--per-doc")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].startswith("1 documents (1 en): 2 gold events")
    for label in ("typed", "dated", "victims"):
        (row,) = [line for line in lines if line.split()[:1] == [label]]
        numbers = row.split()[1:]
        assert len(numbers) == 4
        assert all(0.0 <= float(x) <= 1.0 for x in numbers[:3])
    assert any(line.startswith("term accuracy") for line in lines)
    assert any(line.startswith("case1 ") for line in lines)  # --per-doc
    assert not db_path.exists()

    as_json = casefile_main("eval", str(folder), "--json")
    assert as_json.code == 0, as_json.err
    report = json.loads(as_json.out)
    assert report["overall"]["documents"] == 1
    assert report["overall"]["typed"]["gold"] == 2
    assert report["overall"]["victims"]["gold"] == 1
    assert report["problems"] == []


def test_eval_bad_gold_is_one_line_error(casefile_main, tmp_path):
    folder = gold_folder(tmp_path)
    write(folder / "case1.gold.json", '{"document": "case1.txt", "language": "en"')
    result = casefile_main("eval", str(folder))
    assert result.code == 1
    assert "case1.gold.json" in one_line(result.err)


# --- configuration ---------------------------------------------------------------------


def test_config_unknown_component_is_one_line_error(casefile_main, tmp_path):
    config = write(tmp_path / "casefile.toml", '[extract]\ncomponents = ["dates", "nonesuch"]\n')
    path = write(tmp_path / "sentence.txt", SENTENCE_TXT)
    result = casefile_main("--config", str(config), "extract", str(path))
    assert result.code == 1
    line = one_line(result.err)
    assert "nonesuch" in line and "events" in line  # names it and lists the known ones


def test_config_named_but_missing_is_one_line_error(casefile_main, tmp_path):
    path = write(tmp_path / "sentence.txt", SENTENCE_TXT)
    result = casefile_main("--config", str(tmp_path / "nope.toml"), "extract", str(path))
    assert result.code == 1
    assert "nope.toml" in one_line(result.err)


def test_config_without_events_component_extracts_no_events(casefile_main, tmp_path):
    write(tmp_path / "casefile.toml", '[extract]\ncomponents = ["dates", "terms", "persons"]\n')
    path = write(tmp_path / "sentence.txt", SENTENCE_TXT)
    result = casefile_main("extract", str(path))  # ./casefile.toml is picked up
    assert result.code == 0, result.err
    assert json.loads(result.out)["events"] == []


def test_db_that_is_not_a_database_is_one_line_error(casefile_main, tmp_path):
    not_db = write(tmp_path / "notes.db", "this is not an SQLite file\n" * 100)
    before = not_db.read_bytes()
    result = casefile_main("cases", db=not_db)
    assert result.code == 1
    assert "notes.db" in one_line(result.err)
    assert not_db.read_bytes() == before
