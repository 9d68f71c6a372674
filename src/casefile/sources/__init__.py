"""Reading documents of any supported format into plain text.

Every failure the user can cause (a missing, empty, binary, oversized, corrupt or
unsupported file) is a SourceError with a one-line message naming the file.
"""

from .base import MAX_BYTES, MEDIA_TYPES, EmptySource, SourceError, SourceText, TooLarge
from .language import detect_language
from .published import FoundDate, dateline, describe
from .reader import (
    SUPPORTED_SUFFIXES,
    iter_source_paths,
    read_bytes,
    read_path,
    read_stdin,
    sniff_media_type,
)

__all__ = [
    "EmptySource",
    "FoundDate",
    "MAX_BYTES",
    "MEDIA_TYPES",
    "SUPPORTED_SUFFIXES",
    "SourceError",
    "SourceText",
    "TooLarge",
    "dateline",
    "describe",
    "detect_language",
    "iter_source_paths",
    "read_bytes",
    "read_path",
    "read_stdin",
    "sniff_media_type",
]
