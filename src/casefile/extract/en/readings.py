"""English readings the guidelines decide, shared by the rules (`triggers.py`) and the
candidate generator's vocabulary (`learn/vocabulary.py`): what a verdict acted on, a case
opened or ended, a term, a custody that ended, a listing or a seized passport is, and
when a trigger word names something else ("death threats", "the killers' trial on
charges of ..."). Each is a test on one token of an English parse.
"""

from __future__ import annotations

from itertools import islice

from spacy.tokens import Token

from casefile.extract.en.lexicon import NOUN_TRIGGERS, SUBJECT_VERBS, SUPPORT_VERBS, VERB_TRIGGERS

# Forms the small model's lemmatizer gets wrong ("fined" -> "fin").
_LEMMA_FIXES = {"fined": "fine", "surveilled": "surveil", "surveilling": "surveil",
                "deregistered": "deregister", "raped": "rape", "raping": "rape"}


# Phrasal verbs that mean one of the lexicon's verbs: "passed away" is "died", "rounded
# up" "arrested", "locked up" "jailed", "gunned down" "killed", "kicked out" "expelled".
_PHRASAL = {("pass", "away"): "die", ("round", "up"): "arrest", ("lock", "up"): "jail",
            ("gun", "down"): "kill", ("kick", "out"): "expel"}
# Breaking into a home or an office is a raid ("police stormed the office of X",
# "ransacked her flat", "invaded his home"); "invaded Ukraine" is not.
_RAIDING = frozenset({"storm", "ransack", "invade"})
_RAIDED = frozenset({"home", "house", "flat", "apartment", "office", "premises", "residence",
                     "headquarters", "room", "newsroom", "studio", "dormitory", "hostel"})

# Verbs that may be done again, written as one word: "rearrested", "recharged", "retried".
_REPEATABLE = frozenset({"arrest", "detain", "charge", "sentence", "try", "imprison", "jail",
                         "convict", "indict"})
_REPEATABLE_NOUNS = frozenset({"arrest", "detention", "trial", "imprisonment", "indictment",
                               "conviction", "sentencing"})


def lemma_of(token: Token) -> str:
    fixed = _LEMMA_FIXES.get(token.lower_)
    if fixed:
        return fixed
    if token.tag_ == "JJ" and token.lower_.endswith("ed"):
        return _participle_verb(token.lower_) or token.lemma_.lower()
    lemma = token.lemma_.lower()
    if token.pos_ == "VERB":
        said_otherwise = _phrasal(token, lemma)
        if said_otherwise:
            return said_otherwise
    word = token.lower_
    if word.startswith("re-") and token.pos_ == "NOUN" and lemma[3:] in _REPEATABLE_NOUNS:
        return lemma[3:]  # "her re-arrest"
    if lemma.startswith("re") and token.pos_ == "VERB":
        cut = 3 if word.startswith("re-") else 2
        # "rearrested": "rearreste"; "re-tried": "re-trie"
        for again in (lemma[cut:], word[cut:-2], word[cut:-1], word[cut:-3] + "y"):
            if again in _REPEATABLE:
                return again
    return lemma


def hyphenated_repeats() -> list[str]:
    """Every form of a repeatable verb or noun written with "re-" ("re-arrested", "her
    re-arrest"), lower-case and capitalised: the tokenizer's special cases, which keep
    each one token. Split into "re", "-", "arrested", the parser takes "re" for the
    clause's verb and the sentence's parse is lost."""
    forms = set()
    for verb in _REPEATABLE:
        if verb.endswith("y"):  # "try": "tries", "tried", "trying"
            forms |= {verb, verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"}
        else:  # "charge": "charged", "charging"; "arrest": "arrested", "arresting"
            stem = verb[:-1] if verb.endswith("e") else verb
            forms |= {verb, verb + "s", stem + "ed", stem + "ing"}
    forms |= _REPEATABLE_NOUNS
    words = [f"re-{form}" for form in sorted(forms)]
    return words + [word.capitalize() for word in words]


def _phrasal(verb: Token, lemma: str) -> str | None:
    """The lexicon's verb that a phrasal verb or idiom means ("passed away", "lost his
    life": die), or None."""
    if lemma in _RAIDING and any(
        c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in _RAIDED for c in verb.children
    ):
        return "raid"
    for child in verb.children:
        if child.dep_ in ("prt", "advmod", "prep") and (lemma, child.lower_) in _PHRASAL:
            return _PHRASAL[(lemma, child.lower_)]
        if lemma == "lose" and child.dep_ == "dobj" and child.lemma_.lower() == "life":
            return "die"
    return None


def not_guilty(guilty: Token) -> bool:
    """"guilty" denied: "found not guilty" is an acquittal, "pleaded not guilty" and "a
    not guilty plea" no verdict at all."""
    return any(c.dep_ == "neg" for c in guilty.children)


def _participle_verb(word: str) -> str | None:
    """The trigger verb of a participle the tagger read as an adjective ("Jailed
    journalist X", "exiled leader X"), which the lemmatiser leaves as it is."""
    stem = word[:-2]
    for verb in (word[:-1], stem, stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else ""):
        if verb in VERB_TRIGGERS:
            return verb
    return None


# A higher court acting on a verdict: "upheld his sentence", "overruled the sentences".
APPEAL_VERBS = frozenset(
    {"uphold", "confirm", "overturn", "overrule", "reduce", "commute", "quash", "annul",
     "reverse", "reject", "dismiss", "hear", "deny", "cancel", "revoke"}
)
VERDICT_NOUNS = frozenset(
    {"sentence", "conviction", "verdict", "appeal", "ruling", "decision", "penalty", "term"}
)
# Nouns of an accusation, and the custody verbs outside the lexicons that can take one as
# their ground ("held on charges of ...").
_ACCUSATION_NOUNS = frozenset({"charge", "accusation", "allegation"})
_GROUND_TAKERS = frozenset({"hold", "keep", "jail", "imprison", "remand", "clear", "convict"})


def an_amount(token: Token) -> bool:
    """"5,000 dollars", "a fine of 300 euros": the object a passive verb still takes when
    it is a penalty's amount ("was sentenced ... and fined 5,000 dollars")."""
    return token.ent_type_ == "MONEY" or token.like_num or any(
        c.like_num for c in token.children)


_PASSPORT_TAKERS = frozenset({"confiscate", "seize", "revoke", "cancel", "withhold", "annul"})


def takes_a_passport(token: Token) -> bool:
    """"X's passport was confiscated" (GUIDELINES.md: a `restriction`), not a search."""
    return lemma_of(token) in _PASSPORT_TAKERS and any(
        c.lemma_.lower() == "passport" for c in token.children if c.dep_ in ("nsubjpass", "dobj"))


# A higher court leaving a verdict as it was: no new conviction or sentence (GUIDELINES.md).
_UPHOLDING_VERBS = frozenset({"uphold", "confirm", "reject", "dismiss", "deny", "hear"})


def upheld_verdict(token: Token) -> bool:
    """"upheld the conviction of X", "his sentence was confirmed": the verdict noun of an
    appeal that imposed nothing new."""
    return token.lemma_.lower() in ("sentence", "conviction", "verdict") and token.dep_ in (
        "nsubjpass", "dobj") and lemma_of(token.head) in _UPHOLDING_VERBS


def acts_on_verdict(token: Token) -> bool:
    """"upheld the sentence", "his conviction was overturned", "rejected the appeal": a
    higher court acting on a verdict, an `appeal` (GUIDELINES.md)."""
    return lemma_of(token) in APPEAL_VERBS and any(
        c.lemma_.lower() in VERDICT_NOUNS for c in token.children
        if c.dep_ in ("nsubjpass", "dobj")
    )


# Ending a case: "the charges were dropped", "dismissed the case", "cancelled the criminal
# proceedings against them" (GUIDELINES.md: an `acquittal`).
_CASE_ENDERS = frozenset(
    {"drop", "cancel", "close", "dismiss", "terminate", "withdraw", "quash", "discontinue",
     "annul", "lift"}
)
_CASE_NOUNS = frozenset(
    {"charge", "case", "proceeding", "prosecution", "investigation", "accusation",
     "indictment"}
)


def ends_a_case(token: Token) -> bool:
    """"The charges against X were dropped", "dismissed the case against X": an acquittal."""
    return lemma_of(token) in _CASE_ENDERS and any(
        c.lemma_.lower() in _CASE_NOUNS for c in token.children if c.dep_ in ("nsubjpass", "dobj")
    )


def cleared_of_charges(token: Token) -> bool:
    """"X was cleared of all charges", "a court absolved X of wrongdoing": an acquittal
    whose person is the verb's own ("police cleared the square of protesters" is none)."""
    return lemma_of(token) in _CLEARERS and any(
        g.lemma_.lower() in _CASE_NOUNS | _CLEARED_OF
        for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
        for g in c.children if g.dep_ == "pobj"
    )


_CLEARERS = frozenset({"clear", "absolve", "exonerate"})
_CLEARED_OF = frozenset({"crime", "wrongdoing", "offence", "offense", "allegation"})


def case_ended(token: Token) -> bool:
    """The case noun of `ends_a_case`: it says the case ended, not that one was opened."""
    return token.lemma_.lower() in _CASE_NOUNS and token.dep_ in ("nsubjpass", "dobj") and (
        ends_a_case(token.head)
    )


# A custody the text shows ending gives a `release` too (GUIDELINES.md, undated unless
# the text dates it): "briefly detained", "held for three weeks", "spent two days in jail".
# ("jailed for six years" is the sentence itself; "held in solitary confinement for 40
# days" ends the confinement, not the custody.)
_CUSTODY_VERBS = frozenset({"detain", "arrest", "hold", "keep", "spend"})
_WITHIN_CUSTODY = frozenset({"solitary", "confinement", "incommunicado", "isolation"})
_SPANS_OF_TIME = frozenset({"hour", "day", "night", "week", "month", "year", "period"})
_SHORT = frozenset({"short", "brief"})


# A custody told up to a time it still ran: "has been detained for three months", "had
# been held for a year when the court sentenced them".
_STILL_HELD = frozenset({"has", "have", "had", "is", "are", "being"})


def custody_ended(token: Token) -> bool:
    """An English custody verb, in the past and not ongoing ("has been detained for three
    months" is not ended), whose custody the text bounds: "briefly", or a span of time
    ("for two weeks"; "spent two days in jail")."""
    if lemma_of(token) not in _CUSTODY_VERBS or token.tag_ not in ("VBD", "VBN"):
        return False
    if any(t.lower_ in _WITHIN_CUSTODY for t in token.subtree):
        return False
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ in _STILL_HELD for c in token.children):
        return False
    if any(c.dep_ == "advmod" and c.lower_ == "briefly" for c in token.children):
        return True
    spans = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "for"
             for g in c.children if g.dep_ == "pobj"]
    if lemma_of(token) == "spend":
        spans += [c for c in token.children if c.dep_ in ("dobj", "npadvmod")]
    return any(t.lemma_.lower() in _SPANS_OF_TIME and any(
        c.like_num or c.lower_ in ("several", "few", "a") or c.lower_ in _SHORT
        for c in t.children) for t in spans)


def custody_verb(place: Token) -> Token:
    """The verb a place of custody belongs to: "spent two days in jail" (the parser may
    hang "in jail" on "days")."""
    verb = place.head.head if place.dep_ == "pobj" else place
    if verb.pos_ == "NOUN" and verb.lemma_.lower() in _SPANS_OF_TIME and verb.dep_ in (
            "dobj", "npadvmod"):
        verb = verb.head
    return verb


_LISTING_VERBS = frozenset({"add", "include", "put", "place", "enter"})
_LISTS = frozenset({"list", "register", "registry", "database", "blacklist"})


def listed_by_name(token: Token) -> bool:
    """"added X to the list of terrorists", "X was included in the register of foreign
    agents": a listing, a designation of an organisation or a person's restriction when
    the list's word is a designation's (`emit_designation` reads it)."""
    return lemma_of(token) in _LISTING_VERBS and any(
        c.dep_ == "prep" and c.lower_ in ("to", "on", "in", "into") and any(
            g.dep_ == "pobj" and g.lemma_.lower() in _LISTS for g in c.children)
        for c in token.children)


_CASE_OPENERS = frozenset({"open", "launch", "initiate", "file", "bring", "institute",
                           "register", "lodge"})


def opens_a_case(token: Token) -> bool:
    """"opened a criminal case against X", "the criminal proceedings against X", "a case
    was registered against X" (GUIDELINES.md: a case opened against a person is an
    `investigation`), unless the case is said to end."""
    if token.lemma_.lower() not in ("case", "proceeding") or case_ended(token):
        return False
    if case_opened_against(token):
        return True
    if not any(c.dep_ == "prep" and c.lower_ == "against" for c in token.children):
        return False
    return token.head.lemma_.lower() in _CASE_OPENERS or any(
        c.lower_ in ("criminal", "administrative") for c in token.children)


def case_opened_against(token: Token) -> bool:
    """"a case was registered against X": the parser hangs "against X" on the verb."""
    verb = token.head
    return token.dep_ in ("nsubjpass", "dobj") and verb.lemma_.lower() in _CASE_OPENERS and any(
        c.dep_ == "prep" and c.lower_ == "against" for c in verb.children)


def numbered_case(token: Token) -> bool:
    """"held in connection with case No. 570", "in case 488/2019": a criminal case named by
    its number (GUIDELINES.md: an `investigation`)."""
    if token.lemma_.lower() != "case" or token.dep_ != "pobj" or token.i + 1 >= len(token.doc):
        return False
    after = token.nbor(1)
    return after.lower_ in ("no", "no.", "number", "#") or (
        any(ch.isdigit() for ch in after.text) and after.head.i == token.i)


def booked(token: Token) -> bool:
    """"X was booked under the Act / for sedition": a case registered against X (the
    South Asian police's word)."""
    return token.lemma_.lower() == "book" and any(
        c.dep_ == "auxpass" for c in token.children) and any(
        c.dep_ == "prep" and c.lower_ in ("under", "for") for c in token.children)


def names_the_term(token: Token) -> bool:
    """"sentenced to six years' imprisonment", "15 days of administrative detention", "condemned
    to death": the custody or death word is the sentence's term, not an event of its own.
    But the arrest in "jailed two years after his arrest" or "handed over after her arrest"
    is one, and "condemned the arrest of X" is a protest at it."""
    for ancestor in islice(token.ancestors, 4):
        if ancestor.dep_ == "prep" and ancestor.lower_ in _TIME_PREPOSITIONS:
            return False
        if ancestor.lemma_.lower() in ("sentence", "jail", "imprison", "give", "hand") or (
            ancestor.lower_ == "to" and ancestor.head.lemma_.lower() in ("sentence", "condemn")
        ):
            return True
    return False


_TIME_PREPOSITIONS = frozenset({"after", "before", "since", "following", "until", "till",
                                "upon", "during", "prior", "pending", "despite"})


def says_dead(token: Token) -> bool:
    """"shot dead", "shot X dead" (the parser may hang "dead" on the next noun)."""
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return any(c.lower_ == "dead" for c in token.children) or (
        following is not None and following.lower_ == "dead")


# Nouns a release modifies when it has not happened: "release date", "release campaign".
_RELEASE_NOT_YET = frozenset({"date", "campaign", "plan", "deal", "call", "demand"})


def as_qualifier(token: Token, kind: str) -> str | None:
    """The type a trigger noun of type `kind` has when it modifies the noun after it, which
    says what is meant: "death threats" none, "an arrest warrant" an `investigation`
    (GUIDELINES.md); `kind` itself otherwise. "A warrant for X's arrest" is read so too."""
    if kind == "arrest" and token.dep_ == "pobj" and token.head.lower_ == "for" and (
            token.head.head.lemma_.lower() == "warrant"):
        return "investigation"
    if not (token.dep_ == "compound" and token.head.pos_ in ("NOUN", "PROPN")
            and token.head.i > token.i):
        return kind
    if kind == "death":
        return None
    if kind == "release" and token.head.lemma_.lower() in _RELEASE_NOT_YET:
        return None  # "her release date", "a prisoner release deal": not happened
    if kind == "arrest" and token.head.lemma_.lower() == "warrant":
        return "investigation"
    return kind


def charge_as_ground(token: Token) -> bool:
    """"Sentenced on terrorism charges", "his arrest on charges of fraud", "acquitted of
    all charges": the accusation is the ground of another event, which GUIDELINES.md puts
    in that event's `charges` and never makes a `charge` of its own."""
    if token.lemma_.lower() not in _ACCUSATION_NOUNS or token.dep_ != "pobj":
        return False
    if token.head.lower_ not in ("on", "of", "over"):
        return False
    host = token.head.head
    lemma = host.lemma_.lower()
    kind = VERB_TRIGGERS.get(lemma) or NOUN_TRIGGERS.get(lemma) or SUBJECT_VERBS.get(lemma)
    if lemma in SUPPORT_VERBS and kind is None:
        # "went on trial on charges of", "faces a retrial on charges of": the event is
        # the noun the support verb carries
        kind = next((NOUN_TRIGGERS[n.lemma_.lower()] for n in _carried_nouns(host)
                     if n.lemma_.lower() in NOUN_TRIGGERS), None)
    return (kind is not None and kind != "charge") or lemma in _GROUND_TAKERS


def _carried_nouns(verb: Token) -> list[Token]:
    """The nouns a verb takes as object or through a preposition: "went on trial"."""
    return [n for c in verb.children if c.dep_ in ("dobj", "attr", "prep")
            for n in ((c,) if c.dep_ != "prep" else tuple(
                g for g in c.children if g.dep_ == "pobj"))]


_HOMELAND_NOUNS = frozenset({"country", "homeland"})
# ("ordered to leave the country", "told to leave": an expulsion, GUIDELINES.md)
_COMPELLING_VERBS = frozenset({"force", "compel", "oblige", "have", "make", "pressure",
                               "order", "tell"})


def forced_out(token: Token) -> bool:
    """"X was forced to leave the country", "X had to leave the country": an exile
    (GUIDELINES.md: being forced into exile is a restriction). `token` is the verb
    that compels."""
    if token.lemma_.lower() not in _COMPELLING_VERBS:
        return False
    return any(
        c.dep_ == "xcomp" and c.lemma_.lower() in ("leave", "flee") and any(
            g.dep_ == "dobj" and g.lemma_.lower() in _HOMELAND_NOUNS for g in c.children)
        for c in token.children
    )


_REFUSING_VERBS = frozenset({"deny", "refuse", "reject"})


def bail_refused(token: Token) -> bool:
    """"a court denied bail to X", "X was refused bail", "X was not granted bail": the
    custody goes on (GUIDELINES.md: a custody hearing is part of the arrest), no release."""
    if token.lemma_.lower() != "bail":
        return False
    verb = token.head
    if verb.lemma_.lower() in _REFUSING_VERBS:
        return True
    return verb.lemma_.lower() in ("grant", "allow", "give") and any(
        c.dep_ == "neg" for c in verb.children)


def behind_bars(token: Token) -> bool:
    """"behind bars": in custody, not a bar on an activity."""
    return token.lower_ == "bars" and token.dep_ == "pobj" and token.head.lower_ == "behind"


_CUSTODY_NOUNS = frozenset({"prison", "jail", "custody", "detention"})


def place_of_custody(token: Token) -> bool:
    """"in prison", "into custody", "behind bars": the object of a preposition naming
    custody."""
    return token.dep_ == "pobj" and (
        token.lemma_.lower() in _CUSTODY_NOUNS or behind_bars(token))


_CARE = frozenset({"care", "treatment", "medication", "medicine", "doctor", "hospital"})


def denied_care(token: Token) -> bool:
    """"the denial of (timely) medical treatment": ill-treatment (GUIDELINES.md: denied
    medical care), as the verb "denied medical care" is."""
    return token.lemma_.lower() == "denial" and any(
        t.lemma_.lower() in _CARE for t in token.subtree if t.i != token.i)


_CUSTODY_PLACES = _CUSTODY_NOUNS | {"captivity", "cell"}


def freed(token: Token) -> bool:
    """Phrases of a release the word lists cannot hold (GUIDELINES.md: released from
    custody or prison): "walked free", "was set free", "regained his freedom", "left
    prison", "came out of jail". `token` is the verb."""
    lemma = token.lemma_.lower()
    children = list(token.children)
    if lemma in ("walk", "go", "set") and any(
        c.lower_ == "free" and c.dep_ in ("acomp", "advmod", "oprd", "xcomp", "ccomp", "dobj",
                                          "advcl")
        for c in children
    ):
        return True
    if lemma in ("regain", "recover", "win") and any(
        c.dep_ == "dobj" and c.lemma_.lower() in ("freedom", "liberty") for c in children
    ):
        return True
    if lemma in ("leave", "exit") and any(
        c.dep_ == "dobj" and c.lemma_.lower() in _CUSTODY_PLACES for c in children
    ):
        return True
    return lemma in ("come", "get", "walk") and any(
        c.lower_ == "out" and any(
            g.lower_ == "of" and any(o.lemma_.lower() in _CUSTODY_PLACES for o in g.children)
            for g in (*c.children, *children))
        for c in children
    )


# Acts done to a victim, and what a person can be accused of, arrested or tried for.
_ACTS_ON_A_VICTIM = frozenset({"death", "ill_treatment", "disappearance"})
_JUDGING_WORDS = frozenset({
    "accuse", "charge", "convict", "suspect", "arrest", "detain", "hold", "sentence", "jail",
    "imprison", "indict", "prosecute", "try", "investigate", "acquit", "blame", "implicate",
    "question", "interrogate", "accusation", "allegation", "suspicion", "connection",
    "trial", "conviction", "guilty", "case",
})


def act_as_ground(token: Token, kind: str) -> bool:
    """"X was accused of the murder of Y", "X was arrested in connection with the killing
    of Y", "X's trial for the torture of Y": the act is what X is accused of, so it is
    Y's (the noun's "of" or possessor), never X's through the verb above it."""
    if kind not in _ACTS_ON_A_VICTIM or token.pos_ != "NOUN":
        return False
    head, hops = token, 0
    while head.dep_ in ("pobj", "prep", "compound", "conj") and head.head.i != head.i \
            and hops < 4:
        head = head.head
        hops += 1
        if lemma_of(head) in _JUDGING_WORDS:
            return True
    return False


def died_in_custody(token: Token) -> bool:
    """"X died in prison", "X died of COVID-19 behind bars": GUIDELINES.md gives such a
    death the "jailed X" arrest too, when nothing else in the text tells the custody.
    `token` is the place of custody."""
    return place_of_custody(token) and token.head.lower_ in ("in", "behind") and (
        token.head.head.lemma_.lower() in ("die", "succumb", "perish"))
