"""The importers' size-limited file read (exchange/files.py)."""

from pathlib import Path

import pytest

from casefile.exchange.files import read_limited


class Refused(ValueError):
    pass


def test_reads_a_file_within_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_bytes(b"name,arrested\n")
    assert read_limited(path, 14, "cases.csv", Refused) == b"name,arrested\n"


@pytest.mark.parametrize(
    ("make", "limit", "why"),
    [
        (lambda p: p.write_bytes(b"x" * 2049), 2048, "cases.csv: larger than 2 KB"),
        (lambda p: p.write_bytes(b"x" * (2**20 + 1)), 2**20, "cases.csv: larger than 1 MB"),
        (lambda p: p.mkdir(), 2048, "cases.csv: a folder, not a file"),
        (lambda p: None, 2048, "cases.csv: no such file"),
    ],
)
def test_refuses_with_one_line(tmp_path: Path, make, limit: int, why: str) -> None:
    path = tmp_path / "cases.csv"
    make(path)
    with pytest.raises(Refused) as refused:
        read_limited(path, limit, "cases.csv", Refused)
    assert str(refused.value) == why
