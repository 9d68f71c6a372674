"""What a store must do for calendar addresses (issue 12): a user's secret feed address,
kept as the sha256 of its token like an API token (migration 0022)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from casefile.store.base_security import User


@dataclass(frozen=True)
class CalendarToken:
    id: int
    created_at: str
    revoked_at: str | None


class CalendarStore(Protocol):
    def set_calendar_token(self, name: str, token_hash: str, actor: str, at: str) -> int:
        """The user's new address (the old one, if any, revoked in the same transaction,
        audited); its id."""
        ...

    def revoke_calendar_token(self, name: str, actor: str, at: str) -> CalendarToken | None:
        """Revoke the user's live address; None when they had none."""
        ...

    def calendar_token(self, name: str) -> CalendarToken | None:
        """The user's live address (without its secret), if any."""
        ...

    def user_by_calendar_token(self, token_hash: str) -> tuple[User, str] | None:
        """The user a live address belongs to, with when it was made."""
        ...
