"""Where partitions are extracted. An engine takes an iterator of partitions (lists of
`WorkItem`s) and yields each partition with its results as they are done, in any
order, keeping only a few partitions in flight so that a run over millions of
documents holds little in memory. `local` extracts in this process; `dask` on a Dask
cluster (dask_engine.py, imported only when asked for)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from casefile.batch.inputs import WorkItem
from casefile.batch.work import Result, extract_items, pipeline_for
from casefile.batch.write import StoreWriter, Written
from casefile.extract.pipeline import PipelineConfig

# A partition with its results for the client to write, or what its worker wrote.
Done = tuple[list[WorkItem], list[Result] | Written]


class Engine(Protocol):
    name: str

    def run(self, partitions: Iterator[list[WorkItem]]) -> Iterator[Done]: ...

    def close(self) -> None: ...


class LocalEngine:
    name = "local"

    def __init__(self, config: PipelineConfig) -> None:
        self.config = config
        pipeline_for(config)  # loaded before the first partition, as a worker does

    def run(self, partitions: Iterator[list[WorkItem]]) -> Iterator[Done]:
        for partition in partitions:
            yield partition, extract_items(partition, self.config)

    def close(self) -> None:
        pass


def make_engine(name: str, config: PipelineConfig, scheduler: str | None = None,
                workers: int | None = None,
                writer: StoreWriter | None = None) -> Engine:  # fmt: skip
    """BatchInputError (from the Dask engine) when the scheduler cannot be reached.
    `writer`: the Dask workers write their partitions themselves."""
    if name == "local":
        return LocalEngine(config)
    from casefile.batch.dask_engine import DaskEngine

    return DaskEngine(config, scheduler, workers, writer)
