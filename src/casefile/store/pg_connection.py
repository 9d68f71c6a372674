"""A psycopg 3 connection that the store's mixins can use as they use sqlite3's.

`execute(sql, params)` takes the mixins' SQL (SQLite's dialect, `?` or `:name`
parameters), rewrites it once per distinct statement (pg_sql.translate, cached) and
returns a cursor whose rows index by position and by column name, as sqlite3.Row does.
The connection is in autocommit mode, as the SQLite store's is: transactions are the
store's own `BEGIN` ... `COMMIT`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, ClassVar

import psycopg
from psycopg.adapt import Loader
from psycopg.pq import TransactionStatus

from casefile.store.pg_sql import bind, translate


class Row(tuple[Any, ...]):
    """A result row: by position, by column name (`row["id"]`), `keys()`."""

    __slots__ = ()
    _index: ClassVar[dict[str, int]] = {}
    _names: ClassVar[tuple[str, ...]] = ()

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


_ROW_CLASSES: dict[tuple[str, ...], type[Row]] = {}


def _row_class(names: tuple[str, ...]) -> type[Row]:
    found = _ROW_CLASSES.get(names)
    if found is None:
        index: dict[str, int] = {}
        for i, name in enumerate(names):
            index.setdefault(name, i)  # the first of two same-named columns, as sqlite3
        found = type("Row", (Row,), {"__slots__": (), "_index": index, "_names": names})
        _ROW_CLASSES[names] = found
    return found


def _row_factory(cursor: Any) -> Any:
    description = cursor.description
    if description is None:
        return tuple
    cls = _row_class(tuple(d.name for d in description))
    return cls


class _NumericLoader(Loader):
    """sum() and avg() are numeric in PostgreSQL; SQLite gives int or float, and the
    mixins (and json.dumps) expect those."""

    def load(self, data: Any) -> int | float:
        value = Decimal(bytes(data).decode())
        return int(value) if value == value.to_integral_value() else float(value)


class PgConnection:
    """The sqlite3.Connection surface the mixins use: execute, executemany,
    in_transaction, close."""

    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        self.raw = psycopg.connect(url, autocommit=True, row_factory=_row_factory)
        self.raw.adapters.register_loader("numeric", _NumericLoader)

    def execute(
        self, sql: str, params: Sequence[Any] | Mapping[str, Any] | None = None
    ) -> psycopg.Cursor[Any]:
        text, values = bind(translate(sql), params)
        cursor = self.raw.cursor()
        cursor.execute(text, values)
        return cursor

    def executemany(
        self, sql: str, seq: Iterable[Sequence[Any] | Mapping[str, Any]]
    ) -> psycopg.Cursor[Any]:
        translated = translate(sql)
        cursor = self.raw.cursor()
        if not (translated.lists or translated.nulls or translated.matches):
            # One statement text for every row: psycopg sends them in one pipeline.
            bound = [bind(translated, params) for params in seq]
            if bound:
                cursor.executemany(bound[0][0], [values for _, values in bound])
            return cursor
        for params in seq:
            text, values = bind(translated, params)
            cursor.execute(text, values)
        return cursor

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def close(self) -> None:
        self.raw.close()
