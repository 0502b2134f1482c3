"""Candidate HTML libraries for the HTML reader, measured on the fixture pages: speed and correctness.

For each library: parse every fixture page and walk its whole tree collecting text (what the reader does),
in MB/s of HTML; then what it finds (citation markers, paragraphs) against a count of the markup itself;
then hostile input: 10,000 nested elements and an unclosed-tag soup (does the walk survive, how long).
Prints figures; asserts nothing about time.

    python benchmarks/html_parsers.py
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

FIXTURES = Path(__file__).parent.parent / "fixtures" / "html"
PAGES = ["Douglas-Adams.html", "Blue-Train-album.html", "parsoid-William_Clark_inventor.html",
         "parsoid-Mike_Potts.html"]


def selectolax_walk(html: str) -> tuple[int, int, int]:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    chars = 0
    node = tree.root
    stack = [node]
    while stack:  # iterative: no recursion limit
        node = stack.pop()
        if node.tag == "-text":
            chars += len(node.text_content or "")
        child = node.last_child
        while child is not None:
            stack.append(child)
            child = child.prev
    refs = len(tree.css("sup.reference, sup.mw-ref"))
    return chars, refs, len(tree.css("p"))


def lxml_walk(html: str) -> tuple[int, int, int]:
    import lxml.html

    root = lxml.html.document_fromstring(html)
    chars = 0
    for element in root.iter():
        chars += len(element.text or "") + len(element.tail or "")
    refs = len(root.xpath("//sup[contains(concat(' ', @class, ' '), ' reference ') or "
                          "contains(concat(' ', @class, ' '), ' mw-ref ')]"))
    return chars, refs, len(root.xpath("//p"))


def mwparserfromhtml_walk(html: str) -> tuple[int, int, int]:
    from mwparserfromhtml import Article

    article = Article(html)
    text = "".join(article.wikistew.to_plaintext())
    refs = len(article.wikistew.get_citations())
    return len(text), refs, -1


CANDIDATES = {"selectolax (lexbor)": selectolax_walk, "lxml": lxml_walk, "mwparserfromhtml": mwparserfromhtml_walk}


def expected(html: str) -> tuple[int, int]:
    """Citation markers and paragraphs, counted in the markup."""
    refs = len(re.findall(r'<sup[^>]*class="[^"]*\b(reference|mw-ref)\b', html))
    return refs, len(re.findall(r"<p[ >]", html))


def hostile() -> dict[str, str]:
    return {"10,000 nested divs": "<div>" * 10_000 + "<p>Deep text.</p>" + "</div>" * 10_000,
            "unclosed soup": ("<p><b><i><span><a href=x>" * 3_000) + "Text."}


def main() -> None:
    pages = {name: (FIXTURES / name).read_text("utf-8") for name in PAGES}
    size = sum(len(h.encode()) for h in pages.values())
    for label, walk in CANDIDATES.items():
        try:
            __import__({"selectolax (lexbor)": "selectolax", "lxml": "lxml",
                        "mwparserfromhtml": "mwparserfromhtml"}[label])
        except ImportError:
            print(f"{label}: not installed")
            continue
        started = time.perf_counter()
        rounds = 5
        found = {}
        for _ in range(rounds):
            for name, html in pages.items():
                try:
                    found[name] = walk(html)
                except Exception as error:  # a candidate that fails is reported, not fatal
                    found[name] = (type(error).__name__,)
        elapsed = time.perf_counter() - started
        print(f"{label}: {size * rounds / elapsed / 1e6:.1f} MB/s over {size / 1e3:.0f} kB x {rounds}")
        for name, html in pages.items():
            refs, paragraphs = expected(html)
            print(f"    {name}: found {found[name][1:] if len(found[name]) > 1 else found[name]}"
                  f" of (markers {refs}, paragraphs {paragraphs})")
        for case, html in hostile().items():
            started = time.perf_counter()
            try:
                result = walk(html)
                outcome = f"ok, {result[0]} characters of text"
            except RecursionError:
                outcome = "RecursionError"
            except Exception as error:
                outcome = type(error).__name__
            print(f"    {case}: {outcome} in {time.perf_counter() - started:.3f} s")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
