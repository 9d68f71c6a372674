"""Reading a file a user names, with a size limit, for the importers."""

from __future__ import annotations

from pathlib import Path


def read_limited(path: Path, limit: int, label: str, error: type[Exception]) -> bytes:
    """The bytes of `path`, refused with `error` ("LABEL: why") when it is missing,
    unreadable or larger than `limit` bytes. At most `limit` + 1 bytes are read, so an
    oversized file is refused without being held in memory."""
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise error(f"{label}: no such file") from None
    except IsADirectoryError:
        raise error(f"{label}: a folder, not a file") from None
    except OSError as err:
        raise error(f"{label}: cannot read ({err.strerror})") from None
    if len(data) > limit:
        size = f"{limit // 2**20} MB" if limit >= 2**20 else f"{limit // 2**10} KB"
        raise error(f"{label}: larger than {size}")
    return data
