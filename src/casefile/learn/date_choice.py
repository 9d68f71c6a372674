"""Which date an event takes, chosen by a model from the dates around it.

The rules date an event from a date its trigger governs, else from the discourse (the
story's date before it); the model's own events from the nearest date of their clause.
On documents they were not written against they choose another date of the text as often
as one matched event in six (`bench/dates.py`). Here every date the text gives in the
event's sentence or the few before it is an option, and so is the date the pipeline gave
it; a logistic regression trained on the gold's dates scores each option by where it
stands (in the event's clause, its sentence, a sentence before), how it is introduced
("on", "since", "until"), whether it dates a speech or an offence, its precision, and
whether it is the pipeline's own choice; the event takes the likeliest. Never a name or
other word of the document.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass

from casefile.extract.components.arguments import describes_something_else
from casefile.extract.components.temporal import heads_an_addition, is_dateline
from casefile.extract.dates import DateMention, not_after
from casefile.extract.doc import AnnotatedDoc
from casefile.learn.date_model import DateModel
from casefile.learn.pairings import bucket
from casefile.model import Event, PartialDate

# Which sentences' dates are options: the event's own, a few before and after it, and
# the headline and lede (where news tells the story's date).
SENTENCES_BEFORE = 3
SENTENCES_AFTER = 1
LEDE_SENTENCES = 2
# The word before a date that says what it dates, by language; others are "other".
_INTRODUCERS = {
    "en": frozenset({"on", "in", "since", "from", "until", "till", "by", "after", "before",
                     "between", "at", "during", "of", "and", "to", "as", "last", "early",
                     "late", "mid", "through"}),
    "ru": frozenset({"в", "во", "с", "со", "до", "после", "на", "к", "по", "от", "и",
                     "между", "около", "конце", "начале", "середине"}),
}


# Words before a date that make it a deadline, not the date of an event.
_DEADLINES = frozenset({"until", "till", "до"})


@dataclass(frozen=True)
class _Facts:
    """What a date mention's words and parse say of it, whatever event it may date."""

    other_thing: bool  # an offence's date or the like (`describes_something_else`)
    speech: bool  # the day something was said
    dateline: bool  # its line is little but the date
    tells: bool  # its sentence tells of persecution (a trigger word)
    introducer: str  # the word before it


@dataclass
class DateOption:
    date: PartialDate
    features: dict[str, float]
    own_sentence: bool = False  # told in the event's own sentence, not the discourse's


class DateContext:
    """A document's sentences and the dates in each, read once for all its events."""

    def __init__(self, doc: AnnotatedDoc) -> None:
        assert doc.spacy is not None
        self.doc = doc
        self.sents = list(doc.spacy.sents)
        self.starts = [s.start_char for s in self.sents]
        self.dates: dict[int, list[DateMention]] = {}
        self._facts: dict[int, _Facts] = {}
        for mention in doc.dates:
            if mention.date is not None and not heads_an_addition(doc.text, mention):
                self.dates.setdefault(self.sentence_at(mention.start), []).append(mention)

    def sentence_at(self, offset: int) -> int:
        return max(bisect_right(self.starts, offset) - 1, 0)

    def may_date(self, event: Event, mention: DateMention, apart: int) -> bool:
        """Whether a mention other than the event's own date may date it. Never an
        offence's date or a deadline's ("until 3 June"), never a date after publication
        (GUIDELINES.md), and a later part of a long document has no lede. An event the
        pipeline left undated takes no date the discourse rules refuse it: none of a
        speech, and from another sentence only one that tells of persecution or is a
        dateline."""
        facts = self.facts(mention)
        published = self.doc.document.published
        if facts.other_thing or facts.introducer in _DEADLINES:
            return False
        if published is not None and mention.date is not None \
                and mention.date.year is not None and not not_after(mention.date, published):
            return False
        if self.doc.continues and apart > SENTENCES_BEFORE:
            return False
        if event.date is not None:
            return True
        if facts.speech:
            return False
        return apart == 0 or facts.tells or facts.dateline

    def facts(self, mention: DateMention) -> _Facts:
        """What the mention's own words and parse say of it, read once per mention."""
        if mention.start not in self._facts:
            doc = self.doc
            other_thing = describes_something_else(doc, mention, said=False)
            self._facts[mention.start] = _Facts(
                other_thing=other_thing,
                speech=not other_thing and describes_something_else(doc, mention, said=True),
                dateline=is_dateline(doc.text, mention),
                tells=self.starts[self.sentence_at(mention.start)] in doc.trigger_sentences,
                introducer=_introducer(doc.text, mention),
            )
        return self._facts[mention.start]


def redate(model: DateModel, doc: AnnotatedDoc, events: list[Event]) -> None:
    """Give each event (but designations, dated only where the text dates them) the
    likeliest of its date options."""
    context = DateContext(doc)
    for event in events:
        if event.type == "designation":
            continue
        options = date_options(context, event)
        if not options:
            continue
        chosen = max(options, key=lambda o: model.probability(o.features))
        if chosen.date != event.date:
            event.date, event.date_inferred = chosen.date, not chosen.own_sentence


def date_options(context: DateContext, event: Event) -> list[DateOption]:
    """Every date the event could take, with what tells them apart."""
    doc = context.doc
    language = doc.language or "en"
    index = context.sentence_at(event.evidence.start)
    window = sorted(set(range(min(LEDE_SENTENCES, len(context.sents))))
                    | set(range(max(0, index - SENTENCES_BEFORE),
                                min(len(context.sents), index + SENTENCES_AFTER + 1))))
    found: dict[PartialDate, tuple[int, DateMention]] = {}
    for number in window:
        for mention in context.dates.get(number, ()):
            assert mention.date is not None
            apart = index - number
            if mention.date != event.date and not context.may_date(event, mention, apart):
                continue
            seen = found.get(mention.date)
            if seen is None or _nearer(apart, mention, seen, event):
                found[mention.date] = (apart, mention)
    in_sentence = sorted(context.dates.get(index, []),
                         key=lambda m: abs(m.start - event.evidence.start))
    options = [
        DateOption(date, _mention_features(context, event, mention, apart, in_sentence,
                                           language),
                   own_sentence=apart == 0)
        for date, (apart, mention) in found.items()
    ]
    if event.date is not None and event.date not in found:
        options.append(DateOption(event.date, {"elsewhere": 1.0},
                                  own_sentence=not event.date_inferred))
    published = doc.document.published
    # Not for an event the pipeline left undated: the publication date is no date the
    # text gives it (GUIDELINES.md: `null`).
    if published is not None and published not in found and event.date is not None \
            and published != event.date:
        options.append(DateOption(published, {"published_only": 1.0}))
    dates = sorted((o.date for o in options), key=PartialDate.sort_key)
    for option in options:
        f = option.features
        f["bias"] = 1.0
        f[f"type={event.type}"] = 1.0
        f[f"precision={option.date.precision.value}"] = 1.0
        f[f"n_options={bucket(len(options), (1, 2, 3, 5))}"] = 1.0
        if option.date == published:
            f["published"] = 1.0
        if option.date == event.date:
            f["current"] = 1.0
            f["current&inferred" if event.date_inferred else "current&own"] = 1.0
        if len(dates) > 1 and option.date == dates[-1]:
            f["latest"] = 1.0
        if len(dates) > 1 and option.date == dates[0]:
            f["earliest"] = 1.0
        if published is not None and option.date.year is not None \
                and published.year is not None:
            gap = published.year - option.date.year
            f[f"years_before_published={bucket(gap, (-1, 0, 1, 3))}"] = 1.0
        for name in [n for n in f if n.startswith(("where=", "precision=", "current"))]:
            f[f"{name}&type={event.type}"] = f[name]
        if language == "ru":
            f.update({f"ru:{name}": value for name, value in list(f.items())})
        option.features = {f"date:{name}": value for name, value in f.items()}
    return options


def _mention_features(context: DateContext, event: Event, mention: DateMention, apart: int,
                      in_sentence: list[DateMention], language: str) -> dict[str, float]:
    f: dict[str, float] = {}
    if event.evidence.start <= mention.start < event.evidence.end:
        f["where=clause"] = 1.0
    elif apart == 0:
        f["where=sentence"] = 1.0
        f["where=sentence&after" if mention.start > event.evidence.start
          else "where=sentence&before"] = 1.0
    elif apart < 0:
        f["where=after"] = 1.0
    elif apart <= SENTENCES_BEFORE:
        f[f"where=before{apart}"] = 1.0
    else:
        f["where=lede"] = 1.0
    if apart == 0 and mention in in_sentence:
        f[f"rank_in_sentence={min(in_sentence.index(mention), 2)}"] = 1.0
    f["distance"] = math.log1p(abs(mention.start - event.evidence.start) / 20)
    if mention.relative:
        f["relative"] = 1.0
    facts = context.facts(mention)
    if facts.dateline:
        f["dateline"] = 1.0
    if facts.other_thing:
        f["dates_other_thing"] = 1.0
    elif facts.speech:
        f["dates_speech"] = 1.0
    if facts.tells:
        f["tells"] = 1.0
    word = facts.introducer
    f[f"intro={word if word in _INTRODUCERS.get(language, ()) else 'other'}"] = 1.0
    return f


def _introducer(text: str, mention: DateMention) -> str:
    before = text[max(0, mention.start - 25):mention.start].split()
    return before[-1].lower().strip("(,") if before else ""


def _nearer(apart: int, mention: DateMention, seen: tuple[int, DateMention],
            event: Event) -> bool:
    """Whether a mention stands nearer the event than the one seen of the same date."""
    def rank(apart: int, mention: DateMention) -> tuple[int, int]:
        return (abs(apart) * 2 + (apart < 0), abs(mention.start - event.evidence.start))
    return rank(apart, mention) < rank(*seen)
