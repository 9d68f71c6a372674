"""Organisations across scripts, and the reversible, recorded merge/split journal."""

from __future__ import annotations

import pytest

from casefile.link import Entity, EntityBook
from casefile.link.orgs import OrgMatcher, acronym, org_key

DCK = ["DCK", "ДВК", "Democratic Choice of Kazakhstan", "Демократический выбор Казахстана",
       "Демократического выбора Казахстана"]  # fmt: skip


@pytest.mark.parametrize("a", DCK)
@pytest.mark.parametrize("b", DCK)
def test_dck_names_and_acronyms_match_across_scripts(a: str, b: str) -> None:
    assert OrgMatcher().score(a, b) >= 0.9


def test_unknown_acronym_matches_its_expansion_only() -> None:
    m = OrgMatcher(known=[])
    assert acronym("Union of Free Journalists") == "UFJ"
    assert m.score("UFJ", "Union of Free Journalists") == 0.9
    assert m.score("UFJ", "Union of Free Lawyers") == 0.0
    assert m.score("ДВК", "Демократического выбора Казахстана") == 0.9  # without the table
    assert m.score("DCK", "ДВК") == 0.0  # across languages only the table knows
    assert org_key("Демократического выбора Казахстана") == org_key(
        "Демократический выбор Казахстана"
    )


def test_different_known_organisations_do_not_match() -> None:
    assert OrgMatcher().score("FSB", "Anti-Corruption Foundation") == 0.0


def _book() -> EntityBook:
    book = EntityBook()
    book.add(Entity("p1", "person", "Oleg Ugrov", {"m1", "m2"}),
             {"m1": "Oleg Ugrov", "m2": "Олег Угров"})  # fmt: skip
    book.add(Entity("p2", "person", "O. Ugrov", {"m3"}), {"m3": "O. Ugrov"})
    return book


def test_merge_is_recorded_and_undone() -> None:
    book = _book()
    op = book.merge("p1", "p2", who="analyst-a", reason="same person, same case")
    assert book.entities["p1"].mentions == {"m1", "m2", "m3"} and "p2" not in book.entities
    assert op.op == "merge" and op.who == "analyst-a" and op.mentions == ("m3",)
    undo = book.undo(op.id, who="analyst-b")
    assert book.entities["p1"].mentions == {"m1", "m2"}
    assert book.entities["p2"].mentions == {"m3"} and book.entities["p2"].name == "O. Ugrov"
    assert undo.undoes == op.id and [o.op for o in book.journal] == ["merge", "undo"]
    with pytest.raises(ValueError):
        book.undo(op.id, who="analyst-b")  # once only


def test_split_is_recorded_and_undone() -> None:
    book = _book()
    op = book.split("p1", {"m2"}, "p3", who="analyst-a")
    assert book.entities["p1"].mentions == {"m1"} and book.entities["p3"].mentions == {"m2"}
    assert book.entities["p3"].variants == {"Олег Угров"}
    book.undo(op.id, who="analyst-a")
    assert book.entities["p1"].mentions == {"m1", "m2"} and "p3" not in book.entities
    with pytest.raises(ValueError):
        book.split("p1", {"m1", "m2"}, "p4", who="x")  # would empty the source
    with pytest.raises(ValueError):
        book.split("p1", {"m9"}, "p4", who="x")  # not its mention
