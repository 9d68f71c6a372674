"""The audit log's hash chain: how an entry's hash is computed and how a sequence of
entries is checked. Pure: the store writes with `entry_hash`, verification reads with
`verify_chain`, and both agree because this is the only definition."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64  # prev_hash of the first entry


@dataclass(frozen=True)
class ChainEntry:
    """An audit entry as stored; `before`/`after` are the stored JSON texts."""

    id: int
    at: str
    actor: str
    action: str
    subjects: str  # JSON list
    before: str
    after: str
    prev_hash: str
    hash: str
    # The hash of the record digests this entry wrote (`state_hash`), or None when it
    # wrote none; entries from before record digests have none.
    state: str | None = None


def canonical_json(value: Any) -> str:
    """One spelling per value (sorted keys, no spaces, UTF-8 kept), so a hash over it
    does not depend on how a dict happened to be built."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str)


def entry_hash(
    entry_id: int, at: str, actor: str, action: str, subjects: str, before: str, after: str,
    prev_hash: str, state: str | None = None,
) -> str:
    """The hash of an entry: its content (the id included, so renumbering shows) and the
    previous hash. The JSON fields are hashed as stored text, byte for byte. `state`, the
    hash of the record digests the entry wrote, is part of the content when there is one
    (so entries written before record digests keep their hashes)."""
    fields: list[object] = [entry_id, at, actor, action, subjects, before, after, prev_hash]
    if state is not None:
        fields.append(state)
    content = canonical_json(fields)
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def state_hash(digests: Iterable[tuple[str, str | None]]) -> str:
    """The hash of one entry's record digests: (record, digest) pairs, a digest of None
    meaning the record was deleted. Order does not matter; the entry's hash covers this
    one, so every digest is as tamper-evident as the entry itself."""
    pairs = sorted([record, digest] for record, digest in digests)
    return hashlib.sha256(canonical_json(pairs).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    entries: int
    head: str  # the last entry's hash (GENESIS when empty): record it elsewhere to pin it
    broken_at: int | None = None  # id of the first entry that does not verify
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def verify_chain(entries: Iterable[ChainEntry]) -> ChainReport:
    """Walk the entries in id order; stop at the first that does not verify."""
    previous_hash, previous_id, count = GENESIS, 0, 0
    for entry in entries:
        count += 1
        if entry.id != previous_id + 1:
            return ChainReport(
                count, previous_hash, entry.id,
                f"audit entry {entry.id}: expected entry {previous_id + 1} before it"
                " (entries were removed)",
            )
        if entry.prev_hash != previous_hash:
            return ChainReport(
                count, previous_hash, entry.id,
                f"audit entry {entry.id}: does not follow entry {previous_id} (the chain was"
                " broken before it: an entry removed, reordered or rewritten)",
            )
        expected = entry_hash(entry.id, entry.at, entry.actor, entry.action, entry.subjects,
                              entry.before, entry.after, entry.prev_hash, entry.state)
        if entry.hash != expected:
            return ChainReport(
                count, previous_hash, entry.id,
                f"audit entry {entry.id}: its content does not match its hash (changed after"
                " it was written)",
            )
        previous_hash, previous_id = entry.hash, entry.id
    return ChainReport(count, previous_hash)
