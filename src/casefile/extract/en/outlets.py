"""Names that a noun of organisations names: "the newspaper Kestrel Voice", "news website
Velska", "the Kestrel newspaper", "the political party "People First"", "Orbnet, the
website he founded".

The small recogniser takes many outlets' and groups' names for persons ("Aurora" is a
given name) or misses them, so the persons component made them people and the rules
never saw the organisation a ban or a closure concerns. The common noun beside the
name settles what it is, whatever the recogniser's label. Read by the persons component
(such a name is no person) and the organisations component (it is an organisation).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from casefile.extract.doc import AnnotatedDoc

# Common nouns of organisations, by lemma: outlets, parties, groups. Lower case in the
# text: a capitalised "Network" is part of the name itself.
ORGANISATION_NOUNS = frozenset({
    "newspaper", "paper", "daily", "weekly", "magazine", "outlet", "website", "site",
    "portal", "channel", "broadcaster", "station", "network", "tv", "television", "radio",
    "publication", "journal", "platform", "party", "movement", "organisation",
    "organization", "group", "association", "union", "foundation", "ngo", "charity",
    "society", "coalition", "alliance", "federation", "centre", "center", "committee",
})
_QUOTES = frozenset({'"', "“", "”", "«", "»", "'", "‘", "’"})
_MAX_WORDS = 6


_FOUND = "casefile.organisation_names"  # key in the parse's user_data


def organisation_names(doc: Doc) -> list[Span]:
    """Every span of `doc` that an organisation noun beside it names, in text order (read
    once per parse: the persons and the organisations components both ask)."""
    cached: list[Span] | None = doc.user_data.get(_FOUND)
    if cached is None:
        cached = doc.user_data[_FOUND] = _organisation_names(doc)
    return cached


def _organisation_names(doc: Doc) -> list[Span]:
    found: dict[tuple[int, int], Span] = {}
    for token in doc:
        if token.lemma_.lower() not in ORGANISATION_NOUNS or not token.is_lower \
                or token.pos_ != "NOUN":
            continue
        for span in _names_beside(token):
            found.setdefault((span.start, span.end), span)
    return [found[k] for k in sorted(found)]


def persons_named_as_organisations(doc: AnnotatedDoc, names: list[Span]) -> set[str]:
    """The persons (by key) one of whose mentions is one of the organisation `names`, who
    are known by no more than it: "Aurora" beside "newspaper", but not the person of "the
    Marrow foundation" when the text names Ilse Marrow."""
    found: set[str] = set()
    for mention in doc.mentions:
        person = doc.persons.get(mention.entity)
        if mention.kind != "person" or person is None:
            continue
        for span in names:
            overlaps = (span.start_char <= mention.start < span.end_char
                        or mention.start <= span.start_char < mention.end)
            if overlaps and set(person.name.split()) <= set(span.text.split()):
                found.add(mention.entity)
    return found


def _names_beside(noun: Token) -> list[Span]:
    names: list[Span] = []
    # "the newspaper Kestrel Voice", "the party "People First"": the name in apposition
    for child in noun.children:
        if child.dep_ == "appos" and child.i > noun.i:
            quoted = _quoted_name(child)
            span = quoted or _proper_run(child)
            # right after the noun or its quote: not a later apposition ("the channel
            # Orbis -- Anna Keller and Ilse Marrow": the channel's journalists)
            if span is not None and span.start - noun.i <= (2 if quoted else 1):
                names.append(span)
    # "news website Velska", "network Orbis-TV": the noun qualifies the name;
    # "Orbnet, the website he founded": the noun is the name's apposition, unless the
    # name is a person's ("X, chairperson of the Y Association, a rights group": the
    # parser hangs the group on X)
    if _is_proper(noun.head) and (noun.dep_ == "compound" or (
            noun.dep_ == "appos" and noun.head.ent_type_ != "PERSON")):
        span = _proper_run(noun.head)
        if span is not None:
            names.append(span)
            # "news outlets Kestrelia and Velskinet": the list the noun qualifies
            if noun.dep_ == "compound":
                names += [r for c in noun.head.conjuncts if _is_proper(c)
                          for r in [_proper_run(c)] if r is not None]
    # "the Kestrel newspaper", "Aurora newspaper", "Velskinet media outlets": the name
    # qualifies the noun, perhaps through other common nouns of it
    run = [c for c in noun.lefts if c.dep_ == "compound" and _is_proper(c)]
    if run and all(
        t.is_lower and t.dep_ == "compound" and t.head.i == noun.i
        for t in noun.doc[run[-1].i + 1 : noun.i]
    ):
        span = _proper_run(run[-1])
        if span is not None and span.end == run[-1].i + 1:
            names.append(span)
    return names


def _is_proper(token: Token) -> bool:
    """A capitalised word that is a name's: tagged a proper noun, or inside an entity the
    recogniser labelled ("TV" in "Orbis-TV")."""
    return token.text[:1].isupper() and (token.tag_ in ("NNP", "NNPS") or bool(token.ent_type_))


def _proper_run(token: Token) -> Span | None:
    """The capitalised words around `token` that its name is made of ("Orbis - TV")."""
    if not token.text[:1].isupper():
        return None
    doc = token.doc
    start = token.i
    while start > token.sent.start and _name_word(doc[start - 1]) and token.i - start < _MAX_WORDS:
        start -= 1
    end = token.i + 1
    while end < token.sent.end and _name_word(doc[end]) and doc[end].head.i == token.i \
            and end - start < _MAX_WORDS:
        end += 1
    while start < token.i and doc[start].tag_ == "HYPH":
        start += 1
    return doc[start:end]


def _name_word(token: Token) -> bool:
    """A word of a name: a proper one, or a hyphen inside a word ("Orbis-TV"; not the
    dash of "the channel Orbis -- Anna Keller, ...")."""
    if token.tag_ == "HYPH" or token.is_punct:
        return (token.tag_ == "HYPH" and not token.whitespace_ and token.i > 0
                and not token.doc[token.i - 1].whitespace_)
    return _is_proper(token)


def _quoted_name(token: Token) -> Span | None:
    """The name in quotes that `token` opens: one to five capitalised words."""
    doc = token.doc
    if token.i == 0 or doc[token.i - 1].text not in _QUOTES:
        return None
    for end in range(token.i + 1, min(token.i + _MAX_WORDS, token.sent.end)):
        if doc[end].text in _QUOTES:
            words = doc[token.i:end]
            if all(t.text[:1].isupper() or t.is_punct or t.lower_ in ("of", "for", "the", "and")
                   for t in words):
                return words
            return None
    return None
