"""The audit trail as people read it: the log of changes, and whether its hash chain
still holds. The store writes the entries (in the transaction of each change); the
chain's definition is `casefile.security.chain`."""

from __future__ import annotations

import json
import re

from casefile.security.chain import ChainReport, verify_chain
from casefile.services.errors import InvalidInput
from casefile.store.base import Store
from casefile.store.base_security import AuditEntry

# "event:12", "person:3", "document:<sha256 or a prefix of 6+>", "user:alice", ...
_RECORD = re.compile(r"^(event|statistic|person|document|user|merge|link_proposal|intervention)"
                     r":(\S+)$")


def verify_audit(store: Store) -> ChainReport:
    return verify_chain(store.iter_audit())


def audit_log(store: Store, record: str | None = None, limit: int = 100) -> list[AuditEntry]:
    """The latest entries, oldest first; only those touching `record` when given."""
    if record is not None:
        record = record.strip()
        match = _RECORD.match(record)
        if match is None:
            raise InvalidInput(
                "--record: KIND:ID with KIND one of event, statistic, person, document, user,"
                f" merge, link_proposal, intervention (e.g. event:12), not {record!r}"
            )
        if match.group(1) == "document" and not re.fullmatch(r"[0-9a-f]{6,64}", match.group(2)):
            raise InvalidInput("--record document:SHA256 takes at least 6 hex digits of it")
    if not 1 <= limit <= 100_000:
        raise InvalidInput("--limit: between 1 and 100000")
    return store.audit_entries(record, limit)


def render_entry(entry: AuditEntry) -> str:
    """One line: when, who, what, on what, and what changed."""
    subjects = " ".join(_short(s) for s in json.loads(entry.subjects))
    before, after = json.loads(entry.before), json.loads(entry.after)
    changes = []
    for key in dict.fromkeys([*before, *after]):
        if key in ("machine_facts", "document", "moved"):
            changes.append(_summary(key, before.get(key), after.get(key)))
        else:
            changes.append(f"{key}: {_value(before.get(key))} -> {_value(after.get(key))}"
                           if key in before else f"{key}={_value(after.get(key))}")
    line = f"#{entry.id} {entry.at} {entry.actor} {entry.action} {subjects}"
    return f"{line} | {'; '.join(changes)}" if changes else line


def _summary(key: str, before: object, after: object) -> str:
    if key == "machine_facts":
        def counts(facts: object) -> str:
            if not isinstance(facts, dict):
                return "-"
            return f"{len(facts.get('events', []))} events, {len(facts.get('statistics', []))}"\
                   " statistics"
        return f"machine facts: {counts(before)} -> {counts(after)}"
    if key == "document" and isinstance(after, dict):
        return f"document: {after.get('source_name') or '?'}, {after.get('bytes')} bytes"
    if key == "moved" and isinstance(after, dict):
        return "moved: " + ", ".join(f"{len(v)} {k}" for k, v in after.items())
    return key


def _value(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


def _short(subject: str) -> str:
    kind, _, ident = subject.partition(":")
    return f"{kind}:{ident[:12]}" if kind == "document" else subject
