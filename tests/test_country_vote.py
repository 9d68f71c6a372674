"""The document's country: one vote shared by both languages."""

from __future__ import annotations

from casefile.extract.country import LEDE_REACH, vote_country


def test_a_name_in_the_lede_outweighs_two_further_down():
    assert vote_country([("AZ", 40), ("KZ", LEDE_REACH + 10), ("KZ", LEDE_REACH + 90)]) == "AZ"
    assert vote_country([("AZ", LEDE_REACH), ("KZ", 900), ("KZ", 1200)]) == "KZ"


def test_a_host_state_wins_only_when_nothing_else_is_named():
    named = [("GB", 10), ("GB", 20), ("BY", 900)]
    assert vote_country(named, hosts=frozenset({"GB"})) == "BY"
    assert vote_country([("GB", 10)], hosts=frozenset({"GB"})) == "GB"
    assert vote_country([], hosts=frozenset({"GB"})) is None


def test_extra_votes_count_beside_mentions():
    assert vote_country([("KZ", 900)], extra={"RU": 2}) == "RU"
    assert vote_country([("KZ", 10)], extra={"RU": 2}) == "KZ"
