"""A draft appeal letter or urgent action from a case's record: plain sentences, each with
the sources that state it, the demands the user picked, and the addressee.

The rules:

- Only accepted (reviewed or edited) facts, unless `unreviewed=True`; then the facts
  no reviewer has decided on are included and each is marked (`Sentence.unreviewed`),
  and the draft says so. Rejected facts never.
- Only what the reader's clearance allows: the events read at `viewer.level` (a case
  they may not see is PersonNotFound), the documents cited are those events' documents.
- Names: protected persons are pseudonymised for a reader without confidential
  clearance (services/masking.py), as everywhere. A draft meant for publication (an
  urgent action by default, or `for_publication=True`) pseudonymises everyone without
  a recorded consent to be named (services/consent.py), whatever the clearance, and
  says so (`Draft.notices`). A letter to the authorities names the person.
- Sentences are composed from the facts' fields (type, date, term, charges, articles,
  agent, place, label), never copied from a source; a statistic is a source's claim
  and is worded as one ("According to X, ...").

The draft is plain data; `advocacy.render` turns it into Markdown, PDF or DOCX through a
Jinja2 template. Its words are English (the template's language).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from casefile import i18n
from casefile.advocacy.authorities import Authority, authorities_for, load_authorities
from casefile.model import Event, PartialDate, Precision
from casefile.services import visibility
from casefile.services.access import Viewer, check_person
from casefile.services.cases import person_timeline
from casefile.services.consent import consent_of, withheld_by_consent
from casefile.services.errors import InvalidInput
from casefile.services.masking import Pseudonyms
from casefile.services.timeline import TimelineRow, case_timeline
from casefile.services.wording import date_in_words, term_in_words
from casefile.store.base import Store, StoredEvent, StoredStatistic

KINDS = ("appeal", "urgent-action")
# What the user may ask for, in the order a letter puts them.
DEMANDS: dict[str, str] = {
    "release": "release {name} immediately and unconditionally",
    "drop-charges": "drop all charges against {name}",
    "fair-trial": "ensure that {name} receives a fair trial, in line with international"
                  " fair trial standards",
    "lawyer-family": "guarantee {name} regular access to a lawyer of their choice and to"
                     " their family",
    "medical-care": "ensure that {name} receives adequate medical care",
    "investigate": "promptly and impartially investigate the reports of ill-treatment of"
                   " {name}, and bring those responsible to justice",
}  # fmt: skip
DEFAULT_DEMANDS = ("release",)
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


@dataclass(frozen=True)
class Draft:
    kind: str  # appeal or urgent-action
    person_id: int
    name: str  # as the draft shows it: a pseudonym where the rules say so
    named: bool  # False: `name` is a pseudonym
    country: str | None
    facts: tuple[Sentence, ...]
    statistics: tuple[Sentence, ...]
    demands: tuple[str, ...]  # the sentences, in order
    addressee: Authority | None
    addressees: tuple[Authority, ...]  # the table's other rows for this country and kind
    for_publication: bool
    unreviewed: bool  # facts no reviewer decided on are included (and marked)
    notices: tuple[str, ...]  # what the reader must know before sending it
    sources: tuple[Citation, ...]  # every document cited, once
    today: str = field(default_factory=lambda: _in_words(date.today()))

    @property
    def title(self) -> str:
        return ("Urgent action: " if self.kind == "urgent-action" else "Appeal: ") + self.name


def build_draft(
    store: Store,
    person_id: int,
    viewer: Viewer,
    *,
    kind: str = "appeal",
    demands: Sequence[str] = DEFAULT_DEMANDS,
    unreviewed: bool = False,
    for_publication: bool | None = None,
    authorities: Sequence[Authority] | None = None,
    addressee: int | None = None,
) -> Draft:
    """The draft for one case as `viewer` may see it. `for_publication` None: an urgent
    action is for publication, an appeal letter is not. `addressee`: the index among
    the table's rows for this country and kind (the first by default)."""
    if kind not in KINDS:
        raise InvalidInput(f"draft: appeal or urgent-action, not {kind[:40]!r}")
    unknown = [d for d in demands if d not in DEMANDS]
    if unknown:
        raise InvalidInput(f"demand: one of {', '.join(DEMANDS)}, not {unknown[0][:40]!r}")
    public = kind == "urgent-action" if for_publication is None else for_publication
    check_person(store, viewer, person_id)
    token = i18n.set_language("en")  # the draft's words are the template's language
    try:
        return _build(store, person_id, viewer, kind, demands, unreviewed, public,
                      authorities, addressee)  # fmt: skip
    finally:
        i18n.reset_language(token)


def _build(
    store: Store, person_id: int, viewer: Viewer, kind: str, demands: Sequence[str],
    unreviewed: bool, public: bool, authorities: Sequence[Authority] | None,
    addressee: int | None,
) -> Draft:  # fmt: skip
    timeline = person_timeline(store, person_id, viewer)  # what the viewer may see
    names = Pseudonyms.for_publication(store, viewer) if public else Pseudonyms(store, viewer)
    person = store.get_person(person_id)
    assert person is not None  # person_timeline found it
    raw = [e for e in store.person_events(person_id, viewer.level) if _wanted(e, unreviewed)]
    seen = (visibility.name_as_seen(store, viewer.level, person, raw) if raw
            else timeline.person.name)  # fmt: skip
    name = names.name(person_id, seen) if public else timeline.person.name
    named = not names.is_hidden(person_id)
    cite = _Citer(store, names)
    writer = _Writer(names, name, person_id)
    facts = [writer.row(row, cite) for row in _in_order(case_timeline(raw).rows)]
    facts += _designations(store, person_id, viewer, unreviewed, writer, cite)
    statistics = _statistics(store, {e.event.evidence.document_id for e in raw}, viewer,
                             unreviewed, names, cite)  # fmt: skip
    country = timeline.person.country
    table = list(authorities) if authorities is not None else load_authorities()
    fitting = authorities_for(table, country, kind)
    if addressee is not None and not 0 <= addressee < len(fitting):
        raise InvalidInput(f"addressee: a number from 0 to {max(len(fitting) - 1, 0)}")
    chosen = fitting[addressee or 0] if fitting else None
    notices = _notices(store, public, unreviewed, named, person_id, raw, names, facts)
    return Draft(
        kind=kind, person_id=person_id, name=name, named=named, country=country,
        facts=tuple(f for f in facts if f is not None), statistics=tuple(statistics),
        demands=tuple(DEMANDS[d].format(name=name) for d in DEMANDS if d in demands),
        addressee=chosen, addressees=tuple(fitting), for_publication=public,
        unreviewed=unreviewed and any(s.unreviewed for s in [*facts, *statistics] if s),
        notices=notices, sources=cite.all(),
    )  # fmt: skip


def _wanted(fact: StoredEvent | StoredStatistic, unreviewed: bool) -> bool:
    return fact.review_status in ACCEPTED or (unreviewed and fact.review_status == "unreviewed")


def _notices(
    store: Store, public: bool, unreviewed: bool, named: bool, person_id: int,
    raw: list[StoredEvent], names: Pseudonyms, facts: list[Sentence | None],
) -> tuple[str, ...]:  # fmt: skip
    said: list[str] = []
    if public:
        others = {e.person_id for e in raw if e.person_id is not None} | {person_id}
        withheld = withheld_by_consent(store, others)
        recorded = consent_of(store, person_id)
        said.append("For publication: persons who have not agreed to be named are shown"
                    " under a pseudonym.")
        if person_id in withheld:
            why = "refused" if recorded is not None else "not recorded"
            said.append(f"{names.pseudonym(person_id)}: consent to be named {why}.")
    elif not named:
        said.append("The person is protected: their name is withheld at your clearance.")
    if unreviewed and any(f is not None and f.unreviewed for f in facts):
        said.append("Includes facts no reviewer has checked yet, marked [unreviewed]:"
                    " check them before sending.")
    if not any(f is not None for f in facts):
        said.append("No reviewed facts about this case yet: review them first, or draft"
                    " with unreviewed facts.")
    return tuple(said)


class _Citer:
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
                date=_date(doc.published) if doc and doc.published else "",
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


class _Writer:
    """Sentences from facts, names masked through `names`."""

    def __init__(self, names: Pseudonyms, name: str, person_id: int) -> None:
        self.names, self.name, self.person_id = names, name, person_id

    def text(self, value: str | None) -> str:
        return self.names.text(value) if value else ""

    def row(self, row: TimelineRow, cite: _Citer) -> Sentence | None:
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
        when = "" if e.date_inferred else _when(e.date)
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


def _designations(
    store: Store, person_id: int, viewer: Viewer, unreviewed: bool, writer: _Writer,
    cite: _Citer,
) -> list[Sentence | None]:  # fmt: skip
    """Designations of the organisations involved in the case ("designated
    extremist"), as their visible events state them."""
    out: list[Sentence | None] = []
    for org in visibility.organisations_as_seen(
            store, viewer.level, store.person_organisations(person_id, viewer.level)):
        events = [e for e in store.organisation_events(org.id, viewer.level)
                  if e.event.type == "designation" and _wanted(e, unreviewed)]  # fmt: skip
        for row in case_timeline(events).rows:
            e = row.event
            label = f" as “{writer.text(e.label)}”" if e.label else ""
            what = f"{writer.text(org.name)} was designated{label}"
            text = _sentence(f"{what}{f' by {writer.text(e.agent)}' if e.agent else ''}"
                             f"{_when(e.date)}")  # fmt: skip
            out.append(Sentence(text, cite.many(row.sources),
                                unreviewed=any(s.review_status not in ACCEPTED
                                               for s in row.sources),
                                kind="designation"))  # fmt: skip
    return out


def _statistics(
    store: Store, documents: set[str], viewer: Viewer, unreviewed: bool, names: Pseudonyms,
    cite: _Citer,
) -> list[Sentence]:  # fmt: skip
    """Counts the case's own sources claim ("eight persons convicted in 2023"): worded
    as the source's claim, not as documented cases."""
    out: list[Sentence] = []
    for sha256 in sorted(documents):
        for stat in store.document_statistics(sha256, viewer.level):
            if not _wanted(stat, unreviewed):
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


def _in_order(rows: list[TimelineRow]) -> list[TimelineRow]:
    """Dated rows by date, then undated ones; within a date, in the order a case runs
    (an arrest before its charge, a conviction before its sentence)."""
    rank = {t: i for i, t in enumerate(_PERSON_TYPES)}

    def key(row: TimelineRow) -> tuple[int, int, int, int, int]:
        d = row.event.date
        if d is None or d.year is None:
            return (1, 0, 0, 0, rank.get(row.event.type, 99))
        return (0, d.year, d.month or 0, d.day or 0, rank.get(row.event.type, 99))

    return sorted(rows, key=key)


def _when(d: PartialDate | None) -> str:
    if d is None:
        return ""
    words = _date(d)
    return f" on {words}" if d.precision in (Precision.DAY, Precision.MONTH_DAY) else f" in {words}"


def _date(d: PartialDate) -> str:
    return date_in_words(d, "")


def _in_words(day: date) -> str:
    token = i18n.set_language("en")
    try:
        return date_in_words(PartialDate.parse(day.isoformat()))
    finally:
        i18n.reset_language(token)


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

