"""`casefile import` of spreadsheets (issue 12, item 8): bad rows named, all or nothing,
--skip-bad, the mapping file, facts quoting their rows, no silent new vocabulary."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sqlite3
from pathlib import Path

import pytest

from casefile.exchange.imports import ImportFailed, import_file
from casefile.ingest import reextract
from casefile.model import Extraction
from casefile.store.base import StoreError
from casefile.store.sqlite import SQLiteStore
from casefile.store.sqlite_digests import current_digests

# Invented names only.
SHEET = """\
name,country,status,arrest date,charges,sentence,source URL
Ivar Tesk,KZ,imprisoned,2023-05-02,extremism; participation,7 years,https://news.example/1
Olga Prim,Kazakhstan,detained,31.02.2023,,,https://news.example/2
Pyotr Samm,Narnia,,2022,,,notaurl
Anna Vezz,RU,released,,,,
"""
MAPPING = """\
[columns]
name = "ФИО"
country = "Страна"
status = "Статус"
arrest_date = "Дата ареста"
sentence = "Срок"

[options]
sentence_kind = "restricted_freedom"

[values.country]
"Казахстан" = "KZ"

[values.status]
"под стражей" = "detained"
"""
SHEET_RU = """\
ФИО;Страна;Статус;Дата ареста;Срок;Примечание
Арман Тесков;Казахстан;под стражей;2024-01-15;2 года;записано в январе
"""


def _bench():
    path = Path(__file__).parent.parent / "bench" / "import.py"
    spec = importlib.util.spec_from_file_location("bench_import", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _state(db: Path) -> tuple[dict[str, str], dict[str, int]]:
    """Every record's digest and every table's row count."""
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type ="
                                             " 'table' AND name NOT LIKE 'sqlite_%'")]  # fmt: skip
        counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        return current_digests(conn), counts
    finally:
        conn.close()


def test_a_real_run_stores_rows_as_facts_quoting_them(tmp_path, sqlite_store):
    sheet = tmp_path / "cases.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    report = import_file(sqlite_store, sheet, skip_bad=True, actor="tester")
    assert report.rows == 4 and report.good == 2 and len(report.bad) == 3
    assert report.stored is not None and report.stored.events == 4
    sha = hashlib.sha256(sheet.read_bytes()).hexdigest()
    assert sqlite_store.get_original(sha) == sheet.read_bytes()
    document = sqlite_store.get_document(sha)
    assert document is not None and document.title == "cases.csv"
    events = list(sqlite_store.iter_events())
    for stored in events:
        ev = stored.event.evidence
        assert ev.document_id == sha and document.text[ev.start:ev.end] == ev.quote
    by_type = {e.event.type: e for e in events}
    assert set(by_type) == {"arrest", "charge", "sentence", "release"}
    assert by_type["arrest"].event.date.iso() == "2023-05-02"
    assert by_type["charge"].event.charges == ["extremism", "participation"]
    assert (by_type["sentence"].event.term, by_type["sentence"].event.term_kind) == ("P7Y",
                                                                                     "prison")
    # The quote is the row's cells; the line it stands on names the row.
    quote = by_type["arrest"].event.evidence.quote
    assert quote == ("Ivar Tesk | KZ | imprisoned | 2023-05-02 | extremism; participation |"
                     " 7 years | https://news.example/1")
    start = by_type["arrest"].event.evidence.start
    assert document.text[:start].endswith("row 2: ")
    assert by_type["release"].event.evidence.quote.startswith("Anna Vezz | RU | released")
    ivar = next(p for p in sqlite_store.iter_persons() if p.name == "Ivar Tesk")
    assert ivar.country == "KZ"
    [entry] = [e for e in sqlite_store.audit_entries() if e.action == "import"]
    assert entry.actor == "tester" and json.loads(entry.after)["events"] == 4
    assert sqlite_store.imported_file(sha).imported_by == "tester"


def test_bad_rows_are_named_with_row_column_value_and_why(tmp_path, sqlite_store):
    sheet = tmp_path / "cases.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    report = import_file(sqlite_store, sheet, dry_run=True)
    assert report.bad == [
        "row 3, column 'arrest date': '31.02.2023': not a date (2023-11-30, 2023-11, 2023 or"
        " 30.11.2023)",
        "row 4, column 'country': 'Narnia': not a country casefile knows (an ISO code such as"
        " KZ, its name, or a word [values.country] maps)",
        "row 4, column 'source URL': 'notaurl': not a web address (http:// or https://)",
    ]
    assert list(sqlite_store.iter_events()) == []


def test_one_bad_row_stops_the_whole_import(tmp_path, sqlite_store, db_path):
    sheet = tmp_path / "cases.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    before = _state(db_path)
    report = import_file(sqlite_store, sheet)
    assert report.refused and report.stored is None
    assert _state(db_path) == before


def test_the_same_file_is_not_imported_twice(tmp_path, sqlite_store):
    sheet = tmp_path / "cases.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    import_file(sqlite_store, sheet, skip_bad=True)
    with pytest.raises(ImportFailed, match="imported already"):
        import_file(sqlite_store, sheet, skip_bad=True)
    assert len(list(sqlite_store.iter_events())) == 4


def test_a_mapping_names_columns_and_words(tmp_path, sqlite_store):
    sheet = tmp_path / "список.csv"
    sheet.write_text(SHEET_RU.replace(";", ","), encoding="utf-8")
    mapping = tmp_path / "map.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    report = import_file(sqlite_store, sheet, mapping)
    assert report.bad == [] and report.stored is not None
    events = {e.event.type: e.event for e in sqlite_store.iter_events()}
    assert set(events) == {"arrest", "sentence"}  # "под стражей": the arrest's, already there
    assert events["sentence"].term == "P2Y" and events["sentence"].term_kind == "restricted_freedom"
    [person] = sqlite_store.iter_persons()
    assert person.country == "KZ"
    # The unmapped column is in the quote all the same: the row's cells, all of them.
    assert "записано в январе" in events["arrest"].evidence.quote


def test_xlsx_workbooks_are_read_from_the_named_sheet(tmp_path, sqlite_store):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Notes"
    sheet = book.create_sheet("Cases")
    sheet.append(["name", "country", "arrest date", "sentence"])
    from datetime import datetime

    sheet.append(["Lev Orrin", "BY", datetime(2021, 8, 9), "P3Y"])
    path = tmp_path / "cases.xlsx"
    book.save(path)
    mapping = tmp_path / "m.toml"
    mapping.write_text('[options]\nsheet = "Cases"\n', encoding="utf-8")
    with pytest.raises(ImportFailed, match="no header row"):
        import_file(sqlite_store, path)  # the first sheet is empty
    report = import_file(sqlite_store, path, mapping)
    assert report.stored is not None and report.stored.events == 2
    arrest = next(e.event for e in sqlite_store.iter_events() if e.event.type == "arrest")
    assert arrest.date.iso() == "2021-08-09"
    assert arrest.evidence.quote == "Lev Orrin | BY | 2021-08-09 | P3Y"
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    assert sqlite_store.get_original(sha) == path.read_bytes()


@pytest.mark.parametrize(("mapping", "message"), [
    ('[columns]\nname = "Full name"\n', "column 'Full name' (name) is not in cases.csv's header"),
    ('[columns]\nname = "name"\nbirthday = "b"\n', "birthday: not a field"),
    ('[columns]\ncountry = "country"\n', "needs name"),
    ('[values.status]\n"gone" = "vanished"\n', "neither an event type nor a status"),
    ('[values.country]\n"Narnia" = "NA1"\n', "not an ISO 3166-1 alpha-2 code"),
    ('[options]\nsentence_kind = "forever"\n', "not a term kind"),
    ("[columns\n", "not TOML"),
])  # fmt: skip
def test_a_bad_mapping_is_one_line_and_stores_nothing(tmp_path, sqlite_store, mapping, message):
    sheet = tmp_path / "cases.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    path = tmp_path / "m.toml"
    path.write_text(mapping, encoding="utf-8")
    with pytest.raises(ImportFailed, match=message.replace("(", r"\(").replace(")", r"\)")):
        import_file(sqlite_store, sheet, path, skip_bad=True)
    assert list(sqlite_store.iter_documents()) == []


def test_unknown_vocabulary_is_a_bad_row_not_a_new_value(tmp_path, sqlite_store):
    sheet = tmp_path / "cases.csv"
    sheet.write_text("name,country,status\nMira Dolt,Atlantis,shipwrecked\nEli Varn,KZ,"
                     "arrest\n", encoding="utf-8")  # fmt: skip
    report = import_file(sqlite_store, sheet, skip_bad=True)
    assert [line.split(":")[0] for line in report.bad] == [
        "row 2, column 'country'", "row 2, column 'status'"]
    assert [e.event.type for e in sqlite_store.iter_events()] == ["arrest"]
    assert {p.country for p in sqlite_store.iter_persons()} == {"KZ"}


def test_reextraction_leaves_an_imported_spreadsheet_alone(tmp_path, sqlite_store):
    sheet = tmp_path / "cases.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    import_file(sqlite_store, sheet, skip_bad=True)
    sha = hashlib.sha256(sheet.read_bytes()).hexdigest()
    # Only the spreadsheet is stored, so the pipeline is never asked for anything.
    [outcome] = list(reextract(sqlite_store, pipeline=None))  # type: ignore[arg-type]
    assert outcome.skipped and "imported spreadsheet" in outcome.skipped
    assert len(list(sqlite_store.iter_events())) == 4
    document = sqlite_store.get_document(sha)
    with pytest.raises(StoreError, match="imported"):
        sqlite_store.save_extraction(Extraction(document), sheet.read_bytes())
    assert len(list(sqlite_store.iter_events())) == 4


def test_the_cli_reports_bad_input_in_one_line(tmp_path, casefile_main, db_path):
    sheet = tmp_path / "cases.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    for args, words in (
        (("import", "missing.csv"), "missing.csv: no such file"),
        (("import", "cases.csv", "--mapping", "none.toml"), "none.toml: no such file"),
        (("import", "notes.txt"), "a .csv, .tsv, .xlsx"),
    ):
        (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
        result = casefile_main(*args)
        assert result.code == 1 and words in result.err, result.err
        assert len(result.err.splitlines()) == 1 and "Traceback" not in result.err
    dry = casefile_main("import", "cases.csv", "--dry-run")
    assert dry.code == 1 and dry.err.count("bad: row") == 3
    assert not db_path.exists()  # a dry run creates no database
    refused = casefile_main("import", "cases.csv")
    assert refused.code == 1 and "nothing imported" in refused.out
    done = casefile_main("import", "cases.csv", "--skip-bad", "--by", "ana")
    assert done.code == 0 and done.err.count("skipped: row") == 3
    assert "imported 4 events" in done.out


def test_ten_thousand_rows_one_percent_bad(tmp_path, db_path):
    """The issue's figure: the dry run names exactly the bad rows and changes nothing;
    --skip-bad stores exactly the good rows (bench/import.py times it)."""
    bench = _bench()
    sheet = tmp_path / "cases.csv"
    bad = bench.write_sheet(sheet, 10_000)
    assert len(bad) == 100
    mapping = tmp_path / "m.toml"
    mapping.write_text(bench.MAPPING, encoding="utf-8")
    with SQLiteStore(db_path) as store:
        before = _state(db_path)
        dry = import_file(store, sheet, mapping, dry_run=True)
        assert _state(db_path) == before
        named = {int(line.split(",")[0].removeprefix("row ")) for line in dry.bad}
        assert named == set(bad)
        columns = {int(line.split(",")[0].removeprefix("row ")): line.split("'")[1]
                   for line in dry.bad}
        assert columns == bad
        report = import_file(store, sheet, mapping, skip_bad=True, link=False)
        assert report.stored is not None and report.good == 9_900
        starts = {r[0] for r in store.conn.execute("SELECT DISTINCT evidence_start FROM events")}
        document = next(iter(store.iter_documents()))
        rows = {int(document.text[:s].rsplit("row ", 1)[1].split(":")[0]) for s in starts}
        assert rows == set(range(2, 10_002)) - set(bad)
        assert store.conn.execute("SELECT count(*) FROM persons").fetchone()[0] == 9_900


def test_a_spreadsheet_carried_by_an_export_stays_an_imported_spreadsheet(tmp_path, sqlite_store):
    """Imported elsewhere from casefile's export, the file's facts are still its rows:
    re-extraction there leaves them alone too, and the export imports twice harmlessly."""
    import io

    from casefile.exchange.export import export

    sheet = tmp_path / "cases.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    import_file(sqlite_store, sheet, skip_bad=True)
    out = io.StringIO()
    export(sqlite_store, "json", out, originals=True)  # the file's bytes are not its text
    assert json.loads(out.getvalue())["documents"][0]["spreadsheet"]["format"] == "csv"
    exported = tmp_path / "export.json"
    exported.write_text(out.getvalue(), encoding="utf-8")
    with SQLiteStore(tmp_path / "other.db") as other:
        assert import_file(other, exported).stored.events == 4
        assert import_file(other, exported).stored.events == 0
        sha = hashlib.sha256(sheet.read_bytes()).hexdigest()
        assert other.imported_file(sha) is not None
        [outcome] = list(reextract(other, pipeline=None))  # type: ignore[arg-type]
        assert outcome.skipped
        assert len(list(other.iter_events())) == 4
