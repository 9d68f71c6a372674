"""Where a text cites the law: the article patterns of each language, and which events
carry the citations of their sentence.

"under Article 342 of the Criminal Code", "по ч. 2 ст. 280 УК РФ": an event that charges,
investigates, tries, convicts or sentences someone carries the articles its sentence cites.
"""

from __future__ import annotations

import re

# The event types that cite the law.
LEGAL_TYPES = frozenset({"charge", "sentence", "conviction", "investigation", "trial"})

ARTICLE_PATTERNS: dict[str, re.Pattern[str]] = {
    "en": re.compile(
        r"\b(?:Articles?|Art\.|Sections?|paragraphs?|parts?)\s+\d+(?:[.\-]\d+)*(?:\s*\(\d+\))?"
        r"(?:(?:,\s*|\s+and\s+|\s*&\s*)\d+(?:[.\-]\d+)*(?:\s*\(\d+\))?)*"
        r"(?:\s+of\s+(?:the\s+)?(?:[A-Z][\w’'-]*\s+){0,4}(?:Criminal|Penal|Administrative)"
        r"(?:\s+Offen[cs]es)?\s+Code)?",
        re.IGNORECASE,
    ),
    # "ч. 1 ст. 280.3 УК РФ", "часть 2 статьи 205.2 УК", "ст. 275 УК", "ч. 5 ст. 20.2 КоАП"
    "ru": re.compile(
        r"(?:(?:ч\.|част[ьи])\s*\d+(?:\s*,\s*\d+)*\s+)?(?:ст\.|стать[ьяией])\s*\d+(?:\.\d+)*"
        r"(?:\s+(?:УК|КоАП|УПК)(?:\s+(?:РФ|РБ|РК|Республики\s+\w+))?)?",
        re.IGNORECASE,
    ),
}


def articles_in(text: str, language: str | None) -> list[str]:
    """The articles `text` cites, each as one line of single spaces."""
    pattern = ARTICLE_PATTERNS.get(language or "")
    if pattern is None:
        return []
    return [" ".join(m.group(0).split()) for m in pattern.finditer(text)]


def cited_articles(event_type: str, sentence: str, language: str | None) -> list[str]:
    """The articles an event of `event_type` told in `sentence` carries."""
    return articles_in(sentence, language) if event_type in LEGAL_TYPES else []
