"""Russian parsing with natasha, delivered as a spaCy `Doc`.

natasha (razdel segmentation, slovnet morphology, syntax and names) has no spaCy
integration, so its analysis is copied into a `Doc` over the same text: the components
then work with one document object whatever the language — tokens with character
offsets, sentences, Universal Dependencies, lemmas, morphology and entities.

Organisation names also get natasha's nominative form ("Демократического выбора" ->
"Демократический выбор"), kept in `doc.user_data["normal"]` by character span; persons
are put in the nominative by `ru/names.py`, which knows surnames better.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span
    from spacy.vocab import Vocab

# natasha's entity types as spaCy's English model names them, which the shared code reads.
_ENTITY_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}
NORMAL_FORMS = "normal"
# Headlines, datelines and bulleted items are lines of their own, which razdel's sentence
# splitter would join to the next line: each line is analysed apart.
_LINE = re.compile(r"[^\n]*\S[^\n]*")  # key in Doc.user_data: {(start_char, end_char): nominative}


@dataclass(frozen=True)
class _Natasha:
    segmenter: Any
    morph_vocab: Any
    morph_tagger: Any
    syntax_parser: Any
    ner_tagger: Any
    vocab: Vocab


@cache
def _natasha() -> _Natasha:
    import spacy
    from natasha import (
        MorphVocab,
        NewsEmbedding,
        NewsMorphTagger,
        NewsNERTagger,
        NewsSyntaxParser,
        Segmenter,
    )

    embedding = NewsEmbedding()
    return _Natasha(
        segmenter=Segmenter(),
        morph_vocab=MorphVocab(),
        morph_tagger=NewsMorphTagger(embedding),
        syntax_parser=NewsSyntaxParser(embedding),
        ner_tagger=NewsNERTagger(embedding),
        vocab=spacy.blank("ru").vocab,
    )


def morph_analyzer() -> Any:
    """natasha's pymorphy2 dictionary (with guesses for unknown words), loaded once."""
    return _natasha().morph_vocab


def parse(text: str) -> Doc:
    """Parse one Russian text; `doc.text == text` exactly."""
    from natasha import Doc as NatashaDoc

    tools = _natasha()
    lines = []
    for match in _LINE.finditer(text):
        analysed = NatashaDoc(match.group(0))
        analysed.segment(tools.segmenter)
        analysed.tag_morph(tools.morph_tagger)
        analysed.parse_syntax(tools.syntax_parser)
        analysed.tag_ner(tools.ner_tagger)
        lines.append((match.start(), analysed))
    return _to_spacy(text, lines, tools)


def pipe(texts: Iterable[str]) -> Iterator[Doc]:
    for text in texts:
        yield parse(text)


def _to_spacy(text: str, lines: list[tuple[int, Any]], tools: _Natasha) -> Doc:
    from spacy.tokens import Doc

    words: list[str] = []
    spaces: list[bool] = []
    pos: list[str] = []
    morphs: list[str] = []
    lemmas: list[str] = []
    heads: list[int] = []
    deps: list[str] = []
    position = 0

    def add_gap(gap: str, head: int | None) -> None:
        # Whitespace other than one space between tokens is a token of its own, as in spaCy.
        words.append(gap)
        spaces.append(False)
        pos.append("SPACE")
        morphs.append("")
        lemmas.append(gap)
        heads.append(len(words) - 1 if head is None else head)
        deps.append("dep")

    sentences = [(offset, sent) for offset, analysed in lines for sent in analysed.sents]
    for offset, sent in sentences:
        # Gaps inside the sentence shift the indices: count them as we go.
        offsets: dict[str, int] = {}
        pending: list[tuple[Any, int]] = []
        for token in sent.tokens:
            gap = text[position : offset + token.start]
            if spaces and gap == " ":
                spaces[-1] = True
            elif gap:
                add_gap(gap, len(words) - 1 if words else None)
            offsets[token.id] = len(words)
            token.lemmatize(tools.morph_vocab)
            words.append(token.text)
            spaces.append(False)
            pos.append(token.pos or "X")
            morphs.append("|".join(f"{k}={v}" for k, v in sorted((token.feats or {}).items())))
            lemmas.append(token.lemma or token.text.lower())
            heads.append(-1)  # set below, once every token of the sentence has its index
            deps.append(token.rel or "dep")
            pending.append((token, len(words) - 1))
            position = offset + token.stop
        _attach(pending, offsets, heads, deps)
        _accusative_subjects_as_objects(pending, deps)
    tail = text[position:]
    if tail:
        if spaces and tail == " ":
            spaces[-1] = True
        else:
            add_gap(tail, None if not words else _root_of_last_sentence(heads))
    doc = Doc(
        tools.vocab, words=words, spaces=spaces, pos=pos, morphs=morphs, lemmas=lemmas,
        heads=heads, deps=deps,
    )
    from spacy.util import filter_spans

    doc.user_data[NORMAL_FORMS] = {}
    doc.ents = filter_spans(
        [span for offset, analysed in lines for span in _entities(doc, offset, analysed, tools)]
    )
    return doc


_CASE_RELATIONS = {"Nom": "nsubj", "Dat": "iobj", "Acc": "obj"}


def _attach(
    pending: list[tuple[Any, int]], offsets: dict[str, int], heads: list[int], deps: list[str]
) -> None:
    """One tree per natasha sentence, so spaCy's sentences are natasha's: a token whose
    head is missing, itself, or caught in a cycle hangs from the sentence root."""
    if not pending:
        return
    roots = [at for token, at in pending if token.rel == "root"]
    # Where the syntax model gives a sentence two roots (an unfamiliar surname read as a
    # clause of its own: «Голубову также запретили ...»), the predicate is the root
    verbs = [at for token, at in pending if token.rel == "root" and token.pos in ("VERB", "AUX")]
    names = [at for token, at in pending if token.rel == "root" and token.pos == "PROPN"]
    root = roots[0] if roots else pending[0][1]
    if names and verbs and root in names:
        root = verbs[0]
    for token, at in pending:
        head = offsets.get(token.head_id)
        heads[at] = root if head is None or head == at else head
    heads[root] = root
    deps[root] = "ROOT"
    for token, at in pending:  # the name, now the predicate's: its case says how
        if at in names and at != root:
            deps[at] = _CASE_RELATIONS.get(str((token.feats or {}).get("Case")), "dep")
    members = {at for _, at in pending}
    for _, at in pending:
        seen = set()
        node = at
        while node != root and node not in seen and node in members:
            seen.add(node)
            node = heads[node]
        if node != root:
            heads[at] = root


def _accusative_subjects_as_objects(pending: list[tuple[Any, int]], deps: list[str]) -> None:
    """A noun the syntax model calls the subject while the morphology model reads it as
    accusative is the object: «задержали Марину Белову» has no subject, and a name the
    syntax model has not seen («задержали Торбину X») is often taken for one. The two
    models disagree; a Russian subject is never in the accusative."""
    for token, at in pending:
        if (deps[at] == "nsubj" and token.pos in ("NOUN", "PROPN")
                and (token.feats or {}).get("Case") == "Acc"):
            deps[at] = "obj"


def _root_of_last_sentence(heads: list[int]) -> int:
    at = len(heads) - 1
    while heads[at] != at:
        at = heads[at]
    return at


def _entities(doc: Doc, offset: int, analysed: Any, tools: _Natasha) -> list[Span]:
    """One line's names as spans of `doc`, organisations' nominative forms noted."""
    found = []
    normal: dict[tuple[int, int], str] = doc.user_data[NORMAL_FORMS]
    for span in analysed.spans:
        label = _ENTITY_LABELS.get(span.type)
        if label is None:
            continue
        start, stop = offset + span.start, offset + span.stop
        char_span = doc.char_span(start, stop, label=label, alignment_mode="expand")
        if char_span is None:
            continue
        found.append(char_span)
        if label == "ORG":  # the only names read in natasha's normal form
            span.normalize(tools.morph_vocab)
            if span.normal:
                normal[(char_span.start_char, char_span.end_char)] = span.normal
    return found
