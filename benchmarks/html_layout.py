"""Measure how the HTML report lays out: page height, sideways overflow and squeezed cells, per width.

    python benchmarks/html_layout.py [ARTICLE ...] [--widths 1400,400]

Defaults to Douglas Adams (wikitext) and the bundled excerpt (a copy). A squeezed cell is a table
cell narrower than the longest word it holds (tests/html_support.py, LAYOUT_JS). Prints figures and asserts nothing. Needs /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from auditor.audit import audit_text
from auditor.config import Config
from auditor.model import SourceInfo
from auditor.reports.html_report import render
from auditor.reports.record import build_record
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.html_support import LAYOUT_JS  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEFAULTS = [ROOT / "fixtures" / "wikitext" / "Douglas-Adams.wiki", ROOT / "fixtures" / "balli-kombetar-excerpt.txt"]
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def report_of(article: Path) -> str:
    """The HTML report of one article, with fixed time and version."""
    text = article.read_text(encoding="utf-8")
    result = audit_text(text, Config(), SourceInfo("file", article.name), "auto", None, today="2026-01-01")
    return render(build_record(result, "2026-01-01T00:00:00+00:00", "bench"))


def main(articles: list[Path], widths: list[int]) -> None:
    """Render each article and print its figures at each width."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as folder:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for article in articles:
            path = Path(folder) / f"{article.stem}.html"
            path.write_text(report_of(article), encoding="utf-8")
            for width in widths:
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.goto(path.as_uri())
                figures = page.evaluate(LAYOUT_JS)
                print(f"{article.name} at {width} px: height {figures['height']:,} px, scroll width "
                      f"{figures['scroll']} px, squeezed cells {len(figures['squeezed'])}")
                page.close()
        browser.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="*", type=Path, default=DEFAULTS)
    parser.add_argument("--widths", default="1400,400")
    options = parser.parse_args()
    main(options.articles, [int(w) for w in options.widths.split(",")])
