"""Case curation: an analyst cleans the case list in one step, and re-extraction respects
it.

- "Not a person" (a month, a law code, an outlet read as a name): every event of the
  case is rejected and the verdict stays on the person. The person is the record every
  document's mention of that name resolves to (by its key, an alias or a merge), so the
  verdict holds for the whole store, not one document: a name that is no person in one
  text ("Feb", "КоАП") is no person in the next, and a real person who shares it can be
  given back their case by undoing the verdict. From then on, saving an extraction
  (ingest, re-upload, `casefile reextract`, a corrected date or language) stores no
  machine event and no role about that person (`SQLiteStore.save_extraction`).
- "Not a victim" (an official, a judge, a spokesperson): the same for events, but the
  person stays known with their roles; the case leaves the case list because it has no
  standing event.
- An event moved to another person: the participant becomes the other case's name (the
  quote stays). It is an analyst's edit: the fact is reviewed, so re-extraction keeps it,
  and its fingerprint is the machine's, so the machine's original reading is not added
  back beside it.

Each is one audited transaction and can be undone; an undo leaves alone any fact
someone has decided on since. Rejections and a move's replaced reading are what
`casefile train --store` reads as negatives (learn/store_data.py); a standing verdict
also makes every candidate naming the person a negative there.

Who: a reviewer may curate a case they may see, and only the facts they may see change.
A move names the other case by a name readers of the event's document may see, since the
event now carries it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from casefile.i18n import Msg, message_of
from casefile.services.access import Pseudonyms, Viewer
from casefile.services.cases import CaseSummary, refresh_case_records
from casefile.services.errors import InvalidInput, NotFound, PersonNotFound
from casefile.services.review import Reviewer, get_fact
from casefile.services.search import CaseFilters, find_cases
from casefile.services.visibility import name_as_seen, seen_case
from casefile.store.base import FactNotFound, Store, StoredEvent, StoreError, VersionConflict
from casefile.store.base_curation import ACTION_WORDS, VERDICTS, Curation
from casefile.store.base_documents import WITHDRAWN
from casefile.store.base_security import FULL_ACCESS

MAX_MOVE_QUERY = 200
ANOTHER_CASE = "another case"  # a case the reader may not open, named by no fact they see


@dataclass(frozen=True)
class CurationView:
    """A curation as a reader may see it: the names they may see, the facts they may."""

    curation: Curation
    name: str  # the case curated (for a move: the case the event left)
    target_name: str | None  # a move's new case
    event_ids: tuple[int, ...]  # the changed facts the reader may see
    person_shown: bool = False  # whether the reader may open the case (a link)
    target_shown: bool = False
    moved: StoredEvent | None = None  # a move's event as the reader may see it

    @property
    def words(self) -> str:
        return ACTION_WORDS[self.curation.action]


def mark(store: Store, person_id: int, verdict: str, reviewer: Reviewer) -> Curation:
    """Say that a case is no person, or no victim: its events the reviewer may see are
    rejected at once, and re-extraction stores no new machine event about it."""
    if verdict not in VERDICTS:
        raise InvalidInput(Msg(
            "verdict: one of %(items)s, not %(verdict)s",
            items=', '.join(VERDICTS), verdict=repr(verdict[:40]),
        ))
    case_id = _visible_case(store, reviewer.viewer, person_id)
    try:
        done = store.mark_person(case_id, verdict, reviewer.name, _now(), reviewer.viewer.level)
    except StoreError as err:
        raise InvalidInput(message_of(err)) from None
    refresh_case_records(store)
    return done


def move_event(
    store: Store, event_id: int, target_id: int, reviewer: Reviewer, version: int | None = None
) -> Curation:
    """The event is about the target case: its participant becomes that case's name."""
    viewer = reviewer.viewer
    fact = get_fact(store, "event", event_id, viewer)  # FactNotFound above the clearance
    assert isinstance(fact, StoredEvent)
    if fact.person_id is None:
        raise InvalidInput(Msg(
            "event %(event_id)s is about an organisation, not a person",
            event_id=event_id,
        ))
    case_id = _visible_case(store, viewer, target_id)
    try:
        # The name as readers of the event may see it: the event now carries it.
        at_event = seen_case(store, fact.level, case_id)
    except PersonNotFound:
        raise InvalidInput(
            Msg(
                "that case is known only from records less widely readable than this event: move "
                "it to a case readers of its document may see"
            )
        ) from None
    name = name_as_seen(store, fact.level, at_event.person, at_event.events)
    try:
        done = store.move_event(event_id, case_id, name, reviewer.name, _now(), version)
    except VersionConflict:
        raise  # 409: the page was stale
    except StoreError as err:
        raise InvalidInput(message_of(err)) from None
    refresh_case_records(store)
    return done


def undo(store: Store, curation_id: int, reviewer: Reviewer) -> Curation:
    found = _visible_curation(store, reviewer.viewer, curation_id)
    try:
        done = store.undo_curation(found.curation.id, reviewer.name, _now(),
                                   reviewer.viewer.level)  # fmt: skip
    except StoreError as err:
        raise InvalidInput(message_of(err)) from None
    refresh_case_records(store)
    return done


def curations(store: Store, viewer: Viewer, limit: int = 100) -> list[CurationView]:
    """The newest curations the viewer may see."""
    names = Pseudonyms(store, viewer)
    found = (_as_seen(store, viewer, names, c) for c in store.curations(limit))
    return [c for c in found if c is not None]


def case_verdict(store: Store, person_id: int, viewer: Viewer) -> CurationView | None:
    """The verdict standing on a case, as shown on its page (None: none, or none the
    viewer may see)."""
    if person_id not in store.standing_verdicts():
        return None
    names = Pseudonyms(store, viewer)
    for curation in store.curations(10_000, person_id=person_id):
        if curation.standing and curation.action != "move" and curation.person_id == person_id:
            return _as_seen(store, viewer, names, curation)
    return None


def get_curation(store: Store, curation_id: int, viewer: Viewer) -> CurationView:
    return _visible_curation(store, viewer, curation_id)


def move_targets(
    store: Store, q: str, event: StoredEvent, viewer: Viewer, limit: int = 10
) -> list[CaseSummary]:
    """Cases whose names hold every word of `q`, other than the event's own."""
    q = " ".join(q.split())[:MAX_MOVE_QUERY]
    if not q:
        return []
    page = find_cases(store, CaseFilters(q=q), 1, limit + 1, viewer=viewer, named=True)
    return [c for c in page.items if c.person_id != event.person_id][:limit]


def _visible_case(store: Store, viewer: Viewer, person_id: int) -> int:
    try:
        return seen_case(store, viewer.level, person_id).case_id
    except PersonNotFound:
        raise NotFound(Msg("no person with id %(person_id)s", person_id=person_id)) from None


def _visible_curation(store: Store, viewer: Viewer, curation_id: int) -> CurationView:
    curation = store.get_curation(curation_id)
    shown = None if curation is None else _as_seen(store, viewer, Pseudonyms(store, viewer),
                                                   curation)  # fmt: skip
    if shown is None:
        raise NotFound(Msg("no curation with id %(curation_id)s", curation_id=curation_id))
    return shown


def _as_seen(
    store: Store, viewer: Viewer, names: Pseudonyms, curation: Curation
) -> CurationView | None:
    """None when the viewer may see none of the facts it changed: below full clearance a
    curation is known through its facts, as a case is through its events."""
    events = [e for f in curation.facts if (e := store.get_event(f.id)) is not None]
    seen = [e for e in events if e.level <= viewer.level and e.level < WITHDRAWN]
    if not seen and viewer.level < FULL_ACCESS:
        return None
    person = _case_name(store, viewer, curation.person_id)
    if curation.action == "move":
        # The names the event carried before and after: both on a fact the viewer sees.
        moved = seen[0] if seen else None
        old = str(moved and curation.facts[0].before.get("participant_name") or "")
        new = moved.event.participant if moved and curation.standing else ""
        target_id = curation.target_id or 0
        target = _case_name(store, viewer, target_id)
        return CurationView(
            curation, names.name(curation.person_id, old or person or ANOTHER_CASE),
            names.name(target_id, new or target or ANOTHER_CASE),
            tuple(e.id for e in seen), person is not None, target is not None,
            names.event(moved) if moved else None)  # fmt: skip
    own = next((e.event.participant for e in seen if e.person_id == curation.person_id), "")
    return CurationView(curation, names.name(curation.person_id, own or person or ANOTHER_CASE),
                        None, tuple(e.id for e in seen), person is not None)  # fmt: skip


def _case_name(store: Store, viewer: Viewer, person_id: int) -> str | None:
    """The case's name as the viewer sees it; None when they may not see the case (a
    case whose every event a verdict rejected is one, below full clearance)."""
    try:
        case = seen_case(store, viewer.level, person_id)
    except PersonNotFound:
        return None
    return name_as_seen(store, viewer.level, case.person, case.events)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def parse_person_id(raw: str) -> int:
    """A case number from a form."""
    text = raw.strip()
    if not text.isdigit() or len(text) > 18:
        raise InvalidInput(Msg(
            "choose the case to move the event to, not %(raw)s",
            raw=repr(raw[:20]),
        ))
    return int(text)


def no_statistic(fact_id: int) -> None:
    """A statistic counts unnamed people: it has no person to move to (as missing)."""
    raise FactNotFound("statistic", fact_id)
