"""Whom a pronoun or a group noun most likely means, over either language's parse.

The scoring is the same in both languages (how often and how lately a person was named,
whether they are the subject just before, whether the text names them as a victim); which
parse labels mark a subject, a quote's speaker or a name that only modifies another noun
differs, and each language passes its own `ParseLabels` (`en/labels.py`,
`ru/participants.py`); `en/participants.py` calls it with the English ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from casefile.extract.doc import AnnotatedDoc, Mention


@dataclass(frozen=True)
class ParseLabels:
    # a clause's subject: what "he" in the next clause most likely continues
    subjects: frozenset[str]
    # a quote's speaker: a name in one of `speaker_deps` of one of `speech_verbs`
    speaker_deps: frozenset[str]
    speech_verbs: frozenset[str]
    # a name that only modifies a noun ("Velin critic") or owns one ("Velin's daughter")
    modifier_deps: frozenset[str]
    possessive_deps: frozenset[str]


def _root(doc: AnnotatedDoc, mention: Mention) -> Token | None:
    assert doc.spacy is not None
    span = doc.spacy.char_span(mention.start, mention.end, alignment_mode="expand")
    return None if span is None else span.root


def is_speaker(doc: AnnotatedDoc, mention: Mention, labels: ParseLabels) -> bool:
    """Mentions that introduce a quote ("said X", "her lawyer, X, said") are poor
    antecedents."""
    root = _root(doc, mention)
    while root is not None and root.dep_ == "appos" and root.head.i != root.i:
        root = root.head  # "His lawyer, X, said": the noun X stands beside speaks
    return root is not None and (
        root.dep_ in labels.speaker_deps and root.head.lemma_ in labels.speech_verbs
    )


def speaks_for_another(doc: AnnotatedDoc, entity: str) -> bool:
    """A lawyer or a relative: what they say, or file, is for someone else."""
    return bool({"lawyer", "relative"} & set(doc.persons[entity].roles))


def _modifier_only(doc: AnnotatedDoc, mention: Mention, labels: ParseLabels) -> bool:
    """A name modifying another noun is not what a later pronoun points back to."""
    root = _root(doc, mention)
    return root is not None and (
        root.dep_ in labels.modifier_deps
        or (root.dep_ in labels.possessive_deps and root.head.pos_ == "NOUN")
    )


def antecedent(
    doc: AnnotatedDoc,
    before: int,
    labels: ParseLabels,
    kind: str = "person",
    gender: str | None = None,
) -> str | None:
    """The entity a pronoun before character `before` most likely means.

    Salience, not just recency: how often the entity was named so far, with a bonus for
    being named in the last few hundred characters. Quote speakers and officials are
    poor antecedents for the victims these texts are about.
    """
    scores: dict[str, float] = {}
    last: dict[str, int] = {}
    # Speakers count only when no one else can be meant: in "X said she was beaten", with
    # no other woman named before, "she" is X; a lawyer or a relative speaks for another.
    speakers: dict[str, float] = {}
    spoke_last: dict[str, int] = {}
    for mention in doc.mentions:
        if mention.start >= before or mention.kind != kind:
            continue
        if kind == "person" and (
            mention.entity in doc.officials
            or _modifier_only(doc, mention, labels)
            or (gender and doc.persons[mention.entity].gender not in (None, gender))
        ):
            continue
        if kind == "person" and is_speaker(doc, mention, labels):
            if speaks_for_another(doc, mention.entity):
                continue  # "her lawyer X said she ...": someone else
            speakers[mention.entity] = speakers.get(mention.entity, 0.0) + 1.0
            spoke_last[mention.entity] = mention.start
            continue
        scores[mention.entity] = scores.get(mention.entity, 0.0) + 1.0
        last[mention.entity] = mention.start
    if not scores:
        if len(speakers) != 1:
            return None
        scores, last = speakers, spoke_last
    topics = _recent_subjects(doc, before, labels) if kind == "person" else set()
    for entity, position in last.items():
        if entity in topics:
            scores[entity] += 5.0  # the subject just before is what "he" continues
        distance = before - position
        scores[entity] += 3.0 if distance < 250 else 1.5 if distance < 600 else 0.0
        scores[entity] = min(scores[entity], 8.0) + position / (before + 1)
        if entity in doc.named_victims:
            scores[entity] += 4.0
        if gender is not None and doc.persons[entity].gender == gender:
            scores[entity] += 2.0  # known to agree beats merely not known to disagree
    return max(scores, key=lambda e: scores[e])


def _recent_subjects(doc: AnnotatedDoc, before: int, labels: ParseLabels) -> set[str]:
    """Persons who are the subject of the previous sentence or of the current one so far:
    a text that names someone else often is still about the subject just before."""
    assert doc.spacy is not None
    here = doc.spacy.char_span(before, before + 1, alignment_mode="expand")
    if here is None:
        return set()
    sentence = here.sent
    previous = doc.spacy[sentence.start - 1].sent if sentence.start > 0 else sentence
    subjects: set[str] = set()
    for mention in doc.mentions:
        if mention.kind != "person" or not previous.start_char <= mention.start < before:
            continue
        span = doc.spacy.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        if root.dep_ == "appos":
            root = root.head
        if root.dep_ in labels.subjects:
            subjects.add(mention.entity)
    return subjects


# How many sentences back a counted group may gather its members one by one.
_ONE_BY_ONE = 2


def recent_group(
    doc: AnnotatedDoc, token: Token, size: int | None, labels: ParseLabels
) -> list[str]:
    """The people most recently named together, for "they", "the three", "both".

    Nearby sentences may hold more people than the group ("the two" of three named);
    further back only a sentence naming exactly that many people counts. A counted group
    may also be the people the last few sentences named one by one ("X was arrested. His
    friend Y was arrested the same day. The two students ...").
    """
    assert doc.spacy is not None
    sents = list(doc.spacy.sents)
    here = next(i for i, s in enumerate(sents) if s.start <= token.i < s.end)
    one_by_one: list[str] = []
    for distance, sent in enumerate(reversed(sents[: here + 1])):
        members: list[str] = []
        for mention in doc.mentions:
            if mention.kind != "person" or not sent.start_char <= mention.start < sent.end_char:
                continue
            if mention.start >= token.idx or mention.entity in doc.officials:
                continue
            if is_speaker(doc, mention, labels) or mention.entity in members:
                continue
            members.append(mention.entity)
        if size is not None and len(members) == size:
            return members
        # in the order the text named them ("respectively" pairs them so)
        one_by_one = [m for m in members if m not in one_by_one] + one_by_one
        if size is not None and distance <= _ONE_BY_ONE and len(one_by_one) == size and (
            len(members) < size
        ):
            return one_by_one
        if distance > 5:
            if size is None:
                break
            continue
        if size is None and len(members) >= 2:
            return members
        if size is not None and len(members) > size:
            return members[:size]
    return []
