"""The interface's languages: gettext catalogues through Babel, and the language of the
request being answered.

Catalogues are web/locale/<language>/LC_MESSAGES/messages.po, compiled in memory when
first used (Babel's pofile and mofile): no binary .mo is committed, so none can go stale
behind its .po. `scripts/extract_messages.py` re-extracts the strings into messages.pot
and merges them into every .po (docs/translations.md).

The language is a context variable, set per request by web/language.py's middleware, so
that services (services/wording.py) and templates alike speak it without passing it
around; outside a request (the CLI, tests) it is English. English is the source
language: its strings are the msgids and need no catalogue.
"""

from __future__ import annotations

import gettext as _gettext
from contextvars import ContextVar, Token
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LOCALE_DIR = Path(__file__).parent / "web" / "locale"
DOMAIN = "messages"
DEFAULT_LANGUAGE = "en"
# The languages offered, each named in itself (the switch shows them so).
LANGUAGES: dict[str, str] = {"en": "English", "ru": "Русский"}

_current: ContextVar[str] = ContextVar("casefile_language", default=DEFAULT_LANGUAGE)


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(language: str) -> _gettext.NullTranslations:
    """The compiled catalogue of `language` (fuzzy entries left out, as msgfmt does);
    the identity for English and for a language without one."""
    path = po_path(language)
    if language == DEFAULT_LANGUAGE or not path.exists():
        return _gettext.NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=language, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def current_language() -> str:
    return _current.get()


def set_language(language: str) -> Token[str]:
    """Speak `language` in this context; returns the token reset_language takes."""
    return _current.set(language if language in LANGUAGES else DEFAULT_LANGUAGE)


def reset_language(token: Token[str]) -> None:
    _current.reset(token)


def gettext(message: str) -> str:
    return translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current.get()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return translations(_current.get()).pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return translations(_current.get()).npgettext(context, singular, plural, n)


class Msg(str):
    """A message for a person (an error the services raise) that is English as a string
    (the CLI, logs and the API read it so) and keeps its template and values, so that a
    page can say it in the reader's language (`in_language`). The template is a gettext
    msgid with %(name)s placeholders; `Msg` is an extraction keyword."""

    template: str
    values: dict[str, object]

    def __new__(cls, template: str, **values: object) -> Msg:
        made = super().__new__(cls, template % values if values else template)
        made.template, made.values = template, values
        return made

    def translated(self) -> str:
        said = gettext(self.template)
        if not self.values:
            return said
        # a value may be another error's message (a date's problem inside a field's)
        return said % {
            name: in_language(value) if isinstance(value, (Msg, BaseException)) else value
            for name, value in self.values.items()
        }


def message_of(error: BaseException) -> str:
    """An exception's message, keeping a `Msg` as it is (str(error) would make it a
    plain string): for re-raising one error as another."""
    first = error.args[0] if len(error.args) == 1 else None
    return first if isinstance(first, Msg) else str(error)


def in_language(error: BaseException | str) -> str:
    """An error (or its message) in the request's language when it was raised as a
    `Msg`, else as it is."""
    message = message_of(error) if isinstance(error, BaseException) else error
    return message.translated() if isinstance(message, Msg) else str(message)


def N_(message: str) -> str:  # noqa: N802 (the name extractors look for)
    """Marks a string for extraction where it is defined; translated where it is shown."""
    return message


def NP_(context: str, message: str) -> str:  # noqa: N802
    """N_ with a context: the same word meaning something else elsewhere."""
    return message


_ = gettext
