"""The review workflow: analysts accept, reject or edit machine facts, and add facts the
machine missed. Every decision records who made it and when (UTC) in the fact and in an
append-only log.

Who: a `Reviewer` is the signed-in user's name and clearance (the web) or the name the
CLI acts as, with full clearance. A reviewer can neither see nor decide on a fact above
their clearance (services.access).

Re-extraction replaces only unreviewed facts (see the store), so every decision made
here survives it; an edit keeps the fact's fingerprint, so the machine does not add the
original reading back beside the corrected one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from casefile.i18n import N_, Msg
from casefile.model import EVENT_TYPES, TERM_KINDS, Event, Evidence, PartialDate, Provenance
from casefile.names import name_key
from casefile.services.access import FULL, Pseudonyms, Viewer, check_document, check_fact
from casefile.services.cases import refresh_case_records
from casefile.services.errors import InvalidInput, NotFound
from casefile.services.visibility import events_as_seen
from casefile.services.wording import parse_term
from casefile.store.base import (
    EDITABLE_EVENT_FIELDS,
    FACT_KINDS,
    FactNotFound,
    ReviewDecision,
    ReviewEntry,
    Store,
    StoredEvent,
    StoredStatistic,
)

ANONYMOUS = "anonymous"
ANALYST = Provenance(extractor="analyst", version="manual", confidence=1.0)
MAX_REVIEWER_LENGTH = 80
_DURATION = re.compile(r"^P(?=\d)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")
# Caps on what an analyst may enter, so that one fact cannot hold megabytes or a number
# no code downstream expects. A term may be long: cumulative sentences of thousands of
# years are handed down, and a cap below them would lose a real record.
MAX_TERM_YEARS = 10_000
MAX_CHARGES = 50
MAX_CHARGE_LENGTH = 500
MAX_NAME_LENGTH = 300  # a participant or an agent
MAX_WHAT_LENGTH = 500

Fact = StoredEvent | StoredStatistic


@dataclass(frozen=True)
class Reviewer:
    """Who decides. `name` is what the store records."""

    name: str
    clearance: str = "confidential"

    @property
    def viewer(self) -> Viewer:
        return Viewer(self.name, self.clearance)


def reviewer_named(raw: str | None) -> Reviewer:
    """A reviewer from a typed name: whitespace collapsed, control characters dropped,
    at most 80 characters; nothing left means anonymous."""
    words = ("".join(ch for ch in word if ch.isprintable()) for word in (raw or "").split())
    name = " ".join(word for word in words if word)
    return Reviewer(name[:MAX_REVIEWER_LENGTH] or ANONYMOUS)


def get_fact(store: Store, kind: str, fact_id: int, viewer: Viewer = FULL) -> Fact:
    """The fact as `viewer` may see it; FactNotFound if above their clearance."""
    [fact] = events_as_seen(store, viewer.level, [_stored_fact(store, kind, fact_id, viewer)])
    return _masked(Pseudonyms(store, viewer), fact)


def _stored_fact(store: Store, kind: str, fact_id: int, viewer: Viewer) -> Fact:
    _check_kind(kind)
    fact = store.get_event(fact_id) if kind == "event" else store.get_statistic(fact_id)
    if fact is None:
        raise FactNotFound(kind, fact_id)
    return check_fact(fact, kind, viewer)


def _masked(names: Pseudonyms, fact: Fact) -> Fact:
    return names.event(fact) if isinstance(fact, StoredEvent) else names.statistic(fact)


def history(store: Store, kind: str, fact_id: int, viewer: Viewer = FULL) -> list[ReviewEntry]:
    _stored_fact(store, kind, fact_id, viewer)
    names = Pseudonyms(store, viewer)
    return [
        replace(entry, changes={k: [names.text(v) if isinstance(v, str) else v for v in pair]
                                for k, pair in entry.changes.items()})
        for entry in store.review_history(kind, fact_id)
    ]  # fmt: skip


def accept(
    store: Store, kind: str, fact_id: int, reviewer: Reviewer, version: int | None = None
) -> Fact:
    return _decide(store, kind, fact_id, "accept", reviewer, version)


def reject(
    store: Store, kind: str, fact_id: int, reviewer: Reviewer, version: int | None = None
) -> Fact:
    return _decide(store, kind, fact_id, "reject", reviewer, version)


def edit(
    store: Store,
    kind: str,
    fact_id: int,
    fields: Mapping[str, Any],
    reviewer: Reviewer,
    version: int | None = None,
) -> Fact:
    """Change the given fields (the others stay). An edit that changes nothing is an
    acceptance: the reviewer looked and agreed."""
    current = _stored_fact(store, kind, fact_id, reviewer.viewer)
    if isinstance(current, StoredEvent):
        values = parse_event_fields(fields)
        before = _event_values(current.event)
    else:
        values = _statistic_fields(fields)
        before = {"count": current.statistic.count, "what": current.statistic.what}
    changed = {k: v for k, v in values.items() if v != before[k]}
    if not changed:
        return _decide(store, kind, fact_id, "accept", reviewer, version)
    changes = {k: [_jsonable(before[k]), _jsonable(v)] for k, v in changed.items()}
    return _decide(store, kind, fact_id, "edit", reviewer, version, changed, changes)


def add_event(
    store: Store, sha256: str, fields: Mapping[str, Any], reviewer: Reviewer
) -> StoredEvent:
    """An event the machine missed, located by `start`/`end` offsets into the document
    text, or by a `quote` that occurs once in it (or both, which must agree)."""
    check_document(store, reviewer.viewer, sha256)
    document = store.get_document(sha256)
    if document is None:
        raise NotFound(Msg("no document %(sha256)s", sha256=sha256[:12]))
    evidence = locate(document.text, sha256, fields)
    known = {k: fields[k] for k in EDITABLE_EVENT_FIELDS if k in fields}
    for required in ("type", "participant"):
        if not str(known.get(required) or "").strip():
            raise InvalidInput(Msg("%(required)s: required", required=required))
    values = parse_event_fields(known)
    kind = str(fields.get("participant_kind") or "person")
    if kind not in ("person", "organisation"):
        raise InvalidInput(Msg(
            "participant kind: person or organisation, not %(kind)s",
            kind=repr(kind),
        ))
    event = Event(
        type=values["type"],
        participant=values["participant"],
        participant_kind="organisation" if kind == "organisation" else "person",
        evidence=evidence,
        provenance=ANALYST,
        date=values.get("date"),
        agent=values.get("agent"),
        term=values.get("term"),
        term_kind=values.get("term_kind"),
        charges=values.get("charges", []),
    )
    event_id = store.add_event(event, reviewer.name, _now())
    refresh_case_records(store)
    added = store.get_event(event_id)
    assert added is not None  # just written in this connection
    return added


def locate(text: str, sha256: str, fields: Mapping[str, Any]) -> Evidence:
    """The span the analyst meant, trimmed of surrounding white space."""
    start, end = _offset(fields.get("start"), "start"), _offset(fields.get("end"), "end")
    quote = str(fields.get("quote") or "")
    if start is not None or end is not None:
        if start is None or end is None:
            raise InvalidInput(Msg("give both start and end, or a quote"))
        if not 0 <= start < end <= len(text):
            raise InvalidInput(Msg(
                "start and end must satisfy 0 <= start < end <= %(count)s",
                count=len(text),
            ))
        if quote.strip() and text[start:end].strip() != quote.strip():
            raise InvalidInput(Msg(
                "the quote is not the text at %(start)s:%(end)s",
                start=start, end=end,
            ))
    elif quote.strip():
        found = [m.start() for m in re.finditer(re.escape(quote.strip()), text)]
        if not found:
            raise InvalidInput(Msg("the quote does not occur in the document"))
        if len(found) > 1:
            at = ", ".join(str(i) for i in found[:5])
            raise InvalidInput(
                Msg(
                    "the quote occurs %(count)s times (at %(at)s); quote more words or give start "
                    "and end",
                    count=len(found), at=at,
                )
            )
        start, end = found[0], found[0] + len(quote.strip())
    else:
        raise InvalidInput(Msg("select the words that state the fact (a quote, or start and end)"))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise InvalidInput(Msg("the selection holds only white space"))
    return Evidence(sha256, start, end, text[start:end])


def parse_event_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Model values of the editable event fields given; '' or None clears an optional
    field. Raises InvalidInput naming the field."""
    unknown = sorted(set(fields) - set(EDITABLE_EVENT_FIELDS))
    if unknown:
        raise InvalidInput(Msg("unknown field(s): %(items)s", items=', '.join(unknown)))
    out: dict[str, Any] = {}
    for name, raw in fields.items():
        if name == "charges":
            out[name] = _charges(raw)
            continue
        if raw is not None and not isinstance(raw, str):
            raise InvalidInput(Msg("%(name)s: expected text", name=name))
        value = (raw or "").strip() or None
        if name == "type":
            if value not in EVENT_TYPES:
                raise InvalidInput(Msg("type: unknown event type %(raw)s", raw=repr(raw)))
        elif name == "participant":
            if value is None or not name_key(value):
                raise InvalidInput(Msg("participant: a name is required"))
            _check_length(name, value, MAX_NAME_LENGTH)
        elif name == "agent" and value is not None:
            _check_length(name, value, MAX_NAME_LENGTH)
        elif name == "date" and value is not None:
            try:
                out[name] = PartialDate.parse(value)
            except ValueError as err:
                raise InvalidInput(Msg("date: %(err)s", err=err)) from None
            continue
        elif name == "term" and value is not None:
            # Typed in words ("7 years", "18 months") or in ISO: stored as ISO.
            value = parse_term(value) if len(value) <= 200 else value
            _check_term(value)
        elif name == "term_kind" and value is not None and value not in TERM_KINDS:
            raise InvalidInput(Msg(
                "term kind: one of %(items)s, not %(raw)s",
                items=', '.join(TERM_KINDS), raw=repr(raw),
            ))
        out[name] = value
    return out


def _statistic_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(fields) - {"count", "what"})
    if unknown:
        raise InvalidInput(Msg(
            "unknown field(s) of a statistic: %(items)s",
            items=', '.join(unknown),
        ))
    out: dict[str, Any] = {}
    if "count" in fields:
        raw = str(fields["count"]).strip()
        if not raw.isdigit() or int(raw) > 10**9:
            raise InvalidInput(Msg(
                "count: a whole number, not %(fields)s",
                fields=repr(fields['count']),
            ))
        out["count"] = int(raw)
    if "what" in fields:
        what = str(fields["what"] or "").strip()
        if not what:
            raise InvalidInput(Msg("what: required"))
        _check_length("what", what, MAX_WHAT_LENGTH)
        out["what"] = what
    return out


def _charges(raw: Any) -> list[str]:
    """A list of strings, or one string with a charge per line."""
    if raw is None:
        return []
    if isinstance(raw, str):
        items = raw.splitlines()
    elif isinstance(raw, list) and all(isinstance(x, str) for x in raw):
        items = raw
    else:
        raise InvalidInput(Msg("charges: a list of texts, or one per line"))
    charges = [" ".join(item.split()) for item in items if item.strip()]
    if len(charges) > MAX_CHARGES:
        raise InvalidInput(Msg(
            "charges: at most %(MAX_CHARGES)s, not %(count)s",
            MAX_CHARGES=MAX_CHARGES, count=len(charges),
        ))
    for charge in charges:
        _check_length("charges", charge, MAX_CHARGE_LENGTH, each=True)
    return charges


def _check_term(value: str) -> None:
    """An ISO 8601 duration of at most MAX_TERM_YEARS years."""
    m = _DURATION.match(value)
    if not m:
        raise InvalidInput(
            Msg(
                "term: a duration such as 7 years, 18 months or P1Y6M, not %(shown)s",
                shown=_shown(value),
            ))
    parts = [part or "0" for part in m.groups()]
    # Digits counted before int(): Python refuses to convert a 5,000-digit number at all.
    too_long = any(len(part) > 8 for part in parts)
    years, months, weeks, days = (0, 0, 0, 0) if too_long else (int(p) for p in parts)
    if too_long or years * 365 + months * 30 + weeks * 7 + days > MAX_TERM_YEARS * 365:
        raise InvalidInput(Msg(
            "term: at most %(MAX_TERM_YEARS)s years, not %(shown)s",
            MAX_TERM_YEARS=MAX_TERM_YEARS, shown=_shown(value),
        ))


def _check_length(field: str, value: str, limit: int, *, each: bool = False) -> None:
    if len(value) > limit:
        template = (N_("%(field)s: each at most %(limit)s characters, not %(count)s") if each
                    else N_("%(field)s: at most %(limit)s characters, not %(count)s"))
        raise InvalidInput(Msg(template, field=field, limit=limit, count=len(value)))


def _shown(raw: str) -> str:
    """A user's value quoted in a one-line message, cut short."""
    return repr(raw if len(raw) <= 40 else raw[:40] + "…")


def _event_values(event: Event) -> dict[str, Any]:
    return {
        "type": event.type,
        "participant": event.participant,
        "date": event.date,
        "term": event.term,
        "term_kind": event.term_kind,
        "charges": list(event.charges),
        "agent": event.agent,
    }


def _decide(
    store: Store,
    kind: str,
    fact_id: int,
    action: str,
    reviewer: Reviewer,
    version: int | None,
    values: Mapping[str, Any] | None = None,
    changes: Mapping[str, list[Any]] | None = None,
) -> Fact:
    _stored_fact(store, kind, fact_id, reviewer.viewer)  # 404 above their clearance
    store.apply_review(
        ReviewDecision(
            kind=kind,
            fact_id=fact_id,
            action=action,
            reviewer=reviewer.name,
            at=_now(),
            expected_version=version,
            values=values or {},
            changes=changes or {},
        )
    )
    refresh_case_records(store)
    return get_fact(store, kind, fact_id, reviewer.viewer)


def _check_kind(kind: str) -> None:
    if kind not in FACT_KINDS:
        raise NotFound(Msg(
            "no kind of fact %(kind)s (one of %(items)s)",
            kind=repr(kind), items=', '.join(FACT_KINDS),
        ))


def _offset(raw: Any, name: str) -> int | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise InvalidInput(Msg(
            "%(name)s: a character offset, not %(raw)s",
            name=name, raw=repr(raw),
        ))
    text = str(raw).strip()
    if not text.isdigit() or len(text) > 12:
        raise InvalidInput(Msg(
            "%(name)s: a character offset, not %(raw)s",
            name=name, raw=repr(raw),
        ))
    return int(text)


def _jsonable(value: Any) -> Any:
    return value.iso() if isinstance(value, PartialDate) else value


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
