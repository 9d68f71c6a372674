"""Who among the named persons acts for the state, in English: a title of office that is
part of the name ("President Ostap Velin"), not past ("former minister") and not held in
a body that is not the state's ("the union's secretary general"); or the one whose
government or regime it is. Officials are poor antecedents and no victims of the records.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from casefile.extract.en.names import OFFICIAL_TITLES

# Whose government or regime it is: "Ostap Velin's government", "the Velin regime".
_POWER_NOUNS = frozenset(
    {"government", "regime", "administration", "cabinet", "forces", "troops", "police",
     "security", "services", "rule", "crackdown", "party", "office", "spokesman", "army"}
)

# Words that say a title is past ("former minister") or of a body that is not the state's.
_FORMER = frozenset({"former", "ex", "erstwhile", "onetime"})
_NON_STATE_BODIES = frozenset(
    {"association", "union", "movement", "organisation", "organization", "ngo", "group",
     "foundation", "society", "league", "coalition", "alliance", "federation", "network",
     "opposition", "bar", "university", "club", "church", "newspaper", "daily", "magazine"}
)
_UNIONS_OF_STATES = frozenset({"european", "african", "eurasian", "soviet"})
# Words of an organisation's name that make it the state's.
_STATE_BODIES = frozenset(
    {"ministry", "government", "police", "court", "army", "state", "council", "parliament",
     "office", "department", "agency", "commission", "committee", "service", "force",
     "guard", "prosecutor", "administration", "cabinet", "kremlin", "authority", "bureau",
     "tribunal", "assembly", "senate", "congress", "embassy", "military", "navy"}
)



def holds_power(ent: Span) -> bool:
    """"X's government", "the X regime", "the regime of X"."""
    root = ent.root
    if root.dep_ == "pobj" and root.head.lower_ == "of":
        return root.head.head.lemma_.lower() in _POWER_NOUNS
    return root.dep_ in ("poss", "compound") and root.head.lemma_.lower() in _POWER_NOUNS


def has_official_title(ent: Span) -> bool:
    """"President Ostap Velin", "Crown Prince X": a title that is part of the name."""
    doc = ent.doc
    inside = [t.lower_ for t in ent[:-1]]
    previous = doc[ent.start - 1] if ent.start > ent.sent.start else None
    titled = previous is not None and previous.lower_ in OFFICIAL_TITLES and (
        ent.start <= previous.head.i < ent.end
    )
    # "Secretary of State Marek Solvin", "Foreign Minister X": a title a few words before
    before = doc[max(ent.sent.start, ent.start - 4) : ent.start]
    long_title = len(before) > 0 and all(
        t.text[:1].isupper() or t.lower_ == "of" for t in before
    ) and any(t.lower_ in OFFICIAL_TITLES for t in before)
    if not (titled or long_title or any(w in OFFICIAL_TITLES for w in inside)):
        title = _title_in_apposition(ent)
        if title is None:
            return False
        words = doc[min(title.left_edge.i, ent.start) : max(title.right_edge.i + 1, ent.end)]
        return not _title_held_outside_power(words)
    return not _title_held_outside_power(doc[max(ent.sent.start, ent.start - 6) : ent.end])


def _title_in_apposition(ent: Span) -> Token | None:
    """"the mayor, Viktor Strand," or "Viktor Strand, the regional governor,": the title
    noun the name stands beside, with "the" (not "a judge", not "his lawyer")."""
    root = ent.root
    nouns = [root.head] if root.dep_ == "appos" else []
    nouns += [c for c in root.children if c.dep_ == "appos"]
    doc = ent.doc
    if ent.start >= 2 and doc[ent.start - 1].text == ",":
        nouns.append(doc[ent.start - 2])  # however the parser hangs the name after the comma
    for noun in nouns:
        if noun.lemma_.lower() in OFFICIAL_TITLES and any(
            c.dep_ == "det" and c.lower_ == "the" for c in noun.children
        ):
            return noun
    return None


def _title_held_outside_power(words: Span) -> bool:
    """"Former minister X", "the union's secretary general X", "Bar Association President
    X": a title the person no longer holds, or holds in a body that is not the state's.
    Such people are often the very victims of the records (opposition figures, leaders of
    rights groups), not the officials who act on them."""
    return any(
        t.lower_ in _FORMER or t.lower_.startswith("ex-")
        or (t.lemma_.lower() in _NON_STATE_BODIES and not _union_of_states(t))
        or _owned_by_non_state_body(t)
        for t in words
    )


def _union_of_states(token: Token) -> bool:
    """"The European Union's ambassador", "African Union Commission chairman": a union
    whose members are states holds state power."""
    return token.lower_ == "union" and token.i > 0 and (
        token.doc[token.i - 1].lower_ in _UNIONS_OF_STATES
    )


def _owned_by_non_state_body(token: Token) -> bool:
    """"the Kestrel Rights Centre's secretary": the owner of the title is a named
    organisation none of whose words names a state body (ministry, police, court...)."""
    if token.dep_ != "poss" or token.ent_type_ != "ORG":
        return False
    owner = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    return owner is not None and not any(
        t.lemma_.lower() in _STATE_BODIES or _union_of_states(t) for t in owner
    )
