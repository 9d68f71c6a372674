"""The link proposals' own queue: each pending proposal with both persons' evidence side
by side (their spellings, documents, events with dates and quotes, country), most likely
first, and why the score is what it is.

The score (`casefile.link.score_names`, the best over every pair of the two persons'
names) comes from the names alone; the reasons here say which of its parts decided it
(the same word as written, the same after folding scripts, romanisations and Russian
endings, a letter or two apart, a lone word, genders or patronymics that differ), and
add what the names do not weigh but an analyst does: a shared document, country, or an
event of the same type on the same date.

Everything shown is what the viewer may see (services/visibility.py): events and
documents at their clearance, names masked for protected persons, and reasons worked out
from the visible spellings only, never from a name the viewer may not read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from babel.numbers import format_decimal

from casefile.i18n import current_language, ngettext
from casefile.i18n import gettext as _
from casefile.link import parse_name, score_names
from casefile.link.matcher import TYPO, patronymic_factor, word_similarity
from casefile.model import PartialDate
from casefile.services.access import FULL, Pseudonyms, Viewer
from casefile.services.countries import country_name
from casefile.services.documents import titles_of
from casefile.services.errors import PersonNotFound
from casefile.services.linking import pending_proposals
from casefile.services.visibility import countries_as_seen, seen_case
from casefile.store.base import Store, StoredEvent
from casefile.store.base_links import LinkProposal

MAX_EVENTS_SHOWN = 8
# Proposals shown at once: each reads both cases' evidence, and a decision brings the
# next ones up (the queue is sorted by score, so the most likely always come first).
QUEUE_SIZE = 10


@dataclass(frozen=True)
class SideEvent:
    """One event of a person, as the proposal page shows it."""

    id: int
    type: str
    date: PartialDate | None
    quote: str
    document: str  # sha256
    title: str


@dataclass(frozen=True)
class PersonSide:
    person_id: int
    name: str
    spellings: tuple[str, ...]
    country: str | None
    documents: tuple[tuple[str, str], ...]  # (sha256, title), the first few
    events: tuple[SideEvent, ...]
    event_total: int
    document_total: int
    document_ids: frozenset[str]  # every visible document naming them


@dataclass(frozen=True)
class ProposalEvidence:
    proposal: LinkProposal
    a: PersonSide
    b: PersonSide
    reasons: tuple[str, ...]  # why the names score as they do
    context: tuple[str, ...]  # what else the two share, or not


def proposal_queue(
    store: Store, viewer: Viewer = FULL, limit: int = QUEUE_SIZE
) -> list[ProposalEvidence]:
    """Pending proposals whose two persons `viewer` may see, most likely first."""
    found = sorted(pending_proposals(store, limit, viewer), key=lambda p: (-p.score, p.id))
    names = Pseudonyms(store, viewer)
    countries = countries_as_seen(store, viewer.level,
                                  [i for p in found for i in (p.person_a, p.person_b)])
    out = []
    for proposal in found:
        a = _side(store, viewer, names, proposal.person_a, proposal.name_a, countries)
        b = _side(store, viewer, names, proposal.person_b, proposal.name_b, countries)
        if a is None or b is None:
            continue
        hidden = names.is_hidden(a.person_id) or names.is_hidden(b.person_id)
        reasons = (("the names of a protected person are not compared here",) if hidden
                   else name_reasons(a.spellings, b.spellings))  # fmt: skip
        out.append(ProposalEvidence(proposal, a, b, reasons, _context(a, b)))
    return out


def _side(
    store: Store, viewer: Viewer, names: Pseudonyms, person_id: int, name: str,
    countries: dict[int, str | None],
) -> PersonSide | None:  # fmt: skip
    try:
        case = seen_case(store, viewer.level, person_id)
    except PersonNotFound:
        return None  # merged or hidden since the list was read
    events = [names.event(e) for e in case.events]
    spellings = tuple(dict.fromkeys([name, *(e.event.participant for e in events)]))
    shown = sorted(events, key=_when)[:MAX_EVENTS_SHOWN]
    # Titles of the documents shown only: reading every document of a large case would
    # cost the queue more than the rest of it.
    shas = list(dict.fromkeys(e.event.evidence.document_id for e in events))
    titles = titles_of(store, shas[:MAX_EVENTS_SHOWN]
                       + [e.event.evidence.document_id for e in shown], viewer)  # fmt: skip
    return PersonSide(
        person_id, name, spellings, countries.get(person_id),
        tuple((sha, titles.get(sha, "")) for sha in shas[:MAX_EVENTS_SHOWN]),
        tuple(SideEvent(e.id, e.event.type, e.event.date, e.event.evidence.quote,
                        e.event.evidence.document_id, titles.get(e.event.evidence.document_id, ""))
              for e in shown),
        len(events), len(shas), frozenset(shas),
    )  # fmt: skip


def _when(stored: StoredEvent) -> tuple[int, str]:
    date = stored.event.date
    return (0, date.iso()) if date else (1, "")


def name_reasons(spellings_a: Iterable[str], spellings_b: Iterable[str]) -> tuple[str, ...]:
    """What decided the score of the best-matching pair of names, in words."""
    pairs = [(x, y) for x in spellings_a for y in spellings_b]
    if not pairs:
        return ()
    x, y = max(pairs, key=lambda p: score_names(parse_name(p[0]), parse_name(p[1])))
    ka, kb = parse_name(x), parse_name(y)
    out = [_("best pair of names: “%(a)s” ~ “%(b)s”, %(score)s")
           % {"a": x, "b": y, "score": format_decimal(score_names(ka, kb), "0.00",
                                                      locale=current_language())}]
    raw_a, raw_b = _raw_words(x), _raw_words(y)
    matched_a: set[str] = set()
    matched_b: set[str] = set()
    for wa in ka.words:
        for wb in kb.words:
            similarity = word_similarity(wa, wb, strict=True)
            if wa in matched_a or wb in matched_b or similarity < TYPO:
                continue
            matched_a.add(wa)
            matched_b.add(wb)
            shown_a, shown_b = raw_a.get(wa, wa), raw_b.get(wb, wb)
            if similarity < 1.0:
                out.append(_("a letter or two apart: “%(a)s” / “%(b)s”")
                           % {"a": shown_a, "b": shown_b})
            elif shown_a.casefold() == shown_b.casefold():
                out.append(_("the same word: “%(word)s”") % {"word": shown_a})
            else:
                out.append(_("the same name in another spelling, script or grammatical"
                             " case: “%(a)s” / “%(b)s”") % {"a": shown_a, "b": shown_b})
    rest_a = [raw_a.get(w, w) for w in ka.words if w not in matched_a]
    rest_b = [raw_b.get(w, w) for w in kb.words if w not in matched_b]
    if rest_a and rest_b:
        out.append(_("different words: “%(a)s” / “%(b)s”")
                   % {"a": " ".join(rest_a), "b": " ".join(rest_b)})
    if min(len(ka.words), len(kb.words)) == 1 and not (ka.initials and kb.initials):
        lone = x if len(ka.words) == 1 else y
        out.append(_("“%(name)s” is a single word: one name alone is never enough to merge")
                   % {"name": lone})
    if ka.gender and kb.gender and ka.gender != kb.gender:
        out.append(_("one name reads as a woman's, the other as a man's (a relative?)"))
    if patronymic_factor(ka.patronymic, kb.patronymic) < 1.0:
        out.append(_("the patronymics differ"))
    return tuple(out)


def _raw_words(name: str) -> dict[str, str]:
    """Folded stem -> the word as written, to show the words the score compared."""
    out: dict[str, str] = {}
    for word in name.split():
        for stem in parse_name(word).words:
            out.setdefault(stem, word.strip(".,;:"))
    return out


def _context(a: PersonSide, b: PersonSide) -> tuple[str, ...]:
    out = []
    shared = a.document_ids & b.document_ids
    if shared:
        out.append(ngettext("named in %(num)d of the same document",
                            "named in %(num)d of the same documents", len(shared))
                   % {"num": len(shared)})
    if a.country and b.country:
        out.append(_("same country: %(country)s") % {"country": country_name(a.country)}
                   if a.country == b.country
                   else _("different countries: %(a)s / %(b)s (never merged automatically)")
                   % {"a": country_name(a.country), "b": country_name(b.country)})
    dated_a = {(e.type, e.date.iso()) for e in a.events if e.date is not None}
    dated_b = {(e.type, e.date.iso()) for e in b.events if e.date is not None}
    same = sorted(dated_a & dated_b)
    out += [_("both: %(type)s on %(date)s") % {"type": _(t.replace("_", " ")), "date": d}
            for t, d in same[:3]]
    if not out:
        out.append(_("no shared document, country or dated event"))
    return tuple(out)
