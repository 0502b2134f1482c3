"""The order of uncited claims against editors: the tool's citation need beside two editors' urgency grades.

Four labelled sets (README.md in fixtures/citation-need/):
- priority/: 112 uncited (C101) claims of 12 fixture articles (fixtures/wikitext/), mostly uncontroversial
  subjects, each graded 1-5 for how urgently it needs a citation by two editors who graded blind;
- priority2/: 103 uncited claims sampled at random from 6 articles on contested subjects (Albania,
  anarchism, jodie_emery (a living person), Oral_history, Politics_of_Ethiopia, United-Kingdom), graded the
  same way; the tool's need is compared with the editors' mean grade;
- priority3/: 118 uncited body claims of 18 other English articles, drawn by scripts/draw_priority3.py: 70 in seven
  strata of contentious wording (10 each: accusation, motive, collaboration, intensifier, peacock, superlative,
  words to watch) and 48 controls of the same articles and sections, to be graded the same way (GRADING.md); its
  strata.tsv, which the graders do not see, gives each item's stratum. Until grades-N.tsv are there it is skipped;
  with them, the mean grade and the tool's mean need of each stratum are printed too;
- the 17 uncited claims of the bundled excerpt (fixtures/balli-kombetar-excerpt.txt), ranked blind by two
  editors, held out: no rule was chosen on it.

Split rule, fixed before any rule was chosen, per set: its articles sorted by name (case folded), the 1st,
3rd, 5th ... are the development half, the 2nd, 4th, 6th ... the test half. Rules are chosen on the
development halves only; the test halves and the excerpt are read to report.

An article is read from its set's folder (priority2's anarchism.wiki, jodie_emery.wiki; priority3's .wiki files),
else from fixtures/wikitext/NAME.wiki, fixtures/rendered/NAME.txt or fixtures/html/NAME.html. Items are matched to the audited claims by
article and text. An item whose text is no longer an uncited claim (a fix of the parse may read it as
something else, or not as a claim) is counted as gone, and the figures are over the items that remain.

Prints, for each set's halves and for all of it: the per-article Kendall tau (tau-b) between the tool's
need and the editors' mean grade, its mean over the articles where it is defined, the pooled Spearman and
Kendall over all items, and the same figures between the first two editors; then the excerpt's tau against each
ranking. Asserts nothing.

    python benchmarks/need_priority.py [--sets priority,priority2,priority3] [--articles A,B] [--set option=value ...]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from statistics import mean
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.audit import audit_text  # noqa: E402
from auditor.config import OPTIONS, Config, _read  # noqa: E402
from auditor.model import NONE, WORK, SourceInfo  # noqa: E402

FOLDER = ROOT / "fixtures" / "citation-need"
DATA = FOLDER / "priority"
SETS = ("priority", "priority2", "priority3")
EXCERPT = ROOT / "fixtures" / "balli-kombetar-excerpt.txt"
CAPTION_MARK = "[picture caption]"


class Item(NamedTuple):
    """A graded claim: its article, its text and the editors' grades (1: can wait, 5: cite it first)."""

    item: str
    article: str
    text: str
    grades: tuple[int, ...]


def read_items(folder: Path = DATA) -> list[Item]:
    """The graded claims, with every editor's grades (grades-1.tsv, grades-2.tsv, ...; none for a set not graded yet)."""
    grades = [_table(path) for path in sorted(folder.glob("grades-*.tsv"), key=lambda p: int(p.stem.split("-")[1]))]
    return [Item(r["item"], r["article"], r["text"], tuple(int(g[r["item"]]["grade"]) for g in grades))
            for r in _table(folder / "items.tsv").values()]


def _table(path: Path) -> dict[str, dict[str, str]]:
    """A tab-separated file with a header, by its first column (texts hold no tab and are not quoted)."""
    header, *lines = path.read_text("utf-8").splitlines()
    names = header.split("\t")
    return {line.split("\t")[0]: dict(zip(names, line.split("\t"))) for line in lines}


def article_path(article: str, folder: Path = DATA) -> Path:
    """Where a graded article is read: its set's folder, else fixtures/wikitext/, fixtures/rendered/ or
    fixtures/html/."""
    fixtures = ROOT / "fixtures"
    for path in (folder / f"{article}.wiki", fixtures / "wikitext" / f"{article}.wiki",
                 fixtures / "rendered" / f"{article}.txt", fixtures / "html" / f"{article}.html"):
        if path.is_file():
            return path
    return fixtures / "rendered" / f"{article}.txt"


def halves(articles: list[str]) -> tuple[list[str], list[str]]:
    """The split rule: sorted by case-folded name, odd places (1st, 3rd ...) develop, even places test."""
    ordered = sorted(articles, key=str.casefold)
    return ordered[0::2], ordered[1::2]


def uncited_needs(path: Path, config: Config) -> dict[str, float]:
    """The citation need of each uncited claim of an article (no citation of its own or later in its
    paragraph), by its text."""
    result = audit_text(path.read_text("utf-8"), config, SourceInfo("file", str(path)), today="2026-11-26")
    return {c.text: result.need[c.id] for c in result.article.claims
            if c.coverage == NONE and c.kind != WORK and c.id in result.need}


def ranks(values: list[float]) -> list[float]:
    """Average ranks, 1-based (ties share the mean of their places)."""
    order = sorted(range(len(values)), key=values.__getitem__)
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in order[i:j + 1]:
            out[k] = (i + j) / 2 + 1
        i = j + 1
    return out


def spearman(x: list[float], y: list[float]) -> float | None:
    """Spearman's rho: the Pearson correlation of the average ranks (None when either side is constant)."""
    rx, ry = ranks(x), ranks(y)
    mx, my = mean(rx), mean(ry)
    sxy = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    sxx, syy = sum((a - mx) ** 2 for a in rx), sum((b - my) ** 2 for b in ry)
    return sxy / (sxx * syy) ** 0.5 if sxx and syy else None


def kendall(x: list[float], y: list[float]) -> float | None:
    """Kendall's tau-b (ties on either side counted as neither agreeing nor disagreeing; None when a side is
    constant), as scipy.stats.kendalltau gives it."""
    concordant = discordant = ties_x = ties_y = 0
    for i in range(len(x)):
        for j in range(i + 1, len(x)):
            dx, dy = x[i] - x[j], y[i] - y[j]
            if dx == 0 and dy == 0:
                continue
            if dx == 0:
                ties_x += 1
            elif dy == 0:
                ties_y += 1
            elif (dx > 0) == (dy > 0):
                concordant += 1
            else:
                discordant += 1
    denominator = ((concordant + discordant + ties_x) * (concordant + discordant + ties_y)) ** 0.5
    return (concordant - discordant) / denominator if denominator else None


class Matched(NamedTuple):
    """A graded item found among the uncited claims: the tool's need and the editors' grades."""

    article: str
    need: float
    grades: tuple[int, ...]
    item: str = ""


def match(items: list[Item], needs: dict[str, dict[str, float]]) -> tuple[list[Matched], list[Item]]:
    """The items found among their article's uncited claims (by text, white space folded), and those gone."""
    found, gone = [], []
    for item in items:
        by_text = needs[item.article]
        need = by_text.get(item.text)
        if need is None:
            folded = {" ".join(t.split()): n for t, n in by_text.items()}
            need = folded.get(" ".join(item.text.split()))
        if need is None:
            gone.append(item)
        else:
            found.append(Matched(item.article, need, item.grades, item.item))
    return found, gone


def figures(matched: list[Matched]) -> dict[str, object]:
    """Tool against the editors' mean, and the first editor against the second: per article and pooled."""
    per_article = {}
    for article in sorted({m.article for m in matched}, key=str.casefold):
        rows = [m for m in matched if m.article == article]
        per_article[article] = (kendall([m.need for m in rows], [mean(m.grades) for m in rows]),
                                kendall([m.grades[0] for m in rows], [m.grades[1] for m in rows]), len(rows))
    need = [m.need for m in matched]
    grade = [mean(m.grades) for m in matched]
    one, two = [m.grades[0] for m in matched], [m.grades[1] for m in matched]
    return {
        "per_article": per_article,
        "tool_mean_tau": _mean(t for t, _, _ in per_article.values()),
        "editors_mean_tau": _mean(e for _, e, _ in per_article.values()),
        "tool_spearman": spearman(need, grade), "tool_kendall": kendall(need, grade),
        "editors_spearman": spearman(one, two), "editors_kendall": kendall(one, two),
        "items": len(matched),
    }


def _mean(values) -> float | None:
    defined = [v for v in values if v is not None]
    return mean(defined) if defined else None


def excerpt_taus(config: Config, folder: Path = DATA) -> dict[str, float | None]:
    """The excerpt's uncited claims: the tool's need against each blind ranking, and the rankings' own tau."""
    letters = {}
    for line in (folder / "excerpt-claims.txt").read_text("utf-8").splitlines():
        letter, text = line.split(". ", 1)
        letters[letter] = text.replace(CAPTION_MARK, "").strip()
    needs = uncited_needs(EXCERPT, config)
    folded = {" ".join(t.split()): n for t, n in needs.items()}
    need = {letter: folded[" ".join(text.split())] for letter, text in letters.items()}
    rankings = []
    for n in (1, 2):
        place = {}
        for line in (folder / f"excerpt-rank-{n}.txt").read_text("utf-8").splitlines():
            rank, letter = line.split(" ", 2)[:2]
            place[letter] = int(rank)
        rankings.append(place)
    order = sorted(letters)
    tool = [need[k] for k in order]
    return {"rank-1": kendall(tool, [-rankings[0][k] for k in order]),
            "rank-2": kendall(tool, [-rankings[1][k] for k in order]),
            "editors": kendall([rankings[0][k] for k in order], [rankings[1][k] for k in order]),
            "order": sorted(order, key=lambda k: -need[k]), "need": need}


def _shown(value: float | None) -> str:
    return "   n/a" if value is None else f"{value:+.3f}"


def report(config: Config, articles: list[str] | None = None, excerpt: bool = True,
           sets: tuple[str, ...] = SETS) -> str:
    """The benchmark's figures as text (articles: a slice of the sets' articles, all by default)."""
    lines = []
    for name in sets:
        lines += _set_report(config, FOLDER / name, articles)
    if excerpt:
        e = excerpt_taus(config)
        lines.append(f"excerpt (held out, 17 claims): tool~rank-1 tau {_shown(e['rank-1'])}, tool~rank-2 "
                     f"{_shown(e['rank-2'])}, rank-1~rank-2 {_shown(e['editors'])}")
        lines.append("  tool's order: " + " ".join(f"{k} {e['need'][k]:.3f}" for k in e["order"]))
    return "\n".join(lines)


def _set_report(config: Config, folder: Path, articles: list[str] | None) -> list[str]:
    """One set's lines: the split, the items gone, and each half's figures and all the set's."""
    items = read_items(folder)
    every = sorted({i.article for i in items}, key=str.casefold)
    chosen = [a for a in every if not articles or a in articles]
    if not chosen:
        return []
    if any(len(i.grades) < 2 for i in items):
        return [f"set {folder.name}: {len(items)} items of {len(every)} articles, not graded by two editors yet "
                "(grades-1.tsv, grades-2.tsv): skipped"]
    items = [i for i in items if i.article in chosen]
    needs = {a: uncited_needs(article_path(a, folder), config) for a in chosen}
    matched, gone = match(items, needs)
    development, test = halves(every)
    lines = [f"set {folder.name}: {len(every)} articles by case-folded name, 1st, 3rd, ... develop, 2nd, 4th, ... test",
             f"items: {len(items)} graded, {len(matched)} still uncited claims, {len(gone)} gone"]
    lines += [f"  gone: {g.article}: {g.text[:70]}" for g in gone]
    for name, half in (("development", development), ("test", test), ("all", chosen)):
        rows = [m for m in matched if m.article in half]
        if not rows:
            continue
        f = figures(rows)
        lines.append(f"{name} ({len({m.article for m in rows})} articles, {f['items']} items):")
        for article, (tool, editors, n) in f["per_article"].items():
            lines.append(f"  {article:22s} {n:3d} items  tool~editors tau {_shown(tool)}  editor~editor {_shown(editors)}")
        lines.append(f"  mean per-article tau: tool {_shown(f['tool_mean_tau'])}, editors {_shown(f['editors_mean_tau'])}")
        lines.append(f"  pooled: tool~editors Spearman {_shown(f['tool_spearman'])} Kendall {_shown(f['tool_kendall'])}; "
                     f"editor~editor Spearman {_shown(f['editors_spearman'])} Kendall {_shown(f['editors_kendall'])}")
    if (folder / "strata.tsv").is_file():
        lines += strata_lines(matched, _table(folder / "strata.tsv"))
    return lines


def strata_lines(matched: list[Matched], strata: dict[str, dict[str, str]]) -> list[str]:
    """Per stratum of a stratified set (strata.tsv: item -> its stratum), over its items still uncited claims:
    the editors' mean grade and the tool's mean need, as it reads them now."""
    lines = ["per stratum (items, editors' mean grade, tool's mean need):"]
    for stratum in sorted({row["stratum"] for row in strata.values()}, key=lambda name: (name == "control", name)):
        rows = [m for m in matched if strata[m.item]["stratum"] == stratum]
        if rows:
            lines.append(f"  {stratum:16s} {len(rows):3d} items  grade {mean(mean(m.grades) for m in rows):.2f}  "
                         f"need {mean(m.need for m in rows):.3f}")
    return lines


def config_of_settings(settings: list[str]) -> Config:
    """A Config from name=value settings, as setup.cfg's [auditor] table would give them."""
    values = {}
    for setting in settings:
        name, _, raw = setting.partition("=")
        if name not in OPTIONS:
            sys.exit(f"--set {setting}: unknown option (known: {', '.join(sorted(OPTIONS))})")
        values[OPTIONS[name].field] = _read(name, raw, f"--set {name}")
    return Config(**values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(SETS), help="the graded sets to read (priority,priority2,priority3)")
    parser.add_argument("--articles", help="a comma-separated slice of the sets' articles")
    parser.add_argument("--set", action="append", default=[], metavar="OPTION=VALUE",
                        help="a setting, as in setup.cfg's [auditor] table (contentious-lift=0, ...)")
    args = parser.parse_args()
    print(report(config_of_settings(args.set), args.articles.split(",") if args.articles else None,
                 sets=tuple(args.sets.split(","))))


if __name__ == "__main__":
    main()
