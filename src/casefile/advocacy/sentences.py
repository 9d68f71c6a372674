"""The sentences of a draft (advocacy.drafts): facts worded from their fields, never
copied from a source, each with the documents that state it; names masked through the
draft's `Pseudonyms`. English, the templates' language."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from casefile.model import Event, PartialDate, Precision
from casefile.services import visibility
from casefile.services.access import Viewer
from casefile.services.masking import Pseudonyms
from casefile.services.timeline import TimelineRow, case_timeline
from casefile.services.wording import date_in_words, term_in_words
from casefile.store.base import Store, StoredEvent, StoredStatistic

ACCEPTED = frozenset({"accepted", "edited"})
# Facts a draft states, in this order within a date; others (a search, say) too, after.
_PERSON_TYPES = ("arrest", "search", "investigation", "charge", "trial", "conviction",
                 "sentence", "appeal", "acquittal", "release", "fine", "restriction",
                 "ill_treatment", "harassment", "disappearance", "death")  # fmt: skip


_CHARGE_WORDS = {"charge": "with", "conviction": "of", "sentence": "on charges of",
                 "investigation": "on suspicion of", "trial": "on charges of",
                 "fine": "for"}  # fmt: skip
_NUMBER_START = re.compile(r"^(\d|(one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                           r"twelve|dozens?|hundreds?|thousands?)\b)", re.IGNORECASE)


@dataclass(frozen=True)
class Citation:
    """A source document as a draft cites it (names in it masked like the draft's)."""

    document_id: str
    publisher: str
    date: str  # in words; "" when unknown
    url: str
    title: str

    @property
    def text(self) -> str:
        parts = [p for p in (self.publisher or self.title, self.date, self.url) if p]
        return ", ".join(parts) or self.document_id[:12]


@dataclass(frozen=True)
class Sentence:
    """One statement of the draft and the sources that state it."""

    text: str
    citations: tuple[Citation, ...]
    unreviewed: bool = False
    kind: str = ""  # the event type, "designation" or "statistic"

    @property
    def cite(self) -> str:
        """The citation as it follows the sentence: "(Publisher, 5 December 2023, URL)"."""
        mark = " [unreviewed]" if self.unreviewed else ""
        sources = "; ".join(c.text for c in self.citations)
        return f"({sources}){mark}" if sources else mark.strip()


def wanted(fact: StoredEvent | StoredStatistic, unreviewed: bool) -> bool:
    return fact.review_status in ACCEPTED or (unreviewed and fact.review_status == "unreviewed")


class Citer:
    """Citations of documents, each read once, with names masked like the draft's."""

    def __init__(self, store: Store, names: Pseudonyms) -> None:
        self._store, self._names = store, names
        self._seen: dict[str, Citation] = {}

    def of(self, sha256: str) -> Citation:
        if sha256 not in self._seen:
            doc = self._store.get_document(sha256)
            label = self._names.label
            self._seen[sha256] = Citation(
                document_id=sha256,
                publisher=(label(doc.publisher) or "") if doc else "",
                date=date_words(doc.published) if doc and doc.published else "",
                url=(label(doc.url) or "") if doc else "",
                title=(label(doc.title or doc.source_name) or "") if doc else "",
            )
        return self._seen[sha256]

    def many(self, facts: Iterable[StoredEvent | StoredStatistic]) -> tuple[Citation, ...]:
        out: list[Citation] = []
        for fact in facts:
            ev = fact.event.evidence if isinstance(fact, StoredEvent) else fact.statistic.evidence
            cited = self.of(ev.document_id)
            if cited not in out:
                out.append(cited)
        return tuple(out)

    def all(self) -> tuple[Citation, ...]:
        return tuple(self._seen.values())


class Writer:
    """Sentences from facts, names masked through `names`."""

    def __init__(self, names: Pseudonyms, name: str, person_id: int) -> None:
        self.names, self.name, self.person_id = names, name, person_id

    def text(self, value: str | None) -> str:
        return self.names.text(value) if value else ""

    def row(self, row: TimelineRow, cite: Citer) -> Sentence | None:
        event = replace(row.event, articles=_union(s.event.articles for s in row.sources))
        words = self.event(event)
        if words is None:
            return None
        return Sentence(words, cite.many(row.sources),
                        unreviewed=any(s.review_status not in ACCEPTED for s in row.sources),
                        kind=event.type)  # fmt: skip

    def event(self, e: Event) -> str | None:
        n = self.name
        # A date the source gives only through its context is left out: a letter
        # should not assert what the source does not state with the event.
        when = "" if e.date_inferred else date_phrase(e.date)
        by = f" by {self.text(e.agent)}" if e.agent else ""
        at = f" in {self.text(e.place)}" if e.place else ""
        charged = self._charges(e, _CHARGE_WORDS.get(e.type, "with"))
        phrases = {
            "arrest": f"{n} was arrested{at}{by}{when}",
            "search": f"{n}'s home was searched{by}{when}",
            "investigation": f"A criminal investigation was opened against {n}{charged}{when}",
            "charge": f"{n} was charged{charged}{when}",
            "trial": f"The trial of {n}{charged} took place{at}{by}{when}",
            "conviction": f"{n} was convicted{charged}{by}{when}",
            "sentence": f"{n} was sentenced{self._term(e)}{charged}{by}{when}",
            "appeal": f"An appeal in the case of {n} was heard{by}{when}",
            "acquittal": f"{n} was acquitted{by}{when}",
            "release": f"{n} was released{when}",
            "fine": f"{n} was fined{self._term(e)}{charged}{by}{when}",
            "restriction": f"Restrictions were imposed on {n}{self._term(e)}{by}{when}",
            "ill_treatment": f"{n} was reportedly ill-treated{by}{when}",
            "harassment": f"{n} was harassed{by}{when}",
            "disappearance": f"{n} disappeared{when}",
            "death": f"{n} died{when}",
        }
        found = phrases.get(e.type)
        return None if found is None else _sentence(found)

    def _charges(self, e: Event, word: str) -> str:
        charges = [self.text(c) for c in e.charges if c]
        articles = [self.text(a) for a in e.articles if a]
        said = f" {word} {_and(charges)}" if charges else ""
        if articles:
            said += f" under {_and(articles)}"
        return said

    def _term(self, e: Event) -> str:
        term = term_in_words(e.term)
        kind = e.term_kind
        if kind == "life":
            return " to life imprisonment"
        if kind == "death":
            return " to death"
        if not term:
            return ""
        shapes = {"prison": " to {t} in prison",
                  "restricted_freedom": " to {t} of restricted freedom",
                  "suspended": " to a suspended sentence of {t}",
                  "administrative_detention": " to {t} of administrative detention",
                  "fine": " {t}"}  # fmt: skip
        return shapes.get(kind or "", " to {t}").format(t=term)


def designations(
    store: Store, person_id: int, viewer: Viewer, unreviewed: bool, writer: Writer,
    cite: Citer,
) -> list[Sentence | None]:  # fmt: skip
    """Designations of the organisations involved in the case ("designated
    extremist"), as their visible events state them."""
    out: list[Sentence | None] = []
    for org in visibility.organisations_as_seen(
            store, viewer.level, store.person_organisations(person_id, viewer.level)):
        events = [e for e in store.organisation_events(org.id, viewer.level)
                  if e.event.type == "designation" and wanted(e, unreviewed)]  # fmt: skip
        for row in case_timeline(events).rows:
            e = row.event
            label = f" as “{writer.text(e.label)}”" if e.label else ""
            what = f"{writer.text(org.name)} was designated{label}"
            text = _sentence(f"{what}{f' by {writer.text(e.agent)}' if e.agent else ''}"
                             f"{date_phrase(e.date)}")  # fmt: skip
            out.append(Sentence(text, cite.many(row.sources),
                                unreviewed=any(s.review_status not in ACCEPTED
                                               for s in row.sources),
                                kind="designation"))  # fmt: skip
    return out


def statistics(
    store: Store, documents: set[str], viewer: Viewer, unreviewed: bool, names: Pseudonyms,
    cite: Citer,
) -> list[Sentence]:  # fmt: skip
    """Counts the case's own sources claim ("eight persons convicted in 2023"): worded
    as the source's claim, not as documented cases."""
    out: list[Sentence] = []
    for sha256 in sorted(documents):
        for stat in store.document_statistics(sha256, viewer.level):
            if not wanted(stat, unreviewed):
                continue
            st = stat.statistic
            source = cite.of(sha256)
            who = source.publisher or source.title or "the source"
            period = f" ({names.text(st.period)})" if st.period else ""
            what = names.text(st.what)
            # "eight persons convicted" already says its count; "persons convicted" not.
            count = "" if _NUMBER_START.match(what) else f"{st.count:,} "
            text = _sentence(f"According to {who}, {count}{what}{period}")
            out.append(Sentence(text, (source,), unreviewed=stat.review_status not in ACCEPTED,
                                kind="statistic"))  # fmt: skip
    return out


def in_order(rows: list[TimelineRow]) -> list[TimelineRow]:
    """Dated rows by date, then undated ones; within a date, in the order a case runs
    (an arrest before its charge, a conviction before its sentence)."""
    rank = {t: i for i, t in enumerate(_PERSON_TYPES)}

    def key(row: TimelineRow) -> tuple[int, int, int, int, int]:
        d = row.event.date
        if d is None or d.year is None:
            return (1, 0, 0, 0, rank.get(row.event.type, 99))
        return (0, d.year, d.month or 0, d.day or 0, rank.get(row.event.type, 99))

    return sorted(rows, key=key)


def date_phrase(d: PartialDate | None) -> str:
    if d is None:
        return ""
    words = date_words(d)
    return f" on {words}" if d.precision in (Precision.DAY, Precision.MONTH_DAY) else f" in {words}"


def date_words(d: PartialDate) -> str:
    return date_in_words(d, "")


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _and(items: Sequence[str]) -> str:
    items = [i for i in dict.fromkeys(items) if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _union(lists: Iterable[list[str]]) -> list[str]:
    out: list[str] = []
    for items in lists:
        out += [i for i in items if i not in out]
    return out
