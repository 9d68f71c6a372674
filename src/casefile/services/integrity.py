"""`casefile verify`: is everything still what it was? The original bytes of every
document against the sha256 they are stored under (and a scan's page images against
theirs, which its record digest covers), the database engine's own checks,
the audit log's hash chain, and every record (document, fact, person, role,
organisation, user) against the digest the audit entry that last wrote it recorded, so
that a record edited outside casefile is named. One line per problem.

The chain proves the log was not changed after it was written, unless the whole chain
was recomputed, which whoever holds the file can do: only a head hash kept elsewhere
(`--head`, `--head-file`) rules that out, and the report says whether one was given.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from casefile.security.chain import ChainReport, state_hash
from casefile.services.audit import verify_audit
from casefile.services.errors import InvalidInput
from casefile.store.base import Store

MAX_RECORD_LINES = 100  # beyond, one line says how many more


@dataclass(frozen=True)
class IntegrityReport:
    documents: int
    audit: ChainReport
    problems: list[str] = field(default_factory=list)
    records: int = 0  # records checked against their recorded digest
    anchored: bool = False  # a head recorded elsewhere was checked

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_store(store: Store, expect_head: str | None = None) -> IntegrityReport:
    """`expect_head`: an audit hash recorded earlier (`casefile audit verify` prints the
    head); it must still be in the chain, which catches a log cut short at its end and a
    chain recomputed from the start."""
    problems = list(store.storage_problems())
    documents = 0
    for sha256, original in store.iter_originals():
        documents += 1
        actual = hashlib.sha256(original).hexdigest()
        if actual != sha256:
            problems.append(
                f"document {sha256[:12]}: its original bytes no longer match their sha256"
                f" (now {actual[:12]})"
            )
    for sha256, page, recorded, image in store.iter_page_images():
        if hashlib.sha256(image).hexdigest() != recorded:
            problems.append(f"document {sha256[:12]} page {page}: its page image no longer"
                            " matches its sha256")  # fmt: skip
    for intervention_id, recorded, data in store.iter_intervention_files():
        if hashlib.sha256(data).hexdigest() != recorded:
            problems.append(f"intervention {intervention_id}: its attached file no longer"
                            " matches its sha256")  # fmt: skip
    audit = verify_audit(store)
    records = 0
    if audit.problem:
        # A broken chain cannot vouch for the digests it holds: that is the problem.
        problems.append(audit.problem)
    else:
        records, found = record_problems(store)
        problems.extend(found)
    if expect_head is not None and audit.ok:
        problems[:0] = head_problems(store, expect_head)
    return IntegrityReport(documents, audit, problems, records, expect_head is not None)


def record_problems(store: Store) -> tuple[int, list[str]]:
    """Each record against the newest digest recorded for it: (records checked, one line
    per record that changed, appeared or vanished outside casefile)."""
    states = {entry.id: entry.state for entry in store.iter_audit()}
    batches: dict[int, list[tuple[str, str | None]]] = {}
    newest: dict[str, tuple[int, str | None]] = {}
    for entry_id, record, digest in store.iter_record_digests():
        batches.setdefault(entry_id, []).append((record, digest))
        newest[record] = (entry_id, digest)  # each record's rows come in entry order
    problems = []
    for entry_id in sorted(set(batches) | {i for i, state in states.items() if state}):
        if entry_id not in states:
            problems.append(f"record digests of audit entry {entry_id}, which is not in the"
                            " log (entries were removed)")
        elif states[entry_id] != state_hash(batches.get(entry_id, [])):
            problems.append(f"audit entry {entry_id}: the record digests it wrote were changed"
                            " or removed")
    if problems:
        return 0, problems  # the recorded state itself was tampered with
    current = store.current_record_digests()
    differing = [r for r in current.keys() | newest.keys()
                 if current.get(r) != newest.get(r, (None, None))[1]]
    for record in sorted(differing, key=_record_order):
        now = current.get(record)
        entry, recorded = newest.get(record, (None, None))
        name = record_name(record)
        if entry is None:
            problems.append(f"{name}: not in the audit log (added outside casefile)")
        elif now is None:
            problems.append(f"{name}: missing, though audit entry {entry} recorded it"
                            " (deleted outside casefile)")
        elif recorded is None:
            problems.append(f"{name}: present, though audit entry {entry} recorded its"
                            " deletion (put back outside casefile)")
        else:
            problems.append(f"{name}: changed outside casefile since audit entry {entry}")
    if len(problems) > MAX_RECORD_LINES:
        more = len(problems) - MAX_RECORD_LINES
        problems = [*problems[:MAX_RECORD_LINES],
                    f"... and {more} more records changed outside casefile"]
    return len(current), problems


def record_name(record: str) -> str:
    """"event:12" -> "event 12"; a document by the first 12 digits of its sha256."""
    kind, _, key = record.partition(":")
    return f"{kind} {key[:12] if kind == 'document' else key}"


def _record_order(record: str) -> tuple[str, int, str]:
    kind, _, key = record.partition(":")
    return (kind, int(key), "") if key.isdigit() else (kind, 0, key)


def head_problems(store: Store, expect_head: str) -> list[str]:
    wanted = expect_head.strip().lower()
    if any(entry.hash == wanted for entry in store.iter_audit()):
        return []
    return [f"audit log: the recorded head {wanted[:16]} is not in the chain (entries at the"
            " end were removed, or the log was replaced or recomputed)"]


# -- a head kept elsewhere ------------------------------------------------------------------


def read_head_file(path: Path) -> str | None:
    """The last head recorded in `path` (one "HEAD ENTRIES TIME" line per check), or None
    when the file does not exist yet."""
    if not path.exists():
        return None
    try:
        lines = [ln.split() for ln in path.read_text(encoding="utf-8").splitlines()]
    except (OSError, UnicodeDecodeError) as err:
        raise InvalidInput(f"--head-file {path}: cannot read it ({err})") from None
    heads = [words[0].lower() for words in lines if words]
    if not heads or len(heads[-1]) != 64 or any(c not in "0123456789abcdef" for c in heads[-1]):
        raise InvalidInput(f"--head-file {path}: its last line is not an audit head hash")
    return heads[-1]


def append_head_file(path: Path, audit: ChainReport) -> None:
    """Add the chain's head to `path`, so the next check can start from it."""
    at = datetime.now(UTC).isoformat(timespec="seconds")
    try:
        with path.open("a", encoding="utf-8") as out:
            out.write(f"{audit.head} {audit.entries} {at}\n")
    except OSError as err:
        raise InvalidInput(f"--head-file {path}: cannot write it ({err.strerror or err})"
                           ) from None
