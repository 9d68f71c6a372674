"""What a store must do for interventions (issue 12): what was done for a case — an
appeal, a letter, an urgent action, a submission — and what came back. The rules (who
may add, who may see, names masked) are in services/interventions.py."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from casefile.model import PartialDate

INTERVENTION_KINDS: tuple[str, ...] = ("appeal", "letter", "urgent_action", "submission")
# The columns an add or an edit may set (besides the file), as the table names them.
INTERVENTION_FIELDS: tuple[str, ...] = (
    "kind", "date", "sender", "addressee", "channel", "text", "response", "outcome",
    "access_level",
)  # fmt: skip


@dataclass(frozen=True)
class AttachedFile:
    """A file as received: its bytes are read apart (`intervention_file`)."""

    name: str
    media_type: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Intervention:
    id: int
    person_id: int  # the person it was recorded about (a merge may have joined them)
    kind: str  # one of INTERVENTION_KINDS
    date: PartialDate | None
    sender: str
    addressee: str
    channel: str  # post, e-mail, fax, online form, in person, ...
    text: str
    response: str
    outcome: str
    file: AttachedFile | None
    access_level: int | None  # raised above its case's readers; None: as its case
    version: int
    created_by: str
    created_at: str
    updated_by: str | None = None
    updated_at: str | None = None


@dataclass(frozen=True)
class NewFile:
    """A file to attach: its name, type and bytes."""

    name: str
    media_type: str
    data: bytes


class InterventionStore(Protocol):
    def add_intervention(
        self, person_id: int, values: Mapping[str, Any], file: NewFile | None, actor: str,
        at: str,
    ) -> int:
        """Store one, with its audit entry, in one transaction; its id. `values` holds
        INTERVENTION_FIELDS (the date as ISO text); StoreError for an unknown person."""
        ...

    def update_intervention(
        self, intervention_id: int, values: Mapping[str, Any], file: NewFile | None,
        actor: str, at: str, expected_version: int | None = None,
        remove_file: bool = False,
    ) -> Intervention:
        """Change the given fields (and the file, if one is given or `remove_file`);
        FactNotFound-like StoreError when missing, VersionConflict when changed since."""
        ...

    def delete_intervention(self, intervention_id: int, actor: str, at: str) -> Intervention:
        """Remove it, with the audit entry holding what it was (not the file's bytes)."""
        ...

    def get_intervention(self, intervention_id: int) -> Intervention | None: ...

    def case_interventions(self, case_id: int) -> list[Intervention]:
        """Those recorded about the person or anyone merged into them, newest date
        first (undated last)."""
        ...

    def intervention_file(self, intervention_id: int) -> bytes | None: ...

    def iter_intervention_files(self) -> Iterator[tuple[int, str, bytes]]:
        """(id, recorded sha256, bytes) of every attached file, for `verify`."""
        ...
