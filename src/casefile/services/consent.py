"""Consent and safety before publishing (issue 12, item 6): whether a person -- or their
family or lawyer for them -- agreed to be named in what is published, and who recorded
it when.

The rule: what is *published* (an urgent action meant for the public, the public export,
the static site) names only persons whose consent to be named is on record; everyone
else, and every protected person whatever they said, is shown under their pseudonym
("Person 7F3A2C", the same one the app shows readers without confidential clearance).
A letter to the authorities is not a publication: it names the person, as its purpose
requires (protected persons stay masked by the reader's clearance, as everywhere).
No record, and a refusal, mean the same for publication; a refusal is recorded so that
nobody asks the family twice, and who refused is kept.

API (the public export, the static site and the drafts call it):

    from casefile.services.consent import (
        record_consent, consent_of, publication_pseudonyms, withheld_by_consent)

    record_consent(store, person_id, given=True, given_by="family",
                   note="by phone with his sister", by=user)   # -> Consent (audited)
    consent_of(store, person_id)        # -> Consent | None: the latest decision
    consent_seen(store, viewer, person_id)  # the same for a reader (404 if hidden)
    consents_of(store, [ids])           # -> {person_id: Consent}

    names = publication_pseudonyms(store, viewer)   # masking.Pseudonyms.for_publication
    names.person(stored_person)   # a StoredPerson with pseudonym unless consent is on record
    names.event(stored_event)     # its participant, quote and agent masked likewise
    names.quote(evidence) / names.text(s) / names.label(title_or_publisher)
    names.is_hidden(person_id)    # True: shown under names.pseudonym(person_id)
    withheld_by_consent(store, [person ids])  # those hidden *for lack of consent* (not
                                              # protected): what a page should say so of

Use one `Pseudonyms` per run (it loads the names index once); it finds names in every
spelling, script and Russian case the records know, like the protection masking
(`services/masking.py`), and only names the records know: a name in a quote that is
no person in the records is not found, which is why publications hold only reviewed
facts. The `viewer` bounds what may be compared (use a public-clearance viewer for a
public export); the masking itself does not depend on the viewer's clearance.

Who: the CLI acts with full clearance; in the web, editors and admins (the "review"
permission) of a case they may see. A merged person's consent is that of the case it
joined. Each change is one audited transaction (`person.consent`), part of the person's
record digest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime

from casefile.i18n import Msg
from casefile.services.access import Viewer, check_person, viewer_of
from casefile.services.errors import InvalidInput, PersonNotFound
from casefile.services.masking import Pseudonyms
from casefile.services.review import Reviewer
from casefile.store.base import Store, StoreError
from casefile.store.base_consent import GIVERS, Consent
from casefile.store.base_security import User

__all__ = ["GIVERS", "Consent", "consent_of", "consent_seen", "consents_of",
           "publication_pseudonyms", "record_consent", "withheld_by_consent"]  # fmt: skip

MAX_NOTE = 1000


def record_consent(
    store: Store, person_id: int, *, given: bool, given_by: str, note: str = "",
    by: User | Reviewer,
) -> Consent:  # fmt: skip
    """Record the person's decision (replacing the one before); InvalidInput for a
    `given_by` not in GIVERS or an over-long note, PersonNotFound for a case `by` may
    not see."""
    who = given_by.strip().lower()
    if who not in GIVERS:
        raise InvalidInput(Msg(
            "given by: one of %(items)s, not %(given_by)s",
            items=', '.join(GIVERS), given_by=repr(given_by[:40]),
        ))
    text = " ".join(note.split())
    if len(text) > MAX_NOTE:
        raise InvalidInput(Msg("note: at most %(MAX_NOTE)s characters", MAX_NOTE=MAX_NOTE))
    viewer = by.viewer if isinstance(by, Reviewer) else viewer_of(by)
    check_person(store, viewer, person_id)
    try:
        return store.set_consent(person_id, given, who, text, viewer.name, _now())
    except StoreError as err:
        raise PersonNotFound(str(person_id)) from err


def consent_of(store: Store, person_id: int) -> Consent | None:
    """The person's latest recorded decision; None when there is none."""
    return store.get_consents([person_id]).get(person_id)


def consent_seen(store: Store, viewer: Viewer, person_id: int) -> Consent | None:
    """The person's decision as `viewer` may read it: PersonNotFound for a case they
    may not see; the note masked as every text they read is."""
    check_person(store, viewer, person_id)
    if store.get_person(person_id) is None:  # full clearance: check_person lets it by
        raise PersonNotFound(str(person_id))
    found = consent_of(store, person_id)
    if found is None or not found.note:
        return found
    return replace(found, note=Pseudonyms(store, viewer).text(found.note))


def consents_of(store: Store, person_ids: Iterable[int]) -> dict[int, Consent]:
    return store.get_consents(sorted(set(person_ids)))


def publication_pseudonyms(store: Store, viewer: Viewer) -> Pseudonyms:
    """The masks for something to be published (see the module's docstring)."""
    return Pseudonyms.for_publication(store, viewer)


def withheld_by_consent(store: Store, person_ids: Iterable[int]) -> set[int]:
    """Those of the persons a publication masks for want of a consent given (protected
    persons are masked anyway and not counted here: their protection is not to be
    announced)."""
    ids = sorted(set(person_ids))
    if not ids:
        return set()
    given = {pid for pid, c in store.get_consents(ids).items() if c.given}
    protected = set(store.protected_names())
    return {pid for pid in ids if pid not in given and pid not in protected}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
