"""Interventions: what was done for a case (an appeal, a letter, an urgent action, a
submission) and what came of it, kept beside the case's facts.

Rules:

- Who may add, edit or delete one: editors and admins (the "review" permission), on a
  case they may see; what they may not see does not exist for them (not found).
- Who may see one: whoever may see its case, and no one else: an intervention is never
  shown to a reader who cannot see the case it is about (services.visibility.seen_case,
  the case a merged person now stands in). An editor may raise one above its case
  (`access_level`, at most their own clearance), as a fact can be raised above its
  document: then a reader needs that clearance too.
- Protected persons: every text field is shown with their names replaced (masking.py)
  to readers below confidential clearance, the attached file's name too. The file's
  bytes cannot be masked: such a reader gets the file only when it is text naming no
  protected person (else: not found). An edit by such a reader leaves a masked field
  as stored unless they typed something else into it, which is refused: saving the
  pseudonym over the name would lose it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from casefile.model import PartialDate
from casefile.services.access import Pseudonyms, Viewer, parse_level
from casefile.services.errors import InvalidInput, NotFound, PersonNotFound, TooLarge
from casefile.services.review import Reviewer
from casefile.services.visibility import SeenCase, name_as_seen, seen_case
from casefile.sources import MAX_BYTES
from casefile.store.base import Store, StoreError, VersionConflict
from casefile.store.base_interventions import (
    INTERVENTION_FIELDS,
    INTERVENTION_KINDS,
    AttachedFile,
    Intervention,
    NewFile,
)

MAX_TEXT = 200_000  # a letter's text, a response
MAX_LINE = 500  # sender, addressee, channel
MAX_FILE_NAME = 200
_LINES = ("sender", "addressee", "channel")
_TEXTS = ("text", "response", "outcome")
_MASKED = (*_LINES, *_TEXTS)


@dataclass(frozen=True)
class InterventionView:
    """An intervention as a reader may see it: names masked, its case's name as they
    see it, and whether they may download its file."""

    intervention: Intervention
    case_id: int
    case_name: str
    file_served: bool

    @property
    def id(self) -> int:
        return self.intervention.id


def parse_values(raw: Mapping[str, Any], *, partial: bool) -> dict[str, Any]:
    """The fields of an add or edit, checked; `partial`: only those given (an edit).
    Text as typed (strip only line fields); a date as ISO, possibly partial; a level by
    name ("" for as its case)."""
    unknown = set(raw) - set(INTERVENTION_FIELDS)
    if unknown:
        raise InvalidInput(f"not an intervention's field: {', '.join(sorted(unknown))[:80]}")
    out: dict[str, Any] = {}
    for name in INTERVENTION_FIELDS:
        if name not in raw:
            if partial or name == "kind":
                continue
            out[name] = None if name in ("date", "access_level") else ""
            continue
        value = raw[name]
        if value is not None and not isinstance(value, str):
            raise InvalidInput(f"{name}: text, not {type(value).__name__}")
        out[name] = _check(name, value or "")
    if not partial and "kind" not in out:
        raise InvalidInput(f"kind: one of {', '.join(INTERVENTION_KINDS)}")
    return out


def _check(name: str, value: str) -> Any:
    if name == "kind":
        kind = value.strip().lower().replace(" ", "_").replace("-", "_")
        if kind not in INTERVENTION_KINDS:
            raise InvalidInput(f"kind: one of {', '.join(INTERVENTION_KINDS)}, not {value[:40]!r}")
        return kind
    if name == "date":
        if not value.strip():
            return None
        try:
            date = PartialDate.parse(value)
        except ValueError as err:
            raise InvalidInput(f"date: {err}") from None
        if date.year is None:
            raise InvalidInput("date: give the year (YYYY, YYYY-MM or YYYY-MM-DD)")
        return date.iso()
    if name == "access_level":
        return parse_level(value, "access") if value.strip() else None
    limit = MAX_LINE if name in _LINES else MAX_TEXT
    if len(value) > limit:
        raise InvalidInput(f"{name}: at most {limit:,} characters")
    if "\x00" in value:
        raise InvalidInput(f"{name}: holds a NUL character")
    return " ".join(value.split()) if name in _LINES else value.strip()


def new_file(name: str, media_type: str, data: bytes) -> NewFile | None:
    """A file to attach, checked; None for no file (an empty upload field)."""
    if not data and not name:
        return None
    if not data:
        raise InvalidInput("the attached file is empty")
    if len(data) > MAX_BYTES:
        raise TooLarge(f"the attached file is larger than {MAX_BYTES // 2**20} MiB")
    clean = "".join(ch for ch in name.replace("\\", "/").rsplit("/", 1)[-1] if ch.isprintable())
    return NewFile(clean[:MAX_FILE_NAME] or "attachment",
                   (media_type or "application/octet-stream")[:100], data)  # fmt: skip


# -- reading -----------------------------------------------------------------------------


def for_case(store: Store, person_id: int, viewer: Viewer) -> list[InterventionView]:
    """The case's interventions the viewer may see (PersonNotFound as for the case)."""
    case = seen_case(store, viewer.level, person_id)
    names = Pseudonyms(store, viewer)
    name = names.name(case.case_id, name_as_seen(store, viewer.level, case.person, case.events))
    return [_as_seen(store, viewer, names, item, case.case_id, name)
            for item in store.case_interventions(case.case_id)
            if item.access_level is None or item.access_level <= viewer.level]  # fmt: skip


def get(store: Store, intervention_id: int, viewer: Viewer) -> InterventionView:
    item, case = _visible(store, intervention_id, viewer)
    names = Pseudonyms(store, viewer)
    name = names.name(case.case_id, name_as_seen(store, viewer.level, case.person, case.events))
    return _as_seen(store, viewer, names, item, case.case_id, name)


def attached_file(
    store: Store, intervention_id: int, viewer: Viewer
) -> tuple[AttachedFile, bytes]:
    """The file as received, if the viewer may have it (see the module docstring)."""
    shown = get(store, intervention_id, viewer)
    data = store.intervention_file(intervention_id)
    if not shown.file_served or shown.intervention.file is None or data is None:
        # As for a missing intervention: a file withheld for the names it may hold must
        # not answer otherwise than one that does not exist.
        raise NotFound(f"no intervention with id {intervention_id}")
    return shown.intervention.file, data


def _visible(store: Store, intervention_id: int, viewer: Viewer) -> tuple[Intervention, SeenCase]:
    item = store.get_intervention(intervention_id)
    missing = NotFound(f"no intervention with id {intervention_id}")
    if item is None or (item.access_level is not None and item.access_level > viewer.level):
        raise missing
    try:
        case_id = store.canonical_person(item.person_id) or item.person_id
        return item, seen_case(store, viewer.level, case_id)
    except PersonNotFound:
        raise missing from None


def _as_seen(
    store: Store, viewer: Viewer, names: Pseudonyms, item: Intervention, case_id: int,
    case_name: str,
) -> InterventionView:  # fmt: skip
    masked = _masked(names, item)
    served = item.file is not None and (
        not names.active or names.index is None or _text_names_none(store, names, item))
    return InterventionView(masked, case_id, case_name, served)


def _masked(names: Pseudonyms, item: Intervention) -> Intervention:
    if names.index is None:
        return item
    changes: dict[str, Any] = {f: names.text(getattr(item, f)) for f in _MASKED}
    if item.file is not None:
        changes["file"] = replace(item.file, name=names.label(item.file.name) or "")
    return replace(item, **changes)


def _text_names_none(store: Store, names: Pseudonyms, item: Intervention) -> bool:
    """Whether the attached file is UTF-8 text in which no protected name occurs."""
    assert item.file is not None
    if names.spans(item.file.name, any_case=True):
        return False
    data = store.intervention_file(item.id) or b""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not names.spans(text)


# -- writing -----------------------------------------------------------------------------


def add(
    store: Store, person_id: int, raw: Mapping[str, Any], reviewer: Reviewer,
    file: NewFile | None = None,
) -> InterventionView:  # fmt: skip
    viewer = reviewer.viewer
    try:
        case = seen_case(store, viewer.level, person_id)
    except PersonNotFound:
        raise NotFound(f"no person with id {person_id}") from None
    values = parse_values(raw, partial=False)
    _check_level(values, reviewer)
    new_id = store.add_intervention(case.case_id, values, file, reviewer.name, _now())
    return get(store, new_id, viewer)


def edit(
    store: Store, intervention_id: int, raw: Mapping[str, Any], reviewer: Reviewer,
    file: NewFile | None = None, remove_file: bool = False, version: int | None = None,
) -> InterventionView:  # fmt: skip
    viewer = reviewer.viewer
    item, _ = _visible(store, intervention_id, viewer)
    values = parse_values(raw, partial=True)
    _check_level(values, reviewer)
    names = Pseudonyms(store, viewer)
    for field in _MASKED:
        stored = getattr(item, field)
        shown = names.text(stored)
        if field in values and shown != stored:
            if values[field] == _check(field, shown):
                del values[field]  # left as shown: the stored text stays
            else:
                raise InvalidInput(f"{field}: it names a protected person; only a user of"
                                   " confidential clearance may change it")  # fmt: skip
    try:
        store.update_intervention(intervention_id, values, file, reviewer.name, _now(),
                                  version, remove_file)  # fmt: skip
    except VersionConflict:
        raise
    except StoreError as err:
        raise InvalidInput(str(err)) from None
    return get(store, intervention_id, viewer)


def delete(store: Store, intervention_id: int, reviewer: Reviewer) -> Intervention:
    item, _ = _visible(store, intervention_id, reviewer.viewer)
    return store.delete_intervention(item.id, reviewer.name, _now())


def _check_level(values: Mapping[str, Any], reviewer: Reviewer) -> None:
    level = values.get("access_level")
    if level is not None and level > reviewer.viewer.level:
        raise InvalidInput("access: not above your own clearance")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
