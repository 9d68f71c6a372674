"""What an import may say: casefile's countries (ISO 3166-1 alpha-2 codes CLDR knows, or
their English or Russian names) and event types; nothing else is taken as one."""

from __future__ import annotations

from functools import cache

from babel import Locale


@cache
def _countries() -> dict[str, str]:
    """Folded code or name (English, Russian) -> code."""
    out: dict[str, str] = {}
    for language in ("en", "ru"):
        for code, name in Locale.parse(language).territories.items():
            if len(code) == 2 and code.isalpha() and code != "ZZ":
                out[code.casefold()] = code
                out[" ".join(name.split()).casefold()] = code
    return out


def is_country(code: str) -> bool:
    return len(code) == 2 and _countries().get(code.casefold()) == code.upper()


def country_code(word: str) -> str | None:
    """The code a cell means: a code or a country's name in English or Russian."""
    return _countries().get(" ".join(word.split()).casefold())
