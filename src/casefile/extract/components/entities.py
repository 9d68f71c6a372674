"""Who the document names: persons, organisations, the country, and people's roles."""

from __future__ import annotations

import re
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Span, Token

from casefile.extract.country import vote_country
from casefile.extract.doc import AnnotatedDoc, Mention, OrganisationEntity, PersonEntity
from casefile.extract.en.countries import HOST_STATES, country_code
from casefile.extract.en.lexicon import HUMAN_NOUNS, ROLE_WORDS
from casefile.extract.registry import Component, register
from casefile.names import name_key, name_words

_TITLES = frozenset(
    {"mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "madam", "mr.", "mrs.",
     "ms.", "dr.", "prof.", "st.", "saint", "sheikh", "imam", "pastor", "father"}
)
# Words spaCy's small model sometimes tags as PERSON that never are one here.
_NOT_NAMES = frozenset(
    {"he", "she", "they", "article", "amnesty", "god", "allah", "covid", "twitter", "facebook",
     "telegram", "instagram", "youtube", "whatsapp", "tiktok", "kremlin"}
)
# Lower-case words that belong inside names: "Yusuf el Maran", "van", "bin".
_NAME_PARTICLES = frozenset(
    {"de", "da", "del", "der", "van", "von", "bin", "bint", "ibn", "el", "al", "abd", "abu", "la",
     "le", "di", "du", "dos", "das", "ben", "y", "ould", "oglu"}
)
# Titles that mark a person as an official: the records are about their victims.
_OFFICIAL_TITLES = frozenset(
    {"president", "minister", "judge", "prosecutor", "king", "prince", "ayatollah", "premier",
     "chancellor", "governor", "mayor", "general", "colonel", "spokesman", "spokesperson",
     "spokeswoman", "chairman", "dictator", "strongman", "senator", "secretary",
     "ambassador", "commissioner", "rapporteur", "emperor", "sheikh", "sultan", "emir"}
)
_ACRONYM_WORD = re.compile(r"^[A-Z]{2,5}s?$")
# Whose government or regime it is: "Ostap Velin's government", "the Velin regime".
_POWER_NOUNS = frozenset(
    {"government", "regime", "administration", "cabinet", "forces", "troops", "police",
     "security", "services", "rule", "crackdown", "party", "office", "spokesman", "army"}
)
_ACRONYM = re.compile(
    r"\b((?:[A-Z][\w’'-]+|of|for|the|and|in|on)(?:[ \t]+(?:[A-Z][\w’'-]+|of|for|the|and|in|on))+)"
    r"[ \t]*\(([A-Z][A-Za-z]{1,9})\)"
)


def clean_person_name(text: str) -> str | None:
    """A person's name as the text gives it, without titles, possessives or line breaks."""
    words = text.replace("’s", "").replace("'s", "").split()
    while words and words[0].casefold() in _TITLES:
        words = words[1:]
    words = [w.strip(",.;:()[]\"“”") for w in words]
    words = [w for w in words if w]
    if any("/" in w or "@" in w for w in words):
        return None  # bylines and handles: "Ilse Marov/VNA"
    if not words or len(words) > 6:
        return None
    name = " ".join(words)
    if any(ch.isdigit() for ch in name) or not name[0].isupper():
        return None
    if any(w[0].islower() and w.casefold() not in _NAME_PARTICLES for w in words):
        return None  # "Tovas co-founded", "Marov last posted": the recogniser ran past the name
    if country_code(name) or (name.isupper() and len(name) <= 6):
        return None
    if any(_ACRONYM_WORD.match(w) or country_code(w) for w in words):
        return None  # "First UA", "EFF Condemns", "JWs", "Belarusian YouTubers"
    if len(words) == 1 and (words[0].casefold() in ROLE_WORDS or words[0].casefold() in STOP_WORDS):
        return None  # "Journalist" in a headline
    if len(words) == 1 and (words[0].casefold() in _NOT_NAMES or len(words[0]) < 3):
        return None
    if name.isupper() and len(name) > 3:
        name = name.title()
    return name


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
        return None
    if len(candidates) == 1:
        return candidates[0]
    # "Lena Ukwuzor" cut short to "Lena" by the recogniser, beside "Lena Tovas": the word
    # next to it tells which Lena.
    beside = [k for k in candidates if name_words(doc.persons[k].name) & (neighbours - words)]
    if len(beside) == 1:
        return beside[0]
    # An ambiguous short name ("Tovas") means the person mentioned last before it.
    last_seen = {m.entity: m.start for m in doc.mentions if m.start < offset}
    return max(candidates, key=lambda key: last_seen.get(key, -1))


_PLACE_PREPOSITIONS = frozenset({"in", "near", "at", "outside", "from", "to", "into", "across"})


def _looks_like_place(ent: Span) -> bool:
    """"a town near Toulouse", "detained in Ngozi": the recogniser's PERSON is a place."""
    root = ent.root
    return root.dep_ == "pobj" and root.head.lower_ in _PLACE_PREPOSITIONS and len(ent) == 1


def looks_like_place(token: Token) -> bool:
    return token.dep_ == "pobj" and token.head.lower_ in _PLACE_PREPOSITIONS


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
    if not surnames:
        return
    spacy_doc = doc.spacy
    i = 0
    while i < len(spacy_doc):
        token = spacy_doc[i]
        if token.i in doc.token_mentions or token.tag_ != "NNP" or token.ent_type_ not in (
            "", "PERSON", "ORG", "NORP"
        ):
            i += 1
            continue
        j = i
        while (
            j + 1 < len(spacy_doc) and spacy_doc[j + 1].tag_ == "NNP"
            and spacy_doc[j + 1].i not in doc.token_mentions and j - i < 3
        ):
            j += 1
        run = spacy_doc[i : j + 1]
        if len(run) == 1 and run.text in single:
            i = j + 1
            continue  # a one-word name the recogniser already judged elsewhere
        if run[-1].text in surnames and not any(
            t.ent_type_ in ("ORG", "NORP") and t.text not in surnames for t in run
        ):
            name = clean_person_name(run.text)
            if name is not None:
                add_person_mention(doc, run, name)
        i = j + 1


def _holds_power(ent: Span) -> bool:
    root = ent.root
    return root.dep_ in ("poss", "compound") and root.head.lemma_.lower() in _POWER_NOUNS


def _has_official_title(ent: Span) -> bool:
    """"President Ostap Velin", "Crown Prince X": a title that is part of the name."""
    doc = ent.doc
    inside = [t.lower_ for t in ent[:-1]]
    previous = doc[ent.start - 1] if ent.start > ent.sent.start else None
    titled = previous is not None and previous.lower_ in _OFFICIAL_TITLES and (
        ent.start <= previous.head.i < ent.end
    )
    # "Secretary of State Marek Solvin", "Foreign Minister X": a title a few words before
    before = doc[max(ent.sent.start, ent.start - 4) : ent.start]
    long_title = len(before) > 0 and all(
        t.text[:1].isupper() or t.lower_ == "of" for t in before
    ) and any(t.lower_ in _OFFICIAL_TITLES for t in before)
    return titled or long_title or any(w in _OFFICIAL_TITLES for w in inside)


@register("persons")
def persons_factory(settings: dict[str, Any]) -> Component:
    def persons(doc: AnnotatedDoc) -> None:
        assert doc.spacy is not None
        found = []
        for ent in doc.spacy.ents:
            if ent.label_ == "PERSON" and not _looks_like_place(ent):
                name = clean_person_name(ent.text)
                if name:
                    found.append((ent, name))
        # Fullest names first, so "Tovas" later joins "Arlen Tovas".
        for ent, name in sorted(found, key=lambda f: (-len(f[1].split()), f[0].start)):
            mention = add_person_mention(doc, ent, name)
            if _has_official_title(ent) or _holds_power(ent):
                doc.officials.add(mention.entity)
        _add_described_persons(doc)
        _add_titled_persons(doc)
        _propagate_names(doc)
        _add_list_members(doc)
        doc.mentions.sort(key=lambda m: m.start)

    return persons


_ORGANISATION_WORDS = frozenset(
    {"foundation", "group", "church", "media", "party", "union", "center", "centre",
     "association", "court", "committee", "council", "news", "service", "ministry",
     "movement", "university", "institute", "network", "agency", "office", "bureau",
     # outlets' and places' name words: "the Velsk Daily", "Middle East"
     "daily", "weekly", "times", "post", "standard", "tribune", "herald", "gazette", "press",
     "journal", "magazine", "radio", "television", "tv", "channel", "review", "express",
     "observer", "monitor", "courier", "photo", "pool", "progrès", "progress", "middle",
     "east", "west", "north", "south", "los", "las", "el", "la", "school", "police", "front",
     "district", "authority", "campaign", "national", "international", "united", "general",
     "hall", "state", "province", "city", "county", "region", "republic", "force", "army",
     "college", "academy", "polytechnic"}
)


def _is_human_description(token: Token) -> bool:
    if token.pos_ == "NOUN" and (
        token.lemma_.lower() in HUMAN_NOUNS or token.lemma_.lower() in _PERSON_CUES
    ):
        return True
    # an age in apposition: "Qin Haoyu, 19, ..."
    return token.like_num and token.text.isdigit() and 14 <= int(token.text) <= 99


def _add_described_persons(doc: AnnotatedDoc) -> None:
    """A proper name the recogniser missed or took for an organisation, that the text
    describes as a person: "Qin Haoyu, 19, a bakery worker", "a young man, Qin
    Haoyu"."""
    assert doc.spacy is not None
    for token in doc.spacy:
        if token.tag_ != "NNP" or token.dep_ == "compound" or token.i in doc.token_mentions:
            continue
        described = any(
            c.dep_ == "appos" and _is_human_description(c) for c in token.children
        ) or (token.dep_ == "appos" and _is_human_description(token.head))
        if not described:
            continue
        parts = [c for c in token.lefts if c.dep_ == "compound" and c.tag_ == "NNP"]
        span = doc.spacy[parts[0].i if parts else token.i : token.i + 1]
        if not 2 <= len(span) <= 4 or any(
            not t.text[:1].isupper() or t.i in doc.token_mentions
            or t.lower_ in _ORGANISATION_WORDS or t.ent_type_ in ("GPE", "LOC", "DATE")
            for t in span
        ):
            continue
        name = clean_person_name(span.text)
        if name is not None:
            add_person_mention(doc, span, name)


def _is_title(token: Token) -> bool:
    word = token.lower_
    return word in HUMAN_NOUNS or word in _OFFICIAL_TITLES or word in _TITLES or (
        token.lemma_.lower() in _PERSON_CUES
    )


def _common_words(doc: AnnotatedDoc) -> frozenset[str]:
    """Words the text also writes in lower case ("police", "campaign"): a capitalised
    run of them is a title or an institution, not a person's name."""
    assert doc.spacy is not None
    return frozenset(t.lower_ for t in doc.spacy if t.is_lower and t.is_alpha and len(t) > 2)


def _name_span(
    doc: AnnotatedDoc, head: Token, common: frozenset[str], longest: int = 4
) -> Span | None:
    """The proper-noun name ending at `head` ("Qirat" "Mbeleza"), if it could be a person's:
    capitalised words the recogniser gave no place, date or organisation word to, none
    of them a word the text also writes in lower case."""
    assert doc.spacy is not None
    parts = [t for t in head.lefts if t.dep_ == "compound" and t.tag_ == "NNP"]
    start = parts[0].i if parts else head.i
    while start < head.i and _is_title(doc.spacy[start]):
        start += 1  # "Deacon Hrodan Vessik": the title is no part of the name
    span = doc.spacy[start : head.i + 1]
    if not 1 <= len(span) <= longest or any(
        t.tag_ not in ("NNP", "NNPS") or not t.text[:1].isupper() or t.i in doc.token_mentions
        or t.lower_ in _ORGANISATION_WORDS or t.ent_type_ in ("DATE", "TIME", "MONEY")
        for t in span
    ):
        return None
    if len(span) == 1 and (
        span[0].ent_type_ in ("GPE", "LOC", "ORG", "FAC") or span[0].lower_ in HUMAN_NOUNS
        or span[0].lower_ in _OFFICIAL_TITLES
    ):
        return None  # one word a place, an organisation or a title ("Director")
    if all(t.ent_type_ in ("LOC", "FAC") for t in span) or any(
        t.lower_ in _NOT_NAMES or t.lower_ in common or country_code(t.text) for t in span
    ):
        return None
    return span


def _add_list_members(doc: AnnotatedDoc) -> None:
    """In a list that names people ("Ihar Tolmach, Alena Brusak, Viktar Hanchuk and Aleh
    Dziamko"), a conjunct that is a proper name is a person too, whatever label the
    recogniser gave it: a name of two to four words beside one known person, a one-word
    name beside two ("Tolmach, Brusak, Hanchuk")."""
    assert doc.spacy is not None
    heads = {
        doc.spacy[i] for i, m in doc.token_mentions.items()
        if m.kind == "person" and doc.spacy[i].dep_ != "compound"
    }
    common = _common_words(doc)
    for head in sorted(heads, key=lambda t: t.i):
        named = [c for c in head.conjuncts if c in heads]
        for conj in head.conjuncts:
            if conj.i in doc.token_mentions or conj.tag_ not in ("NNP", "NNPS"):
                continue
            span = _name_span(doc, conj, common)
            if span is None or (len(span) == 1 and not named):
                continue
            name = clean_person_name(span.text)
            if name is not None:
                add_person_mention(doc, span, name)
                heads.add(conj)


# Words before a name that say a person follows: "journalists Qirat Mbeleza", "Deacon X",
# "a man named X", "activists such as X".
_PERSON_CUES = frozenset({"defender", "deacon", "patriarch", "bishop", "priest", "cleric",
                          "monk", "nun", "student", "employee", "coordinator", "named"})
# What is done only to people: its object, or its passive subject, is a person.
_PERSON_ONLY_VERBS = frozenset(
    {"arrest", "detain", "jail", "imprison", "sentence", "convict", "execute", "torture",
     "abduct", "kidnap", "interrogate", "acquit", "murder", "assassinate", "beat"}
)


_KIN = frozenset({"daughter", "son", "wife", "husband", "mother", "father", "brother",
                  "sister", "widow", "child", "relative", "niece", "nephew", "grandson",
                  "granddaughter", "spouse", "fiancee", "fiancé", "cousin"})


def _human_word(token: Token) -> bool:
    lemma = token.lemma_.lower()
    return (token.tag_ in ("NN", "NNS") and lemma in HUMAN_NOUNS) or (
        lemma in _PERSON_CUES or token.lower_ in _PERSON_CUES
    )


def _cued(span: Span) -> bool:
    """The words around a name say it is a person's: a human noun just before it (also
    before "such as" or "including" there), an age ("57-year-old X"), a relative "who"
    after it, a relation to a person ("X's sister", "the daughter of X"), or a verb only
    people undergo ("executed X", "X was detained")."""
    doc = span.doc
    at = span.start - 1
    if at >= 1 and doc[at].lower_ == "as" and doc[at - 1].lower_ == "such":
        at -= 2
    elif at >= 0 and doc[at].lower_ == "including":
        at -= 1
        at -= int(at >= 0 and doc[at].text == ",")
    if at >= span.sent.start and _human_word(doc[at]):
        return True
    if at >= span.sent.start + 2 and doc[at].lower_ == "old" and doc[at - 2].lower_ in (
        "year", "years"
    ):
        return True
    after = [t.lower_ for t in doc[span.end : min(span.end + 2, span.sent.end)]]
    if after[:1] == ["who"] or after[:2] == [",", "who"]:
        return True
    head = span.root
    if head.dep_ == "poss" and _human_word(head.head):
        return True  # "Qirat Mbeleza's sister"
    if head.dep_ == "pobj" and head.head.lower_ == "of" and (
        head.head.head.lemma_.lower() in _KIN
    ) and doc[span.start - 1].lower_ == "of":
        return True  # "the daughter of Qirat Mbeleza" (but "members of the X Alliance")
    return (head.dep_ in ("dobj", "nsubjpass") and head.head.pos_ == "VERB"
            and head.head.lemma_.lower() in _PERSON_ONLY_VERBS)


def _add_titled_persons(doc: AnnotatedDoc) -> None:
    """A proper name of two to four words whose context says it names a person
    ("the detained journalists Pashkir Ulfan", "activists such as Saadi Morwenne", "Arlen
    Tovas, who was ...", "police detained Qirat Mbeleza"), however the recogniser labelled
    it."""
    assert doc.spacy is not None
    common = _common_words(doc)
    for token in doc.spacy:
        if token.tag_ != "NNP" or token.dep_ == "compound" or token.i in doc.token_mentions:
            continue
        span = _name_span(doc, token, common)
        if span is None or len(span) < 2 or not _cued(span):
            continue
        if country_code(span.text):
            continue
        name = clean_person_name(span.text)
        if name is not None:
            add_person_mention(doc, span, name)


@register("organisations")
def organisations_factory(settings: dict[str, Any]) -> Component:
    def organisations(doc: AnnotatedDoc) -> None:
        assert doc.spacy is not None
        acronyms: dict[str, str] = {}
        for match in _ACRONYM.finditer(doc.text):
            full = " ".join(match.group(1).split())
            full = re.sub(r"^(?:(?:the|of|for|and|in|on|The)\s+)+", "", full)
            key = name_key(full)
            org = doc.organisations.setdefault(
                key, OrganisationEntity(name=full, first_offset=match.start(1))
            )
            org.aliases.add(match.group(2))
            acronyms[match.group(2)] = key
        for ent in doc.spacy.ents:
            if ent.label_ != "ORG":
                continue
            name = " ".join(ent.text.split()).removeprefix("the ").removeprefix("The ")
            key = acronyms.get(name) or name_key(name)
            org = doc.organisations.setdefault(
                key, OrganisationEntity(name=name, first_offset=ent.start_char)
            )
            org.aliases.add(name)
            mention = Mention(ent.start_char, ent.end_char, key, "organisation")
            doc.mentions.append(mention)
            for token in ent:
                doc.token_mentions.setdefault(token.i, mention)
        # An acronym the text defined names the organisation wherever it recurs.
        for token in doc.spacy:
            defined = acronyms.get(token.text)
            if defined is not None and token.i not in doc.token_mentions:
                mention = Mention(token.idx, token.idx + len(token), defined, "organisation")
                doc.mentions.append(mention)
                doc.token_mentions[token.i] = mention
        doc.mentions.sort(key=lambda m: m.start)

    return organisations


@register("country")
def country_factory(settings: dict[str, Any]) -> Component:
    def country(doc: AnnotatedDoc) -> None:
        assert doc.spacy is not None
        named = [(country_code(ent.text), ent.start_char) for ent in doc.spacy.ents
                 if ent.label_ in ("GPE", "NORP", "LOC")]
        doc.country = vote_country(
            [(code, offset) for code, offset in named if code], hosts=HOST_STATES
        )

    return country


def _role_words_near(token: Token) -> list[Token]:
    """Nouns describing the person whose name ends at `token`."""
    sent = token.sent
    near: list[Token] = []
    # "activist and chess coach Arlen Tovas": the words just before the name.
    i = token.i - 1
    while i >= sent.start and token.i - i <= 8:
        t = token.doc[i]
        if t.pos_ in ("VERB", "AUX") or t.text in (";", ":", "(", ")") or t.dep_ == "prep":
            break
        near.append(t)
        i -= 1
    # "X, a journalist," / "X is a journalist".
    for child in token.children:
        if child.dep_ == "appos":
            near.extend(child.subtree)
    if token.dep_ == "appos":
        near.extend(t for t in token.head.subtree if t.i < token.i)
    if token.dep_ in ("nsubj",) and token.head.lemma_ == "be":
        for child in token.head.children:
            if child.dep_ == "attr":
                near.extend(child.subtree)
    return near


def roles_in(tokens: list[Token]) -> list[tuple[str, Token]]:
    found = []
    lowered = [t.lower_ for t in tokens]
    ordered = sorted(range(len(tokens)), key=lambda k: tokens[k].i)
    text = " ".join(lowered[k] for k in ordered)
    for phrase, role in ROLE_WORDS.items():
        if " " in phrase and f" {phrase} " in f" {text} ":
            found.append((role, tokens[ordered[0]]))
    for t in tokens:
        word_role = ROLE_WORDS.get(t.lemma_.lower()) or ROLE_WORDS.get(t.lower_)
        if word_role and t.pos_ in ("NOUN", "PROPN", "ADJ"):
            found.append((word_role, t))
    if any(r == "human_rights_defender" for r, _ in found):
        found = [(r, t) for r, t in found if r != "activist"]
    return found


@register("roles")
def roles_factory(settings: dict[str, Any]) -> Component:
    def roles(doc: AnnotatedDoc) -> None:
        assert doc.spacy is not None
        seen: set[tuple[int, int]] = set()
        for mention in doc.mentions:
            if mention.kind != "person" or (mention.start, mention.end) in seen:
                continue
            seen.add((mention.start, mention.end))
            span = doc.spacy.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            person = doc.persons[mention.entity]
            for role, token in roles_in(_role_words_near(span[-1])):
                if role not in person.roles:
                    sent = token.sent
                    person.roles[role] = doc.evidence(sent.start_char, sent.end_char)

    return roles
