"""Russian names put in the nominative, names the dictionary does not know included."""

from __future__ import annotations

import pytest

from casefile.extract.ru.names import nominative
from casefile.extract.ru.parse import parse


def names_in(text: str) -> list[str]:
    doc = parse(text)
    return [nominative(list(ent)) for ent in doc.ents if ent.label_ == "PERSON"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # invented surnames in an oblique-case list
        ("Полиция задержала Жаната Кулмырзая, Нурлана Орысбаева и Орозайым Тейитбекову.",
         ["Жанат Кулмырзай", "Нурлан Орысбаев", "Орозайым Тейитбекова"]),
        # names that do not decline keep their written form
        ("У Сергея Ворожих и Энвера Кырмачи провели обыски.", ["Сергей Ворожих", "Энвер Кырмачи"]),
        ("Суд арестовал Ульви Ташмарлы.", ["Ульви Ташмарлы"]),
        # a feminine surname ending wins over a masculine tag
        ("Обыски прошли у Зекирьи Аблямитова и Зарифы Мальтиевой.",
         ["Зекирья Аблямитов", "Зарифа Мальтиева"]),
        ("Суд назначил штраф Багаудину Тунгиеву.", ["Багаудин Тунгиев"]),
        ("Суд приговорил журналиста Арлена Товаса к шести годам колонии.", ["Арлен Товас"]),
        ("Журналистку Марину Белову приговорили к пяти годам.", ["Марина Белова"]),
    ],
)
def test_names_are_put_in_the_nominative(text, expected):
    assert names_in(text) == expected
