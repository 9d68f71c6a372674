"""The model decides: the rules' events and the candidates they missed, kept or dropped
by the trained event model (`casefile.learn`). The shipped model keeps every rule event
and adds what it accepts (`EventModel.keeps_rules`), which measured best out of fold.

Runs after the rules (events, merged and dated). Every candidate (type, person) of the
document is scored; an accepted candidate keeps the rules' events for it, or adds the
model's own event (the trigger's clause as evidence, dated from the discourse as the
rules' events are); a rejected one drops them unless the model keeps the rules' events.
Organisations' events pass through.

Settings: `event_model = "PATH"` in `[extract]` names another model file (one trained on
a team's own corrections, say); the default is the one shipped in the package.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from casefile.extract.doc import AnnotatedDoc
from casefile.extract.registry import Component, register
from casefile.learn.candidates import candidates, date_new_events, passthrough
from casefile.learn.model import SHIPPED, cached_model
from casefile.learn.victims import add_to_candidates
from casefile.model import Provenance


@register("model_events")
def model_events_factory(settings: dict[str, Any]) -> Component:
    path = Path(str(settings["event_model"])) if settings.get("event_model") else SHIPPED
    model = cached_model(path)  # read once, when the pipeline is built: a bad file fails early

    def model_events(doc: AnnotatedDoc) -> None:
        found = candidates(doc)
        add_to_candidates(doc, found, model.victims)
        date_new_events(doc, [c.new_event for c in found if c.new_event is not None])
        kept = passthrough(doc)
        for candidate in found:
            if candidate.rule_events and model.keeps_rules:
                kept.extend(candidate.rule_events)
                continue
            probability = model.probability(candidate.features)
            if probability < model.threshold:
                continue
            if candidate.rule_events:
                kept.extend(candidate.rule_events)
            elif candidate.new_event is not None:
                event = candidate.new_event
                event.provenance = Provenance(
                    doc.provenance.extractor, doc.provenance.version, round(probability, 2)
                )
                kept.append(event)
        doc.events = sorted(kept, key=lambda e: e.evidence.start)

    return model_events
