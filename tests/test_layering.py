"""The house rules: each third-party library lives in one room; checks stay pure."""

from __future__ import annotations

import ast
import re
from pathlib import Path

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
    "dask": {"batch/dask_engine.py"},
    "distributed": {"batch/dask_engine.py"},
}


def _imports(path: Path) -> set[str]:
    """What a module of the package imports (see _imports_of)."""
    return _imports_of(path.read_text("utf-8"), ["auditor", *path.relative_to(PACKAGE).parent.parts])


def _imports_of(source: str, package: list[str]) -> set[str]:
    """Top-level names of third-party imports, and full names of auditor modules (relative ones resolved)."""
    tree = ast.parse(source)
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - node.level + 1]
            names.add(".".join(base + ([node.module] if node.module else [])))
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0] if not node.module.startswith("auditor") else node.module)
    return names


def test_relative_imports_are_resolved() -> None:
    source = "from ..reliability import load_reliability\nfrom .base import Hit\nimport distributed\n"
    assert _imports_of(source, ["auditor", "checks"]) == {"auditor.reliability", "auditor.checks.base", "distributed"}


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_libraries_stay_in_their_room(path: Path) -> None:
    where = str(path.relative_to(PACKAGE))
    for library, rooms in ROOMS.items():
        if library in _imports(path):
            assert where in rooms, f"{where} imports {library}; only {sorted(rooms)} may"


@pytest.mark.parametrize("path", sorted((PACKAGE / "checks").glob("*.py")), ids=lambda p: p.name)
def test_checks_import_only_the_model_and_each_other(path: Path) -> None:
    allowed_prefixes = ("auditor.model", "auditor.checks")
    stdlib = {"__future__", "re", "typing", "inspect", "dataclasses", "collections", "datetime", "itertools",
              "functools", "math", "string"}
    for name in _imports(path):
        assert name in stdlib or name.startswith(allowed_prefixes), f"checks/{path.name} imports {name}"


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


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _module_imports() -> dict[str, set[str]]:
    """Each auditor module -> the auditor modules it imports when it is imported (not inside functions)."""
    names = {_module_name(path): path for path in MODULES}
    graph = {}
    for name, path in names.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        found = set()
        for statement in ast.parse(path.read_text("utf-8")).body:
            for node in ast.walk(statement) if isinstance(statement, (ast.If, ast.Try)) else [statement]:
                if isinstance(node, ast.Import):
                    found.update(a.name for a in node.names if a.name in names)
                elif isinstance(node, ast.ImportFrom):
                    base = ".".join(package[: len(package) - node.level + 1]) if node.level else ""
                    module = ".".join(filter(None, [base, node.module]))
                    found.update(f"{module}.{a.name}" if f"{module}.{a.name}" in names else module
                                 for a in node.names if module in names or f"{module}.{a.name}" in names)
        graph[name] = found - {name}
    return graph


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
    assert _cycle(_module_imports()) == []
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


#: The core flows one way: model <- checks <- scoring; none of them reads where text came from or goes.
_CORE = ("auditor.model", "auditor.checks", "auditor.scoring")


def test_the_core_imports_nothing_from_the_rooms_around_it() -> None:
    """Every room but the core counts as around it, and imports inside functions count too."""
    back = sorted(f"{_module_name(path)} -> {to}" for path in MODULES if _module_name(path).startswith(_CORE)
                  for to in _imports(path) if to.startswith("auditor") and not to.startswith(_CORE))
    assert back == []


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


def test_every_room_imports_nothing_downstream_of_it() -> None:
    back = sorted(f"{_module_name(path)} -> {to}" for path in MODULES
                  for to in _imports(path) if to.startswith("auditor.")
                  and _room(to) in _DOWNSTREAM.get(_room(_module_name(path)), ()))
    assert back == []
    assert _room("auditor.sources.files") == "sources" and _room("auditor.pipeline") == "pipeline"
