"""Inputs the fuzzer found (failing or slowest), kept in fixtures/regressions/ and re-checked on every run."""

from __future__ import annotations

from pathlib import Path

import pytest

from fuzz_invariants import check_article, parse_timed

FILES = sorted((Path(__file__).parent.parent / "fixtures" / "regressions").glob("*.wiki"))


@pytest.mark.parametrize("input_format", ["wikitext", "text", "auto"])
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_regression_fixture_keeps_the_invariants(path: Path, input_format: str) -> None:
    text = path.read_text(encoding="utf-8")
    article, seconds = parse_timed(text, input_format)
    check_article(text, article, seconds)
