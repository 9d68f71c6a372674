"""Pagination shared by every list: page numbers from 1, bounded page sizes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from casefile.i18n import Msg
from casefile.services.errors import InvalidInput

T = TypeVar("T")

MAX_PAGE_SIZE = 200
# Past this a page number is a mistake or a crawler; SQLite OFFSET would only get slower.
MAX_PAGE_NUMBER = 100_000


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    number: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def bounds(number: int, size: int) -> tuple[int, int]:
    """(limit, offset) of a page; raises InvalidInput for numbers out of range."""
    if not 1 <= number <= MAX_PAGE_NUMBER:
        raise InvalidInput(Msg(
            "page must be between 1 and %(MAX_PAGE_NUMBER)s, not %(number)s",
            MAX_PAGE_NUMBER=MAX_PAGE_NUMBER, number=number,
        ))
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise InvalidInput(Msg(
            "page size must be between 1 and %(MAX_PAGE_SIZE)s, not %(size)s",
            MAX_PAGE_SIZE=MAX_PAGE_SIZE, size=size,
        ))
    return size, (number - 1) * size
