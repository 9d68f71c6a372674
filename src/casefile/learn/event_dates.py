"""Dates for the events the model decides on: the date of a trigger's clause, the date an
undated event takes from another clause that names its person with a trigger of its type,
and the discourse's date for the model's own events, as the rules' events get theirs."""

from __future__ import annotations

from casefile.extract.components.arguments import describes_something_else
from casefile.extract.doc import AnnotatedDoc
from casefile.learn.pairings import Pairing, pair_rank
from casefile.model import Event, PartialDate

# Which pairings may date an undated event from another clause (`date_from_own_pairings`),
# and how many dependency steps may lie between the trigger and the person's phrase.
DATING_VIAS = ("name", "pronoun")
MAX_DATING_PATH = 5


def clause_date(doc: AnnotatedDoc, pair: Pairing, said: bool = False) -> PartialDate | None:
    """The date nearest the trigger in its sentence, but none that dates another thing
    (an offence; with `said`, a speech). The model's own events take the day something
    was said, which the rules' events skip: in news "police said on Monday" is often the
    event's day (skipping it lost seven dated events in hrdsattack-train, 2026-12-05)."""
    sent, token = pair.sent, pair.trigger
    dates = [d for d in doc.dates if sent.start_char <= d.start < sent.end_char and d.date
             and not describes_something_else(doc, d, said=said)]
    return min(dates, key=lambda d: abs(d.start - token.idx)).date if dates else None


def date_from_own_pairings(doc: AnnotatedDoc, events: list[Event],
                            pairs: list[Pairing]) -> None:
    """Events no date of their own clause dates take the date of another clause in which
    a trigger of their type names the person, by name or pronoun, close in the parse
    ("She was detained in August 2023", told after a headline's undated "Poet
    detained"). Only undated ones: a date the discourse gave is kept, as the other
    clause is as often about an earlier event of the type ("sentenced in 2011" before
    the story's sentence of 2020): dev/ lost three dated events when it replaced them.
    New events, not yet dated from the discourse, are dated so first."""
    todo = [e for e in events if e.date is None]
    if not todo:
        return
    near = ((pair_rank(p), p) for p in pairs if not p.sentences_apart and p.via in DATING_VIAS)
    for (_, path_length, _, _), pair in sorted(near, key=lambda ranked: ranked[0]):
        if path_length > MAX_DATING_PATH:
            continue
        # The event's own sentence was judged already: a rule event left undated by "his
        # lawyer said on May 22" is not dated by it from here either (GUIDELINES.md).
        own = any(pair.sent.start_char <= e.evidence.start < pair.sent.end_char
                  for e in todo)
        date = clause_date(doc, pair, said=own)
        if date is not None:
            for event in todo:
                event.date, event.date_inferred = date, False
            return


def date_new_events(doc: AnnotatedDoc, new_events: list[Event]) -> None:
    """Date the model's own undated events from the discourse, as the rules' events were,
    leaving the rules' events exactly as they are."""
    from casefile.extract.registry import create

    # A designation is dated only where the text dates it (GUIDELINES.md), not from the
    # discourse around it.
    undated = [e for e in new_events if e.date is None and e.type != "designation"]
    if not undated:
        return
    kept = doc.events
    before = [(e, e.date, e.date_inferred) for e in kept]
    doc.events = [*kept, *undated]
    create("discourse_dates", {})(doc)
    for event, date, inferred in before:
        event.date, event.date_inferred = date, inferred
    doc.events = kept
