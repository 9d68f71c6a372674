"""Benchmark: one very long document (a 300-page judgment's length) through extraction.

    .venv/bin/python bench/long_document.py                      # 3,000,000 characters
    .venv/bin/python bench/long_document.py --chars 300000 --json
    .venv/bin/python bench/long_document.py --store /tmp/long.db # ingest into a store too

The document is made of invented statements, one person each, each telling an arrest with
its date and a prison sentence with its length, as paragraphs of one text. Names are built
from syllables so that no two people within 8,000 statements (more than one part holds)
share a given name or a surname: two people sharing a given name is a miss of the
extractor's own (the second "Toma X" the recogniser calls ORG is not taken for the person
it repeats), which the whole document shows as much as its parts. It is longer than spaCy parses at
once, so the pipeline extracts it in parts cut at paragraph boundaries (`extract/chunks.py`).

Prints the document's length and parts, the time and characters/s of the extraction, peak
memory, how many statements gave both their facts (the arrest on its date, the sentence
with its term) and how many quotes differ from `text[start:end]` (it must be none). Each
statement is also extracted alone, as a document of its own, for comparison: one missed
alone too is the extractor's miss on that wording and those names; one found alone but not
in the long document is lost to the context of the others, by the parts or by the
extractor (`--max-chars` above the length extracts the document whole, to tell which).
With `--store`, the extraction is also ingested into that SQLite store, timed on its own.
Exits non-zero when a quote is off.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casefile.extract.chunks import chunk_spans
from casefile.extract.pipeline import Pipeline, PipelineConfig
from casefile.ingest import Metadata, document_from_text, save
from casefile.model import Extraction, PartialDate
from casefile.store.sqlite import SQLiteStore

GIVEN_SYLLABLES = ["an", "be", "ce", "da", "el", "fi", "go", "ha", "il", "jo", "ka", "le",
                   "ma", "ni", "ol", "pe", "ra", "si", "ta", "vi"]
SYLLABLES = ["ka", "ve", "lo", "mi", "dra", "su", "te", "no", "bar", "zel", "ru", "pa",
             "fen", "or", "li", "gar", "san", "del", "mor", "vin"]
ENDINGS = ["ov", "as", "in", "ek", "ard"]
TOWNS = ["Ostrel", "Darsk", "Velmora", "Sarn", "Ildmark", "Velsk", "Marrow"]
ROLES = ["journalist", "lawyer", "blogger", "activist", "student", "teacher"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
PUBLISHED = PartialDate(2025, 1, 15)


@dataclass(frozen=True)
class Statement:
    text: str
    person: str
    arrested: PartialDate
    term: str


def surname(i: int) -> str:
    """The i-th invented surname; distinct for i below 40,000."""
    n = len(SYLLABLES)
    first, second, third = i % n, (i // n) % n, (i // n // n) % n
    word = SYLLABLES[first] + SYLLABLES[second] + SYLLABLES[third] + ENDINGS[(i // n**3) % 5]
    return word.capitalize()


def given_name(i: int) -> str:
    """The i-th invented given name; distinct for i below 8,000."""
    n = len(GIVEN_SYLLABLES)
    syllables = (GIVEN_SYLLABLES[i % n], GIVEN_SYLLABLES[(i // n) % n],
                 GIVEN_SYLLABLES[(i // n // n) % n])
    return "".join(syllables).capitalize()


def statement(i: int) -> Statement:
    person = f"{given_name(i)} {surname(i)}"
    year, month, day = 2016 + i % 8, 1 + (i // 7) % 12, 1 + i % 28
    years = 2 + i % 11
    town, other = TOWNS[i % len(TOWNS)], TOWNS[(i + 3) % len(TOWNS)]
    text = (
        f"{person}, a {ROLES[i % len(ROLES)]} from {town}, was arrested on {day} "
        f"{MONTHS[month - 1]} {year}. {person} was sentenced to {years} years in prison by "
        f"the court in {other}."
    )
    return Statement(text, person, PartialDate(year, month, day), f"P{years}Y")


def build(chars: int) -> tuple[str, list[Statement]]:
    statements: list[Statement] = []
    length = 0
    while length < chars:
        made = statement(len(statements))
        statements.append(made)
        length += len(made.text) + 2
    text = "\n\n".join(s.text for s in statements) + "\n"
    return text, statements


def found(statements: list[Statement], extractions: list[Extraction]) -> list[bool]:
    """Whether each statement's arrest (with its date) and sentence (with its term) are
    among the facts of the extractions."""
    events = [e for x in extractions for e in x.events]
    arrests = {(e.participant, e.date) for e in events if e.type == "arrest"}
    sentences = {(e.participant, e.term) for e in events if e.type == "sentence"}
    return [
        (s.person, s.arrested) in arrests and (s.person, s.term) in sentences
        for s in statements
    ]


def check(
    text: str, statements: list[Statement], x: Extraction, alone: list[bool]
) -> dict[str, Any]:
    evidence = [e.evidence for e in x.events] + [s.evidence for s in x.statistics]
    evidence += [e for p in x.persons for e in p.evidence]
    off = [e for e in evidence if text[e.start : e.end] != e.quote]
    in_long = found(statements, [x])
    lost = [s.person for s, a, b in zip(statements, alone, in_long, strict=True) if a and not b]
    return {
        "quotes": len(evidence),
        "quotes_off": len(off),
        "statements_found": sum(in_long),
        "statements_found_alone": sum(alone),
        "lost_in_context": len(lost),
        "lost_examples": lost[:10],
        "events": len(x.events),
        "persons": len(x.persons),
    }


def peak_rss_mib() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 2**20 if sys.platform == "darwin" else rss / 2**10  # bytes vs KiB


def run(args: argparse.Namespace) -> dict[str, Any]:
    text, statements = build(args.chars)
    pipeline = Pipeline(PipelineConfig(max_chars=args.max_chars))
    limit = int(pipeline.max_chars("en"))  # loads the model, outside the timing
    pipeline(document_from_text("Arlen Tovas was arrested in Velsk.", Metadata(None, "en")))
    document = document_from_text(text, Metadata(PUBLISHED, "en"), "long-document.txt")
    started = time.perf_counter()
    extraction = pipeline(document)
    seconds = time.perf_counter() - started
    result: dict[str, Any] = {
        "characters": len(text),
        "statements": len(statements),
        "part_limit": limit,
        "parts": len(chunk_spans(text, limit)),
        "extract_seconds": round(seconds, 1),
        "characters_per_second": round(len(text) / seconds),
    }
    alone = [True] * len(statements)
    if args.alone:
        started = time.perf_counter()
        singles = [document_from_text(s.text, Metadata(PUBLISHED, "en")) for s in statements]
        alone = found(statements, list(pipeline.pipe(singles, batch_size=64)))
        result["alone_seconds"] = round(time.perf_counter() - started, 1)
    result.update(check(text, statements, extraction, alone))
    if args.store is not None:
        started = time.perf_counter()
        with SQLiteStore(args.store) as store:
            outcome = save(store, extraction, text.encode("utf-8"))
        result["store"] = str(args.store)
        result["store_seconds"] = round(time.perf_counter() - started, 1)
        result["stored_events"] = outcome.events
    result["peak_rss_mib"] = round(peak_rss_mib())
    return result


def render(r: dict[str, Any]) -> str:
    lines = [
        f"document:   {r['characters']:,} characters, {r['statements']:,} statements, "
        f"{r['parts']} parts of at most {r['part_limit']:,}",
        f"extraction: {r['extract_seconds']} s, {r['characters_per_second']:,} characters/s",
        f"facts:      {r['events']:,} events, {r['persons']:,} persons; statements with both "
        f"facts {r['statements_found']:,}/{r['statements']:,}"
        + (f" (each alone: {r['statements_found_alone']:,}, in {r['alone_seconds']} s)"
           if "alone_seconds" in r else ""),
        f"quotes:     {r['quotes']:,} checked, {r['quotes_off']} not text[start:end]",
    ]
    if "alone_seconds" in r:
        lines.append(f"context:    {r['lost_in_context']} statements found alone but not in "
                     "the long document")
    if r["lost_examples"] and "alone_seconds" in r:
        lines.append(f"            {', '.join(r['lost_examples'])}")
    if "store" in r:
        lines.append(f"ingest:     {r['store_seconds']} s into {r['store']} "
                     f"({r['stored_events']:,} events)")
    lines.append(f"memory:     peak RSS {r['peak_rss_mib']:,} MiB")
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chars", type=int, default=3_000_000, help="document length")
    parser.add_argument("--max-chars", type=int, default=None,
                        help="longest part parsed at once (default: the pipeline's)")
    parser.add_argument("--store", type=Path, nargs="?", const=Path(""), default=None,
                        help="also ingest into this SQLite file (no value: a temporary one)")
    parser.add_argument("--no-alone", dest="alone", action="store_false",
                        help="skip extracting each statement alone for comparison")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        if args.store == Path(""):
            args.store = Path(scratch) / "long.db"
        result = run(args)
    print(json.dumps(result, indent=2) if args.json else render(result))
    if result["quotes_off"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
