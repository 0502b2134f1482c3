"""Measure the HTML report of a long article: audit and render time, file size, load time in chromium.

    python benchmarks/html_report.py [fixtures/wikitext/United-Kingdom.wiki]

Prints figures and asserts nothing about time. The browser part needs /usr/bin/chromium.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from auditor.audit import audit_text
from auditor.config import Config
from auditor.model import SourceInfo
from auditor.reports.html_report import render
from auditor.reports.record import build_record

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def load_times(path: Path, runs: int = 5) -> list[tuple[float, float]]:
    """(DOMContentLoaded, load event end) in ms for each of ``runs`` fresh loads of the file."""
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for _ in range(runs):
            page = browser.new_page()
            page.goto(path.as_uri(), wait_until="load")
            nav = page.evaluate("JSON.stringify(performance.getEntriesByType('navigation')[0])")
            entry = json.loads(nav)
            times.append((entry["domContentLoadedEventEnd"], entry["loadEventEnd"]))
            page.close()
        browser.close()
    return times


def main(article: Path) -> None:
    """Audit, render and load one article; print the figures."""
    text = article.read_text(encoding="utf-8")
    start = time.perf_counter()
    result = audit_text(text, Config(), SourceInfo("file", article.name), "auto", None, today="2026-01-01")
    record = build_record(result, "2026-01-01T00:00:00+00:00", "bench")
    audited = time.perf_counter()
    html = render(record)
    rendered = time.perf_counter()
    print(f"article: {article.name} ({len(text):,} characters, {record['summary']['claims']} claims, "
          f"{record['summary']['weak']} weak, {len(record['references'])} references)")
    print(f"audit: {1000 * (audited - start):.0f} ms; render: {1000 * (rendered - audited):.0f} ms")
    print(f"report size: {len(html.encode('utf-8')):,} bytes")
    if not Path("/usr/bin/chromium").exists():
        print("load time: skipped (no /usr/bin/chromium)")
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.html"
        path.write_text(html, encoding="utf-8")
        times = load_times(path)
    dcl = sorted(t[0] for t in times)
    load = sorted(t[1] for t in times)
    print(f"load in chromium, {len(times)} runs: DOMContentLoaded median {dcl[len(dcl) // 2]:.0f} ms "
          f"(min {dcl[0]:.0f}), load event median {load[len(load) // 2]:.0f} ms (min {load[0]:.0f})")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "fixtures" / "wikitext" / "United-Kingdom.wiki")
