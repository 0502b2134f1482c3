"""The house rules: each third-party library lives in one room; checks stay pure."""

from __future__ import annotations

import ast
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
