"""The errors a user can cause and fix: the CLI prints them as one line, never a traceback."""

from __future__ import annotations

from casefile.evaluation import GoldError
from casefile.extract.pipeline import ConfigError
from casefile.extract.registry import UnknownComponent
from casefile.learn.model import ModelError
from casefile.services.errors import InvalidInput, NotFound
from casefile.sources import SourceError
from casefile.store import StoreError
from casefile.store.failures import storage_failure

__all__ = ["EXPECTED_ERRORS", "storage_failure"]

EXPECTED_ERRORS: tuple[type[Exception], ...] = (
    SourceError,
    StoreError,
    ConfigError,
    GoldError,
    UnknownComponent,
    ModelError,
    InvalidInput,
    NotFound,
)
