"""The English parse labels (spaCy's ClearNLP scheme) that pronoun resolution reads."""

from __future__ import annotations

from casefile.extract.en.lexicon import SPEECH_VERBS
from casefile.extract.salience import ParseLabels

ENGLISH = ParseLabels(
    subjects=frozenset({"nsubj", "nsubjpass"}),
    speaker_deps=frozenset({"nsubj", "dobj"}),
    speech_verbs=SPEECH_VERBS,
    modifier_deps=frozenset({"compound"}),
    possessive_deps=frozenset({"poss"}),
)
