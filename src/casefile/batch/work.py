"""What a worker does: a partition of `WorkItem`s in, one `Result` per item out.

The pipeline (spaCy models, the Russian taggers, the event model) takes seconds to load
and hundreds of megabytes, so each process loads it once: `pipeline_for` keeps it in a
module-level cache, and on Dask the `LoadPipeline` worker plugin (dask_engine.py) fills
that cache when a worker starts (and again in the process a nanny starts in place of a
dead one), before any task arrives. A document that fails to read or extract is a
`Result` with its error (one line), never an exception that fails its whole partition."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from casefile.batch.inputs import WorkItem
from casefile.extract.pipeline import Pipeline, PipelineConfig
from casefile.ingest import Metadata, build_document, document_from_text
from casefile.model import Document, Extraction, PageImage
from casefile.sources import SourceError, SourceText, dateline, read_bytes

_PIPELINES: dict[str, Pipeline] = {}
WARM_UP = "Police detained the invented blogger Tamas Orlin on 3 May 2024."
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Result:
    sha256: str
    source_name: str
    extraction: Extraction | None = None
    pages: tuple[PageImage, ...] = ()
    error: str | None = None


def pipeline_for(config: PipelineConfig) -> Pipeline:
    """This process's pipeline for `config`, loaded the first time it is asked for."""
    key = repr(config)
    if key not in _PIPELINES:
        pipeline = Pipeline(config)
        # The models load on first use: one invented sentence loads the English ones
        # now, so that a worker is ready when it says it is (Russian loads with the
        # first Russian document; a run without any never pays for it).
        pipeline(document_from_text(WARM_UP, Metadata(language="en"), "<warm-up>"))
        _PIPELINES[key] = pipeline
    return _PIPELINES[key]


def extract_items(items: Sequence[WorkItem], config: PipelineConfig) -> list[Result]:
    """Extract a partition: its English documents parsed in one spaCy batch, as
    `Pipeline.pipe` does; if that fails, one by one, so only the bad one fails."""
    pipeline = pipeline_for(config)
    read: list[tuple[WorkItem, Document, tuple[PageImage, ...]]] = []
    results: dict[str, Result] = {}
    for item in items:
        try:
            source = _source(item)
            read.append((item, build_document(source, item.metadata), tuple(source.pages)))
        except SourceError as err:
            results[item.sha256] = Result(item.sha256, item.source_name, error=_line(err))
        except Exception as err:  # a reader's bug: this document fails, not the run
            results[item.sha256] = Result(item.sha256, item.source_name, error=_bug(err))
    extractions: list[Extraction | None]
    try:
        extractions = list(pipeline.pipe([document for _, document, _ in read]))
    except Exception:
        extractions = [None] * len(read)  # find which one
    for (item, document, pages), extraction in zip(read, extractions, strict=True):
        if extraction is None:
            try:
                extraction = pipeline(document)
            except Exception as err:
                results[item.sha256] = Result(item.sha256, item.source_name, error=_bug(err))
                continue
        results[item.sha256] = Result(item.sha256, item.source_name, extraction, pages)
    return [results[item.sha256] for item in items]


def _source(item: WorkItem) -> SourceText:
    if not item.text:
        return read_bytes(item.data, item.source_name, item.media_type)
    text = item.data.decode("utf-8")
    return SourceText(text=text, original=item.data, sha256=item.sha256,
                      source_name=item.source_name, media_type="text/plain", title=None,
                      published=None if item.metadata.published else dateline(text))  # fmt: skip


def _line(err: BaseException) -> str:
    return " ".join(str(err).split()) or type(err).__name__


def _bug(err: BaseException) -> str:
    log.exception("extraction failed")
    return f"extraction failed: {type(err).__name__}: {_line(err)}"[:500]
