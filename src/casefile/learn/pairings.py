"""A trigger word paired with a mention of a person: the unit the candidates are built
from (`learn.candidates`), and the parse measures that rank and describe such pairings
(how far apart, along which dependencies, done to whom or what)."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

from spacy.tokens import Span, Token

from casefile.extract.doc import AnnotatedDoc, Mention
from casefile.extract.en import lexicon as en_lexicon
from casefile.extract.en.participants import marked_possessive, owners_of
from casefile.extract.ru import lexicon as ru_lexicon
from casefile.learn.groups import GroupMember


@dataclass
class Pairing:
    """One trigger token with one mention token of a person, in one sentence."""

    trigger: Token
    person: Token
    via: str  # "name", "pronoun", "definite", "first", "group"
    sent: Span  # the trigger's
    sentences_apart: int = 0  # the person is named this many sentences before
    group: GroupMember | None = None  # how the group holding the person was found


def path_between(a: Token, b: Token) -> tuple[list[str], list[str]]:
    """Dependency labels from `a` up to the common ancestor, and from there down to `b`."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    index_b = {t.i: n for n, t in enumerate(up_b)}
    for n, t in enumerate(up_a):
        if t.i in index_b:
            return [x.dep_ for x in up_a[:n]], [x.dep_ for x in up_b[: index_b[t.i]]]
    return [x.dep_ for x in up_a], ["?"]


def list_head(person: Token, trigger: Token) -> Token:
    """The word a list or an apposition holding `person` hangs from the sentence by. In
    "X, Y and Z were charged" what the sentence says of Z is what it says of X, and in
    "the activist, X, was held" of X what it says of the activist; but the parser hangs
    later conjuncts and appositions from the first, so their own paths to the trigger
    are long and vary with the names (a list of other names parses as an apposition)."""
    while person.dep_ in ("conj", "appos") and person.head.i not in (person.i, trigger.i):
        person = person.head
    return person


def bucket(value: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if value <= edge:
            return f"<={edge}"
    return f">{edges[-1]}"


def is_passive(token: Token) -> bool:
    return "Pass" in token.morph.get("Voice", []) or any(
        c.dep_ in ("auxpass", "nsubjpass", "nsubj:pass", "aux:pass") for c in token.children
    )


def pair_rank(pair: Pairing) -> tuple[int, int, int, int]:
    up, down = path_between(list_head(pair.person, pair.trigger), pair.trigger)
    return (pair.sentences_apart, len(up) + len(down), int(pair.via != "name"),
            abs(pair.trigger.i - pair.person.i))


_PERSONAL_PRONOUNS = frozenset({"he", "she", "they", "him", "her", "them", "we", "us", "i",
                                "me", "you", "who", "whom", "он", "она", "они", "мы", "я",
                                "вы", "ты", "кто", "который"})
# Nouns of people, as lemmas or as written: "the defenders", "two reporters", «активистов»
# (a role's last word: "human rights defender" -> "defender").
_PEOPLE_WORDS = (en_lexicon.HUMAN_NOUNS | en_lexicon.PEOPLE_NOUNS
                 | {w.split()[-1] for w in en_lexicon.ROLE_WORDS if w != "opposition"}
                 | ru_lexicon.PEOPLE_NOUNS | set(ru_lexicon.ROLE_WORDS))
# People a trigger may be done to: "acquitted the killers", "detained her brother".
_PATIENT_PEOPLE = _PEOPLE_WORDS | en_lexicon.FORCE_NOUNS


def names_people(token: Token, with_forces: bool = True) -> bool:
    """Whether a noun names people ("the defenders", "her brother"; with `with_forces`,
    also "the soldiers")."""
    words = _PATIENT_PEOPLE if with_forces else _PEOPLE_WORDS
    return token.lemma_.lower() in words or token.lower_ in words


# "Most were released", "some were detained", «многие задержаны»: a part of a group the
# text does not name. Nobody named is then the one the trigger is done to: GUIDELINES.md
# gives a group's named members the event only for what is said of the whole group.
_PARTITIVES = frozenset({"most", "some", "many", "several", "few", "others", "большинство",
                         "некоторые", "некоторый", "многие", "многий"})


def unnamed_part(token: Token) -> bool:
    """Whether `token` is a part of a group with nothing to say whose ("most were freed";
    not "most of them", whose members "them" names)."""
    return (token.lower_ in _PARTITIVES or token.lemma_.lower() in _PARTITIVES) and not any(
        c.dep_ in ("prep", "nmod", "obl") for c in token.children)


def patients_of(trigger: Token, language: str) -> list[Token]:
    """The words the trigger is done to: its object or passive subject, the noun a
    participle modifies, or for a trigger noun the phrase after "of" (its genitive), or
    a name or people after "on" or "against" ("the assault on the protesters"; not "his
    arrest on suspicion", "her trial on charges")."""
    if trigger.dep_ == "acl" and trigger.tag_ != "VBG":  # "the ruling acquitting X": X
        return [trigger.head]
    patients = [c for c in trigger.children if c.dep_ in ("dobj", "obj", "nsubjpass", "nsubj:pass")]
    if not patients and trigger.pos_ == "NOUN":  # "the release of X", «задержание X»
        patients = ([c for c in trigger.children if c.dep_ == "nmod"
                     and c.morph.get("Case", []) == ["Gen"]] if language == "ru" else
                    [g for c in trigger.children if c.dep_ == "prep"
                     for g in c.children if g.dep_ == "pobj" and _done_to(c, g)])
    # "the whereabouts of X's two brothers" misparsed with X beside "brothers": X owns them
    return [p for p in patients if not marked_possessive(p)]


def _done_to(preposition: Token, word: Token) -> bool:
    """Whether the phrase `preposition word` after an English trigger noun says whom or
    what it is done to."""
    if preposition.lower_ in ("of", "into"):
        return True
    return preposition.lower_ in ("on", "against") and (
        word.pos_ == "PROPN" or names_people(word))


# Verbs that stand for the verb before them: "X was arrested, as was Y", "as did Y".
_ELLIPTIC = frozenset({"be", "do", "have", "быть"})


def _under_the_trigger(person: Token, trigger: Token, owners_share: bool = False) -> bool:
    """Whether the trigger governs `person` through no verb of its own and no owner: "police
    detained A, B and C", "A was released along with B"; not "X was freed, but Y was
    held" (Y is held's), nor "X's brother Y was released" (X owns the brother)."""
    token = person
    while token.i != trigger.i:
        if ((token.dep_ in ("poss", "nmod:poss") or marked_possessive(token))
                and not owners_share) or token.head.i == token.i:
            return False
        token = token.head
        if token.i != trigger.i and token.pos_ in ("VERB", "AUX") and (
            token.lemma_.lower() not in _ELLIPTIC
            or any(c.dep_ in ("acomp", "attr", "dobj", "xcomp", "obj") for c in token.children)
        ):
            return False
    return True


def _in_a_run_of_names(doc: AnnotatedDoc, a: Token, b: Token) -> bool:
    """Whether nothing but names, commas, brackets and "and" stand between `a` and `b`: a
    list the parser did not hang together ("X, Y и Z" each hung from the verb)."""
    start, end = sorted((a.i, b.i))
    return a.sent.start == b.sent.start and all(
        t.i in doc.token_mentions or t.is_punct or t.dep_ == "cc" or t.lower_ in ("and", "и")
        for t in a.doc[start + 1:end]
    )


def _named_by_copula(head: Token, patients: list[Token]) -> bool:
    """"The other defendants sentenced were X, Y and Z": the people the trigger is done to
    are, by the copula, the persons it lists."""
    return head.dep_ == "attr" and any(
        p.dep_ in ("nsubj", "nsubjpass") and p.head.i == head.head.i for p in patients)


def done_to_another(doc: AnnotatedDoc, trigger: Token, person: Token, entity: str,
                    language: str, owners_share: bool = False) -> bool:
    """Whether the trigger is done to a named person other than `entity`, or to people it
    names with a noun, whom `person` (a mention of the entity) is not listed with: in "X
    was freed, but Y was held" and "their driver, X, was released" the release is X's,
    not Y's nor the owners of "their"; in "Y said police beat the protesters" the beating
    is not Y's, nor in "His wife, Y, confirmed his arrest" the arrest, nor in "Most were
    freed, but Y's brothers are missing" the release.
    `owners_share`: what is done to X's relatives is X's too (harassment)."""
    named: dict[str, Token] = {}
    patients = patients_of(trigger, language)
    for patient in patients:
        for token in (patient, *(c for c in patient.children if c.dep_ in ("appos", "conj"))):
            mention = doc.token_mentions.get(token.i)
            if mention is not None and mention.kind == "person" and token.pos_ == "PROPN":
                named.setdefault(mention.entity, token)
    people = any((p.pos_ == "NOUN" and names_people(p)) or unnamed_part(p) for p in patients)
    owners = [c for c in trigger.children if c.dep_ in ("poss", "nmod:poss")
              and trigger.pos_ == "NOUN" and c.pos_ in ("PRON", "PROPN")]
    if any(person.i == owner.i for owner in owners):
        # "her arrest" is hers; but in "his investigation of the abuses", where the noun
        # has a patient of its own, the owner is who investigates
        return bool(patients)
    organisation_owns = False
    for mention, owner in _owners_of_things(doc, patients):
        if mention.kind == "person":
            named.setdefault(mention.entity, owner)
        else:
            organisation_owns = True
    if not (named or people or owners or organisation_owns) or entity in named:
        return False
    listed = any(_in_a_run_of_names(doc, person, token) for token in named.values())
    return not (listed or _under_the_trigger(person, trigger, owners_share)
                or _named_by_copula(list_head(person, trigger), patients))


def _owners_of_things(doc: AnnotatedDoc, patients: list[Token]) -> list[tuple[Mention, Token]]:
    """The named owners, persons or organisations, of the things a trigger is done to:
    "searched the group's office", "raided the home of X and Y". A thing is done to its
    owner: a raid on an organisation's office is the organisation's (which GUIDELINES.md
    leaves unannotated), a person's home searched is that person's, and neither is the
    search of the people detained beside it."""
    found = []
    for thing in patients:
        if thing.i in doc.token_mentions or thing.pos_ != "NOUN" or names_people(thing):
            continue
        holders = owners_of(thing) + [g for c in thing.children
                                      if c.dep_ == "prep" and c.lower_ == "of"
                                      for g in c.children if g.dep_ == "pobj"]
        for holder in holders:
            for token in (holder, *holder.conjuncts):
                mention = doc.token_mentions.get(token.i)
                if mention is not None and mention.kind in ("person", "organisation"):
                    found.append((mention, token))
    return found


def owns_the_patient(person: Token, trigger: Token, language: str) -> bool:
    """Whether `person` only owns the people the trigger is done to: "acquitting X's
    killers", "the killers of the reporter X", "police detained her brother" (a relative's
    harassment is the person's own, GUIDELINES.md, so the caller leaves that type out)."""
    while person.dep_ in ("appos", "compound", "flat", "flat:name") and person.head.i != person.i:
        person = person.head
    owner_of = (person.head if person.dep_ in ("poss", "nmod:poss", "nmod")
                else person.head.head if person.dep_ == "pobj" and person.head.lower_ == "of"
                else None)
    return owner_of is not None and any(
        owner_of.i == patient.i
        and names_people(patient)
        for patient in patients_of(trigger, language)
    )


def patient_kind(doc: AnnotatedDoc, trigger: Token, language: str) -> str:
    """Whom or what the trigger is done to, as the parse gives it: a person ("police
    released him"), a number ("two were held"), an unnamed part of a group ("most were
    held"), another name, a thing ("the group released
    a statement", "a video released by"), or none. The same verbs tell of people and of
    things."""
    patients = patients_of(trigger, language)
    if not patients:
        return "none"
    if any(t.i in doc.token_mentions or t.ent_type_ in ("PERSON", "PER")
           or t.lemma_.lower() in _PERSONAL_PRONOUNS or t.lower_ in _PERSONAL_PRONOUNS
           or names_people(t, with_forces=False) for t in patients):
        return "person"
    if any(t.pos_ == "NUM" for t in patients):
        return "number"  # "two were detained"
    if any(unnamed_part(t) for t in patients):
        return "part"  # "most were released"
    if any(t.pos_ == "PROPN" for t in patients):
        return "name"  # an organisation's, a place's, or a person's the recogniser missed
    return "thing"


_CASE_NOUNS = frozenset({"дело", "case"})
_VERDICTS = frozenset({"приговорить", "приговаривать", "осудить", "осуждать", "приговор",
                       "sentence", "convict", "jail", "imprison", "verdict", "find"})


def ground_of_verdict(trigger: Token) -> bool:
    """«приговорили по делу о …», "sentenced in the case": a case named as the ground of a
    verdict, which GUIDELINES.md gives no investigation of its own (a feature: as a rule
    that proposed nothing from such a case it cost sealed Russian 0.045)."""
    if trigger.lemma_.lower() not in _CASE_NOUNS:
        return False
    for above in islice(trigger.ancestors, 4):  # up to the clause's verb
        if above.lemma_.lower() in _VERDICTS:
            return True
        if above.pos_ in ("VERB", "AUX"):
            return False
    return False


def own_pairings(doc: AnnotatedDoc, etype: str, entity: str, pairs: list[Pairing],
                 language: str) -> list[Pairing]:
    """The pairings whose trigger is not done to someone else: not to another named
    person or to people a noun names ("X was freed, but Y was held"), nor to people the
    person only owns ("acquitting X's killers"). What is done to one's relatives is one's
    own harassment ("relatives pressured", GUIDELINES.md)."""
    relatives_count = etype == "harassment"
    return [p for p in pairs
            if not done_to_another(doc, p.trigger, p.person, entity, language, relatives_count)
            and (relatives_count or not owns_the_patient(p.person, p.trigger, language))]
