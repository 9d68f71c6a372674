"""Russian extraction behaviours on short invented statements, through the whole pipeline."""

from __future__ import annotations

import pytest

from casefile.extract.pipeline import Pipeline
from casefile.extract.ru.names import feminine_surname
from casefile.extract.ru.parse import parse
from casefile.ingest import Metadata, document_from_text
from casefile.model import Event, Extraction, PartialDate


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def run(pipeline: Pipeline, text: str, published: str | None = "2024-06-01") -> Extraction:
    document = document_from_text(
        text, Metadata(PartialDate.parse(published) if published else None, "ru")
    )
    extraction = pipeline(document)
    for fact in extraction.events:
        assert text[fact.evidence.start : fact.evidence.end] == fact.evidence.quote
    return extraction


def the_event(extraction: Extraction, etype: str, participant: str) -> Event:
    found = [e for e in extraction.events if e.type == etype and e.participant == participant]
    got = [(e.type, e.participant) for e in extraction.events]
    assert len(found) == 1, f"expected one {etype} of {participant}, got {got}"
    return found[0]


# --- the parse ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Суд приговорил Ивана Петрова к пяти годам.",
        "Заголовок без точки\n\nПервый абзац.  Второе предложение.\n  \n• Пункт списка\n",
        "  Текст с пробелами в начале и в конце  ",
    ],
)
def test_the_parse_covers_the_text_exactly(text):
    doc = parse(text)
    assert doc.text == text
    assert all(token.head.sent == token.sent for token in doc)


def test_each_line_is_a_sentence_of_its_own():
    doc = parse("14.06.2021, 09:20 Хроника\nВ Вельске задержали Ивана Петрова.")
    assert [s.text.strip() for s in doc.sents][:2] == [
        "14.06.2021, 09:20 Хроника", "В Вельске задержали Ивана Петрова."
    ]


@pytest.mark.parametrize(
    ("masculine", "feminine"),
    [("беляев", "беляева"), ("котов", "котова"), ("бородин", "бородина"),
     ("вишневский", "вишневская"), ("толстой", "толстая"), ("вельдя", "вельдя")],
)
def test_feminine_surnames(masculine, feminine):
    assert feminine_surname(masculine) == feminine


def test_a_name_the_morphology_reads_as_accusative_is_no_subject():
    # natasha's syntax takes the unfamiliar "Торбину" for the subject of «задержали»; its
    # morphology reads the accusative, and the object it is.
    doc = parse("В Вельске у памятника Петру Ласову задержали Торбину Мирданеву, "
                "Зорвана Радмилина и еще одну девушку.")
    assert next(t for t in doc if t.text == "Торбину").dep_ == "obj"


# --- events ------------------------------------------------------------------------------


def test_impersonal_plural_puts_the_victim_in_the_object_and_the_name_in_the_nominative(
    pipeline,
):
    x = run(pipeline, "Журналистку Марину Белову приговорили к пяти годам колонии общего "
                      "режима по ч. 2 ст. 280.3 УК РФ.")
    sentence = the_event(x, "sentence", "Марина Белова")
    assert (sentence.term, sentence.term_kind) == ("P5Y", "prison")
    assert sentence.articles == ["ч. 2 ст. 280.3 УК РФ"]
    assert {p.name: p.roles for p in x.persons}["Марина Белова"] == ["journalist"]


def test_passive_short_form_and_its_date(pipeline):
    x = run(pipeline, "Журналист Арлен Товас был задержан 3 мая 2024 года в Вельске.")
    assert the_event(x, "arrest", "Арлен Товас").date == PartialDate(2024, 5, 3)


def test_a_year_told_with_its_noun_dates_the_event(pipeline):
    # «в 2023 году»: the number modifies «году», and the two are the date
    x = run(pipeline, "В 2023 году Григорий Сомов был приговорён к двум годам условно.")
    assert the_event(x, "sentence", "Григорий Сомов").date == PartialDate(2023)


def test_pronoun_takes_the_person_of_its_gender(pipeline):
    x = run(pipeline, "Ивана Петрова и Ольгу Щеглову вызвали на допрос. "
                      "Её задержали 3 мая 2024 года.")
    the_event(x, "arrest", "Ольга Щеглова")
    assert not [e for e in x.events if e.type == "arrest" and e.participant == "Иван Петров"]


def test_released_with_a_protocol_is_a_release_and_an_administrative_case(pipeline):
    x = run(pipeline, "Полицейские задержали Ивана Петрова и Ольгу Щеглову. Вечером всех "
                      "задержанных отпустили с протоколами по ч. 8 ст. 20.2 КоАП.")
    for name in ("Иван Петров", "Ольга Щеглова"):
        the_event(x, "arrest", name)
        the_event(x, "release", name)
        assert the_event(x, "investigation", name).articles == ["ч. 8 ст. 20.2 КоАП"]


def test_a_demand_to_release_is_not_a_release(pipeline):
    x = run(pipeline, "Правозащитники потребовали освободить Ивана Петрова.")
    assert [e for e in x.events if e.type == "release"] == []


def test_a_negated_event_is_not_an_event(pipeline):
    x = run(pipeline, "Ивана Петрова не задержали.")
    assert x.events == []


def test_recognised_as_extremist_is_a_designation_of_the_organisation(pipeline):
    x = run(pipeline, "В 2021 году суд признал движение «Вольный Вельск» экстремистской "
                      "организацией.")
    designations = [e for e in x.events if e.type == "designation"]
    assert [(e.participant, e.label) for e in designations] == [("Вольный Вельск", "extremist")]


def test_foreign_agent_footnote_marks_persons_and_organisations(pipeline):
    x = run(pipeline, "Сопредседателя общества «Вельск»* Ивана Петрова** оштрафовали.\n"
                      "*Организация, выполняющая функции иностранного агента\n"
                      "**Физическое лицо, выполняющее функции иностранного агента\n")
    assert the_event(x, "designation", "Вельск").label == "foreign agent"
    assert the_event(x, "restriction", "Иван Петров").label == "foreign agent"
    the_event(x, "fine", "Иван Петров")


def test_a_dateline_under_the_title_dates_the_story(pipeline):
    x = run(pipeline, "Минюст пополнил реестр\nНовость\n14 мая 2024, 16:54\n\n"
                      "Суд в Вельске арестовал журналиста Ивана Петрова.", "2024-05-14")
    assert the_event(x, "arrest", "Иван Петров").date == PartialDate(2024, 5, 14)


def test_without_a_publication_date_a_year_less_lede_still_dates_the_story(pipeline):
    x = run(pipeline, "Утром 7 июля в Вельске прошли обыски у активистов.\n\n"
                      "В результате полиция задержала Ивана Петрова.", None)
    assert the_event(x, "arrest", "Иван Петров").date == PartialDate(None, 7, 7)


@pytest.mark.parametrize("reason", ["за участие в акции 3 мая", "из-за акции 3 мая"])
def test_the_date_of_what_a_penalty_was_for_is_not_its_date(pipeline, reason):
    x = run(pipeline, f"Суд оштрафовал Ивана Петрова {reason}.")
    assert the_event(x, "fine", "Иван Петров").date != PartialDate(2024, 5, 3)


def test_a_period_is_dated_at_its_start(pipeline):
    x = run(pipeline, "С 3 мая по 16 июня 2024 года длился суд над Иваном Петровым.", "2024-07-01")
    assert the_event(x, "trial", "Иван Петров").date == PartialDate(2024, 5, 3)


def test_the_next_day_is_counted_from_the_date_told_before(pipeline):
    x = run(pipeline, "3 мая 2024 года в Вельске прошла акция. На следующий день полиция "
                      "задержала Ивана Петрова.")
    assert the_event(x, "arrest", "Иван Петров").date == PartialDate(2024, 5, 4)


def test_recognised_guilty_is_a_conviction_dated_by_the_report_that_follows(pipeline):
    x = run(pipeline, "Суд признал Ивана Петрова виновным по ч. 2 ст. 207.3 УК РФ и приговорил "
                      "его к трем годам колонии.\nОб этом сегодня, 27 мая, рассказал его адвокат.",
            "2024-05-27")
    assert the_event(x, "conviction", "Иван Петров").date == PartialDate(2024, 5, 27)
    assert the_event(x, "sentence", "Иван Петров").term == "P3Y"


def test_a_feminine_surname_ending_makes_the_name_feminine(pipeline):
    # "Гулбахор" tells no gender; the accusative "-еву" does.
    x = run(pipeline, "Суд приговорил журналистку Гулбахор Назаршоеву к тюремному заключению.")
    the_event(x, "sentence", "Гулбахор Назаршоева")


@pytest.mark.parametrize(
    ("text", "etype", "extra"),
    [
        ("Суд избрал Ивану Петрову меру пресечения в виде домашнего ареста.", "restriction", {}),
        ("Суд арестовал Ивана Петрова на 15 суток.", "sentence",
         {"term": "P15D", "term_kind": "administrative_detention"}),
        ("Ивана Петрова внесли в реестр иностранных агентов.", "restriction",
         {"label": "foreign agent"}),
        ("Полицейские провели обыск у Ивана Петрова.", "search", {}),
        ("Апелляционный суд оставил приговор Ивану Петрову в силе.", "appeal", {}),
        ("Иван Петров скончался в СИЗО 3 мая 2024 года.", "death",
         {"date": PartialDate(2024, 5, 3)}),
        ("Ивану Петрову угрожали сотрудники полиции.", "harassment", {}),
        ("Суд начал рассматривать дело Ивана Петрова.", "trial", {}),
        ("У журналиста Ивана Петрова прошли обыски.", "search", {}),
        ("Минюст внес Ивана Петрова в реестр иноагентов.", "restriction",
         {"label": "foreign agent"}),
        ("Ивана Петрова объявили иностранным агентом.", "restriction",
         {"label": "foreign agent"}),
        ("Силовики пришли с обыском к активисту Ивану Петрову.", "search", {}),
        ("Суд продлил арест Ивану Петрову до 3 июня.", "arrest", {"date": None}),
    ],
)
def test_russian_legal_phrases(pipeline, text, etype, extra):
    event = the_event(run(pipeline, text), etype, "Иван Петров")
    for field, value in extra.items():
        assert getattr(event, field) == value


def test_a_death_outside_custody_is_not_an_event(pipeline):
    assert run(pipeline, "Иван Петров умер в 2019 году.").events == []


def test_the_suspicion_is_the_charge(pipeline):
    x = run(pipeline, "Ольгу Щеглову задержали по подозрению в государственной измене.")
    assert the_event(x, "arrest", "Ольга Щеглова").charges == ["государственной измене"]


def test_counts_of_unnamed_people_are_statistics(pipeline):
    x = run(pipeline, "23 мая 2024 года на площади задержали шестерых человек. "
                      "Ивана Петрова и Ольгу Щеглову тоже задержали.")
    assert [(s.count, s.period) for s in x.statistics] == [(6, "2024")]
    assert x.statistics[0].what.startswith("шестерых человек")


def test_released_without_a_protocol_opens_no_case(pipeline):
    x = run(pipeline, "Ивана Петрова отпустили из отдела полиции без протокола.")
    assert [e.type for e in x.events] == ["release"]


def test_the_authority_that_lists_someone_is_not_listed(pipeline):
    x = run(pipeline, "Минюст внес Ивана Петрова в реестр иноагентов.")
    assert [e.type for e in x.events if e.type == "designation"] == []


def test_a_dative_victim_of_a_ban_and_a_duration_that_is_not_a_person(pipeline):
    x = run(pipeline, "Ивана Петрова приговорили к двум годам колонии. Петрову также на "
                      "1,5 года запретили вести блоги в интернете.")
    the_event(x, "restriction", "Иван Петров")


def test_objects_the_parser_hangs_from_the_verb_are_all_victims(pipeline):
    x = run(pipeline, "Инженера Ивана Петрова и его соседей, Сергея Волкова и Ольгу Щеглову, "
                      "осудили на долгие сроки лишения свободы.")
    for name in ("Иван Петров", "Сергей Волков", "Ольга Щеглова"):
        the_event(x, "sentence", name)


def test_an_arrest_ordered_in_absentia_is_an_investigation(pipeline):
    # GUIDELINES.md: «заочно арестовал» orders an arrest, nobody is taken into custody
    x = run(pipeline, "6 мая 2024 года суд Вельска заочно арестовал журналиста Тихона Ворсина.")
    the_event(x, "investigation", "Тихон Ворсин")
    assert not [e for e in x.events if e.type == "arrest"]



@pytest.mark.parametrize(("text", "etype"), [
    ("Суд 3 мая 2024 года рассмотрел дело Ивана Ворсина, Петра Ласова и Анны Мировой. "
     "Всех троих признали виновными.", "conviction"),
    ("Суд 3 мая 2024 года приговорил Ивана Ворсина, Петра Ласова и Анну Мирову к трём "
     "годам колонии. Осуждённых взяли под стражу в зале суда.", "arrest"),
])
def test_a_counted_or_named_by_their_verdict_group_is_its_members(pipeline, text, etype):
    extraction = run(pipeline, text)
    for name in ("Иван Ворсин", "Петр Ласов", "Анна Мирова"):
        the_event(extraction, etype, name)


@pytest.mark.parametrize("text", [
    "В Москве у памятника Александру Пушкину задержали Карину Вельтову.",
    "Стипендию фонда имени Андрея Сахарова получала Карина Вельтова; её задержали.",
])
def test_a_monuments_or_an_institutions_name_is_no_person(pipeline, text):
    extraction = run(pipeline, text)
    assert {p.name for p in extraction.persons} == {"Карина Вельтова"}
    the_event(extraction, "arrest", "Карина Вельтова")


def test_a_singular_subject_of_a_plural_dative_verb_is_whom_it_concerns() -> None:
    """«Кузякину запретили»: the morphology model reads a dative surname it does not know
    as a nominative subject, but a plural verb has no singular subject."""
    from casefile.extract.pipeline import Pipeline
    from casefile.extract.ru.events import _verb_slots

    parsed = next(iter(Pipeline()._parse(
        "ru", ["Кузякину также на два года запретили администрировать сайты."])))
    verb = next(t for t in parsed if t.text == "запретили")
    surname = next(t for t in parsed if t.text == "Кузякину")
    assert surname in _verb_slots(verb)


def test_terms_given_respectively_go_to_each_person_in_turn(pipeline):
    extraction = run(pipeline, "Суд в Велске приговорил Ивана Ворсина, Петра Гаскова и Анну "
                               "Велик к 5 годам, 6,5 лет и 7 годам лишения свободы "
                               "соответственно.")
    terms = {name: the_event(extraction, "sentence", name).term
             for name in ("Иван Ворсин", "Петр Гасков", "Анна Велик")}
    assert terms == {"Иван Ворсин": "P5Y", "Петр Гасков": "P6Y6M", "Анна Велик": "P7Y"}


@pytest.mark.parametrize("given", [
    "Активист Андрей Колбрун и блогер Игорь Васькович получили по шесть лет "
    "колонии.",
    "Шесть лет колонии суд назначил активисту Андрею Колбруну и блогеру Игорю "
    "Васьковичу.",
])
def test_a_term_given_as_an_object_is_the_persons_not_the_next_sentences(pipeline, given):
    # «шесть лет» governs «колонии», the trigger: the term is the verb's object.
    extraction = run(pipeline, "Суд в Велории вынес приговор лидерам протеста. " + given
                     + " Тамара Оррельби приговорена к 7,5 года колонии.")
    terms = {e.participant: e.term for e in extraction.events if e.type == "sentence"}
    assert terms.get("Игорь Васькович") == "P6Y"
    assert terms.get("Тамара Оррельби") == "P7Y6M"
