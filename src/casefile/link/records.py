"""Links, entities and the record of merges and splits: plain data the store can persist.

Every automatic link carries its score; a link below the automatic threshold is a
proposal until an analyst confirms or rejects it. Merges and splits are operations in an
append-only journal: undoing one appends its inverse, so the history is never rewritten
and any state can be explained ("who merged these, when, on what score").
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum


class Decision(StrEnum):
    AUTO = "auto"  # the linker: score >= the automatic threshold (a rare spelling taken
    # for a typo of a larger entity may score down to LinkConfig.typo_fit; its reason says so)
    PROPOSED = "proposed"  # the linker, awaiting an analyst
    CONFIRMED = "confirmed"  # an analyst accepted a proposal (or linked by hand)
    REJECTED = "rejected"  # an analyst said: not the same; the linker must not relink


@dataclass(frozen=True, slots=True)
class Link:
    """Two mentions (by id) judged to name the same entity, or proposed to."""

    a: str
    b: str
    score: float
    decision: Decision
    who: str = "linker"
    when: datetime | None = None
    reason: str = ""

    def decided(self, decision: Decision, who: str, reason: str = "") -> Link:
        """The same pair with an analyst's decision; the score stays as evidence."""
        return Link(self.a, self.b, self.score, decision, who, _now(), reason)


@dataclass
class Entity:
    """A canonical person or organisation: its mentions and the spellings they use."""

    id: str
    kind: str  # "person" | "organisation"
    name: str  # the canonical spelling shown to users
    mentions: set[str] = field(default_factory=set)
    variants: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class Operation:
    """One recorded change: a merge, a split, or the undoing of an earlier one."""

    id: int
    op: str  # "merge" | "split" | "undo"
    who: str
    when: datetime
    reason: str
    entities: tuple[str, ...]  # merge: (kept, absorbed); split: (source, new); undo: ()
    mentions: tuple[str, ...]  # the mentions that moved
    undoes: int | None = None


def _now() -> datetime:
    return datetime.now(UTC)


class EntityBook:
    """Entities and the journal of operations on them. No I/O: the store persists both."""

    def __init__(self, entities: list[Entity] | None = None) -> None:
        self.entities: dict[str, Entity] = {e.id: e for e in entities or []}
        self.journal: list[Operation] = []
        self._ids = itertools.count(1)
        self._names: dict[str, str] = {}  # mention id -> spelling, for variants
        self._absorbed: dict[int, Entity] = {}  # merge id -> the entity it absorbed

    def add(self, entity: Entity, names: dict[str, str] | None = None) -> None:
        self.entities[entity.id] = entity
        self._names.update(names or {})

    def entity_of(self, mention: str) -> Entity | None:
        return next((e for e in self.entities.values() if mention in e.mentions), None)

    def merge(self, keep: str, absorb: str, who: str, reason: str = "") -> Operation:
        """Move every mention of `absorb` into `keep`; `absorb` disappears until undone."""
        if keep == absorb:
            raise ValueError("an entity cannot be merged with itself")
        source = self.entities.pop(absorb)
        target = self.entities[keep]
        target.mentions |= source.mentions
        target.variants |= source.variants
        return self._record(
            "merge", who, reason, (keep, absorb), tuple(sorted(source.mentions)), absorbed=source
        )

    def split(
        self, source: str, mentions: set[str], new_id: str, who: str, reason: str = ""
    ) -> Operation:
        """Move some mentions of `source` into a new entity `new_id`."""
        entity = self.entities[source]
        if not mentions or not mentions <= entity.mentions:
            raise ValueError("a split moves some, not all or foreign, mentions of one entity")
        if mentions == entity.mentions:
            raise ValueError("a split must leave the source entity some mentions")
        if new_id in self.entities:
            raise ValueError(f"entity {new_id} already exists")
        entity.mentions -= mentions
        moved = Entity(new_id, entity.kind, entity.name, set(mentions))
        self.entities[new_id] = moved
        self._refresh_variants(entity)
        self._refresh_variants(moved)
        return self._record("split", who, reason, (source, new_id), tuple(sorted(mentions)))

    def undo(self, op_id: int, who: str, reason: str = "") -> Operation:
        """Reverse a merge or a split, recording the reversal as an operation of its own."""
        op = next(o for o in self.journal if o.id == op_id)
        if op.op == "undo" or any(o.undoes == op_id for o in self.journal):
            raise ValueError(f"operation {op_id} cannot be undone (again)")
        first, second = op.entities
        moving = set(op.mentions)
        if op.op == "merge":  # re-create the absorbed entity with the mentions it brought
            kept = self.entities[first]
            if not moving <= kept.mentions:
                raise ValueError("mentions of that merge have moved since; split them instead")
            kept.mentions -= moving
            self.entities[second] = Entity(second, kept.kind, self._absorbed[op_id].name, moving)
            self._refresh_variants(kept)
            self._refresh_variants(self.entities[second])
        else:  # split: fold the new entity back
            back = self.entities.pop(second)
            self.entities[first].mentions |= back.mentions
            self._refresh_variants(self.entities[first])
        return self._record("undo", who, reason, (), tuple(sorted(moving)), undoes=op_id)

    def _record(
        self,
        op: str,
        who: str,
        reason: str,
        entities: tuple[str, ...],
        mentions: tuple[str, ...],
        absorbed: Entity | None = None,
        undoes: int | None = None,
    ) -> Operation:
        record = Operation(next(self._ids), op, who, _now(), reason, entities, mentions, undoes)
        self.journal.append(record)
        if absorbed is not None:
            self._absorbed[record.id] = absorbed
        return record

    def _refresh_variants(self, entity: Entity) -> None:
        names = {self._names[m] for m in entity.mentions if m in self._names}
        if names:
            entity.variants = names
