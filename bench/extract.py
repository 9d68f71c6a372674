"""Benchmark: the full extraction pipeline beside a bare spaCy `nlp.pipe` pass.

    .venv/bin/python bench/extract.py                 # 300 documents, best of 1
    .venv/bin/python bench/extract.py --docs 100 --repeat 5 --json

Prints documents/s and characters/s of `Pipeline().pipe(documents)` (spaCy parse plus the
registered rule components) and of a bare `nlp.pipe(texts)` of the same model on the same
texts, their ratio against the budget (the full pipeline may cost at most 1.5x the bare
pass), where the pipeline's time goes per component, and peak memory.

The texts are read at run time, never copied into the project: the English `.txt` files of
`../shared/corpus/dev` (the language comes from each `.gold.json`; without one, a text
written mostly in Latin letters counts as English) and the project's own `examples/`.
Without a corpus folder, invented statements made from templates stand in for it. The texts
are cycled to `--docs` documents, each made unique by a short appended note, so no cache
anywhere can answer for a repeated text.

Documents are built before any timing (`document_from_text` with language "en" and the
gold publication date, as `casefile eval` does), so neither pass pays for hashing or
language detection. The model is loaded and both passes warmed up before timing. The bare
pass runs before the full one in each of `--repeat` rounds; the best run of each is
reported, and the budget is judged on the median of the rounds' own full/bare ratios (both
passes of a round meet the same load, where two bests may come from different rounds);
the warm-up gives the tokenizer every distinct text and the model one batch first, so the
first timed pass does not pay for a growing vocabulary or heap. The per-component
table comes from a separate, wrapped pass, so the headline figures carry no instrumentation;
its total/parse ratio, both timed within one run, is the steadier figure on a busy machine.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casefile.extract.pipeline import Pipeline, PipelineConfig, load_config
from casefile.ingest import Metadata, document_from_text
from casefile.model import Document, PartialDate

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from casefile.extract.doc import AnnotatedDoc
    from casefile.extract.registry import Component

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "dev"
EXAMPLES = REPO / "examples"
EXAMPLE_SUFFIXES = (".txt", ".md", ".html")
BUDGET = 1.5
WARMUP_DOCS = 8


@dataclass(frozen=True)
class Text:
    name: str
    text: str
    published: str | None = None


@dataclass
class Corpus:
    documents: list[Document]
    origin: str
    distinct: list[str]  # the texts before cycling

    @property
    def texts(self) -> list[str]:
        return [d.text for d in self.documents]

    @property
    def characters(self) -> int:
        return sum(len(d.text) for d in self.documents)


# --- the texts --------------------------------------------------------------------------


def _mostly_latin(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isascii() for ch in letters) >= 0.9 * len(letters)


def read_corpus(folder: Path) -> list[Text]:
    """The English `.txt` files of a gold folder, with their publication dates."""
    texts: list[Text] = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        gold_path = path.with_name(path.stem + ".gold.json")
        language: str | None = None
        published: str | None = None
        if gold_path.exists():
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            language, published = gold.get("language"), gold.get("published")
        if language == "en" or (language is None and _mostly_latin(text)):
            texts.append(Text(path.name, text, published))
    return texts


def read_examples(folder: Path = EXAMPLES) -> list[Text]:
    """The project's own English example files, read as `casefile ingest` reads them."""
    from casefile.sources import SourceError, read_path

    texts: list[Text] = []
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.suffix not in EXAMPLE_SUFFIXES:
            continue
        try:
            source = read_path(path)
        except SourceError:
            continue
        if _mostly_latin(source.text):
            texts.append(Text(path.name, source.text))
    return texts


_GIVEN = ["Arvid", "Selna", "Toma", "Irvel", "Danya", "Oskan", "Mirela", "Ferun", "Lisset"]
_FAMILY = ["Koval", "Draske", "Menory", "Tulvan", "Ashkerov", "Brennic", "Olstad", "Varnet"]
_PLACES = ["Ostrel", "Darsk", "Velmora", "Kettering Vale", "Sarn", "Pollock Bay", "Ildmark"]
_CHARGES = [
    "organising mass riots",
    "extremism",
    "spreading false information",
    "high treason",
    "hooliganism",
    "participation in an extremist organisation",
]
_ORGS = ["the Velmora Civic Forum", "Open Rights Ostrel", "the Darsk Press Union"]
_MONTHS = ["January", "March", "April", "June", "August", "October", "November"]

_TEMPLATES = [
    "{name}, a human rights defender from {place}, was arrested on {date} and charged "
    "with {charge}. {Pro} is held in a pre-trial detention centre in {place2}.",
    "On {date} the {place} district court sentenced {name} to {years} years in prison for "
    "{charge}. The trial was closed to the public and lawyers were not allowed to call "
    "witnesses.",
    "{name} was released on {date} after serving {pos} full sentence of {years} years. "
    "{Pro} had been convicted of {charge} in {place}.",
    "The authorities banned {org} on {date}, calling it extremist. Its coordinator, {name}, "
    "was detained the same evening and questioned for six hours.",
    "Police searched the home of journalist {name} in {place} on {date}. {Pro} was later "
    "fined for {charge} and placed under house arrest for two months.",
    "We call on the authorities to release {name} immediately and unconditionally, and to "
    "drop all charges of {charge}. Peaceful criticism is not a crime.",
    "Relatives say {name} has been denied medical care since {pos} transfer to a penal "
    "colony near {place} in {month} {year}.",
]


def invented_statements(count: int = 40, seed: int = 7) -> list[Text]:
    """Statements about invented people and places, for when no corpus is at hand."""
    rng = random.Random(seed)
    texts: list[Text] = []
    for i in range(count):
        paragraphs = []
        for template in rng.sample(_TEMPLATES, k=rng.randint(4, len(_TEMPLATES))):
            year = rng.randint(2015, 2024)
            pronoun, possessive = rng.choice([("He", "his"), ("She", "her")])
            paragraphs.append(
                template.format(
                    name=f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}",
                    place=rng.choice(_PLACES),
                    place2=rng.choice(_PLACES),
                    date=f"{rng.randint(1, 28)} {rng.choice(_MONTHS)} {year}",
                    month=rng.choice(_MONTHS),
                    year=year,
                    charge=rng.choice(_CHARGES),
                    org=rng.choice(_ORGS),
                    years=rng.randint(2, 12),
                    Pro=pronoun,
                    pos=possessive,
                )
            )
        texts.append(Text(f"invented-{i + 1:03d}", "\n\n".join(paragraphs) + "\n", "2024-12-01"))
    return texts


def build_corpus(corpus_dir: Path | None, count: int) -> Corpus:
    folder = corpus_dir or DEFAULT_CORPUS
    if folder.is_dir():
        base = read_corpus(folder)
        origin = f"{len(base)} English texts from {_display(folder)}"
    else:
        if corpus_dir is not None:
            raise SystemExit(f"error: corpus folder {corpus_dir} does not exist")
        base = invented_statements()
        origin = f"{len(base)} invented statements (no {_display(folder)})"
    examples = read_examples()
    if examples:
        origin += f" + {len(examples)} from examples/"
    base += examples
    if not base:
        raise SystemExit("error: no English texts to benchmark")
    documents = []
    for i in range(count):
        source = base[i % len(base)]
        # A unique, fact-free closing note: no two documents share a text or a hash.
        note = f"\n\nArchive note {i + 1}: filed under reference CF-{(i * 7919) % 99991:05d}.\n"
        metadata = Metadata(
            published=PartialDate.parse(source.published) if source.published else None,
            language="en",
        )
        documents.append(document_from_text(source.text.rstrip() + note, metadata, source.name))
    origin += f", cycled to {count} unique documents"
    return Corpus(documents, origin, [t.text for t in base])


def _display(path: Path) -> str:
    try:
        relative = os.path.relpath(path, Path.cwd())
    except ValueError:  # another drive
        return str(path)
    return str(path) if relative.startswith(os.path.join("..", "..")) else relative


# --- the passes -------------------------------------------------------------------------


def bare_pass(nlp: Language, texts: Sequence[str], batch_size: int) -> int:
    tokens = 0
    for doc in nlp.pipe(texts, batch_size=batch_size):
        tokens += len(doc)
    return tokens


def full_pass(pipeline: Pipeline, documents: Sequence[Document], batch_size: int) -> int:
    events = 0
    for extraction in pipeline.pipe(documents, batch_size=batch_size):
        events += len(extraction.events)
    return events


@dataclass
class Timing:
    runs: list[float]  # wall seconds of each run
    cpu: list[float]  # process CPU seconds of each run
    counted: int  # what the pass counted (tokens, events)

    @property
    def best(self) -> int:
        return min(range(len(self.runs)), key=self.runs.__getitem__)


def timed(timing: Timing, run: Callable[[], int]) -> None:
    """One run of a pass from a collected heap, added to `timing`."""
    gc.collect()
    cpu, start = time.process_time(), time.perf_counter()
    timing.counted = run()
    timing.runs.append(time.perf_counter() - start)
    timing.cpu.append(time.process_time() - cpu)


class _TimedModel:
    """Stands in for the spaCy model, adding up the time spent producing parsed docs."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.seconds = 0.0

    @property
    def max_length(self) -> int:
        # The pipeline asks the model how long a text it parses at once (extract/chunks).
        return int(self.nlp.max_length)

    def pipe(self, texts: Iterable[str], **kwargs: Any) -> Iterator[Doc]:
        docs = iter(self.nlp.pipe(texts, **kwargs))
        while True:
            start = time.perf_counter()
            doc = next(docs, None)
            self.seconds += time.perf_counter() - start
            if doc is None:
                return
            yield doc


class ProfiledPipeline(Pipeline):
    """The configured pipeline with its parse and each component timed."""

    def __init__(self, config: PipelineConfig) -> None:
        super().__init__(config)
        self.timed_model = _TimedModel(super().nlp)
        english = self.components["en"]
        self.seconds: dict[str, float] = {name: 0.0 for name, _ in english}
        self.components["en"] = [(name, self._timed(name, fn)) for name, fn in english]

    @property
    def nlp(self) -> Any:  # a timing stand-in with the model's `pipe`
        return self.timed_model

    def _timed(self, name: str, component: Component) -> Component:
        def run(doc: AnnotatedDoc) -> None:
            start = time.perf_counter()
            component(doc)
            self.seconds[name] += time.perf_counter() - start

        return run

    def reset(self) -> None:
        self.timed_model.seconds = 0.0
        self.seconds = dict.fromkeys(self.seconds, 0.0)


@dataclass
class Memory:
    stages: dict[str, float] = field(default_factory=dict)

    def mark(self, stage: str) -> None:
        self.stages[stage] = peak_rss_mib()

    @property
    def peak(self) -> float:
        return max(self.stages.values(), default=peak_rss_mib())


def peak_rss_mib() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 2**20 if sys.platform == "darwin" else rss / 2**10  # bytes vs KiB


# --- the run ----------------------------------------------------------------------------


def run(args: argparse.Namespace) -> dict[str, Any]:
    memory = Memory()
    load_start = os.getloadavg()
    corpus = build_corpus(args.corpus, args.docs)
    documents, texts = corpus.documents, corpus.texts
    memory.mark("imports, corpus")

    config = load_config(args.config) if args.config else PipelineConfig()
    pipeline = Pipeline(config)
    start = time.perf_counter()
    nlp = pipeline.nlp
    model_load = time.perf_counter() - start
    # Warm-up: the tokenizer meets every distinct text once, so no timed pass pays for
    # adding the corpus's words to the shared vocabulary; one full batch through the model,
    # so the first timed pass does not pay for growing the heap to a batch's working set;
    # and a few documents through the components.
    for text in corpus.distinct:
        nlp.make_doc(text)
    bare_pass(nlp, texts[: args.batch_size], args.batch_size)
    warmup = documents[:WARMUP_DOCS]
    full_pass(pipeline, warmup, args.batch_size)
    memory.mark("model loaded, warmed up")

    # Rounds of bare-then-full rather than all bare runs first: on a shared machine the
    # load drifts, and alternating lets both passes meet it alike.
    bare, full = Timing([], [], 0), Timing([], [], 0)
    for _ in range(args.repeat):
        timed(bare, lambda: bare_pass(nlp, texts, args.batch_size))
        memory.mark("bare pass")
        timed(full, lambda: full_pass(pipeline, documents, args.batch_size))
        memory.mark("full pipeline")

    profile: dict[str, Any] | None = None
    if not args.no_profile:
        profiled = ProfiledPipeline(config)
        full_pass(profiled, warmup, args.batch_size)
        profiled.reset()
        gc.collect()
        start = time.perf_counter()
        full_pass(profiled, documents, args.batch_size)
        total = time.perf_counter() - start
        parse = profiled.timed_model.seconds
        components = sum(profiled.seconds.values())
        profile = {
            "total_s": total,
            "spacy_parse_s": parse,
            "components_s": dict(profiled.seconds),
            "rest_s": total - parse - components,
            # Both in one pass, so machine load hits them alike.
            "ratio_total_to_parse": total / parse,
        }
        memory.mark("profiled pass")

    traced: float | None = None
    if args.tracemalloc:
        gc.collect()
        tracemalloc.start()
        full_pass(pipeline, documents, args.batch_size)
        traced = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()

    import spacy

    characters = corpus.characters
    bare_rates = _rates(bare, len(documents), characters)
    full_rates = _rates(full, len(documents), characters)
    ratio = full_rates["seconds"] / bare_rates["seconds"]
    # Each round's bare and full passes run back to back and meet the same load; the
    # median of their ratios moves less with a busy machine than the ratio of two bests,
    # which may come from different rounds.
    rounds = [f / b for b, f in zip(bare.runs, full.runs, strict=True)]
    round_median = statistics.median(rounds)
    return {
        "corpus": corpus.origin,
        "documents": len(documents),
        "characters": characters,
        "tokens": bare.counted,
        "events": full.counted,
        "model": config.model,
        "spacy_version": spacy.__version__,
        "components": [name for name, _ in pipeline.components["en"]],
        "batch_size": args.batch_size,
        "repeat": args.repeat,
        "model_load_s": model_load,
        "bare": bare_rates,
        "full": full_rates,
        "ratio": ratio,
        "ratio_cpu": full_rates["cpu_seconds"] / bare_rates["cpu_seconds"],
        "ratio_rounds": rounds,
        "ratio_rounds_median": round_median,
        "budget": BUDGET,
        "within_budget": round_median <= BUDGET,
        "profile": profile,
        "peak_rss_mib": memory.peak,
        "rss_mib_by_stage": memory.stages,
        "tracemalloc_peak_mib": traced,
        "cpus": os.cpu_count(),
        "load_average": {"start": list(load_start), "end": list(os.getloadavg())},
    }


def _rates(timing: Timing, docs: int, chars: int) -> dict[str, Any]:
    best = timing.runs[timing.best]
    return {
        "seconds": best,
        "cpu_seconds": timing.cpu[timing.best],
        "runs_s": timing.runs,
        "docs_per_s": docs / best,
        "chars_per_s": chars / best,
    }


def render(r: dict[str, Any]) -> str:
    bare, full = r["bare"], r["full"]
    load = r["load_average"]
    lines = [
        "casefile extraction benchmark",
        f"corpus:     {r['corpus']}",
        f"documents:  {r['documents']}, characters: {r['characters']:,} "
        f"(mean {r['characters'] / r['documents']:,.0f}/doc), tokens: {r['tokens']:,}, "
        f"events found: {r['events']:,}",
        f"model:      {r['model']} (spaCy {r['spacy_version']}, loaded in "
        f"{r['model_load_s']:.1f} s), batch size {r['batch_size']}, best of {r['repeat']}",
        f"components: {', '.join(r['components'])}",
        f"machine:    {r['cpus']} CPUs, load average "
        f"{' '.join(f'{x:.2f}' for x in load['start'])} at start, "
        f"{' '.join(f'{x:.2f}' for x in load['end'])} at end",
        "",
        f"{'pass':<16}{'seconds':>9}{'cpu s':>9}{'docs/s':>10}{'chars/s':>12}",
    ]
    for label, p in (("bare nlp.pipe", bare), ("full pipeline", full)):
        lines.append(
            f"{label:<16}{p['seconds']:>9.2f}{p['cpu_seconds']:>9.2f}"
            f"{p['docs_per_s']:>10.1f}{p['chars_per_s']:>12,.0f}"
        )
    verdict = "within" if r["within_budget"] else "OVER"
    lines.append(
        f"ratio full/bare: {r['ratio']:.2f}x wall (bests), {r['ratio_cpu']:.2f}x CPU"
    )
    lines.append(
        f"ratio per round: {' '.join(f'{x:.2f}x' for x in r['ratio_rounds'])}, median "
        f"{r['ratio_rounds_median']:.2f}x ({verdict} the {r['budget']}x budget)"
    )

    profile = r["profile"]
    if profile:
        total, docs = profile["total_s"], r["documents"]
        lines += [
            "",
            f"where the full pipeline's time goes (separate timed pass, {total:.2f} s):",
            f"{'stage':<34}{'seconds':>9}{'share':>8}{'ms/doc':>9}",
        ]
        rows = [("spaCy parse (nlp.pipe)", profile["spacy_parse_s"])]
        rows += sorted(profile["components_s"].items(), key=lambda kv: -kv[1])
        rows.append(("rest (AnnotatedDoc, Extraction)", profile["rest_s"]))
        for name, seconds in rows:
            lines.append(
                f"{name:<34}{seconds:>9.3f}{seconds / total:>8.1%}{1000 * seconds / docs:>9.2f}"
            )
        lines.append(
            f"in-pass ratio total/parse: {profile['ratio_total_to_parse']:.2f}x "
            "(one run, so less exposed to machine load than the ratio above)"
        )

    stages = ", ".join(f"{k} {v:.0f}" for k, v in r["rss_mib_by_stage"].items())
    lines += ["", f"peak RSS: {r['peak_rss_mib']:.0f} MiB (by stage, MiB: {stages})"]
    if r["tracemalloc_peak_mib"] is not None:
        lines.append(f"tracemalloc peak during a full pass: {r['tracemalloc_peak_mib']:.1f} MiB")
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=300, help="documents to run (default 300)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per pass; best is reported")
    parser.add_argument("--batch-size", type=int, default=32, help="spaCy batch size (32)")
    parser.add_argument(
        "--corpus", type=Path, help=f"folder of .txt and .gold.json files ({DEFAULT_CORPUS})"
    )
    parser.add_argument("--config", type=Path, help="casefile.toml choosing model and components")
    parser.add_argument("--no-profile", action="store_true", help="skip the per-component pass")
    parser.add_argument(
        "--tracemalloc", action="store_true", help="add a (slower) full pass under tracemalloc"
    )
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args(argv)
    if args.docs < 1 or args.repeat < 1 or args.batch_size < 1:
        parser.error("--docs, --repeat and --batch-size must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    result = run(args)
    print(render(result))
    if args.json:
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
