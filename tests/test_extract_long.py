"""Documents longer than the parser takes at once: extracted in parts, offsets kept.

The documents are invented statements made from a template; the limit is set small so a
few thousand characters prove what a 300-page judgment needs (bench/long_document.py
runs a 3,000,000-character one).
"""

from __future__ import annotations

import pytest

from casefile.extract.chunks import chunk_spans
from casefile.extract.pipeline import Pipeline, PipelineConfig
from casefile.ingest import Metadata, document_from_text
from casefile.model import Extraction, PartialDate

FIRST = ["Arlen", "Ilse", "Timur", "Karina", "Daniel", "Mira", "Oru", "Kessa", "Pavel", "Lena"]
# Surnames from syllables, one per person: people sharing a surname would be another test.
LAST = [head + tail for head in ("Tov", "Mar", "Bask", "Velt", "Ostr", "Sand", "Fest", "Dor")
        for tail in ("as", "ov", "in", "ul", "und")]
TOWNS = ["Velsk", "Marrow", "Ostrel", "Darsk", "Amberlin"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November"]


def statements(count: int) -> list[tuple[str, str, PartialDate]]:
    """(paragraph, person, arrest date) for `count` invented people, no name repeated."""
    out = []
    for i in range(count):
        name = f"{FIRST[i % len(FIRST)]} {LAST[i % len(LAST)]}"
        day, month = 1 + i % 27, 1 + (i // 3) % len(MONTHS)
        town = TOWNS[i % len(TOWNS)]
        out.append((
            f"{name}, a journalist from {town}, was arrested on {day} {MONTHS[month - 1]} 2023. "
            f"{name} was sentenced to {2 + i % 7} years in prison by the court in {town}.",
            name,
            PartialDate(2023, month, day),
        ))
    return out


def long_text(count: int) -> tuple[str, list[tuple[str, str, PartialDate]]]:
    made = statements(count)
    text = "STATEMENT ON THE JOURNALISTS OF VELSK\n\n" + "\n\n".join(p for p, _, _ in made)
    return text + "\n", made


def extract(pipeline: Pipeline, text: str) -> Extraction:
    document = document_from_text(text, Metadata(PartialDate(2024, 1, 15), "en"))
    return pipeline(document)


def assert_quotes_are_the_text(text: str, extraction: Extraction) -> None:
    facts = [*extraction.events, *extraction.statistics]
    evidence = [f.evidence for f in facts] + [
        e for p in extraction.persons for e in p.evidence
    ]
    for ev in evidence:
        assert 0 <= ev.start < ev.end <= len(text)
        assert text[ev.start : ev.end] == ev.quote
        assert ev.document_id == extraction.document.sha256


@pytest.fixture(scope="module")
def small_parts() -> Pipeline:
    return Pipeline(PipelineConfig(max_chars=1000))


def test_every_statement_of_a_document_in_many_parts_gives_its_facts(small_parts):
    text, made = long_text(40)
    assert len(chunk_spans(text, 1000)) > 5  # the document really is cut
    x = extract(small_parts, text)
    assert x.document.text == text
    assert_quotes_are_the_text(text, x)
    for _, name, date in made:
        arrests = [e for e in x.events if e.type == "arrest" and e.participant == name]
        sentences = [e for e in x.events if e.type == "sentence" and e.participant == name]
        assert [e.date for e in arrests] == [date], name
        assert len(sentences) == 1 and sentences[0].term is not None, name
    assert {p.name for p in x.persons} == {name for _, name, _ in made}


def test_parts_find_what_the_whole_finds():
    text, _ = long_text(12)
    whole = extract(Pipeline(), text)
    parts = extract(Pipeline(PipelineConfig(max_chars=700)), text)

    def facts(x: Extraction) -> list[tuple[object, ...]]:
        return sorted((e.type, e.participant, e.date, e.term, e.evidence.start, e.evidence.end)
                      for e in x.events)

    assert facts(parts) == facts(whole)


def test_a_text_over_the_parsers_own_limit_is_no_error():
    pipeline = Pipeline()
    nlp = pipeline.nlp
    text, made = long_text(15)
    limit = nlp.max_length
    nlp.max_length = 1000  # shared by every pipeline of this model: restored below
    try:
        x = extract(pipeline, text)
    finally:
        nlp.max_length = limit
    assert_quotes_are_the_text(text, x)
    assert {e.participant for e in x.events if e.type == "arrest"} == {n for _, n, _ in made}


def test_a_surname_in_a_later_part_is_the_person_an_earlier_part_names():
    filler = "\n\n".join(
        f"The hearing in Velsk on day {i} was adjourned without a ruling." for i in range(30)
    )
    text = (f"Arlen Tovas, a blogger, was arrested on 3 May 2023.\n\n{filler}\n\n"
            "On 20 June 2023 Tovas was sentenced to six years in prison.\n")
    x = extract(Pipeline(PipelineConfig(max_chars=1000)), text)
    assert_quotes_are_the_text(text, x)
    assert {(e.type, e.participant) for e in x.events} >= {
        ("arrest", "Arlen Tovas"), ("sentence", "Arlen Tovas")}
    assert [p.name for p in x.persons] == ["Arlen Tovas"]


def test_a_later_part_takes_no_date_from_its_own_opening_lines():
    """Only the document's first part has a lede: the date a later part happens to open
    with is not the date of the story that part goes on to tell."""
    opening = "Arlen Tovas was arrested on 3 May 2023.\n\n"
    filler = ""
    while len(opening) + len(filler) < 950:  # the next paragraph crosses the limit
        filler += "Observers from Marrow attended the hearing again.\n\n"
    background = "Police detained dozens of protesters in Darsk on 2 February 2019.\n\n"
    text = (opening + filler + background + filler[:300 - 300 % 51]
            + "Officers detained Timur Baskov at the courthouse.\n")
    spans = chunk_spans(text, 1000)
    assert spans[1][0] == text.index(background)  # the background opens the second part
    x = extract(Pipeline(PipelineConfig(max_chars=1000)), text)
    (arrest,) = [e for e in x.events if e.participant == "Timur Baskov"]
    assert arrest.date != PartialDate(2019, 2, 2)


# --- cutting ------------------------------------------------------------------------------


def covers(text: str, spans: list[tuple[int, int]], limit: int) -> None:
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert all(0 < end - start <= limit for start, end in spans)


def test_parts_end_at_paragraphs():
    paragraphs = [f"Paragraph {i} tells of the hearing in Velsk, at length." * 3
                  for i in range(20)]
    text = "\n\n".join(paragraphs)
    spans = chunk_spans(text, 1000)
    covers(text, spans, 1000)
    for _, end in spans[:-1]:
        assert text[end - 2 : end] == "\n\n"


def test_a_giant_paragraph_is_cut_after_a_sentence():
    text = " ".join(f"Sentence {i} of one endless paragraph ends here." for i in range(200))
    spans = chunk_spans(text, 1000)
    covers(text, spans, 1000)
    for _, end in spans[:-1]:
        assert text[:end].rstrip().endswith(".")


def test_text_without_any_boundary_is_cut_at_the_limit():
    text = "x" * 2500
    assert chunk_spans(text, 1000) == [(0, 1000), (1000, 2000), (2000, 2500)]


def test_a_short_text_is_one_part():
    assert chunk_spans("Arlen Tovas was arrested.", 1000) == [(0, 25)]
