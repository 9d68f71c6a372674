"""Publication consent (issue 12, item 6): recorded and audited per person; what is to be
published masks protected persons and everyone without a consent given, whatever the
reader's clearance, through the same name index as protection.

All text is invented: Oskar Vendel consented through his lawyer; his co-defendant Ilya
Marvik said nothing on record; Teodor Halm is protected and consented.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from casefile.services import consent
from casefile.services.access import FULL, Viewer
from casefile.services.errors import InvalidInput, PersonNotFound
from casefile.services.integrity import verify_store
from casefile.services.masking import Pseudonyms
from casefile.services.review import Reviewer
from casefile.store.sqlite import SQLiteStore

TEXT = (
    "Oskar Vendel and Ilya Marvik were detained in Norvale on 2 May 2024. "
    "Witness Teodor Halm said the police beat Marvik. "
    "A court sentenced Vendel and Марвика to three years."
)
PSEUDONYM = re.compile(r"Person [0-9A-F]{6}")
PUBLIC = Viewer("pub", "public")


@pytest.fixture
def world(db_path: Path, make_extraction) -> dict[str, int]:
    ex = make_extraction(TEXT, published="2024-05-03", language="en", title="Norvale")
    for name in ("Oskar Vendel", "Ilya Marvik", "Teodor Halm"):
        ex.person(name)
    ex.event("arrest", "Oskar Vendel", "Oskar Vendel and Ilya Marvik were detained",
             "2024-05-02")  # fmt: skip
    ex.event("arrest", "Ilya Marvik", "Oskar Vendel and Ilya Marvik were detained",
             "2024-05-02")  # fmt: skip
    ex.event("ill_treatment", "Teodor Halm", "Witness Teodor Halm said the police beat")
    with SQLiteStore(db_path) as store:
        store.save_extraction(ex.build(), ex.original)
        ids = {name.split()[0]: store.find_persons(name)[0].id
               for name in ("Oskar Vendel", "Ilya Marvik", "Teodor Halm")}  # fmt: skip
        store.set_person_protected(ids["Teodor"], True, "Dana", "2026-01-01T00:00:00+00:00")
        store.set_document_level(ex.document.sha256, 0, "Dana", "2026-01-01T00:00:00+00:00")
    return ids


def test_recorded_replaced_and_audited(db_path: Path, world: dict[str, int]) -> None:
    with SQLiteStore(db_path) as store:
        assert consent.consent_of(store, world["Oskar"]) is None
        consent.record_consent(store, world["Oskar"], given=False, given_by="family",
                               note="  sister  asked  to wait ", by=Reviewer("Dana"))  # fmt: skip
        done = consent.record_consent(store, world["Oskar"], given=True, given_by="Lawyer",
                                      by=Reviewer("Dana"))  # fmt: skip
        now = consent.consent_of(store, world["Oskar"])
        assert now == done and now.given and now.given_by == "lawyer"
        assert now.recorded_by == "Dana" and now.recorded_at
        entries = [e for e in store.audit_entries() if e.action == "person.consent"]
        assert len(entries) == 2
        assert json.loads(entries[0].after)["consent"]["note"] == "sister asked to wait"
        assert json.loads(entries[1].before)["consent"]["given"] == 0
        assert verify_store(store).ok
        # Edited behind casefile's back: verify names the person.
        store.conn.execute("UPDATE person_consents SET given = 0")
        report = verify_store(store)
        assert not report.ok and any(f"person {world['Oskar']}:" in p for p in report.problems)


def test_bad_input_refused(db_path: Path, world: dict[str, int]) -> None:
    with SQLiteStore(db_path) as store:
        with pytest.raises(InvalidInput, match="given by"):
            consent.record_consent(store, world["Oskar"], given=True, given_by="neighbour",
                                   by=Reviewer("Dana"))  # fmt: skip
        with pytest.raises(PersonNotFound):
            consent.record_consent(store, 999, given=True, given_by="person",
                                   by=Reviewer("Dana"))  # fmt: skip
        # A reader who may not see the case cannot record anything about it.
        for sha256, _ in store.iter_originals():
            store.set_document_level(sha256, 2, "Dana", "2026-01-01T00:00:00+00:00")
        with pytest.raises(PersonNotFound):
            consent.record_consent(store, world["Oskar"], given=True, given_by="person",
                                   by=Reviewer("Ian", "public"))  # fmt: skip
        assert consent.consent_of(store, world["Oskar"]) is None


def test_publication_masks_everyone_without_consent(db_path: Path, world: dict[str, int]) -> None:
    with SQLiteStore(db_path) as store:
        consent.record_consent(store, world["Oskar"], given=True, given_by="lawyer",
                               by=Reviewer("Dana"))  # fmt: skip
        consent.record_consent(store, world["Teodor"], given=True, given_by="person",
                               by=Reviewer("Dana"))  # fmt: skip
        for viewer in (FULL, PUBLIC):  # a clearance lifts nothing from a publication
            names = consent.publication_pseudonyms(store, viewer)
            masked = names.text(TEXT)
            assert "Oskar Vendel" in masked and "Vendel" in masked
            assert "Marvik" not in masked and "Марвик" not in masked  # Russian case too
            assert "Teodor" not in masked and "Halm" not in masked  # protected, consent or not
            assert len(set(PSEUDONYM.findall(masked))) == 2
            assert names.is_hidden(world["Ilya"]) and not names.is_hidden(world["Oskar"])
        # The app's own masking for a full-clearance reader is unchanged.
        assert Pseudonyms(store, FULL).text(TEXT) == TEXT
        assert consent.withheld_by_consent(store, world.values()) == {world["Ilya"]}
        # Refused after having been given: masked again.
        consent.record_consent(store, world["Oskar"], given=False, given_by="person",
                               by=Reviewer("Dana"))  # fmt: skip
        assert "Vendel" not in consent.publication_pseudonyms(store, FULL).text(TEXT)


def test_cli_records_and_shows_consent(db_path: Path, world: dict[str, int], casefile_main) -> None:
    shown = casefile_main("consent", "Ilya Marvik")
    assert shown.code == 0 and "no consent recorded" in shown.out
    done = casefile_main("consent", "Ilya Marvik", "--given", "--by-whom", "family",
                         "--note", "asked in person", "--by", "Dana")  # fmt: skip
    assert done.code == 0 and "agreed to be named (their family)" in done.out
    assert "asked in person" in casefile_main("consent", str(world["Ilya"])).out
    refused = casefile_main("consent", "Ilya Marvik", "--refused", "--by-whom", "person")
    assert refused.code == 0 and "refused" in refused.out
    for bad in (("consent", "Ilya Marvik", "--given"),  # no --by-whom
                ("consent", "Ilya Marvik", "--given", "--by-whom", "uncle"),
                ("consent", "Nobody Atall", "--given", "--by-whom", "person")):
        failed = casefile_main(*bad)
        assert failed.code == 1 and failed.err.startswith("error:")
        assert len(failed.err.strip().splitlines()) == 1 and "Traceback" not in failed.err
    with SQLiteStore(db_path) as store:
        assert consent.consent_of(store, world["Ilya"]).given is False  # the refusal stands
