"""An analyst's decisions passed to the linker: pairs of mentions that must, or cannot, be
one person."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casefile.link import Decision, Mention, link


def _mentions(*names: str) -> list[Mention]:
    return [Mention(f"m{i}", n) for i, n in enumerate(names)]


def _entity(clusters: list[list[str]], mention: str) -> set[str]:
    return next(set(c) for c in clusters if mention in c)


def test_must_joins_names_the_linker_would_keep_apart() -> None:
    # A pseudonym the names cannot reveal: confirmed by an analyst.
    mentions = _mentions("Marat Zholdybayev", "Марат Жолдыбаев", "Marat Sary", "Марат Сары")
    assert _entity(link(mentions).clusters, "m0") == {"m0", "m1"}
    result = link(mentions, must=[("m1", "m2")])
    assert _entity(result.clusters, "m0") == {"m0", "m1", "m2", "m3"}
    confirmed = [lk for lk in result.links if lk.decision is Decision.CONFIRMED]
    assert [(lk.a, lk.b) for lk in confirmed] == [("m1", "m2")]
    assert confirmed[0].score < 0.5  # the names' score is kept as evidence


def test_cannot_keeps_namesakes_spelt_alike_apart() -> None:
    mentions = _mentions("Иван Петров", "Ivan Petrov", "Иван Петров", "Ivan Petrov")
    assert len(link(mentions).clusters) == 1
    result = link(mentions, cannot=[("m0", "m2")])
    assert not {"m0", "m2"} <= _entity(result.clusters, "m0")
    assert all({p.a, p.b} != {"m0", "m2"} for p in result.proposals)


def test_cannot_holds_through_other_mentions() -> None:
    # O. Ugrov fits both; it may join one of them, never make them one.
    mentions = _mentions("Oleg Ugrov", "O. Ugrov", "Олег Угров", "Ugrov Oleg")
    result = link(mentions, cannot=[("m0", "m2")])
    assert "m2" not in _entity(result.clusters, "m0")
    assert sorted(m for c in result.clusters for m in c) == ["m0", "m1", "m2", "m3"]


def test_a_rejected_proposal_is_not_proposed_again() -> None:
    for names in (
        ("Oleg Karimov", "Oleg Karimov", "Oleg Kerimov", "Oleg Kerimov"),  # attested apart
        ("Oleg Karimov", "Oleg Karimov", "Karimov", "Karimov"),  # a surname alone
    ):
        mentions = _mentions(*names)
        before = link(mentions)
        assert len(before.clusters) == 2 and before.proposals, names
        after = link(mentions, cannot=[("m0", "m2")])
        assert len(after.clusters) == 2 and not after.proposals, names


def test_must_and_cannot_together() -> None:
    mentions = _mentions("Olga Ugrova", "Ольга Угрова", "O. Ugrova", "Ольгу Угрову")
    result = link(mentions, must=[("m2", "m3")], cannot=[("m0", "m2")])
    assert _entity(result.clusters, "m2") >= {"m2", "m3"}
    assert "m0" not in _entity(result.clusters, "m2")


def test_contradicting_decisions_are_refused() -> None:
    mentions = _mentions("Oleg Ugrov", "O. Ugrov", "Олег Угров")
    with pytest.raises(ValueError, match="m1 and m2"):
        link(mentions, must=[("m0", "m1"), ("m1", "m2")], cannot=[("m0", "m2")])


def test_decisions_about_other_mentions_are_ignored() -> None:
    mentions = _mentions("Oleg Ugrov", "Олег Угров")
    result = link(mentions, must=[("m0", "elsewhere")], cannot=[("m1", "gone")])
    assert result.clusters == link(mentions).clusters


def test_mentions_without_a_full_name_can_be_linked_by_hand() -> None:
    mentions = _mentions("Oleg Ugrov", "О.П.", "Олег Угров")
    assert _entity(link(mentions).clusters, "m1") == {"m1"}
    assert _entity(link(mentions, must=[("m1", "m0")]).clusters, "m1") == {"m0", "m1", "m2"}


_NAMES = [
    "Oleg Ugrov", "Олег Угров", "O. Ugrov", "Olga Ugrova", "Ольга Угрова", "Ugrov",
    "Ostap Ugrov", "О.П. Угров", "Marat Zholdybayev", "Марат Жолдыбаев", "M. Zholdybaev",
]  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(_NAMES), min_size=2, max_size=12),
    st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)), max_size=4),
    st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)), max_size=4),
)
def test_decisions_always_hold(
    names: list[str], must: list[tuple[int, int]], cannot: list[tuple[int, int]]
) -> None:
    mentions = _mentions(*names)
    n = len(mentions)
    must_ids = [(f"m{a}", f"m{b}") for a, b in must if a < n and b < n]
    cannot_ids = [(f"m{a}", f"m{b}") for a, b in cannot if a < n and b < n and a != b]
    try:
        result = link(mentions, must=must_ids, cannot=cannot_ids)
    except ValueError:
        # Only when the must pairs chain together a pair that cannot be.
        parent = {m.id: m.id for m in mentions}

        def find(x: str) -> str:
            while parent[x] != x:
                x = parent[x]
            return x

        for a, b in must_ids:
            parent[find(a)] = find(b)
        assert any(find(a) == find(b) for a, b in cannot_ids)
        return
    entity = {m: i for i, c in enumerate(result.clusters) for m in c}
    assert sorted(entity) == sorted(m.id for m in mentions)
    assert all(entity[a] == entity[b] for a, b in must_ids)
    assert all(entity[a] != entity[b] for a, b in cannot_ids)
    assert all(entity[p.a] != entity[p.b] for p in result.proposals)
