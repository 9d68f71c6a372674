"""`casefile verify`: is everything still what it was? The original bytes of every
document against the sha256 they are stored under, the database engine's own checks,
and the audit log's hash chain. One line per problem."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from casefile.security.chain import ChainReport
from casefile.services.audit import verify_audit
from casefile.store.base import Store


@dataclass(frozen=True)
class IntegrityReport:
    documents: int
    audit: ChainReport
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_store(store: Store, expect_head: str | None = None) -> IntegrityReport:
    """`expect_head`: an audit hash recorded earlier (`casefile audit verify` prints the
    head); it must still be in the chain, which catches a log cut short at its end."""
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
    audit = verify_audit(store)
    if audit.problem:
        problems.append(audit.problem)
    if expect_head is not None and audit.ok:
        problems.extend(head_problems(store, expect_head))
    return IntegrityReport(documents, audit, problems)


def head_problems(store: Store, expect_head: str) -> list[str]:
    wanted = expect_head.strip().lower()
    if any(entry.hash == wanted for entry in store.iter_audit()):
        return []
    return [f"audit log: the recorded head {wanted[:16]} is not in the chain (entries at the"
            " end were removed or the log was replaced)"]
