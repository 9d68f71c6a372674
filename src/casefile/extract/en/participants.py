"""Who an event happened to: from a parse token to the person it names.

Resolves names, pronouns ("He was arrested"), definite descriptions ("the activist") and
groups ("the three journalists") to entity keys of the document. The organisation a word
names or refers back to ("the movement") is `en/org_references.py`.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from casefile.extract import salience
from casefile.extract.doc import LEDE_CHARS, AnnotatedDoc, Mention
from casefile.extract.en.cataphora import fronted_subject
from casefile.extract.en.gender import noun_gender
from casefile.extract.en.labels import ENGLISH
from casefile.extract.en.lexicon import (
    FORCE_NOUNS,
    HUMAN_NOUNS,
    PEOPLE_NOUNS,
    PRONOUNS_PLURAL,
    PRONOUNS_SINGULAR,
    ROLE_WORDS,
    SPEECH_VERBS,
)
from casefile.extract.en.names import clean_person_name, looks_like_place
from casefile.extract.en.person_cues import common_words, is_common_phrase
from casefile.extract.persons import add_person_mention

_GROUP_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                  "both": 2, "pair": 2, "trio": 3}
# Kin two people are to each other: "the husband and wife", "the mother and son" are a
# pair the text has named.
_PAIRED_KIN = frozenset({"husband", "wife", "mother", "father", "son", "daughter", "brother",
                         "sister"})


def is_speaker(doc: AnnotatedDoc, mention: Mention) -> bool:
    """Mentions that introduce a quote ("said Ines Morrow") are poor antecedents."""
    return salience.is_speaker(doc, mention, ENGLISH)


def antecedent(
    doc: AnnotatedDoc, before: int, kind: str = "person", gender: str | None = None
) -> str | None:
    """The entity a pronoun before character `before` most likely means."""
    return salience.antecedent(doc, before, ENGLISH, kind=kind, gender=gender)


_GROUP_NOUNS = frozenset(
    {"people", "person", "member", "defender", "worker", "leader", "staff", "man", "woman",
     "brother", "sister", "reporter", "prisoner", "detainee", "defendant", "individual",
     "couple", "colleague", "sibling", "representative"}
)


def _listed_under(doc: AnnotatedDoc, token: Token) -> list[str]:
    """"nine PTM workers, identified as X, Y and Z", "members including X and Y": the
    named people a plural noun phrase lists."""
    keys: list[str] = []
    for t in token.subtree:
        if t.i == token.i:
            continue
        mention = doc.token_mentions.get(t.i)
        if mention is None and t.pos_ == "PROPN" and t.dep_ in ("appos", "conj"):
            named = name_from_tokens(doc, t)  # a listed name the recogniser missed
            mention = doc.token_mentions.get(t.i) if named else None
        if mention is None or mention.kind != "person" or mention.entity in doc.officials:
            continue
        if mention.entity not in keys:
            keys.append(mention.entity)
    return keys


def _people_noun(token: Token) -> bool:
    lemma = token.lemma_.lower()
    return lemma in HUMAN_NOUNS or lemma in _GROUP_NOUNS or token.lower_ in PEOPLE_NOUNS


def _an_example_named(token: Token) -> bool:
    """"journalists such as X", "critics like X", "activists, including X": one named
    member of the group is listed as such (elsewhere in the phrase a lone name may be
    anyone: "journalists who criticised X")."""
    return any(
        p.dep_ == "prep" and (p.lower_ in ("including", "like") or p.lower_ == "as" and any(
            s.lower_ == "such" for s in (*p.children, *token.children)))
        and any(g.dep_ == "pobj" and g.pos_ == "PROPN" for g in p.children)
        for p in token.children
    )


def pronoun_referent(doc: AnnotatedDoc, pronoun: Token) -> str | None:
    """The person "he", "her" or "his" stands for: the named subject of the clause a phrase
    holding it is fronted to ("Before her arrest, X ..."), else its antecedent."""
    gender = pronoun_gender(pronoun.lower_)
    if _said_by_someone_unnamed(pronoun, gender):
        return None
    return (fronted_subject(doc, pronoun, gender) or _speaker_of_own_words(doc, pronoun, gender)
            or _subject_of_main_clause(doc, pronoun, gender)
            or antecedent(doc, pronoun.idx, gender=gender))


def _subject_of_main_clause(doc: AnnotatedDoc, pronoun: Token, gender: str | None) -> str | None:
    """"X left the country after police searched her home": a pronoun in a clause that
    tells when or why is the named subject of the clause it hangs from."""
    token, crossed = pronoun, False
    for _ in range(6):
        if token.dep_ in ("ccomp", "ROOT") or token.head.i == token.i:
            break
        crossed = crossed or token.dep_ == "advcl"
        token = token.head
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not crossed or not subjects:
            continue
        for subject in subjects:  # "X left ...", "Its founder, X, left ..."
            for named in (subject, *(c for c in subject.children if c.dep_ == "appos")):
                mention = doc.token_mentions.get(named.i)
                if mention is None or mention.kind != "person" or named.i > pronoun.i \
                        or mention.entity in doc.officials:
                    continue
                if doc.persons[mention.entity].gender in (None, gender):
                    return mention.entity
        return None
    return None


def _speaker_of_own_words(doc: AnnotatedDoc, pronoun: Token, gender: str | None) -> str | None:
    """"X said officers beat her": the named speaker of the clause a pronoun is in, unless
    they speak for another (a lawyer, a relative) or for the state."""
    clause = pronoun.head
    for _ in range(3):
        if clause.dep_ == "ccomp":
            break
        if clause.dep_ not in ("conj", "xcomp", "dobj", "pobj", "prep") \
                or clause.head.i == clause.i:
            return None
        clause = clause.head
    else:
        return None
    if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in SPEECH_VERBS:
        return None
    for subject in clause.head.children:
        mention = doc.token_mentions.get(subject.i) if subject.dep_ == "nsubj" else None
        if mention is None or mention.kind != "person" or mention.entity in doc.officials:
            continue
        if doc.persons[mention.entity].gender in (None, gender) \
                and not salience.speaks_for_another(doc, mention.entity):
            return mention.entity
    return None


def _said_by_someone_unnamed(pronoun: Token, gender: str | None) -> bool:
    """"a woman told staff she had been kidnapped", "his mother said she was threatened":
    the subject of what an unnamed person says is, most likely, that person."""
    clause = pronoun.head
    if pronoun.dep_ not in ("nsubj", "nsubjpass") or clause.dep_ != "ccomp" \
            or clause.head.lemma_.lower() not in SPEECH_VERBS:
        return False
    for speaker in clause.head.children:
        if speaker.dep_ != "nsubj" or speaker.pos_ != "NOUN" \
                or speaker.lemma_.lower() not in HUMAN_NOUNS:
            continue
        unnamed = any(c.dep_ == "poss" or c.dep_ == "det" and c.lower_ in ("a", "an")
                      for c in speaker.children)
        if unnamed and noun_gender(speaker.lower_) in (None, gender):
            return True
    return False


def pronoun_gender(pronoun: str) -> str | None:
    if pronoun in ("he", "him", "his", "himself"):
        return "m"
    if pronoun in ("she", "her", "hers", "herself"):
        return "f"
    return None


def recent_group(doc: AnnotatedDoc, token: Token, size: int | None) -> list[str]:
    """The people most recently named together, for "they", "the three", "both"."""
    return salience.recent_group(doc, token, size, ENGLISH)


def other_people(token: Token) -> bool:
    """"Others were searched", "two other defenders were released": people besides those
    named, not a group of them ("the others", "the other defendants" are the rest of
    those named)."""
    noun = token.head if token.dep_ == "nummod" else token  # "two" of "two other X"
    if any(c.lower_ == "the" for c in noun.children):
        return False
    return noun.lower_ == "others" or any(
        c.dep_ == "amod" and c.lower_ == "other" for c in noun.children)


def _group_size(token: Token) -> int | None:
    for child in token.children:
        if child.like_num or child.lower_ in _GROUP_NUMBERS:
            return _GROUP_NUMBERS.get(child.lower_) or _to_int(child.text)
    return _GROUP_NUMBERS.get(token.lower_)


_DESCRIBING_NOUNS = frozenset(ROLE_WORDS) | {"citizen", "national", "resident"}


def _a_named_pair(token: Token) -> bool:
    """"The couple", "the husband and wife (reporters)": two people the text named; not "a
    couple of activists" or "his mother and sister", who are new people."""
    def kin(t: Token) -> bool:
        return t.lemma_.lower() in _PAIRED_KIN or any(
            c.dep_ == "compound" and c.lemma_.lower() in _PAIRED_KIN for c in t.children
        )

    if not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in token.children):
        return False
    return token.lemma_.lower() == "couple" or (
        token.lemma_.lower() in _PAIRED_KIN
        and any(c.dep_ == "conj" and kin(c) for c in token.children)
    )


def _to_int(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def persons_of(
    doc: AnnotatedDoc, token: Token, depth: int = 0, beside_person: bool = False
) -> tuple[list[str], float]:
    """Entity keys of the persons `token` refers to, and how sure the resolution is.

    `beside_person`: the token is coordinated with a person ("X and Y"), so a name the
    recogniser took for an organisation is a person after all.
    """
    mention = doc.token_mentions.get(token.i)
    if beside_person and mention is not None and mention.kind == "organisation":
        mention = None
    if mention is not None and mention.kind == "person":
        if mention.entity in doc.officials:
            return [], 0.0
        return [mention.entity], 1.0
    lower = token.lower_
    if lower in ("who", "whom", "that") and token.head.dep_ in ("relcl", "acl") and depth < 2:
        return persons_of(doc, token.head.head, depth + 1)
    if token.dep_ == "pobj" and token.head.lower_ == "among" and depth < 2:
        # "X and Y were among those detained", "among those arrested was X"
        return _counted_among(doc, token.head, depth)
    if token.pos_ == "PROPN" and mention is None and depth < 2:
        named = name_from_tokens(doc, token, beside_person)
        if named is not None:
            return [named], 0.8
    if lower in PRONOUNS_SINGULAR and token.pos_ == "PRON":
        found = pronoun_referent(doc, token)
        if found is None or found in _clause_subjects(doc, token):
            return [], 0.0
        return [found], 0.75
    if depth == 0 and _a_named_pair(token):
        return recent_group(doc, token, 2), 0.6
    is_people = token.lemma_.lower() in ROLE_WORDS or token.lemma_.lower() in _GROUP_NOUNS
    if depth < 2 and (token.tag_ in ("NNS", "CD") or lower in _GROUP_NUMBERS):
        # "fined two of the protesters, students X and Y": the group named in apposition,
        # not the last persons the text told of
        in_apposition = _named_in_apposition(doc, token, depth)
        if in_apposition:
            return in_apposition, 0.8
    if lower in ("another", "one") and depth < 2:
        # "sentenced another of the students, X": the one named, never the whole group
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                the_one = [k for pobj in prep.children if pobj.dep_ == "pobj"
                           for k in _named_in_apposition(doc, pobj, depth + 1)]
                if len(the_one) == 1:
                    return the_one, 0.8
    if lower in ("several", "some", "many", "most", "all", "each", "both", "none") and depth < 2:
        for prep in token.children:  # "several of them were charged"
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        return persons_of(doc, pobj, depth + 1)
    if token.tag_ == "NNS" and is_people and depth < 2:
        listed = _listed_under(doc, token)
        if len(listed) >= 2 or (listed and _an_example_named(token)):
            return listed, 0.8
    if token.lemma_.lower() in FORCE_NOUNS:
        return [], 0.0
    if lower in PRONOUNS_PLURAL or lower in _GROUP_NUMBERS or (
        token.tag_ in ("NNS", "CD")
        and (token.tag_ == "CD" or _people_noun(token))  # not "kill the dogs"
        and any(
            c.lower_ in ("the", "these", "those", "all", "both")
            # "two journalists were released", not "at least five journalists"; as an
            # object ("killing two people") a bare number introduces other people
            or (c.like_num and not any(c.children) and token.dep_ in ("nsubj", "nsubjpass"))
            for c in token.children
        )
    ):
        if other_people(token):
            return [], 0.0
        members = recent_group(doc, token, _group_size(token))
        if not members and _in_lede(doc, token) and token.lemma_.lower() in HUMAN_NOUNS:
            return _named_after(doc, token), 0.5
        return members, 0.6
    if depth < 2:
        for child in token.children:
            # "activist Arlen Tovas" (the name is the head) but not "Velin critic"
            if child.dep_ in ("appos", "npadvmod") or (
                child.dep_ == "compound" and token.pos_ == "PROPN"
            ):
                found_keys, confidence = persons_of(doc, child, depth + 1)
                if found_keys:
                    for conj in child.conjuncts:
                        # "journalists Arlen Tovas and Ilse Marov": a name beside a
                        # person is a person, whatever the recogniser labelled it
                        more, _ = persons_of(doc, conj, depth + 1, beside_person=True)
                        found_keys += [k for k in more if k not in found_keys]
                    return found_keys, confidence
        # "members, including X, Y and Z"
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ in ("including", "like"):
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        keys, confidence = persons_of(doc, pobj, depth + 1)
                        for conj in pobj.conjuncts:
                            more, _ = persons_of(doc, conj, depth + 1)
                            keys += [k for k in more if k not in keys]
                        if keys:
                            return keys, confidence
    if depth == 0 and _in_lede(doc, token) and token.lemma_.lower() in HUMAN_NOUNS:
        later = _named_after(doc, token)
        if later:
            return later, 0.5
    # "the activist", "the journalist", "the dual citizen": the person the text is about
    # at this point.
    if token.pos_ == "NOUN" and token.lemma_.lower() in _DESCRIBING_NOUNS and any(
        c.lower_ in ("the", "this") for c in token.children
    ):
        found = antecedent(doc, token.idx)
        if found is None or found in _clause_subjects(doc, token):
            return [], 0.0
        return [found], 0.6
    return [], 0.0


def _clause_subjects(doc: AnnotatedDoc, obj: Token) -> set[str]:
    """The persons who are the subject of the verb `obj` is the object of ("X went online
    to accuse the blogger of ..."): who does a thing is not whom it is done to, and a
    pronoun or description there means someone else (a reflexive aside)."""
    if obj.dep_ != "dobj" or obj.lower_.endswith("self"):
        return set()
    verb = obj.head
    subjects: set[str] = set()
    while True:
        for child in verb.children:
            mention = doc.token_mentions.get(child.i)
            if child.dep_ == "nsubj" and mention is not None and mention.kind == "person":
                subjects.add(mention.entity)
        if subjects or verb.dep_ not in ("xcomp", "advcl") or verb.head.i == verb.i:
            return subjects
        verb = verb.head


# Headlines and ledes name people only after telling what happened to them.
_CATAPHORA_SENTENCES = 2


def _persons_listed(doc: AnnotatedDoc, heads: Iterable[Token], depth: int) -> list[str]:
    """The persons of the lists `heads` head: a name beside a person is a person's."""
    keys: list[str] = []
    for head in heads:
        for member in (head, *listed_with(head)):
            more, _ = persons_of(doc, member, depth + 1, beside_person=bool(keys))
            keys += [k for k in more if k not in keys]
    return keys


def _named_in_apposition(doc: AnnotatedDoc, token: Token, depth: int) -> list[str]:
    return _persons_listed(doc, (c for c in token.children if c.dep_ == "appos"), depth)


def _counted_among(doc: AnnotatedDoc, among: Token, depth: int) -> tuple[list[str], float]:
    """The persons a copula says are among a group: its subject, with the list it heads."""
    verb = among.head
    if verb.lemma_.lower() != "be":
        return [], 0.0
    subjects = (c for c in verb.children if c.dep_ in ("nsubj", "attr"))
    keys = _persons_listed(doc, subjects, depth)
    return keys, 0.8 if keys else 0.0


def _in_lede(doc: AnnotatedDoc, token: Token) -> bool:
    return not doc.continues and token.idx < LEDE_CHARS and token.pos_ == "NOUN"


def _named_after(doc: AnnotatedDoc, token: Token) -> list[str]:
    """"A Chinese man ... was sentenced" or "Three bloggers accused of ..." in a lede:
    the people the next sentences name, as many as the noun phrase counts."""
    assert doc.spacy is not None
    if token.tag_ == "NN":
        if not any(c.lower_ in ("a", "an") for c in token.children):
            return []
        size = 1
    else:
        counted = _group_size(token)
        if counted is None:
            return []
        size = counted
    sents = list(doc.spacy.sents)
    here = next(i for i, s in enumerate(sents) if s.start <= token.i < s.end)
    window = sents[here : here + 1 + _CATAPHORA_SENTENCES]
    start, end = token.idx, window[-1].end_char
    found: list[str] = []
    for mention in doc.mentions:
        if mention.kind != "person" or not start < mention.start < end:
            continue
        if mention.entity in doc.officials or is_speaker(doc, mention):
            continue
        if mention.entity not in found:
            found.append(mention.entity)
    return found[:size] if len(found) >= size else []


def name_from_tokens(doc: AnnotatedDoc, token: Token, any_entity: bool = False) -> str | None:
    """A name spaCy's entity recogniser missed: a capitalised PROPN run in a participant slot."""
    if looks_like_place(token):
        return None

    allowed = ("", "PERSON", "ORG", "NORP", "GPE") if any_entity else ("", "PERSON")
    if token.ent_type_ not in allowed:
        return None
    parts = [c for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN"] + [token]
    start, end = min(t.i for t in parts), max(t.i for t in parts) + 1
    span = token.doc[start:end]
    if any(t.ent_type_ not in allowed or not t.text[:1].isupper() for t in span):
        return None
    name = clean_person_name(span.text)
    if name is None or is_common_phrase(name, common_words(doc)):
        return None
    return add_person_mention(doc, span, name).entity


def listed_with(token: Token) -> list[Token]:
    """The other members of the list `token` heads. The small parser often reads "A, B and
    C were charged" as A with B in apposition and C conjoined to B, so B and C are no
    conjuncts of A; a name in apposition counts as a member only when a list goes on
    from it, since a lone one ("X, Velsk") is a place or a title as often."""
    mates = list(token.conjuncts)
    for child in token.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN" and child.conjuncts:
            mates += [m for m in (child, *child.conjuncts) if m not in mates]
    return mates


def marked_possessive(token: Token) -> bool:
    """"X's" where the parser hung X beside the noun it owns rather than on it ("the
    whereabouts of X's two brothers" read with X and "brothers" both after "of")."""
    return any(c.tag_ == "POS" for c in token.children)


def owners_of(noun: Token) -> list[Token]:
    """Who a noun belongs to: "X's two brothers", "his colleagues", «сёстры Ивановой»,
    and the X of "X's" when the parser hung it beside the noun instead of on it."""
    owners = [c for c in noun.children if c.dep_ in ("poss", "nmod:poss", "nmod")]
    before = noun.left_edge.i - 1
    if before >= 0 and noun.doc[before].tag_ == "POS" and noun.doc[before].head.i != noun.i:
        owners.append(noun.doc[before].head)
    return owners
