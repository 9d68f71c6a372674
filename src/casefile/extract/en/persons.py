"""Who the document names, in English: the `persons` component.

spaCy's PERSON entities, cleaned (`en/names.py`) and clustered (`extract/persons.py`),
officials set apart (`en/officials.py`); then the names the recogniser missed: surnames
propagated to later mentions here, and names the context marks as a person's in
`en/person_cues.py`.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from typing import Any

from spacy.tokens import Doc, Span, Token

from casefile.extract.doc import AnnotatedDoc, Mention
from casefile.extract.en.countries import is_country_name
from casefile.extract.en.given_name_persons import add_given_name_persons
from casefile.extract.en.lexicon import HUMAN_NOUNS, ROLE_WORDS
from casefile.extract.en.names import (
    OFFICIAL_TITLES,
    PLACE_PREPOSITIONS,
    TITLES,
    clean_person_name,
    is_given_name,
)
from casefile.extract.en.officials import has_official_title, holds_power
from casefile.extract.en.outlets import organisation_names, persons_named_as_organisations
from casefile.extract.en.person_cues import (
    add_described_persons,
    add_list_members,
    add_titled_persons,
    common_words,
    is_common_phrase,
)
from casefile.extract.persons import add_person_mention
from casefile.extract.registry import Component, register


def _looks_like_place(ent: Span) -> bool:
    """"a town near Toulouse", "detained in Ngozi": the recogniser's PERSON is a place."""
    root = ent.root
    return root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPOSITIONS and len(ent) == 1


# "a statue of X", "the monument to X", "a school named after X": a name that is a
# monument's or an institution's, not a person of the text.
_COMMEMORATING = frozenset({("statue", "of"), ("monument", "to"), ("memorial", "to"),
                            ("bust", "of"), ("named", "after"), ("monument", "of"),
                            ("statues", "of"), ("monuments", "to")})


def _commemorated(span: Span) -> bool:
    """Whether the name follows "statue of", "named after" and the like."""
    if span.start < 2:
        return False
    before = span.doc[span.start - 2 : span.start]
    return (before[0].lower_, before[1].lower_) in _COMMEMORATING


def _name_part(ent: Span) -> Span:
    """The part of a recognised PERSON that can be the name: the longest line of it (the
    recogniser runs a name into the heading on the next line: "Arlen Tovas\nCurfews
    continue"), without a verb's -ing form before it ("Getting Tovas convicted")."""
    lines: list[Span] = []
    start = ent.start
    for token in ent:
        if token.is_space:  # spaCy makes a token of a line break
            if token.i > start:
                lines.append(ent.doc[start : token.i])
            start = token.i + 1
    if start < ent.end:
        lines.append(ent.doc[start : ent.end])
    part = max(lines, key=len) if lines else ent
    if len(part) > 1 and part[0].tag_ == "VBG" and part[0].lemma_ != part[0].lower_:
        part = part[1:]
    return part


# Words before a name that are no given name, though "Judge", "General", "Pastor" and
# "May" are given names too: titles, roles, months and days.
_NOT_GIVEN_NAMES = frozenset({
    *OFFICIAL_TITLES, *TITLES, *ROLE_WORDS, *HUMAN_NOUNS,
    *(m.lower() for m in (*calendar.month_name, *calendar.day_name) if m),
})


def _title_words(doc: AnnotatedDoc) -> frozenset[str]:
    """`_NOT_GIVEN_NAMES` and the words the text writes in lower case ("a major case")."""
    return _NOT_GIVEN_NAMES | common_words(doc)


def _with_given_name_before(doc: AnnotatedDoc, name: Span, titles: frozenset[str]) -> Span:
    """The name with the given name just before it that the recogniser left out
    ("arrested Nadia Velmar-Tosk" recognised as "Velmar-Tosk"): else the bare surname
    would join a relative the text names in full ("his wife, Ilse Velmar-Tosk")."""
    start = name.start
    while start > name.sent.start and name.end - start < 4:
        before = name.doc[start - 1]
        if (before.tag_ != "NNP" or before.ent_type_ not in ("", "PERSON")
                or before.i in doc.token_mentions or not before.text.istitle()
                or not is_given_name(before.text) or before.lower_ in titles):
            break
        start -= 1
    return name.doc[start : name.end]


def _propagate_names(doc: AnnotatedDoc) -> None:
    """Find the other mentions of names the recogniser found once.

    spaCy's small model tags "Mira Sandal" in one sentence and misses "Lena
    Sandal, 24," in the next; a proper-noun run that shares a surname with a known
    person, or repeats one, is that person too.
    """
    assert doc.spacy is not None
    # Family names come last in "Arlen Tovas" but first in "Qin Haoyu": any word of a name
    # that belongs to one person only can stand for them.
    owners: dict[str, set[str]] = {}
    for key, person in doc.persons.items():
        for word in re.split(r"[\s-]+", person.name):
            if len(word) >= 3 and word[0].isupper():
                owners.setdefault(word, set()).add(key)
    surnames = {word: next(iter(keys)) for word, keys in owners.items() if len(keys) == 1}
    single = {p.name for p in doc.persons.values() if len(p.name.split()) == 1}
    # A known name of two words or more, repeated whole, is that person however the
    # recogniser labels it there ("Le Vanh Oru" a person once and a facility once).
    full_names = {p.name for p in doc.persons.values() if len(p.name.split()) > 1}
    family_names = {name.split()[-1] for name in full_names} & set(surnames)
    if not surnames:
        return
    spacy_doc = doc.spacy
    i = 0
    while i < len(spacy_doc):
        token = spacy_doc[i]
        if token.i in doc.token_mentions or token.tag_ != "NNP":
            i += 1
            continue
        j = i
        while (
            j + 1 < len(spacy_doc) and spacy_doc[j + 1].tag_ == "NNP"
            and spacy_doc[j + 1].i not in doc.token_mentions and j - i < 3
        ):
            j += 1
        run = spacy_doc[i : j + 1]
        if token.ent_type_ not in ("", "PERSON", "ORG", "NORP") and not (
            (run.text in full_names or _surname_labelled_otherwise(run, family_names))
            and _stands_as_a_person(run)
        ):
            i += 1
            continue
        if len(run) == 1 and run.text in single:
            i = j + 1
            continue  # a one-word name the recogniser already judged elsewhere
        sole_owner = _one_owner_so_far(doc, owners, run)
        if run.text in full_names or (run[-1].text in surnames or sole_owner) and not any(
            t.ent_type_ in ("ORG", "NORP") and t.text not in surnames and not sole_owner
            for t in run
        ):
            name = clean_person_name(run.text)
            if name is not None:
                add_person_mention(doc, run, name)
        i = j + 1


def _one_owner_so_far(doc: AnnotatedDoc, owners: dict[str, set[str]], run: Span) -> bool:
    """A lone surname two persons share, only one of them named before it ("Corin Vell was
    detained. Vell was beaten, his wife Mara Vell said"): that one."""
    keys = owners.get(run[0].text, set()) if len(run) == 1 else set()
    if len(keys) < 2:
        return False
    first = {m.entity: m.start for m in reversed(doc.mentions) if m.entity in keys}
    return sum(1 for k in keys if first.get(k, run.start_char) < run.start_char) == 1


# What the recogniser calls a name it does not know: a place, a product, a work.
_NAMES_LABELLED_OTHERWISE = frozenset(
    {"GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LANGUAGE", "LAW"}
)


def _surname_labelled_otherwise(run: Span, family_names: set[str]) -> bool:
    """"Zellerby was tried", the recogniser's place or product, where Zellerby ends the
    name of one person the text names in full: that person, unless a country's name."""
    return (
        len(run) == 1 and run.text in family_names
        and run[0].ent_type_ in _NAMES_LABELLED_OTHERWISE and not is_country_name(run.text)
    )


def _stands_as_a_person(run: Span) -> bool:
    """A name the recogniser took for a place, where a person can stand: not the object
    of "in", "at", "from" ("held in Velsk"), nor a word before a noun ("the Velsk
    police")."""
    root = run.root
    return root.dep_ not in ("compound", "amod", "nmod", "npadvmod") and not (
        root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPOSITIONS
    )


_OPENING_QUOTES = frozenset({"“", '"', "‘", "'"})
_CLOSING_QUOTES = frozenset({"”", '"', "’", "'"})


def _nickname_end(doc: Doc, i: int) -> int | None:
    """Where the quoted nickname opening at token `i` ends (after its closing quote): one
    to three capitalised words in quotes, with a capitalised word on either side."""
    if doc[i].text not in _OPENING_QUOTES or i == 0 or not _capitalised(doc[i - 1]):
        return None
    for end in range(i + 2, min(i + 5, len(doc) - 1)):
        if doc[end].text in _CLOSING_QUOTES:
            inside = doc[i + 1 : end]
            if all(_capitalised(t) for t in inside) and _capitalised(doc[end + 1]):
                return end + 1
            return None
    return None


def _capitalised(token: Token) -> bool:
    return token.is_alpha and token.text[:1].isupper() and not token.text.isupper()


def _name_word_before(token: Token, common: frozenset[str]) -> bool:
    """A word that may begin the name ("Ana" in "Ana Marta “Mika” Sol"), not a capitalised
    description ("Activist Arlen “Fox” Tovas")."""
    lower = token.lower_
    return _capitalised(token) and token.i > token.sent.start and not (
        lower in ROLE_WORDS or lower in HUMAN_NOUNS or lower in common
    )


def _introduced_as_person(doc: Doc, start: int, listed_after: int) -> bool:
    """A human noun just before the name ("activists"), or the name next in a list after
    the nicknamed name that ended at `listed_after` (", ", " and ", ", and ")."""
    before = doc[start - 1] if start > 0 else None
    if before is not None and (
        before.lower_ in HUMAN_NOUNS or before.lemma_.lower() in HUMAN_NOUNS
    ):
        return True
    between = [t.lower_ for t in doc[listed_after:start]] if listed_after >= 0 else None
    return between in ([","], ["and"], [",", "and"])


def _add_nicknamed_persons(doc: AnnotatedDoc) -> None:
    """"Arlen “Fox” Tovas": a name with a quoted nickname inside is the name without it
    (the recogniser splits it, or takes it for a title of a work). One or two capitalised
    words on each side; a person's name if the recogniser saw a person in it or its first
    word is a given name or a human noun or another such name in a list comes before it
    ("activists Arlen “Fox” Tovas, Ilse “Wren” Marov"), and no word of it is a common one."""
    assert doc.spacy is not None
    spacy_doc = doc.spacy
    common = common_words(doc)
    listed_after = -1  # where the last nicknamed name found ends
    for token in spacy_doc:
        after = _nickname_end(spacy_doc, token.i)
        if after is None:
            continue
        open_at = token.i
        start = open_at - 1
        if start > 0 and _name_word_before(spacy_doc[start - 1], common):
            start -= 1
        end = after + 1
        if end < len(spacy_doc) and _capitalised(spacy_doc[end]):
            end += 1
        before, behind = spacy_doc[start:open_at], spacy_doc[after:end]
        name = clean_person_name(f"{before.text} {behind.text}")
        span = spacy_doc[start:end]
        if name is None or is_common_phrase(name, common) or any(
            t.i in doc.token_mentions for t in span
        ) or not (
            any(t.ent_type_ == "PERSON" for t in span) or is_given_name(before[0].text)
            or _introduced_as_person(spacy_doc, start, listed_after)
        ):
            continue
        add_person_mention(doc, span, name)
        listed_after = end


_CREDIT_WORDS = frozenset({"photo", "photos", "photograph", "picture", "image", "video",
                           "credit", "credits", "courtesy"})


def _forget_mentions_at(
    doc: AnnotatedDoc, gone: Callable[[Span], bool], kind: str | None = None
) -> None:
    """Drop the mentions (of `kind`, if given) whose words `gone` picks, and the persons
    left with none. Used for a picture's credit ("© Ilse Marov", "Photo: Ilse Marov",
    "Photograph by X", "courtesy of X"), which names who made a picture, not whom the text
    is about (and a pronoun after a caption is no reference to the photographer); and for
    a monument's or an institution's name ("statue of X")."""
    assert doc.spacy is not None
    spacy_doc = doc.spacy

    def at(mention: Mention) -> bool:
        if kind is not None and mention.kind != kind:
            return False
        span = spacy_doc.char_span(mention.start, mention.end, alignment_mode="expand")
        return span is not None and gone(span)

    _forget_mentions(doc, at)


def _credited(ent: Span) -> bool:
    """Whether the name follows a credit's words: "©", "Photo:", "Photograph by"; or is
    joined by a slash to an agency's name, as a wire photographer's credit is
    ("AGENCY/Ilse Marov", "Ilse Marov/AGENCY via ...")."""
    doc = ent.doc
    if ent.start > 0 and doc[ent.start - 1].text == "/" or (
        ent.end < len(doc) and doc[ent.end].text == "/"
    ):
        return True
    before = [t for t in ent.doc[max(0, ent.start - 4) : ent.start] if not t.is_space]
    if not before:
        return False
    if any(t.text == "©" for t in before[-2:]):
        return True
    if before[-1].lower_ == "of":  # "courtesy of X", but "photos of X" shows X
        return len(before) > 1 and before[-2].lower_ == "courtesy"
    return before[-1].lower_ in (":", "by") and any(
        t.lower_ in _CREDIT_WORDS for t in before[:-1]
    )


def _drop_common_phrases(doc: AnnotatedDoc) -> None:
    """Persons the recogniser made of common words (`is_common_phrase`), with their
    mentions. Even in a list of people: keeping such a PERSON there ("Novak, Keller and
    Weber") found one surname in the name-swap probe and five false events on the
    sealed documents (2026-12-05)."""
    common = common_words(doc)
    dropped = {key for key, p in doc.persons.items() if is_common_phrase(p.name, common)}
    if dropped:
        _forget_mentions(doc, lambda m: m.entity in dropped)


def _forget_mentions(doc: AnnotatedDoc, gone: Callable[[Mention], bool]) -> None:
    """Drop the mentions `gone` picks, and the persons left with none. `gone` is asked once
    per mention, however many tokens the mention covers."""
    decided: dict[int, bool] = {}

    def is_gone(mention: Mention) -> bool:
        if id(mention) not in decided:
            decided[id(mention)] = gone(mention)
        return decided[id(mention)]

    kept = [m for m in doc.mentions if not is_gone(m)]
    if len(kept) == len(doc.mentions):
        return
    doc.mentions = kept
    doc.token_mentions = {i: m for i, m in doc.token_mentions.items() if not is_gone(m)}
    named = {m.entity for m in kept}
    for key in [k for k in doc.persons if k not in named]:
        del doc.persons[key]
        doc.officials.discard(key)


def _add_recognised(doc: AnnotatedDoc, ent: Span, name: str) -> None:
    mention = add_person_mention(doc, ent, name)
    if has_official_title(ent) or holds_power(ent):
        doc.officials.add(mention.entity)


@register("persons", needs=("spacy",), sets=("persons",))
def persons_factory(settings: dict[str, Any]) -> Component:
    def persons(doc: AnnotatedDoc) -> None:
        assert doc.spacy is not None
        _add_nicknamed_persons(doc)
        titles = _title_words(doc)
        found = []
        for ent in doc.spacy.ents:
            if any(t.i in doc.token_mentions for t in ent):
                continue  # a nicknamed name, read whole above
            if ent.label_ == "PERSON" and not _looks_like_place(ent):
                ent = _with_given_name_before(doc, _name_part(ent), titles)
                name = clean_person_name(ent.text)
                if name:
                    found.append((ent, name))
        # Fullest names first, so "Tovas" later joins "Arlen Tovas"; and the names the
        # context reveals before the recogniser's lone words, so that a surname two
        # persons share ("Rosmer Elsin-Bellwick" arrested, his wife "Evgenia
        # Elsin-Bellwick" recognised) can join the one the text is about.
        found.sort(key=lambda f: (-len(f[1].split()), f[0].start))
        lone = [(ent, name) for ent, name in found if len(name.split()) == 1]
        for ent, name in found:
            if len(name.split()) > 1:
                _add_recognised(doc, ent, name)
        add_described_persons(doc)
        add_titled_persons(doc)
        add_given_name_persons(doc)
        for ent, name in lone:
            if not any(t.i in doc.token_mentions for t in ent):
                _add_recognised(doc, ent, name)
        _propagate_names(doc)
        if add_list_members(doc):
            _propagate_names(doc)  # the other mentions of a name found only in a list
        _drop_common_phrases(doc)
        _forget_mentions_at(doc, _credited)
        _forget_mentions_at(doc, _commemorated, kind="person")
        # "the newspaper Aurora" is no person, here or wherever the text names it
        outlets = persons_named_as_organisations(doc, organisation_names(doc.spacy))
        if outlets:
            _forget_mentions(doc, lambda m: m.kind == "person" and m.entity in outlets)
        doc.mentions.sort(key=lambda m: m.start)

    return persons

