"""Correcting documents (issue 11): their metadata, withdrawing and restoring them,
deleting them. The rules for the CLI, the pages and the API.

- Editors (and admins) edit a document's title, publisher, URL, publication date and
  language, each change audited. A new date or language extracts the document again:
  year-less and relative dates follow the date, the parser follows the language; facts
  an analyst reviewed are kept as they are (`casefile.ingest.reextract_document`).
- Editors withdraw a document they can see: from then on it and its facts are hidden
  from everyone, whatever their clearance (store level `WITHDRAWN`), with no trace in
  lists, counts, cases, searches or exports. Reversible: admins see the withdrawn
  documents they were cleared for (a list, the document's page) and restore them.
- Admins delete a document: its original, text and facts go, and persons and
  organisations left with no fact anywhere. Facts an analyst accepted or edited (or
  added) go only when the admin says so too (`with_reviewed`): a fact cannot outlive
  the text it quotes, so the choice is theirs, not the tool's. Cases that still have
  facts from other documents stay; their summaries are recomputed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import PurePath
from typing import Any

from casefile.extract.pipeline import Pipeline
from casefile.i18n import Msg
from casefile.ingest import Outcome, reextract_document
from casefile.services.access import Viewer, check_document
from casefile.services.cases import refresh_case_records
from casefile.services.documents import PipelineSource, check_sha256, parse_published
from casefile.services.errors import Forbidden, InvalidInput, NotFound
from casefile.services.masking import Pseudonyms
from casefile.sources import detect_language
from casefile.store.base import Store
from casefile.store.base_documents import Deleted, ReviewedFactsExist, Withdrawal

_LANGUAGE = re.compile(r"^[a-z]{2}$")
_LIMITS = {"title": 500, "publisher": 300, "url": 2000}


@dataclass(frozen=True)
class DocumentEdit:
    """What an edit changed: field -> (before, after), as ISO text for the date; and the
    re-extraction it started, if any."""

    changed: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    reextracted: Outcome | None = None

    def summary(self) -> str:
        if not self.changed:
            return "nothing changed"
        parts = [f"{k}: {_shown(b)} -> {_shown(a)}" for k, (b, a) in self.changed.items()]
        line = "; ".join(parts)
        if self.reextracted is not None:
            line += f"; re-extracted: {self.reextracted.changes()}"
        return line


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _shown(value: Any) -> str:
    return "(none)" if value in (None, "") else str(value)


def edit_document(
    store: Store,
    viewer: Viewer,
    sha256: str,
    *,
    title: str | None = None,
    publisher: str | None = None,
    url: str | None = None,
    published: str | None = None,
    language: str | None = None,
    pipeline: PipelineSource | None = None,
) -> DocumentEdit:
    """Change the fields given (None: leave; "": unknown, or for the language: detect
    it again), audited. Without a `pipeline` a date or language change is stored but
    the facts are not extracted again (the caller does it later)."""
    _visible(store, viewer, sha256)
    document = store.get_document(sha256)
    if document is None:
        raise NotFound(Msg("no document %(sha256)s", sha256=sha256[:12]))
    values: dict[str, str | None] = {}
    for name, raw in (("title", title), ("publisher", publisher)):
        if raw is not None:
            values[name] = " ".join(raw.split())[:_LIMITS[name]] or None
    if url is not None:
        values["url"] = _url(url)
    if language is not None:
        # "" detects it again; but a form sending back an unknown language changes nothing
        values["language"] = _language(language) or (
            detect_language(document.text) if document.language else None)
    date = parse_published(published) if published is not None else None
    # Validated whole before anything is written: a bad URL does not leave the title set.
    changed: dict[str, tuple[Any, Any]] = {}
    at = _now()
    # The form sends every field back: a date left as it was is not an editor's date.
    if published is not None and date != document.published:
        before = document.published.iso() if document.published else None
        store.set_document_published(sha256, date, viewer.name, at)
        changed["published"] = (before, date.iso() if date else None)
    old = store.set_document_metadata(sha256, values, viewer.name, at)
    changed.update({k: (v, values[k]) for k, v in old.items()})
    outcome = None
    if pipeline is not None and ({"published", "language"} & changed.keys()):
        stored = store.get_document(sha256)
        assert stored is not None
        loaded = pipeline if isinstance(pipeline, Pipeline) else pipeline()
        outcome = reextract_document(store, loaded, stored, viewer.name)
        if outcome.error:
            raise InvalidInput(outcome.error)
    refresh_case_records(store)
    return DocumentEdit(changed, outcome)


def _url(raw: str) -> str | None:
    url = raw.strip()
    # Shown as a link: only web addresses, never javascript: or data: URLs.
    if url and not re.match(r"^https?://[^\s]+$", url, re.I):
        raise InvalidInput(Msg(
            "url: an http:// or https:// address, not %(url)s",
            url=repr(url[:80]),
        ))
    return url[:_LIMITS["url"]] or None


def _language(raw: str) -> str:
    language = raw.strip().lower()
    if language and not _LANGUAGE.match(language):
        raise InvalidInput(Msg(
            "language: a two-letter ISO 639-1 code such as en, not %(raw)s",
            raw=repr(raw[:20]),
        ))
    return language


# -- withdrawing, restoring, deleting ---------------------------------------------------


def _visible(store: Store, viewer: Viewer, sha256: str) -> None:
    """NotFound unless the viewer sees the document; an admin who may see it withdrawn
    is told so (nobody else may learn that it exists)."""
    try:
        check_document(store, viewer, check_sha256(sha256))
    except NotFound:
        if withdrawn(store, viewer, sha256) is not None:
            raise InvalidInput(Msg(
                "document %(sha256)s is withdrawn: restore it first",
                sha256=sha256[:12],
            )) from None
        raise


def withdraw(store: Store, viewer: Viewer, sha256: str, reason: str = "") -> int:
    """Hide a document the viewer can see, with its facts, from everyone; returns the
    level it had (restored with it)."""
    _visible(store, viewer, sha256)
    previous = store.withdraw_document(sha256, viewer.name, " ".join(reason.split())[:500],
                                       _now())  # fmt: skip
    refresh_case_records(store)
    return previous


def withdrawn(store: Store, viewer: Viewer, sha256: str) -> Withdrawal | None:
    """The document's withdrawal, if it is withdrawn and the viewer is an admin who was
    cleared for it; None otherwise (for everyone else it does not exist)."""
    if not viewer.admin:
        return None
    found = store.withdrawal(check_sha256(sha256))
    if found is None or found.previous_level > viewer.level:
        return None
    return found


def _withdrawn_or_missing(store: Store, viewer: Viewer, sha256: str) -> Withdrawal:
    found = withdrawn(store, viewer, sha256)
    if found is None:
        raise NotFound(Msg("no withdrawn document %(sha256)s", sha256=sha256[:12]))
    return found


def restore(store: Store, viewer: Viewer, sha256: str) -> int:
    """Undo a withdrawal (admins); returns the level the document is back at."""
    _admin(viewer)
    _withdrawn_or_missing(store, viewer, sha256)
    level = store.restore_document(sha256, viewer.name, _now())
    refresh_case_records(store)
    return level


def withdrawn_documents(store: Store, viewer: Viewer) -> list[Withdrawal]:
    """The withdrawn documents an admin was cleared for, their titles as they may see
    them (a protected person's name masked) or else their file's name."""
    _admin(viewer)
    names = Pseudonyms(store, viewer)
    return [_labelled(w, names) for w in store.withdrawals(viewer.level)]


def _labelled(found: Withdrawal, names: Pseudonyms) -> Withdrawal:
    title = found.title or PurePath(found.source_name or "").name or found.sha256[:12]
    return Withdrawal(found.sha256, found.previous_level, found.withdrawn_by,
                      found.withdrawn_at, found.reason, names.label(title) or title,
                      None)  # fmt: skip


def delete(store: Store, viewer: Viewer, sha256: str, *, with_reviewed: bool = False) -> Deleted:
    """Delete a document (admins), visible or withdrawn; see the module's docstring for
    what goes with it."""
    _admin(viewer)
    try:
        check_document(store, viewer, check_sha256(sha256))
    except NotFound:
        _withdrawn_or_missing(store, viewer, sha256)
    try:
        deleted = store.delete_document(sha256, viewer.name, _now(), with_reviewed=with_reviewed)
    except ReviewedFactsExist as err:
        raise InvalidInput(
            Msg(
                "%(count)s facts analysts accepted, edited or added cite document %(sha256)s: "
                "withdraw it instead, or confirm that they go too (--with-reviewed; the form's "
                "box; the API's ?with_reviewed=true)",
                count=err.count, sha256=sha256[:12],
            )
        ) from None
    refresh_case_records(store)
    return deleted


def _admin(viewer: Viewer) -> None:
    if not viewer.admin:
        raise Forbidden(Msg("only admins restore and delete documents"))
