"""`casefile train --store`: a team's corrections teach its own extractor (issue 10).

Invented documents follow one pattern the team's extractor misses: "X has been missing
since DATE" (the candidate generator proposes a disappearance, the rules have no such
construction). The team's extractor here is the rules alone (a model that accepts no
candidate), so the miss does not depend on what the shipped model has learnt. Analysts add
the missed events through the review service and reject a fictional arrest; a model
trained on the store then finds the disappearance in new documents of the same pattern,
and `reextract` applies it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from casefile.learn.model import EventModel
from casefile.services import review
from casefile.store.sqlite import SQLiteStore

ROLES = ("Journalist", "Activist", "Blogger", "Lawyer", "Poet", "Student", "Teacher", "Pastor")
MISSING = ("Pavel Ostrin", "Sona Rebel", "Arvid Klemt", "Marta Vosk", "Emil Daranek",
           "Ilka Sorrow", "Teodor Bask", "Runa Helvig")
ACTORS = ("Ivo Bratan", "Lenz Markov", "Oda Firn", "Kasper Mell", "Nora Veit", "Tilo Grann",
          "Vera Lusk", "Jonas Pekk")
NEW_MISSING = ("Anselm Quirk", "Dagny Thorsen", "Greta Olind")
NEW_ROLES = ("Journalist", "Activist", "Lawyer")


def _document(role: str, missing: str, day: int, actor: str | None = None) -> str:
    text = (f"{role} {missing} has been missing since {day} May 2024, "
            "colleagues said on Monday.")
    if actor is not None:
        text += f"\n\nActor {actor} was arrested in the final scene of the play."
    return text + "\n"


def _rules_alone(tmp_path: Path) -> Path:
    """A config whose event model keeps the rules' events and accepts no other candidate."""
    model = tmp_path / "rules_alone.json"
    EventModel(weights={}, intercept=-30.0, keeps_rules=True).save(model)
    config = tmp_path / "rules_alone.toml"
    config.write_text(f'[extract]\nevent_model = "{model}"\n')
    return config


def _disappeared(name: str, extraction: dict[str, Any]) -> bool:
    # The participant may carry the title the text gives ("Lawyer Greta Olind").
    return any(name in e["participant"] for e in extraction["events"]
               if e["type"] == "disappearance")


def test_a_store_of_corrections_trains_a_model_that_stops_the_miss(
    tmp_path: Path, db_path: Path, casefile_main: Callable[..., Any]
) -> None:
    stored = tmp_path / "stored"
    stored.mkdir()
    for i, (role, missing, actor) in enumerate(zip(ROLES, MISSING, ACTORS, strict=True)):
        (stored / f"statement-{i}.txt").write_text(_document(role, missing, i + 1, actor))
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    for i, missing in enumerate(NEW_MISSING):
        (fresh / f"new-{i}.txt").write_text(_document(NEW_ROLES[i], missing, 20 + i))

    before = _rules_alone(tmp_path)
    ingested = casefile_main("--config", str(before), "ingest", str(stored),
                             "--published", "2024-06-01", "--language", "en")
    assert ingested.code == 0, ingested.err

    analyst = review.Reviewer("analyst")
    with SQLiteStore(db_path) as store:
        documents = list(store.iter_documents())
        assert len(documents) == len(MISSING)
        for document in documents:
            events = store.document_events(document.sha256)
            # The miss: no disappearance stored; the fictional arrest is.
            assert not [e for e in events if e.event.type == "disappearance"]
            [missing] = [m for m in MISSING if m in document.text]
            review.add_event(store, document.sha256, {
                "type": "disappearance", "participant": missing,
                "quote": f"{missing} has been missing since",
            }, analyst)
            for stored_event in events:
                if stored_event.event.type == "arrest":
                    review.reject(store, "event", stored_event.id, analyst)

    model = tmp_path / "team_model.json"
    trained = casefile_main("train", "--store", str(db_path), "--out", str(model))
    assert trained.code == 0, trained.err
    card = json.loads(model.read_text())["card"]
    assert card["data"]["store"]["documents"] == len(MISSING)
    assert card["data"]["store"]["positive_candidates"] >= len(MISSING)
    assert card["data"]["store"]["negative_candidates"] >= 1

    config = tmp_path / "team.toml"
    config.write_text(f'[extract]\nevent_model = "{model}"\n')
    for path in sorted(fresh.iterdir()):
        [missing] = [m for m in NEW_MISSING if m in path.read_text()]
        old = casefile_main("--config", str(before), "extract", str(path),
                            "--published", "2024-06-01", "--language", "en")
        assert old.code == 0, old.err
        assert not _disappeared(missing, json.loads(old.out))  # the miss
        team = casefile_main("--config", str(config), "extract", str(path),
                             "--published", "2024-06-01", "--language", "en")
        assert team.code == 0, team.err
        assert _disappeared(missing, json.loads(team.out))  # gone

    # reextract applies the team's model to the store; the analysts' decisions stay.
    casefile_main("ingest", str(fresh), "--published", "2024-06-01", "--language", "en")
    redone = casefile_main("--config", str(config), "reextract")
    assert redone.code == 0, redone.err
    with SQLiteStore(db_path) as store:
        events = list(store.iter_events())
    found = " | ".join(e.event.participant for e in events if e.event.type == "disappearance")
    assert all(name in found for name in NEW_MISSING)
    assert all(e.review_status == "rejected" for e in events if e.event.type == "arrest")
    assert sum(1 for e in events if e.event.provenance.extractor == "analyst") == len(MISSING)


def test_train_refuses_a_store_that_does_not_exist(
    tmp_path: Path, casefile_main: Callable[..., Any]
) -> None:
    result = casefile_main("train", "--store", str(tmp_path / "none.db"))
    assert result.code != 0
    assert "no such database" in result.err
    assert not (tmp_path / "none.db").exists()


def test_train_needs_gold_or_a_store(casefile_main: Callable[..., Any]) -> None:
    result = casefile_main("train")
    assert result.code != 0
    assert "gold folders, --store DB, or both" in result.err


def test_labels_come_from_decisions_only(
    tmp_path: Path, db_path: Path, casefile_main: Callable[..., Any]
) -> None:
    from casefile.learn.store_data import store_rows

    (tmp_path / "decided.txt").write_text(_document("Journalist", "Pavel Ostrin", 3, "Ivo Bratan"))
    (tmp_path / "untouched.txt").write_text(_document("Activist", "Sona Rebel", 4, "Oda Firn"))
    for name in ("decided.txt", "untouched.txt"):
        result = casefile_main("ingest", str(tmp_path / name), "--published", "2024-06-01",
                               "--language", "en")
        assert result.code == 0, result.err
    with SQLiteStore(db_path) as store:
        [arrest] = [e for e in store.iter_events()
                    if e.event.type == "arrest" and "Ivo Bratan" in e.event.participant]
        # The analyst says the actor was no arrest but harassed; nobody decides on the rest.
        review.edit(store, "event", arrest.id, {"type": "harassment"},
                    review.Reviewer("analyst"))
        data = store_rows(store)
    assert len(data.docs) == 1  # the untouched document teaches nothing
    labels = {(r.type, r.participant): r.label for r in data.docs[0].rows}
    assert labels[("arrest", arrest.event.participant)] == 0  # the reading the edit replaced
    # The disappearance candidate nobody decided on is no label either way.
    assert not any(kind == "disappearance" for kind, _ in labels)
    assert data.card()["decided_events"] == 1


def test_a_store_with_only_one_kind_of_label_is_a_clear_error(
    tmp_path: Path, db_path: Path, casefile_main: Callable[..., Any]
) -> None:
    (tmp_path / "one.txt").write_text(_document("Journalist", "Pavel Ostrin", 3, "Ivo Bratan"))
    assert casefile_main("--config", str(_rules_alone(tmp_path)), "ingest",
                         str(tmp_path / "one.txt"), "--published", "2024-06-01",
                         "--language", "en").code == 0
    with SQLiteStore(db_path) as store:
        [arrest] = [e for e in store.iter_events() if e.event.type == "arrest"]
        review.accept(store, "event", arrest.id, review.Reviewer("analyst"))
    result = casefile_main("train", "--store", str(db_path), "--out", str(tmp_path / "m.json"))
    assert result.code != 0
    assert "both accepted and rejected" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert not (tmp_path / "m.json").exists()


def _gold_folder(root: Path) -> Path:
    """Invented gold: the arrest in a play is no event, a disappearance is."""
    root.mkdir()
    for n, (missing, actor) in enumerate(zip(MISSING[4:], ACTORS[4:], strict=True)):
        (root / f"g{n}.txt").write_text(_document("Journalist", missing, n + 1, actor))
        gold = {
            "document": f"g{n}.txt", "language": "en", "published": "2024-06-01",
            "persons": [{"name": missing, "aliases": [], "roles": ["journalist"],
                         "country": None}],
            "events": [{"type": "disappearance", "participant": missing,
                        "date": f"2024-05-{n + 1:02d}", "term": None, "term_kind": None,
                        "charges": [], "label": None,
                        "evidence": f"{missing} has been missing since"}],
            "statistics": [],
        }
        (root / f"g{n}.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return root


def test_gold_and_store_train_together_and_the_card_says_so(
    tmp_path: Path, db_path: Path, casefile_main: Callable[..., Any]
) -> None:
    gold = _gold_folder(tmp_path / "gold")
    stored = tmp_path / "stored"
    stored.mkdir()
    for i, missing in enumerate(MISSING[:3]):
        (stored / f"s{i}.txt").write_text(_document(ROLES[i], missing, i + 1))
    assert casefile_main("ingest", str(stored), "--published", "2024-06-01",
                         "--language", "en").code == 0
    with SQLiteStore(db_path) as store:
        for document in store.iter_documents():
            [missing] = [m for m in MISSING if m in document.text]
            review.add_event(store, document.sha256, {
                "type": "disappearance", "participant": missing,
                "quote": f"{missing} has been missing since",
            }, review.Reviewer("analyst"))
    out = tmp_path / "both.json"
    # Additions alone are one kind of label: the gold supplies the other.
    result = casefile_main("train", str(gold), "--store", str(db_path), "--out", str(out),
                           "--folds", "2")
    assert result.code == 0, result.err
    card = json.loads(out.read_text())["card"]
    assert card["data"]["sets"] == {"gold": 4}
    assert card["data"]["store"]["documents"] == 3
    assert card["data"]["store"]["negative_candidates"] == 0
    assert "validation" in card  # measured on the gold only


def test_answering_possible_facts_trains_a_model_that_stops_the_miss(
    tmp_path: Path, db_path: Path, casefile_main: Callable[..., Any]
) -> None:
    """The same loop through the possible facts: with every left-out candidate asked about
    (`possible_margin = 1`), analysts accept the disappearances and reject the rest from
    `casefile possible`, and nothing else; the model trained on those answers finds the
    disappearance in new documents. (The ban of a play is there to be rejected: an arrest
    done to the actor is no candidate of the missing person's, so it is never asked.)"""
    stored = tmp_path / "stored"
    stored.mkdir()
    for i, (role, missing, actor) in enumerate(zip(ROLES, MISSING, ACTORS, strict=True)):
        (stored / f"statement-{i}.txt").write_text(
            _document(role, missing, i + 1, actor) + "The city council banned the play.\n")
    asking = _rules_alone(tmp_path)
    asking.write_text(asking.read_text() + "possible_margin = 1.0\n")
    assert casefile_main("--config", str(asking), "ingest", str(stored), "--published",
                         "2024-06-01", "--language", "en").code == 0
    with SQLiteStore(db_path) as store:
        total, possible = store.possible_events(limit=500)
    assert total == len(possible) > 0
    answers = {p.id: p.event.type == "disappearance" for p in possible}
    assert sum(answers.values()) == len(MISSING)  # each miss was asked about
    for possible_id, right in answers.items():
        answered = casefile_main("possible", "accept" if right else "reject", str(possible_id))
        assert answered.code == 0, answered.err
    with SQLiteStore(db_path) as store:
        assert store.possible_events()[0] == 0
        assert not [e for e in store.iter_events() if e.event.provenance.extractor == "analyst"]

    model = tmp_path / "answered.json"
    trained = casefile_main("train", "--store", str(db_path), "--out", str(model))
    assert trained.code == 0, trained.err
    store_card = json.loads(model.read_text())["card"]["data"]["store"]
    assert store_card["positive_candidates"] >= len(MISSING)
    assert store_card["negative_candidates"] >= 1
    config = tmp_path / "answered.toml"
    config.write_text(f'[extract]\nevent_model = "{model}"\n')
    for i, missing in enumerate(NEW_MISSING):
        path = tmp_path / f"new-{i}.txt"
        path.write_text(_document(NEW_ROLES[i], missing, 20 + i))
        team = casefile_main("--config", str(config), "extract", str(path),
                             "--published", "2024-06-01", "--language", "en")
        assert team.code == 0, team.err
        assert _disappeared(missing, json.loads(team.out))
