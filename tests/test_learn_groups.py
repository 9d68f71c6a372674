"""Candidates through group references and the Russian trigger words the model decides
on (issue 10). Invented text only."""

from __future__ import annotations

from casefile.ingest import Metadata, document_from_text
from casefile.learn.candidates import Candidate, candidates
from casefile.learn.dataset import annotate, rules_pipeline
from casefile.model import PartialDate


def candidates_of(text: str, language: str = "en") -> list[Candidate]:
    document = document_from_text(text, Metadata(PartialDate.parse("2024-06-01"), language))
    (doc,) = annotate(rules_pipeline(), [document])
    return candidates(doc)


def by_pair(found: list[Candidate]) -> dict[tuple[str, str], Candidate]:
    return {(c.type, c.participant): c for c in found}


def test_a_plural_pronoun_proposes_the_group_and_says_how_it_was_found():
    found = by_pair(candidates_of(
        "Arlen Tovas and Ilse Marov were detained in Velsk on 3 May 2024. "
        "They were released two days later without charge.\n"
    ))
    for name in ("Arlen Tovas", "Ilse Marov"):
        features = found[("release", name)].features
        assert features["via=group"] == 1.0
        assert features["grp:near"] == 1.0
        assert features["grp_ref=pronoun"] == 1.0
        assert features["grp_size=<=2"] == 1.0


def test_a_counted_group_says_whether_the_count_agrees():
    found = by_pair(candidates_of(
        "Arlen Tovas and Ilse Marov were detained in Velsk on 3 May 2024. "
        "The two activists were released two days later.\n"
    ))
    features = found[("release", "Ilse Marov")].features
    assert features["grp_ref=counted"] == 1.0
    assert features["grp_counted_agrees"] == 1.0


def test_others_are_not_the_people_just_named():
    found = by_pair(candidates_of(
        "Arlen Tovas and Ilse Marov were detained in Velsk on 3 May 2024. "
        "Others were searched at the airport the same day.\n"
    ))
    # Still candidates through the window of names before, but not through "Others".
    for name in ("Arlen Tovas", "Ilse Marov"):
        assert "any_via=group" not in found[("search", name)].features
        assert found[("search", name)].features["any_via=name"] == 1.0


def test_other_people_counted_are_not_the_people_just_named():
    text = ("Arlen Tovas and Ilse Marov were detained in Velsk on 3 May 2024. "
            "Two other journalists were released the same day.\n")
    found = by_pair(candidates_of(text))
    for name in ("Arlen Tovas", "Ilse Marov"):
        release = found[("release", name)]
        assert not release.rule_events  # the rules' group reading no longer takes them
        assert "any_via=group" not in release.features


def test_nobody_is_a_member_of_a_group_they_own():
    found = by_pair(candidates_of(
        "Arlen Tovas, Ilse Marov and Petr Valen were detained in Velsk on 3 May 2024. "
        "Arlen Tovas's two brothers were charged with hooliganism.\n"
    ))
    assert found[("charge", "Ilse Marov")].features["any_via=group"] == 1.0
    owner = found.get(("charge", "Arlen Tovas"))
    assert owner is None or "any_via=group" not in owner.features


def test_the_other_defendants_are_still_a_group_of_those_named():
    found = by_pair(candidates_of(
        "Arlen Tovas, Ilse Marov and Petra Holm were tried in Velsk on 3 May 2024. "
        "The other defendants were released the same day.\n"
    ))
    for name in ("Arlen Tovas", "Ilse Marov", "Petra Holm"):
        assert found[("release", name)].rule_events


def test_members_listed_by_the_next_sentence_are_found_by_the_listing():
    found = by_pair(candidates_of(
        "The ministry denied any abuse. Police in Velsk detained three engineers at a "
        "checkpoint on 3 May. Their names are Arlen Tovas, Ilse Marov and Petra Holm.\n"
    ))
    for name in ("Arlen Tovas", "Ilse Marov", "Petra Holm"):
        assert found[("arrest", name)].features.get("any_grp:listed") == 1.0


def test_russian_words_the_rules_leave_to_context_propose_candidates():
    found = by_pair(candidates_of(
        "Районный суд Велска дважды оправдывал Арлена Товаса по статье о хулиганстве.\n", "ru"
    ))
    assert any(t == "acquittal" and "Товас" in p for t, p in found)
