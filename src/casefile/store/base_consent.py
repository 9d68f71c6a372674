"""What a store must do for publication consent (migration 0020): a person's latest
decision on being named in what is published, and the names of everyone without one
(see `services/consent.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

GIVERS: tuple[str, ...] = ("person", "family", "lawyer")  # who gave or refused it


@dataclass(frozen=True)
class Consent:
    """A person's recorded decision: `given` (named) or refused, by whom (the person,
    their family, their lawyer), a note, and who recorded it when."""

    person_id: int
    given: bool
    given_by: str
    note: str
    recorded_by: str
    recorded_at: str


class ConsentStore(Protocol):
    def set_consent(
        self, person_id: int, given: bool, given_by: str, note: str, actor: str, at: str
    ) -> Consent:
        """Record the person's decision (replacing the one before), audited in one
        transaction; StoreError for an unknown person."""
        ...

    def get_consents(self, person_ids: list[int]) -> dict[int, Consent]:
        """The recorded decisions of these persons (a merged person's is its case's)."""
        ...

    def names_without_consent(self) -> dict[int, list[str]]:
        """Every case (merged persons under the case they joined) without a consent
        given, with its names as the records spell them: names, aliases, and the
        participant names of its events, as `protected_names`."""
        ...
