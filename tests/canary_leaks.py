"""Leaks the canary suite found in the code it was written against (issue 9): each case
id with the finding it shows. test_canaries.py marks these cases as strict xfails; when a
fix makes one pass, pytest reports it (XPASS(strict)) and its line here goes."""

from __future__ import annotations

# Empty since the fixes of issue 9 landed; a leak found later that cannot be fixed at
# once goes here as (the finding, [case ids]) rather than being skipped.
_GROUPS: list[tuple[str, list[str]]] = []

KNOWN_LEAKS: dict[str, str] = {case: reason for reason, cases in _GROUPS for case in cases}
assert len(KNOWN_LEAKS) == sum(len(cases) for _, cases in _GROUPS), "a case listed twice"
