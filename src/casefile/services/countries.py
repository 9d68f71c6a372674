"""Country names for ISO 3166-1 alpha-2 codes, as lists and filters show them.

Babel's CLDR territory names (Babel is pinned in pyproject.toml), in the interface's
language (casefile.i18n) unless one is given; a code CLDR does not know stands for itself.
"""

from __future__ import annotations

from functools import cache

from babel import Locale

from casefile.i18n import current_language


@cache
def _names(language: str) -> dict[str, str]:
    try:
        territories: dict[str, str] = dict(Locale.parse(language).territories)
    except (ValueError, LookupError):
        territories = dict(Locale.parse("en").territories)
    return {code: name for code, name in territories.items() if len(code) == 2}


def country_name(code: str | None, language: str | None = None) -> str:
    """"Kazakhstan" ("Казахстан" in Russian) for "KZ"; an unknown code as given; ""
    for none."""
    if not code:
        return ""
    return _names(language or current_language()).get(code.upper(), code)
