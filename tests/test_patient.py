"""Whom or what a trigger is done to, as the candidates' `patient=` feature says it: the
same verbs tell of people ("police released her") and of things ("the group released a
video"), and the model weighs the difference. Invented text."""

from __future__ import annotations

import pytest

from candidate_support import feature_values


def patients(text: str, language: str) -> dict[tuple[str, str], set[str]]:
    return feature_values(text, language, "patient")


@pytest.mark.parametrize(("text", "language", "key", "kind"), [
    ("Police released Anna Velik on Monday.", "en", ("release", "Anna Velik"), "person"),
    ("Clara Domov's group released a video on Monday.", "en",
     ("release", "Clara Domov"), "thing"),
    ("The statement released by Clara Domov on Monday named the judge.", "en",
     ("release", "Clara Domov"), "thing"),
    ("Peter Hask was detained in Velsk on Friday.", "en", ("arrest", "Peter Hask"),
     "person"),
    ("Two were detained in Velsk on Friday, Peter Hask said.", "en",
     ("arrest", "Peter Hask"), "number"),
    ("Полиция задержала Ивана Ворсина в понедельник.", "ru", ("arrest", "Иван Ворсин"),
     "person"),
    ("Ивана Ворсина задержали в понедельник.", "ru", ("arrest", "Иван Ворсин"), "person"),
])
def test_the_patient_of_a_candidates_trigger(text, language, key, kind):
    assert patients(text, language)[key] == {kind}
