"""Possible facts: what the event model almost said, for analysts to answer.

Each extraction stores, beside its facts, the events the model scored within
`possible_margin` of its threshold (`extract/components/model_events.py`). Out of fold
one in three (statements) to one in six (whole articles) of them is a true event the
extractor left out, so answering them finds missed facts; and they are the candidates the
model is least sure of, so each answer is a label that teaches it most: an accepted one
becomes an accepted fact, a rejected one a rejected fact, and `casefile train --store`
learns from both.

Rules. A possible fact is no fact: no case page, count, search, export, alert or
publication reads them; only this module does. A reader sees those of documents up to
their clearance (a withdrawn document's are above every clearance), with protected
persons' names masked as everywhere. Deciding needs the same clearance; the fact it
becomes is the document's, at the document's level, with the model's provenance, and the
decision is in the review log and the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from casefile.services.access import FULL, Pseudonyms, Viewer, check_document
from casefile.services.cases import refresh_case_records
from casefile.services.review import Reviewer
from casefile.store.base import Store, StoredEvent
from casefile.store.base_possible import StoredPossible

PAGE_SIZE = 50
WAITING_CAP = 500


@dataclass(frozen=True)
class PossiblePage:
    total: int
    items: list[StoredPossible]
    offset: int
    limit: int


def possible_facts(
    store: Store, viewer: Viewer = FULL, sha256: str | None = None, offset: int = 0,
    limit: int = PAGE_SIZE,
) -> PossiblePage:  # fmt: skip
    """A page of the possible facts the viewer may see (of one document, or of all), the
    likeliest first."""
    if sha256 is not None:
        check_document(store, viewer, sha256)
    offset, limit = max(0, offset), max(1, min(limit, 500))
    total, items = store.possible_events(viewer.level, sha256, limit, offset)
    names = Pseudonyms(store, viewer)
    return PossiblePage(total, [_masked(names, p) for p in items], offset, limit)


def waiting(store: Store, viewer: Viewer = FULL, sha256: str | None = None) -> int:
    """How many possible facts the viewer may see (of one document, or of all), up to
    WAITING_CAP (a link says "500 or more": counting tens of thousands on every review
    page would cost more than the page). No document check: it only makes a link (a
    withdrawn document's count is 0, its level being above every clearance)."""
    return store.count_possible(viewer.level, sha256, WAITING_CAP)


def decide(store: Store, possible_id: int, accept: bool, reviewer: Reviewer) -> StoredEvent:
    """Accept or reject a possible fact: it becomes an event of that review status, which
    is returned as the reviewer may see it. `store.PossibleNotFound` if it is gone or
    above their clearance."""
    event_id = store.decide_possible(possible_id, accept, reviewer.name, _now(),
                                     reviewer.viewer.level)  # fmt: skip
    if accept:
        refresh_case_records(store)
    event = store.get_event(event_id)
    assert event is not None  # just written
    return Pseudonyms(store, reviewer.viewer).event(event)


def _masked(names: Pseudonyms, possible: StoredPossible) -> StoredPossible:
    event = possible.event
    quote = names.quote(event.evidence)
    participant = names.text(event.participant)
    agent = names.text(event.agent) if event.agent else event.agent
    if (quote, participant, agent) == (event.evidence.quote, event.participant, event.agent):
        return possible
    masked = replace(event, participant=participant, agent=agent,
                     evidence=replace(event.evidence, quote=quote))  # fmt: skip
    return replace(possible, event=masked)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
