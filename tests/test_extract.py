"""Extraction behaviours on short invented statements, through the whole pipeline.

These test what the pipeline must find (or must not), not its full output: extra facts
elsewhere in a text are not failures here.
"""

from __future__ import annotations

import pytest

from casefile.extract.doc import AnnotatedDoc
from casefile.extract.pipeline import DEFAULT_COMPONENTS, Pipeline, PipelineConfig
from casefile.extract.registry import UnknownComponent, create, registered
from casefile.ingest import Metadata, document_from_text
from casefile.model import Event, Extraction, PartialDate


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def run(
    pipeline: Pipeline, text: str, published: str | None = "2024-06-01", language: str = "en"
) -> Extraction:
    document = document_from_text(
        text, Metadata(PartialDate.parse(published) if published else None, language)
    )
    extraction = pipeline(document)
    for fact in [*extraction.events, *extraction.statistics]:
        ev = fact.evidence
        assert 0 <= ev.start < ev.end <= len(text)
        assert text[ev.start : ev.end] == ev.quote
        assert ev.document_id == document.sha256
    return extraction


def events_of(extraction: Extraction, etype: str, participant: str) -> list[Event]:
    return [e for e in extraction.events if e.type == etype and e.participant == participant]


def the_event(extraction: Extraction, etype: str, participant: str) -> Event:
    found = events_of(extraction, etype, participant)
    got = [(e.type, e.participant) for e in extraction.events]
    assert len(found) == 1, f"expected one {etype} of {participant}, got {got}"
    return found[0]


# --- arrests: voice ----------------------------------------------------------------------


def test_passive_arrest(pipeline):
    x = run(pipeline, "Arlen Tovas was arrested on 3 May 2024.")
    arrest = the_event(x, "arrest", "Arlen Tovas")
    assert arrest.date == PartialDate(2024, 5, 3)
    assert "arrested" in arrest.evidence.quote


def test_active_arrest(pipeline):
    x = run(pipeline, "Police detained Arlen Tovas in Velsk on 3 May 2024.")
    arrest = the_event(x, "arrest", "Arlen Tovas")
    assert arrest.date == PartialDate(2024, 5, 3)
    assert "detained" in arrest.evidence.quote


def test_arrest_participant_is_the_object_not_the_agent(pipeline):
    x = run(pipeline, "Officers of the Velsk police detained Timur Baskov on 3 May 2024.")
    the_event(x, "arrest", "Timur Baskov")
    assert {e.participant for e in x.events} == {"Timur Baskov"}


# --- sentences and terms -----------------------------------------------------------------


def test_pronoun_resolves_to_the_person_named_before(pipeline):
    x = run(
        pipeline,
        "On 20 May 2024, a court in Velsk heard the case of Arlen Tovas. "
        "He was sentenced to seven years in prison.",
    )
    sentence = the_event(x, "sentence", "Arlen Tovas")
    assert sentence.term == "P7Y"
    assert sentence.term_kind == "prison"
    assert "sentenced to seven years" in sentence.evidence.quote


def test_pronoun_continues_the_subject_of_the_previous_sentence(pipeline):
    x = run(
        pipeline,
        "Arlen Tovas founded the Velsk Rights Centre. Arlen Tovas was arrested in 2015. "
        "Tovas was released in 2016. Another defender, Oleg Marov, was arrested in 2017 "
        "and sentenced to ten years in prison in 2018. His sentence was reduced by the "
        "appeal court in 2019.",
    )
    the_event(x, "appeal", "Oleg Marov")
    assert not events_of(x, "appeal", "Arlen Tovas")


def test_fractional_years_term(pipeline):
    x = run(pipeline, "Arlen Tovas was sentenced to two and a half years in prison.")
    sentence = the_event(x, "sentence", "Arlen Tovas")
    assert sentence.term == "P2Y6M"
    assert sentence.term_kind == "prison"


def test_administrative_detention_in_days(pipeline):
    x = run(
        pipeline, "On 4 May 2024, Arlen Tovas was sentenced to 13 days of administrative detention."
    )
    sentence = the_event(x, "sentence", "Arlen Tovas")
    assert sentence.term == "P13D"
    assert sentence.term_kind == "administrative_detention"
    assert sentence.date == PartialDate(2024, 5, 4)


@pytest.mark.parametrize(
    "term",
    [
        "six years in prison",
        "six years in a penal colony",
        "six years' imprisonment",
        "six years of imprisonment",
        "life imprisonment",
        "15 days of administrative detention",
        "15 days of administrative arrest",
    ],
)
def test_a_sentence_alone_adds_no_arrest(pipeline, term):
    x = run(pipeline, f"On 20 May 2024, Arlen Tovas was sentenced to {term}.")
    the_event(x, "sentence", "Arlen Tovas")
    assert events_of(x, "arrest", "Arlen Tovas") == []


# --- dates ---------------------------------------------------------------------------------


def test_yearless_date_takes_the_publication_year(pipeline):
    x = run(pipeline, "On 30 November, Arlen Tovas was arrested in Velsk.", "2023-12-01")
    assert the_event(x, "arrest", "Arlen Tovas").date == PartialDate(2023, 11, 30)


def test_yearless_date_never_after_publication(pipeline):
    x = run(pipeline, "On 30 November, Arlen Tovas was arrested in Velsk.", "2024-02-10")
    assert the_event(x, "arrest", "Arlen Tovas").date == PartialDate(2023, 11, 30)


def test_yearless_date_without_publication_has_no_year(pipeline):
    x = run(pipeline, "On 30 November, Arlen Tovas was arrested in Velsk.", None)
    assert the_event(x, "arrest", "Arlen Tovas").date == PartialDate(None, 11, 30)


@pytest.mark.parametrize(
    ("later", "expected"), [("Two days later", 5), ("The next day", 4), ("A week later", 10)]
)
def test_relative_date_is_resolved_from_the_anchor(pipeline, later, expected):
    x = run(
        pipeline,
        f"Arlen Tovas was arrested on 3 May 2024. {later}, he was charged with treason.",
    )
    assert the_event(x, "arrest", "Arlen Tovas").date == PartialDate(2024, 5, 3)
    charge = the_event(x, "charge", "Arlen Tovas")
    assert "treason" in charge.charges
    assert charge.date == PartialDate(2024, 5, expected)


def test_events_told_after_the_lede_take_the_date_the_lede_gives_the_story(pipeline):
    x = run(
        pipeline,
        "Velskian authorities carried out mass detentions of lawyers on May 14, 2024.\n\n"
        "Police searched the office of the Velsk Bar and detained its head, Arlen Tovas.",
        "2024-05-15",
    )
    assert the_event(x, "arrest", "Arlen Tovas").date == PartialDate(2024, 5, 14)


@pytest.mark.parametrize("dateline", [
    "14 May 2024, 09:20", "Published: Tue 14 May 2024 9:20 AM", "Velsk (AFP) May 14, 2024",
])
def test_a_dateline_under_the_title_dates_the_story(pipeline, dateline):
    x = run(
        pipeline,
        f"Lawyers of the Velsk Bar in custody\nNews\n{dateline}\n\n"
        "Police searched the office of the Velsk Bar and detained its head, Arlen Tovas.",
        "2024-05-15",
    )
    assert the_event(x, "arrest", "Arlen Tovas").date == PartialDate(2024, 5, 14)


def test_an_update_heading_is_no_dateline(pipeline):
    x = run(
        pipeline,
        "Lawyers of the Velsk Bar in custody\n\nUPDATE, May 20:\n\n"
        "Police searched the office of the Velsk Bar and detained its head, Arlen Tovas.",
        "2024-05-21",
    )
    assert the_event(x, "arrest", "Arlen Tovas").date != PartialDate(2024, 5, 20)


def test_the_date_of_the_alleged_offence_is_not_the_date_of_the_sentence(pipeline):
    x = run(
        pipeline,
        "Arlen Tovas was sentenced to one year in prison for joining a march through Velsk "
        "on April 26.",
    )
    sentence = the_event(x, "sentence", "Arlen Tovas")
    assert sentence.date != PartialDate(2024, 4, 26)


def test_the_same_day_is_the_day_of_the_event_told_before(pipeline):
    x = run(
        pipeline,
        "Police arrested Arlen Tovas on April 10, 2024, his brother told reporters on May 21. "
        "His friend, Ilse Marov, was arrested the same day.",
    )
    assert the_event(x, "arrest", "Ilse Marov").date == PartialDate(2024, 4, 10)


def test_one_custody_is_dated_at_its_first_step_though_an_extension_is_told_first(pipeline):
    x = run(
        pipeline,
        "On 3 June 2024, the court extended the pre-trial detention of lawyer Mira Solberg by "
        "another three months. Solberg has been in custody since her arrest on 12 January "
        "2024.",
    )
    (arrest,) = [e for e in x.events if e.type == "arrest" and e.participant == "Mira Solberg"]
    assert arrest.date == PartialDate(2024, 1, 12)


def test_the_date_of_a_relative_clause_is_the_clauses_own(pipeline):
    x = run(pipeline, "Its former deputy editor, Carl Ostrow, who left the country in 2022, "
                      "was added to the wanted list in May 2023.")
    assert the_event(x, "investigation", "Carl Ostrow").date == PartialDate(2023, 5)


def test_the_day_something_was_said_does_not_date_an_event(pipeline):
    x = run(pipeline, "Arlen Tovas remains in detention, his lawyer said on May 22.")
    assert the_event(x, "arrest", "Arlen Tovas").date != PartialDate(2024, 5, 22)


def test_a_caption_date_without_persecution_does_not_date_the_story(pipeline):
    x = run(
        pipeline,
        "Protesters march in Velsk on November 15, 2023.\n\n"
        "Police detained the lawyer Arlen Tovas.",
        "2024-05-15",
    )
    assert the_event(x, "arrest", "Arlen Tovas").date is None


# --- what is not an event --------------------------------------------------------------------


def test_demand_for_release_is_not_a_release(pipeline):
    x = run(
        pipeline,
        "Police detained Arlen Tovas on 3 May 2024. Arlen Tovas must be released immediately.",
    )
    the_event(x, "arrest", "Arlen Tovas")
    assert [e for e in x.events if e.type == "release"] == []


def test_hypothetical_sentence_is_not_a_sentence(pipeline):
    x = run(pipeline, "If convicted, Arlen Tovas could be sentenced to ten years in prison.")
    assert [e for e in x.events if e.type in ("sentence", "conviction")] == []


# --- searches ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Police searched the home of Arlen Tovas on 3 May 2024.",
        "On 3 May 2024, police searched Arlen Tovas's flat in Velsk.",
        "Arlen Tovas’s home was searched on 3 May 2024.",
    ],
)
def test_home_search_is_a_search_of_the_person(pipeline, text):
    x = run(pipeline, text)
    assert the_event(x, "search", "Arlen Tovas").date == PartialDate(2024, 5, 3)


def test_an_arrest_ordered_in_absentia_is_an_investigation(pipeline):
    x = run(pipeline, "A Velsk court arrested Arlen Tovas in absentia on 3 May 2024.")
    the_event(x, "investigation", "Arlen Tovas")
    assert not [e for e in x.events if e.type == "arrest"]


# --- organisations -------------------------------------------------------------------------


def test_designation_of_an_organisation(pipeline):
    x = run(
        pipeline,
        "In 2018, a court designated the Free Velsk Movement (FVM) an extremist organization.",
    )
    designation = the_event(x, "designation", "Free Velsk Movement")
    assert designation.participant_kind == "organisation"
    assert designation.label == "extremist"
    assert designation.date == PartialDate(2018)
    (org,) = [o for o in x.organisations if o.name == "Free Velsk Movement"]
    assert "FVM" in org.aliases


def test_declared_undesirable_is_a_designation(pipeline):
    x = run(
        pipeline,
        "In 2020, the authorities declared the Velsk Human Rights Centre an undesirable "
        "organization.",
    )
    designation = the_event(x, "designation", "Velsk Human Rights Centre")
    assert designation.label == "undesirable"
    assert designation.date == PartialDate(2020)


def test_banned_as_undesirable_has_the_designation_word_as_label(pipeline):
    x = run(
        pipeline,
        "The authorities banned the Velsk Human Rights Centre as an undesirable organization "
        "in 2020.",
    )
    designation = the_event(x, "designation", "Velsk Human Rights Centre")
    assert designation.label == "undesirable"


# --- persons and roles ---------------------------------------------------------------------


def test_role_before_the_name(pipeline):
    x = run(pipeline, "On 3 May 2024, police detained journalist Arlen Tovas in Velsk.")
    the_event(x, "arrest", "Arlen Tovas")
    (person,) = [p for p in x.persons if p.name == "Arlen Tovas"]
    assert "journalist" in person.roles
    for ev in person.evidence:
        assert x.document.text[ev.start : ev.end] == ev.quote


def test_role_in_apposition(pipeline):
    x = run(pipeline, "Daniel Ostrov, a lawyer from Velsk, was arrested on 5 April 2024.")
    the_event(x, "arrest", "Daniel Ostrov")
    (person,) = [p for p in x.persons if p.name == "Daniel Ostrov"]
    assert "lawyer" in person.roles


def test_a_role_before_a_comma_is_not_the_names_after_it(pipeline):
    x = run(pipeline, "According to their lawyers, Aron Fels and Dana Kirov were beaten "
                      "in custody in May 2024.")
    for name in ("Aron Fels", "Dana Kirov"):
        the_event(x, "ill_treatment", name)
        (person,) = [p for p in x.persons if p.name == name]
        assert "lawyer" not in person.roles


def test_every_name_in_a_list_of_people_is_a_participant(pipeline):
    x = run(
        pipeline,
        "Police detained five members of the group: Ihar Tolmach, Alena Brusak, "
        "Viktar Hanchuk, Aleh Dziamko and Pavel Sirvis.",
    )
    for name in ["Ihar Tolmach", "Alena Brusak", "Viktar Hanchuk",
                 "Aleh Dziamko", "Pavel Sirvis"]:
        the_event(x, "arrest", name)


@pytest.mark.parametrize(
    "text",
    [
        "Qin Haoyu, 19, a bakery worker, was sentenced to five years in prison.",
        "A court sentenced a young man, Qin Haoyu, to five years in prison.",
    ],
)
def test_a_name_the_text_describes_as_a_person_is_a_person(pipeline, text):
    # The small model sometimes labels such names ORG; label it so here, as it would.
    spacy_doc = pipeline.nlp(text)
    start = text.index("Qin Haoyu")
    spacy_doc.ents = [spacy_doc.char_span(start, start + len("Qin Haoyu"), label="ORG")]
    document = document_from_text(text, Metadata(PartialDate(2024, 6, 1), "en"))
    doc = AnnotatedDoc(document, pipeline.provenance, spacy=spacy_doc)
    create("persons", {})(doc)
    assert [p.name for p in doc.persons.values()] == ["Qin Haoyu"]


@pytest.mark.parametrize(
    ("lede", "names"),
    [
        ("A Velskian man was sentenced to five years in prison on Friday. Arlen Tovas, 20, "
         "ran a website.", ["Arlen Tovas"]),
        ("Two bloggers accused of mocking the governor were sentenced to five years in prison. "
         "Arlen Tovas and Pavel Sirvis ran a website.", ["Arlen Tovas", "Pavel Sirvis"]),
    ],
)
def test_a_lede_names_its_people_after_telling_what_happened(pipeline, lede, names):
    x = run(pipeline, lede)
    for name in names:
        assert the_event(x, "sentence", name).term == "P5Y"


def test_persons_are_the_participants(pipeline):
    x = run(
        pipeline,
        "Judge Marek Solvin sentenced Arlen Tovas to six years in prison on 20 May 2024.",
    )
    the_event(x, "sentence", "Arlen Tovas")
    assert {p.name for p in x.persons} == {e.participant for e in x.events}


# --- statistics ----------------------------------------------------------------------------


def test_statistic_of_unnamed_people(pipeline):
    x = run(
        pipeline,
        "Over the past year, nine persons have been convicted of sabotage.",
        "2021-12-01",
    )
    (stat,) = x.statistics
    assert stat.count == 9
    assert "convicted" in stat.evidence.quote
    assert x.events == []  # nobody is named


# --- the pipeline itself -------------------------------------------------------------------


def test_unknown_component_is_a_clear_error():
    with pytest.raises(UnknownComponent) as exc:
        Pipeline(PipelineConfig(components=("dates", "no_such_component")))
    message = str(exc.value)
    assert "no_such_component" in message
    for known in ("events", "dates"):
        assert known in message
    assert set(DEFAULT_COMPONENTS) <= set(registered())


def test_pipeline_without_events_component_yields_no_events(pipeline):
    text = "Police detained Arlen Tovas in Velsk on 3 May 2024."
    assert run(pipeline, text).events, "the full pipeline should find the arrest"
    # without the components that work on events, which need an events component before them
    after_events = ("events", "merge_events", "discourse_dates", "model_events", "group_terms")
    partial = Pipeline(
        PipelineConfig(components=tuple(c for c in DEFAULT_COMPONENTS if c not in after_events))
    )
    x = run(partial, text)
    assert x.events == []
    assert x.persons == []  # persons are the participants of events


def test_a_language_without_extraction_yields_no_events_and_a_notice(pipeline):
    x = run(pipeline, "Der Journalist Arlen Tovas wurde am 3. Mai 2024 verhaftet.", None, "de")
    assert x.events == []
    assert x.statistics == []
    assert x.notice is not None and "'de'" in x.notice


def test_pipe_gives_one_extraction_per_document_in_order(pipeline):
    texts = [
        "Arlen Tovas was arrested on 3 May 2024.",
        "Журналист Арлен Товас был арестован.",
        "Der Journalist Arlen Tovas wurde verhaftet.",
        "Police detained Daniel Ostrov on 5 April 2024.",
    ]
    docs = [
        document_from_text(t, Metadata(None, lang))
        for t, lang in zip(texts, ("en", "ru", "de", "en"), strict=True)
    ]
    out = list(pipeline.pipe(docs, batch_size=3))
    assert [x.document.sha256 for x in out] == [d.sha256 for d in docs]
    assert [e.participant for e in out[0].events] == ["Arlen Tovas"]
    assert [e.participant for e in out[1].events] == ["Арлен Товас"]
    assert out[2].events == [] and out[2].notice
    assert [e.participant for e in out[3].events] == ["Daniel Ostrov"]


def test_a_verdict_without_charges_takes_the_charges_stated_against_the_person(pipeline):
    x = run(
        pipeline,
        "On 12 March 2024, activist Arlen Tovas was sentenced to six years in prison. "
        "Arlen Tovas was accused of printing banned leaflets.",
    )
    sentence = the_event(x, "sentence", "Arlen Tovas")
    assert any("printing banned leaflets" in c for c in sentence.charges)


def test_an_accusation_by_critics_is_not_a_charge(pipeline):
    x = run(pipeline, "Protesters who accuse Arlen Tovas of stealing the mayoral vote gathered "
                      "in Velsk.")
    assert events_of(x, "charge", "Arlen Tovas") == []


@pytest.mark.parametrize("text", [
    "Arlen Tovas was sentenced to six years in prison on charges of extremism.",
    "Arlen Tovas was detained on 3 May 2024 on charges of extremism.",
    "Arlen Tovas was acquitted of all charges of extremism on 3 May 2024.",
])
def test_charges_that_are_only_the_ground_of_another_event_add_no_charge(pipeline, text):
    # GUIDELINES.md: "sentenced on terrorism charges" puts the charges in the sentence
    x = run(pipeline, text)
    assert [e.type for e in x.events if e.participant == "Arlen Tovas"]
    assert events_of(x, "charge", "Arlen Tovas") == []


def test_charges_stated_as_their_own_act_stay_a_charge(pipeline):
    x = run(pipeline, "Arlen Tovas was detained on 3 May 2024. Prosecutors brought charges of "
                      "extremism against Arlen Tovas.")
    the_event(x, "charge", "Arlen Tovas")


def test_a_person_with_a_long_official_title_is_not_a_victim(pipeline):
    x = run(pipeline, "Secretary of State Marek Solvin called for the release of Arlen Tovas, "
                      "who was detained on 3 May 2024. Solvin condemned the detention.")
    assert {e.participant for e in x.events} == {"Arlen Tovas"}


def test_a_trial_noun_hosted_by_an_event_takes_that_events_people(pipeline):
    x = run(pipeline, "On 20 May 2024 the regional court ordered the release of the bloggers "
                      "Arlen Tovas and Ilse Marov in a retrial.")
    for name in ("Arlen Tovas", "Ilse Marov"):
        the_event(x, "release", name)
        assert the_event(x, "trial", name).date == PartialDate(2024, 5, 20)


def test_arrested_along_with_a_companion_arrests_both(pipeline):
    x = run(pipeline, "Arlen Tovas was arrested on 3 May 2024 by the police along with his "
                      "cousin Ilse Marov.")
    for name in ("Arlen Tovas", "Ilse Marov"):
        assert the_event(x, "arrest", name).date == PartialDate(2024, 5, 3)


def test_charges_faced_in_a_coordinated_clause_belong_to_its_subject(pipeline):
    x = run(pipeline, "Arlen Tovas and Ilse Marov are still held in custody and face "
                      "baseless charges.")
    for name in ("Arlen Tovas", "Ilse Marov"):
        the_event(x, "charge", name)


def test_a_coordinated_verb_without_a_date_shares_its_partners(pipeline):
    x = run(pipeline, "Arlen Tovas was detained on 3 May 2024 for disorderly conduct and "
                      "sentenced to 12 days of administrative arrest; the town council met "
                      "on 12 May 2024.")
    assert the_event(x, "sentence", "Arlen Tovas").date == PartialDate(2024, 5, 3)


def test_overruling_sentences_against_people_is_their_appeal(pipeline):
    x = run(pipeline, "Arlen Tovas and Ilse Marov were sentenced to life in prison in 2023. "
                      "In July 2024 a higher court overruled the life sentences against both "
                      "reporters.")
    for name in ("Arlen Tovas", "Ilse Marov"):
        assert the_event(x, "appeal", name).date == PartialDate(2024, 7)


def test_the_end_of_a_detention_does_not_date_it(pipeline):
    x = run(pipeline, "Police arrested Arlen Tovas. A court extended his detention until June 3.")
    assert the_event(x, "arrest", "Arlen Tovas").date != PartialDate(2024, 6, 3)


def test_a_conviction_that_must_be_overturned_is_a_conviction(pipeline):
    x = run(pipeline, "On 20 May 2024 a court sentenced Arlen Tovas to six years in prison. "
                      "The conviction of Arlen Tovas must be overturned.")
    the_event(x, "conviction", "Arlen Tovas")
    assert events_of(x, "appeal", "Arlen Tovas") == []


def test_a_date_taken_from_the_context_is_marked_inferred(pipeline):
    x = run(pipeline, "On 3 May 2024 police raided the office of the Velsk Bar. Arlen Tovas "
                      "was detained. Ilse Marov was arrested on 5 May 2024.")
    inferred = the_event(x, "arrest", "Arlen Tovas")
    stated = the_event(x, "arrest", "Ilse Marov")
    assert (inferred.date, inferred.date_inferred) == (PartialDate(2024, 5, 3), True)
    assert (stated.date, stated.date_inferred) == (PartialDate(2024, 5, 5), False)



def test_a_court_that_jails_someone_for_a_term_sentences_them(pipeline):
    # GUIDELINES.md: "jailed for six years" is the sentence itself
    x = run(pipeline, "On 3 May 2024 a Velsk court jailed the lawyer Arlen Tovas for seven "
                      "years.")
    assert the_event(x, "sentence", "Arlen Tovas").term == "P7Y"
    assert events_of(x, "arrest", "Arlen Tovas") == []


def test_authorities_that_execute_someone_kill_them(pipeline):
    x = run(pipeline, "The authorities executed Arlen Tovas on 3 May 2024.")
    assert the_event(x, "death", "Arlen Tovas").date == PartialDate(2024, 5, 3)


@pytest.mark.parametrize("text", [
    "The charges against Arlen Tovas were dropped on 3 May 2024.",
    "On 3 May 2024 the court dismissed the case against Arlen Tovas.",
    "On 3 May 2024 the court cancelled the criminal proceedings against Arlen Tovas.",
])
def test_charges_dropped_or_a_case_closed_is_an_acquittal(pipeline, text):
    # GUIDELINES.md: "acquitted, charges dropped, case closed"
    x = run(pipeline, text)
    assert the_event(x, "acquittal", "Arlen Tovas").date == PartialDate(2024, 5, 3)
    assert events_of(x, "charge", "Arlen Tovas") == []
    assert events_of(x, "investigation", "Arlen Tovas") == []


def test_an_arrest_the_text_calls_a_new_one_is_not_merged_with_the_first(pipeline):
    x = run(pipeline, "Arlen Tovas was arrested in May 2019. He was arrested again in March "
                      "2021 on charges of fraud.")
    arrests = events_of(x, "arrest", "Arlen Tovas")
    assert sorted(e.date.iso() for e in arrests if e.date) == ["2019-05", "2021-03"]


def test_a_new_arrest_told_in_one_sentence_is_one_arrest(pipeline):
    x = run(pipeline, "Police arrested the blogger Arlen Tovas on 3 May 2019. He was released "
                      "a month later. Tovas was arrested again on 14 February 2022 after a "
                      "protest, and he remains in custody.")
    arrests = events_of(x, "arrest", "Arlen Tovas")
    assert sorted(e.date.iso() for e in arrests if e.date) == ["2019-05-03", "2022-02-14"]
