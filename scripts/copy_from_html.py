"""Derive a plain-text copy from a saved Wikipedia page: what a reader gets selecting the article and copying it.

Used once per fixture (fixtures/ATTRIBUTION.md says which): the article body (``.mw-parser-output``: a div, or Parsoid's body) is
reduced to text by a tag strip. Paragraphs, headings, list items, captions and table cells each become a line
(cells indented by a tab, as a browser copies them), blocks are separated by a blank line (as in
fixtures/rendered/Douglas-Adams.txt), citation markers stay as the page prints them ("[12]"), and scripts,
styles and the edit links beside headings are dropped. Standard library only.

    python scripts/copy_from_html.py page.html > copy.txt
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser

_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dd", "dt", "tr", "table", "ul", "ol", "dl",
           "figure", "figcaption", "blockquote", "caption"}
_SKIPPED = {"script", "style"}
_VOID = {"br", "img", "meta", "link", "hr", "input", "wbr", "source", "area", "col", "embed", "param", "track"}


class _Copy(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.depth = 0  # depth inside the article body; 0 before it and after it
        self.skip = 0  # depth inside something dropped

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if not self.depth:
            if "mw-parser-output" in classes:  # a div in a saved page, Parsoid's <body> itself
                self.depth = 1
            return
        if tag in _VOID:
            if tag == "br":
                self.out.append("\n")
            return
        self.depth += 1
        if self.skip or tag in _SKIPPED or "mw-editsection" in classes:
            self.skip += 1
            return
        if tag in ("td", "th"):
            self.out.append("\n\t")
        elif tag in _BLOCKS:
            self.line_break(2)

    def handle_endtag(self, tag: str) -> None:
        if not self.depth or tag in _VOID:
            return
        self.depth -= 1
        if self.skip:
            self.skip -= 1
        elif tag in _BLOCKS:
            self.line_break(2)

    def line_break(self, lines: int) -> None:
        """End the current line and leave ``lines - 1`` blank ones, once however many blocks open or close."""
        ending = len("".join(self.out[-3:])) - len("".join(self.out[-3:]).rstrip("\n"))
        if ending < lines:
            self.out.append("\n" * (lines - ending))

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            if not data.strip() and (not self.out or self.out[-1].endswith(("\n", "\t"))):
                return  # the markup's own line breaks between blocks: a browser copies none
            self.out.append(re.sub(r"\s+", " ", data))


def copy_of(html: str) -> str:
    """The article body of a saved page as copied text."""
    parser = _Copy()
    parser.feed(html)
    lines = [re.sub(r" +", " ", line).rstrip() for line in "".join(parser.out).split("\n")]
    lines = [line if line.startswith("\t") else line.strip() for line in lines]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return text.strip() + "\n"


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as handle:
        sys.stdout.write(copy_of(handle.read()))
