"""Candidate events for the model to decide: every trigger word with every person it
could concern in its sentence, plus every event the rules produced.

Tuned for recall: the rules' parse walking finds who a trigger is about in the parses it
was written against; here every person named, or pointed at by a pronoun, in a sentence
with a trigger word is a candidate for that trigger's type, and the model, trained on the
gold, decides. A candidate is a (type, person) pair of one document, because that is what
the guidelines score: the pair's features summarise its best-placed mention and how often
the text supports it.

Features are over lemmas of the trigger lexicons, dependency labels, distances, voice and
counts; never over names or other words of the document.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import islice

from spacy.tokens import Span, Token

from casefile.extract.components.arguments import (
    evidence_span,
    term_kind,
    terms_for,
    terms_in,
    told_after,
    told_before,
)
from casefile.extract.doc import AnnotatedDoc
from casefile.extract.en import lexicon as en_lexicon
from casefile.extract.en.agents import private_accusation
from casefile.extract.en.assertion import is_asserted
from casefile.extract.en.names import is_given_name
from casefile.extract.en.readings import lemma_of, names_the_term
from casefile.extract.events import unrealised_infinitive
from casefile.extract.terms import TermMention
from casefile.learn.accusations import accusation_classes
from casefile.learn.event_dates import clause_date, date_from_own_pairings
from casefile.learn.groups import GroupMember
from casefile.learn.pairings import (
    Pairing,
    bucket,
    ground_of_verdict,
    is_passive,
    list_head,
    own_pairings,
    pair_rank,
    path_between,
    patient_kind,
)
from casefile.learn.references import Ref, person_refs
from casefile.learn.vocabulary import WINDOW, trigger_types
from casefile.model import EVENT_TYPES, Event, Provenance

# Types the rules never give a person, so no candidate of theirs is made.
_ORGANISATION_TYPES = frozenset({"designation"})
PERSON_TYPES = tuple(t for t in EVENT_TYPES if t not in _ORGANISATION_TYPES)

@dataclass
class Candidate:
    """One (type, person) of one document, with the events it stands for."""

    type: str
    entity: str  # key into AnnotatedDoc.persons
    participant: str
    features: dict[str, float] = field(default_factory=dict)
    rule_events: list[Event] = field(default_factory=list)
    new_event: Event | None = None  # what the model adds when the rules found nothing
    # every trigger of the candidate is done to someone else (`done_to_another`): the
    # model learns from it, as the candidate it looks like, but it is never accepted
    blocked: bool = False

    def events(self) -> list[Event]:
        if self.rule_events:
            return self.rule_events
        return [self.new_event] if self.new_event is not None else []


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in ("не", "not", "never") for c in token.children)


# Russian words of a demand, a request or a threat over a trigger: «прокурор просит
# приговорить», «ему грозит до семи лет колонии», «ходатайство о заочном аресте».
_RU_IRREALIS = frozenset(
    {"должен", "может", "мочь", "требовать", "потребовать", "призвать", "призывать", "просить",
     "попросить", "грозить", "угрожать", "ходатайство", "ходатайствовать", "требование",
     "просьба", "призыв", "добиваться", "намереваться", "собираться", "хотеть", "планировать"}
)


# Modal words that make their own verb's event possible only («его могут задержать»).
_RU_MODALS = frozenset({"должен", "может", "мочь"})


def _modal(token: Token) -> bool:
    """A modal beside the trigger, or a modal, request or threat above it. A request noun
    below it is what the event is about: «обвиняют в публичных призывах», «осуждён за
    призывы к протестам»."""
    return any(c.lemma_.lower() in en_lexicon.MODALS | _RU_MODALS for c in token.children) or (
        token.head.lemma_.lower() in en_lexicon.MODALS | _RU_IRREALIS | en_lexicon.IRREALIS_HEADS
    )


def _ru_unrealised(token: Token) -> bool:
    """A trigger under a word of request or threat within three steps up the parse
    («попросил приговорить его к семи годам колонии», «ему грозит до семи лет колонии»),
    or itself an infinitive no verb of beginning governs («могут задержать»). (An
    infinitive higher up is no test: a verdict's operative words «признать виновным и
    назначить» are infinitives.)"""
    # Above the trigger only: «угрожать» under nothing is a threat, itself harassment.
    if any(node.lemma_.lower() in _RU_IRREALIS for node in islice(token.ancestors, 3)):
        return True
    return unrealised_infinitive(token)


def _asserted(token: Token, language: str) -> bool:
    """Demands, hopes, hypotheses and negations are not events (GUIDELINES.md): such a
    trigger proposes nothing, nor does an accusation by critics. English uses the rules'
    own tests."""
    if language == "ru":
        return not (_negated(token) or _modal(token) or _ru_unrealised(token))
    if token.pos_ == "NOUN" and names_the_term(token):
        # "could be sentenced to ten years in prison": the term is as real as its verdict
        verdict = next((a for a in islice(token.ancestors, 4) if a.pos_ in ("VERB", "AUX")),
                       None)
        if verdict is not None and not is_asserted(verdict):
            return False
    return is_asserted(token) and not private_accusation(token)


def _group_features(group: GroupMember) -> dict[str, float]:
    """How the group a plural reference stands for was found, so the model can weigh it."""
    f = {f"grp:{source}": 1.0 for source in group.sources}
    f[f"grp_sources={min(len(group.sources), 3)}"] = 1.0
    f[f"grp_size={bucket(group.size, (2, 3, 5, 9))}"] = 1.0
    f[f"grp_back={bucket(group.sentences_back, (0, 2, 5, 10))}"] = 1.0
    f[f"grp_ref={group.reference}"] = 1.0
    if group.role_match:
        f["grp_role_match"] = 1.0
    if group.counted is not None:
        f["grp_counted_agrees" if group.counted == group.size else "grp_counted_differs"] = 1.0
    return f


def _pair_features(pair: Pairing, language: str) -> dict[str, float]:
    f = _pair_features_core(pair, language)
    if pair.group is not None:
        f.update(_group_features(pair.group))
    return f


def _pair_features_core(pair: Pairing, language: str) -> dict[str, float]:
    trigger, person = pair.trigger, pair.person
    # what the word means, not how it is written: "re-arrested", "passed away", "fined"
    lemma = lemma_of(trigger) if language == "en" else trigger.lemma_.lower()
    if pair.sentences_apart:
        return {
            f"lemma={lemma}": 1.0,
            f"via={pair.via}": 1.0,
            f"apart={pair.sentences_apart}": 1.0,
            f"apart={pair.sentences_apart}&via={pair.via}": 1.0,
            f"tdep={trigger.dep_}": 1.0,
            "passive" if is_passive(trigger) else "active": 1.0,
        }
    head = list_head(person, trigger)
    up, down = path_between(head, trigger)
    length = len(up) + len(down)
    f: dict[str, float] = {
        f"lemma={lemma}": 1.0,
        f"tpos={trigger.pos_}": 1.0,
        f"via={pair.via}": 1.0,
        f"pdep={head.dep_}": 1.0,
        f"tdep={trigger.dep_}": 1.0,
        f"dist={bucket(abs(trigger.i - person.i), (1, 3, 6, 10, 20))}": 1.0,
        f"plen={bucket(length, (1, 2, 3, 4, 6))}": 1.0,
        "before" if person.i < trigger.i else "after": 1.0,
    }
    f[f"path={'/'.join(up[:3])}|{'/'.join(down[:2])}"] = 1.0
    f[f"up1={up[0] if up else '-'}|pas={int(is_passive(trigger))}"] = 1.0
    if head.head.i == trigger.i:
        f["child_of_trigger"] = 1.0
    if is_passive(trigger):
        f["passive"] = 1.0
    if _negated(trigger):
        f["negated"] = 1.0
    if _modal(trigger):
        f["modal"] = 1.0
    if person.dep_ in ("conj", "appos") or any(c.dep_ == "conj" for c in person.children):
        f["in_list"] = 1.0
    return f


def _gender_agreement(trigger: Token, gender: str | None) -> bool | None:
    """Whether a Russian trigger in the singular («оштрафована», «задержан») agrees in
    gender with the person (None: nothing to compare)."""
    if (gender is None or trigger.pos_ not in ("VERB", "AUX", "ADJ")
            or trigger.morph.get("Number", []) != ["Sing"]):
        return None  # a noun's gender is its own («колония», «реестр»), not an agreement
    said = {"Masc": "m", "Fem": "f"}.get(next(iter(trigger.morph.get("Gender", [])), ""))
    return None if said is None else said == gender


def _sentence_of(doc: AnnotatedDoc, offset: int) -> Span | None:
    assert doc.spacy is not None
    span = doc.spacy.char_span(offset, offset + 1, alignment_mode="expand")
    return span.sent if span is not None else None


def candidates(doc: AnnotatedDoc) -> list[Candidate]:
    """The candidates of a document the rules have run over (persons, events, merged)."""
    assert doc.spacy is not None
    language = doc.language or "en"
    pairings: dict[tuple[str, str], list[Pairing]] = defaultdict(list)
    sents = list(doc.spacy.sents)
    refs_of: dict[int, list[Ref]] = {}
    for index, sent in enumerate(sents):
        triggers = [(t, kind) for t in sent for kind in trigger_types(t, language)
                    if kind not in _ORGANISATION_TYPES and _asserted(t, language)]
        if not triggers:
            continue
        for other in range(max(0, index - WINDOW), index + 1):
            if other not in refs_of:
                refs_of[other] = person_refs(doc, sents, other, language)
            for token, kind in triggers:
                for ref in refs_of[other]:
                    if ref.entity in doc.officials and ref.via != "name":
                        continue
                    pairings[(kind, ref.entity)].append(
                        Pairing(token, ref.token, ref.via, sent, index - other, ref.group)
                    )

    rule_events: dict[tuple[str, str], list[Event]] = defaultdict(list)
    for event in doc.events:
        if event.participant_kind != "person" or event.type in _ORGANISATION_TYPES:
            continue
        key = doc.person_key(event.participant)
        if key is None:
            continue
        rule_events[(event.type, key)].append(event)

    rule_types: dict[str, set[str]] = defaultdict(set)
    for etype, key in rule_events:
        rule_types[key].add(etype)
    mention_counts: dict[str, int] = defaultdict(int)
    for mention in doc.mentions:
        if mention.kind == "person":
            mention_counts[mention.entity] += 1
    n_persons = len(doc.persons)
    text_length = max(len(doc.text), 1)
    doc_types = {t for t, _ in rule_events}

    out: list[Candidate] = []
    for pair_key in sorted(set(pairings) | set(rule_events)):
        etype, entity = pair_key
        if entity not in doc.persons:
            continue
        person = doc.persons[entity]
        pairs = pairings.get(pair_key, [])
        events = rule_events.get(pair_key, [])
        own_pairs = pairs if events else own_pairings(doc, etype, entity, pairs, language)
        f: dict[str, float] = {
            f"type={etype}": 1.0,
            f"lang={language}": 1.0,
            "bias": 1.0,
            "n_pairs": math.log1p(len(pairs)),
            "n_sents": math.log1p(len({p.sent.start for p in pairs})),
            "n_mentions": math.log1p(mention_counts.get(entity, 0)),
            "n_persons_doc": math.log1p(n_persons),
            "first_pos": person.first_offset / text_length,
            "n_other_rule_types": float(len(rule_types[entity] - {etype})),
        }
        if events:
            f["rule"] = 1.0
            f[f"rule&type={etype}"] = 1.0
            f["rule_conf"] = max(e.provenance.confidence for e in events)
            f[f"rule&lang={language}"] = 1.0
        elif etype in doc_types:
            f["type_found_for_other"] = 1.0
        if entity in doc.officials:
            f["official"] = 1.0
        if entity in doc.named_victims:
            f["named_victim"] = 1.0
        if not rule_types[entity]:
            f["no_rule_events"] = 1.0
        for other_type in rule_types[entity] - {etype}:
            f[f"has:{other_type}&type={etype}"] = 1.0
        if len(person.name.split()) == 1:
            f["one_word_name"] = 1.0
            if language == "en" and is_given_name(person.name):
                f["one_word_given_name"] = 1.0
        if pairs:
            best = min(pairs, key=pair_rank)
            for name, value in _pair_features(best, language).items():
                f[name] = value
                if name.startswith(("path=", "lemma=", "apart=", "via=", "pdep=")):
                    f[f"{name}&type={etype}"] = value
            at = best.trigger.idx
            covering = [e for e in doc.events if e.evidence.start <= at < e.evidence.end]
            if any(e.type == etype and e.participant == person.name for e in covering):
                f["trigger_used_for_person"] = 1.0
            elif any(e.type == etype for e in covering):
                f["trigger_used_for_other"] = 1.0
                f[f"trigger_used_for_other&via={best.via}"] = 1.0
            elif covering:
                f["trigger_inside_other_event"] = 1.0
            if any(best.sent.start_char <= e.evidence.start < best.sent.end_char
                   for e in doc.events if e.participant == person.name):
                f["person_has_rule_event_in_sentence"] = 1.0
                f[f"person_has_rule_event_in_sentence&type={etype}"] = 1.0
            sharing = {p.person.i for p in pairs if p.trigger.i == best.trigger.i}
            f[f"trigger_refs={bucket(len(sharing), (1, 2, 4))}"] = 1.0
            vias = {p.via for p in pairs}
            for via in vias:
                f[f"any_via={via}"] = 1.0
            for source in {s for p in pairs if p.group is not None for s in p.group.sources}:
                f[f"any_grp:{source}"] = 1.0
            f["n_same_sentence"] = math.log1p(sum(not p.sentences_apart for p in pairs))
            if any(p.person.head.i == p.trigger.i and not p.sentences_apart for p in pairs):
                f["any_child_of_trigger"] = 1.0
            if all(_negated(p.trigger) or _modal(p.trigger) for p in pairs):
                f["all_irrealis"] = 1.0
            people_in_sent = {
                m.entity for m in doc.mentions
                if m.kind == "person" and best.sent.start_char <= m.start < best.sent.end_char
            }
            f[f"sent_persons={bucket(len(people_in_sent), (1, 2, 3, 5))}"] = 1.0
            accused = set().union(*(accusation_classes(p.trigger, language, p.person)
                                    for p in pairs if not p.sentences_apart))
            for kind in accused:
                f[f"accused={kind}"] = 1.0
                f[f"accused={kind}&type={etype}"] = 1.0
            if ground_of_verdict(best.trigger):
                f["verdict_ground"] = 1.0
                f[f"verdict_ground&type={etype}"] = 1.0
            patient = patient_kind(doc, best.trigger, language)
            f[f"patient={patient}"] = 1.0
            f[f"patient={patient}&type={etype}"] = 1.0
            agreement = _gender_agreement(best.trigger, person.gender)
            if agreement is not None:
                f[f"gender_agrees={agreement}"] = 1.0
        else:
            f["no_pairs"] = 1.0
        for name in list(f):
            if not name.startswith(("lang=", "bias")) and f[name] and language == "ru":
                f[f"ru:{name}"] = f[name]
        candidate = Candidate(etype, entity, person.name, f, events,
                              blocked=bool(pairs) and not own_pairs)
        if not events and pairs:
            candidate.new_event = _new_event(doc, etype, person.name,
                                             sorted(own_pairs or pairs, key=pair_rank))
        date_from_own_pairings(doc, candidate.events(), own_pairs or pairs)
        out.append(candidate)
    # Imported here: the designation candidates reuse this module's parse helpers.
    from casefile.learn.designations import designation_candidates

    return out + designation_candidates(doc)


def _new_event(doc: AnnotatedDoc, etype: str, participant: str, pairs: list[Pairing]) -> Event:
    """The event the model adds for a pair the rules missed: the best-placed trigger's
    clause as evidence, a sentence's term; dated later from the discourse."""
    pair = pairs[0]
    sent, token = pair.sent, pair.trigger
    start, end = evidence_span(sent, token)
    term = None
    kind = None
    if etype == "sentence":
        mention = _term_of(doc, pairs)
        term = mention.term if mention else None
        kind = term_kind(mention, token)
    date = clause_date(doc, pair)
    return Event(
        type=etype,
        participant=participant,
        evidence=doc.evidence(start, end),
        provenance=Provenance(doc.provenance.extractor, doc.provenance.version, 0.5),
        date=date,
        term=term,
        term_kind=kind,
    )


def _term_of(doc: AnnotatedDoc, pairs: list[Pairing]) -> TermMention | None:
    """The term in a trigger's phrase, else the one nearest the person in a trigger's
    sentence ("X got three years and Y five": X's is the nearer)."""
    for pair in pairs:
        found = terms_for(doc, pair.sent, pair.trigger)
        if found:
            at = pair.person.idx
            told = None if pair.sentences_apart else told_before(doc, pair.sent, at)
            return told or told_after(doc, pair.sent, found, at) or found[0]
    for pair in pairs:
        sent = pair.sent
        near = terms_in(doc, sent)
        if near:
            return min(near, key=lambda t: abs(t.start - pair.person.idx))
    return None


def passthrough(doc: AnnotatedDoc) -> list[Event]:
    """Rule events no candidate stands for (participants the persons and organisations
    components do not know): kept as the rules gave them."""
    organisations = {o.name for o in doc.organisations.values()}
    return [
        e for e in doc.events
        if (e.type in _ORGANISATION_TYPES and e.participant not in organisations)
        or (e.type not in _ORGANISATION_TYPES
            and (e.participant_kind != "person" or doc.person_key(e.participant) is None))
    ]


