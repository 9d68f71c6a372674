"""The review queue at scale: filters and order, decisions on a selection at once, and
undoing a reviewer's last decision.

A selection is decided fact by fact, each decision audited on its own; facts someone
decided meanwhile are left alone (a bulk action never overrides another reviewer), and a
fact the reviewer may not see fails the whole request before anything changes, exactly
as a missing one would.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from casefile.i18n import N_, Msg
from casefile.model import EVENT_TYPES
from casefile.services.access import FULL, Pseudonyms, Viewer
from casefile.services.cases import refresh_case_records
from casefile.services.errors import InvalidInput, NotFound
from casefile.services.paging import Page, bounds
from casefile.services.review import Fact, Reviewer, _decide, _masked, _now, _stored_fact
from casefile.services.visibility import events_as_seen
from casefile.store.base import ReviewQuery, ReviewUndo, Store

SORTS = ("oldest", "confidence")
MAX_SELECTION = 200
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class BulkOutcome:
    decided: int
    skipped: int  # decided by someone else meanwhile


def parse_query(params: Mapping[str, str]) -> ReviewQuery:
    """A queue query from the page's parameters ('' = no filter). InvalidInput names the
    parameter."""

    def text(name: str) -> str | None:
        return (params.get(name) or "").strip() or None

    document = text("document")
    if document is not None and not _SHA256.match(document.lower()):
        raise InvalidInput(Msg("document: a document's SHA-256 (64 hexadecimal digits)"))
    kind = text("type")
    if kind is not None and kind not in EVENT_TYPES:
        raise InvalidInput(Msg("type: unknown event type %(kind)s", kind=repr(kind[:40])))
    person = text("person")
    if person is not None and (not person.isdigit() or len(person) > 18):
        raise InvalidInput(Msg("person: a case number"))
    low, high = _confidence(text("min_confidence"), "min"), _confidence(
        text("max_confidence"), "max")
    if low is not None and high is not None and low > high:
        raise InvalidInput(Msg("confidence: the minimum is above the maximum"))
    inferred = text("inferred")
    if inferred not in (None, "yes", "no"):
        raise InvalidInput(Msg("inferred: yes or no"))
    sort = text("sort") or "oldest"
    if sort not in SORTS:
        raise InvalidInput(Msg("sort: one of %(items)s", items=', '.join(SORTS)))
    version = text("extractor_version")
    if version is not None and len(version) > 100:
        raise InvalidInput(Msg("extractor version: at most 100 characters"))
    return ReviewQuery(
        document=document.lower() if document else None,
        type=kind,
        person_id=int(person) if person else None,
        min_confidence=low,
        max_confidence=high,
        date_inferred=None if inferred is None else inferred == "yes",
        extractor_version=version,
        sort=sort,
    )


def _confidence(raw: str | None, end: str) -> float | None:
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:  # also refuses nan
        template = (N_("min_confidence: a number from 0 to 1, not %(raw)s") if end == "min"
                    else N_("max_confidence: a number from 0 to 1, not %(raw)s"))
        raise InvalidInput(Msg(template, raw=repr(raw[:20])))
    return value


def queue(
    store: Store,
    query: ReviewQuery | None = None,
    page: int = 1,
    size: int = 25,
    *,
    viewer: Viewer = FULL,
) -> Page[Fact]:
    """Unreviewed facts `viewer` may see that the query selects, in its order."""
    limit, offset = bounds(page, size)
    total, facts = store.review_queue(limit, offset, viewer.level, query)
    names = Pseudonyms(store, viewer)
    facts = events_as_seen(store, viewer.level, facts)
    return Page(items=[_masked(names, f) for f in facts], total=total, number=page, size=size)


def extractor_versions(store: Store, viewer: Viewer = FULL) -> list[str]:
    return store.review_extractor_versions(viewer.level)


def decide_many(
    store: Store, action: str, facts: Sequence[tuple[str, int]], reviewer: Reviewer
) -> BulkOutcome:
    """Accept or reject each (kind, id) of a selection that is still unreviewed."""
    if action not in ("accept", "reject"):
        raise InvalidInput(Msg(
            "action: accept or reject, not %(action)s",
            action=repr(action[:20]),
        ))
    if not facts:
        raise InvalidInput(Msg("select at least one fact"))
    if len(facts) > MAX_SELECTION:
        raise InvalidInput(Msg(
            "select at most %(MAX_SELECTION)s facts, not %(count)s",
            MAX_SELECTION=MAX_SELECTION, count=len(facts),
        ))
    # All checked first: a hidden fact fails the request before anything is decided.
    current = {(kind, fact_id): _stored_fact(store, kind, fact_id, reviewer.viewer)
               for kind, fact_id in dict.fromkeys(facts)}  # fmt: skip
    decided = 0
    for (kind, fact_id), fact in current.items():
        if fact.review_status != "unreviewed":
            continue
        _decide(store, kind, fact_id, action, reviewer, fact.version)
        decided += 1
    return BulkOutcome(decided=decided, skipped=len(current) - decided)


def undo_last(store: Store, reviewer: Reviewer) -> ReviewUndo:
    """Undo `reviewer`'s last accept or reject: the fact gets its previous status back.
    NotFound when there is nothing to undo (or the fact is now above their clearance)."""
    last = store.undo_last_review(reviewer.name, _now(), reviewer.viewer.level)
    if last is None:
        raise NotFound(Msg("no decision of yours to undo"))
    refresh_case_records(store)
    return last
