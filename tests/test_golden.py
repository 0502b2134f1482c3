"""Whole articles against their golden records (regenerate: python scripts/regen_golden.py)."""

from __future__ import annotations

import pytest

from golden import ARTICLES, GOLDEN, golden_json


@pytest.mark.parametrize("path", sorted(ARTICLES))
def test_article_matches_its_golden_record(path: str) -> None:
    expected = (GOLDEN / ARTICLES[path]).read_text("utf-8")
    assert golden_json(path) == expected, "run `python scripts/regen_golden.py` and review the diff"
