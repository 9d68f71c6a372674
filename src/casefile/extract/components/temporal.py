"""Dates and sentence terms as annotations on the document."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from casefile.extract.components.arguments import describes_something_else
from casefile.extract.dates import DateMention, document_anchor_years, find_dates
from casefile.extract.doc import LEDE_CHARS, AnnotatedDoc
from casefile.extract.registry import Component, register
from casefile.extract.terms import TermMention, find_terms
from casefile.model import PartialDate, Precision


@register("dates", needs=(), sets=("dates",))
def dates_factory(settings: dict[str, Any]) -> Component:
    def dates(doc: AnnotatedDoc) -> None:
        doc.dates = document_dates(doc.text, doc.document.published, doc.language or "en")

    return dates


def document_dates(text: str, published: PartialDate | None, language: str) -> list[DateMention]:
    """Every date mention of a text, resolved as the extractor resolves them: year-less
    dates against the text's own years, "two days later" against the date told before."""
    anchors = document_anchor_years(text, language)
    return resolve_relative(find_dates(text, published, language, anchors))


_SAME_DAY = re.compile(
    r"\b(?:the\s+same|that)\s+(?:day|night|morning|evening)\b"
    r"|\b(?:в\s+)?(?:тот\s+же|этот\s+же|тот)\s+(?:день|вечер)\b",
    re.IGNORECASE,
)
_UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7,
          "день": 1, "дня": 1, "дней": 1, "неделю": 7, "недели": 7, "недель": 7}
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "few": None, "several": None,
           "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7,
           "несколько": None}
# "Накануне" and "the day before" are left alone: they are as often the eve of the day of
# writing, or of an event ("the day before his arrest"), as of the date told before them.
_RELATIVE = re.compile(
    r"^(?:(?P<n>\w+)\s+(?P<unit>days?|weeks?|дн[яеи]й?|недел[иья]|день)\s+"
    r"(?P<dir>later|after|afterwards|earlier|before|спустя)"
    r"|the\s+(?P<next>next|following|previous)\s+(?:day|morning|evening|night)"
    r"|на\s+(?:следующий|другой)\s+(?P<ru_next>день)|на\s+следующее\s+(?P<ru_morning>утро))$",
    re.IGNORECASE,
)


def resolve_relative(mentions: list[DateMention]) -> list[DateMention]:
    """"Two days later", "the next day": counted from the last day-precise date before them."""
    out: list[DateMention] = []
    anchor: date | None = None
    for mention in mentions:
        resolved = mention
        match = _RELATIVE.match(mention.text.strip()) if mention.date is None else None
        if match and anchor is not None:
            days: int | None
            if match.group("next"):
                days = -1 if match.group("next").lower() == "previous" else 1
            elif match.group("ru_next") or match.group("ru_morning"):
                days = 1
            else:
                count = _COUNTS.get(match.group("n").lower())
                if count is None and match.group("n").isdigit():
                    count = int(match.group("n"))
                days = None if count is None else count * _UNITS[match.group("unit").lower()]
                if days is not None and match.group("dir").lower() in ("earlier", "before"):
                    days = -days
            if days is not None:
                day = anchor + timedelta(days=days)
                resolved = replace(mention, date=PartialDate(day.year, day.month, day.day))
        if resolved.date is not None and resolved.date.precision is Precision.DAY:
            assert resolved.date.year and resolved.date.month and resolved.date.day
            anchor = date(resolved.date.year, resolved.date.month, resolved.date.day)
        out.append(resolved)
    return out


@register("terms", needs=("spacy",), sets=("terms",))
def terms_factory(settings: dict[str, Any]) -> Component:
    def terms(doc: AnnotatedDoc) -> None:
        assert doc.spacy is not None
        language = doc.language or "en"
        found: list[TermMention] = []
        for sent in doc.spacy.sents:
            for term in find_terms(sent.text, language):
                offset = sent.start_char
                found.append(
                    TermMention(term.start + offset, term.end + offset, term.text, term.term,
                                term.term_kind)
                )
        doc.terms = found

    return terms


@register(
    "discourse_dates", needs=("spacy", "dates", "events", "trigger_sentences"), sets=("events",)
)
def discourse_dates_factory(settings: dict[str, Any]) -> Component:
    """Date an undated event from its paragraph: news narrates in time order, so an event
    told right after a dated one ("the same day", "soon afterwards", "was also detained")
    happened then. Only dates earlier in the same paragraph are used, never later ones."""

    def discourse_dates(doc: AnnotatedDoc) -> None:
        text = doc.text
        breaks = "\n\n" if "\n\n" in text.strip() else "\n"
        dated = sorted(
            (d for d in doc.dates if d.date is not None
             and not describes_something_else(doc, d)),
            key=lambda d: d.start,
        )
        for event in doc.events:
            if event.date is not None:
                continue
            start = event.evidence.start
            paragraph_start = text.rfind(breaks, 0, start) + 1
            paragraph_end = text.find(breaks, start)
            paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
            sentence_start, sentence_end = _sentence_bounds(doc, start)
            if _SAME_DAY.search(text, sentence_start, sentence_end):
                continue  # "was arrested the same day": the day of the event told before
            candidates = [
                d for d in dated
                if paragraph_start <= d.start < min(sentence_end, paragraph_end)
            ]
            if candidates:
                event.date = candidates[-1].date
                event.date_inferred = True
        _carry_forward(doc)

    return discourse_dates


def _carry_forward(doc: AnnotatedDoc) -> None:
    """Still undated: the date of the story told just before it, about the same person
    if the text says one, else about anyone ("was arrested the same day"); before any
    dated event, the date the lede gives the story ("raids and detentions ... on July 14")."""
    in_order = sorted(doc.events, key=lambda e: e.evidence.start)
    lede, lede_reports_back = _lede_date(doc)
    for index, event in enumerate(in_order):
        if event.date is not None:
            continue
        earlier = [e for e in in_order[:index] if e.date is not None]
        same = [e for e in earlier if e.participant == event.participant]
        source = same[-1] if same else (earlier[-1] if earlier else None)
        if source is not None:
            event.date = source.date
            event.date_inferred = True
        elif lede is not None and (lede.end <= event.evidence.start or lede_reports_back):
            event.date = lede.date
            event.date_inferred = True




def _lede_date(doc: AnnotatedDoc) -> tuple[DateMention | None, bool]:
    """The date of the story: a date in one of the first sentences that also tells of
    persecution (a trigger word), such as a news lede's "were detained on July 14"; in a
    dateline ("14.06.2021, 09:20 Хроника"); or in the sentence that reports the one before
    ("Об этом сегодня, 3 июня, рассказал адвокат")."""
    assert doc.spacy is not None
    if doc.continues:
        return None, False
    previous_told = False
    for sent in doc.spacy.sents:
        if sent.start_char >= LEDE_CHARS:
            break
        in_sentence = [
            d for d in doc.dates
            if sent.start_char <= d.start < sent.end_char and d.date is not None
        ]
        tells = sent.start_char in doc.trigger_sentences
        reports_back = previous_told and bool(_REPORTS_BACK.match(sent.text))
        if not tells and (dateline := _dateline(doc.text, in_sentence)) is not None:
            return dateline, False
        if in_sentence and (tells or reports_back):
            return in_sentence[0], reports_back
        previous_told = tells
    return None, False


# "Об этом сообщили ...", "This was reported by ...": the sentence before is what was told.
_REPORTS_BACK = re.compile(r"\s*(?:об\s+этом|this\s+was|that\s+was)\b", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"\b\d{1,2}[./]\d{1,2}[./]\d{4}\b|\b\d{4}-\d{2}-\d{2}\b")
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?", re.IGNORECASE)
_DATELINE_CHARS = 60
_DATELINE_WORDS = 3  # "Velsk (AFP)", "Posted: Tue", "By Ann Lee": a place, a byline


def _dateline(text: str, mentions: list[DateMention]) -> DateMention | None:
    """The date of a line that is little but a date: "14.06.2021, 09:20 Хроника", "3
    March 2024, 10:05", "Posted: Tue 14 May 2024 9:20 AM". Lines, not sentences: a
    dateline often shares its sentence with the title the parser runs it into."""
    return next((m for m in mentions if is_dateline(text, m)), None)


def is_dateline(text: str, mention: DateMention) -> bool:
    """Whether the mention's line is little but the date (`_dateline`)."""
    line_start, line_end = _line_of(text, mention)
    line = text[line_start:line_end]
    if len(line) > _DATELINE_CHARS or line.rstrip().endswith(":"):
        return False  # "UPDATE, 17 July:" heads a later addition, not the story
    rest = text[line_start:mention.start] + " " + text[mention.end:line_end]
    rest = _CLOCK.sub(" ", _NUMERIC_DATE.sub(" ", rest))
    return len(re.findall(r"[^\W\d_]+", rest)) <= _DATELINE_WORDS


def heads_an_addition(text: str, mention: DateMention) -> bool:
    """Whether the mention dates a short heading of a later addition ("UPDATE, 17
    July:"), which dates no event of the story."""
    line_start, line_end = _line_of(text, mention)
    line = text[line_start:line_end]
    return len(line) <= _DATELINE_CHARS and line.rstrip().endswith(":")


def _line_of(text: str, mention: DateMention) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, mention.start) + 1
    line_end = text.find("\n", mention.end)
    return line_start, len(text) if line_end < 0 else line_end


def _sentence_bounds(doc: AnnotatedDoc, offset: int) -> tuple[int, int]:
    assert doc.spacy is not None
    span = doc.spacy.char_span(offset, offset + 1, alignment_mode="expand")
    return (span.sent.start_char, span.sent.end_char) if span is not None else (offset, offset)
