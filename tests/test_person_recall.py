"""Persons found where the recogniser alone falls short: shared given names, lists,
described people. Invented text only."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from casefile.extract.doc import AnnotatedDoc
from casefile.extract.en.names import clean_person_name
from casefile.extract.en.person_cues import list_mates
from casefile.extract.pipeline import Pipeline
from casefile.ingest import Metadata, document_from_text
from casefile.model import PartialDate


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def annotated(
    pipeline: Pipeline, text: str, persons: list[str] | None = None, skip: str = "",
    label: str = "PERSON",
) -> AnnotatedDoc:
    """The English persons stage over `text`; `persons` (the PERSON entities, in order of
    their first occurrence from left to right, after `skip`) replaces what the recogniser
    found, to put the persons component in a known situation. A name written `Name@GPE`
    there is given that label instead: the recogniser's place for a person's name."""
    document = document_from_text(text, Metadata(PartialDate(2024, 6, 1), "en"))
    doc = AnnotatedDoc(document=document, provenance=pipeline.provenances["en"])
    doc.spacy = next(pipeline._parse("en", [text]))
    if persons is not None:
        spans, at = [], text.index(skip) + len(skip) if skip else 0
        for written in persons:
            name, _, other = written.partition("@")
            start = text.index(name, at)
            span = doc.spacy.char_span(start, start + len(name), label=other or label)
            assert span is not None
            spans.append(span)
            at = start + len(name)
        doc.spacy.ents = [e for e in doc.spacy.ents if e.label_ != "PERSON" and not any(
            e.start < s.end and s.start < e.end for s in spans)] + spans
    for name, component in pipeline.components["en"]:
        if name == "persons":
            component(doc)
    return doc


def who(doc: AnnotatedDoc, word_start: int) -> str | None:
    mention = next((m for m in doc.mentions if m.start == word_start), None)
    return None if mention is None else doc.persons[mention.entity].name


def test_a_given_name_cut_short_goes_to_the_person_whose_surname_follows(pipeline):
    text = ("Lena Ukwuzor and Lena Tovas were detained on Monday. On Friday Lena "
            "Ukwuzor was sentenced to two years.")
    # the recogniser took only "Lena" of the second sentence's name
    doc = annotated(pipeline, text, ["Lena Ukwuzor", "Lena Tovas", "Lena"])
    second = text.index("Lena", text.index("Friday"))
    assert who(doc, second) == "Lena Ukwuzor"


def test_a_shared_surname_alone_is_the_person_the_text_is_about(pipeline):
    text = ("Arlen Tovas was arrested in Velsk. Arlen Tovas was charged with treason. "
            "His father, Miro Tovas, said the charges were false. "
            "Tovas was sentenced to nine years.")
    doc = annotated(pipeline, text, ["Arlen Tovas", "Arlen Tovas", "Miro Tovas", "Tovas"])
    # named last was the father, once; the son was named twice before
    assert who(doc, text.rindex("Tovas")) == "Arlen Tovas"


def test_a_shared_surname_alone_is_the_one_named_last_when_both_are_named_alike(pipeline):
    text = ("Arlen Tovas and Miro Tovas were arrested in Velsk. "
            "Miro Tovas was released on Monday. Tovas said he had been beaten.")
    doc = annotated(pipeline, text, ["Arlen Tovas", "Miro Tovas", "Miro Tovas", "Tovas"])
    assert who(doc, text.rindex("Tovas")) == "Miro Tovas"
    text = text.replace("Miro Tovas was", "Arlen Tovas was")
    doc = annotated(pipeline, text, ["Arlen Tovas", "Miro Tovas", "Arlen Tovas", "Tovas"])
    assert who(doc, text.rindex("Tovas")) == "Arlen Tovas"


def test_a_shared_surname_goes_to_the_person_only_the_context_names(pipeline):
    """The recogniser missed the arrested man's whole (double-barrelled) name and found
    his wife's: the verb says his is a person's name, and the surname alone before the
    wife is named is his."""
    text = ("Police arrested Rosmer Elsin-Bellwick on Monday. Elsin-Bellwick was held "
            "overnight. His wife, Evgenia Elsin-Bellwick, said he was beaten.")
    doc = annotated(pipeline, text, ["Elsin-Bellwick", "Evgenia Elsin-Bellwick"],
                    skip="Rosmer Elsin-Bellwick")
    assert who(doc, text.index("Rosmer")) == "Rosmer Elsin-Bellwick"
    assert who(doc, text.index("Elsin-Bellwick was")) == "Rosmer Elsin-Bellwick"


def names(doc: AnnotatedDoc) -> set[str]:
    return {p.name for p in doc.persons.values()}


def test_a_list_beside_one_known_person_names_people(pipeline):
    text = "Police detained Arlen Tovas and Qirat Mbeleza in Velsk on Monday."
    doc = annotated(pipeline, text, ["Arlen Tovas"])
    assert names(doc) == {"Arlen Tovas", "Qirat Mbeleza"}


def test_one_word_names_in_a_list_of_people(pipeline):
    text = ("The court sentenced Arlen Tovas, Qirat Mbeleza, Oszkar, Tembo and Lena Ukwuzor "
            "to three years.")
    doc = annotated(pipeline, text, ["Arlen Tovas", "Qirat Mbeleza", "Lena Ukwuzor"])
    assert {"Oszkar", "Tembo"} <= names(doc)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Police arrested activists such as Saadi Morwenne at the rally.", "Saadi Morwenne"),
        ("The authorities detained the journalists Pashkir Ulfan on Friday.", "Pashkir Ulfan"),
        ("In the case, Deacon Hrodan Vessik has been charged with fraud.", "Hrodan Vessik"),
    ],
)
def test_a_name_after_words_describing_a_person_is_a_person(pipeline, text, name):
    doc = annotated(pipeline, text, [])
    assert name in names(doc)


@pytest.mark.parametrize(
    "text",
    [
        "Police detained Arlen Tovas and the Velsk Daily on Monday.",
        "Police detained Arlen Tovas in the Middle East and Director Qirat said so.",
    ],
)
def test_outlets_places_and_titles_in_a_list_are_no_persons(pipeline, text):
    doc = annotated(pipeline, text, ["Arlen Tovas"])
    assert names(doc) <= {"Arlen Tovas", "Qirat"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("On Monday the authorities executed Lioren Kastvel in Velsk.", "Lioren Kastvel"),
        ("The 57-year-old Dorvel Amsanti has received a third summons.", "Dorvel Amsanti"),
        ("Other activists, including Farel Zelmisk, were questioned.", "Farel Zelmisk"),
        ("A rights defender, Rosmer Quendal, was arrested at home.", "Rosmer Quendal"),
        ("The bus drivers' union and Isolde Varnoth, who was fired, protested.",
         "Isolde Varnoth"),
        # one word, when the text introduces it as a person's
        ("Salwen, a 20-year-old student from Velsk, was detained in March.", "Salwen"),
        ("Kelvar, 24, a bakery worker, was beaten by police.", "Kelvar"),
        ("In 2015 a man named Wirat was convicted of insulting the king.", "Wirat"),
        ("The defendants are Pellan Ostrova Quendimar and two others.", "Pellan Ostrova Quendimar"),
        ("The blog of a former policewoman Tesh Avrin Molvar was closed.", "Tesh Avrin Molvar"),
    ],
)
def test_what_is_said_of_a_name_tells_it_is_a_person(pipeline, text, name):
    doc = annotated(pipeline, text, [])
    assert name in names(doc)


def test_capitalised_words_the_text_also_writes_in_lower_case_are_no_name(pipeline):
    text = ("Police detained Arlen Tovas and the Water Campaign on Monday. The campaign "
            "for clean water went on.")
    doc = annotated(pipeline, text, ["Arlen Tovas"])
    assert names(doc) == {"Arlen Tovas"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The daughter of Adrel Quastino told a briefing that he was held.", "Adrel Quastino"),
        ("Adrel Quastino's sister said the charges were false.", "Adrel Quastino"),
    ],
)
def test_a_relation_to_a_person_tells_a_name_is_a_person(pipeline, text, name):
    doc = annotated(pipeline, text, [])
    assert name in names(doc)


@pytest.mark.parametrize("text", [
    "High Appeals Court", "Velsk Grain Deal", "Open Borders Watch", "Isa Town",
    "Rafi Local Government Area", "Odo Ota Division", "The Ben Nevis", "Velsk Media",
    "Clear Path NGO",
])
def test_an_institutions_name_is_no_persons_name(text):
    assert clean_person_name(text) is None


def test_a_persons_name_is_kept_whole():
    assert clean_person_name("Mr. Arlen Tovas’s") == "Arlen Tovas"
    assert clean_person_name("Ngo Van Tam") == "Ngo Van Tam"  # a surname, not an NGO
    assert clean_person_name("Lawyer Kathy Marov") == "Kathy Marov"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("A court in Velsk sentenced Narges Tovadi to six years on 3 May 2024.",
         "Narges Tovadi"),
        ("Police in Velsk detained Tawfiq al-Marwendi on Monday.", "Tawfiq al-Marwendi"),
        ("Police in Velsk detained Anne-Marie Kostova on Monday.", "Anne-Marie Kostova"),
        # a capitalised role word before the name at the start of a sentence
        ("Blogger Isolde Gravesend wrote the post on Monday.", "Isolde Gravesend"),
    ],
)
def test_a_name_starting_with_a_given_name_is_a_person_whatever_its_label(
        pipeline, text, name):
    doc = annotated(pipeline, text, [])  # the recogniser found no person
    assert name in names(doc)


@pytest.mark.parametrize(
    "text",
    [
        "Grace Church and Victoria Station were closed on Monday.",
        "Christian Aid Ministries said the talks in Velsk had failed.",
        "Police blocked Mark Street and Jordan Valley on Monday.",
        "The Asia-Pacific office and the Asia-Pacific Regional Director said so.",
        "Members of RED-Tabara fled to El Salvador on Monday.",
    ],
)
def test_places_and_institutions_starting_with_a_given_name_are_no_persons(pipeline, text):
    assert names(annotated(pipeline, text, [])) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Samir al-Qudwani", "Samir al-Qudwani"), ("Leila el-Barrani", "Leila el-Barrani"),
     ("Arlen al-qaeda", None), ("Tovas co-founded", None)],
)
def test_a_particle_joined_to_a_surname_is_part_of_the_name(text, expected):
    assert clean_person_name(text) == expected


@pytest.mark.parametrize(("name", "common", "expected"), [
    ("Harassment", frozenset(), True),  # an English word alone: a heading
    ("Bangkok", frozenset(), True),  # a dateline's place
    ("Arbitrary Detention", frozenset({"arbitrary", "detention"}), True),
    ("Deputy Prime Minister", frozenset(), True),
    ("Velsk Detention", frozenset({"detention"}), False),
    ("Grace", frozenset({"grace"}), False),  # a given name stays a name
    ("Arlen Tovas", frozenset(), False),
])
def test_a_phrase_of_common_words_is_no_persons_name(name, common, expected):
    from casefile.extract.en.person_cues import is_common_phrase

    assert is_common_phrase(name, common) is expected


def test_a_recognised_heading_or_title_is_dropped_with_its_mentions(pipeline):
    text = ("Harassment of the press goes on. The Director of the group said the police "
            "detained Arlen Tovas on 3 May 2024.")
    doc = annotated(pipeline, text, persons=["Harassment", "Director", "Arlen Tovas"])
    assert [p.name for p in doc.persons.values()] == ["Arlen Tovas"]
    assert {m.entity for m in doc.mentions if m.kind == "person"} == set(doc.persons)
    assert all(m.entity in doc.persons for m in doc.token_mentions.values())


def test_the_secretary_and_the_director_are_titles_not_persons(pipeline):
    x = pipeline(document_from_text(
        "Velsk Watchers said its Secretary and Director had been jailed in May. "
        "The Secretary and Director were charged on 3 May 2024.",
        Metadata(PartialDate(2024, 6, 1), "en"),
    ))
    assert x.persons == [] and x.events == []


def test_two_spellings_of_one_name_are_one_person(pipeline):
    text = ("Police detained Anastasia Velkova on 3 May 2024. The prosecution of Anastasiya "
            "Velkova began in June.")
    doc = annotated(pipeline, text, persons=["Anastasia Velkova", "Anastasiya Velkova"])
    assert len(doc.persons) == 1


def test_a_surname_alone_spelt_another_way_is_the_person(pipeline):
    text = "Doctor Pelar Mugombeyi was abducted on Monday. Police said Magombeyi was found."
    doc = annotated(pipeline, text, persons=["Pelar Mugombeyi", "Magombeyi"])
    assert names(doc) == {"Pelar Mugombeyi"}


@pytest.mark.parametrize("other", ["Velkova", "Velk"])
def test_a_surname_with_an_ending_more_or_less_is_another_person(pipeline, other):
    text = f"Police detained Ivor Velkov and {other} on Monday."
    doc = annotated(pipeline, text, persons=["Ivor Velkov", other])
    assert names(doc) == {"Ivor Velkov", other}


def test_brothers_with_alike_given_names_stay_two_persons(pipeline):
    text = "Police detained Ahmet Velkan on 3 May 2024 and Mehmet Velkan a day later."
    doc = annotated(pipeline, text, persons=["Ahmet Velkan", "Mehmet Velkan"])
    assert len(doc.persons) == 2


@pytest.mark.parametrize("text, name", [
    ("Key activists Arlen “Fox” Tovas and Ilse Marov received police summons.",
     "Arlen Tovas"),
    ('Police detained the journalist Marta "Mika" Sol Ferrante on Monday.',
     "Marta Sol Ferrante"),
    ("Activist Arlen “Fox” Tovas was detained on Monday.", "Arlen Tovas"),
])
def test_a_quoted_nickname_inside_a_name_is_left_out_of_it(pipeline, text, name):
    doc = annotated(pipeline, text)
    assert name in {p.name for p in doc.persons.values()}
    assert not any("Fox" in p.name or "Mika" in p.name or p.name.startswith("Activist")
                   for p in doc.persons.values())


def test_a_quoted_title_between_common_words_is_no_nickname(pipeline):
    doc = annotated(pipeline, "The “Free Velsk” Movement was banned on Monday.")
    assert not any("Movement" in p.name for p in doc.persons.values())


def test_a_name_found_only_in_a_list_is_found_wherever_else_it_is_named(pipeline):
    # Arlen Tovas is the known person; "Quillan Zellerby" joins as his list neighbour, and
    # its other mentions, which the recogniser took for an organisation, follow
    text = ("Quillan Zellerby was wanted by the authorities on trumped-up charges. "
            "We demand the release of Arlen Tovas and Quillan Zellerby, arrested on 3 May. "
            "Quillan Zellerby was charged with treason.")
    doc = annotated(pipeline, text, ["Arlen Tovas"])
    key = next(k for k, p in doc.persons.items() if p.name == "Quillan Zellerby")
    named_at = {m.start for m in doc.mentions if m.entity == key}
    assert len(named_at) == 3


@pytest.mark.parametrize("text", [
    "Former minister Talven Orosz was arrested on Monday.",
    "The Vardan Bar Association President Miro Kestel remains in prison.",
    "Kestrel Rights Centre's Secretary Orel Manski was detained.",
    "Viktor Strand, the former mayor, was arrested on Monday.",
    "A judge, Oleg Marin, was detained on Monday.",
])
def test_a_title_held_outside_the_state_does_not_make_an_official(pipeline, text):
    # a past title, or one in a rights group: such people are the records' victims
    doc = annotated(pipeline, text)
    assert doc.persons and not doc.officials


@pytest.mark.parametrize(("text", "name"), [
    ("Interior Minister Harlan Vost said the protesters would be punished.", "Harlan Vost"),
    ("The Interior Ministry's spokesman Dario Plesk denied the reports.", "Dario Plesk"),
    # a union of states is no union of workers
    ("The European Union's ambassador Dario Plesk called for their release.", "Dario Plesk"),
    # a title in apposition, before or after the name, however the parser hangs it
    ("He was fined after criticising the mayor, Viktor Strand, on social media.",
     "Viktor Strand"),
    ("Viktor Strand, the regional governor, condemned the killing.", "Viktor Strand"),
    ("The judge, Oleg Marin, refused to admit the evidence.", "Oleg Marin"),
])
def test_a_state_title_still_makes_an_official(pipeline, text, name):
    doc = annotated(pipeline, text)
    assert [doc.persons[k].name for k in doc.officials] == [name]


@pytest.mark.parametrize("text", [
    "Arlen Tovas at his hearing in Velsk. © Ilse Marov, 2023.\n\nTovas was arrested in May.",
    "Photo: Ilse Marov\n\nArlen Tovas was arrested in Velsk in May.",
    "Arlen Tovas in court (photograph by Ilse Marov). He was arrested in Velsk in May.",
    "Photo courtesy of Ilse Marov\n\nArlen Tovas was arrested in Velsk in May.",
    "Arlen Tovas was arrested in Velsk in May. (WIRE/Ilse Marov)",
    "Arlen Tovas was arrested in Velsk in May. Ilse Marov/WIRE via Pictures",
])
def test_a_picture_credit_names_no_person_of_the_text(pipeline, text):
    persons = sorted(["Arlen Tovas", "Ilse Marov"], key=text.index)
    doc = annotated(pipeline, text, persons)
    assert names(doc) == {"Arlen Tovas"}


def test_a_picture_of_a_person_names_them(pipeline):
    text = "The leaking of photos of Ilse Marov was condemned."
    doc = annotated(pipeline, text, ["Ilse Marov"])
    assert names(doc) == {"Ilse Marov"}


def test_a_person_credited_and_named_elsewhere_is_kept_there(pipeline):
    text = "Photo: Ilse Marov\n\nIlse Marov, a photographer, was arrested in Velsk in May."
    doc = annotated(pipeline, text, ["Ilse Marov", "Ilse Marov"])
    assert names(doc) == {"Ilse Marov"}
    assert who(doc, text.index("Ilse Marov,")) == "Ilse Marov"
    assert who(doc, text.index("Ilse Marov")) is None


@pytest.mark.parametrize("text", [
    "Velsk, a city of 20,000 people, saw protests on Monday.",
    "Reuters, a news agency, reported that police detained protesters.",
    "A group called Freedom was banned on Monday.",
    "Velsk, 26 January 2023. The council discussed the prisoners.",
    "Workers died at a plant in Korvath, two workers at another plant and one more.",
    "In its harassment of the activist, the Undersecretariat of Rights accused her.",
])
def test_a_described_place_or_outlet_is_no_one_word_person(pipeline, text):
    doc = annotated(pipeline, text, [])
    assert names(doc) == set()


def test_nicknamed_names_after_a_human_noun_and_in_its_list_are_persons(pipeline):
    text = ("Police summoned activists Tarvin “Falcon” Wongsaral, Pornlei “Bee” Sakdivan "
            "and Somrak “Tiger” Raksawan over the protest.")
    doc = annotated(pipeline, text, [])
    assert {"Tarvin Wongsaral", "Pornlei Sakdivan", "Somrak Raksawan"} <= names(doc)


def test_a_name_run_into_the_next_lines_heading_is_cut_at_the_line(pipeline):
    text = ("Four officers were charged with aiding Arlen Tovas\nCurfews continued in "
            "major cities on Wednesday.")
    doc = annotated(pipeline, text, ["Arlen Tovas\nCurfews"])
    assert names(doc) == {"Arlen Tovas"}


def test_a_verbs_ing_form_before_a_name_is_no_part_of_it(pipeline):
    doc = annotated(pipeline, "Getting Arlen Tovas convicted will take years.",
                    ["Getting Arlen Tovas"])
    assert names(doc) == {"Arlen Tovas"}


@pytest.mark.parametrize("text", ["Tovas To Be Freed", "READ| Arlen", 'Ilse Marov:"The'])
def test_a_headlines_or_links_words_are_no_persons_name(text):
    assert clean_person_name(text) is None


def test_a_name_keeps_words_that_are_also_small_words_in_lower_case():
    assert clean_person_name("Will Arlen") == "Will Arlen"
    assert clean_person_name("Arlen To") == "Arlen To"  # a surname as well
    assert clean_person_name("Maria De La Cruz") == "Maria De La Cruz"


@pytest.mark.parametrize("text", [
    "Police detained Arlen Tovas at the statue of Ilse Marov on Monday.",
    "Police detained Arlen Tovas at a school named after Ilse Marov.",
])
def test_a_monuments_or_an_institutions_name_is_no_person(pipeline, text):
    doc = annotated(pipeline, text, ["Arlen Tovas", "Ilse Marov"])
    assert names(doc) == {"Arlen Tovas"}


def test_a_person_named_beside_a_monument_is_kept(pipeline):
    text = "Ilse Marov was detained at the statue of Ilse Marov's grandfather."
    doc = annotated(pipeline, text, ["Ilse Marov", "Ilse Marov"])
    assert names(doc) == {"Ilse Marov"}


def test_one_word_names_taken_for_places_in_a_list_of_people_are_persons(pipeline):
    text = ("Police arrested Arlen Tovas, Ilse Marov, Qirat Mbeleza, Kettlewick and "
            "Dorvane on Monday.")
    doc = annotated(pipeline, text, ["Arlen Tovas", "Ilse Marov", "Qirat Mbeleza"])
    assert {"Kettlewick", "Dorvane"} <= names(doc)


def _parsed(pipeline: Pipeline, arcs: list[tuple[str, str, int, str]]) -> Doc:
    """A parse given word by word: (word, tag, head index, dependency)."""
    words, tags, heads, deps = zip(*arcs, strict=True)
    return Doc(pipeline.nlp.vocab, words=list(words), tags=list(tags), heads=list(heads),
               deps=list(deps))


def test_a_list_the_parser_splits_into_appositions_is_one_list(pipeline):
    # "Police held Arlen Tovas , Ilse Marov , Kettlewick , Dorvane and Qirat Mbeleza ."
    # parsed as "Arlen Tovas and Ilse Marov" with "Kettlewick, Dorvane and Qirat Mbeleza"
    # in apposition, as the small English model parses long lists of names
    doc = _parsed(pipeline, [
        ("Police", "NNS", 1, "nsubj"), ("held", "VBD", 1, "ROOT"),
        ("Arlen", "NNP", 3, "compound"), ("Tovas", "NNP", 1, "dobj"), (",", ",", 3, "punct"),
        ("Ilse", "NNP", 6, "compound"), ("Marov", "NNP", 3, "conj"), (",", ",", 6, "punct"),
        ("Kettlewick", "NNP", 6, "appos"), (",", ",", 8, "punct"),
        ("Dorvane", "NNP", 8, "conj"), ("and", "CC", 10, "cc"),
        ("Qirat", "NNP", 13, "compound"), ("Mbeleza", "NNP", 10, "conj"), (".", ".", 1, "punct"),
    ])
    assert [t.text for t in list_mates(doc[3])] == ["Marov", "Kettlewick", "Dorvane", "Mbeleza"]


def test_a_lone_name_in_apposition_to_a_list_is_not_of_the_list(pipeline):
    # "Police held Arlen Tovas and Ilse Marov , Velsk ."
    doc = _parsed(pipeline, [
        ("Police", "NNS", 1, "nsubj"), ("held", "VBD", 1, "ROOT"),
        ("Arlen", "NNP", 3, "compound"), ("Tovas", "NNP", 1, "dobj"), ("and", "CC", 3, "cc"),
        ("Ilse", "NNP", 6, "compound"), ("Marov", "NNP", 3, "conj"), (",", ",", 6, "punct"),
        ("Velsk", "NNP", 6, "appos"), (".", ".", 1, "punct"),
    ])
    assert [t.text for t in list_mates(doc[3])] == ["Marov"]


def test_an_english_word_alone_is_still_no_person(pipeline):
    doc = annotated(pipeline, "Baker said the march would go ahead.", ["Baker"])
    assert "Baker" not in names(doc)


def test_a_country_or_a_word_of_the_text_in_a_list_of_people_is_no_person(pipeline):
    text = ("Arlen Tovas, Ilse Marov, Qirat Mbeleza, Ukraine and Campaign were named in the "
            "campaign's report.")
    doc = annotated(pipeline, text, ["Arlen Tovas", "Ilse Marov", "Qirat Mbeleza"])
    assert not {"Ukraine", "Campaign"} & names(doc)


def test_a_given_name_the_recogniser_left_out_keeps_a_person_apart_from_a_relative(pipeline):
    text = ("Police arrested Daniel Velmar-Tosk on Monday. His wife, Ilse Velmar-Tosk, said "
            "that Velmar-Tosk had done nothing wrong.")
    doc = annotated(pipeline, text, ["Velmar-Tosk", "Ilse Velmar-Tosk", "Velmar-Tosk"])
    assert names(doc) == {"Daniel Velmar-Tosk", "Ilse Velmar-Tosk"}


def test_a_title_before_a_name_is_no_given_name(pipeline):
    text = "The case was heard by Presiding Judge Orla Venmarck in Velsk."
    doc = annotated(pipeline, text, ["Orla Venmarck"])
    assert names(doc) == {"Orla Venmarck"}


def test_a_lower_case_particle_inside_a_described_name_is_part_of_it(pipeline):
    text = ("Velsk, the rights lawyer Karim el-Vardani, and the blogger Orla Venmarck were "
            "convicted on Monday.")
    doc = annotated(pipeline, text, ["Karim el-Vardani@GPE", "Orla Venmarck"])
    assert "Karim el-Vardani" in names(doc)


def test_a_known_full_name_the_recogniser_takes_for_a_place_is_that_person(pipeline):
    text = ("Le Vanh Oru was detained in March. Pham Tor and Le Vanh Oru were sentenced to "
            "ten years on Monday.")
    doc = annotated(pipeline, text, ["Le Vanh Oru", "Pham Tor", "Le Vanh Oru@FAC"])
    assert who(doc, text.rindex("Le Vanh Oru")) == "Le Vanh Oru"


def test_a_known_surname_the_recogniser_takes_for_a_place_is_that_person(pipeline):
    text = ("Police detained the blogger Tovin Zellerby in May. In June, Zellerby was tried "
            "in Velsk.")
    doc = annotated(pipeline, text, ["Tovin Zellerby", "Zellerby@GPE", "Velsk@GPE"])
    assert who(doc, text.index("Zellerby was")) == "Tovin Zellerby"
    assert who(doc, text.index("Velsk")) is None


def test_a_surname_that_is_also_a_country_stays_the_country(pipeline):
    text = "Police detained the blogger Tovin Jordan in May. In June, Jordan closed its border."
    doc = annotated(pipeline, text, ["Tovin Jordan", "Jordan@GPE"])
    assert who(doc, text.index("Jordan closed")) is None


def test_a_client_named_in_apposition_is_a_person(pipeline):
    text = "His client, Corwen Valmont, was arrested with him on Monday."
    doc = annotated(pipeline, text, ["Corwen Valmont@ORG"])
    assert "Corwen Valmont" in names(doc)


def test_a_known_surname_the_recogniser_takes_for_a_product_is_that_person(pipeline):
    text = "Police detained Orlen Vask in May. The trial of Vask opened on Tuesday."
    doc = annotated(pipeline, text, ["Orlen Vask", "Vask@PRODUCT"])
    assert who(doc, text.index("Vask opened")) == "Orlen Vask"


def test_the_one_whose_regime_it_is_holds_power(pipeline):
    text = "The regime of Arlen Tovas sentenced the farmer Ulla Brisk to ten years."
    doc = annotated(pipeline, text, ["Arlen Tovas", "Ulla Brisk"])
    assert "arlen tovas" in doc.officials
    assert "ulla brisk" not in doc.officials
