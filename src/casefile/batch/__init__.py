"""Batch extraction (issue 13, `casefile batch`): many documents from folders, JSON Lines
and Parquet files extracted in-process or on a Dask cluster, written to the store in
batches by the client or by the workers that extracted them.

- `inputs.py`: what the inputs hold, checked before any work (bad input is one line and
  nothing stored), then read lazily as `WorkItem`s keyed by the sha256 the store keys
  documents by;
- `work.py`: what a worker does with a partition of items (the pipeline loaded once per
  process);
- `engines.py`: where partitions are extracted: `local` (this process) or `dask`
  (`distributed.Client`, a LocalCluster of worker processes or a running scheduler);
- `write.py`: a partition's results saved in one transaction, by the client, or on a
  Dask worker (`StoreWriter`);
- `run.py`: the run: documents already stored skipped before any extraction, one
  transaction per batch, failures recorded instead of stopping, linking after each
  batch.
"""
