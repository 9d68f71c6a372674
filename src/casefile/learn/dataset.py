"""Training rows from gold documents: the candidates of each document, labelled.

A candidate (type, person) is positive when the gold has an event of that type whose
participant the scorer would match with the person's name (`evaluation.scoring`).
Rows keep, besides features and label, the events each candidate stands for and the
document's organisation events, so that out-of-fold figures are computed by the same
scorer as `casefile eval`.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casefile.evaluation.gold import GoldDocument
from casefile.evaluation.scoring import (
    ORGANISATION_TYPES,
    _gold_entities,
    _name_score,
    name_tokens,
)
from casefile.exchange.records import event_dict
from casefile.extract.doc import AnnotatedDoc
from casefile.extract.pipeline import Pipeline, PipelineConfig
from casefile.learn.candidates import Candidate, candidates, passthrough
from casefile.learn.date_choice import DateContext, date_options
from casefile.learn.event_dates import date_new_events
from casefile.learn.victims import person_features
from casefile.model import Document, PartialDate

MODEL_COMPONENT = "model_events"
# Bump when candidates or features change, so that cached rows are rebuilt.
FEATURES_VERSION = "10.13"


@dataclass
class Row:
    type: str
    participant: str
    features: dict[str, float]
    label: int
    events: list[dict[str, Any]]  # what the candidate outputs when accepted
    from_rules: bool
    # for each event, the dates it could take (ISO) with their features (`date_choice`)
    date_options: list[list[tuple[str, dict[str, float]]]] = field(default_factory=list)


@dataclass
class DocRows:
    name: str
    language: str
    rows: list[Row] = field(default_factory=list)
    fixed_events: list[dict[str, Any]] = field(default_factory=list)  # organisations'
    # the victim model's rows: features of every person by name, and which are victims
    persons: dict[str, dict[str, float]] = field(default_factory=dict)
    victims: set[str] = field(default_factory=set)
    ner_persons: list[str] = field(default_factory=list)  # the parser's own person names


def rules_pipeline() -> Pipeline:
    """The default pipeline without the model: what proposes the candidates."""
    base = PipelineConfig()
    return Pipeline(PipelineConfig(
        model=base.model,
        components=tuple(c for c in base.components if c != MODEL_COMPONENT),
        ru_components=tuple(c for c in base.ru_components if c != MODEL_COMPONENT),
    ))


def annotate(pipeline: Pipeline, documents: list[Document]) -> Iterator[AnnotatedDoc]:
    """Run the rules over documents and hand back the annotated documents."""
    for language in ("en", "ru"):
        batch = [d for d in documents if d.language == language]
        for document, parsed in zip(batch, pipeline._parse(language, [d.text for d in batch]),
                                    strict=True):
            yield pipeline.annotate(document, parsed)


def label_rows(gold: GoldDocument, doc: AnnotatedDoc, found: list[Candidate]) -> DocRows:
    entities = _gold_entities(gold)
    gold_pairs: dict[str, list[str]] = {}
    for event in gold.events:
        gold_pairs.setdefault(event["type"], []).append(event["participant"])
    out = DocRows(gold.name, gold.language)
    out.fixed_events = [event_dict(e) for e in passthrough(doc)]
    out.persons = person_features(doc)
    victims = {p for t, ps in gold_pairs.items() if t not in ORGANISATION_TYPES for p in ps}
    out.victims = {
        name for name in out.persons
        if any(_name_score(name_tokens(name), entities[p]) is not None for p in victims)
    }
    assert doc.spacy is not None
    out.ner_persons = [e.text for e in doc.spacy.ents if e.label_ in ("PERSON", "PER")]
    context = DateContext(doc)
    for candidate in found:
        tokens = name_tokens(candidate.participant)
        label = int(any(
            _name_score(tokens, entities[p]) is not None
            for p in gold_pairs.get(candidate.type, [])
        ))
        events = candidate.events()
        out.rows.append(Row(
            candidate.type, candidate.participant, candidate.features, label,
            [event_dict(e) for e in events], bool(candidate.rule_events),
            [[(o.date.iso(), o.features) for o in date_options(context, e)] for e in events],
        ))
    return out


def document_of(gold: GoldDocument) -> Document:
    from casefile.ingest import Metadata, document_from_text

    published = PartialDate.parse(gold.published) if gold.published else None
    return document_from_text(gold.text, Metadata(published, gold.language))


def build_rows(golds: Iterable[GoldDocument], cache: Path | None = None) -> list[DocRows]:
    """Rows for every gold document; cached per document under `cache` when given."""
    golds = list(golds)
    out: dict[str, DocRows] = {}
    todo: list[GoldDocument] = []
    for gold in golds:
        path = _cache_path(cache, gold)
        if path is not None and path.exists():
            out[gold.name] = pickle.loads(path.read_bytes())
        else:
            todo.append(gold)
    if todo:
        pipeline = rules_pipeline()
        by_text: dict[str, list[GoldDocument]] = {}
        for gold in todo:  # two articles of a set may share a text
            by_text.setdefault(gold.text, []).append(gold)
        for doc in annotate(pipeline, [document_of(g) for g in todo]):
            gold = by_text[doc.text].pop(0)
            found = candidates(doc)
            date_new_events(doc, [c.new_event for c in found if c.new_event is not None])
            rows = label_rows(gold, doc, found)
            out[gold.name] = rows
            path = _cache_path(cache, gold)
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(pickle.dumps(rows))
    return [out[g.name] for g in golds]


def _cache_path(cache: Path | None, gold: GoldDocument) -> Path | None:
    if cache is None:
        return None
    digest = hashlib.sha256(
        f"{FEATURES_VERSION}\0{gold.language}\0{gold.published}\0{gold.text}".encode()
    ).hexdigest()[:20]
    return cache / f"{gold.name}-{digest}.pkl"
