"""How a trigger word is read, in the rules and among the model's candidates: a ban of a
thing or an organisation ("the banned movement", «запрещённой литературы») is no
restriction of a person, a ban put on a person is; a court acting on a verdict is an
appeal. Invented text only."""

from __future__ import annotations

import pytest
import spacy

from casefile.extract.events import bans_a_thing
from casefile.extract.pipeline import DEFAULT_MODEL
from casefile.extract.ru.parse import parse
from casefile.learn.vocabulary import trigger_types


@pytest.fixture(scope="module")
def english() -> spacy.language.Language:
    return spacy.load(DEFAULT_MODEL)


def _ban_word(tokens: list) -> object:
    return next(t for t in tokens if t.lower_.startswith(("ban", "запрет", "запрещ")))


@pytest.mark.parametrize(("text", "of_a_thing"), [
    ("Members of the banned movement were detained in Velsk.", True),
    ("Arlen Tovas was banned from leaving Velsk.", False),
    ("The banned activist Arlen Tovas spoke in Velsk.", False),
])
def test_english(english, text, of_a_thing):
    word = _ban_word(list(english(text)))
    assert bans_a_thing(word) is of_a_thing
    assert ("restriction" in trigger_types(word, "en")) is not of_a_thing


@pytest.mark.parametrize(("text", "of_a_thing"), [
    ("Иван Ворсин распространял запрещённую литературу.", True),
    ("Сторонников запрещённого в стране движения задержали в Вельске.", True),
    ("Суд запретил Ивану Ворсину выезжать из Вельска.", False),
])
def test_russian(text, of_a_thing):
    word = _ban_word(list(parse(text)))
    assert bans_a_thing(word) is of_a_thing
    assert ("restriction" in trigger_types(word, "ru")) is not of_a_thing


@pytest.mark.parametrize(("text", "lemma", "types"), [
    ("Суд приговорил Ивана Ворсина к пяти годам лишения свободы.", "лишение", ("sentence",)),
    ("Суд приговорил Ивана Ворсина к пяти годам лишения свободы.", "свобода", ()),
    ("Суд лишил Ивана Ворсина свободы на пять лет.", "лишить", ("sentence",)),
    ("Иван Ворсин выступал за свободу слова.", "свобода", ()),
    ("Иван Ворсин вышел на свободу в мае.", "свобода", ("release",)),
])
def test_russian_deprivation_of_liberty_is_a_prison_term(text, lemma, types):
    word = next(t for t in parse(text) if t.lemma_.lower() == lemma)
    assert trigger_types(word, "ru") == types


@pytest.mark.parametrize("text", [
    "The Supreme Court upheld the sentence in May 2024.",
    "In May 2024 the high court overturned the conviction.",
])
def test_a_court_acting_on_a_verdict_proposes_an_appeal(english, text):
    verb = next(t for t in english(text) if t.pos_ == "VERB")
    assert trigger_types(verb, "en") == ("appeal",)


@pytest.mark.parametrize(("text", "word", "asserted"), [
    ("Offences which can carry prison sentences were listed in Velsk.", "sentences", False),
    ("Arlen Tovas is awaiting trial in Velsk.", "trial", False),
    ("Activists held a vigil for the release of Arlen Tovas.", "release", False),
    ("They launched a campaign for his release.", "release", False),
    ("They joined a protest against his arrest.", "arrest", True),
    ("Arlen Tovas was sentenced to six years in Velsk.", "sentenced", True),
])
def test_what_may_happen_or_is_asked_for_is_not_asserted(english, text, word, asserted):
    from casefile.extract.en.assertion import is_asserted

    token = next(t for t in english(text) if t.text == word)
    assert is_asserted(token) is asserted


@pytest.mark.parametrize(("text", "word", "unrealised"), [
    ("Суд постановил оштрафовать Ивана Ворсина.", "оштрафовать", False),
    ("Полиции удалось задержать Ивана Ворсина.", "задержать", False),
    ("Суд начал рассматривать дело Ивана Ворсина.", "рассматривать", False),
    ("Прокурор потребовал оштрафовать Ивана Ворсина.", "оштрафовать", True),
    ("Ивана Ворсина могут задержать в Вельске.", "задержать", True),
])
def test_a_russian_infinitive_under_a_ruling_or_success_happened(text, word, unrealised):
    from casefile.extract.events import unrealised_infinitive

    token = next(t for t in parse(text) if t.text == word)
    assert unrealised_infinitive(token) is unrealised


@pytest.mark.parametrize(("text", "word", "kind"), [
    ("Arlen Tovas was slain in Velsk in May 2024.", "slain", "death"),
    ("Police seized his phones and laptop.", "seized", "search"),
    ("Arlen Tovas was snatched from a street in Velsk.", "snatched", "disappearance"),
    ("He was held at an undisclosed location.", "undisclosed", "disappearance"),
])
def test_the_gold_evidence_words_propose_their_types(english, text, word, kind):
    token = next(t for t in english(text) if t.text == word)
    assert kind in trigger_types(token, "en")


def test_a_russian_infinitive_under_a_noun_of_asking_is_asked_for():
    from casefile.extract.events import unrealised_infinitive

    asked = next(t for t in parse("Правозащитники выступили с призывом освободить Ивана "
                                  "Ворсина.") if t.text == "освободить")
    assert unrealised_infinitive(asked)
