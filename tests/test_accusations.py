"""What a person is accused of, as the candidates' features say it: the class of crime in
the phrase the trigger governs, never for the person that phrase names. Invented text."""

from __future__ import annotations

import pytest

from candidate_support import feature_values
from casefile.ingest import Metadata, document_from_text
from casefile.learn.candidates import candidates
from casefile.learn.dataset import annotate, rules_pipeline


def accused(text: str, language: str) -> dict[tuple[str, str], set[str]]:
    return feature_values(text, language, "accused")


@pytest.mark.parametrize(("text", "language", "key", "classes"), [
    ("Arlen Tovas was convicted of murdering Ilse Marov in Velsk.", "en",
     ("conviction", "Arlen Tovas"), {"violent"}),
    ("Arlen Tovas was convicted of murdering Ilse Marov in Velsk.", "en",
     ("conviction", "Ilse Marov"), set()),
    ("Arlen Tovas was charged with sedition over a post.", "en",
     ("charge", "Arlen Tovas"), {"political"}),
    ("Arlen Tovas was arrested for theft in Velsk.", "en", ("arrest", "Arlen Tovas"),
     {"ordinary"}),
    ("Arlen Tovas was arrested in Velsk on Monday.", "en", ("arrest", "Arlen Tovas"), set()),
    ("Arlen Tovas was arrested in connection with the killing of Ilse Marov.", "en",
     ("arrest", "Arlen Tovas"), {"violent"}),
    ("Arlen Tovas was arrested in connection with the protest in Velsk.", "en",
     ("arrest", "Arlen Tovas"), {"political"}),
    ("Ивана Ворсина обвиняют в убийстве Ольги Мирцевой.", "ru",
     ("charge", "Иван Ворсин"), {"violent"}),
    ("Ивана Ворсина обвиняют в убийстве Ольги Мирцевой.", "ru",
     ("charge", "Ольга Мирцева"), set()),
    ("Пётр Ласов осуждён за призывы к экстремизму.", "ru", ("sentence", "Пётр Ласов"),
     {"political"}),
])
def test_the_accusation_class_of_a_candidate(text, language, key, classes):
    assert accused(text, language)[key] == classes


def test_the_victim_model_sees_the_accusation_of_any_candidate():
    from casefile.learn.victims import person_features, with_candidates

    document = document_from_text("Arlen Tovas was convicted of murdering Ilse Marov in Velsk.",
                                  Metadata(None, "en"))
    doc = next(annotate(rules_pipeline(), [document]))
    found = [(c.participant, c.features) for c in candidates(doc)]
    persons = with_candidates(person_features(doc), found, "en")
    assert persons["Arlen Tovas"].get("cand:accused=violent") == 1.0
    assert "cand:accused=violent" not in persons["Ilse Marov"]
