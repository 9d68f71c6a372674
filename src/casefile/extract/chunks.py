"""Long documents: split at paragraph boundaries, extracted part by part, put back together.

A parser holds a whole text in memory at once (spaCy refuses texts over `nlp.max_length`,
natasha just grows), so a 300-page judgment is cut into parts of at most a set number of
characters. Each part is extracted as a document of its own, with the whole document's
identity and publication date, and its facts are shifted back onto the whole text, so
every quote is still `text[start:end]`.

What a part cannot see of the others it does without rather than guessing: only the first
part has a lede to date or name the story by, and a year-less date in a later part is
anchored by the years that part mentions (and the publication date, which every part has).
People are joined across parts by name: a bare surname one part gives to an event is the
person another part names in full, when exactly one such person does.
"""

from __future__ import annotations

import re
from dataclasses import replace

from casefile.model import Document, Evidence, Extraction, Organisation, Person

# Where a part may end, best first: after a blank line (a paragraph), after a line break,
# after a sentence's full stop, after any white space.
_BOUNDARIES = (
    re.compile(r"\n[ \t\r\f\v]*\n\s*"),
    re.compile(r"\n\s*"),
    re.compile(r"[.!?;:…][\"'”’»)]*\s+"),
    re.compile(r"\s+"),
)


def chunk_spans(text: str, limit: int) -> list[tuple[int, int]]:
    """Consecutive (start, end) spans covering `text`, each at most `limit` characters,
    ending at the best boundary the span's second half offers (a paragraph if it has one).
    A text within the limit is one span."""
    if limit < 1:
        raise ValueError("a part must hold at least one character")
    spans: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        end = _boundary(text, start, start + limit)
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    return spans


def _boundary(text: str, start: int, hard_end: int) -> int:
    """The end of the part that starts at `start` and may not pass `hard_end`: the last
    boundary of the best kind found in the part's second half, else a cut at the limit."""
    floor = start + (hard_end - start) // 2
    for boundary in _BOUNDARIES:
        ends = [m.end() for m in boundary.finditer(text, floor, hard_end) if m.end() <= hard_end]
        if ends:
            return ends[-1]
    return hard_end


def parts_of(document: Document, spans: list[tuple[int, int]]) -> list[Document]:
    """The document's parts, each keeping its identity, language and publication date."""
    return [replace(document, text=document.text[start:end]) for start, end in spans]


def merge(document: Document, extractions: list[Extraction], starts: list[int]) -> Extraction:
    """One extraction over the whole document from the extractions of its parts, the part
    that starts at `starts[i]` giving `extractions[i]`."""
    persons: dict[str, Person] = {}
    organisations: dict[str, Organisation] = {}
    merged = Extraction(document=document)
    for extraction, offset in zip(extractions, starts, strict=True):
        for event in extraction.events:
            merged.events.append(replace(event, evidence=_shift(event.evidence, offset)))
        for event in extraction.possible_events:
            merged.possible_events.append(replace(event, evidence=_shift(event.evidence, offset)))
        for statistic in extraction.statistics:
            merged.statistics.append(
                replace(statistic, evidence=_shift(statistic.evidence, offset))
            )
        for person in extraction.persons:
            evidence = [_shift(e, offset) for e in person.evidence]
            _join_person(persons, replace(person, evidence=evidence))
        for organisation in extraction.organisations:
            evidence = [_shift(e, offset) for e in organisation.evidence]
            _join_organisation(organisations, replace(organisation, evidence=evidence))
        merged.notice = merged.notice or extraction.notice
    renamed = _surnames_to_full_names(persons)
    for event in merged.events + merged.possible_events:
        if event.participant_kind == "person" and event.participant in renamed:
            event.participant = renamed[event.participant]
    for short, full in renamed.items():
        _join_person(persons, replace(persons.pop(short), name=full))
        persons[full].aliases = sorted({*persons[full].aliases, short} - {full})
    merged.persons = list(persons.values())
    merged.organisations = list(organisations.values())
    return merged


def _shift(evidence: Evidence, offset: int) -> Evidence:
    return replace(evidence, start=evidence.start + offset, end=evidence.end + offset)


def _join_person(persons: dict[str, Person], person: Person) -> None:
    known = persons.get(person.name)
    if known is None:
        persons[person.name] = person
        return
    known.aliases = sorted({*known.aliases, *person.aliases} - {known.name})
    known.roles = sorted({*known.roles, *person.roles})
    known.country = known.country or person.country
    known.evidence = [*known.evidence, *person.evidence]


def _join_organisation(organisations: dict[str, Organisation], organisation: Organisation) -> None:
    known = organisations.get(organisation.name)
    if known is None:
        organisations[organisation.name] = organisation
        return
    known.aliases = sorted({*known.aliases, *organisation.aliases} - {known.name})
    known.kind = known.kind or organisation.kind
    known.evidence = [*known.evidence, *organisation.evidence]


def _surnames_to_full_names(persons: dict[str, Person]) -> dict[str, str]:
    """One-word names whose word belongs to the name of exactly one fuller person."""
    owners: dict[str, set[str]] = {}
    for name in persons:
        words = name.split()
        if len(words) > 1:
            for word in words:
                owners.setdefault(word.casefold(), set()).add(name)
    renamed = {}
    for name in persons:
        full = owners.get(name.casefold(), set()) if len(name.split()) == 1 else set()
        if len(full) == 1:
            renamed[name] = next(iter(full))
    return renamed
