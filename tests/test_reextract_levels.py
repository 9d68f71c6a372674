"""A fact an editor raised above its document keeps its level when the document is
extracted again (re-upload, `casefile reextract`, a corrected publication date): the
fact is the analyst's now, like a reviewed one, and is not re-made at the document's
level."""

from __future__ import annotations

from casefile.services import classification
from casefile.services.access import FULL, Viewer
from casefile.services.search import search
from casefile.store.sqlite import SQLiteStore

TEXT = ("Police detained the teacher Orrin Vale on 3 May 2025. A source inside the court"
        " said Orrin Vale was charged with sedition on 5 May 2025.")
PUBLIC = Viewer("pia", "public")


def _extraction(make_extraction):
    return (make_extraction(TEXT).person("Orrin Vale")
            .event("arrest", "Orrin Vale", "Police detained the teacher Orrin Vale",
                   "2025-05-03")
            .event("charge", "Orrin Vale", "Orrin Vale was charged with sedition",
                   "2025-05-05"))  # fmt: skip


def test_a_raised_fact_stays_raised_through_reextraction(db_path, make_extraction):
    doc = _extraction(make_extraction)
    with SQLiteStore(db_path) as store:
        saved = store.save_extraction(doc.build(), doc.original, "ingester")
        classification.set_document_access(store, FULL, saved.document_sha256, "public")
        charge = next(e.id for e in store.iter_events() if e.event.type == "charge")
        classification.set_fact_access(store, FULL, "event", charge, "confidential")
        assert not search(store, "sedition", viewer=PUBLIC).events

        store.save_extraction(doc.build(), doc.original, "ingester")  # extracted again

        charges = [e for e in store.iter_events() if e.event.type == "charge"]
        assert [(e.id, e.level) for e in charges] == [(charge, 2)]
        assert not search(store, "sedition", viewer=PUBLIC).events
        assert [e.event.type for e in store.iter_events() if e.level == 0] == ["arrest"]
