"""What a store must do for linking: persons merged into one case and split again, and
the link proposals an analyst decides (see `services/linking.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class LinkTarget:
    """A person standing as a case, with every name the store knows them by."""

    person_id: int
    names: tuple[str, ...]
    country: str | None


@dataclass(frozen=True)
class LinkProposal:
    """Two persons the linker thinks may be one, waiting for an analyst."""

    id: int
    person_a: int
    person_b: int
    name_a: str
    name_b: str
    score: float
    status: str  # pending / accepted / rejected
    decided_by: str | None
    decided_at: str | None
    created_at: str


@dataclass(frozen=True)
class MergeRecord:
    """One merge of two persons into one case, and its undoing if it was undone."""

    id: int
    kept_id: int
    merged_id: int
    kept_name: str
    merged_name: str
    score: float | None  # None when an analyst merged by hand
    decided_by: str
    decided_at: str
    events_moved: int
    undone_by: str | None
    undone_at: str | None


class LinkStore(Protocol):
    def link_targets(self, person_ids: list[int] | None = None) -> list[LinkTarget]:
        """Persons standing as cases with all their names; all, or those with these ids."""
        ...

    def proposed_pairs(self) -> set[tuple[int, int]]:
        """(smaller id, larger id) of every pair ever proposed, whatever became of it."""
        ...

    def rejected_pairs(self) -> set[tuple[int, int]]:
        """(smaller id, larger id) of persons an analyst said are different people."""
        ...

    def canonical_person(self, person_id: int) -> int | None:
        """The case a person id stands in (itself, or whom it was merged into)."""
        ...

    def fuller_case(self, a: int, b: int, events_upto: int | None = None) -> tuple[int, int]:
        """(kept, merged) for a merge of a and b: the case with more events is kept (its
        name leads), the older one on a tie; with `events_upto`, counting only the events
        of id up to it (the events stored then, for a batch linked later)."""
        ...

    def propose_link(self, person_a: int, person_b: int, score: float) -> int | None: ...

    def link_proposals(self, status: str = "pending", limit: int = 100) -> list[LinkProposal]: ...

    def get_link_proposal(self, proposal_id: int) -> LinkProposal | None: ...

    def decide_link_proposal(
        self, proposal_id: int, accept: bool, decided_by: str
    ) -> MergeRecord | None: ...

    def merge_persons(
        self, kept_id: int, merged_id: int, decided_by: str, score: float | None = None
    ) -> MergeRecord: ...

    def split_merge(self, merge_id: int, decided_by: str) -> MergeRecord: ...

    def person_merges(self, person_id: int | None = None) -> list[MergeRecord]: ...
