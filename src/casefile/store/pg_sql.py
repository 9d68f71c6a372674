"""The SQL the store's mixins write (SQLite's dialect) rewritten for PostgreSQL, once per
distinct statement.

The mixins hold ~7,000 lines of plain SQL; rather than a second copy, the PostgreSQL
store passes each statement through `translate`, which knows the handful of SQLite
constructs they use: `?` and `:name` parameters, `INSERT OR IGNORE` / `OR REPLACE`,
`json_each(?)` over a JSON list of ids, scalar `max(a, b)`, `GLOB`, `COLLATE NOCASE`,
`total()`, `last_insert_rowid()`, subqueries in FROM without an alias, SQLite's NULL
ordering (NULL first ascending), and upserts' unqualified `SET n = n + 1`. What cannot
be rewritten by rule (FTS5, PRAGMA, rowid) is a method the backend supplies instead.

A `json_each(?)` list is passed to PostgreSQL as an array (`unnest`), typed by its
elements (ids bigint, others text), or by the column it is compared with when empty.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>--[^\n]*)
  | (?P<string>'(?:[^']|'')*')
  | (?P<quoted>"(?:[^"]|"")*")
  | (?P<cast>::)
  | (?P<named>:[A-Za-z_][A-Za-z0-9_]*)
  | (?P<qmark>\?)
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<word>[A-Za-z_][A-Za-z0-9_$]*)
  | (?P<op><>|!=|<=|>=|\|\||<<|>>|[-+*/%=<>(),.;&|~])
    """,
    re.VERBOSE,
)

# Tables whose `INSERT OR REPLACE` needs a conflict target (their primary key).
_PRIMARY_KEYS = {
    "case_summaries": ("clearance", "person_id"),
}

_KEYWORDS = frozenset((
    "select", "from", "where", "and", "or", "not", "null", "is", "in", "as", "on", "case",
    "when", "then", "else", "end", "excluded", "true", "false", "distinct", "exists",
    "between", "like", "ilike", "glob", "order", "by", "group", "having", "limit", "offset",
    "union", "all", "returning", "do", "update", "set", "insert", "into", "values", "default",
    "cast",
))


@dataclass(frozen=True)
class _List:
    """A `json_each(parameter)` in the statement: which parameter, and the type to give
    an empty list (from the column it is compared with)."""

    param: int | str
    empty_type: str


@dataclass(frozen=True)
class _Null:
    """`:name IS [NOT] NULL`: PostgreSQL cannot type a parameter from that alone, so it
    is typed by its value when bound (or the test decided, for None)."""

    param: int | str
    negated: bool
    named: bool


@dataclass(frozen=True)
class Translated:
    text: str  # with {list0}, {list1}, ... where a json_each list's type goes
    lists: tuple[_List, ...]
    named: bool
    matches: tuple[int | str, ...] = ()  # parameters holding an FTS5 expression
    nulls: tuple[_Null, ...] = ()


class Tok:
    __slots__ = ("kind", "text")

    def __init__(self, kind: str, text: str) -> None:
        self.kind = kind
        self.text = text

    @property
    def low(self) -> str:
        return self.text.lower() if self.kind == "word" else self.text

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"{self.kind}:{self.text}"


def tokens(sql: str) -> list[Tok]:
    out: list[Tok] = []
    pos = 0
    while pos < len(sql):
        match = _TOKEN.match(sql, pos)
        if match is None:
            out.append(Tok("other", sql[pos]))
            pos += 1
            continue
        kind = match.lastgroup or "other"
        if kind != "comment":
            out.append(Tok(kind, match.group()))
        pos = match.end()
    return out


def _next(toks: list[Tok], i: int) -> int:
    """Index of the next non-space token at or after i (len(toks) if none)."""
    while i < len(toks) and toks[i].kind == "ws":
        i += 1
    return i


def _prev(toks: list[Tok], i: int) -> int:
    """Index of the previous non-space token at or before i (-1 if none)."""
    while i >= 0 and toks[i].kind == "ws":
        i -= 1
    return i


def _close(toks: list[Tok], open_at: int) -> int:
    """Index of the parenthesis closing the one at open_at."""
    depth = 0
    for j in range(open_at, len(toks)):
        if toks[j].text == "(":
            depth += 1
        elif toks[j].text == ")":
            depth -= 1
            if depth == 0:
                return j
    raise ValueError("unbalanced parentheses")


def _top_commas(toks: list[Tok], open_at: int, close_at: int) -> list[int]:
    depth = 0
    found = []
    for j in range(open_at + 1, close_at):
        if toks[j].text == "(":
            depth += 1
        elif toks[j].text == ")":
            depth -= 1
        elif toks[j].text == "," and depth == 0:
            found.append(j)
    return found


@lru_cache(maxsize=4096)
def translate(sql: str) -> Translated:
    toks = tokens(sql)
    lists: list[_List] = []
    matches = _match(toks)
    nulls = _null_params(toks)
    _cross_join_on(toks)
    _indexed_by(toks)
    _unary_plus(toks)
    _truth_numbers(toks)
    _not_param(toks)
    _insert_or(toks)
    _functions(toks)
    _json_each(toks, lists)
    _glob_and_like(toks)
    _nocase(toks)
    _upsert_sets(toks)
    _subquery_aliases(toks)
    _null_order(toks)
    named = False
    position = 0
    parts: list[str] = []
    for tok in toks:
        if tok.kind == "qmark":
            parts.append("%s")
            position += 1
        elif tok.kind == "named":
            parts.append(f"%({tok.text[1:]})s")
            named = True
        elif tok.kind == "list":  # already in its final form
            parts.append(tok.text)
        else:
            parts.append(tok.text.replace("%", "%%").replace("{", "{{").replace("}", "}}"))
    text = "".join(parts)
    if text.strip().upper() == "BEGIN IMMEDIATE":
        text = "BEGIN"
    return Translated(text, tuple(lists), named, matches, nulls)


def _match(toks: list[Tok]) -> tuple[int | str, ...]:
    """`search_cases MATCH ?` -> `keys @@ to_tsquery('simple', ?)`; the
    parameter's FTS5 expression is made a tsquery when bound (fts_tsquery)."""
    found: list[int | str] = []
    position = 0
    i = -1
    while i + 1 < len(toks):
        i += 1
        tok = toks[i]
        if tok.kind == "qmark":
            position += 1
        if tok.low != "match":
            continue
        table = _prev(toks, i - 1)
        param = _next(toks, i + 1)
        found.append(position if toks[param].kind == "qmark" else toks[param].text[1:])
        # FTS5 names the table even where it is aliased; `keys` is only theirs
        toks[table].text = "keys"
        toks[i : param + 1] = [Tok("op", "@@"), Tok("ws", " "), Tok("word", "to_tsquery"),
                               Tok("op", "("), Tok("string", "'simple'"), Tok("op", ","),
                               Tok("ws", " "), toks[param], Tok("op", ")")]
    return tuple(found)


_FTS_TERM = re.compile(r'"((?:[^"]|"")*)"(\s*\*)?')


def fts_tsquery(expression: str) -> str:
    """link.search_terms.fts_match's FTS5 expression as a tsquery: quoted keys, `*`
    prefixes, AND / OR and parentheses; `{names} : (...)` (a column) as weight A, which
    the names have in search_cases' tsvector (migrations_pg)."""
    weight = ""
    column = re.match(r"^\{(\w+)\}\s*:\s*", expression)
    if column:
        weight = "A"
        expression = expression[column.end():]

    def term(match: re.Match[str]) -> str:
        key = match.group(1).replace('""', '"').replace("'", "''").replace("\\", "\\\\")
        suffix = ("*" if match.group(2) else "") + weight
        return f"'{key}'" + (f":{suffix}" if suffix else "")

    out = _FTS_TERM.sub(term, expression)
    return re.sub(r"\bAND\b", "&", re.sub(r"\bOR\b", "|", out))


def _null_params(toks: list[Tok]) -> tuple[_Null, ...]:
    found: list[_Null] = []
    position = -1
    i = 0
    while i < len(toks):
        tok = toks[i]
        if tok.kind == "qmark":
            position += 1
        if tok.kind in ("qmark", "named"):
            j = _next(toks, i + 1)
            if j < len(toks) and toks[j].low == "is":
                k = _next(toks, j + 1)
                negated = k < len(toks) and toks[k].low == "not"
                if negated:
                    k = _next(toks, k + 1)
                if k < len(toks) and toks[k].low == "null":
                    n = len(found)
                    if tok.kind == "qmark":
                        found.append(_Null(position, negated, False))
                        toks.insert(i + 1, Tok("list", f"::{{null{n}}}"))
                    else:
                        found.append(_Null(tok.text[1:], negated, True))
                        toks[i : k + 1] = [Tok("list", f"{{null{n}}}")]
        i += 1
    return tuple(found)


def _cross_join_on(toks: list[Tok]) -> None:
    """SQLite takes `CROSS JOIN t ON ...` (and keeps the join order); PostgreSQL wants
    a plain JOIN for an ON."""
    for i, tok in enumerate(toks):
        if tok.low == "cross" and toks[_next(toks, i + 1)].low == "join":
            depth = 0
            for j in range(_next(toks, i + 1) + 1, len(toks)):
                t = toks[j]
                if t.text == "(":
                    depth += 1
                elif t.text == ")":
                    if depth == 0:
                        break
                    depth -= 1
                elif depth == 0 and t.low in ("where", "join", "group", "order", "limit"):
                    break
                elif depth == 0 and t.low == "on":
                    tok.text = ""
                    break


def _indexed_by(toks: list[Tok]) -> None:
    """SQLite's `INDEXED BY name` (an index its planner must use) has no PostgreSQL
    spelling, whose planner chooses by its statistics: dropped."""
    for i, tok in enumerate(toks):
        if tok.low != "indexed":
            continue
        by = _next(toks, i + 1)
        name = _next(toks, by + 1)
        if by < len(toks) and toks[by].low == "by" and name < len(toks):
            for j in range(i, name + 1):
                toks[j].text = ""


def _unary_plus(toks: list[Tok]) -> None:
    """SQLite's `+column`, which keeps its planner off an index, is a no-op that
    PostgreSQL would group by as another expression than the column."""
    for i, tok in enumerate(toks):
        if tok.text != "+":
            continue
        before = _prev(toks, i - 1)
        after = _next(toks, i + 1)
        if (after < len(toks) and toks[after].kind == "word" and (before < 0
                or toks[before].text in ("(", ",")
                or toks[before].low in ("by", "where", "and", "or", "not", "select", "on"))):
            tok.text = ""


def _truth_numbers(toks: list[Tok]) -> None:
    """`WHERE x AND 1`: SQLite's truth is a number; PostgreSQL's a boolean."""
    for i, tok in enumerate(toks):
        if tok.kind != "number" or tok.text not in ("0", "1"):
            continue
        before = _prev(toks, i - 1)
        after = _next(toks, i + 1)
        if (before >= 0 and toks[before].low in ("where", "and", "or", "on", "having")
                and (after >= len(toks) or toks[after].text == ")" or toks[after].low in (
                    "and", "or", "order", "group", "limit", "union", "having"))):
            tok.text = "TRUE" if tok.text == "1" else "FALSE"


def _not_param(toks: list[Tok]) -> None:
    """`NOT :flag`: a Python bool is bound as 0 or 1 (the schema's flags are integers),
    which PostgreSQL's NOT does not take."""
    i = 0
    while i < len(toks):
        if toks[i].low == "not":
            n = _next(toks, i + 1)
            if n < len(toks) and toks[n].kind in ("qmark", "named"):
                toks[n : n + 1] = [Tok("op", "("), toks[n], Tok("op", "<>"), Tok("number", "0"),
                                   Tok("op", ")")]
        i += 1


def _insert_or(toks: list[Tok]) -> None:
    """INSERT OR IGNORE -> ON CONFLICT DO NOTHING; INSERT OR REPLACE -> an upsert."""
    i = _next(toks, 0)
    if i >= len(toks) or toks[i].low != "insert":
        return
    j = _next(toks, i + 1)
    if j >= len(toks) or toks[j].low != "or":
        return
    k = _next(toks, j + 1)
    what = toks[k].low
    del toks[j : k + 1]
    if what == "ignore":
        toks.append(Tok("ws", " "))
        toks.append(Tok("word", "ON CONFLICT DO NOTHING"))
        return
    # INSERT INTO table (columns) ...
    t = _next(toks, _next(toks, i + 1) + 1)
    table = toks[t].text
    open_at = _next(toks, t + 1)
    close_at = _close(toks, open_at)
    columns = [tok.text for tok in toks[open_at + 1 : close_at] if tok.kind == "word"]
    key = _PRIMARY_KEYS[table]
    sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns if c not in key)
    toks.append(Tok("word", f" ON CONFLICT ({', '.join(key)}) DO UPDATE SET {sets}"))


def _functions(toks: list[Tok]) -> None:
    """Scalar max/min of several values, total(), last_insert_rowid(), CAST AS REAL."""
    for i, tok in enumerate(toks):
        if tok.kind != "word":
            continue
        low = tok.low
        if low in ("max", "min"):
            o = _next(toks, i + 1)
            if (o < len(toks) and toks[o].text == "("
                    and _top_commas(toks, o, _close(toks, o))):  # fmt: skip
                tok.text = "greatest" if low == "max" else "least"
        elif low == "total":
            o = _next(toks, i + 1)
            if o < len(toks) and toks[o].text == "(":
                c = _close(toks, o)
                tok.text = "coalesce(sum"
                toks[c].text = ")::float8, 0.0)"
        elif low == "date" and toks[_next(toks, i + 1)].text == "(":
            _date_function(toks, i)
        elif low == "char" and toks[_next(toks, i + 1)].text == "(":
            tok.text = "chr"
        elif low == "last_insert_rowid":
            tok.text = "lastval"
        elif low == "real" and _prev(toks, i - 1) >= 0 and toks[_prev(toks, i - 1)].low == "as":
            tok.text = "double precision"


def _date_function(toks: list[Tok], at: int) -> None:
    """SQLite's `date(day, '+1 month', '-1 day')` (modifiers of a signed number and a
    unit) as date arithmetic giving the same ISO text."""
    o = _next(toks, at + 1)
    c = _close(toks, o)
    commas = _top_commas(toks, o, c)
    if not commas:
        return
    modifiers = [t for t in toks[commas[0] : c] if t.kind == "string"]
    toks[at].text = "to_char"
    toks[commas[0] : c] = [Tok("word", "".join(f" + interval {m.text}" for m in modifiers)
                               + ", 'YYYY-MM-DD'")]  # fmt: skip
    toks.insert(o + 1, Tok("word", "CAST("))
    # the first argument runs up to the (replaced) modifiers
    j = o + 2
    depth = 0
    while j < len(toks):
        if toks[j].text == "(":
            depth += 1
        elif toks[j].text == ")":
            depth -= 1
        elif depth == 0 and toks[j].text.startswith(" + interval"):
            break
        j += 1
    toks.insert(j, Tok("word", " AS date)"))


def _json_each(toks: list[Tok], lists: list[_List]) -> None:
    position = 0
    i = 0
    while i < len(toks):
        tok = toks[i]
        if tok.kind == "qmark":
            position += 1
        if tok.kind == "word" and tok.low == "json_each":
            o = _next(toks, i + 1)
            c = _close(toks, o)
            inner = [t for t in toks[o + 1 : c] if t.kind != "ws"]
            alias_at = _next(toks, c + 1)
            has_alias = (alias_at < len(toks) and toks[alias_at].kind == "word"
                         and toks[alias_at].low not in _KEYWORDS)  # fmt: skip
            if has_alias and toks[alias_at].low == "as":
                alias_at = _next(toks, alias_at + 1)
            alias = toks[alias_at].text if has_alias else "json_each"
            end = alias_at + 1 if has_alias else c + 1
            if len(inner) == 1 and inner[0].kind in ("qmark", "named"):
                param: int | str = position if inner[0].kind == "qmark" else inner[0].text[1:]
                if inner[0].kind == "qmark":
                    position += 1
                placeholder = "%s" if inner[0].kind == "qmark" else f"%({param})s"
                n = len(lists)
                lists.append(_List(param, _empty_type(toks, i)))
                text = f"unnest({placeholder}::{{list{n}}}[]) AS {alias}(value)"
            else:
                expression = "".join(t.text for t in toks[o + 1 : c])
                text = f"json_array_elements_text(({expression})::json) AS {alias}(value)"
            toks[i:end] = [Tok("list", text)]
        i += 1


def _empty_type(toks: list[Tok], at: int) -> str:
    """The type of an empty list: that of the column compared with `X IN (SELECT value
    FROM json_each(?))`, guessed from its name (ids are bigint)."""
    j = _prev(toks, at - 1)
    # walk back over "(SELECT value FROM"
    depth = 0
    while j >= 0:
        if toks[j].text == ")":
            depth += 1
        elif toks[j].text == "(":
            if depth == 0:
                break
            depth -= 1
        j -= 1
    j = _prev(toks, j - 1)
    if j >= 0 and toks[j].low == "in":
        j = _prev(toks, j - 1)
        if j >= 0 and toks[j].low == "not":
            j = _prev(toks, j - 1)
        name = toks[j].low if j >= 0 else ""
        if name == "id" or name.endswith("_id") or name in ("person_a", "person_b"):
            return "bigint"
        return "text"
    return "bigint"


def _glob_and_like(toks: list[Tok]) -> None:
    for i, tok in enumerate(toks):
        if tok.kind != "word":
            continue
        if tok.low == "glob":
            p = _next(toks, i + 1)
            pattern = toks[p].text[1:-1]
            regex = "^" + re.sub(r"\*", ".*", pattern).replace("?", ".") + "$"
            tok.text = "~"
            toks[p] = Tok("string", f"'{regex}'")
        elif tok.low == "like":
            # SQLite's LIKE ignores ASCII case; and it has no escape character.
            tok.text = "ILIKE"


def _nocase(toks: list[Tok]) -> None:
    """`p.name COLLATE NOCASE` -> `lower(p.name)`."""
    i = 0
    while i < len(toks):
        if toks[i].low == "collate":
            n = _next(toks, i + 1)
            if toks[n].low == "nocase":
                start = _prev(toks, i - 1)
                while start >= 2 and toks[start - 1].text == ".":
                    start -= 2
                end = _prev(toks, i - 1)
                expression = "".join(t.text for t in toks[start : end + 1])
                toks[start : n + 1] = [Tok("list", f"lower({expression})")]
                i = start
        i += 1


def _upsert_sets(toks: list[Tok]) -> None:
    """`ON CONFLICT ... DO UPDATE SET n = n + 1 WHERE n < 9`: PostgreSQL wants `table.n`
    on the right of SET and in the WHERE (where `excluded.n` is also in scope)."""
    words = [t.low for t in toks]
    if "conflict" not in words or "insert" not in words:
        return
    into = words.index("into")
    table = toks[_next(toks, into + 1)].text
    i = 0
    while i < len(toks):
        if toks[i].low == "set" and toks[_prev(toks, i - 1)].low == "update":
            j = i + 1
            lhs = True
            in_where = False
            depth = 0
            while j < len(toks) and not (toks[j].low == "returning" and depth == 0):
                t = toks[j]
                if t.text == "(":
                    depth += 1
                elif t.text == ")":
                    depth -= 1
                elif t.low == "where" and depth == 0:
                    in_where = True
                elif t.text == "," and depth == 0 and not in_where:
                    lhs = True
                elif t.text == "=" and lhs and not in_where:
                    lhs = False
                elif t.kind == "word" and (in_where or not lhs) and t.low not in _KEYWORDS:
                    before = _prev(toks, j - 1)
                    after = _next(toks, j + 1)
                    if (toks[before].text != "." and (after >= len(toks)
                            or toks[after].text not in (".", "("))):  # fmt: skip
                        t.text = f"{table}.{t.text}"
                j += 1
            i = j
        i += 1


def _subquery_aliases(toks: list[Tok]) -> None:
    """PostgreSQL 15 wants an alias on every subquery in FROM."""
    n = 0
    i = 0
    while i < len(toks):
        if toks[i].text == "(" and toks[_prev(toks, i - 1)].low in ("from", "join"):
            c = _close(toks, i)
            after = _next(toks, c + 1)
            if after >= len(toks) or toks[after].kind != "word" or toks[after].low in (
                "where", "order", "group", "limit", "union", "join", "left", "on", "having",
                "inner", "cross", "offset",
            ):
                n += 1
                toks.insert(c + 1, Tok("word", f" AS _sub{n}"))
        i += 1


def _null_order(toks: list[Tok]) -> None:
    """SQLite sorts NULL first ascending and last descending; so does this, then."""
    i = 0
    while i < len(toks):
        if toks[i].low == "order" and toks[_next(toks, i + 1)].low == "by":
            j = _next(toks, i + 1) + 1
            depth = 0
            while j <= len(toks):
                t = toks[j] if j < len(toks) else None
                end_of_term = t is None or (depth == 0 and (
                    t.text in (",", ";") or t.low in ("limit", "offset", "union", "nulls", "for")))
                if t is not None and t.text == ")" and depth == 0:
                    end_of_term = True
                if end_of_term:
                    last = _prev(toks, j - 1)
                    if t is None or t.low != "nulls":
                        nulls = " NULLS LAST" if toks[last].low == "desc" else " NULLS FIRST"
                        toks.insert(last + 1, Tok("word", nulls))
                        j += 1
                    if t is None or t.text != ",":
                        break
                elif t is not None and t.text == "(":
                    depth += 1
                elif t is not None and t.text == ")":
                    depth -= 1
                j += 1
            i = j
        i += 1


def bind(
    translated: Translated, params: Sequence[Any] | Mapping[str, Any] | None
) -> tuple[str, Sequence[Any] | Mapping[str, Any]]:
    """The statement with its lists typed, and the parameters as psycopg takes them:
    booleans as integers (the schema keeps SQLite's 0/1), JSON lists as Python lists."""
    types: dict[str, str] = {}
    # One mutable mapping for both kinds (position or name -> value), turned back into
    # what psycopg takes at the end.
    values: dict[Any, Any]
    if params is None:
        values = {}
    elif isinstance(params, Mapping):
        values = {k: _value(v) for k, v in params.items()}
    else:
        values = {i: _value(v) for i, v in enumerate(params)}
    for key in translated.matches:
        values[key] = fts_tsquery(values[key])
    for n, null in enumerate(translated.nulls):
        value = values.get(null.param)
        if not null.named:
            types[f"null{n}"] = _pg_type(value)
        elif value is None:
            types[f"null{n}"] = "FALSE" if null.negated else "TRUE"
        else:
            test = "IS NOT NULL" if null.negated else "IS NULL"
            types[f"null{n}"] = f"%({null.param})s::{_pg_type(value)} {test}"
    for n, item in enumerate(translated.lists):
        raw = values[item.param]
        items = json.loads(raw) if isinstance(raw, str) else list(raw)
        values[item.param] = items
        if items and all(isinstance(x, int) for x in items):
            types[f"list{n}"] = "bigint"
        elif items:
            items[:] = [x if isinstance(x, str) else json.dumps(x) for x in items]
            types[f"list{n}"] = "text"
        else:
            types[f"list{n}"] = item.empty_type
    out: Sequence[Any] | Mapping[str, Any] = (
        values if translated.named or isinstance(params, Mapping)
        else [values[i] for i in range(len(values))])  # fmt: skip
    return translated.text.format(**types), out


def _pg_type(value: Any) -> str:
    if isinstance(value, int):
        return "bigint"
    if isinstance(value, float):
        return "double precision"
    if isinstance(value, bytes):
        return "bytea"
    return "text"


def _value(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, memoryview):
        return bytes(value)
    return value
