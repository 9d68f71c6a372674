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

Settings: `event_model = "PATH"` in `[extract]` names another model file (one trained on
a team's own corrections, say); the default is the one shipped in the package.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from casefile.extract.doc import AnnotatedDoc
from casefile.extract.registry import Component, register
from casefile.learn.candidates import candidates, passthrough
from casefile.learn.date_choice import redate
from casefile.learn.event_dates import date_new_events
from casefile.learn.model import SHIPPED, cached_model, keep_rule_designations
from casefile.learn.victims import add_to_candidates
from casefile.model import Provenance


@register(
    "model_events",
    needs=("spacy", "dates", "terms", "persons", "events", "trigger_sentences"),
    sets=("events",),
)
def model_events_factory(settings: dict[str, Any]) -> Component:
    path = Path(str(settings["event_model"])) if settings.get("event_model") else SHIPPED
    model = cached_model(path)  # read once, when the pipeline is built: a bad file fails early

    def model_events(doc: AnnotatedDoc) -> None:
        found = candidates(doc)
        victim_scores = add_to_candidates(doc, found, model.victims)
        date_new_events(doc, [c.new_event for c in found if c.new_event is not None])
        kept = passthrough(doc)
        probabilities = [model.probability(c.features) for c in found]
        accept = keep_rule_designations(
            model.decision_for(len(doc.text)).accept(
                [(c.participant, bool(c.rule_events), bool(c.events())) for c in found],
                probabilities, victim_scores,
            ),
            [c.type for c in found], [bool(c.rule_events) for c in found],
        )
        decided = []
        for candidate, probability, keep in zip(found, probabilities, accept, strict=True):
            if not keep:
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
            redate(model.dates, doc, decided)
        doc.events = sorted(kept + decided, key=lambda e: e.evidence.start)

    return model_events
