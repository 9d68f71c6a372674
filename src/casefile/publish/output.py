"""Writing the site incrementally: `.casefile-publish.json` in the output folder keeps
each written file's sha256. A run writes only files whose bytes differ from what is on
disk, removes the files an earlier run wrote that this one no longer has (a case no
longer published), and touches nothing else: a file it did not write is never removed,
and a folder that holds other files but no manifest is refused (a mistyped `-o $HOME`
must not become a website, nor lose anything)."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

MANIFEST = ".casefile-publish.json"
MANIFEST_VERSION = 1


class PublishError(Exception):
    """A one-line reason the site cannot be written there."""


@dataclass(frozen=True)
class PublishResult:
    written: int
    unchanged: int
    removed: int


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_output(root: Path) -> dict[str, str]:
    """The manifest of an earlier run at `root` ({} for a new or empty folder); a
    PublishError when `root` cannot be a site's folder."""
    if root.exists() and not root.is_dir():
        raise PublishError(f"{root}: exists and is not a folder")
    manifest = root / MANIFEST
    if not root.exists():
        return {}
    if not manifest.is_file():
        if any(root.iterdir()):
            raise PublishError(f"{root}: not empty and not a site written by casefile"
                               f" publish (no {MANIFEST}); give a new or empty folder")
        return {}
    try:
        data = json.loads(manifest.read_text("utf-8"))
        files = data["files"]
        if not isinstance(files, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in files.items()
        ):
            raise ValueError("files")
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise PublishError(f"{manifest}: not a readable manifest ({err})") from None
    return {k: v for k, v in files.items() if _safe(k)}


def _safe(path: str) -> bool:
    """A manifest's path inside the folder: a manifest edited by hand must not make a
    run remove a file elsewhere."""
    pure = PurePosixPath(path)
    return bool(path) and not pure.is_absolute() and ".." not in pure.parts


def write_site(root: Path, files: dict[str, bytes]) -> PublishResult:
    """Write `files` (relative path -> bytes) under `root` as described above."""
    old = check_output(root)
    written = unchanged = removed = 0
    try:
        root.mkdir(parents=True, exist_ok=True)
        for path, data in sorted(files.items()):
            target = root / path
            digest = _digest(data)
            if old.get(path) == digest and target.is_file() and _digest(
                target.read_bytes()) == digest:  # fmt: skip
                unchanged += 1
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{target.name}.partial")
            partial.write_bytes(data)
            os.replace(partial, target)  # a reader never sees half a page
            written += 1
        for path in sorted(set(old) - set(files)):
            target = root / path
            if target.is_file():
                target.unlink()
                removed += 1
            _prune(root, target.parent)
        manifest = {"casefile_publish": MANIFEST_VERSION,
                    "files": {p: _digest(d) for p, d in sorted(files.items())}}  # fmt: skip
        partial = root / f"{MANIFEST}.partial"
        partial.write_text(json.dumps(manifest, indent=1) + "\n", "utf-8")
        os.replace(partial, root / MANIFEST)
    except OSError as err:
        raise PublishError(f"{root}: cannot write ({err.strerror or err})") from None
    return PublishResult(written, unchanged, removed)


def _prune(root: Path, folder: Path) -> None:
    """Remove folders a removal left empty, up to the site's own."""
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
