"""Folder ingest (issue 11, point 3): what is skipped and why, the closing summary, a
metadata sidecar checked whole before anything is stored, --exclude, and a progress bar
only on a terminal. Invented text only."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from casefile.services.folder_ingest import (
    EXCLUDED,
    NOTES,
    UNSUPPORTED,
    Skipped,
    Tally,
    plan_ingest,
)
from casefile.services.ingest_sidecar import SidecarError, read_sidecar

ARREST = "On 5 April 2024, police arrested lawyer Daniel Ostrov in Velsk.\n"
SENTENCE = "A court in Tarvia sentenced journalist Arlen Tovas to six years in prison.\n"
DETENTION = "Karina Velt, an activist, was detained in Orsk on 2 May 2024.\n"


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def documents(db: Path) -> dict[str, tuple]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT source_name, published, publisher, url, title, language FROM documents"
        ).fetchall()
    return {Path(row[0]).name: row[1:] for row in rows}


def levels(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT d.source_name, a.level FROM documents d"
            " JOIN document_levels a ON a.sha256 = d.sha256"
        ).fetchall()
    return {Path(name).name: level for name, level in rows}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "reports"
    write(root / "arrest.txt", ARREST)
    write(root / "court" / "sentence.md", "# Verdict\n\n" + SENTENCE)
    write(root / "drafts" / "detention.txt", DETENTION)
    write(root / "notes" / "NOTES-A.md", "Annotator: check the date of the arrest.\n")
    write(root / "README.md", "What this folder holds.\n")
    write(root / "arrest.gold.json", "{}")
    write(root / "empty.txt", "")
    write(root / "SOURCES.tsv",
          "file\tlink\tpublication_date\tpublisher\ttitle\taccess\n"
          "arrest.txt\thttps://example.org/arrest\t2024-04-06\tVelsk Monitor\tArrest in Velsk\t\n"
          "court/sentence.md\t\t2024-03\t\t\tpublic\n")  # fmt: skip
    return root


# --- through the real console script ---------------------------------------------------


def test_folder_with_sidecar_and_exclude_summarises_and_applies_rows(
    casefile_script, folder, db_path
):
    result = casefile_script("ingest", str(folder), "--metadata", str(folder / "SOURCES.tsv"),
                             "--exclude", "drafts")  # fmt: skip
    assert result.code == 0, result.err
    assert result.err == ""  # no terminal: no progress bar, nothing else on stderr
    lines = result.out.splitlines()
    assert [line for line in lines if ": stored [" in line] == lines[:2]
    assert lines[2] == "summary: 2 stored, 0 refreshed (already stored), 6 skipped, 0 failed"
    skipped = "\n".join(lines[3:])
    assert "skipped 2 (annotator notes): README.md, notes/NOTES-A.md" in skipped
    assert "skipped 1 (excluded): drafts/detention.txt" in skipped
    assert "skipped 1 (empty): empty.txt" in skipped
    assert "skipped 1 (the metadata file): SOURCES.tsv" in skipped
    assert "skipped 1 (unsupported type: .json 1): arrest.gold.json" in skipped

    stored = documents(db_path)
    assert set(stored) == {"arrest.txt", "sentence.md"}
    assert stored["arrest.txt"][:4] == (
        "2024-04-06", "Velsk Monitor", "https://example.org/arrest", "Arrest in Velsk")
    assert stored["sentence.md"][0] == "2024-03"  # matched by its path in the folder
    assert levels(db_path) == {"arrest.txt": 2, "sentence.md": 0}  # confidential, public

    again = casefile_script("ingest", str(folder), "--exclude", "drafts/*",
                            "--exclude", "*.md")  # fmt: skip
    assert again.code == 0, again.err
    summary = [line for line in again.out.splitlines() if line.startswith("summary:")]
    assert summary == ["summary: 0 stored, 1 refreshed (already stored), 7 skipped, 0 failed"]
    assert "skipped 4 (excluded): README.md, court/sentence.md, drafts/detention.txt," \
           " notes/NOTES-A.md" in again.out
    # Stored again without the sidecar: the date it gave is kept.
    assert documents(db_path)["arrest.txt"][0] == "2024-04-06"


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_bad_sidecar_is_refused_whole_and_nothing_is_stored(
    casefile_script, folder, db_path, tmp_path, suffix
):
    rows = [
        {"file": "arrest.txt", "published": "2024-04-06"},
        {"file": "court/sentence.md", "published": "last spring"},
        {"file": "missing.txt", "title": "Not here"},
        {"file": "arrest.txt", "language": "english"},
    ]
    if suffix == ".jsonl":
        text = "".join(json.dumps(row) + "\n" for row in rows)
    else:
        text = "file,published,title,language\n" + "".join(
            f"{r['file']},{r.get('published', '')},{r.get('title', '')},{r.get('language', '')}\n"
            for r in rows)  # fmt: skip
    sidecar = write(tmp_path / f"meta{suffix}", text)

    result = casefile_script("ingest", str(folder), "--metadata", str(sidecar))
    assert result.code == 1
    assert result.out == ""
    errors = result.err.splitlines()
    assert "Traceback" not in result.err
    assert all(line.startswith("error: ") for line in errors)
    first = 2 if suffix == ".csv" else 1  # a CSV's header is its line 1
    assert errors == [
        f"error: meta{suffix} line {first + 1}: published: {errors[0].split('published: ')[1]}",
        f"error: meta{suffix} line {first + 2}: no file 'missing.txt' in the folder",
        f"error: meta{suffix} line {first + 3}: language: a two-letter ISO 639-1 code such as"
        " en, not 'english'",
        "error: the metadata file has errors; nothing was ingested",
    ]
    assert "last spring" in errors[0]
    assert not db_path.exists()


def test_failed_file_is_named_in_the_summary_and_exits_nonzero(casefile_script, tmp_path):
    root = tmp_path / "batch"
    write(root / "arrest.txt", ARREST)
    write(root / "broken.pdf", b"%PDF-1.4\nthis is no PDF body at all\n")
    result = casefile_script("ingest", str(root))
    assert result.code == 1
    assert "summary: 1 stored, 0 refreshed (already stored), 0 skipped, 1 failed" in result.out
    (failed,) = [line for line in result.out.splitlines() if line.startswith("  failed ")]
    assert "broken.pdf" in failed
    assert "broken.pdf" in result.err  # its own line as it happens, on stderr


def test_progress_bar_shows_on_a_terminal(tmp_path, db_path):
    import shutil
    import sys

    script = shutil.which("casefile") or str(Path(sys.executable).parent / "casefile")
    root = tmp_path / "batch"
    write(root / "arrest.txt", ARREST)
    write(root / "detention.txt", DETENTION)
    controller, terminal = os.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEFILE_")}
    env.update(COLUMNS="100", TERM="xterm")
    try:
        proc = subprocess.run([script, "--db", str(db_path), "ingest", str(root)],
                              stdout=subprocess.PIPE, stderr=terminal, cwd=tmp_path,
                              env=env, timeout=300)  # fmt: skip
        os.close(terminal)
        seen = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal's other end is closed: all read
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(controller)
    assert proc.returncode == 0
    assert b"ingesting" in seen and b"2/2" in seen
    assert proc.stdout.decode().count(": stored [") == 2


# --- the rules, without a pipeline -----------------------------------------------------


def test_a_bare_name_found_twice_must_be_given_as_a_path(tmp_path):
    write(tmp_path / "f" / "a" / "report.txt", ARREST)
    write(tmp_path / "f" / "b" / "report.txt", DETENTION)
    sidecar = read_sidecar(write(tmp_path / "m.csv", "file,title\nreport.txt,Which one\n"))
    with pytest.raises(SidecarError) as err:
        plan_ingest([str(tmp_path / "f")], sidecar=sidecar)
    assert "'report.txt' is more than one file" in err.value.lines[0]
    ok = read_sidecar(write(tmp_path / "m2.csv", "file,title\nb/report.txt,The second\n"))
    plan = plan_ingest([str(tmp_path / "f")], sidecar=ok)
    titles = {f.name: f.metadata.title for f in plan.files}
    assert titles == {"a/report.txt": None, "b/report.txt": "The second"}


@pytest.mark.parametrize(("text", "words"), [
    ("name,title\nx.txt,X\n", "no 'file' column"),
    ("file,url\nx.txt,javascript:alert(1)\n", "url: an http:// or https:// address"),
    ("file,access\nx.txt,secret\n", "access: one of"),
    ("file,title\nx.txt,One\nX.TXT,Two\n", "a second row for 'X.TXT'"),
    ("file,title\nx.txt,One,extra\n", "3 cells for 2 columns"),
])
def test_sidecar_values_are_checked(tmp_path, text, words):
    write(tmp_path / "f" / "x.txt", ARREST)
    with pytest.raises(SidecarError) as err:
        plan_ingest([str(tmp_path / "f")], sidecar=read_sidecar(write(tmp_path / "m.csv", text)))
    assert words in err.value.lines[0]
    assert all("\n" not in line for line in err.value.lines)


def test_jsonl_sidecar_values_must_be_strings(tmp_path):
    path = write(tmp_path / "m.jsonl", '{"file": "x.txt", "title": ["a"]}\n\nnot json\n')
    with pytest.raises(SidecarError) as err:
        read_sidecar(path)
    assert [line.split(": ", 1)[0] for line in err.value.lines] == [
        "m.jsonl line 1", "m.jsonl line 3"]


def test_notes_are_skipped_unless_asked_for_and_exclude_patterns(tmp_path):
    root = tmp_path / "f"
    for name in ("a.txt", "notes/n.md", "Annotations/x.txt", "README.txt", "sub/keep.md",
                 "sub/draft-1.txt", "data.tsv", ".hidden.txt", "~$lock.docx"):
        write(root / name, ARREST)
    plan = plan_ingest([str(root)], excludes=["draft-*"])
    assert [f.name for f in plan.files] == ["a.txt", "sub/keep.md"]
    reasons = {s.name: s.reason for s in plan.skipped}
    assert reasons == {"Annotations/x.txt": NOTES, "README.txt": NOTES, "notes/n.md": NOTES,
                       "sub/draft-1.txt": EXCLUDED, "data.tsv": UNSUPPORTED}  # fmt: skip
    with_notes = plan_ingest([str(root)], excludes=["sub/*"], include_notes=True)
    assert [f.name for f in with_notes.files] == [
        "Annotations/x.txt", "README.txt", "a.txt", "notes/n.md"]


def test_summary_names_a_few_skipped_files_unless_verbose():
    tally = Tally(skipped=[Skipped(f"f{i:02}.json", UNSUPPORTED) for i in range(13)]
                  + [Skipped("notes/a.md", NOTES)])  # fmt: skip
    short = tally.lines()
    assert short[0].endswith("14 skipped, 0 failed")
    assert short[1] == ("  skipped 13 (unsupported type: .json 13): f00.json, f01.json,"
                        " f02.json, f03.json, f04.json, and 8 more (--verbose names all)")
    assert short[2] == "  skipped 1 (annotator notes): notes/a.md"  # each reason named
    assert tally.lines(verbose=True)[1].endswith("f11.json, f12.json")


def test_two_folders_with_the_same_path_are_not_guessed_between(tmp_path):
    write(tmp_path / "one" / "report.txt", ARREST)
    write(tmp_path / "two" / "report.txt", DETENTION)
    sidecar = read_sidecar(write(tmp_path / "m.tsv", "file\ttitle\nreport.txt\tWhich\n"))
    with pytest.raises(SidecarError) as err:
        plan_ingest([str(tmp_path / "one"), str(tmp_path / "two")], sidecar=sidecar)
    (line,) = err.value.lines
    assert line.startswith("m.tsv line 2: 'report.txt' is more than one file (")
    assert str(tmp_path / "one" / "report.txt") in line
    assert str(tmp_path / "two" / "report.txt") in line
