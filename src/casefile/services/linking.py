"""One case per real person: linking the persons documents name across spellings and
scripts (Zholdybayev / Жолдыбаев), with analysts deciding what the machine is unsure of.

After each save the persons the document is about are compared with every case
(`casefile.link` scores the names); a sure match is merged into the existing case at
once, an unsure one becomes a proposal in the review queue. Every merge is recorded with
its score and who made it, and can be undone; an undone or rejected pair is never merged
automatically again. A case an analyst marked "not a person" or "not a victim" is
neither linked nor proposed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from casefile.i18n import Msg, message_of
from casefile.link import parse_name, score_names
from casefile.link.config import DEFAULT, LinkConfig
from casefile.link.russian import NameKey
from casefile.services.access import FULL, Pseudonyms, Viewer
from casefile.services.errors import InvalidInput, NotFound, PersonNotFound
from casefile.services.visibility import merges_as_seen, names_as_seen, seen_case
from casefile.store.base import Store, StoreError
from casefile.store.base_links import LinkProposal, LinkTarget, MergeRecord
from casefile.store.base_security import FULL_ACCESS

LINKER = "casefile-linker"
# Every save compares its persons with every case: the names of stored cases are parsed
# once per process, not once per save.
_parsed = lru_cache(maxsize=200_000)(parse_name)
# ... and the same two names are scored again on every save that names one of them
# (a batch run relinks a recurring person after each batch): a pure function, kept.
_scored = lru_cache(maxsize=200_000)(score_names)  # some 30 MB when full
# Different persecuting states are weak evidence of different people (exiles are
# prosecuted at home and abroad): such a pair is proposed, never merged automatically
# (its score is capped just below `auto`).
_COUNTRY_CONFLICT_MARGIN = 0.01


@dataclass
class LinkOutcome:
    merged: list[MergeRecord] = field(default_factory=list)
    proposed: int = 0


@dataclass
class _Index:
    """Parsed names of every case and which cases use each folded name word."""

    keys: dict[int, list[NameKey]]
    countries: dict[int, str | None]
    by_word: dict[str, set[int]]
    # person merged in this run -> the one kept
    merged_into: dict[int, int] = field(default_factory=dict)

    @classmethod
    def of(cls, targets: Iterable[LinkTarget]) -> _Index:
        index = cls({}, {}, {})
        for target in targets:
            index.add(target.person_id, [_parsed(n) for n in target.names], target.country)
        return index

    def add(self, person_id: int, keys: list[NameKey], country: str | None) -> None:
        self.keys.setdefault(person_id, []).extend(keys)
        self.countries[person_id] = self.countries.get(person_id) or country
        for key in keys:
            for word in key.words:
                self.by_word.setdefault(word, set()).add(person_id)

    def absorb(self, kept: int, merged: int) -> None:
        keys = self.keys.pop(merged, [])
        self.add(kept, keys, self.countries.pop(merged, None))
        for word in {w for k in keys for w in k.words}:
            self.by_word[word].discard(merged)
        self.merged_into[merged] = kept

    def case(self, person_id: int) -> int:
        """The case a person stands in after this run's merges so far."""
        while person_id in self.merged_into:
            person_id = self.merged_into[person_id]
        return person_id

    def candidates(self, person_id: int, config: LinkConfig = DEFAULT,
                   horizon: int | None = None) -> list[tuple[float, int]]:  # fmt: skip
        """Other cases sharing a name word, best score first; with `horizon`, only the
        cases whose id is at most it (those stored when a queued batch was)."""
        mine = self.keys.get(person_id, [])
        others = {o for k in mine for w in k.words for o in self.by_word.get(w, ())}
        others.discard(person_id)
        if horizon is not None:
            others = {o for o in others if o <= horizon}
        scored = []
        for other in others:
            best = max(
                (_scored(a, b) for a in mine for b in self.keys[other]), default=0.0
            )
            countries = (self.countries.get(person_id), self.countries.get(other))
            if all(countries) and countries[0] != countries[1]:
                best = min(best, config.auto - _COUNTRY_CONFLICT_MARGIN)
            if best >= config.propose:
                scored.append((best, other))
        return sorted(scored, key=lambda s: (-s[0], s[1]))


def link_persons(
    store: Store, person_ids: Iterable[int] | None = None, config: LinkConfig = DEFAULT
) -> LinkOutcome:
    """Link the given persons (all cases when None) to the cases they are one with;
    `config` holds the thresholds (`[link]` of casefile.toml: `casefile link run`)."""
    return link_passes(store, [Pass(None if person_ids is None else tuple(person_ids))], config)


@dataclass(frozen=True)
class Pass:
    """One round of linking: these persons (None: every case) against the cases stored
    up to `horizon` (None: all), the fuller case of a merge counted on the events up to
    `events` (None: all). A batch linked after later batches were stored passes the
    horizons of its own time (`store.link_queue`), and is linked as it would have been
    right after it was stored."""

    persons: tuple[int, ...] | None
    horizon: int | None = None
    events: int | None = None


def link_passes(
    store: Store, passes: Iterable[Pass], config: LinkConfig = DEFAULT,
    after_pass: Callable[[int], None] | None = None,
) -> LinkOutcome:  # fmt: skip
    """Run `passes` in order over one index of the cases (read once, kept up to date by
    each merge); `after_pass(n)` once the n-th pass is done."""
    # A case marked "not a person" or "not a victim" is no one's other spelling
    # (services/curation.py): linking it would carry the verdict onto a real case.
    curated = store.standing_verdicts()
    index = _Index.of(t for t in store.link_targets() if t.person_id not in curated)
    rejected = store.rejected_pairs()
    # A pair proposed before is not proposed again (the store would ignore it): known
    # here, it costs no transaction.
    proposed = store.proposed_pairs()
    outcome = LinkOutcome()
    for number, step in enumerate(passes):
        if step.persons is None:
            todo = sorted(index.keys)
        else:
            # The ids the batch's save answered, as cases after the earlier passes: what
            # the store would have answered had those passes run before it saved.
            todo = sorted({_case(store, index, p) for p in step.persons})
        for person_id in todo:
            if person_id not in index.keys:
                continue  # merged earlier in this pass, or not a case
            for score, other in index.candidates(person_id, config, step.horizon):
                pair = (min(person_id, other), max(person_id, other))
                if pair in rejected:
                    continue
                if score >= config.auto and person_id in index.keys and other in index.keys:
                    kept, merged = store.fuller_case(person_id, other, step.events)
                    outcome.merged.append(store.merge_persons(kept, merged, LINKER, score))
                    index.absorb(kept, merged)
                    if merged == person_id:
                        break
                elif score < config.auto and pair not in proposed:
                    proposed.add(pair)
                    if store.propose_link(person_id, other, score) is not None:
                        outcome.proposed += 1
        if after_pass is not None:
            after_pass(number)
    return outcome


def _case(store: Store, index: _Index, person_id: int) -> int:
    """The case a person stands in: after this run's merges, or (merged before it, by a
    run that stopped while linking) as the store says."""
    if person_id in index.keys or person_id in index.merged_into:
        return index.case(person_id)
    return store.canonical_person(person_id) or person_id


def pending_proposals(store: Store, limit: int = 100, viewer: Viewer = FULL) -> list[LinkProposal]:
    """Pending proposals whose two persons `viewer` may both see."""
    curated = store.standing_verdicts()
    found = [p for p in store.link_proposals("pending", limit)
             if p.person_a not in curated and p.person_b not in curated]  # fmt: skip
    if viewer.level < FULL_ACCESS:
        ids = sorted({p.person_a for p in found} | {p.person_b for p in found})
        seen = store.visible_persons(ids, viewer.level)
        found = [p for p in found if p.person_a in seen and p.person_b in seen]
    names = Pseudonyms(store, viewer)
    spelled = names_as_seen(store, viewer.level,
                            [i for p in found for i in (p.person_a, p.person_b)])
    return [replace(p, name_a=names.name(p.person_a, spelled.get(p.person_a, p.name_a)),
                    name_b=names.name(p.person_b, spelled.get(p.person_b, p.name_b)))
            for p in found]  # fmt: skip


def merges_of(store: Store, person_id: int, viewer: Viewer = FULL) -> list[MergeRecord]:
    """The merges that made this person's case, and any undone, as far as `viewer` may
    see them (services.visibility); PersonNotFound, as for an id nobody has, when they
    may see nothing of the person."""
    case = seen_case(store, viewer.level, person_id)
    names = Pseudonyms(store, viewer)
    return merges_as_seen(store, viewer.level, case, store.person_merges(person_id), names)


def case_of(store: Store, person_id: int, viewer: Viewer = FULL) -> int:
    """The case a person id now stands in (a merged-away person's is the kept one's);
    PersonNotFound when `viewer` may see nothing of it, exactly as for a missing id."""
    return seen_case(store, viewer.level, person_id).case_id


def _standing_case(store: Store, viewer: Viewer, person_id: int) -> int:
    """The case a decision names, if `viewer` may see it; NotFound as for a missing id."""
    try:
        return seen_case(store, viewer.level, person_id).case_id
    except PersonNotFound:
        raise NotFound(Msg("no person with id %(person_id)s", person_id=person_id)) from None


def decide_proposal(
    store: Store, proposal_id: int, accept: bool, decided_by: str, viewer: Viewer = FULL
) -> MergeRecord | None:
    proposal = store.get_link_proposal(proposal_id)
    if proposal is None or not _proposal_visible(store, viewer, proposal):
        raise NotFound(Msg("no link proposal with id %(proposal_id)s", proposal_id=proposal_id))
    try:
        return store.decide_link_proposal(proposal_id, accept, _who(decided_by))
    except StoreError as err:
        raise InvalidInput(message_of(err)) from None


def _proposal_visible(store: Store, viewer: Viewer, proposal: LinkProposal) -> bool:
    """Whether `viewer` sees both persons of a proposal (as pending_proposals lists it)."""
    if viewer.level >= FULL_ACCESS:
        return True
    pair = [proposal.person_a, proposal.person_b]
    return store.visible_persons(pair, viewer.level) == set(pair)


def merge(
    store: Store, kept_id: int, merged_id: int, decided_by: str, viewer: Viewer = FULL
) -> MergeRecord:
    """An analyst's merge of two cases. A person the analyst may not see is "no person",
    exactly as a missing id, and no error names another case than the two they gave."""
    for pid in (kept_id, merged_id):
        case_id = _standing_case(store, viewer, pid)
        if case_id != pid:
            raise InvalidInput(Msg(
                "person %(pid)s is already part of person %(case_id)s's case",
                pid=pid, case_id=case_id,
            ))
    try:
        return store.merge_persons(kept_id, merged_id, _who(decided_by))
    except StoreError as err:
        raise InvalidInput(message_of(err)) from None


def split(store: Store, merge_id: int, decided_by: str, viewer: Viewer = FULL) -> MergeRecord:
    """Undo a merge `viewer` may see (as the case page lists it); the two stay apart from
    now on."""
    found = [m for m in store.person_merges() if m.id == merge_id]
    if not found or not _merge_visible(store, viewer, found[0]):
        raise NotFound(Msg("no merge with id %(merge_id)s", merge_id=merge_id))
    try:
        return store.split_merge(merge_id, _who(decided_by))
    except StoreError as err:
        raise InvalidInput(message_of(err)) from None


def _merge_visible(store: Store, viewer: Viewer, record: MergeRecord) -> bool:
    try:
        return any(m.id == record.id for m in merges_of(store, record.kept_id, viewer))
    except PersonNotFound:
        return False


def _who(name: str) -> str:
    who = " ".join(name.split())
    if not who or len(who) > 80:
        raise InvalidInput(Msg("a decision needs the name of who made it (at most 80 characters)"))
    return who
