"""benchmarks/need_priority.py: its statistics, its split rule, and a run on a slice of the graded set."""

from __future__ import annotations

import importlib.util
from collections import Counter
from statistics import mean
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


THIRD = bench.FOLDER / "priority3"
_DRAW_SPEC = importlib.util.spec_from_file_location("draw_priority3", ROOT / "scripts" / "draw_priority3.py")
draw = importlib.util.module_from_spec(_DRAW_SPEC)
_DRAW_SPEC.loader.exec_module(draw)  # type: ignore[union-attr]


def test_the_stratified_set_is_balanced_and_blind() -> None:
    """priority3: 10 items of each stratum, 5 in either half of the benchmark's split, 48 controls that hold no
    such wording; the graders' file is items.tsv without the need (and strata.tsv holds what they must not see)."""
    items, blind, strata = (bench._table(THIRD / name) for name in ("items.tsv", "items-blind.tsv", "strata.tsv"))
    assert len(items) == 118 and list(items) == list(blind) == list(strata) == [f"{n:03d}" for n in range(1, 119)]
    assert all(blind[k] == {c: items[k][c] for c in ("item", "article", "section", "kind", "text")} for k in items)
    development, test = bench.halves(sorted({row["article"] for row in items.values()}))
    half = {**dict.fromkeys(development, "development"), **dict.fromkeys(test, "test")}
    assert all(row["half"] == half[row["article"]] and row["article"] == items[k]["article"] for k, row in strata.items())
    counts = Counter((row["stratum"], row["half"]) for row in strata.values())
    assert counts == {**{(s, h): 5 for s in draw.STRATA for h in ("development", "test")},
                      ("control", "development"): 25, ("control", "test"): 23}
    for row in strata.values():
        held = row["held"].split(",")
        assert row["stratum"] in held if row["stratum"] != "control" else held == ["-"] and row["shipped"] == "-"
    assert all(bench.article_path(row["article"], THIRD).is_file() for row in items.values())
    assert not any(row["text"].startswith('"') and row["text"].endswith('"') for row in items.values())


def test_a_graded_set_is_not_drawn_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Once grades exist the sample is fixed: the script refuses to write it (a change of the parse or the need
    would draw other claims). Reproducing the draw is `python scripts/draw_priority3.py --check`, not a test,
    as any such change would fail it."""
    (tmp_path / "grades-1.tsv").write_text("item\tgrade\treason\n", "utf-8")
    monkeypatch.setattr(draw, "OUT", tmp_path)
    monkeypatch.setattr("sys.argv", ["draw_priority3.py"])
    with pytest.raises(SystemExit, match="graded"):
        draw.main()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["grades-1.tsv"]


def test_the_wording_of_a_stratum_is_read_as_the_lexicon_reads() -> None:
    assert draw.strata_held('He was accused of treason, "a brutal act".') == ["collaboration", "accusation"]
    assert draw.strata_held("Puppetry takes many forms.") == []
    assert draw.strata_held("It is one of the largest deltas.") == ["superlative"]
    assert draw.holds(["the", "puppet", "government"], "puppet government*")


def test_an_ungraded_set_is_skipped_and_a_graded_one_reports_its_strata(tmp_path: Path) -> None:
    """Without two grade files the set is one line; with them, a line per stratum after the figures."""
    for name in ("items.tsv", "strata.tsv"):
        (tmp_path / name).write_text((THIRD / name).read_text("utf-8"), "utf-8")
    items = bench._table(THIRD / "items.tsv")
    (tmp_path / "grades-1.tsv").write_text((THIRD / "grades-1.tsv").read_text("utf-8"), "utf-8")
    assert bench._set_report(Config(), tmp_path, ["Arts_Club_of_Chicago"]) == [
        f"set {tmp_path.name}: 118 items of 18 articles, not graded by two editors yet (grades-1.tsv, grades-2.tsv): "
        "skipped"]
    for n, grade in ((1, 4), (2, 2)):
        (tmp_path / f"grades-{n}.tsv").write_text("item\tgrade\treason\n" + "".join(
            f"{k}\t{grade}\tx\n" for k in items), "utf-8")
    drawn_with = Config(contentious_sections=draw.DRAWN_SECTIONS, contentious_weights=())  # items.tsv's needs
    lines = bench._set_report(drawn_with, tmp_path, ["Arts_Club_of_Chicago"])
    strata = bench._table(THIRD / "strata.tsv")
    mine = [k for k in items if items[k]["article"] == "Arts_Club_of_Chicago"]
    assert lines[1] == f"items: {len(mine)} graded, {len(mine)} still uncited claims, 0 gone"
    start = lines.index("per stratum (items, editors' mean grade, tool's mean need):")
    shown = Counter(strata[k]["stratum"] for k in mine)
    expected = sorted(shown, key=lambda s: (s == "control", s))
    assert [line.split()[0] for line in lines[start + 1:]] == expected
    first = [k for k in mine if strata[k]["stratum"] == expected[0]]
    need = sum(float(items[k]["need"]) for k in first) / len(first)
    assert lines[start + 1].split()[1:] == [str(len(first)), "items", "grade", "3.00", "need", f"{need:.3f}"]


def test_accusations_and_peacock_terms_order_the_stratified_sets_development_half_as_measured() -> None:
    """priority3's development half (9 articles, 60 items; the rule was chosen on it and the other sets'
    development halves): with accusation and peacock lifting by half the contentious lift, the pooled Spearman is
    0.311 (0.256 without them) and both strata's mean need is over every other stratum's but collaboration's
    (betrayal lifts it whole); with their weights 0 neither holds. Since lexicon12's names rule (the coup named in a
    list is not lifted) it reads 0.376, 0.319 without them, so the floors moved up. Read with plot-need off: that
    rule halves Apollo's myths, accusations among them (0.384 and 0.330 with it; accusation's mean need then falls
    under peacock's and intensifier's), and this test holds the two sections' weights. Since rank12 peacock terms lift by
    three quarters (the default the first configuration reads: 0.405 with plot-need, the test below)."""
    items = bench.read_items(THIRD)
    strata = bench._table(THIRD / "strata.tsv")
    development, _test = bench.halves(sorted({i.article for i in items}, key=str.casefold))
    mine = [i for i in items if i.article in development]
    off = Config(contentious_weights=(("accusation", 0.0), ("peacock", 0.0)), plot_need=1.0)
    for config, holds in ((Config(plot_need=1.0), True), (off, False)):
        needs = {a: bench.uncited_needs(bench.article_path(a, THIRD), config) for a in development}
        matched, gone = bench.match(mine, needs)
        assert not gone
        need = {s: mean(m.need for m in matched if strata[m.item]["stratum"] == s) for s in {*draw.STRATA, "control"}}
        lifted = min(need["accusation"], need["peacock"]) > max(
            n for s, n in need.items() if s not in ("accusation", "peacock", "collaboration"))
        rho = bench.figures(matched)["tool_spearman"]
        assert (rho > 0.35 and lifted) if holds else (rho < 0.345 and not lifted), (rho, need)


@pytest.mark.parametrize("folder", [bench.DATA, SECOND, THIRD], ids=lambda f: f.name)
def test_peacock_terms_at_three_quarters_of_the_lift_order_every_development_half_better_than_at_half(
        folder: Path) -> None:
    """rank12's choice, on the development halves only: peacock terms lifting by 0.75 of the contentious lift, not
    0.5, raise the pooled Spearman of each set's development half (0.387 -> 0.390, 0.296 -> 0.303, 0.384 -> 0.405;
    the per-article tau and pooled Kendall rise on all three too), moving 7 items, 5 of them graded 4."""
    items = bench.read_items(folder)
    development, _test = bench.halves(sorted({i.article for i in items}, key=str.casefold))
    mine = [i for i in items if i.article in development]
    rho = []
    for peacock in (0.75, 0.5):
        config = Config(contentious_weights=(("accusation", 0.5), ("peacock", peacock)))
        needs = {a: bench.uncited_needs(bench.article_path(a, folder), config) for a in development}
        rho.append(bench.figures(bench.match(mine, needs)[0])["tool_spearman"])
    assert Config().contentious_weights == (("accusation", 0.5), ("peacock", 0.75))
    assert rho[0] > rho[1], rho
