"""No text of the shared corpus is copied into the project.

The real documents in ../shared/corpus belong to their publishers: tests, comments, docs
and examples use invented text. This test fails when a project file shares a distinctive
run of eight words with a corpus document, so a copy is caught when it is made rather
than at review. Generic legal phrasing ("was sentenced to two and a half years in prison")
is not a copy: a run counts as generic when every three-word piece of it occurs in at
least two corpus documents. Only dev/, train/ and hrdsattack-train/ are read, never the
sealed evaluation set. Without the corpus (a fresh clone, CI) the test is skipped.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("CASEFILE_CORPUS", REPO.parent / "shared" / "corpus"))
CORPUS_SETS = ("dev", "train", "hrdsattack-train")
PROJECT_PARTS = ("src", "tests", "bench", "docs", "examples", "README.md", "ARCHITECTURE.md")
TEXT_SUFFIXES = {".py", ".md", ".txt", ".html", ".sql", ".toml", ".json", ".js", ".css", ".j2"}

RUN = 8  # words in a copied run
PIECE = 3  # words in a piece whose spread over the corpus tells generic phrasing
COMMON = 2  # documents a piece must occur in to be common

WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def runs(ws: list[str], n: int) -> list[tuple[str, ...]]:
    return [tuple(ws[i : i + n]) for i in range(len(ws) - n + 1)]


class Corpus:
    """Hashes of every run of `RUN` words, and in how many documents each piece occurs."""

    def __init__(self, root: Path) -> None:
        self.runs: dict[int, str] = {}
        self.piece_documents: Counter[int] = Counter()
        for name in CORPUS_SETS:
            for path in sorted((root / name).glob("*.txt")):
                ws = words(path.read_text(encoding="utf-8", errors="replace"))
                self.piece_documents.update({hash(p) for p in runs(ws, PIECE)})
                for run in runs(ws, RUN):
                    self.runs.setdefault(hash(run), f"{name}/{path.name}")

    def source_of(self, run: tuple[str, ...]) -> str | None:
        return self.runs.get(hash(run))

    def is_generic(self, run: tuple[str, ...]) -> bool:
        return all(self.piece_documents[hash(p)] >= COMMON for p in runs(list(run), PIECE))


def project_files() -> list[Path]:
    found: list[Path] = []
    for part in PROJECT_PARTS:
        path = REPO / part
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found += sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix in TEXT_SUFFIXES and "__pycache__" not in p.parts
            )
    return found


def copies_in(text: str, corpus: Corpus) -> list[str]:
    """One line per distinctive run the text shares with a corpus document."""
    matches = list(WORD.finditer(text))
    ws = [m.group().lower() for m in matches]
    found: list[str] = []
    last_line = -1
    for i, run in enumerate(runs(ws, RUN)):
        source = corpus.source_of(run)
        if source is None or corpus.is_generic(run):
            continue
        line = text.count("\n", 0, matches[i].start()) + 1
        if line != last_line:  # one report per line, however many runs overlap there
            found.append(f"line {line}: '{' '.join(run)}' (as in {source})")
            last_line = line
    return found


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    if not all((CORPUS / name).is_dir() for name in ("dev", "train")):
        pytest.skip(f"no shared corpus at {CORPUS}")
    return Corpus(CORPUS)


def test_no_project_file_copies_a_corpus_document(corpus: Corpus) -> None:
    copies = {
        str(path.relative_to(REPO)): found
        for path in project_files()
        if (found := copies_in(path.read_text(encoding="utf-8", errors="replace"), corpus))
    }
    assert not copies, "text copied from the corpus; invent it instead:\n" + "\n".join(
        f"{path} {line}" for path, lines in copies.items() for line in lines
    )


def test_a_copied_sentence_is_caught_and_generic_phrasing_is_not(corpus: Corpus) -> None:
    """Guards the test above against passing vacuously: a run of words taken from a dev
    document is reported, while common phrasing that many documents share is not."""
    document = next(p for p in sorted((CORPUS / "dev").glob("*.txt")) if len(words(
        p.read_text(encoding="utf-8", errors="replace"))) > 200)
    ws = words(document.read_text(encoding="utf-8", errors="replace"))
    distinctive = next(r for r in runs(ws, RUN) if not corpus.is_generic(r))
    assert copies_in("# quoting: " + " ".join(distinctive), corpus)
    assert copies_in("He was sentenced to two and a half years in prison.", corpus) == []
    assert copies_in("Arlen Tovas, a blogger from Velsk, was sentenced in Marrow.", corpus) == []
