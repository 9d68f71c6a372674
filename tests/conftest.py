"""Shared pytest setup."""

import sys
from pathlib import Path

# The .venv does not have casefile installed (no `pip install -e .`), so make src importable.
_SRC = str(Path(__file__).resolve().parents[1] / "src")
if _SRC not in sys.path:
    sys.path.insert(0, _SRC)
