"""Property: whatever the text, every piece of evidence the pipeline gives is an exact span
of it: `document.text[start:end] == quote` and `0 <= start < end <= len(text)`.

Documents are composed from sentence templates with invented names, dates, terms and
event verbs, mixed with filler, typographic quotes, odd white space and characters whose
lower case has another length (a classic way for offsets to drift).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casefile.exchange.records import extraction_dict
from casefile.extract.pipeline import Pipeline
from casefile.ingest import Metadata, document_from_text
from casefile.model import Evidence, PartialDate

FIRST = ["Arlen", "Karina", "Timur", "Olga", "Daniel", "Zoë", "İlkay", "Ruslan", "Petra"]
LAST = ["Tovas", "Velt", "Baskov", "Renskaya", "Ostrov", "Dürrfeld", "Haskel", "Kemal-Oru"]
PLACES = ["Velsk", "Port Amberlin", "Novo-Dasht", "Kirrow"]
ORGS = [
    ("the Free Velsk Movement", "FVM"),
    ("the Kirrow Citizens' Union", "KCU"),
    ("the Amberlin Human Rights Centre", "AHRC"),
]
DATES = [
    "12 March 2024",
    "March 12, 2024",
    "30 November",
    "3 May",
    "2 February 2023",
    "1st of June 2022",
    "Tuesday",
]
TERMS = [
    "six years in prison",
    "two and a half years in prison",
    "15 days of administrative detention",
    "seven years' imprisonment",
    "three years and six months in a penal colony",
    "a two-year suspended sentence",
    "life imprisonment",
    "one year of restricted freedom",
]
ROLES = ["journalist", "activist", "lawyer", "blogger", "human rights defender", "student"]
QUOTES = [("“", "”"), ("‘", "’"), ("«", "»"), ('"', '"'), ("„", "“")]
BREAKS = [
    "\r\n",
    "\u2028",
    "\u200b ",
    " e\u0301 ",
    " ",
    "  ",
    "\n",
    "\n\n",
    " \n",
    "\t",
    "\u00a0",
    "\u2009",
    "\n \n",
]
FILLER = [
    "The organisation condemned the decision.",
    "Witnesses say the hearing lasted less than an hour.",
    "His family has not been allowed to visit him.",
    "Officials in the capital declined to comment on the case.",
    "İstanbul-based observers and ǅemal’s friends attended.",
    "Ĳsselmeer groups, ŉ-signs and ﬁles — all unrelated.",
    "",
]
NUMBERS = ["eight", "12", "at least 40", "more than 300", "Twelve"]


@st.composite
def names(draw: st.DrawFn) -> str:
    return f"{draw(st.sampled_from(FIRST))} {draw(st.sampled_from(LAST))}"


@st.composite
def sentences(draw: st.DrawFn, person: str) -> str:
    date = draw(st.sampled_from(DATES))
    place = draw(st.sampled_from(PLACES))
    term = draw(st.sampled_from(TERMS))
    role = draw(st.sampled_from(ROLES))
    org, acronym = draw(st.sampled_from(ORGS))
    left, right = draw(st.sampled_from(QUOTES))
    number = draw(st.sampled_from(NUMBERS))
    templates = [
        f"On {date}, {role} {person} was arrested in {place}.",
        f"Police detained {person} in {place} on {date}.",
        f"{person}, a {role}, was sentenced to {term} on {date}.",
        f"He was sentenced to {term}.",
        f"She was released on {date}.",
        f"On {date}, a court in {place} sentenced {person} to {term}.",
        f"{person} was charged with {left}extremism{right} and {left}treason{right}.",
        f"{person} must be released immediately.",
        f"In 2019, a court designated {org} ({acronym}) an {left}extremist{right} organization.",
        f"{left}{person} was beaten in custody,{right} his lawyer said.",
        f"Over the past year, {number} persons have been convicted of sabotage.",
        f"{person}’s home was searched on {date}. Two days later, he was charged.",
        f"The {acronym} said {person} had disappeared after being taken by police in {place}.",
        draw(st.sampled_from(FILLER)),
    ]
    return draw(st.sampled_from(templates))


@st.composite
def documents(draw: st.DrawFn) -> str:
    people = draw(st.lists(names(), min_size=1, max_size=3))
    parts: list[str] = []
    for _ in range(draw(st.integers(min_value=1, max_value=7))):
        parts.append(draw(sentences(draw(st.sampled_from(people)))))
        parts.append(draw(st.sampled_from(BREAKS)))
    lead = draw(st.sampled_from(["", " ", "\n", "\ufeff"]))
    return lead + "".join(parts)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def check(text: str, evidence: Evidence) -> None:
    assert 0 <= evidence.start < evidence.end <= len(text), evidence
    assert text[evidence.start : evidence.end] == evidence.quote, evidence


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    text=documents(),
    published=st.sampled_from([None, "2024-06-01", "2023-12-01"]),
)
def test_every_evidence_is_an_exact_span(pipeline, text, published):
    document = document_from_text(
        text, Metadata(PartialDate.parse(published) if published else None, "en")
    )
    extraction = pipeline(document)
    assert extraction.document.text == text
    for event in extraction.events:
        check(text, event.evidence)
        assert event.evidence.document_id == document.sha256
    for statistic in extraction.statistics:
        check(text, statistic.evidence)
    for person in extraction.persons:
        for evidence in person.evidence:
            check(text, evidence)
    # The JSON form carries the same spans.
    as_dict = extraction_dict(extraction)
    for fact in [*as_dict["events"], *as_dict["statistics"]]:
        ev = fact["evidence"]
        assert text[ev["start"] : ev["end"]] == ev["quote"]


def test_the_templates_give_facts_to_check(pipeline):
    """Guards the property against passing vacuously: the templates do yield evidence."""
    text = (
        "On 12 March 2024, journalist Arlen Tovas was arrested in Velsk.\n\n"
        "He was sentenced to three and a half years in prison.\u00a0"
        "In 2019, a court designated the Free Velsk Movement (FVM) an \u201cextremist\u201d "
        "organization. Over the past year, eight persons have been convicted of sabotage."
    )
    extraction = pipeline(document_from_text(text, Metadata(PartialDate(2024, 6, 1), "en")))
    assert {e.type for e in extraction.events} >= {"arrest", "sentence", "designation"}
    assert extraction.statistics
    assert any(p.evidence for p in extraction.persons)
    for fact in [*extraction.events, *extraction.statistics]:
        check(text, fact.evidence)
