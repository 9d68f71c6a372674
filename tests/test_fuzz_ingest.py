"""Malformed documents thrown at ingest (hypothesis): never a crash or a traceback, never
partial data. A source either becomes a whole document (original bytes, text, facts
whose quotes are the text, and its audit entry, together) or a one-line error that
leaves the store as it was. The web/API half of this fuzzing comes with the web login."""

from __future__ import annotations

import hashlib
import io
import sqlite3
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casefile.extract.pipeline import Pipeline
from casefile.ingest import Outcome, ingest, read_sources
from casefile.security.chain import verify_chain
from casefile.store.sqlite import SQLiteStore
from casefile.store.sqlite_audit import audit_rows

SUFFIXES = [".txt", ".md", ".html", ".htm", ".pdf", ".docx"]
SENTENCE = "On 5 April 2024, police arrested lawyer Daniel Ostrov in Velsk."


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@st.composite
def malformed(draw: st.DrawFn) -> bytes:
    """Bytes that look a little like a document, or not at all."""
    noise = draw(st.binary(max_size=600))
    text = draw(st.text(max_size=300))
    kind = draw(st.sampled_from(["noise", "text", "utf16", "pdf", "docx", "html", "mixed",
                                 "nul", "bom"]))
    if kind == "noise":
        return noise
    if kind == "text":
        return text.encode("utf-8", "surrogatepass")
    if kind == "utf16":
        return (SENTENCE + text).encode("utf-16")
    if kind == "pdf":
        return b"%PDF-1." + draw(st.sampled_from([b"4\n", b"7\n"])) + noise
    if kind == "docx":
        return _zip({"word/document.xml": noise, draw(st.sampled_from(
            ["[Content_Types].xml", "x.xml"])): text.encode("utf-8", "surrogatepass")})
    if kind == "html":
        return (f"<html><body><p>{SENTENCE}</p><{text}><script>{text}</script>"
                ).encode("utf-8", "surrogatepass") + noise
    if kind == "mixed":
        return SENTENCE.encode() + noise + text.encode("utf-8", "surrogatepass")
    if kind == "nul":
        return SENTENCE.encode() + b"\x00" * draw(st.integers(1, 50)) + noise
    return b"\xef\xbb\xbf" + SENTENCE.encode() + b"\xef\xbb\xbf" + noise


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    with SQLiteStore(tmp_path_factory.mktemp("fuzz") / "fuzz.db") as opened:
        yield opened


def consistent(store: SQLiteStore) -> None:
    conn = store.conn
    assert [tuple(r) for r in conn.execute("PRAGMA integrity_check")] == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    documents = {r[0] for r in conn.execute("SELECT sha256 FROM documents")}
    ingested = {r[0] for r in conn.execute(
        "SELECT json_extract(after, '$.document.sha256') FROM audit_log"
        " WHERE action = 'document.ingest'")}
    assert documents == ingested
    assert verify_chain(audit_rows(conn)).ok


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=malformed(), suffix=st.sampled_from(SUFFIXES))
def test_malformed_documents_are_stored_whole_or_refused_in_one_line(
    pipeline, store, tmp_path_factory, data, suffix
):
    path = tmp_path_factory.mktemp("in") / f"doc{suffix}"
    path.write_bytes(data)
    sha256 = hashlib.sha256(data).hexdigest()
    known = store.has_document(sha256)
    entries = len(store.audit_entries(limit=100_000))

    outcomes = list(ingest(read_sources([path]), store, pipeline))

    assert len(outcomes) == 1
    [outcome] = outcomes
    assert isinstance(outcome, Outcome)
    if outcome.error is not None:
        assert "\n" not in outcome.error and "Traceback" not in outcome.error
        assert outcome.error.strip()
        assert store.has_document(sha256) == known  # nothing half-stored
        assert len(store.audit_entries(limit=100_000)) == entries
    else:
        assert outcome.sha256 == sha256
        assert store.get_original(sha256) == data  # the bytes, unchanged
        document = store.get_document(sha256)
        assert document is not None
        for event in store.document_events(sha256):
            ev = event.event.evidence
            assert document.text[ev.start:ev.end] == ev.quote
        assert store.audit_entries(f"document:{sha256}")
    consistent(store)


def test_malformed_files_through_the_console_script(casefile_script, tmp_path, db_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)))
    (folder / "b.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "c.txt").write_bytes(b"\xff\xfe\x00\xd8 broken utf-16")
    (folder / "d.txt").write_bytes(b"")
    (folder / "e.md").write_text(SENTENCE, encoding="utf-8")
    result = casefile_script("ingest", str(folder), "--language", "en")
    assert result.code == 1  # some failed
    assert "Traceback" not in result.err
    errors = result.err.splitlines()
    assert len(errors) >= 3 and all(line.startswith("error: ") for line in errors)
    assert "e.md: stored" in result.out
    conn = sqlite3.connect(db_path)
    try:
        per_document = [line for line in result.out.splitlines()
                        if not line.startswith(("summary:", "  "))]  # fmt: skip
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == len(per_document)
    finally:
        conn.close()
    assert casefile_script("verify").code == 0


def test_evidence_that_is_not_the_text_is_refused_whole(sqlite_store, make_extraction):
    doc = make_extraction(SENTENCE).person("Daniel Ostrov").event(
        "arrest", "Daniel Ostrov", "police arrested lawyer Daniel Ostrov")
    extraction = doc.build()
    wrong = extraction.events[0].evidence
    object.__setattr__(wrong, "quote", "police arrested someone else")
    with pytest.raises(Exception, match="quote is not the text"):
        sqlite_store.save_extraction(extraction, doc.original)
    assert not sqlite_store.has_document(doc.document.sha256)
    assert sqlite_store.audit_entries() == []


