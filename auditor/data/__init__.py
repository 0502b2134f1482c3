"""The shipped data files (their provenance is in the .md files beside them).

Read by path, not through importlib.resources, whose import (tempfile, shutil, zipfile, lzma, bz2...) costs
more than a short article's audit needs (callgrind: about 15 M instructions); the package is installed as files.
"""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).parent


def read_data(name: str) -> str:
    """The text of the data file ``name`` (e.g. "flags.json")."""
    return (FOLDER / name).read_text(encoding="utf-8")
