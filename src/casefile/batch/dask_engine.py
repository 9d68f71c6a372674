"""The Dask engine: partitions extracted by the workers of a `distributed` cluster.

Without `--scheduler` it starts a LocalCluster of N worker processes (one thread each:
spaCy's parser holds the GIL, so processes, not threads, use the cores); with one, it
connects to a scheduler started with Dask's own `dask scheduler` / `dask worker`
commands. Every worker loads the pipeline once (`LoadPipeline`). Either the client
writes the results (they travel back to it and are saved in batches, run.py), or, given
a `StoreWriter`, each worker writes its own partitions (write.py) and only counts travel
back: the client's writes then no longer bound the run, nor take a core from the
workers of a LocalCluster.

A worker that dies mid-partition (killed, out of memory) loses its tasks; the scheduler
runs them again on another worker (a LocalCluster's nanny also starts a new worker in
its place). A partition that kills `allowed-failures` workers in a row (Dask's
default: 3) fails, and its documents are recorded as failed, not retried forever."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from typing import Any

from distributed import Client, Future, LocalCluster, WorkerPlugin, as_completed

from casefile.batch.engines import Done
from casefile.batch.inputs import BatchInputError, WorkItem
from casefile.batch.work import Result, extract_items, pipeline_for
from casefile.batch.write import StoreWriter, Written, close_stores, save_by_worker
from casefile.extract.pipeline import PipelineConfig

CONNECT_TIMEOUT = "5s"  # a scheduler answers in milliseconds; a wrong address never


class LoadPipeline(WorkerPlugin):
    """Loads the pipeline into the worker's process when the worker starts."""

    name = "casefile-pipeline"

    def __init__(self, config: PipelineConfig) -> None:
        self.config = config

    def setup(self, worker: Any) -> None:
        pipeline_for(self.config)

    def teardown(self, worker: Any) -> None:
        close_stores()


class DaskEngine:
    name = "dask"

    def __init__(self, config: PipelineConfig, scheduler: str | None = None,
                 workers: int | None = None,
                 writer: StoreWriter | None = None) -> None:  # fmt: skip
        self.config = config
        self.writer = writer
        self.cluster: LocalCluster | None = None
        if scheduler is None:
            # No dashboard; the scheduler's HTTP server (health, metrics) still starts:
            # on a free loopback port, not 8787, which another cluster may hold.
            self.cluster = LocalCluster(
                n_workers=workers or max(1, (os.cpu_count() or 1)), threads_per_worker=1,
                processes=True, dashboard_address=None, silence_logs=logging.ERROR,
                scheduler_kwargs={"dashboard_address": "127.0.0.1:0"})  # fmt: skip
            self.client = Client(self.cluster)
        else:
            try:
                self.client = Client(scheduler, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError, ValueError) as err:
                raise BatchInputError(f"--scheduler {scheduler}: cannot connect"
                                      f" ({' '.join(str(err).split())[:160]})") from None
        self.client.register_plugin(LoadPipeline(config), name=LoadPipeline.name)

    def in_flight(self) -> int:
        """Partitions kept submitted: two per worker, so none waits for the client."""
        return 2 * max(1, len(self.client.scheduler_info(n_workers=-1)["workers"]))

    def run(self, partitions: Iterator[list[WorkItem]]) -> Iterator[Done]:
        pending: dict[Future, list[WorkItem]] = {}
        queue = as_completed()
        limit = self.in_flight()

        def submit() -> bool:
            partition = next(partitions, None)
            if partition is None:
                return False
            # pure=False: the same items submitted again (a later run) are new work.
            future: Future
            if self.writer is None:
                future = self.client.submit(extract_items, partition, self.config, pure=False)
            else:
                future = self.client.submit(save_by_worker, partition, self.config,
                                            self.writer, pure=False)  # fmt: skip
            pending[future] = partition
            queue.add(future)
            return True

        while len(pending) < limit and submit():
            pass
        for future in queue:
            partition = pending.pop(future)
            try:
                results: list[Result] | Written = future.result()
            except Exception as err:  # the partition killed its workers, or Dask failed
                why = f"extraction failed on the cluster: {type(err).__name__}: {err}"
                why = " ".join(why.split())[:500]
                results = [Result(i.sha256, i.source_name, error=why) for i in partition]
            future.release()
            yield partition, results
            while len(pending) < limit and submit():
                pass

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
