"""Training rows from a store: what its analysts decided about the machine's facts.

A team's reviews are labels. In every stored document with at least one decided person
event, the rules run again and propose their candidates (type, person); a candidate is

- positive when an accepted, edited (as stored after the edit) or analyst-added event of
  its type names the same person (the scorer's name match, `evaluation.scoring`);
- negative when only a rejected event of its type names that person, or the reading an
  edit replaced did (an analyst who changed an arrest into a summons said it was no
  arrest);
- negative, whatever its type, when it names a person an analyst marked "not a person"
  or "not a victim" (services/curation.py): no event of theirs is one to extract;
- left out otherwise. Unreviewed facts are no labels, and neither is silence: no flag
  says an analyst read a document to the end, so a candidate no decision speaks about may
  be a miss nobody has looked for yet. Counting it as a negative would teach the model to
  reject exactly the events analysts have not got round to adding.

The dates analysts gave (an edit, an addition) or confirmed (an acceptance) label the date
options of the events of a positive candidate of that type and person, for the date model
(`learn.date_choice`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from casefile.evaluation.scoring import _Entity, _name_score, name_tokens
from casefile.exchange.records import event_dict
from casefile.learn.candidates import candidates, passthrough
from casefile.learn.dataset import DocRows, Row, annotate, rules_pipeline
from casefile.learn.date_choice import DateContext, date_options
from casefile.learn.date_training import Group, labelled
from casefile.learn.doc_types import document_terms
from casefile.learn.event_dates import date_new_events
from casefile.learn.victims import person_features
from casefile.model import Document, Event
from casefile.store.base import Store, StoredEvent

POSITIVE_STATUSES = frozenset({"accepted", "edited"})  # analysts' additions are "accepted"


@dataclass
class Decisions:
    """One document's decided readings, as (type, names the person goes by)."""

    positive: list[tuple[str, _Entity]] = field(default_factory=list)
    negative: list[tuple[str, _Entity]] = field(default_factory=list)
    no_victims: list[_Entity] = field(default_factory=list)  # marked no person / no victim
    # the dates of accepted, edited and added readings (ISO), for the date model
    dated: list[tuple[str, _Entity, str]] = field(default_factory=list)

    def dates(self, kind: str, participant: str) -> list[str]:
        """The dates analysts gave or confirmed for readings of this type and person."""
        tokens = name_tokens(participant)
        return [d for t, e, d in self.dated if t == kind and _name_score(tokens, e) is not None]

    def label(self, kind: str, participant: str) -> int | None:
        tokens = name_tokens(participant)

        def says(readings: list[tuple[str, _Entity]]) -> bool:
            return any(t == kind and _name_score(tokens, e) is not None for t, e in readings)

        if says(self.positive):
            return 1
        if says(self.negative) or any(_name_score(tokens, e) is not None
                                      for e in self.no_victims):  # fmt: skip
            return 0
        return None


@dataclass
class StoreData:
    docs: list[DocRows]
    decided_events: int  # person events analysts accepted, edited, added or rejected
    # the date model's rows: the options of events whose date analysts gave or confirmed
    date_groups: list[Group] = field(default_factory=list)

    @property
    def positives(self) -> int:
        return sum(r.label for d in self.docs for r in d.rows)

    @property
    def negatives(self) -> int:
        return sum(1 - r.label for d in self.docs for r in d.rows)

    def card(self) -> dict[str, int]:
        return {"documents": len(self.docs), "decided_events": self.decided_events,
                "positive_candidates": self.positives,
                "negative_candidates": self.negatives,
                "dated_events": len(self.date_groups)}


def _entity(*names: str) -> _Entity:
    return _Entity(tuple(sorted({name_tokens(n) for n in names if n.strip()})), ())


def decisions_of(
    store: Store, events: list[StoredEvent], verdicts: Mapping[int, str] | None = None
) -> Decisions:
    """`verdicts`: person id -> a standing "not_person" / "not_victim"."""
    out = Decisions()
    for stored in events:
        event = stored.event
        if event.participant_kind != "person":
            continue
        if verdicts and stored.person_id in verdicts:
            out.no_victims.append(_entity(event.participant, stored.entity_name))
        if stored.review_status == "unreviewed":
            continue
        reading = (event.type, _entity(event.participant, stored.entity_name))
        if stored.review_status in POSITIVE_STATUSES:
            out.positive.append(reading)
            if event.date is not None:
                out.dated.append((*reading, event.date.iso()))
        elif stored.review_status == "rejected":
            out.negative.append(reading)
        if stored.review_status == "edited":
            out.negative.extend(_replaced_readings(store, stored))
    return out


def _replaced_readings(store: Store, stored: StoredEvent) -> list[tuple[str, _Entity]]:
    """The (type, participant) readings edits replaced: each edit's "before"."""
    out = []
    kind, participant = stored.event.type, stored.event.participant
    for entry in reversed(store.review_history("event", stored.id)):
        if entry.action != "edit":
            continue
        changes = entry.changes
        before_kind = str(changes["type"][0]) if "type" in changes else kind
        before_name = str(changes["participant"][0]) if "participant" in changes else participant
        if (before_kind, before_name) != (kind, participant):
            out.append((before_kind, _entity(before_name)))
        kind, participant = before_kind, before_name
    return out


def store_rows(store: Store) -> StoreData:
    """Labelled candidate rows of every stored document some analyst decided on."""
    documents: list[tuple[Document, Decisions]] = []
    decided = 0
    verdicts = store.standing_verdicts()
    for document in store.iter_documents():
        decisions = decisions_of(store, store.document_events(document.sha256), verdicts)
        if decisions.positive or decisions.negative or decisions.no_victims:
            documents.append((document, decisions))
            decided += sum(
                1 for e in store.document_events(document.sha256)
                if e.review_status != "unreviewed" and e.event.participant_kind == "person"
            )
    by_sha = {d.sha256: (d, decisions) for d, decisions in documents}
    docs: list[DocRows] = []
    date_groups: list[Group] = []
    if documents:
        for doc in annotate(rules_pipeline(), [d for d, _ in documents]):
            document, decisions = by_sha[doc.document.sha256]
            found = candidates(doc)
            date_new_events(doc, [c.new_event for c in found if c.new_event is not None])
            rows = DocRows(f"store:{document.sha256[:12]}", document.language or "en")
            rows.fixed_events = [event_dict(e) for e in passthrough(doc)]
            rows.persons = person_features(doc)  # unlabelled: victim_p features only
            rows.terms = document_terms(doc.text)  # no types: never trains that model
            context = DateContext(doc)
            for candidate in found:
                label = decisions.label(candidate.type, candidate.participant)
                if label is None:
                    continue
                rows.rows.append(Row(
                    candidate.type, candidate.participant, candidate.features, label,
                    [event_dict(e) for e in candidate.events()], bool(candidate.rule_events),
                    blocked=candidate.blocked,
                ))
                dates = decisions.dates(candidate.type, candidate.participant)
                if label and dates:
                    date_groups += _date_groups(context, candidate.events(), dates)
            docs.append(rows)
    return StoreData(docs, decided, date_groups)


def _date_groups(context: DateContext, events: list[Event], dates: list[str]) -> list[Group]:
    """The options of each event, right when an analyst gave or confirmed that date for
    a reading of its type and person (events with several options, one of them right)."""
    groups = [labelled([(o.date.iso(), o.features) for o in date_options(context, e)], dates)
              for e in events]
    return [g for g in groups if g is not None]
