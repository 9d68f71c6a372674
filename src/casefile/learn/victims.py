"""The victim model: how likely each person of a document is a victim (a person with at
least one event, GUIDELINES.md), from what the text says around them, never their names.

Features per person: role and title words beside the mentions (activist, lawyer, judge,
spokesperson...), whether the person is quoted as a speaker, how often and where they are
named (headline, lede), trigger words in their sentences and whether a mention is a
trigger's argument, the dependency roles of the mentions, whether the persons component
took them for an official, and what the rules found for them. A logistic regression over
these (fitted like the event model, `learn.train.fit_logistic`) gives `victim_p`, which
the event model reads as a feature of every candidate of that person.

The victim model travels inside the event model's file (`EventModel.victims`): the event
model's weights for `victim_p` are only right for the victim model they were trained
with. In training, every `victim_p` an event model learns from or is scored with comes
from a victim model that never saw that document's gold (cross-fitting, `oof_scores`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from casefile.extract.doc import LEDE_CHARS, AnnotatedDoc
from casefile.extract.en.names import is_given_name
from casefile.learn.logistic import LogisticModel
from casefile.learn.person_words import (
    EN_PLACE_PREPOSITIONS,
    EN_TITLES,
    NOT_PERSON_LABELS,
    RU_PLACE_PREPOSITIONS,
    RU_TITLES,
    SPEECH,
    VIOLENCE,
)
from casefile.learn.vocabulary import trigger_types

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from casefile.learn.candidates import Candidate
    from casefile.learn.dataset import DocRows, Row

_DEPS = ("nsubj", "nsubjpass", "nsubj:pass", "dobj", "obj", "pobj", "obl", "iobj", "nmod",
         "poss", "appos", "conj", "compound", "flat", "ROOT", "root")
_TITLE_WINDOW = 4
# The victim model's L2 regularisation (scikit-learn's C). Out of fold over three dealings
# (features 9.3): C 0.25 / 0.5 / 1 / 2 / 4 give English 0.5755 / 0.5760 / 0.5758 / 0.5737
# / 0.5725 and Russian 0.7519 / 0.7538 / 0.7581 / 0.7583 / 0.7569.
VICTIM_C = 1.0
# Whether the victim model is fitted on the persons as the event model's draws of hidden
# rule events leave them (`DocRows.masked_persons`) rather than as the rules found them:
# the rules were written reading the training documents, so "the rules found an event for
# this person" tells more there than on new text (docs/event-model.md).
FIT_ON_DRAWS = True


def person_features(doc: AnnotatedDoc) -> dict[str, dict[str, float]]:
    """Features of every person of the document, by the person's name (the name the
    candidates and events use)."""
    assert doc.spacy is not None
    language = doc.language or "en"
    titles = RU_TITLES if language == "ru" else EN_TITLES
    text_length = max(len(doc.text), 1)
    title_end = doc.text.find("\n")
    title_end = title_end if 0 < title_end < 400 else 0
    heads: dict[str, list[Token]] = defaultdict(list)
    aged: set[str] = set()  # "X, 34, was ...": news gives the age of whom it is about
    for mention in doc.mentions:
        if mention.kind != "person" or mention.entity not in doc.persons:
            continue
        span = doc.spacy.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None and len(span):
            heads[mention.entity].append(span.root)
            if _age_follows(span):
                aged.add(mention.entity)
    rule_types: dict[str, set[str]] = defaultdict(set)
    for event in doc.events:
        if event.participant_kind == "person":
            rule_types[event.participant].add(event.type)
    n_persons = len(doc.persons)
    all_mentions = max(sum(len(v) for v in heads.values()), 1)
    by_mentions = sorted(doc.persons, key=lambda k: -len(heads.get(k, [])))
    by_first = sorted(doc.persons, key=lambda k: doc.persons[k].first_offset)
    sentence_types: dict[int, set[str]] = {}
    # Words the text also writes in lower case are common words ("Violence" as a heading,
    # "Penal Code"), which a capital letter made look like a name.
    lower_words = {t.text for t in doc.spacy if t.text.islower()}

    out: dict[str, dict[str, float]] = {}
    for key, person in doc.persons.items():
        tokens = heads.get(key, [])
        n = max(len(tokens), 1)
        f: dict[str, float] = {
            "bias": 1.0,
            "n_mentions": math.log1p(len(tokens)),
            "n_sents": math.log1p(len({t.sent.start for t in tokens})),
            "first_pos": person.first_offset / text_length,
            "n_persons_doc": math.log1p(n_persons),
            "n_rule_types": float(len(rule_types[person.name])),
        }
        f["mention_share"] = len(tokens) / all_mentions
        f[f"mention_rank={min(by_mentions.index(key) + 1, 4)}"] = 1.0
        f[f"named_rank={min(by_first.index(key) + 1, 4)}"] = 1.0
        if key in aged:
            f["age_given"] = 1.0
        if title_end and person.first_offset < title_end:
            f["in_title"] = 1.0
        if person.first_offset < LEDE_CHARS:
            f["in_lede"] = 1.0
        if key in doc.officials:
            f["official"] = 1.0
        if key in doc.named_victims:
            f["named_victim"] = 1.0
        if not rule_types[person.name]:
            f["no_rule_events"] = 1.0
        for etype in rule_types[person.name]:
            f[f"rule:{etype}"] = 1.0
        for role in person.roles:
            f[f"role={role}"] = 1.0
        if len(person.name.split()) == 1:
            f["one_word_name"] = 1.0
            if doc.language == "en" and is_given_name(person.name):
                f["one_word_given_name"] = 1.0
        if any(not (c.isalpha() or c in " -'’.") for c in person.name):
            f["name_odd_chars"] = 1.0
        words = [w for w in person.name.split() if len(w) > 1]
        if words:
            f["name_common_words"] = sum(w.lower() in lower_words for w in words) / len(words)
        deps: dict[str, int] = defaultdict(int)
        near: set[str] = set()
        speaker = argument = trigger_sents = tagged_person = tagged_other = placed = 0
        for token in tokens:
            deps[token.dep_ if token.dep_ in _DEPS else "other"] += 1
            tagged_person += token.ent_type_ in ("PERSON", "PER")
            tagged_other += token.ent_type_ in NOT_PERSON_LABELS
            phrase = _phrase_head(token)  # "her lawyer X said": the phrase is the subject
            head = phrase.head
            near |= _agent_of(phrase, language)
            placed += _after_place_preposition(phrase, language)
            if head.lemma_.lower() in SPEECH and phrase.dep_.startswith("nsubj"):
                speaker += 1
            if phrase.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according":
                speaker += 1
            if phrase.dep_ == "nmod" and head.lemma_.lower() == "слово":  # «по словам X»
                speaker += 1
            if head.i != phrase.i and trigger_types(head, language):
                argument += 1
                for etype in trigger_types(head, language):
                    near.add(f"arg:{etype}")
            for other in _title_window(token):
                kind = titles.get(other.lemma_.lower()) or titles.get(other.lower_)
                if kind:
                    near.add(f"title={kind}")
            if token.sent.start not in sentence_types:
                sentence_types[token.sent.start] = {
                    etype for other in token.sent for etype in trigger_types(other, language)
                }
            near |= {f"sent:{etype}" for etype in sentence_types[token.sent.start]}
            trigger_sents += bool(sentence_types[token.sent.start])
        for dep, count in deps.items():
            f[f"dep={dep}"] = count / n
        f["speaker"] = speaker / n
        f["tagged_person"] = tagged_person / n
        f["tagged_other"] = tagged_other / n
        if speaker:
            f["ever_speaker"] = 1.0
        f["argument"] = argument / n
        f["place_preposition"] = placed / n
        f["trigger_sentences"] = trigger_sents / n
        for name in near:
            f[name] = 1.0
        if language == "ru":
            f.update({f"ru:{k}": v for k, v in list(f.items()) if k != "bias"})
        out[person.name] = f
    return out


def _agent_of(phrase: Token, language: str) -> set[str]:
    """What the person does rather than undergoes: the subject of an active verb (or the
    agent after "by") that is a deed of violence or a trigger word ("X detained Y")."""
    if phrase.dep_ == "nsubj":
        verb = phrase.head
    elif phrase.dep_ == "pobj" and phrase.head.dep_ == "agent":
        verb = phrase.head.head
    else:
        return set()
    if verb.pos_ not in ("VERB", "AUX"):
        return set()
    out = {f"agent_of:{etype}" for etype in trigger_types(verb, language)}
    if verb.lemma_.lower() in VIOLENCE:
        out.add("agent_of_violence")
    return out


def _after_place_preposition(phrase: Token, language: str) -> bool:
    """The mention is the object of a preposition of place: "in X", «в X» (locative)."""
    if language == "ru":
        return phrase.morph.get("Case", []) == ["Loc"] and any(
            c.dep_ == "case" and c.lower_ in RU_PLACE_PREPOSITIONS for c in phrase.children)
    return phrase.dep_ == "pobj" and phrase.head.lower_ in EN_PLACE_PREPOSITIONS


def _age_follows(span: Span) -> bool:
    doc = span.doc
    after = doc[span.end:span.end + 3]
    return len(after) >= 2 and after[0].text == "," and after[1].like_num and (
        after[1].text.isdigit() and 10 <= int(after[1].text) <= 99
    )


def _phrase_head(token: Token) -> Token:
    """The word a name stands in apposition or compound to ("her lawyer X": lawyer)."""
    while token.dep_ in ("appos", "compound", "flat", "flat:name") and token.head.i != token.i:
        token = token.head
    return token


def _title_window(token: Token) -> list[Token]:
    """Words beside a mention that may say what the person is: a few either side in the
    sentence, the word it is in apposition to, and its own modifiers."""
    sent = token.sent
    lo = max(sent.start, token.i - _TITLE_WINDOW)
    hi = min(sent.end, token.i + _TITLE_WINDOW + 1)
    near = [t for t in token.doc[lo:hi] if t.i != token.i]
    if token.dep_ == "appos":
        near.append(token.head)
    near += [c for c in token.children if c.dep_ in ("appos", "compound", "amod", "nmod")]
    return near


@dataclass
class VictimModel(LogisticModel):
    """A logistic regression over person features, stored inside the event model file."""

    what: ClassVar[str] = "victim model"


# The victim log-odds are clipped here: near 0 and 1 they move most for the least
# evidence, and the name-shaped features of the victim model move a person from 0.96 to
# 0.997 with another name alone (`bench/name_swap.py`). At 0.03 the name swap drops 0.005
# to 0.019 in English where 0.01 gave 0.011 to 0.021 (features 10.27).
_LOGIT_CLIP = 0.03


def candidate_features(p: float, etype: str, language: str,
                       from_rules: bool = False) -> dict[str, float]:
    """What a candidate of a person with victim probability `p` gets (Russian ones twice,
    with the `ru:` prefix, as every candidate feature).

    Besides `p` itself, its log-odds: a probability is linear near the middle only, and
    the event model must tell a person at 0.02 (an official, a killer) from one at 0.2.
    The log-odds also go apart for the rules' candidates, whose other features speak for
    them whoever the person is (features 10.25: out of fold English 0.617 -> 0.620).
    """
    bucket = min(int(p * 5), 4)
    clipped = min(max(p, _LOGIT_CLIP), 1 - _LOGIT_CLIP)
    logit = math.log(clipped / (1 - clipped))
    f = {"victim_p": p, f"victim_b={bucket}": 1.0, f"victim_p&type={etype}": p,
         "victim_logit": logit, f"victim_logit&type={etype}": logit}
    if from_rules:
        f["victim_logit&rule"] = logit
    if language == "ru":
        f.update({f"ru:{k}": v for k, v in list(f.items())})
    return f


def add_to_candidates(doc: AnnotatedDoc, found: Sequence[Candidate],
                      model: VictimModel | None) -> dict[str, float]:
    """The extractor's hook: each candidate gets its person's victim probability (and the
    probabilities by person name are handed back)."""
    if model is None or not found:
        return {}
    language = doc.language or "en"
    persons = with_candidates(person_features(doc), [(c.participant, c.features) for c in found],
                              language)
    scores = {name: model.probability(f) for name, f in persons.items()}
    for candidate in found:
        p = scores.get(candidate.participant)
        if p is not None:
            candidate.features.update(
                candidate_features(p, candidate.type, language, bool(candidate.rule_events)))
    return scores


# Candidate features that say something of the person whatever the event type.
_SUMMARISED = ("rule", "any_child_of_trigger", "trigger_used_for_person",
               "person_has_rule_event_in_sentence", "trigger_used_for_other", "all_irrealis",
               "any_via=name", "any_via=pronoun", "any_via=group", "no_pairs",
               "accused=violent", "accused=ordinary", "accused=political")


def with_candidates(persons: dict[str, dict[str, float]],
                    found: Sequence[tuple[str, dict[str, float]]],
                    language: str) -> dict[str, dict[str, float]]:
    """Person features with a summary of each person's candidates (participant,
    features): how many types they are proposed for, and which signals any has."""
    summary: dict[str, dict[str, float]] = defaultdict(dict)
    for person, features in found:
        f = summary[person]
        f["cand:types"] = f.get("cand:types", 0.0) + 1.0
        f["cand:max_pairs"] = max(f.get("cand:max_pairs", 0.0), features.get("n_pairs", 0.0))
        for name in _SUMMARISED:
            if features.get(name):
                f[f"cand:{name}"] = 1.0
    out = {}
    for person, features in persons.items():
        extra = dict(summary.get(person, {"cand:none": 1.0}))
        if "cand:types" in extra:
            extra["cand:types"] = math.log1p(extra["cand:types"])
        if language == "ru":
            extra.update({f"ru:{k}": v for k, v in list(extra.items())})
        out[person] = {**features, **extra}
    return out


def persons_of(doc: DocRows) -> dict[str, dict[str, float]]:
    """A training document's person features with the summary of their candidates."""
    return with_candidates(doc.persons, [(r.participant, r.features) for r in doc.rows],
                           doc.language)


def best_for_victims(rows: Sequence[tuple[str, bool, bool]], probabilities: Sequence[float],
                     victim_scores: dict[str, float], floor: float) -> list[int]:
    """Indexes of the likeliest candidate with an event of every person whose victim
    probability reaches `floor` and none of whose candidates is kept. `rows`:
    (participant, has an event, kept) per candidate."""
    kept = {p for p, _, a in rows if a}
    best: dict[str, int] = {}
    for index, (person, has_event, _) in enumerate(rows):
        if person in kept or not has_event or victim_scores.get(person, 0.0) < floor:
            continue
        if person not in best or probabilities[index] > probabilities[best[person]]:
            best[person] = index
    return sorted(best.values())


# ---- training -------------------------------------------------------------------------

def fit_victims(docs: Sequence[DocRows], seed: int, c: float = VICTIM_C) -> VictimModel | None:
    """The victim model over the documents' persons; None when they are all victims or
    none is (nothing to tell apart)."""
    from casefile.learn.train import fit_logistic

    features: list[dict[str, float]] = []
    labels: list[int] = []
    weights: list[float] = []
    for doc in docs:
        for persons, weight in _training_persons(doc):
            for name, f in persons.items():
                features.append(f)
                labels.append(int(name in doc.victims))
                weights.append(weight)
    if len(set(labels)) < 2:
        return None
    coefficients, intercept = fit_logistic(features, labels, seed, c, weights)
    return VictimModel(coefficients, intercept)


def _training_persons(doc: DocRows) -> list[tuple[dict[str, dict[str, float]], float]]:
    """What the victim model is fitted on from one document: its persons under each draw
    of hidden rule events, each draw weighing its share, or as found when it has none
    (a store's documents)."""
    if FIT_ON_DRAWS and doc.masked_persons:
        return [(persons, 1 / len(doc.masked_persons)) for persons in doc.masked_persons]
    return [(persons_of(doc), 1.0)]


def scores_of(model: VictimModel, doc: DocRows) -> dict[str, float]:
    return {name: model.probability(f) for name, f in persons_of(doc).items()}


def draw_scores_of(model: VictimModel, doc: DocRows) -> list[dict[str, float]]:
    """The victim probabilities of the document's persons under each draw of hidden rule
    events (`DocRows.masked_persons`): what its masked rows are fitted with."""
    return [{name: model.probability(f) for name, f in persons.items()}
            for persons in doc.masked_persons]


@dataclass
class Scored:
    """One document's victim probabilities: as found, and under each draw."""

    found: dict[str, float]
    draws: list[dict[str, float]]


def oof_scores(docs: Sequence[DocRows], k: int, seed: int,
               always: Sequence[DocRows] = ()) -> dict[str, Scored]:
    """Victim probabilities of every person of every document of `docs`, each from a
    victim model trained on the other folds (plus `always`), never on the document
    itself."""
    from casefile.learn.train import folds_of

    by_name = {d.name: d for d in docs}
    out: dict[str, Scored] = {}
    for fold in folds_of(list(by_name), k, seed):
        model = fit_victims([d for d in docs if d.name not in fold] + list(always), seed)
        for name in fold:
            doc = by_name[name]
            out[name] = (Scored(scores_of(model, doc), draw_scores_of(model, doc)) if model
                         else Scored({}, []))
    return out


def with_scores(doc: DocRows, scores: dict[str, float],
                draws: Sequence[dict[str, float]] = ()) -> DocRows:
    """A copy of the document's rows whose candidates carry these victim probabilities,
    its masked rows those of their draw (`draws`, when given and `FIT_ON_DRAWS`): under
    a draw the rules found less, and the victim probability says so, as on new text."""
    from casefile.learn.dataset import with_row_features

    def features(row: Row, by_person: dict[str, float]) -> dict[str, float] | None:
        p = by_person.get(row.participant)
        return None if p is None else candidate_features(p, row.type, doc.language,
                                                         row.from_rules)

    drawn = FIT_ON_DRAWS and len(draws) > 0
    return with_row_features(
        doc, "victim_", lambda row: features(row, scores),
        (lambda row: features(row, draws[row.draw])) if drawn else None,
    )


def victim_card(docs: Sequence[DocRows], k: int, seed: int) -> dict[str, Any]:
    """The victim model's card: its data and its out-of-fold figures over persons (at
    probability 0.5; a victim is a gold participant of a person event)."""
    from importlib.metadata import version

    scores = oof_scores(docs, k, seed)
    tp = fp = fn = 0
    for doc in docs:
        for name, p in scores[doc.name].found.items():
            victim = name in doc.victims
            tp += victim and p >= 0.5
            fp += not victim and p >= 0.5
            fn += victim and p < 0.5
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "what": "how likely a person of a document is a victim (has a person event); "
                "read by the event model as the feature victim_p",
        "trainer": f"scikit-learn {version('scikit-learn')} LogisticRegression "
                   f"(L2, C={VICTIM_C}, lbfgs), seed {seed}",
        "data": {"documents": len(docs), "persons": sum(len(d.persons) for d in docs),
                 "victims": sum(len(d.victims) for d in docs)},
        "validation": {
            "method": f"{k}-fold cross-validation by document (seed {seed}), over the "
                      "persons the persons component finds",
            "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
        },
    }
