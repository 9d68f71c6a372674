"""Event (and count) building shared by both languages.

A language finds its trigger words and who they concern over its own parse (`en/events.py`,
`ru/events.py`); what follows is the same for both: a sentence with triggers is marked, its
dates are handed to the triggers above them in the parse, and each event is built here with
the same fields the same way (participant, evidence, confidence, the articles its sentence
cites), so the two languages differ only where their texts do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from casefile.extract.en.lexicon import HUMAN_NOUNS as EN_HUMAN_NOUNS
from casefile.extract.en.lexicon import PEOPLE_NOUNS as EN_PEOPLE_NOUNS
from casefile.extract.legal import cited_articles
from casefile.extract.ru.lexicon import PUNISHMENT_CELL_PHRASES, PUNISHMENT_CELLS
from casefile.model import Event, PartialDate, Provenance, Statistic

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from casefile.extract.dates import DateMention
    from casefile.extract.doc import AnnotatedDoc

# The types whose events carry a term: "sentenced to six years", "арестовали на 15 суток".
TERM_TYPES = ("sentence", "arrest")


@dataclass(frozen=True)
class Trigger:
    token: Token
    type: str
    slots: tuple[str, ...]  # where to look for the participant, in order (English)
    confidence: float
    # an arrest only if nothing else in the text tells the person's custody (GUIDELINES.md's
    # "jailed X"): a death in prison, a punishment cell
    weak: bool = False


Emit = Callable[["AnnotatedDoc", "Span", Trigger, "list[DateMention]"], None]


def sentences_with_triggers(
    doc: AnnotatedDoc, find: Callable[[Span], list[Trigger]]
) -> list[tuple[Span, list[Trigger]]]:
    assert doc.spacy is not None
    return [(sent, find(sent)) for sent in doc.spacy.sents]


def emit_sentence(doc: AnnotatedDoc, sent: Span, triggers: list[Trigger], emit: Emit) -> None:
    """Mark a sentence that tells of persecution and emit each trigger's events with the
    dates the parse gives it."""
    # imported here: the components package, which imports this module, holds it
    from casefile.extract.components.arguments import claim_dates

    if not triggers:
        return
    doc.trigger_sentences.add(sent.start_char)
    claimed = claim_dates(doc, sent, triggers)
    for trigger in triggers:
        emit(doc, sent, trigger, claimed.get(trigger.token.i, []))


def person_event(
    doc: AnnotatedDoc,
    key: str,
    event_type: str,
    evidence: tuple[int, int],
    *,
    confidence: float | None = None,
    cites: str = "",
    date: PartialDate | None = None,
    agent: str | None = None,
    term: str | None = None,
    term_kind: str | None = None,
    charges: Iterable[str] = (),
    label: str | None = None,
) -> Event:
    """An event of the person `key`, added to the document. `evidence` is a span of the
    text; `confidence` none means the document's provenance as it is; `cites` is the
    sentence whose article citations the event carries if its type cites the law."""
    event = Event(
        type=event_type,
        participant=doc.persons[key].name,
        evidence=doc.evidence(*evidence),
        provenance=_provenance(doc, confidence),
        date=date,
        agent=agent,
        term=term,
        term_kind=term_kind,
        charges=list(charges),
        articles=cited_articles(event_type, cites, doc.language),
        label=label,
    )
    doc.events.append(event)
    return event


def designation_event(
    doc: AnnotatedDoc,
    key: str,
    evidence: tuple[int, int],
    label: str,
    *,
    date: PartialDate | None = None,
    agent: str | None = None,
) -> Event:
    """The organisation `key` banned, declared or listed as `label`, added to the document."""
    event = Event(
        type="designation",
        participant=doc.organisations[key].name,
        participant_kind="organisation",
        evidence=doc.evidence(*evidence),
        provenance=doc.provenance,
        date=date,
        agent=agent,
        label=label,
    )
    doc.events.append(event)
    return event


def count_statistic(doc: AnnotatedDoc, sent: Span, count: int, start: int, clause: str) -> None:
    """A count of unnamed people stated in `clause` (which starts at `start` in the text),
    for the year the sentence names first, if it names one."""
    years = [
        d.date.year for d in doc.dates
        if d.date is not None and d.date.year is not None
        and sent.start_char <= d.start < sent.end_char
    ]
    doc.statistics.append(Statistic(
        count=count,
        what=" ".join(clause.split()),
        evidence=doc.evidence(start, start + len(clause)),
        provenance=doc.provenance,
        period=str(years[0]) if years else None,
    ))


def first_date(dates: list[DateMention]) -> PartialDate | None:
    return dates[0].date if dates else None


def _provenance(doc: AnnotatedDoc, confidence: float | None) -> Provenance:
    if confidence is None:
        return doc.provenance
    return Provenance(doc.provenance.extractor, doc.provenance.version, round(confidence, 2))


def punishment_cell(token: Token) -> bool:
    """«ШИЗО», «карцер», «штрафной изолятор», «одиночная камера»: a punishment cell, which
    GUIDELINES.md counts as ill-treatment."""
    lemma = token.lemma_.lower()
    return lemma in PUNISHMENT_CELLS or any(
        (lemma, c.lemma_.lower()) in PUNISHMENT_CELL_PHRASES for c in token.children)


def in_absentia(token: Token) -> bool:
    """"arrested in absentia", «заочно арестовал»: ordered, not carried out (GUIDELINES.md:
    an investigation, not an arrest)."""
    return any(c.lower_ == "заочно" or any(t.lower_ == "absentia" for t in c.subtree)
               for c in token.children)


# "начал рассматривать дело", «суд постановил оштрафовать», «удалось задержать»: under a verb
# of beginning or continuing, of a ruling or of success, an infinitive happened.
_RU_REALISING_VERBS = frozenset({"начать", "продолжить", "закончить", "стать", "начинать",
                                 "постановить", "решить", "удаться"})


# «призыв освободить», «ходатайство арестовать»: nouns of asking, under which an
# infinitive is asked for (under other nouns, «решение арестовать», it was done).
_RU_REQUEST_NOUNS = frozenset({"призыв", "требование", "просьба", "ходатайство"})


def unrealised_infinitive(token: Token) -> bool:
    """«потребовала освободить», «могут задержать», «с призывом освободить»: a Russian
    infinitive that no verb of beginning, ruling or success governs is not (yet) an
    event."""
    if "Inf" not in token.morph.get("VerbForm", []):
        return False
    head = token.head.lemma_.lower()
    if token.head.pos_ == "NOUN":
        return head in _RU_REQUEST_NOUNS
    return head not in _RU_REALISING_VERBS


_BAN_WORDS = ("ban", "outlaw", "prohibit", "proscribe", "запрет", "запрещ")


def bans_a_thing(token: Token) -> bool:
    """"the banned movement", «запрещённой литературы», «движения, запрещённого в стране»:
    a ban of a thing or an organisation (a designation, when anything), never a
    restriction of a person."""
    if not token.lemma_.lower().startswith(_BAN_WORDS) or token.dep_ not in ("acl", "amod"):
        return False
    head = token.head
    if head.pos_ != "NOUN":
        return False
    animacy = head.morph.get("Animacy", [])  # the Russian parse says it
    if animacy:
        return "Inan" in animacy
    return head.ent_type_ not in ("PERSON", "NORP") and not (
        {head.lemma_.lower(), head.lower_} & (EN_HUMAN_NOUNS | EN_PEOPLE_NOUNS)
    )
