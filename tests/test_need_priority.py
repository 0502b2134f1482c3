"""benchmarks/need_priority.py: its statistics, its split rule, and a run on a slice of the graded set."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from auditor.config import Config

ROOT = Path(__file__).parent.parent
_SPEC = importlib.util.spec_from_file_location("need_priority", ROOT / "benchmarks" / "need_priority.py")
bench = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(bench)  # type: ignore[union-attr]


@pytest.mark.parametrize("x, y, tau, rho", [
    ([1, 2, 3, 4], [1, 3, 2, 4], 4 / 6, 0.8),           # one pair of six swapped
    ([1, 2, 2, 3], [1, 2, 3, 3], 0.8, 5 / 6),           # a tie on each side: tau-b, as scipy gives it
    ([1, 2, 3], [3, 2, 1], -1.0, -1.0),
    ([1, 1, 1], [1, 2, 3], None, None),                 # a constant side: undefined
])
def test_kendall_and_spearman(x, y, tau, rho) -> None:
    assert bench.kendall(x, y) == (None if tau is None else pytest.approx(tau))
    assert bench.spearman(x, y) == (None if rho is None else pytest.approx(rho))


SECOND = bench.FOLDER / "priority2"


def test_the_split_rule_is_fixed_by_name() -> None:
    articles = sorted({item.article for item in bench.read_items()})
    development, test = bench.halves(articles)
    assert development == ["2026-FIFA-World-Cup", "Barack-Obama", "Cattle", "Douglas-Adams", "julia_kristeva", "Toronto"]
    assert test == ["al_Haytham", "Belgium", "Chemical-biology", "Jesus", "Senate-of-Pakistan", "toronto_star"]
    development, test = bench.halves(sorted({item.article for item in bench.read_items(SECOND)}))
    assert development == ["Albania", "jodie_emery", "Politics_of_Ethiopia"]
    assert test == ["anarchism", "Oral_history", "United-Kingdom"]


@pytest.mark.parametrize("folder, count, paths", [
    (bench.DATA, 112, {"fixtures/wikitext"}),
    (SECOND, 103, {"fixtures/rendered", "fixtures/wikitext", "fixtures/citation-need/priority2"}),
])
def test_the_graded_sets_read_whole(folder: Path, count: int, paths: set[str]) -> None:
    items = bench.read_items(folder)
    assert len(items) == count and len({i.item for i in items}) == count
    assert all(1 <= g <= 5 for i in items for g in i.grades)
    assert all(bench.article_path(i.article, folder).is_file() for i in items)
    assert {str(bench.article_path(i.article, folder).parent.relative_to(ROOT)) for i in items} == paths
    assert not any(text.startswith('"') and text.endswith('"') for text in (i.text for i in items))  # not quoted


def test_the_benchmark_runs_on_a_slice() -> None:
    """Two articles (one of each half) and the excerpt, offline: every item is accounted for, and the
    figures are printed for each half."""
    out = bench.report(Config(), ["Cattle", "Senate-of-Pakistan", "jodie_emery"])
    lines = out.splitlines()
    assert lines[0].startswith("set priority: 12 articles")
    # the two gone are Cattle's gallery fragments, whole captions since 9a3a8ff
    assert lines[1:5] == ["items: 16 graded, 14 still uncited claims, 2 gone",
                          "  gone: Cattle: by Aelbert Cuyp, 1655\u201360",
                          "  gone: Cattle: , Knud Bergslien, before 1858",
                          "development (1 articles, 4 items):"]
    assert "test (1 articles, 10 items):" in lines
    second = lines.index(next(line for line in lines if line.startswith("set priority2: 6 articles")))
    assert lines[second + 1] == "items: 5 graded, 5 still uncited claims, 0 gone"
    assert lines[second + 2].startswith("development (1 articles, 5 items)")
    assert "excerpt (held out, 17 claims): tool~rank-1 tau " in out
    assert "rank-1~rank-2 +0.897" in out


def test_the_need_orders_the_graded_claims_as_measured() -> None:
    """Floors under the figures measured with the rules on the items still uncited claims (need8, on 102 after
    9a3a8ff and 746bef7: pooled Spearman 0.358 development, 0.313 test, 0.355 all; on main 046037d, 97 items:
    0.320 / 0.373 / 0.374, and 0.204 / 0.247 / 0.220 without the rules), with room for another such fix: the
    rules switched off fall under every one."""
    items = bench.read_items()
    development, test = bench.halves(sorted({i.article for i in items}))
    for config, holds in ((Config(), True), (Config(name_entry_need=1.0, lead_exemption=0.0), False)):
        needs = {a: bench.uncited_needs(ROOT / "fixtures" / "wikitext" / f"{a}.wiki", config)
                 for a in development + test}
        matched, _ = bench.match(items, needs)
        rho = {name: bench.figures([m for m in matched if m.article in half])["tool_spearman"]
               for name, half in (("development", development), ("test", test), ("all", development + test))}
        above = [rho["development"] > 0.3, rho["test"] > 0.26, rho["all"] > 0.3]
        assert all(above) if holds else not any(above), rho


def test_the_need_orders_the_contested_set_as_measured() -> None:
    """Floors under the figures measured on priority2 (6 articles on contested subjects; pooled Spearman 0.397 test,
    0.357 all on main 046037d, 0.416 / 0.367 before dd7ad0a's names_only fix; the development half, 0.268, is no
    floor: with the rules off it reads 0.282), with room for a parse fix: with every rule off (0.310 / 0.304) it
    falls under both."""
    items = bench.read_items(SECOND)
    development, test = bench.halves(sorted({i.article for i in items}))
    off = Config(contentious_lift=0.0, caption_need=1.0, name_entry_need=1.0, lead_exemption=0.0)
    for config, holds in ((Config(), True), (off, False)):
        needs = {a: bench.uncited_needs(bench.article_path(a, SECOND), config) for a in development + test}
        matched, gone = bench.match(items, needs)
        rho = {name: bench.figures([m for m in matched if m.article in half])["tool_spearman"]
               for name, half in (("test", test), ("all", development + test))}
        above = [rho["test"] > 0.37, rho["all"] > 0.33]
        assert all(above) if holds else not any(above), rho
