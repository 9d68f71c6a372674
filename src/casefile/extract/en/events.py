"""The English events component: triggers and their participants, with the arguments
attached."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Span, Token

from casefile.extract.components.arguments import (
    evidence_span,
    own,
    paired_in_order,
    says_respectively,
    term_kind,
    terms_for,
)
from casefile.extract.dates import DateMention
from casefile.extract.doc import AnnotatedDoc
from casefile.extract.en.arguments import agent_of, charges_in
from casefile.extract.en.designations import described_designations, emit_designation
from casefile.extract.en.lexicon import NOUN_TRIGGERS
from casefile.extract.en.participants import listed_with, marked_possessive, persons_of
from casefile.extract.en.readings import APPEAL_VERBS, VERDICT_NOUNS, died_in_custody
from casefile.extract.en.triggers import find_triggers, support_subject
from casefile.extract.en.voice import conjoined_verb
from casefile.extract.events import (
    TERM_TYPES,
    Trigger,
    emit_sentence,
    person_event,
    sentences_with_triggers,
)
from casefile.extract.registry import Component, register
from casefile.extract.salience import speaks_for_another


@register(
    "events",
    needs=("spacy", "dates", "terms", "persons", "organisations"),
    sets=("events", "trigger_sentences"),
)
def events_factory(settings: dict[str, Any]) -> Component:
    def events(doc: AnnotatedDoc) -> None:
        found = sentences_with_triggers(doc, find_triggers)
        doc.named_victims = _named_victims(doc, [t for _, ts in found for t in ts])
        for sent, triggers in found:
            described_designations(doc, sent)
            emit_sentence(doc, sent, triggers, _emit)

    return events


def _emit(doc: AnnotatedDoc, sent: Span, trigger: Trigger, dates: list[DateMention]) -> None:
    token = trigger.token
    if trigger.type == "designation" or (
        token.lemma_.lower() in ("ban", "declare", "recognize", "recognise", "label", "list")
        and not (trigger.type == "restriction" and token.pos_ == "NOUN")  # "a travel ban"
        and trigger.type != "investigation"  # "declared a fugitive", "the wanted list"
    ):
        emit_designation(doc, sent, trigger, dates)
        return
    keys, confidence = _participants(doc, trigger)
    if not keys:
        return
    event_type = trigger.type
    terms = terms_for(doc, sent, token) if event_type in TERM_TYPES else []
    term = terms[0] if terms else None
    weak = False
    if event_type == "arrest" and (token.lemma_.lower() in ("jail", "imprison")
                                   or died_in_custody(token)):
        if term is not None and term.term is not None:
            event_type = "sentence"
        else:
            weak = True  # "jailed X": an arrest only if nothing else says X was in custody
    if event_type == "arrest":
        term = None
    respectively = says_respectively(sent) and len(keys) > 1
    split_dates = respectively and len(dates) == len(keys)
    split_terms = respectively and len(terms) == len(keys)
    paired = paired_in_order(doc, sent, terms, keys) if event_type == "sentence" else None
    evidence = evidence_span(sent, token)
    agent = agent_of(doc, token)
    charges = charges_in(sent, token) if event_type != "release" else []
    sentence = event_type == "sentence"
    for index, key in enumerate(keys):
        mention_date = dates[index] if split_dates else (dates[0] if dates else None)
        if not split_dates and len(keys) > 1:
            mention_date = own(doc, sent, dates, key) or mention_date
        if split_terms:
            term = terms[index]
        elif paired:
            term = paired[key]
        elif sentence and len(keys) > 1:
            term = own(doc, sent, terms, key) or term
        event = person_event(
            doc, key, event_type, evidence,
            confidence=trigger.confidence * confidence,
            cites=sent.text,
            date=mention_date.date if mention_date else None,
            agent=agent,
            term=term.term if term and sentence else None,
            term_kind=term_kind(term, token) if sentence else None,
            charges=charges,
        )
        if weak:
            doc.weak_events.add(id(event))


def _named_victims(doc: AnnotatedDoc, triggers: list[Trigger]) -> set[str]:
    """Persons named outright as the participant of some event: whom the text is about,
    and so what "he" and "she" most likely mean."""
    named: set[str] = set()
    for trigger in triggers:
        for slot in trigger.slots:
            for token in _slot_tokens(trigger.token, slot):
                mention = doc.token_mentions.get(token.i)
                if mention is not None and mention.kind == "person":
                    named.add(mention.entity)
    return named - doc.officials


def _participants(doc: AnnotatedDoc, trigger: Trigger) -> tuple[list[str], float]:
    keys, confidence = _slot_participants(doc, trigger)
    if keys and trigger.token.pos_ == "VERB":
        # "was arrested ... along with his cousin Ilse Marov"
        for companion in _companions(trigger.token):
            for listed in (companion, *listed_with(companion)):
                more, _ = persons_of(doc, listed)
                keys += [k for k in more if k not in keys]
    return keys, confidence


def _companions(token: Token) -> list[Token]:
    """"along with X", "together with X" (parsed as a preposition or an adverb),
    "alongside X"."""
    found = []
    for first in token.children:
        if first.lower_ == "alongside" and first.dep_ == "prep":
            found += [g for g in first.children if g.dep_ == "pobj"]
            continue
        if first.lower_ not in ("along", "together") or first.dep_ not in ("prep", "advmod"):
            continue
        withs = [c for c in (*first.children, *token.children)
                 if c.dep_ == "prep" and c.lower_ == "with"]
        found += [g for w in withs for g in w.children if g.dep_ == "pobj"]
    return found


def _slot_participants(doc: AnnotatedDoc, trigger: Trigger) -> tuple[list[str], float]:
    token = trigger.token
    if trigger.slots == ("passive",) and not _slot_tokens(token, "passive"):
        return _names_before(doc, token), 0.6
    for slot in trigger.slots:
        for candidate in _slot_tokens(token, slot):
            keys, confidence = persons_of(doc, candidate)
            # "X and Y were arrested"; also "journalist and blogger X was sentenced"
            for conj in listed_with(candidate):
                more, more_confidence = persons_of(doc, conj, beside_person=bool(keys))
                keys.extend(k for k in more if k not in keys)
                confidence = confidence or more_confidence
            if trigger.type == "appeal":  # "the appeal filed by X", X a lawyer: not X's
                keys = [k for k in keys if not speaks_for_another(doc, k)]
            if keys:
                return keys, confidence
    if trigger.type == "appeal" and _verdict_without_owner(token):
        return _last_judged(doc, token), 0.6
    if trigger.type == "trial" and token.pos_ == "NOUN" and _told_before(token):
        return _last_judged(doc, token), 0.6  # "X was sentenced ... The trial was closed"
    return [], 0.0


def _appellant(verdict: Token) -> list[Token]:
    """Whose appeal a verdict noun is when it has no owner of its own: "the appeal filed by
    X('s lawyer)", "an appeal for X's release", "an appeal against his conviction"."""
    found = []
    for child in verdict.children:
        if child.dep_ in ("acl", "relcl"):
            found += [g for a in child.children if a.dep_ == "agent"
                      for g in a.children if g.dep_ == "pobj"]
        elif child.dep_ == "prep" and child.lower_ in ("for", "against"):
            found += [g for g in child.children if g.dep_ == "pobj"]
    # the lawyer's client, the release's or conviction's subject ("X's release", "the
    # release of X")
    return [p for g in found for p in g.children if p.dep_ == "poss"] + [
        o for g in found for p in g.children if p.dep_ == "prep" and p.lower_ == "of"
        for o in p.children if o.dep_ == "pobj"] + [g for g in found if g.pos_ == "PROPN"]


_VERDICTS = VERDICT_NOUNS | {"judgment", "judgement"}
_JUDGED = ("sentence", "conviction", "trial", "appeal")


def _told_before(noun: Token) -> bool:
    """"The trial", "the hearing": a definite event noun with no owner of its own, one the
    text has already told of."""
    return any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children) and not any(
        c.dep_ in ("poss", "compound") or c.dep_ == "prep" and c.lower_ in ("of", "against")
        for c in noun.children)


def _verdict_without_owner(token: Token) -> bool:
    """"upheld the sentence", "the verdict was confirmed": a verdict noun with no owner and
    no indefinite article (a verdict the text has already told of)."""
    nouns = [c for c in token.children if c.dep_ in ("nsubjpass", "dobj")
             and c.lemma_.lower() in _VERDICTS]
    return bool(nouns) and all(
        not any(g.dep_ == "poss" or (g.dep_ == "prep" and g.lower_ in ("of", "against"))
                or (g.dep_ == "det" and g.lower_ in ("a", "an")) for g in noun.children)
        for noun in nouns)


def _last_judged(doc: AnnotatedDoc, token: Token) -> list[str]:
    """The persons of the last sentence, conviction, trial or appeal told before `token`:
    whose verdict "the sentence" is."""
    before = [e for e in doc.events if e.participant_kind == "person" and e.type in _JUDGED
              and e.evidence.end <= token.idx]
    if not before:
        return []
    last = max(e.evidence.start for e in before)
    names = {e.participant for e in before if e.evidence.start == last}
    return [key for key, person in doc.persons.items() if person.name in names]


def _names_before(doc: AnnotatedDoc, token: Token) -> list[str]:
    """When the parser lost the subject of "X, Y and Z were convicted": the persons named
    between the previous verb and the trigger."""
    keys: list[str] = []
    i = token.i - 1
    while i >= token.sent.start and token.i - i < 40:
        t = token.doc[i]
        if t.pos_ == "VERB" and t.dep_ not in ("amod", "compound", "prep"):
            break
        mention = doc.token_mentions.get(i)
        if (mention is not None and mention.kind == "person"
                and mention.entity not in doc.officials and mention.entity not in keys):
            keys.append(mention.entity)
        i -= 1
    return list(reversed(keys))


_INQUIRIES = frozenset({"investigation", "inquiry", "probe"})
# What a court does with an appeal: the appeal is then a legal one, not a campaign's.
_ACTING_ON_APPEALS = APPEAL_VERBS | {"grant", "accept", "consider"}


# Who acts for someone else: an appeal "filed by X's lawyer" or "by X's parents" is X's.
_ACTING_FOR = frozenset({
    "lawyer", "attorney", "advocate", "counsel", "defence", "defense", "representative",
    "family", "relative", "parent", "wife", "husband", "mother", "father", "son",
    "daughter", "brother", "sister",
})


def _acted_for(agent: Token) -> Token:
    """Whose act an agent's is: the client or relative of "X's lawyer, Y" (or of "Y, X's
    lawyer"), else the agent itself."""
    for noun in (agent, *(c for c in agent.children if c.dep_ == "appos")):
        if noun.lemma_.lower() in _ACTING_FOR:
            return next((c for c in noun.children if c.dep_ == "poss" or c.dep_ == "nmod"
                         and any(g.dep_ == "case" for g in c.children)), noun)
    return agent


def _slot_tokens(token: Token, slot: str) -> list[Token]:
    children = list(token.children)
    if slot == "passive":
        found = [c for c in children if c.dep_ == "nsubjpass"]
        if not found and any(c.dep_ == "auxpass" for c in children):
            found = [c for c in children if c.dep_ == "nsubj"]  # "was re-arrested"
        if not found and token.dep_ in ("acl", "relcl", "appos", "amod"):
            head = token.head
            if token.dep_ == "amod" and head.dep_ == "compound" and head.pos_ == "NOUN":
                head = head.head  # "the detained activist X": X, not "activist"
            found = [head]
        if not found and token.dep_ in ("conj", "advcl", "xcomp"):
            head = conjoined_verb(token) if token.dep_ == "conj" else token.head
            found = [c for c in head.children if c.dep_ in ("nsubjpass", "nsubj")]
            if not found and head.dep_ in ("acl", "relcl"):
                found = [head.head]
        if not found and token.dep_ == "acomp":  # "X stands accused", "X remains detained"
            found = [c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not found and token.dep_ == "pcomp" and token.head.head.pos_ in ("VERB", "AUX"):
            # "X was held for hours before being released": the clause's subject
            found = [c for c in token.head.head.children if c.dep_ in ("nsubjpass", "nsubj")]
        return found
    if slot == "recipient":  # "handed down six years to X", "gave X five years"
        found = [g for c in children if c.dep_ in ("prep", "dative") and c.lower_ in ("to", "on")
                 for g in c.children if g.dep_ == "pobj"]
        found += [c for c in children if c.dep_ == "dative" and c.pos_ != "ADP"]
        return found or [c for c in children if c.dep_ == "nsubjpass"]
    if slot == "guilty_subject":  # "found X, a member of ..., guilty": X is guilty's subject
        # (the small model also hangs a name before "guilty" as its compound)
        return [g for c in children if c.lower_ == "guilty" for g in c.children
                if g.dep_ in ("nsubj", "nsubjpass") or g.dep_ == "compound" and g.pos_ == "PROPN"]
    if slot == "object":
        found = [c for c in children if c.dep_ in ("dobj", "obj")]
        # "investigating the case of X", "reopened the case against X": X
        return found + [g for c in found if c.lemma_.lower() == "case" for p in c.children
                        if p.dep_ == "prep" and p.lower_ in ("of", "against")
                        for g in p.children if g.dep_ == "pobj"]
    if slot == "subject":
        found = [c for c in children if c.dep_ in ("nsubj", "nsubjpass")]
        if not found and token.dep_ in ("conj", "xcomp"):
            # "X was allowed to go free": the subject of the verb the clause completes
            found = [c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        return found
    if slot == "of":  # "the arrest of X", "charges (filed) against X"
        preps = [c for c in children if c.dep_ == "prep"]
        preps += [p for c in children if c.dep_ in ("acl", "relcl")
                  for p in c.children if p.dep_ == "prep"]
        if token.dep_ == "dobj":  # "filed charges against X": the verb holds the "against"
            preps += [p for p in token.head.children if p.dep_ == "prep" and p.lower_ == "against"]
        # "the convictions in absentia of X", "the arrest on 2 May of X": the parser hangs
        # the "of" on the words between
        preps += [p for c in preps if c.lower_ in ("in", "on")
                  for g in c.children if g.dep_ == "pobj" and (
                      g.ent_type_ == "DATE" or g.lower_ == "absentia")
                  for p in g.children if p.dep_ == "prep" and p.lower_ == "of"]
        # "charges of treason against X": the "against" hung on the offence
        preps += [p for c in preps if c.lower_ == "of"
                  for g in c.children if g.dep_ == "pobj"
                  for p in g.children if p.dep_ == "prep" and p.lower_ == "against"]
        return [g for c in preps if c.lower_ in ("of", "against")
                for g in c.children if g.dep_ == "pobj" and not marked_possessive(g)]
    if slot == "named_in":  # "X, currently under house arrest, ...", "X, in detention since May"
        prep = token.head
        if token.dep_ == "pobj" and prep.lower_ in ("under", "in") and prep.head.pos_ == "PROPN":
            return [prep.head]
        return []
    if slot == "on":  # "agents spied on X"
        return [g for c in children if c.dep_ == "prep" and c.lower_ in ("on", "upon")
                for g in c.children if g.dep_ == "pobj"]
    if slot == "declared":  # "declared X a fugitive" parsed as a clause "X a fugitive"
        clauses = [c for c in children if c.dep_ in ("ccomp", "oprd", "xcomp")]
        return [c for c in clauses if c.pos_ == "PROPN"] + [
            g for c in clauses for g in c.children if g.dep_ == "nsubj"]
    if slot == "granted":  # "granted Orlen Vask bail", parsed as the compound "Vask bail"
        return [g for c in children if c.dep_ == "dobj" for g in c.children
                if g.dep_ == "compound" and g.pos_ == "PROPN"]
    if slot == "appellant":  # "rejected an appeal for the release of X"; not a campaign's
        if token.head.lemma_.lower() in _ACTING_ON_APPEALS:
            return _appellant(token)
        return []
    if slot == "by":  # "an appeal by X", "an appeal filed by X"
        holders = [token, *(c for c in children if c.dep_ in ("acl", "relcl"))]
        return [_acted_for(g) for h in holders for p in h.children
                if p.dep_ in ("prep", "agent") and p.lower_ == "by"
                for g in p.children if g.dep_ == "pobj"]
    if slot == "possessor":
        if token.lemma_.lower() in _INQUIRIES:
            # "their investigation", "his investigation into the killing": the
            # investigators', or a reporter's own work
            return [c for c in children if c.dep_ == "poss" and c.pos_ != "PRON"]
        return [c for c in children if c.dep_ == "poss"]
    if slot == "verb_against":  # "a case was registered against X"
        return [g for c in token.head.children if c.dep_ == "prep" and c.lower_ == "against"
                for g in c.children if g.dep_ == "pobj"]
    if slot == "clause":  # "X was held ... in connection with case No. 5": the clause's
        verb = token
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        return _slot_tokens(verb, "passive") or _slot_tokens(verb, "subject")
    if slot == "support":
        subject = support_subject(token)
        return [subject] if subject is not None else []
    if slot == "host":  # "released X in a retrial": the event the noun is part of
        head = token.head
        if token.dep_ == "pobj" and head.dep_ == "prep" and head.head.i != head.i:
            host = head.head
            for inner in ("passive", "object", "of"):
                found = _slot_tokens(host, inner)
                if found and found[0].pos_ == "NOUN" and found[0].lemma_.lower() in (
                    NOUN_TRIGGERS
                ):
                    # "ordered the release of X in a retrial": X, through the event noun
                    found = _slot_tokens(found[0], "of") or found
                if found:
                    return found
        return []
    if slot == "owner":  # "his sentence was upheld", "the court rejected X's appeal"
        found = []
        for c in children:
            if c.dep_ in ("nsubjpass", "dobj"):
                found.extend(g for g in c.children if g.dep_ == "poss")
                found.extend(gg for g in c.children
                             if g.dep_ == "prep" and g.lower_ in ("of", "against")
                             for gg in g.children)
                found.extend(_appellant(c))
        # "overruled the sentences against X", the parser hanging "against" on the verb
        found.extend(g for c in children if c.dep_ == "prep" and c.lower_ == "against"
                     for g in c.children if g.dep_ == "pobj")
        # "rejected an appeal against her conviction": whose the verdict is
        return [p for g in found for p in (
            [c for c in g.children if c.dep_ == "poss"] if g.lemma_.lower() in _VERDICTS
            else [g])]
    return []
