"""Records for the HTML report tests: fixture articles audited with fixed time and version."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from auditor.audit import audit_text
from auditor.config import Config
from auditor.model import SourceInfo
from auditor.reports.record import build_record

FIXTURES = Path(__file__).parent.parent / "fixtures"
HOSTILE_TITLE = '<script>window.__pwned="title";alert("title")</script> & "T" <img src=x onerror=alert(1)>'


def record_of(path: Path, title: str | None = None, source: SourceInfo | None = None) -> dict[str, Any]:
    """The record of one fixture file, as `auditor audit` would build it."""
    text = path.read_text(encoding="utf-8")
    source = source or SourceInfo("file", path.relative_to(FIXTURES.parent).as_posix())
    result = audit_text(text, Config(), source, "auto", title, today="2026-01-01")
    return build_record(result, "2026-01-01T00:00:00+00:00", "0.0-test")


def wiki_source(revision: int = 841482403) -> SourceInfo:
    """Where a fetched article would say it came from."""
    return SourceInfo("wiki", "Douglas Adams", wiki="en.wikipedia.org", revision=revision,
                      url=f"https://en.wikipedia.org/w/index.php?oldid={revision}",
                      timestamp="2018-05-14T12:00:00Z")


def hostile_records() -> list[dict[str, Any]]:
    """The hostile fixtures, with a hostile title and a hostile wiki source as well."""
    bad_source = SourceInfo("wiki", "<b>x</b>", wiki='en.wikipedia.org"><script>alert(1)</script>',
                            revision=1, url="javascript:alert('permalink')", timestamp="<i>t</i>")
    return [record_of(path, HOSTILE_TITLE, source)
            for path in sorted([*(FIXTURES / "hostile").glob("*.wiki"), *(FIXTURES / "hostile").glob("*.html")])
            for source in (None, bad_source)]


#: The layout figures of a page in the browser: its height, its scroll width, and the squeezed cells: table
#: cells (shown, holding text) narrower than the longest word they hold (of at most 20 characters: a URL may
#: break), so that a word breaks letter by letter.
LAYOUT_JS = """() => {
  const canvas = document.createElement('canvas').getContext('2d');
  const squeezed = [];
  for (const cell of document.querySelectorAll('td, th')) {
    if (cell.offsetParent === null || !cell.textContent.trim()) continue;
    const style = getComputedStyle(cell);
    canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const words = cell.innerText.split(/\\s+/).filter(w => w && w.length <= 20);
    const longest = Math.max(0, ...words.map(w => canvas.measureText(w).width));
    const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (inner + 1 < longest) squeezed.push(cell.innerText.slice(0, 40));
  }
  return {height: document.documentElement.scrollHeight, scroll: document.documentElement.scrollWidth,
          width: window.innerWidth, squeezed: squeezed};
}"""
