"""Direction control characters in document text (U+202A–U+202E, U+2066–U+2069, the marks
U+200E, U+200F and U+061C): shown as a badge, never applied to the words around them, on
every page that shows a quote, an excerpt or a document's text (web/formatting.py
show_bidi). The browser test checks what Chromium draws."""

from __future__ import annotations

import re
import unicodedata

import pytest

import web_support
from casefile import i18n
from casefile.store.sqlite import SQLiteStore
from casefile.web.formatting import BIDI_CONTROLS, show_bidi, snippet
from web_support import visible_text

client, seeded = web_support.client, web_support.seeded  # fixtures

# One control in the quote, one in the text around it.
STATEMENT = (
    "Teacher Ruslan Abenov was detained\u202e in Sarykol on 9 May 2024. "
    "His colleagues\u2067 at the school said so."
)
QUOTE = "Ruslan Abenov was detained\u202e in Sarykol on 9 May 2024"
BADGE = re.compile(
    r'<bdi class="bidi-control" dir="ltr" data-name="(\w+)" title="U\+([0-9A-F]{4}) [^"]*">'
    r"(.)</bdi>"
)


def bare_controls(html: str) -> int:
    """Control characters on the page outside their badge: each could reorder words."""
    return sum(html.count(c) for c in BIDI_CONTROLS) - len(BADGE.findall(html))


@pytest.mark.parametrize("char", sorted(BIDI_CONTROLS))
def test_every_control_character_becomes_a_named_badge_around_itself(char):
    shown = str(show_bidi(f"before{char}after"))
    badge = BADGE.search(shown)
    assert badge is not None, shown
    name, code, kept = badge.groups()
    assert (name, int(code, 16), kept) == (BIDI_CONTROLS[char], ord(char), char)
    assert unicodedata.name(char) in shown  # the title says what it is
    assert shown.startswith("before<bdi") and shown.endswith("</bdi>after")
    assert visible_text(shown) == f"before{char}after"  # the text itself is unchanged


def test_the_badge_explains_itself_in_the_readers_language():
    token = i18n.set_language("ru")
    try:
        shown = str(show_bidi("before\u202eafter"))
    finally:
        i18n.reset_language(token)
    # The character's Unicode name stays as the standard writes it; the words are Russian.
    assert 'title="U+202E RIGHT-TO-LEFT OVERRIDE: символ управления направлением' in shown
    assert "direction control" not in shown


def test_text_without_controls_is_only_escaped():
    assert str(show_bidi("Arrested <b>&</b> held")) == "Arrested &lt;b&gt;&amp;&lt;/b&gt; held"
    assert str(show_bidi(None)) == ""
    # Hebrew and Arabic letters are text, not controls: left as they are.
    assert str(show_bidi("שלום مرحبا")) == "שלום مرحبا"


def test_markup_in_the_text_cannot_hide_inside_a_badge():
    shown = str(show_bidi('"><script>x</script>\u202e<i>'))
    assert "<script>" not in shown and "<i>" not in shown
    assert BADGE.search(shown) is not None


def test_a_search_excerpt_marks_matches_and_shows_controls():
    shown = str(snippet("held \x02Abenov\x03\u202e <b>now</b>"))
    assert shown.startswith("held <mark>Abenov</mark><bdi class=\"bidi-control\"")
    assert "&lt;b&gt;now&lt;/b&gt;" in shown


@pytest.fixture
def with_control(seeded, make_extraction) -> str:
    built = (
        make_extraction(STATEMENT, published="2024-05-10", title="Sarykol: a teacher detained",
                        language="en")
        .person("Ruslan Abenov", roles=["teacher"], country="KZ")
        .event("arrest", "Ruslan Abenov", QUOTE, "2024-05-09")
    )  # fmt: skip
    with SQLiteStore(seeded.db_path) as store:
        store.save_extraction(built.build(), built.original)
    return built.document.sha256


def test_every_page_showing_the_quote_shows_its_control_as_a_badge(client, with_control):
    document = client.get(f"/documents/{with_control}").text
    text = document.split('data-testid="document-text">')[1].split("</div>")[0]
    assert visible_text(text) == STATEMENT  # every character once, in order
    assert [name for name, _, _ in BADGE.findall(text)] == ["RLO", "RLI"]
    person = re.search(r'href="/cases/(\d+)"[^>]*>Ruslan Abenov<', document)
    assert person is not None
    event = re.search(r'href="/facts/event/(\d+)"', client.get(f"/cases/{person[1]}").text)
    assert event is not None
    pages = {
        "document": document,
        "case": client.get(f"/cases/{person[1]}").text,
        "review": client.get(f"/review?document={with_control}").text,
        "fact": client.get(f"/facts/event/{event[1]}").text,
        "search": client.get("/search?q=Sarykol").text,
    }
    for name, html in pages.items():
        assert len(BADGE.findall(html)) >= 1, name
        assert bare_controls(html) == 0, name
