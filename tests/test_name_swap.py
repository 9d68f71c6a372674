"""The name-swap probe's rewriting (bench/name_swap.py): invented documents only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from casefile.evaluation.gold import GoldDocument
from casefile.evaluation.swap import (
    COMMON_CYRILLIC,
    COMMON_CYRILLIC_WOMEN_BARE,
    COMMON_LATIN_GIVEN,
    COMMON_LATIN_GIVEN_BY_GENDER,
    COMMON_LATIN_SURNAMES,
    LATIN_GIVEN_BY_GENDER,
    swap_names,
)

EN_TEXT = (
    "The Lowmere court on 4 May convicted Tamsin Orravel and Piet Quandry of hooliganism. "
    "Orravel's lawyer said the court sentenced Orravel to two years. Quandry was fined. "
    "The court of Lowmere also listed the Brightwater Union as extremist."
)
RU_TEXT = (
    "Суд в Нижнедольске приговорил Глеба Тарновского к трём годам. Тарновскому вменили "
    "хулиганство. Жену Тарновского, Ирину Сковородову, задержали. Сковородову допросили, "
    "а с Ириной Сковородовой говорил адвокат Николай Пенкин."
)


def _gold(
    name: str, text: str, language: str, persons: list[str], events: list[dict]
) -> GoldDocument:
    return GoldDocument(
        name=name,
        text_path=Path(f"{name}.txt"),
        text=text,
        language=language,
        published="2024-05-06",
        persons=[{"name": p, "aliases": [], "roles": ["activist"]} for p in persons],
        events=events,
    )


def _event(etype: str, participant: str, evidence: str) -> dict:
    return {"type": etype, "participant": participant, "date": None, "evidence": evidence}


def english() -> GoldDocument:
    return _gold(
        "en-invented",
        EN_TEXT,
        "en",
        ["Tamsin Orravel", "Piet Quandry"],
        [
            _event("conviction", "Tamsin Orravel", "convicted Tamsin Orravel and Piet Quandry"),
            _event("conviction", "Piet Quandry", "convicted Tamsin Orravel and Piet Quandry"),
            _event("sentence", "Tamsin Orravel", "the court sentenced Orravel to two years"),
            _event("designation", "Brightwater Union", "listed the Brightwater Union as extremist"),
        ],
    )


def russian() -> GoldDocument:
    return _gold(
        "ru-invented",
        RU_TEXT,
        "ru",
        ["Глеб Тарновский", "Ирина Сковородова"],
        [
            _event("sentence", "Глеб Тарновский", "приговорил Глеба Тарновского к трём годам"),
            _event("detention", "Ирина Сковородова", "Ирину Сковородову, задержали"),
        ],
    )


def _without_spans(text: str, spans: list[tuple[int, int]]) -> str:
    out, pos = [], 0
    for start, end in spans:
        out.append(text[pos:start])
        out.append("#")
        pos = end
    return "".join(out + [text[pos:]])


def test_english_names_replaced_everywhere_and_consistently() -> None:
    gold = english()
    swapped, result = swap_names(gold, seed=1)

    for word in ("Tamsin", "Orravel", "Piet", "Quandry"):
        assert word not in swapped.text
        assert re.search(rf"\b{result.mapping[word]}\b", swapped.text)
    surname = result.mapping["Orravel"]
    assert swapped.text.count(surname) == 3  # full name, possessive and surname alone
    assert f"{surname}'s lawyer" in swapped.text
    full = f"{result.mapping['Tamsin']} {surname}"
    assert swapped.persons[0]["name"] == full
    assert [e["participant"] for e in swapped.events[:3]] == [
        full,
        f"{result.mapping['Piet']} {result.mapping['Quandry']}",
        full,
    ]
    # An organisation is no person: its name and event stay as they were.
    assert swapped.events[3] == gold.events[3]
    assert "Lowmere" in swapped.text and "Brightwater Union" in swapped.text


def test_evidence_stays_a_substring_and_other_text_is_unchanged() -> None:
    for gold in (english(), russian()):
        swapped, result = swap_names(gold, seed=5)
        for event in swapped.events:
            assert event["evidence"] in swapped.text
        invented = tuple(result.mapping.values())
        for start, end in result.spans:  # each span holds an invented name or its root
            assert any(v.startswith(swapped.text[start:end]) for v in invented)
        # Outside the replaced spans, the text is the original text.
        original_spans = [m.span() for m in _original_name_spans(gold)]
        assert _without_spans(swapped.text, result.spans) == _without_spans(
            gold.text, original_spans
        )


def _original_name_spans(gold: GoldDocument) -> list[re.Match[str]]:
    """The roots the swap is expected to replace, found independently by hand-made patterns."""
    if gold.language == "en":
        pattern = r"\b(?:Tamsin|Orravel|Piet|Quandry)\b"
    else:
        pattern = r"(?<!\w)(?:Глеб|Тарнов(?=ск)|Ирин|Сковород(?=ов))"
    return list(re.finditer(pattern, gold.text))


def test_russian_names_keep_their_case_endings() -> None:
    gold = russian()
    swapped, result = swap_names(gold, seed=2)

    surname = result.mapping["Тарновский"]
    assert surname.endswith("ский")
    root = surname[: -len("ский")]
    for form in ("ского", "скому"):
        assert root + form in swapped.text
    she = result.mapping["Сковородова"]
    assert she.endswith("ова")
    she_root = she[: -len("ова")]
    assert swapped.text.count(she_root + "ову") == 2 and she_root + "овой" in swapped.text
    given = result.mapping["Ирина"]
    assert given[:-1] + "у" in swapped.text and given[:-1] + "ой" in swapped.text
    for stem in ("Тарнов", "Сковород", "Ирин", "Глеб"):
        assert stem not in swapped.text
    assert "Николай Пенкин" in swapped.text  # not a gold person: left alone
    assert swapped.persons[1]["name"] == f"{given} {she}"
    assert all(_CYRILLIC_ONLY.fullmatch(w) for w in result.mapping.values())


_CYRILLIC_ONLY = re.compile(r"[\u0400-\u04ff]+")


def test_same_seed_same_names_other_seed_other_names() -> None:
    assert swap_names(english(), 3)[1].mapping == swap_names(english(), 3)[1].mapping
    mappings = {tuple(sorted(swap_names(english(), s)[1].mapping.items())) for s in range(6)}
    assert len(mappings) > 1
    assert swap_names(english(), 3)[0].text != EN_TEXT


def test_common_style_takes_real_names_of_the_same_kind_and_script() -> None:
    swapped, result = swap_names(russian(), seed=4, style="common")
    surname = result.mapping["Тарновский"]
    assert surname.endswith("ский") and surname[: -len("ский")] in COMMON_CYRILLIC[False, "ский"]
    assert result.mapping["Ирина"][:-1] in COMMON_CYRILLIC[True, "а"]
    assert result.mapping["Сковородова"][: -len("ова")] in COMMON_CYRILLIC[False, "ов"]
    for event in swapped.events:
        assert event["evidence"] in swapped.text
    english_swap = swap_names(english(), seed=4, style="common")[1].mapping
    assert english_swap["Orravel"] in COMMON_LATIN_SURNAMES
    assert english_swap["Tamsin"] in COMMON_LATIN_GIVEN


def test_a_womans_given_name_ending_in_a_consonant_stays_a_womans() -> None:
    gold = _gold("bare", "Гульсанам Турдиева задержана в Бишкеке.", "ru",
                 ["Гульсанам Турдиева"],
                 [_event("detention", "Гульсанам Турдиева", "Гульсанам Турдиева задержана")])
    for seed in range(6):
        mapping = swap_names(gold, seed, style="common")[1].mapping
        assert mapping["Гульсанам"] in COMMON_CYRILLIC_WOMEN_BARE
        assert mapping["Турдиева"].endswith("ева")


def test_a_victim_never_takes_a_name_already_in_the_text() -> None:
    # Every common woman's name but one is already in the text: the swap must pick that one.
    women = COMMON_LATIN_GIVEN_BY_GENDER["f"]
    others = " ".join(women[:-1])
    gold = _gold("crowded", f"{others} saw Tamsin Orravel detained.", "en", ["Tamsin Orravel"],
                 [_event("detention", "Tamsin Orravel", "Tamsin Orravel detained")])  # fmt: skip
    for seed in range(5):
        assert swap_names(gold, seed, style="common")[1].mapping["Tamsin"] == women[-1]


@pytest.mark.parametrize("style", ["common", "invented"])
def test_a_given_name_keeps_its_gender(style: str) -> None:
    """"Her lawyer said Tamsin ...": a man's name there would change who "her" is."""
    pools = COMMON_LATIN_GIVEN_BY_GENDER if style == "common" else LATIN_GIVEN_BY_GENDER
    for seed in range(8):
        mapping = swap_names(english(), seed, style)[1].mapping
        assert mapping["Tamsin"] in pools["f"]  # a woman's name in the dictionary
        assert mapping["Piet"] in pools["m"]  # mostly a man's


def test_unknown_style_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown name style"):
        swap_names(english(), 1, style="famous")


def test_spellings_of_one_person_stay_one_persons_after_the_swap() -> None:
    gold = _gold("en-variants", "Tamsin Orravel was detained. Tamsyn Orravel was released.",
                 "en", ["Tamsin Orravel"], [])
    gold.persons[0]["aliases"] = ["Tamsyn Orravel"]
    swapped, result = swap_names(gold, 1, "invented")
    assert result.mapping["Tamsin"] == result.mapping["Tamsyn"] != "Tamsin"
    assert swapped.text.count(result.mapping["Tamsin"]) == 2


def test_invented_cyrillic_roots_are_no_words_the_dictionary_knows() -> None:
    """An invented root that makes a real name ("Эльмира") changes who a text is about."""
    from casefile.evaluation.swap import CYRILLIC_ROOTS
    from casefile.extract.ru.parse import morph_analyzer

    known = [root + ending for root in CYRILLIC_ROOTS
             for ending in ("", "а", "ов", "ова", "ев", "ева", "ин", "ина", "у")
             if morph_analyzer().word_is_known((root + ending).lower())]
    assert known == []
