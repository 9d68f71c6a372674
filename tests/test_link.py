"""Person-name linking: folding, parsing, scoring, clustering, on real spellings."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casefile.link import Mention, fold, link, parse_name, score

SAME = [
    ("Марат Жыланбаев", "Marat Zhylanbayev"),
    ("Marat Zhylanbaev", "Marat Jylanbayev"),
    ("Марат Жыланбаев", "Жыланбаева Марата"),  # genitive
    ("Олег Орлов", "Oleg Orlov"),
    ("Oleg Orlov", "Орлова Олега"),  # genitive, reversed order
    ("Orlov Oleg", "Oleg Orlov"),
    ("О. Орлов", "Oleg Orlov"),  # initial
    ("Олег Петрович Орлов", "Oleg Orlov"),  # patronymic optional
    ("Орлов О.П.", "Oleg Petrovich Orlov"),
    ("Алексей Навальный", "Alexei Navalny"),
    ("Aleksei Navalnyi", "Навального Алексея"),
    ("Alexey Navalnyy", "Алексеем Навальным"),
    ("Ales Bialiatski", "Алесь Беляцкий"),  # Belarusian and Russian forms
    ("Ales Bialiatski", "Алеся Беляцкого"),
    ("Ульфатхоним Мамадшоева", "Ulfatkhonim Mamadshoeva"),
    ("Мамадшоевой Ульфатхоним", "Mamadshoeva Ulfatkhonim"),
    ("Yevgeny Sergeyev", "Евгений Сергеев"),
    ("Iurii Dmitriev", "Юрий Дмитриев"),
    ("Siarhei Tsikhanouski", "Siarhei Tsikhanouski"),
    ("Kassym Zhaksylykuly", "Касым Жаксылыкулы"),
]

DIFFERENT = [
    ("Oleg Orlov", "Olga Orlova"),  # another given name, another gender
    ("Oleg Petrovich Orlov", "Oleg Ivanovich Orlov"),  # namesakes: patronymic differs
    ("O. Orlov", "P. Orlov"),
    ("Alexei Navalny", "Yulia Navalnaya"),
    ("Marat Zhylanbayev", "Murat Zhylanbayev"),
    ("Ivan Sidorov", "Ivan Sidorin"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_real_spellings_of_one_person_link_automatically(a: str, b: str) -> None:
    assert score(a, b) >= 0.85


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_people_do_not_link_automatically(a: str, b: str) -> None:
    assert score(a, b) < 0.85


def test_romanisations_fold_to_one_form() -> None:
    forms = {fold(w) for w in ("Жыланбаев", "Zhylanbayev", "Zhylanbaev", "Jylanbayev")}
    assert forms == {"zhilanbaev"}
    assert fold("Navalny") == fold("Navalnyy") == fold("Навальный") == fold("Navalniy")
    assert fold("Alexei") == fold("Aleksej") == fold("Алексей")
    assert fold("Ўрозов") == fold("Urozov")  # Uzbek ў
    assert fold("Қасым") == fold("Kasym")  # Kazakh қ


def test_case_endings_and_gender() -> None:
    for form in ("Орлов", "Орлова", "Орлову", "Орловым", "Орлове", "Орловой"):
        assert "orlov" in parse_name(form).words, form
    assert parse_name("Olga Orlova").gender == "f"
    assert parse_name("Oleg Orlov").gender == "m"
    assert parse_name("Орловой Ольгой").gender == "f"
    assert parse_name("Орлова Олега").gender is None  # genitive of a man, or a woman


def test_patronymic_and_initials_are_recognised() -> None:
    key = parse_name("Орлов Олег Петрович")
    assert key.patronymic is not None and key.patronymic.startswith("petrovich")
    assert sorted(key.words) == ["oleg", "orlov"]
    initials = parse_name("О.П. Орлов")
    assert initials.initials == ("о",) and initials.patronymic == "п"


def test_surname_alone_is_only_ever_a_proposal() -> None:
    assert 0.5 <= score("Orlov", "Oleg Orlov") < 0.85


_names = st.text(
    alphabet=st.sampled_from("абвгдежзийклмнопрстуфхцчшщыьэюяqwertyuiopasdfghjklzxcvbnm .-"),
    min_size=1,
    max_size=25,
)


@given(st.text(max_size=30))
def test_fold_is_idempotent(word: str) -> None:
    assert fold(fold(word)) == fold(word)


@given(_names, _names)
def test_score_is_symmetric_and_bounded(a: str, b: str) -> None:
    assert score(a, b) == pytest.approx(score(b, a))
    assert 0.0 <= score(a, b) <= 1.0


def _entity_of(result_clusters: list[list[str]], mention_id: str) -> frozenset[str]:
    return next(frozenset(c) for c in result_clusters if mention_id in c)


def test_link_clusters_spellings_and_separates_namesakes() -> None:
    names = [
        "Марат Жыланбаев", "Zhylanbayev Marat", "Жыланбаева Марата", "M. Zhylanbaev",
        "Oleg Orlov", "Олега Орлова", "Orlov O.", "Olga Orlova", "Ольгой Орловой",
        "Alexei Navalny", "Навального Алексея",
    ]  # fmt: skip
    mentions = [Mention(str(i), n) for i, n in enumerate(names)]
    result = link(mentions)
    assert _entity_of(result.clusters, "0") == {"0", "1", "2", "3"}
    assert _entity_of(result.clusters, "4") >= {"4", "5"}
    assert _entity_of(result.clusters, "7") == {"7", "8"}
    assert _entity_of(result.clusters, "9") == {"9", "10"}
    assert sorted(m for c in result.clusters for m in c) == sorted(m.id for m in mentions)
    assert all(0.85 <= lk.score <= 1.0 for lk in result.links)


def test_a_name_fitting_two_people_equally_is_proposed_not_linked() -> None:
    names = ["Ivan Petrovich Sidorov"] * 3 + ["Ivan Sergeyevich Sidorov"] * 3 + ["Ivan Sidorov"]
    mentions = [Mention(str(i), n) for i, n in enumerate(names)]
    result = link(mentions)
    assert _entity_of(result.clusters, "0") == {"0", "1", "2"}
    assert _entity_of(result.clusters, "3") == {"3", "4", "5"}
    assert _entity_of(result.clusters, "6") == {"6"}
    assert {p.b for p in result.proposals} | {p.a for p in result.proposals} >= {"0", "3", "6"}


def test_spellings_attested_apart_are_proposed() -> None:
    names = ["Oleg Karimov"] * 2 + ["Oleg Kerimov"] * 2
    result = link([Mention(str(i), n) for i, n in enumerate(names)])
    assert len(result.clusters) == 2
    assert any(p.score >= 0.5 for p in result.proposals)
