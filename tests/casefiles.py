"""Read the TOML case files under tests/cases/ for parametrized tests."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

CASES = Path(__file__).parent / "cases"


def cases(file: str, table: str = "case") -> list:
    """The cases of one file, as pytest params named after each case."""
    data = tomllib.loads((CASES / file).read_text("utf-8"))
    return [pytest.param(case, id=case.get("name", str(i))) for i, case in enumerate(data.get(table, []))]
