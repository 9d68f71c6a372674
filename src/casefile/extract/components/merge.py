"""One event per real-world event: merge the repeats a text makes of the same fact."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from casefile.extract.doc import AnnotatedDoc
from casefile.extract.registry import Component, register
from casefile.model import Event, PartialDate, Provenance
from casefile.names import name_key

_CUSTODY = frozenset({"arrest", "sentence", "release"})
# "arrested again", "re-arrested", «снова задержан»: the text says the custody is a new one
_ANEW = re.compile(r"\bagain\b|\bre-?arrest|\bonce more\b|\bснова\b|\bповторно\b|\bвновь\b",
                   re.IGNORECASE)

# Words of a sentence's clause that tell of a custody or a length, which a fine is not.
_CUSTODY_WORDS = re.compile(
    r"prison|jail|imprison|incarcerat|behind bars|colony|detention|custod|arrest|years?\b|"
    r"months?\b|weeks?\b|days?\b|колони|свобод|заключ|тюрьм|арест|лет\b|год|месяц|недел|"
    r"сут(?:ок|ки)", re.IGNORECASE)


def dates_compatible(a: PartialDate | None, b: PartialDate | None) -> bool:
    if a is None or b is None:
        return True
    return a.iso().startswith(b.iso()) or b.iso().startswith(a.iso())


def _more_precise(a: PartialDate | None, b: PartialDate | None) -> PartialDate | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if len(a.iso()) >= len(b.iso()) else b


def _absorb(kept: Event, other: Event) -> None:
    if kept.type == "arrest" and kept.date and other.date \
            and not dates_compatible(kept.date, other.date) \
            and kept.date.year is not None and other.date.year is not None \
            and abs(kept.date.year - other.date.year) <= 1:
        # GUIDELINES.md: one custody, dated at the first step the text dates (the arrest,
        # not the remand's extension told first); years apart, more likely two custodies
        # the text did not tell apart, and the one told first stays
        kept.date = min(kept.date, other.date, key=lambda d: d.iso())
    else:
        kept.date = _more_precise(kept.date, other.date)
    kept.term = kept.term or other.term
    if kept.term_kind in (None, "prison") and other.term_kind not in (None, "prison"):
        kept.term_kind = other.term_kind
    kept.charges = list(dict.fromkeys(kept.charges + other.charges))
    kept.articles = list(dict.fromkeys(kept.articles + other.articles))
    kept.agent = kept.agent or other.agent
    kept.label = kept.label or other.label
    confidence = max(kept.provenance.confidence, other.provenance.confidence)
    kept.provenance = Provenance(kept.provenance.extractor, kept.provenance.version, confidence)


def _mergeable(a: Event, b: Event, has_release: bool) -> bool:
    if a.type == "restriction" and a.label != b.label:
        return False  # "barred from running websites" and "listed as a foreign agent"
    if a.type == "sentence" and (
        (a.term and b.term and a.term != b.term)
        or (a.term_kind and b.term_kind and a.term_kind != b.term_kind)
    ):
        return False
    if a.type == "arrest" and (_ANEW.search(a.evidence.quote) or _ANEW.search(b.evidence.quote)):
        # a custody the text calls a new one, released or not in between; but two readings
        # of the same words ("arrested again ... and remains in custody") are one
        return a.evidence.start < b.evidence.end and b.evidence.start < a.evidence.end
    if a.type == "arrest" and not has_release:
        return True  # one custody period: police detention, remand and extensions
    return dates_compatible(a.date, b.date)


@register("merge_events", needs=("events",), sets=("events",))
def merge_factory(settings: dict[str, Any]) -> Component:
    def merge_events(doc: AnnotatedDoc) -> None:
        custody: set[str] = {
            name_key(e.participant) for e in doc.events
            if e.type in _CUSTODY and id(e) not in doc.weak_events
        }
        events = [
            e for e in doc.events
            if id(e) not in doc.weak_events or name_key(e.participant) not in custody
        ]
        releases = {name_key(e.participant) for e in events if e.type == "release"}
        groups: dict[tuple[str, str], list[Event]] = defaultdict(list)
        merged: list[Event] = []
        for event in events:
            group = groups[(event.type, name_key(event.participant))]
            for kept in group:
                if _mergeable(kept, event, name_key(event.participant) in releases):
                    _absorb(kept, event)
                    break
            else:
                group.append(event)
                merged.append(event)
        _share_verdict_dates(merged)
        _share_charges(merged)
        doc.events = merged

    return merge_events


def merge_repeats(events: list[Event]) -> list[Event]:
    """After the model's decision and the date model: a person's two events of one type
    that now carry the same date (and no terms or labels that differ) are one event told
    twice, which the merge before the decision kept apart while their dates differed or
    the model had not yet added one of them. Undated pairs stay apart: the gold keeps a
    person's several undated custodies and sentences as several events."""
    kept: dict[tuple[str, str, str], list[Event]] = defaultdict(list)
    out: list[Event] = []
    for event in events:
        if event.date is None or event.participant_kind != "person":
            out.append(event)
            continue
        group = kept[(event.type, name_key(event.participant), event.date.iso())]
        for earlier in group:
            if _same_fields(earlier, event):
                _absorb(earlier, event)
                break
        else:
            group.append(event)
            out.append(event)
    return out


def without_fines_read_as_sentences(events: list[Event]) -> list[Event]:
    """"Sentenced X to a fine", «приговорил к штрафу»: the fine is the event, and no
    `sentence` is (GUIDELINES.md: a fine is never a sentence). A sentence event with no
    term and no kind but prison or fine goes when a fine of the same person is stated
    within its words, and they tell of no custody or length (a term the terms component
    missed: "a prison sentence and a fine")."""
    fines = [e for e in events if e.type == "fine"]

    def is_the_fine(event: Event) -> bool:
        return (event.type == "sentence" and event.term is None
                and event.term_kind in (None, "prison", "fine")
                and not _CUSTODY_WORDS.search(event.evidence.quote)
                and any(name_key(f.participant) == name_key(event.participant)
                        and event.evidence.start <= f.evidence.start < event.evidence.end
                        for f in fines))

    return [e for e in events if not is_the_fine(e)]


def _same_fields(a: Event, b: Event) -> bool:
    if a.type == "restriction" and a.label != b.label:
        return False  # a travel ban and a listing, the same day
    return all(x is None or y is None or x == y for x, y in (
        (a.term, b.term), (_kind_told(a), _kind_told(b)), (a.label, b.label)))


def _kind_told(event: Event) -> str | None:
    """A sentence's kind, None when it is only the rules' default: "prison" with no term
    is what an unqualified "sentenced" reads as."""
    if event.term_kind == "prison" and event.term is None:
        return None
    return event.term_kind


def _share_charges(events: list[Event]) -> None:
    """A verdict that names no charge was given on the charges the text states against
    the same person ("the charges for which he was jailed")."""
    charged: dict[str, list[str]] = defaultdict(list)
    for event in events:
        if event.type in ("charge", "investigation"):
            charged[name_key(event.participant)].extend(event.charges)
    for event in events:
        if event.type in ("conviction", "sentence", "trial") and not event.charges:
            event.charges = list(dict.fromkeys(charged.get(name_key(event.participant), [])))


def _share_verdict_dates(events: list[Event]) -> None:
    """A sentence whose verdict is dated takes the verdict's date, and the other way round."""
    verdicts: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        if event.type in ("conviction", "sentence"):
            verdicts[name_key(event.participant)].append(event)
    for group in verdicts.values():
        dated = [e.date for e in group if e.date is not None]
        if len(set(dated)) == 1:
            for event in group:
                event.date = event.date or dated[0]
