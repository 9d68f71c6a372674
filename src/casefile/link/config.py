"""The linker's thresholds: defaults here, overridden by `[link]` in casefile.toml.

The defaults are those `bench/link.py --fit` found best on its synthetic people (the
figures are in docs/scale.md); a team whose documents differ can fit its own and write
them down:

    [link]
    auto = 0.85      # a pair scoring this or more is linked without review
    propose = 0.5    # from here up to `auto`: a pair an analyst may be asked about
    share = 0.8      # a name fitting several entities joins one holding this share
    per_entity = 1   # an entity is proposed for this many larger ones at most
    ask_mass = 2     # ... and only if it holds this many mentions or fewer

Unknown keys are an error, so that a misspelt threshold is not silently ignored.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from casefile.link.matcher import AUTO, DIFFERENT, PROPOSE


class LinkConfigError(ValueError):
    """A `[link]` table that cannot be used (one line, for the CLI)."""


@dataclass(frozen=True, slots=True)
class LinkConfig:
    # At or above: linked without review.
    auto: float = AUTO
    # At or above (and below `auto`): the pair is scored and kept (`ScoredPair`).
    propose: float = PROPOSE
    # Below: two names contradict each other (another patronymic, gender, given name).
    different: float = DIFFERENT
    # A name that fits several entities (O. Ugrov: Oleg, Ostap) joins the one holding at
    # least this share of the mentions it fits; below, every candidate is a proposal.
    share: float = 0.8
    # The chance that a patronymic nobody wrote for an entity matches a mention's.
    unknown_patronymic: float = 0.15
    # How well a one-off spelling must fit, typo allowed, to be adopted by an entity: one
    # typo in a full name (0.94), or in the surname of an initial and surname (0.85).
    typo_fit: float = 0.84
    # Entities of this many mentions or fewer may be a typo of a larger one.
    small: int = 3
    # How many larger entities one entity is proposed for (`proposals.py`).
    per_entity: int = 1
    # Two entities each of more mentions than this are not proposed (`proposals.py`).
    ask_mass: int = 2

    def check(self) -> LinkConfig:
        for name in ("auto", "propose", "different", "share", "unknown_patronymic", "typo_fit"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise LinkConfigError(f"[link] {name} must be between 0 and 1, not {value}")
        if self.propose > self.auto:
            raise LinkConfigError("[link] propose must not be above auto")
        if self.small < 0:
            raise LinkConfigError("[link] small must be a whole number, 0 or more")
        if self.ask_mass < 0:
            raise LinkConfigError("[link] ask_mass must be a whole number, 0 or more")
        if self.per_entity < 1:
            raise LinkConfigError("[link] per_entity must be a whole number, 1 or more")
        return self


DEFAULT = LinkConfig()
_WHOLE = ("small", "per_entity", "ask_mass")


def link_config(table: dict[str, object], where: str = "[link]") -> LinkConfig:
    """A `LinkConfig` from a TOML table's values, checked."""
    known = {f.name: f.type for f in fields(LinkConfig)}
    values: dict[str, float | int] = {}
    for name, value in table.items():
        if name not in known:
            raise LinkConfigError(f"{where}: unknown setting {name!r}")
        if name in _WHOLE:
            if not isinstance(value, int) or isinstance(value, bool):
                raise LinkConfigError(f"{where}: {name} must be a whole number")
            values[name] = value
        elif isinstance(value, int | float) and not isinstance(value, bool):
            values[name] = float(value)
        else:
            raise LinkConfigError(f"{where}: {name} must be a number")
    return LinkConfig(**values).check()  # type: ignore[arg-type]


def load_link_config(path: Path | None) -> LinkConfig:
    """`[link]` of a casefile.toml; no file, or no table, means the defaults."""
    if path is None or not path.exists():
        return DEFAULT
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("link", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise LinkConfigError(f"{path}: cannot read configuration: {err}") from None
    if not isinstance(table, dict):
        raise LinkConfigError(f"{path}: [link] must be a table")
    return link_config(table, f"{path}: [link]")
