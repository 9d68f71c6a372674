"""Names that begin with a given name, however the recogniser labelled them.

The small English model reads many names from outside Europe and America as places,
organisations or titles of works; a run of capitalised proper nouns that starts with a
given name (`names.is_given_name`) is a person's all the same unless a word of it says
otherwise. Called by the `persons` component (`en/persons.py`).
"""

from __future__ import annotations

from spacy.tokens import Token

from casefile.extract.doc import AnnotatedDoc
from casefile.extract.en.countries import country_code
from casefile.extract.en.lexicon import HUMAN_NOUNS
from casefile.extract.en.names import (
    HYPHENS,
    NAME_PARTICLES,
    NOT_NAMES,
    OFFICIAL_TITLES,
    TITLES,
    clean_person_name,
    is_given_name,
    joins_name,
)
from casefile.extract.en.person_cues import ORGANISATION_WORDS, common_words, is_title
from casefile.extract.persons import add_person_mention


def add_given_name_persons(doc: AnnotatedDoc) -> None:
    """A run of two to four capitalised proper nouns that starts with a given name
    ("Narges Vahedi", which the recogniser took for a place and the parser for a list),
    however the recogniser labelled it: none of its words an organisation's or a place's,
    a country, or a word the text also writes in lower case ("Grace Church", "Victoria
    Station" are not persons)."""
    assert doc.spacy is not None
    common = common_words(doc)
    tokens = list(doc.spacy)
    for token in tokens:
        if not _name_word(token) or token.text.isupper() or len(token) < 3 or (
            token.i > 0 and _name_word(tokens[token.i - 1]) and not is_title(tokens[token.i - 1])
        ) or not is_given_name(token.text):
            continue  # a name's first word only ("Lawyer Anna X" too), not "RED" or "El"
        end, words = token.i + 1, 1
        while end < len(tokens) and words < 4 and tokens[end].sent.start == token.sent.start:
            if _name_word(tokens[end]):
                end, words = end + 1, words + 1
                continue
            if (tokens[end].text in HYPHENS and not tokens[end - 1].whitespace_
                    and not tokens[end].whitespace_ and end + 1 < len(tokens)
                    and _name_word(tokens[end + 1])):
                end += 2  # "Anne-Marie", "Al-Khatib": one word of the name
                continue
            # "al-Hallaq", "bin Salem": a particle inside a name
            joined = end
            if tokens[joined].text in NAME_PARTICLES:  # lower case: "al", "bin"
                joined += 1
                if joined < len(tokens) and tokens[joined].text in HYPHENS:
                    joined += 1
            if joined == end or joined >= len(tokens) or not _name_word(tokens[joined]):
                break
            end, words = joined + 1, words + 1
        span = doc.spacy[token.i : end]
        if words < 2 or any(t.i in doc.token_mentions for t in span) or any(
            {t.lower_, _singular(t.lower_)} & ORGANISATION_WORDS
            or t.lower_ in OFFICIAL_TITLES or t.lower_ in TITLES or t.lower_ in HUMAN_NOUNS
            or t.lower_ in _PLACE_WORDS or t.lower_ in NOT_NAMES or t.lower_ in common
            or t.ent_type_ in ("DATE", "TIME", "MONEY")
            for t in span if not joins_name(t, span)
        ) or country_code(span.text):
            continue
        name = clean_person_name(span.text)
        if name is not None:
            add_person_mention(doc, span, name)


def _name_word(token: Token) -> bool:
    return token.tag_ in ("NNP", "NNPS") and token.text[:1].isupper() and token.is_alpha


def _singular(word: str) -> str:
    """"ministries" -> "ministry", "forces" -> "force": proper nouns keep their plural
    as their lemma."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


# Name words of places that `ORGANISATION_WORDS` leaves out ("Santa Clara Valley").
_PLACE_WORDS = frozenset({"valley", "river", "lake", "mount", "island", "islands", "street",
                          "avenue", "road", "square", "bay", "beach", "falls", "park",
                          "bridge", "station", "airport", "prison", "camp", "village",
                          "santa", "san", "saint", "st", "fort", "port", "new"})
