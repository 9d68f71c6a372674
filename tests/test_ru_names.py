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


def test_a_declining_name_the_dictionary_knows_is_not_read_as_indeclinable():
    assert names_in("Тело Виктории Лумовой нашли в лесу.") == ["Виктория Лумова"]


@pytest.mark.parametrize("text", ["Суд назначил Анне Вельтовой два года колонии.",
                                  "Анне Вельтовой предъявили обвинение."])
def test_anna_in_the_dative_is_not_the_indeclinable_anne(text):
    # the dictionary also knows an indeclinable «Анне»; the name that declines is likelier
    assert names_in(text) == ["Анна Вельтова"]


def test_the_predicate_tells_a_womans_name_in_the_nominative():
    assert names_in("Зарифа Мальтиева приговорена к штрафу.") == ["Зарифа Мальтиева"]


def test_a_name_after_a_genitive_chain_agrees_with_the_predicate():
    # The parser hangs the name on "директора" (genitive); the feminine predicate of the
    # masculine "заместитель" says the name is the subject, in the nominative.
    text = ("Бывший заместитель директора Мемориального комплекса Зарифа Мальтиева "
            "приговорена к семи годам колонии.")
    assert names_in(text) == ["Зарифа Мальтиева"]


def test_a_name_beside_a_genitive_noun_stays_genitive():
    assert names_in("Полиция провела обыск в доме активиста Сейрана Вельтова.") == [
        "Сейран Вельтов"]


@pytest.mark.parametrize("text", ["Суд назначил Андрею Меденку 20 суток ареста.",
                                  "Полиция задержала Андрея Меденка."])
def test_a_surname_in_enok_gets_its_vowel_back(text):
    assert names_in(text) == ["Андрей Меденок"]


def test_one_person_keeps_the_surest_spelling_across_mentions():
    from casefile.extract.ru.entities import _reconcile

    # (mention, reading, how sure): a lone sure nominative outweighs an unsure woman's
    # reading of the same words; a husband and wife keep their own surnames.
    read = [("a", "Нургельды Тахмырова", 0.2), ("b", "Нургельды Тахмыров", 2.3),
            ("c", "Тахмырова", 0.7), ("d", "Огулбиби Велсарова", 1.0),
            ("e", "Аман Велсаров", 1.0), ("f", "Велсаровой", 0.5)]
    assert [name for _, name in _reconcile(read)] == [  # type: ignore[arg-type]
        "Нургельды Тахмыров", "Нургельды Тахмыров", "Тахмыров", "Огулбиби Велсарова",
        "Аман Велсаров", "Велсаровой",
    ]


def test_a_first_name_that_drops_a_vowel_when_it_declines():
    # "Льва" is the genitive of "Лев", not of a name "Льв"
    assert names_in("Вчера в Москве задержали Льва Ранцева.") == ["Лев Ранцев"]


def persons_of(text: str) -> list[str]:
    from casefile.ingest import Metadata, document_from_text
    from casefile.learn.dataset import annotate, rules_pipeline

    document = document_from_text(text, Metadata(None, "ru"))
    return sorted(p.name for p in next(annotate(rules_pipeline(), [document])).persons.values())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Суд назначил Олегу и Татьяне Бирулям штраф.", ["Олег Бируля", "Татьяна Бируля"]),
        ("Полиция задержала братьев Асана и Азиза Ахтемовых в Симферополе.",
         ["Азиз Ахтемов", "Асан Ахтемов"]),
        ("Асан и Азиз Ахтемовы были задержаны 5 мая.", ["Азиз Ахтемов", "Асан Ахтемов"]),
        ("Суд арестовал Марину и Ивана Петровых.", ["Иван Петров", "Марина Петрова"]),
        ("Суд приговорил супругов Олега и Татьяну Вельдей к трём годам колонии.",
         ["Олег Вельдя", "Татьяна Вельдя"]),
        # each has a surname of their own: nothing is shared
        ("Суд арестовал Ивана Петрова и Марину Сомову.", ["Иван Петров", "Марина Сомова"]),
    ],
)
def test_a_surname_in_the_plural_is_shared_by_the_first_names_before_it(text, expected):
    assert persons_of(text) == expected


def test_a_surname_in_ei_beside_a_first_name_in_the_instrumental_is_one_womans():
    found = persons_of("Суд оштрафовал Ивана Сорокина вместе с Олегом и Татьяной Вельдей.")
    assert "Олег Вельдя" not in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # neither first name nor the surname is one the dictionary knows
        ("Суд назначил Ортане и Зелмару Кестивям штраф.", ["Зелмар Кестивя", "Ортана Кестивя"]),
        ("Полиция задержала супругов Зелмара и Ортану Кестивей.",
         ["Зелмар Кестивя", "Ортана Кестивя"]),
        ("Суд арестовал Зелмара и Ортану Бекмуратовых.",
         ["Зелмар Бекмуратов", "Ортана Бекмуратова"]),
        ("Прокурор потребовал для Ортаны и Зелмара Бекмуратовых пять лет.",
         ["Зелмар Бекмуратов", "Ортана Бекмуратова"]),
    ],
)
def test_first_names_the_dictionary_does_not_know_share_a_plural_surname(text, expected):
    assert persons_of(text) == expected


def test_a_first_name_in_a_misspelt_case_takes_the_reading_of_its_clear_mention():
    # "Зелмару" beside a surname in the accusative reads "Зелмара"; beside the dative
    # plural it can only be "Зелмар", and that surer reading names him in both places
    text = ("Суд осудил супругов Зелмару и Ортану Кестивей. "
            "Позже суд назначил Ортане и Зелмару Кестивям штраф.")
    assert persons_of(text) == ["Зелмар Кестивя", "Ортана Кестивя"]


def test_an_unknown_first_name_in_the_instrumental_beside_ei_is_one_womans():
    found = persons_of("Суд оштрафовал Ивана Сорокина вместе с Зелмаром и Ортаной Кестивей.")
    assert "Зелмар Кестивя" not in found


def test_a_surname_that_drops_a_vowel_when_it_declines_keeps_its_nominative():
    # the dative "Ласку" comes first; the nominative "Ласок" later is the name
    assert persons_of("Суд 5 мая 2024 года назначил Петру Ласку 20 суток ареста. "
                      "Журналист Пётр Ласок был задержан 3 мая 2024 года.") == ["Пётр Ласок"]


@pytest.mark.parametrize(("text", "expected"), [
    # a first name the dictionary does not know, which the tagger takes for a noun
    ("Председателя общества «Мемориал»* Кирвана Эльмирова** приговорили к двум годам.",
     ["Кирван Эльмиров"]),
    # a role before the name is still no part of it
    ("Инженера Ивана Ворсина задержали в Вельске.", ["Иван Ворсин"]),
])
def test_an_unknown_first_name_tagged_as_a_noun_stays_in_the_name(text, expected):
    assert persons_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Суд арестовал Ольдану Бориславскую. Ольдане грозит до пяти лет.",
     ["Ольдана Бориславская"]),
    ("Полиция задержала Хорвана Тамрина. Позже Хорвану предъявили обвинение.",
     ["Хорван Тамрин"]),
])
def test_a_lone_unknown_first_name_declined_is_the_person_named_before(text, expected):
    assert persons_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Суд приговорил Вельмара Кирванова к шести годам.", ["Вельмар Кирванов"]),
    ("Полиция задержала Домбану Сальвеневу и Кирвана Нельдорина.",
     ["Домбана Сальвенева", "Кирван Нельдорин"]),
])
def test_a_first_name_the_dictionary_only_guesses_declines_with_its_surname(text, expected):
    # the dictionary's guess for an unknown word ("Вельмара" like "Тамара") would keep it
    # as written, in the genitive, beside a surname read in the nominative
    assert names_in(text) == expected


def officials_of(text: str) -> tuple[list[str], list[str]]:
    from casefile.ingest import Metadata, document_from_text
    from casefile.learn.dataset import annotate, rules_pipeline

    doc = next(annotate(rules_pipeline(), [document_from_text(text, Metadata(None, "ru"))]))
    return sorted(p.name for p in doc.persons.values()), [doc.persons[k].name
                                                          for k in doc.officials]


@pytest.mark.parametrize(
    "text",
    [
        "Суд назначил восемь лет колонии главе объединения «Опора Кестрела» Вельмару Торсанову.",
        "Председатель правозащитного центра «Кестрел» Ольдана Морвина арестована.",
        "Бывший министр Торсан Ведров был задержан в понедельник.",
    ],
)
def test_a_title_held_outside_the_state_does_not_make_an_official(text):
    persons, officials = officials_of(text)
    assert persons and officials == []


def test_a_judge_is_still_an_official():
    assert officials_of("Судья Ирина Кальдина признала всех виновными.")[1] == ["Ирина Кальдина"]


def _events_of(text: str) -> set[tuple[str, str]]:
    from casefile.extract.pipeline import RU_COMPONENTS, Pipeline, PipelineConfig
    from casefile.ingest import Metadata, document_from_text
    from casefile.model import PartialDate

    rules = Pipeline(PipelineConfig(
        ru_components=tuple(c for c in RU_COMPONENTS if c != "model_events")))
    document = document_from_text(text, Metadata(PartialDate(2024, 6, 1), "ru"))
    return {(e.type, e.participant) for e in rules(document).events}


@pytest.mark.parametrize(("text", "name"), [
    # a given name that is also a common word, before a surname
    ("Веру Соколову задержали в понедельник.", "Вера Соколова"),
    ("Надежду Кривцову задержали в понедельник.", "Надежда Кривцова"),
])
def test_a_given_name_that_is_also_a_common_word_stays_in_the_name(text, name):
    assert ("arrest", name) in _events_of(text)


def test_a_relation_word_at_the_start_is_not_part_of_the_name():
    # «Соседа Брыкалова» is Брыкалов's neighbour, named after the comma
    found = _events_of("Соседа Брыкалова, Ивана Сомова, задержали в понедельник.")
    assert ("arrest", "Иван Сомов") in found
    assert not any(p.startswith(("Сосед", "Брыкалов")) for _, p in found)
