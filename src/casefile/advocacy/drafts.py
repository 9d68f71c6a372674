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

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from casefile import i18n
from casefile.advocacy.authorities import Authority, authorities_for, load_authorities
from casefile.advocacy.sentences import (
    ACCEPTED,
    Citation,
    Citer,
    Sentence,
    Writer,
    designations,
    in_order,
    statistics,
    wanted,
)
from casefile.i18n import Msg
from casefile.model import PartialDate
from casefile.services import visibility
from casefile.services.access import Viewer, check_person
from casefile.services.cases import person_timeline
from casefile.services.consent import consent_of, withheld_by_consent
from casefile.services.errors import InvalidInput
from casefile.services.masking import Pseudonyms
from casefile.services.timeline import case_timeline
from casefile.services.wording import date_in_words
from casefile.store.base import Store, StoredEvent

__all__ = ["ACCEPTED", "DEMANDS", "KINDS", "Citation", "Draft", "Sentence", "build_draft"]

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
        raise InvalidInput(Msg(
            "draft: appeal or urgent-action, not %(kind)s",
            kind=repr(kind[:40]),
        ))
    unknown = [d for d in demands if d not in DEMANDS]
    if unknown:
        raise InvalidInput(Msg(
            "demand: one of %(items)s, not %(unknown)s",
            items=', '.join(DEMANDS), unknown=repr(unknown[0][:40]),
        ))
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
    raw = [e for e in store.person_events(person_id, viewer.level) if wanted(e, unreviewed)]
    seen = (visibility.name_as_seen(store, viewer.level, person, raw) if raw
            else timeline.person.name)  # fmt: skip
    name = names.name(person_id, seen) if public else timeline.person.name
    named = not names.is_hidden(person_id)
    cite = Citer(store, names)
    writer = Writer(names, name, person_id)
    facts = [writer.row(row, cite) for row in in_order(case_timeline(raw).rows)]
    facts += designations(store, person_id, viewer, unreviewed, writer, cite)
    claims = statistics(store, {e.event.evidence.document_id for e in raw}, viewer,
                             unreviewed, names, cite)  # fmt: skip
    country = timeline.person.country
    table = list(authorities) if authorities is not None else load_authorities()
    fitting = authorities_for(table, country, kind)
    if addressee is not None and not 0 <= addressee < len(fitting):
        raise InvalidInput(Msg(
            "addressee: a number from 0 to %(max)s",
            max=max(len(fitting) - 1, 0),
        ))
    chosen = fitting[addressee or 0] if fitting else None
    notices = _notices(store, public, unreviewed, named, person_id, raw, names, facts)
    return Draft(
        kind=kind, person_id=person_id, name=name, named=named, country=country,
        facts=tuple(f for f in facts if f is not None), statistics=tuple(claims),
        demands=tuple(DEMANDS[d].format(name=name) for d in DEMANDS if d in demands),
        addressee=chosen, addressees=tuple(fitting), for_publication=public,
        unreviewed=unreviewed and any(s.unreviewed for s in [*facts, *claims] if s),
        notices=notices, sources=cite.all(),
    )  # fmt: skip


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


def _in_words(day: date) -> str:
    token = i18n.set_language("en")
    try:
        return date_in_words(PartialDate.parse(day.isoformat()))
    finally:
        i18n.reset_language(token)
