"""The model decides: the rules' events and the candidates they missed, kept or dropped
by the trained event model (`casefile.learn`). The shipped model keeps every rule event
and adds what it accepts (`EventModel.keeps_rules`), which measured best out of fold.

Runs after the rules (events, merged and dated). Every candidate (type, person) of the
document is scored; an accepted candidate keeps the rules' events for it, or adds the
model's own event (the trigger's clause as evidence, dated from the discourse as the
rules' events are); a rejected one drops them unless the model keeps the rules' events.
The decided events then take the date the date model (`learn.date_choice`) likes best
among the dates around them, when the model has one.
A person the model's victim model scores at or above its `victim_floor` keeps their
likeliest candidate even when none reaches the threshold. Long documents (whole news
articles) may have a decision of their own (`EventModel.decision_for`).
Organisations' events pass through.

The candidates the decision leaves out but scored within `possible_margin` of its
threshold become `possible_events`: not facts, but the questions whose answers would
teach the model most (the review queue's "possible facts"; out of fold, one in three to
one in six of them is a gold event, two or three a document at the default margin).

Settings in `[extract]`: `event_model = "PATH"` names another model file (one trained on
a team's own corrections, say; the default is the one shipped in the package);
`possible_margin` (default 0.15; 0 proposes none) how far below the threshold a
candidate is still asked about.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from casefile.extract.components.merge import merge_repeats, without_fines_read_as_sentences
from casefile.extract.doc import AnnotatedDoc
from casefile.extract.registry import Component, register
from casefile.learn.candidates import candidates, passthrough
from casefile.learn.date_choice import redate
from casefile.learn.doc_types import add_to_candidates as add_document_types
from casefile.learn.event_dates import date_new_events
from casefile.learn.model import SHIPPED, cached_model, keep_rule_designations
from casefile.learn.victims import add_to_candidates
from casefile.model import Event, Provenance

POSSIBLE_MARGIN = 0.15


@register(
    "model_events",
    needs=("spacy", "dates", "terms", "persons", "events", "trigger_sentences"),
    sets=("events", "possible_events"),
)
def model_events_factory(settings: dict[str, Any]) -> Component:
    path = Path(str(settings["event_model"])) if settings.get("event_model") else SHIPPED
    model = cached_model(path)  # read once, when the pipeline is built: a bad file fails early
    margin = float(settings.get("possible_margin", POSSIBLE_MARGIN))  # checked by load_config

    def model_events(doc: AnnotatedDoc) -> None:
        found = candidates(doc)
        victim_scores = add_to_candidates(doc, found, model.victims)
        add_document_types(doc.text, doc.language or "en", found, model.doc_types)
        date_new_events(doc, [c.new_event for c in found if c.new_event is not None])
        kept = passthrough(doc)
        probabilities = [model.probability(c.features) for c in found]
        decision = model.decision_for(len(doc.text))
        accept = keep_rule_designations(
            decision.accept(
                [(c.participant, bool(c.rule_events), bool(c.events())) for c in found],
                probabilities, victim_scores, [c.blocked for c in found],
            ),
            [c.type for c in found], [bool(c.rule_events) for c in found],
        )
        decided: list[Event] = []
        possible: list[Event] = []
        for candidate, probability, keep in zip(found, probabilities, accept, strict=True):
            if candidate.blocked:
                continue  # done to someone else: not even a possible event
            if not keep:
                if margin and probability >= decision.threshold - margin:
                    possible.extend(_possible(doc, candidate.events(), probability))
                continue
            if candidate.rule_events:
                decided.extend(candidate.rule_events)
            elif candidate.new_event is not None:
                event = candidate.new_event
                event.provenance = Provenance(
                    doc.provenance.extractor, doc.provenance.version, round(probability, 2)
                )
                decided.append(event)
        if model.dates is not None:
            redate(model.dates, doc, decided + possible)
        doc.events = merge_repeats(without_fines_read_as_sentences(
            sorted(kept + decided, key=lambda e: e.evidence.start)))
        doc.possible_events = sorted(possible, key=lambda e: e.evidence.start)

    return model_events


def _possible(doc: AnnotatedDoc, events: list[Event], probability: float) -> list[Event]:
    """The events a left-out candidate stands for, each a copy that says the model's
    probability (a rule event's own provenance would say the rules were sure)."""
    provenance = Provenance(doc.provenance.extractor, doc.provenance.version,
                            round(probability, 2))
    return [replace(event, provenance=provenance) for event in events]
