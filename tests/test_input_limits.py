"""Input that is too deep, too large or too long, and a disk that is full (issue 9,
finding 13): each answered with a clear line or the right status, nothing changed."""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import web_support
from casefile.sources import SourceError, read_bytes
from casefile.store.failures import DISK_FULL, WRITE_FAILED, storage_failure
from casefile.store.sqlite import SQLiteStore
from casefile.web import create_app
from web_support import Seeded, dump, event_id

client, seeded = web_support.client, web_support.seeded  # fixtures
MIB = 1024 * 1024


# --- deeply nested HTML -------------------------------------------------------------


def nested(depth: int, inner: str = "Invented words at the bottom.", before: str = "") -> bytes:
    return f"<html><body>{before}{'<div>' * depth}{inner}{'</div>' * depth}</body></html>".encode()


def test_html_nested_200000_deep_is_refused_as_too_deep_not_as_empty() -> None:
    with pytest.raises(SourceError) as refused:
        read_bytes(nested(200_000), "deep.html", "text/html")
    assert str(refused.value) == "deep.html: cannot be parsed: the HTML is nested too deeply"


def test_html_with_text_above_a_too_deep_part_is_refused_not_cut_short() -> None:
    page = nested(1000, before="<p>Invented opening paragraph of the report.</p>")
    with pytest.raises(SourceError, match="nested too deeply"):
        read_bytes(page, "half.html", "text/html")


def test_html_nested_within_the_parser_limit_still_reads() -> None:
    assert "Invented words at the bottom." in read_bytes(nested(200), "ok.html").text


# --- a request body over the limit, without Content-Length -------------------------


def _chunks(total: int, prefix: bytes = b"", suffix: bytes = b"") -> Iterator[bytes]:
    """A body streamed in 1 MiB pieces, so that no Content-Length is sent."""
    yield prefix
    sent = 0
    while sent < total:
        yield b"a" * MIB
        sent += MIB
    yield suffix


@pytest.mark.parametrize(
    ("path", "content_type", "prefix", "suffix"),
    [
        ("/api/documents", "application/json", b'{"text": "', b'"}'),
        ("/documents", "application/x-www-form-urlencoded", b"text=", b""),
        ("/api/documents/upload", "multipart/form-data; boundary=XyZ",
         b'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n'
         b"Content-Type: text/plain\r\n\r\n", b"\r\n--XyZ--\r\n"),
    ],
)  # fmt: skip
def test_a_chunked_body_over_10_mb_is_413(
    client: TestClient, seeded: Seeded, path: str, content_type: str, prefix: bytes,
    suffix: bytes,
) -> None:  # fmt: skip
    before = dump(seeded.db_path)
    answer = client.post(
        path,
        content=_chunks(11 * MIB, prefix, suffix),
        headers={"content-type": content_type},
    )
    assert "content-length" not in answer.request.headers
    assert answer.status_code == 413
    assert "larger than" in answer.text
    assert dump(seeded.db_path) == before


# --- absurd terms and charges on one fact -----------------------------------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"term": "P99999999999999999999Y"}, "term: at most 10000 years"),
        ({"term": "P10001Y"}, "term: at most 10000 years"),
        ({"charges": ["c" * (10 * 1024)] * 900}, "charges: at most 50, not 900"),
        ({"charges": ["c" * 5000]}, "charges: each at most 500 characters"),
        ({"agent": "a" * 100_000}, "agent: at most 300 characters"),
        ({"participant": "Anna " * 1000}, "participant: at most 300 characters"),
    ],
)
def test_an_edit_with_an_absurd_term_or_charges_is_refused_and_changes_nothing(
    client: TestClient, seeded: Seeded, fields: dict, message: str
) -> None:
    arrest = event_id(seeded.db_path, "arrest", "%Zholdybayev%")
    before = dump(seeded.db_path)
    answer = client.patch(f"/api/facts/event/{arrest}", json=fields)
    assert answer.status_code == 400
    assert message in answer.json()["error"]["message"]
    assert "\n" not in answer.json()["error"]["message"]
    assert dump(seeded.db_path) == before


def test_an_added_fact_with_ten_megabytes_of_charges_is_refused(
    client: TestClient, seeded: Seeded
) -> None:
    before = dump(seeded.db_path)
    answer = client.post(
        f"/api/documents/{seeded.kz}/facts",
        json={"type": "charge", "participant": "Marat Zholdybayev",
              "quote": "Marat Zholdybayev was arrested", "charges": ["x" * 9000] * 1100},
    )  # fmt: skip
    assert answer.status_code == 400
    assert "charges: at most 50" in answer.json()["error"]["message"]
    assert dump(seeded.db_path) == before


def test_a_long_real_sentence_is_still_accepted(client: TestClient, seeded: Seeded) -> None:
    arrest = event_id(seeded.db_path, "arrest", "%Zholdybayev%")
    answer = client.patch(f"/api/facts/event/{arrest}",
                          json={"term": "P1075Y6M", "charges": ["a" * 500] * 50})  # fmt: skip
    assert answer.status_code == 200, answer.text
    assert answer.json()["term"] == "P1075Y6M"


# --- a full disk --------------------------------------------------------------------


def _fill_to_the_brim(conn: sqlite3.Connection) -> None:
    """SQLite's own page limit: the next page it needs, it cannot have (SQLITE_FULL),
    exactly as on a full disk."""
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")


def test_a_full_database_is_told_apart_from_other_errors(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "full.db")
    conn.execute("CREATE TABLE t (x BLOB)")
    _fill_to_the_brim(conn)
    with pytest.raises(sqlite3.OperationalError) as full:
        conn.execute("INSERT INTO t VALUES (?)", (bytes(MIB),))
    assert storage_failure(full.value) == DISK_FULL
    assert storage_failure(sqlite3.OperationalError("no such table: t")) is None
    conn.close()


def test_the_web_answers_507_on_a_full_disk_and_loses_nothing(seeded: Seeded) -> None:
    app = create_app(seeded.db_path)
    with TestClient(app) as web:
        web_support.sign_in(web, seeded.db_path, "Dana")
        store = app.state.stores.acquire()
        _fill_to_the_brim(store.conn)
        app.state.stores.release(store, reusable=True)  # the next request's store
        before = dump(seeded.db_path)
        text = "Invented report. " + "The court sat again that week. " * 20_000
        answer = web.post("/api/documents", json={"text": text, "language": "fr"})
    assert answer.status_code == 507
    assert answer.json()["error"]["message"] == DISK_FULL
    assert dump(seeded.db_path) == before
    with SQLiteStore(seeded.db_path) as again:
        assert again.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _script() -> str:
    from conftest import _console_script

    return _console_script()


def test_the_cli_says_the_disk_refused_the_write_in_one_line(
    tmp_path: Path, db_path: Path, casefile_script
) -> None:
    first = tmp_path / "first.txt"
    first.write_text("Invented note: the hearing was postponed.", encoding="utf-8")
    assert casefile_script("ingest", str(first), "--language", "fr").code == 0
    big = tmp_path / "big.txt"
    big.write_text("Invented report. " + "The court sat again that week. " * 60_000,
                   encoding="utf-8")  # fmt: skip
    limit = max(p.stat().st_size for p in tmp_path.glob("cases.db*")) + 64 * 1024

    def small_disk() -> None:
        # Past RLIMIT_FSIZE a write fails with EFBIG (SIGXFSZ ignored): to SQLite, the
        # disk refused it. A tmpfs of a few kilobytes would need root.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEFILE_")}
    proc = subprocess.run(
        [_script(), "--db", str(db_path), "ingest", str(big), "--language", "fr"],
        capture_output=True, cwd=tmp_path, env=env, timeout=300, preexec_fn=small_disk,
    )  # fmt: skip
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    assert err.strip().splitlines() == [f"error: {WRITE_FAILED}"]
    with SQLiteStore(db_path) as store:
        assert len(list(store.iter_documents())) == 1  # the first one, intact
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
