"""Writing a partition's results to the store: by the client that runs the batch, or by
the worker that extracted them (`StoreWriter`), so that the extractions never travel
back to the client.

A partition is one transaction (`Store.save_batch`) whoever writes it. When workers
write, a partition whose worker died after its transaction committed and before the
client heard of it is run again by the scheduler; `save_by_worker` then finds its
documents stored and saves nothing, so each document is stored, and audited, once."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from casefile.batch.inputs import WorkItem
from casefile.batch.work import Result, extract_items
from casefile.extract.pipeline import PipelineConfig
from casefile.services.access import Viewer
from casefile.services.classification import classify_new
from casefile.store import Store, open_store
from casefile.store.base_batch import BatchFailure, BatchSave


@dataclass
class Written:
    """What writing one partition did, as the run's report counts it."""

    extracted: int = 0  # documents extracted and handed to the store
    stored: int = 0  # documents new to the store
    failed: list[BatchFailure] = field(default_factory=list)


@dataclass(frozen=True)
class StoreWriter:
    """Workers write their partitions to the store at `url` (a PostgreSQL URL, or the
    path of a SQLite file on the workers' own machine), as `actor`."""

    # Not in its repr: Dask logs a failed task's arguments, and the URL may hold a
    # password.
    url: str = field(repr=False)
    actor: str


def save_partition(store: Store, partition: list[WorkItem], results: list[Result],
                   actor: str) -> Written:  # fmt: skip
    """One transaction for the partition (its linking queued in it); then the access
    levels its rows asked for."""
    items = {item.sha256: item for item in partition}
    saves, failures = [], []
    for result in results:
        if result.extraction is None:
            failures.append(BatchFailure(result.sha256, result.source_name,
                                         result.error or "extraction failed"))  # fmt: skip
        else:
            saves.append(BatchSave(result.extraction, items[result.sha256].data,
                                   result.pages or None))  # fmt: skip
    written = Written(extracted=len(saves), failed=list(failures))
    answers = store.save_batch(saves, failures, actor, queue_links=True)
    viewer = Viewer(actor, "confidential")
    for answer in answers:
        if isinstance(answer, BatchFailure):
            written.failed.append(answer)
            continue
        written.stored += answer.document_new
        level = items[answer.document_sha256].access
        if level and answer.document_new:
            # Stored confidential, then lowered: never briefly too visible.
            classify_new(store, viewer, answer.document_sha256, level)
    return written


# This process's open stores, one per URL and thread: a SQLite connection belongs to the
# thread that opened it, and a Dask worker may run its tasks on more than one.
_STORES: dict[tuple[str, int], Store] = {}


def save_by_worker(items: list[WorkItem], config: PipelineConfig,
                   writer: StoreWriter) -> Written:  # fmt: skip
    """A Dask task: extract a partition and write it here, on the worker."""
    store = _store(writer.url)
    todo = [item for item in items if not store.has_document(item.sha256)]
    # The client sent only documents the store did not hold: any it holds now were
    # written by a worker that ran this partition and died before answering.
    done = len(items) - len(todo)
    written = save_partition(store, todo, extract_items(todo, config),
                             writer.actor) if todo else Written()  # fmt: skip
    written.extracted += done
    written.stored += done
    return written


def _store(url: str) -> Store:
    key = (url, threading.get_ident())
    if key not in _STORES:
        # Opened in a task's thread, closed in the one that tears the worker down.
        _STORES[key] = open_store(url, shared_across_threads=True)
    return _STORES[key]


def close_stores() -> None:
    """Close this process's stores (a worker shutting down)."""
    while _STORES:
        _, store = _STORES.popitem()
        store.close()
