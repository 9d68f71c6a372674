"""The public site (issue 12, item 7): `casefile publish` over a store built from
invented statements. Only public documents' accepted facts reach any file; persons
without a recorded consent go by their pseudonym, named once consent is recorded; a
re-run rewrites only what changed and removes the pages of cases no longer published;
a bad output folder is one line and exit 1, with nothing lost."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from casefile.services import consent
from casefile.services.review import Reviewer, accept
from casefile.store.sqlite import SQLiteStore

AT = "2026-01-01T00:00:00+00:00"
ARREST_TEXT = (
    "Journalist Ilvar Dunmore was arrested in Korvash on 3 May 2024. "
    "On 9 May 2024 he was charged with spreading false news. "
    "Teacher Brannoch Kettle was detained in Korvash on 4 May 2024. "
    "Kettle was also charged with the Quenwhistle offence."
)
TRIAL_TEXT = "Selka Ardrin, a poet, was sentenced to three years in prison on 1 July 2024."
INTERNAL_TEXT = "Mordaunt Skarvholt, an engineer, was arrested on 2 June 2024."


def published_documents(make: Any) -> list[tuple[Any, int]]:
    """(built document, access level): two public, one internal."""
    arrest = (
        make(ARREST_TEXT, published="2024-05-10", title="Korvash arrests",
             publisher="Marsh Rights Desk", url="https://marsh.example/korvash", language="en")
        .person("Ilvar Dunmore", roles=["journalist"], country="KZ")
        .person("Brannoch Kettle", roles=["teacher"], country="KZ")
        .event("arrest", "Ilvar Dunmore",
               "Journalist Ilvar Dunmore was arrested in Korvash on 3 May 2024", "2024-05-03",
               place="Korvash")
        .event("charge", "Ilvar Dunmore", "he was charged with spreading false news",
               "2024-05-09", charges=["spreading false news"])
        .event("arrest", "Brannoch Kettle",
               "Teacher Brannoch Kettle was detained in Korvash on 4 May 2024", "2024-05-04")
        # Left unreviewed: its words must reach no file.
        .event("charge", "Brannoch Kettle", "Kettle was also charged with the Quenwhistle"
               " offence", charges=["Quenwhistle offence"])
    )  # fmt: skip
    trial = (
        make(TRIAL_TEXT, published="2024-07-02", title="A poet sentenced",
             publisher="Fen Monitor", language="en")
        .person("Selka Ardrin", roles=["poet"], country="BY")
        .event("sentence", "Selka Ardrin", TRIAL_TEXT.rstrip("."), "2024-07-01",
               term="P3Y", term_kind="prison")
    )  # fmt: skip
    internal = (
        make(INTERNAL_TEXT, published="2024-06-03", title="Skarvholt note",
             publisher="Inner Desk", language="en")
        .person("Mordaunt Skarvholt", country="KZ")
        .event("arrest", "Mordaunt Skarvholt", INTERNAL_TEXT.rstrip("."), "2024-06-02")
    )  # fmt: skip
    return [(arrest, 0), (trial, 0), (internal, 1)]


@pytest.fixture
def world(db_path: Path, make_extraction: Any) -> dict[str, int]:
    """The store, every fact accepted except Kettle's Quenwhistle charge; person ids."""
    with SQLiteStore(db_path) as store:
        for built, level in published_documents(make_extraction):
            store.save_extraction(built.build(), built.original, "test")
            store.set_document_level(built.document.sha256, level, "test", AT)
        for stored in list(store.iter_events()):
            if "Quenwhistle" not in stored.event.evidence.quote:
                accept(store, "event", stored.id, Reviewer("Dana"))
        return {name: pid for pid, name in store.conn.execute("SELECT id, name FROM persons")}


def _files(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): p.read_text("utf-8") for p in sorted(site.rglob("*"))
            if p.is_file()}  # fmt: skip


def _counts(err: str) -> tuple[int, int, int]:
    found = re.search(r"(\d+) written, (\d+) unchanged, (\d+) removed", err)
    assert found, err
    return int(found[1]), int(found[2]), int(found[3])


def test_site_holds_public_accepted_facts_only(casefile_main, tmp_path, world):
    site = tmp_path / "site"
    done = casefile_main("publish", "--clearance", "public", "-o", str(site))
    assert done.code == 0, done.err
    files = _files(site)
    every = "\n".join(files.values())
    expected = {"index.html", "report.html", "sitemap.xml", "style.css", "filter.js",
                "data/cases.csv", "data/cases.json", "countries/kz.html", "countries/by.html",
                f"cases/{world['Ilvar Dunmore']}.html", f"cases/{world['Selka Ardrin']}.html",
                f"cases/{world['Brannoch Kettle']}.html"}  # fmt: skip
    assert expected <= files.keys()
    assert f"cases/{world['Mordaunt Skarvholt']}.html" not in files  # internal: no page
    assert "Skarvholt" not in every and "Inner Desk" not in every
    assert "Quenwhistle" not in every  # public, but nobody accepted it
    # File names carry case numbers, never names.
    assert not any(re.search(r"[A-Za-z]{4,}", Path(p).stem) for p in files
                   if p.startswith("cases/"))  # fmt: skip
    # The case page: its timeline's facts and their citation.
    page = files[f"cases/{world['Selka Ardrin']}.html"]
    assert "1 July 2024" in page and "3 years" in page and "Fen Monitor" in page
    assert 'href="../index.html"' in page and 'href="../style.css"' in page
    data = json.loads(files["data/cases.json"])
    assert {e["type"] for e in data["events"]} == {"arrest", "charge", "sentence"}
    assert all("text" not in d for d in data["documents"])  # cited, not republished
    assert len(data["events"]) == 4
    assert files["data/cases.csv"].count("\n") == 1 + 4
    assert "<loc>index.html</loc>" in files["sitemap.xml"]


def test_no_consent_means_a_pseudonym_and_consent_names(casefile_main, db_path, tmp_path,
                                                        world):  # fmt: skip
    site = tmp_path / "site"
    assert casefile_main("publish", "-o", str(site)).code == 0
    every = "\n".join(_files(site).values())
    for word in ("Dunmore", "Ilvar", "Kettle", "Ardrin"):  # no consent recorded for any
        assert word not in every, word
    page = (site / f"cases/{world['Ilvar Dunmore']}.html").read_text("utf-8")
    assert "no consent to publish their name is on record" in page
    assert re.search(r"<h1>Person [0-9A-F]{6}</h1>", page)

    with SQLiteStore(db_path) as store:
        consent.record_consent(store, world["Ilvar Dunmore"], given=True, given_by="family",
                               by=Reviewer("Dana"))  # fmt: skip
    again = casefile_main("publish", "-o", str(site))
    assert again.code == 0, again.err
    page = (site / f"cases/{world['Ilvar Dunmore']}.html").read_text("utf-8")
    assert "<h1>Ilvar Dunmore</h1>" in page and "pseudonym-note" not in page
    every = "\n".join(_files(site).values())
    assert "Kettle" not in every and "Ardrin" not in every  # the others still masked
    assert "Ilvar Dunmore" in (site / "index.html").read_text("utf-8")


def test_rebuild_is_incremental(casefile_main, db_path, tmp_path, world):
    site = tmp_path / "site"
    first = _counts(casefile_main("publish", "-o", str(site)).err)
    total = len([p for p in site.rglob("*") if p.is_file()]) - 1  # the manifest
    assert first == (total, 0, 0)
    assert _counts(casefile_main("publish", "-o", str(site)).err) == (0, total, 0)

    # Ardrin's statement made internal: her page (and her country's) go, the lists,
    # downloads, report and sitemap change, the others' pages stay.
    with SQLiteStore(db_path) as store:
        sha = store.conn.execute("SELECT sha256 FROM documents WHERE title = ?",
                                 ("A poet sentenced",)).fetchone()[0]  # fmt: skip
        store.set_document_level(sha, 1, "test", AT)
    written, unchanged, removed = _counts(casefile_main("publish", "-o", str(site)).err)
    assert removed == 2  # cases/<Ardrin>.html, countries/by.html
    assert not (site / f"cases/{world['Selka Ardrin']}.html").exists()
    assert not (site / "countries/by.html").exists()
    assert (site / f"cases/{world['Ilvar Dunmore']}.html").exists()
    assert 0 < written < total and unchanged >= 2  # both KZ case pages untouched
    assert written + unchanged == total - 2
    # A file the run did not write is never removed.
    (site / "cases" / "notes.txt").write_text("mine", "utf-8")
    assert _counts(casefile_main("publish", "-o", str(site)).err)[2] == 0
    assert (site / "cases" / "notes.txt").read_text("utf-8") == "mine"


def test_a_page_edited_by_hand_is_rewritten(casefile_main, tmp_path, world):
    site = tmp_path / "site"
    casefile_main("publish", "-o", str(site))
    (site / "index.html").write_text("defaced", "utf-8")
    assert _counts(casefile_main("publish", "-o", str(site)).err)[0] == 1
    assert "defaced" not in (site / "index.html").read_text("utf-8")


@pytest.mark.parametrize("consented", [False, True], ids=["no-consent", "all-consent"])
def test_no_canary_above_public_reaches_any_file(casefile_main, tmp_path, consented):
    """The canary world (tests/canary_world.py), every fact accepted so that only the
    levels, protection and consent filter: no file holds a word a public reader may not
    see. With everyone's consent recorded, the public persons are named and the protected
    person still is not (protection wins over a consent)."""
    from canary_world import build_world, fold, hidden_canaries, holds

    world = build_world(tmp_path / "world.db")
    with SQLiteStore(world.db_path) as full:
        full.conn.execute("UPDATE events SET review_status = 'accepted'"
                          " WHERE review_status = 'unreviewed'")  # fmt: skip
        full.conn.execute("UPDATE statistics SET review_status = 'accepted'")
        if consented:
            for person in list(full.iter_persons()):
                if person.id != int(world.id("person:withdrawn")):  # no case to consent on
                    consent.record_consent(full, person.id, given=True, given_by="person",
                                           by=Reviewer("Dana"))  # fmt: skip
    site = tmp_path / "site"
    done = casefile_main("publish", "-o", str(site), db=world.db_path)
    assert done.code == 0, done.err
    files = _files(site)
    assert len(files) > 8
    for path, text in files.items():
        folded = fold(text)
        leaked = [word for word in hidden_canaries("public") if holds(folded, word)]
        assert leaked == [], path
    every = fold("\n".join(files.values()))
    assert holds(every, "Larkspire")  # the public records are there
    assert holds(every, "Wendhollow") == consented


@pytest.mark.parametrize("case", ["file", "foreign", "clearance", "base-url", "no-db"])
def test_bad_output_is_one_line(casefile_main, tmp_path, world, case):
    args = ["publish", "-o", str(tmp_path / "site")]
    if case == "file":
        (tmp_path / "site").write_text("not a folder", "utf-8")
        expected = "is not a folder"
    elif case == "foreign":
        (tmp_path / "site").mkdir()
        (tmp_path / "site" / "thesis.txt").write_text("keep me", "utf-8")
        expected = "not a site written by casefile publish"
    elif case == "clearance":
        args += ["--clearance", "internal"]
        expected = "public records only"
    elif case == "base-url":
        args += ["--base-url", "javascript:alert(1)"]
        expected = "--base-url"
    else:
        args = ["--db", str(tmp_path / "missing.db"), *args]
        expected = "no database"
    bad = casefile_main(*args)
    assert bad.code == 1 and expected in bad.err and len(bad.err.splitlines()) == 1, bad.err
    if case == "file":
        assert (tmp_path / "site").read_text("utf-8") == "not a folder"
    if case == "foreign":
        assert sorted(p.name for p in (tmp_path / "site").iterdir()) == ["thesis.txt"]


def test_the_site_in_russian(casefile_main, tmp_path, world):
    site = tmp_path / "site"
    assert casefile_main("publish", "-o", str(site), "--language", "ru").code == 0
    index = (site / "index.html").read_text("utf-8")
    assert '<html lang="ru">' in index and "Все дела" in index and "3 дела." in index
    page = (site / f"cases/{world['Selka Ardrin']}.html").read_text("utf-8")
    assert "1 июля 2024" in page and "Хронология" in page


def test_only_web_addresses_become_links(casefile_main, db_path, tmp_path, make_extraction):
    text = "Orlen Vassick, a farmer, was detained on 8 August 2024."
    built = (make_extraction(text, published="2024-08-09", title="A farmer detained",
                             url="javascript:alert(1)", language="en")
             .person("Orlen Vassick", country="KZ")
             .event("arrest", "Orlen Vassick", text.rstrip("."), "2024-08-08"))  # fmt: skip
    with SQLiteStore(db_path) as store:
        store.save_extraction(built.build(), built.original, "test")
        store.set_document_level(built.document.sha256, 0, "test", AT)
        [stored] = list(store.iter_events())
        accept(store, "event", stored.id, Reviewer("Dana"))
    site = tmp_path / "site"
    assert casefile_main("publish", "-o", str(site)).code == 0
    page = (site / f"cases/{stored.person_id}.html").read_text("utf-8")
    assert "javascript:alert(1)" in page and 'href="javascript' not in page
