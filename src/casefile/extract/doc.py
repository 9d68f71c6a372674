"""The shared document object that pipeline components annotate, spaCy style.

All annotations are character offsets into `AnnotatedDoc.text`, which is exactly the
stored document text, so evidence quotes can always be cut back out of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from casefile.model import Document, Event, Evidence, Organisation, Person, Provenance, Statistic

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from casefile.extract.dates import DateMention
    from casefile.extract.terms import TermMention


# The headline, a caption perhaps, and the first paragraph or two: where news tells the
# story in brief, dated, before naming the people in it.
LEDE_CHARS = 1200


@dataclass
class Mention:
    """A name (or pronoun resolved to one) in the text, pointing at an entity cluster."""

    start: int
    end: int
    entity: str  # the cluster key in AnnotatedDoc.persons / .organisations
    kind: str  # "person" or "organisation"


@dataclass
class PersonEntity:
    """All the ways one document names one person."""

    name: str  # the fullest name the text gives
    aliases: set[str] = field(default_factory=set)
    roles: dict[str, Evidence] = field(default_factory=dict)
    countries: list[str] = field(default_factory=list)
    first_offset: int = 0
    gender: str | None = None  # "f" / "m" when the text shows it; for pronouns only


@dataclass
class OrganisationEntity:
    name: str
    aliases: set[str] = field(default_factory=set)
    kind: str | None = None
    first_offset: int = 0


@dataclass
class AnnotatedDoc:
    document: Document
    provenance: Provenance
    spacy: Doc | None = None
    dates: list[DateMention] = field(default_factory=list)
    terms: list[TermMention] = field(default_factory=list)
    persons: dict[str, PersonEntity] = field(default_factory=dict)
    organisations: dict[str, OrganisationEntity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    # token index -> mention, filled by the persons component for fast lookups
    token_mentions: dict[int, Mention] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    statistics: list[Statistic] = field(default_factory=list)
    # events the event model scored just below its threshold, for an analyst to decide
    possible_events: list[Event] = field(default_factory=list)
    # persons named with an official title ("President X"): never victims here
    officials: set[str] = field(default_factory=set)
    # persons named outright as an event's participant somewhere in the text
    named_victims: set[str] = field(default_factory=set)
    # start offsets of the sentences where an events component found a trigger word
    trigger_sentences: set[int] = field(default_factory=set)
    # ids of events that stand only if nothing else in the text says the same thing
    weak_events: set[int] = field(default_factory=set)
    country: str | None = None  # the state the document is mostly about
    notice: str | None = None
    # the text is a later part of a document too long to parse at once: it has no lede
    continues: bool = False

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def language(self) -> str | None:
        return self.document.language

    def evidence(self, start: int, end: int) -> Evidence:
        """Evidence for text[start:end], trimmed of surrounding white space."""
        text = self.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return Evidence(self.document.sha256, start, end, text[start:end])

    def person_key(self, name: str) -> str | None:
        """The key of the person an event's participant names."""
        return next((k for k, p in self.persons.items() if p.name == name), None)

    def sentence_of(self, token: Token) -> Span:
        return token.sent

    def to_persons(self) -> list[Person]:
        out = []
        for entity in sorted(self.persons.values(), key=lambda p: p.first_offset):
            country = entity.countries[0] if entity.countries else self.country
            out.append(
                Person(
                    name=entity.name,
                    aliases=sorted(entity.aliases - {entity.name}),
                    roles=sorted(entity.roles),
                    country=country,
                    evidence=list(entity.roles.values()),
                )
            )
        return out

    def to_organisations(self) -> list[Organisation]:
        return [
            Organisation(name=o.name, aliases=sorted(o.aliases - {o.name}), kind=o.kind)
            for o in sorted(self.organisations.values(), key=lambda o: o.first_offset)
        ]
