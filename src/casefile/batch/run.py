"""A batch run: inputs read lazily, documents already stored skipped before anything
is extracted, partitions extracted by an engine, and each partition's results written
in one transaction (`Store.save_batch`), by this process or by the Dask worker that
extracted it (write.py), then linked by this process.

Linking is owed by each batch and recorded with it (`link_queue`, in the batch's
transaction), then done every `link_every` batches, or once at the end of the run (0):
the queued batches are linked in the order they were stored, each against the cases
stored up to it (`services.linking.link_passes`), so the persons linked are those that
linking after each batch would have linked. A run that stops before it links leaves its
batches queued, and the next run links them.

The store is the run's state: a document is stored with all its facts or not at all,
so a run stopped anywhere (a crash, Ctrl-C, a power cut) is resumed by running it
again, which skips what was stored and extracts the rest. A document that cannot be
read, extracted or stored is recorded in `batch_failures` with its error and the run
goes on; a later run tries it again."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from casefile.batch.engines import Engine
from casefile.batch.inputs import Input, WorkItem, iter_items
from casefile.batch.write import Written, save_partition
from casefile.link.config import DEFAULT as DEFAULT_LINKING
from casefile.link.config import LinkConfig
from casefile.services.folder_ingest import Skipped
from casefile.services.linking import Pass, link_passes
from casefile.store import Store
from casefile.store.base_batch import BatchFailure

DEFAULT_BATCH_SIZE = 32
# Link once the run is done: linking after each batch scores each batch's persons
# against every case again, on the client, while the workers wait for it.
DEFAULT_LINK_EVERY = 0


@dataclass
class Report:
    """The account of a run."""

    total: int = 0  # documents the inputs hold
    stored: int = 0
    known: int = 0  # already stored: skipped without extracting
    duplicates: int = 0  # the same document twice in this run's inputs
    failed: list[BatchFailure] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    linked: int = 0
    proposed: int = 0
    extracted: int = 0
    seconds: float = 0.0

    def lines(self) -> list[str]:
        rate = self.extracted / self.seconds if self.seconds else 0.0
        head = (f"summary: {self.stored} stored, {self.known} already stored (skipped),"
                f" {self.duplicates} duplicates, {len(self.skipped)} skipped,"
                f" {len(self.failed)} failed; {self.linked} linked to existing cases,"
                f" {self.proposed} links proposed; {self.extracted} extracted in"
                f" {self.seconds:.1f} s ({rate:.2f} documents/s)")  # fmt: skip
        lines = [head]
        lines += [f"  skipped {s.name} ({s.reason})" for s in self.skipped[:20]]
        lines += [f"  failed {f.source_name} {f.sha256[:12]}: {f.error}" for f in self.failed[:20]]
        if len(self.failed) > 20:
            lines.append(f"  and {len(self.failed) - 20} more failures (casefile batch"
                         " --failures lists them)")  # fmt: skip
        return lines


Progress = Callable[[int, str], None]  # (documents done, last name)


def run_batch(
    inputs: list[Input], store: Store, engine: Engine, actor: str,
    batch_size: int = DEFAULT_BATCH_SIZE, progress: Progress | None = None,
    after_batch: Callable[[Report], None] | None = None,
    link_every: int = DEFAULT_LINK_EVERY, linking: LinkConfig = DEFAULT_LINKING,
) -> Report:  # fmt: skip
    """Extract and store every document of `inputs` not stored yet; link every
    `link_every` batches (0: once, at the end), with the thresholds of `linking`."""
    report = Report(total=sum(i.count for i in inputs))
    advance = progress or (lambda n, name: None)
    started = time.monotonic()
    batches = 0
    try:
        for partition, results in engine.run(_partitions(inputs, store, batch_size, report,
                                                         advance)):  # fmt: skip
            written = (results if isinstance(results, Written)
                       else save_partition(store, partition, results, actor))  # fmt: skip
            report.extracted += written.extracted
            report.stored += written.stored
            report.failed.extend(written.failed)
            batches += 1
            if link_every and batches % link_every == 0:
                link_queued(store, report, linking)
            report.seconds = time.monotonic() - started
            advance(len(partition), partition[-1].source_name)
            if after_batch is not None:
                after_batch(report)
        # Also what an earlier run stopped before linking.
        link_queued(store, report, linking)
    finally:
        report.seconds = time.monotonic() - started
    return report


def link_queued(store: Store, report: Report, linking: LinkConfig = DEFAULT_LINKING) -> None:
    """Link the queued batches, oldest first, each as right after it was stored; each
    batch leaves the queue once linked, so a run stopped meanwhile redoes one at most."""
    queued = store.link_queue()
    if not queued:
        return
    passes = [Pass(q.person_ids, q.person_horizon, q.event_horizon) for q in queued]
    linked = link_passes(store, passes, linking,
                         after_pass=lambda n: store.drop_queued_links(queued[n].id))  # fmt: skip
    report.linked += len(linked.merged)
    report.proposed += linked.proposed


def _partitions(inputs: list[Input], store: Store, size: int, report: Report,
                advance: Progress) -> Iterator[list[WorkItem]]:  # fmt: skip
    """Lists of at most `size` documents not stored yet (nor already in this run)."""
    seen: set[str] = set()
    partition: list[WorkItem] = []
    for item in iter_items(inputs):
        if isinstance(item, Skipped):
            report.skipped.append(item)
            advance(1, item.name)
            continue
        if item.sha256 in seen:
            report.duplicates += 1
            advance(1, item.source_name)
            continue
        seen.add(item.sha256)
        if store.has_document(item.sha256):
            report.known += 1
            advance(1, item.source_name)
            continue
        partition.append(item)
        if len(partition) >= size:
            yield partition
            partition = []
    if partition:
        yield partition
