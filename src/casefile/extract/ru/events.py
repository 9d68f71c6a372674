"""Events in Russian text, over natasha's Universal Dependencies parse.

Russian news tells persecution mostly in the impersonal third person plural
("Ивана Петрова приговорили к 3,5 годам", "задержали Светлану Беляеву"): the victim is
the object. Passive participles and short forms ("был задержан", "признана
террористической") put the victim in the subject. Lemmas make one entry cover every
form of a verb, so the word lists stay short.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Span, Token

from casefile.extract.components.arguments import (
    evidence_span,
    own,
    own_before,
    paired_in_order,
    says_respectively,
    term_kind,
    terms_for,
)
from casefile.extract.dates import DateMention
from casefile.extract.doc import AnnotatedDoc
from casefile.extract.events import (
    TERM_TYPES,
    Trigger,
    bans_a_thing,
    emit_sentence,
    first_date,
    in_absentia,
    person_event,
    punishment_cell,
    sentences_with_triggers,
    unrealised_infinitive,
)
from casefile.extract.registry import Component, register
from casefile.extract.ru.footnotes import footnote_designations
from casefile.extract.ru.lexicon import (
    COUNT_WORDS,
    CUSTODY_NOUNS,
    DESIGNATION_LABELS,
    GUILTY,
    HOUSE_ARREST,
    IN_CUSTODY_ONLY,
    INNOCENT,
    NOUN_TRIGGERS,
    PHRASES_NAMING_INSIDE,
    VERB_NOUN_TRIGGERS,
    VERB_TRIGGERS,
)
from casefile.extract.ru.participants import as_noun, named_in, persons_of

# Where a verb's victim sits, by the verb's voice.
_ACTIVE_SLOTS: tuple[str, ...] = ("obj", "iobj")
_PASSIVE_SLOTS: tuple[str, ...] = ("nsubj:pass", "nsubj")
# Verbs whose victim is in the dative: "Петрову запретили", "назначил ему наказание".
_DATIVE_VERBS = frozenset(
    {"запретить", "назначить", "вынести", "предъявить", "угрожать", "прийти", "продлить",
     "дать"}
)
# Verbs that give a term («назначил ему два года колонии», «дали четыре года условно»,
# «получил шесть лет»): a sentence when their object is a length and the clause tells its
# kind; «получить» has the sentenced person as its subject.
_TERM_VERBS = frozenset({"назначить", "дать", "получить"})
_SUBJECT_VERBS = frozenset({"получить"})
_LENGTH_NOUNS = frozenset({"год", "месяц", "сутки", "неделя", "день", "срок"})
_SENTENCE_KIND_WORDS = frozenset({"колония", "лишение", "свобода", "условно", "условный",
                                  "заключение", "тюрьма", "арест", "режим", "работа",
                                  "поселение", "срок"})
# "завели дело на Вельтову", "в отношении задержанного", "против активиста", "обыск у X".
_AGAINST = frozenset({"на", "против", "отношение", "у"})
_INTRANSITIVE = frozenset({"находиться", "скончаться", "умереть", "погибнуть", "покончить",
                           "пропасть", "выйти"})
_CHARGE_PREPOSITIONS = {"за": ("sentence", "arrest", "conviction", "fine", "investigation"),
                        "в": ("charge",)}


def _is_passive(token: Token) -> bool:
    return "Pass" in token.morph.get("Voice", []) or any(
        c.dep_ in ("nsubj:pass", "aux:pass") for c in token.children
    )


def _negated(token: Token) -> bool:
    return any(c.lower_ == "не" for c in token.children)


def _children_lemmas(token: Token) -> set[str]:
    return {c.lemma_.lower() for c in token.children}


def _lemmas_below(token: Token) -> set[str]:
    """The lemmas of the word's children and grandchildren: the nouns of a verb's phrase
    («оставил приговор без изменения»), the «над» of «суд над X»."""
    return _children_lemmas(token) | {g.lemma_.lower() for c in token.children
                                      for g in c.children}


def verb_trigger(token: Token) -> Trigger | None:
    if token.pos_ not in ("VERB", "AUX") or _negated(token) or as_noun(token):
        return None
    lemma = token.lemma_.lower()
    if unrealised_infinitive(token):
        return None
    nouns = _lemmas_below(token)
    if any(punishment_cell(c) for c in token.children):
        return Trigger(token, "ill_treatment", (), 0.85)  # «водворили в ШИЗО»
    for (verb, noun), phrase_kind in VERB_NOUN_TRIGGERS.items():
        if verb == lemma and noun in nouns:
            if lemma in IN_CUSTODY_ONLY and not {
                t.lemma_.lower() for t in token.subtree} & CUSTODY_NOUNS:
                return None  # «покончил с собой» is a death in custody only
            return Trigger(token, phrase_kind, (), 0.85)
    if lemma == "признать":
        return _recognised(token)
    if lemma == "объявить" and not {"розыск"} & nouns:
        found = _recognised(token)  # "объявили иностранным агентом"
        return found if found is not None and found.type == "designation" else None
    if lemma in _TERM_VERBS and _gives_a_term(token):
        return Trigger(token, "sentence", (), 0.8)
    kind = VERB_TRIGGERS.get(lemma)
    if kind is None:
        return None
    below = {t.lemma_.lower() for t in token.subtree}
    if lemma in IN_CUSTODY_ONLY and not below & CUSTODY_NOUNS:
        return None  # "умер в 2019 году" is not a death in custody
    if lemma == "пропасть" and not {"весть", "вести"} & below:
        return None
    if lemma == "осудить" and not any(t.lemma_.lower() in ("срок", "год", "месяц") for t in
                                      token.subtree):
        kind = "conviction"
    if kind == "arrest" and in_absentia(token):
        kind = "investigation"  # «заочно арестовал»: an arrest ordered in absentia
    if kind == "restriction" and bans_a_thing(token):
        return None
    return Trigger(token, kind, (), 0.9 if _is_passive(token) else 0.85)


def _gives_a_term(token: Token) -> bool:
    """«назначил два года колонии», «получил шесть лет»: the verb's object is a length (not
    «получил письмо», nor a date's «года»), and its clause says a custody or penalty."""
    lengths = [c for c in token.children if c.lemma_.lower() in _LENGTH_NOUNS and (
        c.dep_ == "obj" or any(g.lower_ == "по" for g in c.children)  # «получили по три года»
    )]
    return bool(lengths) and any(t.lemma_.lower() in _SENTENCE_KIND_WORDS
                                 for t in token.subtree)


# How far after "признать" its complement may sit when the parser loses it.
_COMPLEMENT_WINDOW = 8


def _recognised(token: Token) -> Trigger | None:
    """"признал виновным" is a conviction, "признана террористической" a designation."""
    doc = token.doc
    window = doc[token.i + 1 : min(token.i + 1 + _COMPLEMENT_WINDOW, token.sent.end)]
    complements = [t for c in token.children if c.dep_ in ("xcomp", "obl", "advcl", "obj")
                   for t in c.subtree]
    nearby = [*complements, *window]
    if any(t.lemma_.lower() in INNOCENT for t in nearby):
        return Trigger(token, "acquittal", (), 0.9)  # «признал невиновным»
    if any(t.lemma_.lower() in GUILTY for t in nearby):
        return Trigger(token, "conviction", (), 0.9)
    if any(pattern.search(" ".join(t.text for t in nearby)) for pattern, _ in
           DESIGNATION_LABELS):
        return Trigger(token, "designation", (), 0.85)
    return None


def _appeal_phrase(token: Token) -> bool:
    """A verb that with its nouns is a higher court acting on a verdict («оставить в силе»,
    «оставить без изменения», «отменить»): GUIDELINES.md's `appeal`."""
    return any(VERB_NOUN_TRIGGERS.get((token.lemma_.lower(), noun)) == "appeal"
               for noun in _lemmas_below(token))


def noun_trigger(token: Token) -> Trigger | None:
    if token.pos_ != "NOUN" or _negated(token):
        return None
    lemma = token.lemma_.lower()
    kind = NOUN_TRIGGERS.get(lemma)
    if kind is None:
        return None
    if lemma == "обвинение" and token.dep_ == "nsubj":
        return None  # "Обвинение просило семь лет": the prosecution
    if lemma == "приговор" and _appeal_phrase(token.head):
        return None  # «оставил приговор в силе»: the appeal, not a new sentence
    if lemma in ("суд", "процесс") and "над" not in _lemmas_below(token):
        return None  # "суд" is mostly the court; "суд над X" is the trial
    return Trigger(token, kind, (), 0.7)


def _harm_in_custody(trigger: Trigger) -> bool:
    token = trigger.token
    if trigger.type == "death":
        return token.lemma_.lower() in IN_CUSTODY_ONLY  # found only with a place of custody
    return trigger.type == "ill_treatment" and any(punishment_cell(c) for c in token.children)


def find_triggers(sent: Span) -> list[Trigger]:
    found: dict[int, Trigger] = {}
    for token in sent:
        trigger = verb_trigger(token) or noun_trigger(token)
        if trigger is not None:
            found[token.i] = trigger
            protocols = [c for c in token.children if c.lemma_.lower() == "протокол"
                         and not any(g.lower_ == "без" for g in c.children)]
            if trigger.type == "release" and protocols:
                # "отпустили с протоколами": released, and an administrative case opened
                found[-token.i - 1] = Trigger(token, "investigation", (), 0.8)
            if _harm_in_custody(trigger):
                # «умер в колонии», «поместили в ШИЗО»: the custody too, unless the text
                # tells it otherwise (GUIDELINES.md)
                found[-token.i - 1] = Trigger(token, "arrest", (), 0.7, weak=True)
    return list(found.values())


def _slot_tokens(trigger: Trigger, depth: int = 0) -> list[Token]:
    token = trigger.token
    if token.pos_ == "NOUN":
        owned = [c for c in token.children if c.dep_ in ("nmod", "det") and (
            c.pos_ in ("PROPN", "PRON", "DET") or "Anim" in c.morph.get("Animacy", [])
        )]
        # "задержан по обвинению в ...": the noun's event is the verb's victim's
        if not owned and token.dep_ in ("nsubj", "nsubj:pass") and token.head.pos_ == "VERB":
            # "У журналистки X прошли обыски": the victim hangs from the verb
            owned = _against(list(token.head.children))
        if owned or token.head.pos_ != "VERB" or token.dep_ not in ("obl", "nmod") or depth:
            return owned
        return _slot_tokens(Trigger(token.head, trigger.type, (), 0.0), depth + 1)
    found = _verb_slots(token)
    if not found and depth == 0:
        # "признал виновной и приговорил ... Карину Вельтову": coordinated verbs share it
        for other in token.conjuncts:
            found = _verb_slots(other)
            if found:
                break
    return found


def _verb_slots(token: Token) -> list[Token]:
    lemma = token.lemma_.lower()
    # the noun of a verb-noun phrase ("завели дело", "взяли под стражу") is not the victim
    phrase_nouns = {noun for verb, noun in VERB_NOUN_TRIGGERS if verb == lemma}
    children = [c for c in token.children if c.lemma_.lower() not in phrase_nouns]
    found: list[Token] = []
    if "Part" in token.morph.get("VerbForm", []) and token.dep_ in ("acl", "amod"):
        found.append(token.head)  # "активистами, отправленными в колонию"
    slots = _PASSIVE_SLOTS if _is_passive(token) or lemma in _INTRANSITIVE else _ACTIVE_SLOTS
    if lemma in _SUBJECT_VERBS:
        slots = ("nsubj",)
    if lemma in _DATIVE_VERBS:
        slots = ("iobj", *slots)
        # the dative case says it even where the parser does not ("Петрову запретили")
        found += [c for c in children if "Dat" in c.morph.get("Case", []) and _animate(c)
                  and c.dep_ != "iobj"]
        # nor the morphology, for a surname it does not know («Голубову запретили» read
        # as a nominative): a singular "subject" of a plural verb is no subject
        if "Plur" in token.morph.get("Number", []):
            found += [c for c in children if c.dep_ == "nsubj" and _animate(c)
                      and "Sing" in c.morph.get("Number", []) and c not in found]
    for slot in slots:
        found += [c for c in children if c.dep_ == slot]
    if slots is _ACTIVE_SLOTS:
        # «Всех троих признали виновными»: the parser hangs a counted object as a number
        found += [c for c in children if c.dep_ == "nummod" and c.lemma_.lower() in COUNT_WORDS]
    if found:
        # a list of objects the parser hung from the verb: "Учителя X и его друзей,
        # Сергея Рудакова и супругов ..., осудили"
        found += [c for c in children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")]
        return found  # in slot order; the first that names someone is the victim
    found = _against(children)
    if found or _is_passive(token):
        return found
    # the parser hung the object somewhere below ("... режима лидера X"): the first
    # animate accusative under the verb
    return [t for t in token.subtree if t.i > token.i and "Acc" in t.morph.get("Case", [])
            and "Anim" in t.morph.get("Animacy", []) and t.pos_ in ("NOUN", "PROPN")][:1]


def _against(children: list[Token]) -> list[Token]:
    """"на Вельтову", "в отношении задержанного", "против активиста", "у журналистки"."""
    return [c for c in children if c.dep_ in ("obl", "nmod") and _animate(c) and any(
        g.dep_ in ("case", "fixed") and g.lemma_.lower() in _AGAINST
        for g in (*c.children, *(gg for g in c.children for gg in g.children))
    )]


def _animate(token: Token) -> bool:
    """A person can be meant: not "на 2,5 года" (a duration)."""
    return token.pos_ in ("PROPN", "PRON", "DET") or as_noun(token) or (
        "Anim" in token.morph.get("Animacy", [])
    )


def _participants(doc: AnnotatedDoc, trigger: Trigger) -> list[str]:
    keys: list[str] = []
    candidates = _slot_tokens(trigger)
    listed = [c for c in candidates if c.dep_ == "conj"]
    for candidate in candidates:
        if candidate.dep_ == "conj":
            continue
        for token in (candidate, *candidate.conjuncts, *listed):
            keys += [k for k in persons_of(doc, token) if k not in keys]
        if keys:
            break
    if not keys and trigger.token.pos_ == "VERB":
        # "рассмотрел дело Иванова", "оставил приговор Петровой в силе"
        for noun in trigger.token.children:
            if noun.lemma_.lower() in PHRASES_NAMING_INSIDE:
                keys += [k for k in named_in(doc, noun) if k not in keys]
    return keys


def _case_of(token: Token) -> str | None:
    return next((c.lemma_.lower() for c in token.children if c.dep_ == "case"), None)


def _charges(token: Token, kind: str) -> list[str]:
    """"за повторную дискредитацию армии", "обвинили в оправдании терроризма",
    "задержан по подозрению в госизмене"."""
    out = []
    for child in token.children:
        if child.dep_ not in ("obl", "nmod"):
            continue
        case = _case_of(child)
        if case == "по" and child.lemma_.lower() in ("подозрение", "обвинение", "дело", "статья"):
            for inner in child.children:
                if inner.dep_ == "nmod" and _case_of(inner) in ("в", "о"):
                    phrase = _phrase(list(inner.subtree))
                    if phrase:
                        out.append(phrase)
            continue
        if case in _CHARGE_PREPOSITIONS and kind in _CHARGE_PREPOSITIONS[case]:
            for head in (child, *child.conjuncts):
                words = [t for t in head.subtree if t.dep_ != "conj" or t is head]
                phrase = _phrase(words)
                if phrase:
                    out.append(phrase)
    return list(dict.fromkeys(out))


def _phrase(tokens: list[Token]) -> str:
    tokens = sorted(tokens, key=lambda t: t.i)
    while tokens and (tokens[0].dep_ in ("case", "cc", "punct")):
        tokens = tokens[1:]
    text = "".join(t.text_with_ws for t in tokens).strip(" ,.;:()")
    text = re.split(r"\s*[;(]\s*|,\s+(?:а|но|что|который|которая)\b", text)[0]
    return " ".join(text.split()[:14])


def _clause_text(token: Token) -> str:
    return "".join(t.text_with_ws for t in token.subtree)


def _emit(doc: AnnotatedDoc, sent: Span, trigger: Trigger, dates: list[DateMention]) -> None:
    token = trigger.token
    if trigger.type == "designation":
        from casefile.extract.ru.designations import emit_designation

        emit_designation(doc, sent, trigger, dates)
        return
    keys = _participants(doc, trigger)
    if not keys:
        return
    kind = trigger.type
    terms = terms_for(doc, sent, token) if kind in TERM_TYPES else []
    term = terms[0] if terms else None
    if kind == "arrest" and HOUSE_ARREST.search(_clause_text(token)):
        kind = "restriction"  # "мера пресечения в виде домашнего ареста"
    elif (kind == "arrest" and not trigger.weak and term is not None
          and (term.term or "").endswith("D")):
        kind = "sentence"  # "арестовали на 15 суток": an administrative arrest is a sentence
    elif kind == "arrest":
        term = None
    evidence = evidence_span(sent, token)
    charges = _charges(token, kind)
    split_terms = (kind == "sentence" and says_respectively(sent) and len(keys) > 1
                   and len(terms) == len(keys))
    paired = paired_in_order(doc, sent, terms, keys) if kind == "sentence" else None
    for index, key in enumerate(keys):
        if split_terms:
            term = terms[index]
        elif paired:
            term = paired[key]
        elif kind == "sentence" and len(keys) > 1:
            term = own_before(doc, sent, key) or own(doc, sent, terms, key) or term
        own_date = own(doc, sent, dates, key) if len(keys) > 1 else None
        event = person_event(
            doc, key, kind, evidence,
            confidence=trigger.confidence,
            cites=sent.text,
            date=own_date.date if own_date else first_date(dates),
            term=term.term if term else None,
            term_kind=term_kind(term, token) if kind == "sentence" else None,
            charges=charges,
        )
        if trigger.weak:
            doc.weak_events.add(id(event))


@register(
    "ru_events",
    needs=("spacy", "dates", "terms", "persons", "organisations"),
    sets=("events", "trigger_sentences"),
)
def ru_events_factory(settings: dict[str, Any]) -> Component:
    def ru_events(doc: AnnotatedDoc) -> None:
        for sent, triggers in sentences_with_triggers(doc, find_triggers):
            emit_sentence(doc, sent, triggers, _emit)
        footnote_designations(doc)

    return ru_events
