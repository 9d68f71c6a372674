"""Language identification with lingua, restricted to languages this field meets.

Restricting the candidate set makes detection faster and more accurate than asking lingua
to choose among all 75 languages. Lingua has no Uzbek, Tajik, Kyrgyz or Turkmen model.
Low-accuracy mode (trigrams only) loads in a fraction of the time of the full mode and
agreed with it on one-sentence samples in every language below; documents are longer.
"""

from __future__ import annotations

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

_LANGUAGES: tuple[Language, ...] = (
    Language.ENGLISH,
    Language.RUSSIAN,
    Language.UKRAINIAN,
    Language.BELARUSIAN,
    Language.KAZAKH,
    Language.MONGOLIAN,
    Language.AZERBAIJANI,
    Language.TURKISH,
    Language.GEORGIAN,
    Language.ARMENIAN,
    Language.ARABIC,
    Language.PERSIAN,
    Language.URDU,
    Language.HEBREW,
    Language.CHINESE,
    Language.VIETNAMESE,
    Language.FRENCH,
    Language.GERMAN,
    Language.SPANISH,
    Language.PORTUGUESE,
    Language.ITALIAN,
    Language.POLISH,
)

# The opening of a document says its language; lingua's cost grows with the text length.
_MAX_CHARS = 5000
# Below this margin between the best two candidates lingua answers None: "unsure".
_MIN_RELATIVE_DISTANCE = 0.1

# Trigrams alone misjudge a single short sentence ("X was arrested on 3 May 2024 in Velsk"
# came out Vietnamese); below this length the full models are worth their load time.
_SHORT_TEXT = 400

_detectors: dict[bool, LanguageDetector] = {}


def _get_detector(high_accuracy: bool) -> LanguageDetector:
    if high_accuracy not in _detectors:
        builder = LanguageDetectorBuilder.from_languages(*_LANGUAGES)
        if not high_accuracy:
            builder = builder.with_low_accuracy_mode()
        _detectors[high_accuracy] = builder.with_minimum_relative_distance(
            _MIN_RELATIVE_DISTANCE
        ).build()
    return _detectors[high_accuracy]


def detect_language(text: str) -> str | None:
    """ISO 639-1 code ('en', 'ru', ...) of the text's language, or None if unsure."""
    sample = text[:_MAX_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return None
    language = _get_detector(len(sample) < _SHORT_TEXT).detect_language_of(sample)
    if language is None:
        return None
    return language.iso_code_639_1.name.lower()
