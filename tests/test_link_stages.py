"""Each stage of `casefile.link.linker.link` on its own (invented names), and `[link]`."""

from __future__ import annotations

from pathlib import Path

import pytest

from casefile.link import Mention, link, parse_name
from casefile.link.blocking import block_keys, candidate_pairs, index, neighbours
from casefile.link.cluster import Graph, cluster, constrain, near_pairs, waiting_nodes
from casefile.link.config import DEFAULT, LinkConfig, LinkConfigError, load_link_config
from casefile.link.pairs import attested_apart, score_pairs
from casefile.link.proposals import ask
from casefile.link.records import Decision, Link
from casefile.link.repair import adopt, settle


def _keys(*names: str):  # type: ignore[no-untyped-def]
    return [parse_name(n) for n in names]


# blocking


def test_blocking_compares_spellings_of_one_name_and_not_strangers() -> None:
    keys = _keys("Тимур Бекназаров", "Timur Beknazarov", "Ольга Кравцова")
    pairs = candidate_pairs(keys)
    assert (0, 1) in pairs
    assert (0, 2) not in pairs and (1, 2) not in pairs


def test_a_surname_alone_is_compared_with_every_name_holding_it() -> None:
    keys = _keys("Бекназаров", "Тимур Бекназаров", "Ольга Бекназарова", "Ольга Кравцова")
    pairs = candidate_pairs(keys)
    assert {(0, 1), (0, 2)} <= pairs
    assert (0, 3) not in pairs


def test_block_keys_are_a_pure_function_of_the_name() -> None:
    a, b = _keys("Timur Beknazarov", "Timur Beknazarov")
    assert block_keys(a) == block_keys(b)
    assert all(kind in "ps" and len(part) <= 3 for kind, _, part in block_keys(a)[0])


def test_neighbours_are_each_node_sharing_a_block_once() -> None:
    keys = _keys("Тимур Бекназаров", "Timur Beknazarov", "Ольга Кравцова")
    found = list(neighbours(index(keys), keys[0]))
    assert sorted(found) == [0, 1]


# scored pairs


def test_scored_pairs_keep_the_features_that_made_the_score() -> None:
    keys = _keys("Тимур Бекназаров", "Timur Beknazarov", "Timur Beknazarova", "Ольга Кравцова")
    pairs = score_pairs(keys, [1, 1, 1, 1], [(0, 1), (0, 2), (0, 3)], propose=0.5)
    by_pair = {(p.x, p.y): p for p in pairs}
    assert by_pair[(0, 1)].score == 1.0
    woman = by_pair[(0, 2)].features()
    assert woman["gender"] == 0.6 and woman["surname"] == 1.0 and woman["given"] == 1.0
    assert woman["score"] == pytest.approx(0.6)
    assert (0, 3) not in by_pair  # below `propose`: not kept


def test_spellings_each_seen_twice_and_an_edit_apart_are_attested_apart() -> None:
    a, b = _keys("Timur Karimov", "Timur Kerimov")
    assert attested_apart(a, b, 2, 3)
    assert not attested_apart(a, b, 1, 3)  # a one-off spelling may be a typo


# clustering


def _graph(*names: str, support: list[int] | None = None) -> Graph:
    keys = _keys(*names)
    return Graph(keys, support or [1] * len(keys))


def test_cluster_joins_automatic_pairs_and_proposes_the_rest() -> None:
    g = _graph("Тимур Бекназаров", "Timur Beknazarov", "Бекназаров")
    scored = score_pairs(g.keys, g.support, candidate_pairs(g.keys), 0.5)
    g.edges = {(p.x, p.y): p.score for p in scored}
    near = near_pairs(g, scored)
    links: list[Link] = []
    proposals: list[Link] = []
    cluster(g, scored, near, waiting_nodes(g, near), str, links, proposals)
    assert g.find(0) == g.find(1) != g.find(2)
    assert [(p.a, p.b) for p in proposals] == [("0", "2"), ("1", "2")]


def test_constraints_join_and_keep_apart() -> None:
    g = _graph("Тимур Бекназаров", "Timur Beknazarov", "Ольга Кравцова")
    links: list[Link] = []
    constrain(g, {"a": 0, "b": 1, "c": 2}, must=[("a", "c")], cannot=[("a", "b")], links=links)
    assert g.find(0) == g.find(2)
    assert not g.allowed(g.find(0), g.find(1))
    assert links[0].decision is Decision.CONFIRMED
    with pytest.raises(ValueError, match="must be linked"):
        constrain(g, {"b": 1, "c": 2}, must=[("b", "c")], cannot=[], links=links)


def test_a_name_fitting_two_contradicting_names_waits() -> None:
    g = _graph("Тимур Каримович Бекназаров", "Тимур Олегович Бекназаров", "Тимур Бекназаров")
    scored = score_pairs(g.keys, g.support, candidate_pairs(g.keys), 0.5)
    g.edges = {(p.x, p.y): p.score for p in scored}
    assert waiting_nodes(g, near_pairs(g, scored)) == {2}


# repair


def test_a_waiting_name_joins_the_entity_holding_most_mentions() -> None:
    g = _graph("Тимур Каримович Бекназаров", "Тимур Олегович Бекназаров", "Тимур Бекназаров",
               support=[9, 1, 1])  # fmt: skip
    scored = score_pairs(g.keys, g.support, candidate_pairs(g.keys), 0.5)
    g.edges = {(p.x, p.y): p.score for p in scored}
    near = near_pairs(g, scored)
    links: list[Link] = []
    settle(g, waiting_nodes(g, near), near, str, links, [])
    assert g.find(2) == g.find(0) != g.find(1)
    assert "90%" in links[-1].reason


def test_a_one_off_typo_is_adopted_by_the_entity_it_fits() -> None:
    g = _graph("Тимур Бекназаров", "Тимур Бекназраов", support=[20, 1])
    links: list[Link] = []
    adopt(g, index(g.keys), str, links, [])
    assert g.find(0) == g.find(1)
    assert "one-off" in links[0].reason


# proposals


def test_one_question_per_pair_of_entities_asked_of_the_likeliest() -> None:
    g = _graph("A B", "C D", "E F", "G H")
    g.union(0, 1)  # one entity of two nodes
    proposals = [
        Link("2", "0", 0.6, Decision.PROPOSED),
        Link("2", "1", 0.7, Decision.PROPOSED),  # the same question, better scored
        Link("2", "3", 0.55, Decision.PROPOSED),  # a worse candidate for node 2
    ]
    node_of = {str(n): n for n in range(4)}
    asked = ask(g, node_of, proposals, per_entity=1, ask_mass=2)
    assert [(p.a, p.b, p.score) for p in asked] == [("2", "1", 0.7)]
    both = ask(g, node_of, proposals, per_entity=2, ask_mass=2)
    assert len(both) == 2
    assert ask(g, node_of, proposals, per_entity=1, ask_mass=0) == []


def test_link_returns_the_scored_pairs_by_node() -> None:
    result = link([Mention("1", "Тимур Бекназаров"), Mention("2", "Timur Beknazrov")])
    assert result.names == ["1", "2"]
    assert [(p.x, p.y) for p in result.scored] == [(0, 1)]
    assert result.scored[0].features()["surname"] == pytest.approx(0.94)  # one edit


# configuration


def test_config_defaults_and_a_link_table(tmp_path: Path) -> None:
    assert load_link_config(None) == DEFAULT
    assert load_link_config(tmp_path / "absent.toml") == DEFAULT
    path = tmp_path / "casefile.toml"
    path.write_text('[extract]\nmodel = "x"\n[link]\nauto = 0.9\nper_entity = 2\n')
    config = load_link_config(path)
    assert config == LinkConfig(auto=0.9, per_entity=2)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("autho = 0.9", "unknown setting 'autho'"),
        ("auto = 1.5", "between 0 and 1"),
        ('auto = "high"', "must be a number"),
        ("small = 2.5", "whole number"),
        ("auto = 0.4", "propose must not be above auto"),
        ("per_entity = 0", "per_entity"),
    ],
)
def test_bad_link_settings_are_one_line_errors(tmp_path: Path, table: str, message: str) -> None:
    path = tmp_path / "casefile.toml"
    path.write_text("[link]\n" + table + "\n")
    with pytest.raises(LinkConfigError, match=message) as err:
        load_link_config(path)
    assert "\n" not in str(err.value)


def test_thresholds_from_config_change_the_result() -> None:
    mentions = [Mention("1", "Тимур Бекназаров"), Mention("2", "Бекназаров")]
    assert len(link(mentions).clusters) == 2
    loose = LinkConfig(auto=0.5, different=0.5)  # a surname alone is enough
    assert len(link(mentions, config=loose).clusters) == 1


def test_partitioned_blocking_gives_the_pairs_of_local_blocking() -> None:
    from casefile.link.linker import local_pairs
    from casefile.link.partitioned import chunk_blocks, score_part

    keys = _keys(
        "Тимур Бекназаров", "Timur Beknazarov", "Бекназаров", "T. Beknazarov",
        "Ольга Кравцова", "Olga Kravtsova", "Кравцова", "Тимур Бекназраов",
    )  # fmt: skip
    support = [1] * len(keys)
    numbered = list(enumerate(keys))
    chunks = [chunk_blocks(numbered[i : i + 3], parts=4) for i in range(0, len(keys), 3)]
    found = set()
    for p in range(4):
        found |= {
            (s.x, s.y, s.score) for s in score_part([c[p] for c in chunks], keys, support, 0.5)
        }
    local = {(s.x, s.y, s.score) for s in local_pairs(keys, support, 0.5)}
    assert found == local and len(local) > 5
