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
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
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
from casefile.learn.doc_types import document_terms
from casefile.learn.event_dates import date_new_events
from casefile.learn.victims import person_features, with_candidates
from casefile.model import Document, Event, PartialDate

MODEL_COMPONENT = "model_events"
# Bump when candidates or features change, so that cached rows are rebuilt.
FEATURES_VERSION = "10.31"
# The model is trained on documents whose rules' events were hidden in part. The rules
# were written reading these very documents, so on them they find more of the gold than
# on new text, and a candidate they did not make is right less often than on new text:
# a model trained on the plain rows learns to trust such candidates too little. Hiding
# this share of each document's rule events (by type and person, seeded by the document's
# name) before the candidates are built makes some gold events the rules' misses, as on
# new text, with every rule-derived feature as if the rules had not fired. Figures are
# still taken on the plain rows: those are what the extractor sees. Twelve draws, each row
# weighing a twelfth: with three, which events the draws hid moved the sealed English
# figure by 0.017 from one seed to another; twelve bring that under 0.005, so that one
# training judges a change (docs/event-model.md).
HIDDEN_RULE_SHARE = 0.3
HIDDEN_RULE_DRAWS = 12


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
    weight: float = 1.0  # in the fit: a row of one of several draws weighs less
    blocked: bool = False  # fitted on, never accepted (`Candidate.blocked`)
    draw: int = 0  # a masked row: which draw of hidden rule events built it


@dataclass
class DocRows:
    name: str
    language: str
    rows: list[Row] = field(default_factory=list)
    # the rows of the same document with part of the rules' events hidden (above): what
    # the model is fitted on; empty where nothing was hidden (a store's decisions)
    masked_rows: list[Row] = field(default_factory=list)
    # the victim model's rows of each of those draws: every person's features (and the
    # summary of their candidates) with the same rule events hidden
    masked_persons: list[dict[str, dict[str, float]]] = field(default_factory=list)
    fixed_events: list[dict[str, Any]] = field(default_factory=list)  # organisations'
    # the victim model's rows: features of every person by name, and which are victims
    persons: dict[str, dict[str, float]] = field(default_factory=dict)
    victims: set[str] = field(default_factory=set)
    ner_persons: list[str] = field(default_factory=list)  # the parser's own person names
    # the document-type model's rows: the document's words and word pairs (names masked),
    # and the types of its gold events (None: no full gold, as a store's documents)
    terms: dict[str, int] = field(default_factory=dict)
    types: set[str] | None = None

    @property
    def training_rows(self) -> list[Row]:
        return self.masked_rows or self.rows


def with_row_features(
    doc: DocRows, prefix: str, features_of: Callable[[Row], dict[str, float] | None],
    masked_features_of: Callable[[Row], dict[str, float] | None] | None = None,
) -> DocRows:
    """A copy of the document's rows (the masked ones too) whose features beginning with
    `prefix` (and their `ru:` copies) are replaced by what `features_of` gives each row
    (None: none), or for the masked rows `masked_features_of` when given. How a model
    trained beside the event model (victims, document types) hands its probabilities to
    the candidates."""
    def scored(rows: list[Row], given: Callable[[Row], dict[str, float] | None]) -> list[Row]:
        out = []
        for row in rows:
            features = {k: v for k, v in row.features.items()
                        if not k.startswith((prefix, f"ru:{prefix}"))}
            features.update(given(row) or {})
            out.append(replace(row, features=features))
        return out

    return replace(doc, rows=scored(doc.rows, features_of),
                   masked_rows=scored(doc.masked_rows, masked_features_of or features_of))


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


def _gold_pairs(gold: GoldDocument) -> dict[str, list[str]]:
    """The gold's participants by event type."""
    pairs: dict[str, list[str]] = {}
    for event in gold.events:
        pairs.setdefault(event["type"], []).append(event["participant"])
    return pairs


def label_rows(gold: GoldDocument, doc: AnnotatedDoc, found: list[Candidate]) -> DocRows:
    entities = _gold_entities(gold)
    gold_pairs = _gold_pairs(gold)
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
    out.rows = labelled(gold, doc, found)
    out.terms = document_terms(gold.text)
    out.types = set(gold_pairs)
    return out


def labelled(gold: GoldDocument, doc: AnnotatedDoc, found: list[Candidate]) -> list[Row]:
    """Each candidate a row, positive when the gold has its type and person."""
    entities = _gold_entities(gold)
    gold_pairs = _gold_pairs(gold)
    rows = []
    context = DateContext(doc)
    for candidate in found:
        tokens = name_tokens(candidate.participant)
        label = int(any(
            _name_score(tokens, entities[p]) is not None
            for p in gold_pairs.get(candidate.type, [])
        ))
        events = candidate.events()
        rows.append(Row(
            candidate.type, candidate.participant, candidate.features, label,
            [event_dict(e) for e in events], bool(candidate.rule_events),
            [[(o.date.iso(), o.features) for o in date_options(context, e)] for e in events],
            blocked=candidate.blocked,
        ))
    return rows


def masked_rows(gold: GoldDocument, doc: AnnotatedDoc, share: float,
                draws: int = 1, seed: int = 0) -> list[Row]:
    """The document's rows built `draws` times, each time with `share` of its rules'
    person events hidden (each type and person together, chosen by a generator seeded
    with `seed`, the draw and the document's name); each row weighs 1 / `draws`."""
    return masked_draws(gold, doc, share, draws, seed)[0]


def masked_draws(gold: GoldDocument, doc: AnnotatedDoc, share: float, draws: int = 1,
                 seed: int = 0) -> tuple[list[Row], list[dict[str, dict[str, float]]]]:
    """`masked_rows`, and for each draw the victim model's rows under the same hidden
    events (`victims.with_candidates` of `person_features`)."""
    if share <= 0 or draws < 1:
        return [], []

    def key(event: Event) -> tuple[str, str]:
        return event.type, doc.person_key(event.participant) or event.participant

    keys = sorted({key(e) for e in doc.events if e.participant_kind == "person"})
    everything = doc.events
    out: list[Row] = []
    persons: list[dict[str, dict[str, float]]] = []
    language = doc.language or "en"
    try:
        for draw in range(draws):
            chooser = random.Random(_draw_key(seed, draw, gold.name))
            hidden = {k for k in keys if chooser.random() < share}
            doc.events = [e for e in everything
                          if e.participant_kind != "person" or key(e) not in hidden]
            found = candidates(doc)
            date_new_events(doc, [c.new_event for c in found if c.new_event is not None])
            out += [replace(r, weight=1 / draws, draw=draw)
                    for r in labelled(gold, doc, found)]
            persons.append(with_candidates(person_features(doc),
                                           [(c.participant, c.features) for c in found],
                                           language))
    finally:
        doc.events = everything
    return out, persons


def _draw_key(seed: int, draw: int, name: str) -> str:
    # seed 0 keeps the key the shipped model was trained with
    return (f"hidden rules\0{draw}\0{name}" if seed == 0
            else f"hidden rules\0{seed}\0{draw}\0{name}")


def document_of(gold: GoldDocument) -> Document:
    from casefile.ingest import Metadata, document_from_text

    published = PartialDate.parse(gold.published) if gold.published else None
    return document_from_text(gold.text, Metadata(published, gold.language))


def build_rows(golds: Iterable[GoldDocument], cache: Path | None = None,
               draw_seed: int = 0) -> list[DocRows]:
    """Rows for every gold document; cached per document under `cache` when given.
    `draw_seed`: which draws of hidden rule events the masked rows are built with (0:
    the shipped model's; others measure how much a model owes to its draws)."""
    golds = list(golds)
    out: dict[str, DocRows] = {}
    todo: list[GoldDocument] = []
    for gold in golds:
        path = _cache_path(cache, gold, draw_seed)
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
            rows.masked_rows, rows.masked_persons = masked_draws(
                gold, doc, HIDDEN_RULE_SHARE, HIDDEN_RULE_DRAWS, draw_seed)
            out[gold.name] = rows
            path = _cache_path(cache, gold, draw_seed)
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(pickle.dumps(rows))
    return [out[g.name] for g in golds]


def _cache_path(cache: Path | None, gold: GoldDocument, draw_seed: int = 0) -> Path | None:
    if cache is None:
        return None
    seed = f"{draw_seed}\0" if draw_seed else ""  # seed 0: the paths caches already have
    digest = hashlib.sha256(
        f"{FEATURES_VERSION}\0{HIDDEN_RULE_SHARE}\0{HIDDEN_RULE_DRAWS}\0{seed}"
        f"{gold.language}\0{gold.published}\0{gold.text}".encode()
    ).hexdigest()[:20]
    return cache / f"{gold.name}-{digest}.pkl"
