"""One frozen Config: defaults < config file < command line.

The config file is found as Python tools find theirs: walking up from the audited files (or the working
directory) to the first folder whose ``pyproject.toml`` has a ``[tool.auditor]`` table or whose ``setup.cfg``
has an ``[auditor]`` section (pyproject.toml first); ``--config FILE`` names one instead. Every value is
validated, with its range, by one table (OPTIONS) for the file and the command line alike: an unknown key
or a bad value is one line and exit 2. setup.cfg is read without interpolation, so ``%`` is a ``%``.

pyproject.toml::

    [tool.auditor]
    weak-threshold = 60
    max-weak = 0
    fail-on = ["F2", "R302"]
    ignore = ["C105"]
    weights = {C101 = 70}

setup.cfg::

    [auditor]
    contact = you@example.org
    fail-under = 70
    need-spread = 1.0
    weights =
        C101 = 70
        F204 = 10
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

from auditor.errors import UserError

DEFAULT_WEAK_THRESHOLD = 60
#: The longest time budget one article may be given (an hour); 0 means no limit.
MAX_TIME_BUDGET = 3600.0
#: (file name, table) in the order they are looked for in each folder.
CONFIG_FILES = ("pyproject.toml", "setup.cfg")


@dataclass(frozen=True)
class Config:
    """Settings of one run. Frozen, so it can be shared with worker processes."""

    weak_threshold: int = DEFAULT_WEAK_THRESHOLD
    weights: tuple[tuple[str, int], ...] = ()  # (code, weight) pairs: hashable and picklable
    contact: str | None = None
    source_lists: tuple[str, ...] = ()
    time_budget: float = 5.0
    cache_dir: str | None = None
    need_spread: float = 1.0  # by-need weights run from (1 - spread/2) to (1 + spread/2) times the weight
    lead_need: float = 0.7  # from this sentence need on, an uncited lead claim is C101, not C107
    contentious_lift: float = 0.4  # contentious wording raises a need by this share of what it lacks of 1
    caption_need: float = 0.5  # a caption without contentious wording pays this share of its need
    name_entry_need: float = 0.5  # a list entry that only names its item pays this share of its need
    plot_need: float = 0.5  # a claim under a Plot, Synopsis, Characters or Mythology heading pays this share
    lead_exemption: float = 1.0  # a lead quotation or figure takes back this share of the lead's discount
    contentious_stack: float = 0.0  # each further section of contentious wording lifts again by this share of the lift
    contentious_sections: tuple[str, ...] = ()  # the contentious lexicon's sections that lift; empty: all
    # (section, weight) pairs: such a section lifts by weight x contentious-lift (the others by the whole lift)
    contentious_weights: tuple[tuple[str, float], ...] = (("accusation", 0.5), ("peacock", 0.75))
    fail_under: float | None = None
    max_weak: int | None = None
    fail_on: tuple[str, ...] = ()          # codes, resolved from codes, prefixes or names
    fail_on_diff: tuple[str, ...] = ()     # diff categories; empty: the diff's default
    select: tuple[str, ...] = ()           # codes, prefixes or names, as given; empty: every check
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    lang: str | None = None                # the wiki's language; None: from the source, else English
    source: str | None = None              # the config file these settings came from

    def weight_of(self, code: str, default: int) -> int:
        """The weight of a finding code: the user's if set, else the default."""
        return dict(self.weights).get(code, default)

    @property
    def codes(self) -> frozenset[str]:
        """The finding codes this run checks for (select, extend-select and ignore; see checks.enabled_codes)."""
        from auditor.checks import enabled_codes

        return enabled_codes(self.select, self.ignore, self.extend_select)

    def with_command_line(self, **options: str | None) -> "Config":
        """A copy with the command line's values (as typed, None means not given), validated as the file's are."""
        typed = {}
        for name, raw in options.items():
            if raw is not None:
                key = name.replace("_", "-")
                typed[OPTIONS[key].field] = _read(key, raw, f"--{key}")
        return replace(self, **typed)


# Readers: a raw value (a string from setup.cfg or the command line, or a TOML value) -> a typed value,
# or ValueError saying what was expected.

def _number(low: float, high: float | None, whole: bool) -> Callable[[object], float | int]:
    what = ("a whole number" if whole else "a number") + (f" from {low:g} to {high:g}" if high is not None
                                                            else f" of at least {low:g}")

    def read(raw: object) -> float | int:
        if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
            raise ValueError(f"expected {what}")
        try:
            value = (int(raw.strip()) if whole else float(raw.strip())) if isinstance(raw, str) else raw
        except ValueError:
            raise ValueError(f"expected {what}") from None
        if whole and not float(value).is_integer():
            raise ValueError(f"expected {what}")
        if not math.isfinite(value) or value < low or (high is not None and value > high):
            raise ValueError(f"expected {what}")
        return int(value) if whole else float(value)

    return read


def _text(raw: object) -> str:
    if not isinstance(raw, str) or not raw.strip() or any(ord(ch) < 32 for ch in raw.strip()):
        raise ValueError("expected one line of text")
    return raw.strip()


def _words(raw: object) -> tuple[str, ...]:
    """A list: a TOML array of strings, or a string of items split at commas and white space."""
    if isinstance(raw, str):
        return tuple(part for part in raw.replace(",", " ").split() if part)
    if isinstance(raw, list) and all(isinstance(item, str) for item in raw):
        return tuple(part for item in raw for part in _words(item))
    raise ValueError("expected a list of strings")


def _specs(raw: object) -> tuple[str, ...]:
    """Codes, prefixes or names of finding codes, each checked against the catalogue."""
    from auditor.checks import resolve

    specs = _words(raw)
    resolve(specs)
    return specs


def _codes(raw: object) -> tuple[str, ...]:
    from auditor.checks import resolve

    return resolve(_words(raw))


def _language(raw: object) -> str:
    """A wiki language code (fr, pt-br, zh-hans): the ten largest wikis have their own rules, any other reads as English."""
    from auditor.parse.languages import known_languages

    code = raw.strip().lower().replace("_", "-") if isinstance(raw, str) else ""
    if not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{2,8})*", code):
        raise ValueError(f"expected a language code such as {', '.join(known_languages())}")
    return code


def _categories(raw: object) -> tuple[str, ...]:
    from auditor.diff import CATEGORIES

    chosen = tuple(word.lower() for word in _words(raw))
    unknown = [c for c in chosen if c not in CATEGORIES]
    if unknown:
        raise ValueError(f"unknown category {unknown[0]!r} (known: {', '.join(CATEGORIES)})")
    return chosen


def _sections(raw: object) -> tuple[str, ...]:
    from auditor.need import contentious_names

    chosen = tuple(word.lower() for word in _words(raw))
    unknown = [s for s in chosen if s not in contentious_names()]
    if unknown:
        raise ValueError(f"unknown section {unknown[0]!r} (known: {', '.join(contentious_names())})")
    return chosen


def _pairs(raw: object, form: str, separators: str = "\n") -> list[tuple[object, object]]:
    """'NAME = VALUE' pairs, a line each (or a separator each) in a string (setup.cfg), or a table (pyproject.toml)."""
    if isinstance(raw, dict):
        return list(raw.items())
    if not isinstance(raw, str):
        raise ValueError(f"expected {form}")
    pairs = []
    for part in filter(str.strip, re.split(f"[{separators}]", raw)):
        name, sep, value = part.partition("=")
        if not sep:
            raise ValueError(f"expected {form}, not {part.strip()!r}")
        pairs.append((name, value))
    return pairs


def _numbers(pairs: list[tuple[object, object]], key: Callable[[str], str], read: Callable[[object], object]) -> tuple:
    """Pairs as (key, number), sorted: each name checked by key (which raises for an unknown one), each value by read."""
    values = {}
    for name, value in pairs:
        name = key(str(name))
        try:
            values[name] = read(value)
        except ValueError as error:
            raise ValueError(f"{name}: {error}, got {(value.strip() if isinstance(value, str) else value)!r}") from None
    return tuple(sorted(values.items()))


def _section_weights(raw: object) -> tuple[tuple[str, float], ...]:
    """'section = weight' pairs of the contentious lexicon, a line or a comma each (setup.cfg, --set), or a table
    {section = weight} (pyproject.toml); each weight from 0 to 1. Sections left out keep weight 1."""
    from auditor.need import contentious_names

    def section(name: str) -> str:
        name = name.strip().lower()
        if name not in contentious_names():
            raise ValueError(f"unknown section {name!r} (known: {', '.join(contentious_names())})")
        return name

    return _numbers(_pairs(raw, "'section = weight' pairs", ",\n"), section, _number(0, 1, False))


def _weights(raw: object) -> tuple[tuple[str, int], ...]:
    """'CODE = N' lines (setup.cfg) or a table {CODE = N} (pyproject.toml), N from 0 to 100."""
    pairs = _pairs(raw, "'CODE = N' lines")
    from auditor.checks import BY_CODE

    def code(name: str) -> str:
        name = name.strip().upper()
        if name not in BY_CODE:
            raise ValueError(f"unknown finding code {name!r}; `auditor checks` lists them")
        return name

    return _numbers(pairs, code, _number(0, 100, True))


@dataclass(frozen=True)
class Option:
    """One setting: the Config field it fills and the reader that validates it."""

    field: str
    read: Callable[[object], object]


OPTIONS: dict[str, Option] = {
    "weak-threshold": Option("weak_threshold", _number(0, 100, True)),
    "time-budget": Option("time_budget", _number(0, MAX_TIME_BUDGET, False)),
    "need-spread": Option("need_spread", _number(0, 2, False)),
    "lead-need": Option("lead_need", _number(0, 1, False)),
    "contentious-lift": Option("contentious_lift", _number(0, 1, False)),
    "caption-need": Option("caption_need", _number(0, 1, False)),
    "name-entry-need": Option("name_entry_need", _number(0, 1, False)),
    "plot-need": Option("plot_need", _number(0, 1, False)),
    "lead-exemption": Option("lead_exemption", _number(0, 1, False)),
    "contentious-stack": Option("contentious_stack", _number(0, 1, False)),
    "contentious-sections": Option("contentious_sections", _sections),
    "contentious-weights": Option("contentious_weights", _section_weights),
    "contact": Option("contact", _text),
    "lang": Option("lang", _language),
    "cache-dir": Option("cache_dir", _text),
    "source-lists": Option("source_lists", _words),
    "weights": Option("weights", _weights),
    "fail-under": Option("fail_under", _number(0, 100, False)),
    "max-weak": Option("max_weak", _number(0, None, True)),
    "fail-on": Option("fail_on", _codes),
    "fail-on-diff": Option("fail_on_diff", _categories),
    "select": Option("select", _specs),
    "ignore": Option("ignore", _specs),
    "extend-select": Option("extend_select", _specs),
}
assert {o.field for o in OPTIONS.values()} <= {f.name for f in fields(Config)}


def _read(key: str, raw: object, where: str) -> object:
    """The typed value of one setting; a bad one is a UserError naming where it was given and what it was."""
    try:
        return OPTIONS[key].read(raw)
    except ValueError as error:
        message = f"{where}: {error}"
        if ", got " not in message and (isinstance(raw, (int, float)) or (isinstance(raw, str) and "\n" not in raw)):
            shown = repr(raw)
            message += f", got {shown if len(shown) <= 60 else shown[:57] + '...'}"
        raise UserError(message) from None


def config_of(values: Mapping[str, object], path: Path, table: str) -> Config:
    """The Config of one file's table of settings (keys as written in the file)."""
    unknown = sorted(set(values) - set(OPTIONS))
    if unknown:
        raise UserError(f"{path}: {table} unknown option {unknown[0]!r} (known: {', '.join(sorted(OPTIONS))})")
    typed: dict[str, object] = {"source": str(path)}
    for key, raw in values.items():
        typed[OPTIONS[key].field] = _read(key, raw, f"{path}: {table} {key}")
    if "source_lists" in typed:  # named relative to the file that names them
        typed["source_lists"] = tuple(str(path.parent / name) for name in typed["source_lists"])  # type: ignore
    return Config(**typed)  # type: ignore[arg-type]


def _table(path: Path) -> tuple[Mapping[str, object] | None, str]:
    """The auditor settings a file holds (None when it has no auditor table) and the table's name."""
    # Imported only when a config file is found: tomllib alone costs 40 M instructions (callgrind) at start-up.
    import configparser
    import tomllib

    try:
        if path.suffix == ".toml":
            data = tomllib.loads(path.read_text("utf-8"))
            tool = data.get("tool", {})
            found = tool.get("auditor") if isinstance(tool, dict) else None
            if found is None and path.name != "pyproject.toml" and "tool" not in data:
                return data, "(top level)"
            if found is not None and not isinstance(found, dict):
                raise UserError(f"{path}: [tool.auditor] must be a table")
            return found, "[tool.auditor]"
        parser = configparser.ConfigParser(interpolation=None)
        parser.read_string(path.read_text("utf-8"), str(path))
        return (dict(parser["auditor"]) if parser.has_section("auditor") else None), "[auditor]"
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, configparser.Error) as error:
        reason = getattr(error, "strerror", None) or str(error).splitlines()[0]
        raise UserError(f"{path}: cannot read config: {reason}") from None


def find_config(start: Path) -> tuple[Path, Mapping[str, object], str] | None:
    """The first config file with an auditor table, in ``start`` or the folders above it: (path, settings,
    the table's name), read once."""
    for folder in (start, *start.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file():
                values, table = _table(candidate)
                if values is not None:
                    return candidate, values, table
    return None


def _start(paths: Iterable[str]) -> Path:
    """Where the search for a config file starts: the folder that holds every audited file, else here."""
    folders = [str(p if p.is_dir() else p.parent) for p in (Path(path).resolve() for path in paths if path != "-")]
    return Path(os.path.commonpath(folders)) if folders else Path.cwd()


def load_config(path: Path | None = None, paths: Iterable[str] = ()) -> Config:
    """The Config of ``path`` (--config), else of the config file found from ``paths``; defaults without one."""
    if path is None:
        found = find_config(_start(paths))
        if found is None:
            return Config()
        path, values, table = found
        return config_of(values, path, table)
    if not path.is_file():
        raise UserError(f"{path}: config file not found")
    values, table = _table(path)
    if values is None:
        raise UserError(f"{path}: no {table} settings in this file")
    return config_of(values, path, table)
