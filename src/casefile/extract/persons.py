"""Person clusters shared by both languages: a name mention joined to the person it names.

Each language finds the names its own way (`en/persons.py`, `ru/entities.py`) and hands each
one here, so "Tovas" later joins "Arlen Tovas" alike in English and Russian.
"""

from __future__ import annotations

from rapidfuzz.fuzz import ratio
from spacy.tokens import Span

from casefile.extract.doc import AnnotatedDoc, Mention, PersonEntity
from casefile.names import name_key, name_word_list, name_words

# How alike two spellings of one word of a name must be ("Anastasia" / "Anastasiya",
# "Stefanivich" / "Stefanovich"; "Ahmet" / "Mehmet", brothers, stay apart), and how long.
_SPELLING_RATIO = 80.0
_SPELLING_MIN_LENGTH = 4
# A word alone has no other word to confirm it: closer and longer ("Salma" is not "Salim").
_ONE_WORD_RATIO = 85.0
_ONE_WORD_MIN_LENGTH = 6


def add_person_mention(doc: AnnotatedDoc, span: Span, name: str) -> Mention:
    """Attach a mention of `name` to the best matching person in the document, or a new one."""
    entity_key = _match_person(doc, name, span.start_char, _neighbour_words(span))
    if entity_key is None:
        entity_key = name_key(name)
        doc.persons[entity_key] = PersonEntity(name=name, first_offset=span.start_char)
    entity = doc.persons[entity_key]
    entity.aliases.add(name)
    if len(name_words(name)) > len(name_words(entity.name)):
        entity.name = name
    mention = Mention(span.start_char, span.end_char, entity_key, "person")
    doc.mentions.append(mention)
    for token in span:
        doc.token_mentions[token.i] = mention
    return mention


def _neighbour_words(span: Span) -> frozenset[str]:
    """The capitalised words just around a name: "Lena" followed by "Ukwuzor"."""
    doc = span.doc
    around = [doc[i] for i in (span.start - 1, span.end) if 0 <= i < len(doc)]
    return frozenset(w for t in around if t.text[:1].isupper() for w in name_words(t.text))


def _match_person(
    doc: AnnotatedDoc, name: str, offset: int, neighbours: frozenset[str] = frozenset()
) -> str | None:
    words = name_words(name)
    if name_key(name) in doc.persons:
        return name_key(name)
    candidates = [
        key for key, p in doc.persons.items()
        if words <= name_words(p.name) or (len(words) > 1 and name_words(p.name) <= words)
    ]
    if not candidates:
        return _spelling_variant(doc, name)
    if len(candidates) == 1:
        return candidates[0]
    # "Lena Ukwuzor" cut short to "Lena" by the recogniser, beside "Lena Tovas": the word
    # next to it tells which Lena.
    beside = [k for k in candidates if name_words(doc.persons[k].name) & (neighbours - words)]
    if len(beside) == 1:
        return beside[0]
    # An ambiguous short name ("Tovas" with Arlen Tovas and his father Miro Tovas named)
    # means the text's subject: the one named most often before it, else the one named
    # last. A relative introduced once in passing does not take over every later "Tovas".
    named: dict[str, tuple[int, int]] = {}
    for m in doc.mentions:
        if m.start < offset:
            count, _ = named.get(m.entity, (0, -1))
            named[m.entity] = (count + 1, m.start)
    return max(candidates, key=lambda key: named.get(key, (0, -1)))


def _spelling_variant(doc: AnnotatedDoc, name: str) -> str | None:
    """The one person whose name is `name` spelt another way, word for word: one word the
    same, the others alike ("Anastasia Shevchenko" and "Anastasiya Shevchenko" in one
    text); or, for one word, the one person with a word alike ("Magombeyi" for "Peter
    Mugombeyi")."""
    words = name_word_list(name)
    if len(words) == 1:
        return _one_word_variant(doc, words[0])
    found = []
    for key, person in doc.persons.items():
        others = name_word_list(person.name)
        if len(others) != len(words) or not set(words) & set(others):
            continue
        if all(a == b or (min(len(a), len(b)) >= _SPELLING_MIN_LENGTH
                          and ratio(a, b) >= _SPELLING_RATIO)
               for a, b in zip(words, others, strict=True)):
            found.append(key)
    return found[0] if len(found) == 1 else None


def _one_word_variant(doc: AnnotatedDoc, word: str) -> str | None:
    """The one person whose surname (the last word of a name of several) is `word` spelt
    another way: as long, alike, and neither the other with an ending added ("Petrov" and
    "Petrova" are two people). Not a given name: "Karrar" and "Karar Nushi" are two
    people as often as one."""
    if len(word) < _ONE_WORD_MIN_LENGTH:
        return None
    found = set()
    for key, person in doc.persons.items():
        words = name_word_list(person.name)
        other = words[-1]
        if len(words) > 1 and abs(len(other) - len(word)) <= 1 and not (
            other.startswith(word) or word.startswith(other)
        ) and ratio(word, other) >= _ONE_WORD_RATIO:
            found.add(key)
    return next(iter(found)) if len(found) == 1 else None
