"""English person names: a recognised name cleaned of titles and possessives, or refused;
which words are given names (gender-guesser's dictionary) and of which gender.

Shared by the `persons` component (`en/persons.py`), the cues from context that find the
names it missed (`en/person_cues.py`, `en/given_name_persons.py`), participant
resolution (`en/participants.py`), gender, the learnt models' features and the name-swap
probe.
"""

from __future__ import annotations

import re
from functools import cache

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Span, Token

from casefile.extract.en.countries import country_code
from casefile.extract.en.lexicon import ROLE_WORDS

TITLES = frozenset(
    {"mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "madam", "mr.", "mrs.",
     "ms.", "dr.", "prof.", "st.", "saint", "sheikh", "imam", "pastor", "father"}
)
# Words spaCy's small model sometimes tags as PERSON that never are one here.
NOT_NAMES = frozenset(
    {"he", "she", "they", "article", "amnesty", "god", "allah", "covid", "twitter", "facebook",
     "telegram", "instagram", "youtube", "whatsapp", "tiktok", "kremlin"}
)
# Lower-case words that belong inside names: "Yusuf el Maran", "van", "bin".
NAME_PARTICLES = frozenset(
    {"de", "da", "del", "der", "van", "von", "bin", "bint", "ibn", "el", "al", "abd", "abu", "la",
     "le", "di", "du", "dos", "das", "ben", "y", "ould", "oglu"}
)
# Titles that mark a person as an official: the records are about their victims.
OFFICIAL_TITLES = frozenset(
    {"president", "minister", "judge", "prosecutor", "king", "prince", "ayatollah", "premier",
     "chancellor", "governor", "mayor", "general", "colonel", "spokesman", "spokesperson",
     "spokeswoman", "chairman", "dictator", "strongman", "senator", "secretary",
     "ambassador", "commissioner", "rapporteur", "emperor", "sheikh", "sultan", "emir"}
)
# The last word of an institution's or a document's name, never of a person's here: "the
# High Criminal Court", "the Grain Deal", "Human Rights Watch", which spaCy's small model
# sometimes tags as PERSON.
INSTITUTION_WORDS = frozenset(
    {"court", "ministry", "committee", "council", "union", "party", "movement", "association",
     "foundation", "university", "institute", "agency", "bureau", "deal", "region",
     "province", "district", "republic", "army", "police", "academy", "college", "tribunal",
     "watch", "code", "agreement", "commission", "parliament", "assembly", "government",
     "department", "network", "coalition", "alliance", "federation", "centre", "center"}
)
# Words of a place's or a body's name that no person's name holds, wherever they stand:
# "Isa Town", "Rafi Local Government Area", "the Odo Ota Division", "Ovd Info".
_NEVER_IN_PERSON_NAMES = INSTITUTION_WORDS | frozenset(
    {"the", "town", "city", "village", "local", "division", "area", "state", "county",
     "corporation", "media", "info", "news", "times", "daily", "airport", "hospital",
     "prison", "station"}
)
# Capitalised small words that join a headline's words, never a name's.
_SMALL_WORDS = frozenset({"To", "By", "For", "With", "From", "And", "Or", "In", "On", "At",
                          "Is", "Was", "Are", "Were", "Be", "Has", "Have", "Not"})
_ACRONYM_WORD = re.compile(r"^[A-Z]{2,5}s?$")
# A particle joined to the name it belongs to: "al-Hallaq", "el-Baqer", "d'Estaing".
_PARTICLE_JOINED = re.compile(
    r"^(?:al|el|ul|ud|ad|as|ash|at|az|ar|an|bin|ibn|abu|abd|di|da|de|d|l)[-‐‑'’][A-ZÀ-ÝĀ-Ž]"
)


def clean_person_name(text: str) -> str | None:
    """A person's name as the text gives it, without titles, possessives or line breaks."""
    words = text.replace("’s", "").replace("'s", "").split()
    while words and words[0].casefold() in TITLES:
        words = words[1:]
    while len(words) > 2 and words[0].casefold() in ROLE_WORDS:
        words = words[1:]  # "Lawyer Kathy Marov" at the start of a sentence
    words = [w.strip(",.;:()[]\"“”'‘’") for w in words]
    words = [w for w in words if w]
    if any(mark in w for w in words for mark in "/@|:\"“”"):
        return None  # bylines, handles, a link's label: "Ilse Marov/VNA", "READ| Arlen"
    if any(w in _SMALL_WORDS for w in words[1:-1]):
        return None  # a headline's words: "Tovas To Be Freed" (but "James To" is a name)
    if not words or len(words) > 6:
        return None
    name = " ".join(words)
    if any(ch.isdigit() for ch in name) or not name[0].isupper():
        return None
    if any(w[0].islower() and w.casefold() not in NAME_PARTICLES
           and not _PARTICLE_JOINED.match(w) for w in words):
        return None  # "Tovas co-founded", "Marov last posted": the recogniser ran past the name
    if country_code(name) or (name.isupper() and (len(name) <= 6 or len(words) == 1)):
        return None  # acronyms, and a dateline's place: "KAMPALA —"
    if any(_ACRONYM_WORD.match(w) or country_code(w) for w in words):
        return None  # "First UA", "EFF Condemns", "JWs", "Belarusian YouTubers"
    if len(words) > 1 and any(
        w.casefold() in _NEVER_IN_PERSON_NAMES or w == "NGO" for w in words
    ):
        return None
    if len(words) == 1 and (words[0].casefold() in ROLE_WORDS or words[0].casefold() in STOP_WORDS):
        return None  # "Journalist" in a headline
    if len(words) == 1 and (words[0].casefold() in NOT_NAMES or len(words[0]) < 3):
        return None
    if name.isupper() and len(name) > 3:
        name = name.title()
    return name


@cache
def dictionary_words() -> frozenset[str]:
    """WordNet's English nouns, adjectives, verbs and adverbs (some 90,000), as the
    lemmatizer tables of the pinned spaCy English pipeline ship them; empty if that
    pipeline is not installed."""
    import spacy
    from spacy.lookups import Lookups

    from casefile.extract.pipeline import DEFAULT_MODEL

    try:
        root = spacy.util.get_package_path(DEFAULT_MODEL)
    except (ImportError, ModuleNotFoundError):
        return frozenset()
    words: set[str] = set()
    for path in root.glob("*/lemmatizer/lookups"):
        index = Lookups().from_disk(path).get_table("lemma_index", {})
        for part in ("noun", "adj", "verb", "adv"):
            words.update(w for w in index.get(part, ()) if "_" not in w)
    return frozenset(words)


PLACE_PREPOSITIONS = frozenset({"in", "near", "at", "outside", "from", "to", "into", "across"})


def looks_like_place(token: Token) -> bool:
    """"detained in Ngozi": a name after a preposition of place is more likely a place."""
    return token.dep_ == "pobj" and token.head.lower_ in PLACE_PREPOSITIONS


@cache
def _given_names() -> object:
    """gender-guesser's dictionary of some 61,000 given names from every continent."""
    from gender_guesser.detector import Detector

    return Detector(case_sensitive=False)


def is_given_name(word: str) -> bool:
    detector = _given_names()
    return detector.get_gender(word) != "unknown"  # type: ignore[attr-defined]


_GENDERS = {"male": "m", "mostly_male": "m", "female": "f", "mostly_female": "f"}


def given_name_gender(word: str, strict: bool = False) -> str | None:
    """"m" or "f" for a given name the dictionary reads as mostly one gender's (`strict`:
    as only one gender's), else None."""
    found = _given_names().get_gender(word)  # type: ignore[attr-defined]
    if strict and found not in ("male", "female"):
        return None
    return _GENDERS.get(found)


HYPHENS = frozenset({"-", "‐", "‑"})


def joins_name(token: Token, span: Span) -> bool:
    """A hyphen or a lower-case particle inside a name ("-" of "Elsin-Bellwick", "el" of
    "Karim el-Okafor"): part of it, though no capitalised word; "El" or "La" capitalised
    begins a place's name as often ("El Paso") and is judged as a word."""
    return span.start < token.i < span.end - 1 and (
        token.tag_ == "HYPH" or token.text in HYPHENS or token.text in NAME_PARTICLES
    )
