"""One frozen Config: defaults < setup.cfg [auditor] < command line.

setup.cfg example::

    [auditor]
    weak-threshold = 60
    contact = you@example.org
    cache-dir = ~/.cache/auditor
    weights =
        C101 = 70
        F204 = 10
"""

from __future__ import annotations

import configparser
from dataclasses import dataclass, replace
from pathlib import Path

from auditor.errors import UserError

DEFAULT_WEAK_THRESHOLD = 60


@dataclass(frozen=True)
class Config:
    """Settings of one run. Frozen, so it can be shared with worker processes."""

    weak_threshold: int = DEFAULT_WEAK_THRESHOLD
    weights: tuple[tuple[str, int], ...] = ()  # (code, weight) pairs: hashable and picklable
    contact: str | None = None
    source_lists: tuple[str, ...] = ()
    time_budget: float = 5.0
    cache_dir: str | None = None

    def weight_of(self, code: str, default: int) -> int:
        """The weight of a finding code: the user's if set, else the default."""
        return dict(self.weights).get(code, default)

    def with_options(self, **options: object) -> "Config":
        """A copy with the command line's options (None means not given)."""
        return replace(self, **{k: v for k, v in options.items() if v is not None})


def _int(section: configparser.SectionProxy, key: str, where: str) -> int | None:
    if key not in section:
        return None
    try:
        return int(section[key])
    except ValueError:
        raise UserError(f"{where}: [auditor] {key} must be a whole number, got {section[key]!r}") from None


def _weights(text: str, where: str) -> dict[str, int]:
    """Parse 'CODE = N' lines of the weights option."""
    weights = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        code, sep, value = line.partition("=")
        if not sep or not value.strip().isdigit():
            raise UserError(f"{where}: [auditor] weights: expected 'CODE = N', got {line.strip()!r}")
        weights[code.strip().upper()] = int(value)
    from auditor.checks import BY_CODE  # the catalogue is only needed when weights are set

    unknown = sorted(set(weights) - set(BY_CODE))
    if unknown:
        raise UserError(f"{where}: [auditor] weights: unknown finding code {unknown[0]!r}; `auditor checks` lists them")
    return weights


def load_config(path: Path | None = None) -> Config:
    """Read setup.cfg's [auditor] section (from ``path`` or the working directory)."""
    path = path or Path("setup.cfg")
    if not path.is_file():
        if path.name != "setup.cfg":
            raise UserError(f"{path}: config file not found")
        return Config()
    parser = configparser.ConfigParser()
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError) as error:
        raise UserError(f"{path}: cannot read config: {str(error).splitlines()[0]}") from None
    if not parser.has_section("auditor"):
        return Config()
    section = parser["auditor"]
    known = {"weak-threshold", "weights", "contact", "source-lists", "time-budget", "cache-dir"}
    unknown = sorted(set(section) - known)
    if unknown:
        raise UserError(f"{path}: [auditor] unknown option {unknown[0]!r} (known: {', '.join(sorted(known))})")
    config = Config(weights=tuple(sorted(_weights(section.get("weights", ""), str(path)).items())))
    return config.with_options(
        weak_threshold=_int(section, "weak-threshold", str(path)),
        contact=section.get("contact"),
        source_lists=tuple(str(path.parent / p) for p in section.get("source-lists", "").split()) or None,
        time_budget=float(section["time-budget"]) if "time-budget" in section else None,
        cache_dir=section.get("cache-dir") or None,
    )
