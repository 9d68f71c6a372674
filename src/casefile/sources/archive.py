"""Opening an untrusted ZIP archive (a DOCX) without letting it expand without bound.

A 4 MB DOCX can declare, or simply contain, gigabytes of zeros. Its members are read
here, through a budget that refuses the archive as soon as more than `max_expanded`
bytes have come out of the decompressor, before the next chunk is asked for; the
parser (python-docx) then gets a copy holding only what was counted. The declared
sizes are checked first, so that an honest bomb costs no decompression at all; the
budget catches one whose headers lie (and Python's zipfile stops at the declared size
anyway, which the CRC check then refuses).

Only the compression methods Word writes (stored, deflate) are accepted: zipfile asks
bzip2 and lzma for all their output at once, which no budget can interrupt.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from .base import SourceError, fail

MAX_EXPANDED_BYTES: int = 200 * 1024 * 1024
MAX_ENTRIES: int = 10_000
_CHUNK = 64 * 1024
_ACCEPTED_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})


@dataclass
class ExpansionBudget:
    """How many bytes an archive may expand to, and how many it has expanded to so far:
    `expanded` is the figure a test checks (it counts what was actually decompressed)."""

    max_expanded: int = MAX_EXPANDED_BYTES
    max_entries: int = MAX_ENTRIES
    expanded: int = field(default=0, init=False)

    def spend(self, size: int, name: str, label: str) -> None:
        self.expanded += size
        if self.expanded > self.max_expanded:
            raise _too_big(name, label, self.max_expanded)


def read_members(
    data: bytes,
    name: str,
    label: str,
    budget: ExpansionBudget | None = None,
    unreadable: str = "not a readable archive (corrupt, or another format)",
) -> dict[str, bytes]:
    """Every member of the archive `data`, expanded within `budget`. `label` names the
    format in messages ("DOCX"); `unreadable` is the reason given for a damaged one.
    SourceError for a bomb or anything not a usable ZIP."""
    budget = budget or ExpansionBudget()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > budget.max_entries:
                raise fail(name, f"the {label} holds more than {budget.max_entries} entries:"
                                 " refused")  # fmt: skip
            declared = sum(info.file_size for info in entries)
            if declared > budget.max_expanded:
                raise _too_big(name, label, budget.max_expanded)
            members: dict[str, bytes] = {}
            for info in entries:
                if info.compress_type not in _ACCEPTED_METHODS:
                    raise fail(name, f"the {label} uses an unsupported compression method")
                members[info.filename] = _read_member(archive, info, budget, name, label)
            return members
    except SourceError:
        raise
    except Exception:  # BadZipFile (CRC, truncated), zlib.error, ...: not a usable archive
        raise fail(name, unreadable) from None


def rebuilt(members: dict[str, bytes]) -> bytes:
    """The members as an uncompressed ZIP: what a parser may expand is what we counted."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for member_name, content in members.items():
            archive.writestr(member_name, content)
    return out.getvalue()


def _read_member(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    budget: ExpansionBudget,
    name: str,
    label: str,
) -> bytes:
    chunks: list[bytes] = []
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            budget.spend(len(chunk), name, label)
            chunks.append(chunk)
    return b"".join(chunks)


def _too_big(name: str, label: str, limit: int) -> SourceError:
    return fail(name, f"the {label} expands beyond {limit // (1024 * 1024)} MB: refused")
