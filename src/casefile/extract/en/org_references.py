"""Which organisation a word names or refers back to: "the movement" for the last movement
named, "its website" for the outlet before it, a name inside the noun phrase but not in
its places ("a highway in X district")."""

from __future__ import annotations

from spacy.tokens import Token

from casefile.extract.doc import AnnotatedDoc

_ORG_NOUNS = frozenset(
    {"movement", "organization", "organisation", "group", "party", "network", "association",
     "union", "foundation", "centre", "center", "newspaper", "outlet", "channel", "website",
     "community", "church", "congregation", "ngo", "society", "committee", "bloc"}
)
# What an outlet has that an authority blocks or revokes: "its website", "its licence".
_OUTLET_PARTS = frozenset({"website", "site", "licence", "license", "page", "account",
                           "channel", "broadcast", "registration"})

# Where a noun phrase's place is told ("blocked a highway in X district"): an organisation
# named there is not the phrase's.
_PLACE_NOUNS = frozenset({"district", "city", "province", "region", "town", "village",
                          "country", "state", "capital", "area", "county", "street"})


def phrase_within(token: Token) -> list[Token]:
    """The words of the noun phrase `token` heads, short of its places ("a highway in X
    district") and clauses ("orders of persons held in the jails of X")."""
    found, todo = [], [token]
    while todo:
        word = todo.pop()
        found.append(word)
        todo += [c for c in word.children
                 if c.dep_ not in ("acl", "relcl", "advcl") and not _a_place(c)]
    return sorted(found, key=lambda t: t.i)


def _a_place(prep: Token) -> bool:
    return prep.dep_ == "prep" and any(
        g.dep_ == "pobj" and (g.ent_type_ in ("GPE", "LOC", "FAC")
                              or g.lemma_.lower() in _PLACE_NOUNS)
        for g in prep.children
    )


def organisation_of(doc: AnnotatedDoc, token: Token) -> str | None:
    """The organisation `token` names, or the one "the movement" refers back to."""
    for t in (token, *token.children):
        mention = doc.token_mentions.get(t.i)
        if mention is not None and mention.kind == "organisation":
            return mention.entity
    for t in phrase_within(token):
        mention = doc.token_mentions.get(t.i)
        if mention is not None and mention.kind == "organisation":
            return mention.entity
    if token.lemma_.lower() in _ORG_NOUNS and token.tag_ == "NN" and any(
        c.lower_ in ("the", "this", "that") for c in token.children
    ):
        return _organisation_antecedent(doc, token)
    its = next((c for c in token.children if c.dep_ == "poss" and c.lower_ == "its"), None)
    if its is not None and token.lemma_.lower() in _OUTLET_PARTS:
        return _organisation_antecedent(doc, its)  # "its website was blocked"
    return None


def _organisation_antecedent(doc: AnnotatedDoc, token: Token) -> str | None:
    """"the church" means the last church named; "the organization" the last organisation
    with a proper name (several words, or an acronym), not a one-word guess of the tagger."""
    noun = token.lemma_.lower()
    # "The Supreme Court dissolved the party": the actor is not what its object refers to
    actor = {t.idx for c in token.head.children if c.dep_ in ("nsubj", "agent")
             for t in c.subtree}
    earlier = [m for m in doc.mentions if m.kind == "organisation" and m.start < token.idx
               and m.start not in actor]
    for mention in reversed(earlier):
        if noun in doc.organisations[mention.entity].name.lower().split():
            return mention.entity
    for mention in reversed(earlier):
        org = doc.organisations[mention.entity]
        if len(org.name.split()) > 1 or org.aliases - {org.name}:
            return mention.entity
    return None
