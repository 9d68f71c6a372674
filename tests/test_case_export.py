"""The case list's downloads read only the listed cases from the store (fast at 10,000
documents); what they hold must be exactly what the whole store read through
`VisibleRecords` (the exports' access rules) holds for those cases, for every clearance,
over the canary world: levels, a protected person, spellings merged across levels, a
fact above its document, a withdrawn document."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from canary_world import build_world
from casefile.exchange.export import export
from casefile.services import case_export
from casefile.services.access import Viewer, VisibleRecords
from casefile.services.case_export import case_list_pieces
from casefile.services.search import CaseFilters, all_case_ids
from casefile.store.sqlite import SQLiteStore

VIEWERS = [Viewer("pim", "public"), Viewer("ina", "internal"), Viewer("cy", "confidential"),
           Viewer("cy", "confidential", real_names=False)]  # fmt: skip


@pytest.fixture(scope="module")
def world_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_world(tmp_path_factory.mktemp("export") / "world.db").db_path


def whole_store_then_narrowed(store: SQLiteStore, viewer: Viewer, ids: list[int]) -> dict:
    """The reference: every record the viewer may see, then only the listed cases'."""
    out = io.StringIO()
    export(VisibleRecords(store, viewer), "json", out)  # type: ignore[arg-type]
    data = json.loads(out.getvalue())
    rank = {pid: i for i, pid in enumerate(ids)}
    events = sorted((e for e in data["events"] if e["person_id"] in rank),
                    key=lambda e: (rank[e["person_id"]], e["id"]))  # fmt: skip
    cited = {e["document"] for e in events}
    return {
        "casefile_export": data["casefile_export"],
        "documents": [d for d in data["documents"] if d["sha256"] in cited],
        "organisations": [],
        "persons": sorted((p for p in data["persons"] if p["id"] in rank),
                          key=lambda p: rank[p["id"]]),  # fmt: skip
        "events": events,
        "statistics": [],
    }


@pytest.mark.parametrize("chunk", [500, 2], ids=["one-chunk", "chunks-of-2"])
@pytest.mark.parametrize("viewer", VIEWERS, ids=lambda v: f"{v.clearance}-{v.real_names}")
def test_a_download_holds_what_the_whole_store_shows_of_the_listed_cases(
    world_db, viewer, chunk, monkeypatch
):
    # the CSV is read a chunk of cases at a time: several chunks write what one does
    monkeypatch.setattr(case_export, "CHUNK", chunk)
    with SQLiteStore(world_db) as store:
        for filters in (CaseFilters(), CaseFilters(sort="facts", descending=True)):
            ids = all_case_ids(store, filters, viewer=viewer)
            assert ids
            got = json.loads("".join(case_list_pieces(store, filters, "json", viewer=viewer)))
            expected = whole_store_then_narrowed(store, viewer, ids)
            assert got == expected
            rows = "".join(case_list_pieces(store, filters, "csv", viewer=viewer))
            reference = io.StringIO()
            export(_EventsOnly(store, viewer, expected), "csv", reference)  # type: ignore[arg-type]
            assert rows == reference.getvalue()


class _EventsOnly:
    """VisibleRecords whose events are the reference's, in its order (the CSV's rows)."""

    def __init__(self, store: SQLiteStore, viewer: Viewer, expected: dict) -> None:
        self._visible = VisibleRecords(store, viewer)
        self._order = [e["id"] for e in expected["events"]]

    def iter_documents(self):  # noqa: ANN201
        return self._visible.iter_documents()

    def iter_events(self):  # noqa: ANN201
        by_id = {e.id: e for e in self._visible.iter_events()}
        return (by_id[i] for i in self._order)
