"""Which (event type, person) candidates the generator proposes for the event model to
decide: what is only asked for, threatened or possible proposes nothing. Invented text
only."""

from __future__ import annotations

import pytest

from casefile.extract.pipeline import Pipeline
from casefile.ingest import Metadata, document_from_text
from casefile.learn.candidates import Candidate, candidates
from casefile.learn.dataset import annotate, rules_pipeline
from casefile.model import PartialDate


@pytest.fixture(scope="module")
def rules() -> Pipeline:
    return rules_pipeline()


def _candidates(pipeline: Pipeline, text: str, language: str) -> list[Candidate]:
    document = document_from_text(text, Metadata(PartialDate(2024, 6, 1), language))
    return candidates(next(annotate(pipeline, [document])))


def proposed(pipeline: Pipeline, text: str, language: str) -> set[tuple[str, str]]:
    return {(c.type, c.participant) for c in _candidates(pipeline, text, language)}


@pytest.mark.parametrize("text", [
    "3 мая 2024 года прокурор попросил приговорить Ивана Ворсина к семи годам колонии.",
    "Ивану Ворсину грозит до семи лет колонии.",
])
def test_a_russian_request_or_threat_of_a_sentence_proposes_none(rules, text):
    assert ("sentence", "Иван Ворсин") not in proposed(rules, text, "ru")


def test_a_russian_sentence_passed_is_proposed(rules):
    found = proposed(rules, "3 мая 2024 года суд приговорил Ивана Ворсина к семи годам "
                            "колонии.", "ru")
    assert ("sentence", "Иван Ворсин") in found


@pytest.mark.parametrize("text, language, names", [
    ("On 3 May police detained four journalists in Velsk. They include Arlen Tovas and "
     "Ilse Marov.", "en", ("Arlen Tovas", "Ilse Marov")),
    ("3 мая 2024 года в Вельске задержали четырёх журналистов. Среди них Иван Ворсин и "
     "Пётр Ласов.", "ru", ("Иван Ворсин", "Пётр Ласов")),
])
def test_a_group_whose_members_the_next_sentence_lists_proposes_them(rules, text,
                                                                      language, names):
    found = proposed(rules, text, language)
    assert all(("arrest", name) in found for name in names)


def test_a_next_sentence_that_lists_no_members_proposes_nobody_from_it(rules):
    found = proposed(rules, "On 3 May police detained four journalists in Velsk. Arlen "
                            "Tovas, their editor, condemned it.", "en")
    assert ("arrest", "Arlen Tovas") not in found


def _paired_via(pipeline: Pipeline, text: str, language: str, etype: str, name: str,
                via: str) -> bool:
    document = document_from_text(text, Metadata(PartialDate(2024, 6, 1), language))
    doc = next(annotate(pipeline, [document]))
    return any(c.features.get(f"any_via={via}") for c in candidates(doc)
               if (c.type, c.participant) == (etype, name))


def test_a_people_noun_in_the_singular_stands_for_no_group(rules):
    text = ("3 мая 2024 года в Вельске задержали Ивана Ворсина и Петра Ласова. Также "
            "оштрафована на 3000 рублей активистка Ольга Мирцева.")
    assert not _paired_via(rules, text, "ru", "fine", "Иван Ворсин", "group")


def test_a_people_noun_in_the_plural_stands_for_the_group_named_before(rules):
    text = ("3 мая 2024 года в Вельске задержали Ивана Ворсина и Петра Ласова. Позже "
            "активистов оштрафовали на 3000 рублей.")
    assert _paired_via(rules, text, "ru", "fine", "Иван Ворсин", "group")


def test_a_definite_people_noun_points_back_to_the_person_named_before(rules):
    text = ("On 1 May Arlen Tovas published an article on corruption. On 3 May the "
            "journalist was detained at the border.")
    assert _paired_via(rules, text, "en", "arrest", "Arlen Tovas", "definite")


def test_a_people_noun_with_its_own_name_is_no_reference_back(rules):
    text = ("On 1 May Arlen Tovas published an article on corruption. On 3 May the "
            "journalist Ilse Marov was detained at the border.")
    assert not _paired_via(rules, text, "en", "arrest", "Arlen Tovas", "definite")


@pytest.mark.parametrize("text, language, etype, name", [
    ("“I was beaten in the police station,” Arlen Tovas told reporters on 3 May.", "en",
     "ill_treatment", "Arlen Tovas"),
    ("Ilse Marov, a lawyer from Velsk, wrote to us in May.\n\nI was arrested on 14 July "
     "2023 and charged with treason.", "en", "arrest", "Ilse Marov"),
    ("«Меня избили в отделе полиции», — рассказал Иван Ворсин 3 мая.", "ru",
     "ill_treatment", "Иван Ворсин"),
])
def test_a_first_person_is_who_says_it(rules, text, language, etype, name):
    assert _paired_via(rules, text, language, etype, name, "first")


def test_a_first_person_quote_is_its_speakers_not_the_person_named_before(rules):
    text = ("Police detained Arlen Tovas on 3 May. “I was beaten when I visited him,” "
            "Ilse Marov said.")
    assert _paired_via(rules, text, "en", "ill_treatment", "Ilse Marov", "first")
    assert not _paired_via(rules, text, "en", "ill_treatment", "Arlen Tovas", "first")


def test_a_call_the_accusation_is_about_is_no_request(rules):
    found = proposed(rules, "Активиста Ивана Ворсина задержали 3 мая 2024 года. Его обвиняют "
                            "в публичных призывах к захвату власти.", "ru")
    assert ("charge", "Иван Ворсин") in found


def test_a_request_above_the_trigger_still_proposes_nothing(rules):
    found = proposed(rules, "3 мая 2024 года правозащитники выступили с призывом освободить "
                            "Ивана Ворсина.", "ru")
    assert ("release", "Иван Ворсин") not in found


@pytest.mark.parametrize(("text", "word", "unrealised"), [
    ("Ивану Ворсину угрожали расправой.", "угрожали", False),  # a threat is harassment
    ("Ивану Ворсину грозит арест.", "арест", True),  # an arrest threatened has not happened
])
def test_a_russian_threat_is_itself_asserted_but_what_it_threatens_is_not(
        text, word, unrealised):
    from casefile.extract.ru.parse import parse
    from casefile.learn.candidates import _ru_unrealised

    token = next(t for t in parse(text) if t.text == word)
    assert _ru_unrealised(token) is unrealised


@pytest.mark.parametrize(("text", "word", "gender", "agrees"), [
    ("Активистка была оштрафована на 3000 рублей.", "оштрафована", "f", True),
    ("Активистка была оштрафована на 3000 рублей.", "оштрафована", "m", False),
    ("Активистов оштрафовали на 3000 рублей.", "оштрафовали", "m", None),
    # a noun's own gender says nothing of the person's
    ("Ивана Ворсина отправили в колонию.", "колонию", "m", None),
])
def test_a_russian_trigger_in_the_singular_tells_whose_gender_it_agrees_with(
        text, word, gender, agrees):
    from casefile.extract.ru.parse import parse
    from casefile.learn.candidates import _gender_agreement

    token = next(t for t in parse(text) if t.text == word)
    assert _gender_agreement(token, gender) is agrees


def test_the_term_of_a_sentence_that_may_come_is_no_candidate(rules):
    found = proposed(rules, "If convicted, Arlen Tovas could be sentenced to ten years in "
                            "prison.", "en")
    assert ("sentence", "Arlen Tovas") not in found


def _features(pipeline: Pipeline, text: str, language: str, etype: str,
              name: str) -> dict[str, float]:
    return next(c.features for c in _candidates(pipeline, text, language)
                if (c.type, c.participant) == (etype, name))


def test_every_member_of_a_list_has_the_lists_relation_to_the_trigger(rules):
    text = ("On 3 May a court in Velsk charged Arlen Tovas, Ilse Marov and Petra Quill "
            "with rioting.")
    shape = ("pdep=", "path=", "up1=")
    seen = [{k for k in _features(rules, text, "en", "charge", name) if k.startswith(shape)}
            for name in ("Arlen Tovas", "Ilse Marov", "Petra Quill")]
    assert seen[0] and seen[0] == seen[1] == seen[2]


def _arrest_dates(pipeline: Pipeline, text: str) -> list[str | None]:
    document = document_from_text(text, Metadata(None, "en"))
    found = candidates(next(annotate(pipeline, [document])))
    return [e.date.iso() if e.date else None
            for c in found if (c.type, c.participant) == ("arrest", "Arlen Tovas")
            for e in c.events()]


def test_an_undated_event_takes_the_date_of_a_clause_naming_its_person(rules):
    text = ("Arlen Tovas, a reporter for the Velsk Courier, remains in custody after his "
            "arrest. Police detained Tovas in March 2024 when he returned from abroad, his "
            "lawyer said.")
    assert _arrest_dates(rules, text) == ["2024-03"]


def test_an_event_its_own_clause_dates_keeps_that_date(rules):
    text = ("Police detained Arlen Tovas in Velsk on 3 May 2024. Tovas had been detained "
            "in 2019 as well.")
    assert "2024-05-03" in _arrest_dates(rules, text)


@pytest.mark.parametrize(("text", "person"), [
    ("Police briefly detained student Arvel Coldhaven at the rally.", "Arvel Coldhaven"),
    ("Corwen Dravenport spent two days in jail after the protest.", "Dravenport"),
    ("Maria Santos was detained for three weeks in 2019.", "Maria Santos"),
])
def test_a_custody_the_text_shows_ending_proposes_a_release(rules, text, person):
    found = proposed(rules, text, "en")
    assert ("arrest", person) in found and ("release", person) in found


@pytest.mark.parametrize(("text", "person"), [
    ("Maria Santos has been detained for three months without charge.", "Maria Santos"),
    ("Maria Santos had been held in pretrial detention for a year when the court sentenced "
     "her.", "Maria Santos"),
    ("Anna Keller was held in solitary confinement for 40 days.", "Anna Keller"),
    ("Daniel Moreau was jailed for six years in 2020.", "Daniel Moreau"),
])
def test_a_custody_still_running_or_a_term_proposes_no_release(rules, text, person):
    assert ("release", person) not in proposed(rules, text, "en")


@pytest.mark.parametrize(("text", "etype", "person"), [
    ("The reporter Anna Velik was held in Evin Prison for a year.", "arrest", "Anna Velik"),
    ("The reporter Anna Velik appeared before the Moscow City Court in May.", "trial",
     "Anna Velik"),
])
def test_a_named_place_of_custody_or_trial_still_proposes(rules, text, etype, person):
    assert (etype, person) in proposed(rules, text, "en")



@pytest.mark.parametrize(("text", "absent"), [
    # a wish to prosecute is no wanted list
    ("Anna Velik said the government wanted to prosecute her under the new law.",
     ("investigation", "Anna Velik")),
    # "the case of X" as the matter of a person, not a case opened against her
    ("The case of the blogger Anna Velik was described as shameful by the council.",
     ("investigation", "Anna Velik")),
    # "case" as a situation or an argument
    ("A case in point is the reporter Anna Velik, who was beaten by police.",
     ("investigation", "Anna Velik")),
    ("Rights groups made the case for Anna Velik to be freed.",
     ("investigation", "Anna Velik")),
    ("As is the case with many reporters, Anna Velik was beaten by police.",
     ("investigation", "Anna Velik")),
    ("In any case, Anna Velik was beaten by police.", ("investigation", "Anna Velik")),
    # awaiting a trial is no trial
    ("Anna Velik was detained pending trial.", ("trial", "Anna Velik")),
    # "drop" without a case noun ends no case
    ("Anna Velik dropped out of university in 2019 to work as a reporter.",
     ("acquittal", "Anna Velik")),
    # a release waited for, or one a date or a deal is set for, has not happened
    ("The family of the reporter Anna Velik is still waiting for her release.",
     ("release", "Anna Velik")),
    ("The reporter Anna Velik said her release date had not been set.",
     ("release", "Anna Velik")),
    # breaking into a country is no raid; breaking into a home is (test_guideline_cases)
    ("The army invaded the neighbouring country in 2022, the reporter Anna Velik said.",
     ("search", "Anna Velik")),
    # a trigger word inside the name of an organisation or a place
    ("Amnesty International called on Monday for an inquiry, the lawyer Anna Velik said.",
     ("release", "Anna Velik")),
    ("Radio Free Asia interviewed the reporter Anna Velik in May.", ("release", "Anna Velik")),
    # agents of a state list no one; only a "foreign agent" is listed
    ("Security agents questioned the reporter Anna Velik in May.", ("restriction", "Anna Velik")),
    # what one holds is no custody: an office, a press conference
    ("Anna Velik held a press conference on Monday.", ("arrest", "Anna Velik")),
    ("Anna Velik held the post of editor until 2020.", ("arrest", "Anna Velik")),
    # a square cleared of protesters acquits no one
    ("Police cleared the square of protesters, the reporter Anna Velik said.",
     ("acquittal", "Anna Velik")),
])
def test_words_that_only_look_like_triggers_propose_nothing(rules, text, absent):
    assert absent not in proposed(rules, text, "en")


@pytest.mark.parametrize(("text", "present"), [
    ("A criminal case was opened against Anna Velik in May.", ("investigation", "Anna Velik")),
    ("Police made a case against Anna Velik.", ("investigation", "Anna Velik")),
    ("Anna Velik is a suspect in the case.", ("investigation", "Anna Velik")),
    ("Prosecutors dropped the charges against Anna Velik in May.", ("acquittal", "Anna Velik")),
    ("The court heard the case of Anna Velik on Monday.", ("trial", "Anna Velik")),
    ("Police detained Anna Velik, Clara Domov, Peter Hask and Tomas Ruel. All four were "
     "released a day later.",
     ("release", "Clara Domov")),
])
def test_a_case_opened_and_a_quantified_group_still_propose(rules, text, present):
    assert present in proposed(rules, text, "en")


@pytest.mark.parametrize(("text", "present"), [
    ("The reporter Anna Velik was declared a foreign agent in May.",
     ("restriction", "Anna Velik")),
    ("Guards held Anna Velik in a cell for two days.", ("arrest", "Anna Velik")),
    ("The reporter Anna Velik was subjected to electric shocks in custody.",
     ("ill_treatment", "Anna Velik")),
    ("The reporter Anna Velik was cleared of all charges in May.", ("acquittal", "Anna Velik")),
    # a semicolon parts the arrest from the negation after it
    ("Police arrested Anna Velik in May; her family was not told where she was taken.",
     ("arrest", "Anna Velik")),
])
def test_readings_of_the_texts_wording_propose(rules, text, present):
    assert present in proposed(rules, text, "en")


@pytest.mark.parametrize(("text", "absent"), [
    ("The lawyer of Anna Velik released a statement on Monday.", ("release", "Anna Velik")),
    ("A video of Anna Velik was released by the group in May.", ("release", "Anna Velik")),
    ("Anna Velik is serving her third year of a five-year sentence.", ("release", "Anna Velik")),
    ("Anna Velik served as a medic in the army before she became a reporter.",
     ("sentence", "Anna Velik")),
])
def test_a_thing_released_or_a_term_under_way_proposes_no_release(rules, text, absent):
    assert absent not in proposed(rules, text, "en")


def test_a_term_served_to_its_end_proposes_a_release(rules):
    found = proposed(rules, "Anna Velik served two years in prison for her reporting.", "en")
    assert {("sentence", "Anna Velik"), ("release", "Anna Velik")} <= found


@pytest.mark.parametrize("text", [
    "Адвокаты считают, что на самом деле полиция следит за Иваном Ворсиным.",
    "Согласно материалам дела, Иван Ворсин купил краску в мае.",
])
def test_russian_idioms_of_delo_propose_no_investigation(rules, text):
    assert ("investigation", "Иван Ворсин") not in proposed(rules, text, "ru")


def test_a_russian_case_opened_proposes_an_investigation(rules):
    text = "В мае против Ивана Ворсина возбудили уголовное дело."
    assert ("investigation", "Иван Ворсин") in proposed(rules, text, "ru")



@pytest.mark.parametrize(("text", "language", "etype", "name"), [
    ("В мае суд приговорил Ивана Ворсина к шести годам колонии по делу о «фейках».", "ru",
     "investigation", "Иван Ворсин"),
    ("A court sentenced Anna Velik to two years in the bribery case.", "en",
     "investigation", "Anna Velik"),
])
def test_a_case_named_as_a_verdicts_ground_says_so(rules, text, language, etype, name):
    document = document_from_text(text, Metadata(PartialDate(2024, 6, 1), language))
    found = {(c.type, c.participant): c.features
             for c in candidates(next(annotate(rules, [document])))}
    assert found[(etype, name)].get("verdict_ground") == 1.0
