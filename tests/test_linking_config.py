"""Every path that links after a save reads `[link]` of casefile.toml (one loader,
`casefile.link.config.load_link_config`): ingest, re-extraction, batch, import, the web's
upload. Invented statements and names."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from casefile.extract.pipeline import ConfigError, load_config
from casefile.link.config import LinkConfig

# One person spelt two ways that score about 0.94: linked at the default `auto` (0.85),
# only proposed at 0.95.
FIRST = "Police detained the student Nurlan Sadykov on 20 January 2024."
SECOND = "The poet Nurlan Sarykov was detained on 7 July 2023 in Velsk."
STRICT = "[link]\nauto = 0.95\n"


def _links(db: Path) -> tuple[int, int]:
    with sqlite3.connect(db) as conn:
        merged = conn.execute("SELECT count(*) FROM person_merges").fetchone()[0]
        proposed = conn.execute("SELECT count(*) FROM link_proposals").fetchone()[0]
    return merged, proposed


def _texts(folder: Path) -> list[str]:
    folder.mkdir()
    for name, text in (("a.txt", FIRST), ("b.txt", SECOND)):
        (folder / name).write_text(text, encoding="utf-8")
    return [str(folder / "a.txt"), str(folder / "b.txt")]


def test_the_link_table_reaches_the_pipeline(tmp_path: Path) -> None:
    config = tmp_path / "casefile.toml"
    config.write_text(STRICT + "propose = 0.4\n", encoding="utf-8")
    assert load_config(config).link == LinkConfig(auto=0.95, propose=0.4)
    assert load_config(None).link == LinkConfig()
    config.write_text("[link]\nauto = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="auto must be between 0 and 1"):
        load_config(config)


def test_a_threshold_in_the_config_changes_what_ingest_links(
    casefile_main: Callable[..., Any], tmp_path: Path
) -> None:
    files = _texts(tmp_path / "docs")
    assert casefile_main("ingest", *files, db=tmp_path / "default.db").code == 0
    assert _links(tmp_path / "default.db") == (1, 0)
    config = tmp_path / "strict.toml"
    config.write_text(STRICT, encoding="utf-8")
    result = casefile_main("--config", str(config), "ingest", *files, db=tmp_path / "strict.db")
    assert result.code == 0, result.err
    assert _links(tmp_path / "strict.db") == (0, 1)
    # Re-extraction links with them too: nothing is merged by it either.
    result = casefile_main("--config", str(config), "reextract", db=tmp_path / "strict.db")
    assert result.code == 0, result.err
    assert _links(tmp_path / "strict.db") == (0, 1)
    bad = tmp_path / "bad.toml"
    bad.write_text("[link]\nautoo = 0.9\n", encoding="utf-8")
    result = casefile_main("--config", str(bad), "ingest", *files, db=tmp_path / "bad.db")
    assert result.code != 0 and "unknown setting 'autoo'" in result.err
    assert "Traceback" not in result.err


def test_batch_and_import_read_the_link_table(
    casefile_main: Callable[..., Any], tmp_path: Path
) -> None:
    rows = tmp_path / "rows.jsonl"
    rows.write_text("".join(json.dumps({"text": t, "language": "en"}) + "\n"
                            for t in (FIRST, SECOND)), encoding="utf-8")  # fmt: skip
    config = tmp_path / "strict.toml"
    config.write_text(STRICT, encoding="utf-8")
    assert casefile_main("batch", str(rows), "--batch-size", "1",
                         db=tmp_path / "default.db").code == 0  # fmt: skip
    assert _links(tmp_path / "default.db") == (1, 0)
    result = casefile_main("--config", str(config), "batch", str(rows), "--batch-size", "1",
                           db=tmp_path / "strict.db")  # fmt: skip
    assert result.code == 0, result.err
    assert _links(tmp_path / "strict.db") == (0, 1)
    # An import after them: the spreadsheet's person is linked with the same thresholds.
    sheet = tmp_path / "cases.csv"
    sheet.write_text("surname,status,date\nSadykov,detained,2024-02-01\n", encoding="utf-8")
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('[columns]\nname = "surname"\nstatus = "status"\narrest_date = "date"\n',
                       encoding="utf-8")  # fmt: skip
    loose = tmp_path / "loose.toml"
    loose.write_text("[link]\nauto = 0.5\n", encoding="utf-8")
    result = casefile_main("--config", str(loose), "import", str(sheet), "--mapping",
                           str(mapping), db=tmp_path / "strict.db")  # fmt: skip
    assert result.code == 0, result.err + result.out
    merged, _ = _links(tmp_path / "strict.db")
    assert merged == 1  # a surname alone joins at 0.5; the defaults would only ask


def test_the_web_upload_reads_the_link_table(tmp_path: Path) -> None:
    from casefile.services import accounts
    from casefile.store import open_store
    from casefile.web.app import create_app

    config = tmp_path / "casefile.toml"
    config.write_text(STRICT, encoding="utf-8")
    db = tmp_path / "web.db"
    with open_store(db) as store:
        accounts.add_user(store, "Edna", "editor", "test", None, "confidential")
        token = accounts.new_token(store, "Edna", "test").token
    with TestClient(create_app(db, config=config), base_url="http://127.0.0.1") as client:
        for text in (FIRST, SECOND):
            answer = client.post("/api/documents", json={"text": text, "language": "en"},
                                 headers={"Authorization": f"Bearer {token}"})  # fmt: skip
            assert answer.status_code == 201, answer.text
    assert _links(db) == (0, 1)
    config.write_text("[link]\nauto = 2\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="auto must be between 0 and 1"):
        create_app(db, config=config)
