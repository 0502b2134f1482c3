"""The house rules: each third-party library lives in one room, checks stay pure, data flows one way.

Every form of import is read (see _imports_of), and each rule is shown to see a break planted in each form.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest

PACKAGE = Path(__file__).parent.parent / "auditor"
#: library -> the only modules allowed to import it
ROOMS = {
    "mwparserfromhell": {f"parse/wikitext/{m}.py" for m in ("__init__", "build", "library", "nodes", "prose", "footnotes", "references")},
    "jinja2": {"reports/html_report.py"},
    "requests": {"sources/transport.py"},
    "urllib3": {"sources/transport.py"},
    "click": {"cli.py"},
    "sentencex": {"parse/sentences.py"},
    "mwxml": {"sources/dumps.py"},
    "selectolax": {"parse/html/dom.py"},
    "orjson": {"reports/json_report.py"},
    "dask": {"batch/dask_engine.py"},
    "distributed": {"batch/dask_engine.py"},
}


MODULES = sorted(PACKAGE.rglob("*.py"))
#: The package as the tests read it: each module's path under auditor/ -> its source.
FILES = {str(path.relative_to(PACKAGE)): path.read_text("utf-8") for path in MODULES}


def _module_name(where: str) -> str:
    """The dotted name of a module of the package (parse/__init__.py -> auditor.parse)."""
    parts = ["auditor", *Path(where).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports_of(where: str, files: dict[str, str], *, top_level: bool = False) -> set[str]:
    """What the module at ``where`` imports: top-level names of other libraries, full names of auditor modules.

    Every form counts: ``import auditor.a.b`` is auditor.a.b, ``from auditor import parse`` the auditor.parse
    package (a name that is no module of ``files``, such as __version__, counts as the module it comes from),
    and relative imports are resolved, ``from .. import x`` too. With ``top_level``, only what importing the
    module runs (statements at module level, in an if or a try too), not imports inside functions.
    """
    modules = {_module_name(name) for name in files}
    name = _module_name(where)
    package = name.split(".") if where.endswith("__init__.py") else name.split(".")[:-1]
    tree = ast.parse(files[where])
    nodes = (node for statement in tree.body
             for node in (ast.walk(statement) if isinstance(statement, (ast.If, ast.Try)) else [statement])) \
        if top_level else ast.walk(tree)
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(a.name if a.name.split(".")[0] == "auditor" else a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            if module.split(".")[0] != "auditor":
                found.add(module.split(".")[0])
            else:
                found.update(f"{module}.{a.name}" if f"{module}.{a.name}" in modules else module for a in node.names)
    return found - {name}


#: Each form of import, planted in a module of the package, and the one name it must be read as.
_FORMS = [
    ("checks/flags.py", "from ..reliability import load_reliability", "auditor.reliability"),
    ("checks/flags.py", "from .base import Hit", "auditor.checks.base"),
    ("checks/flags.py", "import distributed.client", "distributed"),
    ("checks/flags.py", "from mwparserfromhell import nodes", "mwparserfromhell"),
    ("checks/flags.py", "import auditor.parse.wikitext", "auditor.parse.wikitext"),
    ("checks/flags.py", "import auditor.parse.wikitext as wikitext", "auditor.parse.wikitext"),
    ("checks/flags.py", "from auditor import parse", "auditor.parse"),
    ("checks/flags.py", "from auditor import __version__", "auditor"),
    ("checks/flags.py", "from auditor.parse import wikitext", "auditor.parse.wikitext"),
    ("checks/flags.py", "from auditor.parse.wikitext import prose", "auditor.parse.wikitext.prose"),
    ("checks/flags.py", "from auditor.parse.wikitext import parse_wikitext", "auditor.parse.wikitext"),
    ("checks/flags.py", "from .. import parse", "auditor.parse"),
    ("checks/__init__.py", "from . import parse", "auditor.checks.parse"),
    ("checks/__init__.py", "from .. import parse", "auditor.parse"),
    ("parse/wikitext/prose.py", "from ... import checks", "auditor.checks"),
    ("parse/wikitext/prose.py", "from ...checks import flags", "auditor.checks.flags"),
]


def _planted(where: str, source: str) -> dict[str, str]:
    """The package with the module at ``where`` made of ``source``."""
    return {**FILES, where: source}


@pytest.mark.parametrize(("where", "line", "read_as"), _FORMS, ids=[f"{w}: {line}" for w, line, _ in _FORMS])
def test_every_form_of_import_is_read(where: str, line: str, read_as: str) -> None:
    inside_a_function = _planted(where, f"def later():\n    {line}\n")
    assert _imports_of(where, inside_a_function) == {read_as}
    assert _imports_of(where, inside_a_function, top_level=True) == set()
    assert _imports_of(where, _planted(where, f"try:\n    {line}\nexcept ImportError:\n    pass\n"),
                       top_level=True) == {read_as}


def _outside_their_rooms(files: dict[str, str]) -> list[str]:
    """Each import of a library by a module outside its room."""
    return sorted(f"{where} imports {library}; only {sorted(rooms)} may" for where in files
                  for library in _imports_of(where, files) & ROOMS.keys() if where not in (rooms := ROOMS[library]))


def test_libraries_stay_in_their_room() -> None:
    assert _outside_their_rooms(FILES) == []


_CHECKS_STDLIB = {"__future__", "re", "typing", "inspect", "dataclasses", "collections", "datetime", "itertools",
                  "functools", "math", "string"}


def _impure_checks(files: dict[str, str]) -> list[str]:
    """Each import of a check module that is neither the model, another check module nor a plain stdlib one."""
    return sorted(f"{where} imports {name}" for where in files if where.startswith("checks/")
                  for name in _imports_of(where, files)
                  if name not in _CHECKS_STDLIB and not _within(name, ("auditor.model", "auditor.checks")))


def _within(module: str, packages: tuple[str, ...]) -> bool:
    """Whether a module is one of ``packages`` or inside one (auditor.checks.flags is within auditor.checks)."""
    return any(module == package or module.startswith(f"{package}.") for package in packages)


def test_checks_import_only_the_model_and_each_other() -> None:
    assert _impure_checks(FILES) == []
    assert _impure_checks(_planted("checks/flags.py", "from auditor import model, checks\nimport re")) == []


def test_every_folder_of_modules_is_a_package() -> None:
    """A folder without __init__.py imports from a checkout but is left out of `pip install .`."""
    folders = {path.parent for path in MODULES}
    assert [str(f.relative_to(PACKAGE)) for f in sorted(folders) if not (f / "__init__.py").exists()] == []


def test_the_parse_room_imports_its_library_without_importlib_metadata() -> None:
    """mwparserfromhell's own version lookup would import importlib.metadata (see parse/wikitext/library.py)."""
    import subprocess
    import sys

    probe = ("import sys, auditor.parse.wikitext, mwparserfromhell; print('importlib.metadata' in sys.modules); "
             "import importlib.metadata; print(mwparserfromhell.__version__ == importlib.metadata.version('mwparserfromhell'))")
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert shown == ["False", "True"]


def _module_imports(files: dict[str, str]) -> dict[str, set[str]]:
    """Each auditor module -> the auditor modules it imports when it is imported (not inside functions)."""
    modules = {_module_name(where) for where in files}
    return {_module_name(where): _imports_of(where, files, top_level=True) & modules for where in files}


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle of the graph (empty if none), found depth first."""
    state: dict[str, int] = {}  # 1 on the path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for after in sorted(graph.get(node, ())):
            if state.get(after) == 1:
                return path[path.index(after):] + [after]
            if after not in state and (found := visit(after)):
                return found
        state[node] = 2
        path.pop()
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return []


def test_no_rooms_import_each_other_in_a_circle() -> None:
    assert _cycle(_module_imports(FILES)) == []
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


#: The core flows one way: model <- checks <- scoring; none of them reads where text came from or goes.
_CORE = ("auditor.model", "auditor.checks", "auditor.scoring")


def _core_back_references(files: dict[str, str]) -> list[str]:
    """Each import by a module of the core of a module around it."""
    return sorted(f"{name} -> {to}" for where in files if _within(name := _module_name(where), _CORE)
                  for to in _imports_of(where, files) if _within(to, ("auditor",)) and not _within(to, _CORE))


def test_the_core_imports_nothing_from_the_rooms_around_it() -> None:
    """Every room but the core counts as around it, and imports inside functions count too."""
    assert _core_back_references(FILES) == []


#: What the catalogue (auditor/checks/__init__.py) and the model's enums (ParseCode, Tier) alone may spell (the
#: tiers "deprecated" and "blacklisted" are words of messages too, so are not looked for).
_CODE_OR_TIER = re.compile(r"[CFRP]\d{3}|generally-reliable|no-consensus|generally-unreliable|multi")
_SPELLERS = {"checks/__init__.py", "model.py"}


def _literals(path: Path) -> list[str]:
    """The string constants of a module that are whole finding codes or tiers (docstrings left out)."""
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)}
    return [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings and _CODE_OR_TIER.fullmatch(node.value)]


def test_only_the_catalogue_and_the_model_spell_codes_and_tiers() -> None:
    """What a code means (incomplete, unaudited, severe) is asked of the catalogue, not kept as a literal."""
    spelt = {str(p.relative_to(PACKAGE)): found for p in MODULES
             if str(p.relative_to(PACKAGE)) not in _SPELLERS and (found := _literals(p))}
    assert spelt == {}


#: Data flows one way: sources -> parse -> model/checks/scoring -> audit -> reports, run by the pipeline, its
#: engines (runner, batch) and the commands. What no module of a room imports, even inside a function:
_DOWNSTREAM = {
    "sources": ("parse", "checks", "scoring", "audit", "need", "reports", "pipeline", "runner", "batch", "cli",
                "commands", "launch"),
    "parse": ("sources", "checks", "scoring", "audit", "reports", "pipeline", "runner", "batch", "cli", "commands",
              "launch"),
    "audit": ("sources", "reports", "pipeline", "runner", "batch", "cli", "commands", "launch"),
    "reports": ("parse", "sources", "pipeline", "runner", "batch", "cli", "commands", "launch"),
    "pipeline": ("runner", "batch", "cli", "commands", "launch"),
    "runner": ("batch", "cli", "commands", "launch"),
    "batch": ("runner", "cli", "commands", "launch"),
}


def _room(module: str) -> str:
    """The room of a module: its package under auditor, or the module itself (auditor.sources.files -> sources)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _downstream_references(files: dict[str, str]) -> list[str]:
    """Each import by a module of a room of a module downstream of that room."""
    return sorted(f"{name} -> {to}" for where in files for to in _imports_of(where, files)
                  if to.startswith("auditor.") and _room(to) in _DOWNSTREAM.get(_room(name := _module_name(where)), ()))


def test_every_room_imports_nothing_downstream_of_it() -> None:
    assert _downstream_references(FILES) == []
    assert _room("auditor.sources.files") == "sources" and _room("auditor.pipeline") == "pipeline"


#: Every room of the package, each importing only rooms before it (imports inside functions count too), so no two
#: rooms import each other, however far round: the foundations; the core and what reads only records of it; the
#: readers; the configuration (it asks the catalogue, the diff's categories, the lexicon and the languages what a
#: setting may name); the sources; the audit; the reports; the pipeline and its engines; the commands.
_ORDER = ("auditor", "errors", "model", "compiled", "data", "lines", "urlhost", "clock", "output",
          "checks", "scoring", "thresholds", "diff",
          "parse", "need", "spans", "suppressions",
          "config",
          "sources", "reliability",
          "audit",
          "reports",
          "pipeline", "runner", "batch",
          "commands", "cli", "launch", "__main__")


def _rooms(files: dict[str, str]) -> set[str]:
    """The rooms of the package: its top-level modules and packages (auditor/__init__.py is "auditor")."""
    return {_room(_module_name(where)) for where in files}


def _upward_references(files: dict[str, str]) -> list[str]:
    """Each import of a room by a room before it in _ORDER, and each room _ORDER does not place."""
    unplaced = sorted(f"{room} is not placed in _ORDER" for room in _rooms(files) - set(_ORDER))
    return unplaced + sorted(
        f"{name} -> {to}" for where in files for to in _imports_of(where, files)
        if _within(to, ("auditor",)) and (_room(to) in _ORDER and _room(name := _module_name(where)) in _ORDER)
        and _ORDER.index(_room(to)) > _ORDER.index(_room(name)))


def test_every_room_is_placed_and_imports_only_the_rooms_below_it() -> None:
    """Each room is in _ORDER, and imports only rooms before it: so no cycle of rooms, even through imports
    inside functions (test_no_rooms_import_each_other_in_a_circle reads modules and their top-level imports)."""
    assert _upward_references(FILES) == []
    assert set(_ORDER) == _rooms(FILES) and len(set(_ORDER)) == len(_ORDER)
    assert _upward_references({**FILES, "newroom.py": ""}) == ["newroom is not placed in _ORDER"]


#: A back-reference in each form of import, planted in the package: (module, source, the rule that must see it).
_PLANTED = [
    ("parse/sections.py", "import auditor.checks.flags", _downstream_references),
    ("parse/sections.py", "import auditor.runner as runner", _downstream_references),
    ("parse/sections.py", "from auditor import scoring", _downstream_references),
    ("parse/sections.py", "from auditor.checks import flags", _downstream_references),
    ("parse/sections.py", "from ..audit import audit", _downstream_references),
    ("parse/sections.py", "from .. import reports", _downstream_references),
    ("parse/__init__.py", "from .. import batch", _downstream_references),
    ("parse/wikitext/prose.py", "from ... import checks", _downstream_references),
    ("sources/files.py", "def later():\n    from auditor import parse", _downstream_references),
    ("checks/flags.py", "from auditor import parse", _core_back_references),
    ("checks/flags.py", "from .. import need", _core_back_references),
    ("checks/__init__.py", "from .. import reliability", _core_back_references),
    ("scoring.py", "import auditor.parse.wikitext", _core_back_references),
    ("model.py", "from auditor import config", _core_back_references),
    ("checks/flags.py", "from auditor import config", _impure_checks),
    ("checks/flags.py", "import os.path", _impure_checks),
    ("checks/flags.py", "from mwparserfromhell import nodes", _outside_their_rooms),
    ("scoring.py", "import jinja2.sandbox", _outside_their_rooms),
    ("diff.py", "from auditor.reports import render", _upward_references),
    ("config.py", "def later():\n    from auditor.sources import files", _upward_references),
    ("errors.py", "from . import model", _upward_references),
]


@pytest.mark.parametrize(("where", "line", "rule"), _PLANTED, ids=[f"{w}: {line}" for w, line, _ in _PLANTED])
def test_each_rule_sees_a_planted_break_in_any_form(where: str, line: str, rule: Any) -> None:
    assert rule(_planted(where, f"{FILES[where]}\n{line}\n")) != []


@pytest.mark.parametrize("forms", [("from auditor import runner", "import auditor.scoring"),
                                   ("from . import runner", "from .scoring import score_article"),
                                   ("import auditor.runner", "from auditor import scoring")])
def test_a_planted_cycle_is_seen_in_any_form(forms: tuple[str, str]) -> None:
    files = {**_planted("scoring.py", f"{forms[0]}\n"), "runner.py": f"{forms[1]}\n"}
    cycle = _cycle(_module_imports(files))
    assert len(cycle) == 3 and set(cycle) == {"auditor.runner", "auditor.scoring"}
