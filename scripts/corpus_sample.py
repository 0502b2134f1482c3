"""Draw the sample points of a labelled-corpus article, independently of how auditor splits claims.

The points are character offsets drawn at random (fixed seed) from the text a reader could see: for
wikitext, the prose lines with refs, templates, comments, tables, headings and file links masked out;
for a copy, every line; for rendered HTML, the text between tags (scripts, styles, the head and comments
masked out). A person then writes down, for each point that falls in a claim, the claim as
the reader reads it (tests/corpus/README.md says how). Because the points do not come from auditor's
own output, a change in how it splits claims cannot change what is sampled.

    python scripts/corpus_sample.py fixtures/wikitext/Bodmin.wiki --seed 1 --count 45
    python scripts/corpus_sample.py fixtures/html/Mozilla.html --html --seed 11 --count 80
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

_OPENERS = (("{{", "}}"), ("{|", "|}"), ("<!--", "-->"))
_REF = re.compile(r"<ref[^>]*/>|<ref[^>]*>.*?</ref\s*>", re.S | re.I)
_FILE = re.compile(r"\[\[\s*(file|image|category)\s*:", re.I)
#: What a browser never shows of an HTML page: the head, scripts, styles, comments, and every tag.
_HTML_HIDDEN = re.compile(r"<head[\s>].*?</head\s*>|<(script|style)[\s>].*?</\1\s*>|<!--.*?-->|<[^>]*>", re.S | re.I)
_FURNITURE_LINE = re.compile(r"^\s*(=|\{\||\||!|\}\}|\{\{|__|#REDIRECT)", re.I)


def _mask_nested(text: str, mask: bytearray) -> None:
    """Mask every {{...}}, {|...|} and <!--...--> span, counting nesting."""
    for opener, closer in _OPENERS:
        depth, start, i = 0, 0, 0
        while i < len(text):
            if text.startswith(opener, i):
                if depth == 0:
                    start = i
                depth += 1
                i += len(opener)
            elif depth and text.startswith(closer, i):
                depth -= 1
                i += len(closer)
                if depth == 0:
                    mask[start:i] = b"\x01" * (i - start)
            else:
                i += 1


def visible_mask(text: str, wikitext: bool, html: bool = False) -> bytearray:
    """One byte per character: 0 where a reader could see prose, 1 where not."""
    mask = bytearray(len(text))
    if html:
        for match in _HTML_HIDDEN.finditer(text):
            mask[match.start():match.end()] = b"\x01" * (match.end() - match.start())
        return mask
    if not wikitext:
        return mask
    _mask_nested(text, mask)
    for match in _REF.finditer(text):
        mask[match.start():match.end()] = b"\x01" * (match.end() - match.start())
    for match in _FILE.finditer(text):
        mask[match.start():match.end()] = b"\x01" * (match.end() - match.start())
    offset = 0
    for line in text.splitlines(keepends=True):
        if _FURNITURE_LINE.match(line):
            mask[offset:offset + len(line)] = b"\x01" * len(line)
        offset += len(line)
    return mask


def sample(text: str, wikitext: bool, seed: int, count: int, html: bool = False) -> list[int]:
    """``count`` distinct offsets of visible letters, drawn with ``seed``, in drawing order."""
    mask = visible_mask(text, wikitext, html)
    candidates = [i for i, ch in enumerate(text) if not mask[i] and ch.isalpha()]
    rng = random.Random(seed)
    return rng.sample(candidates, min(count, len(candidates)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=45)
    parser.add_argument("--context", type=int, default=300)
    parser.add_argument("--text", action="store_true", help="the file is a copy of a rendered page")
    parser.add_argument("--html", action="store_true", help="the file is a rendered page's HTML")
    args = parser.parse_args()
    text = args.file.read_text("utf-8")
    for n, offset in enumerate(sample(text, not (args.text or args.html), args.seed, args.count, args.html), 1):
        line = text.count("\n", 0, offset) + 1
        before = text[max(0, offset - args.context):offset]
        after = text[offset:offset + args.context]
        sys.stdout.write(f"--- sample {n}: offset {offset}, line {line}\n{before}\u27e6HERE\u27e7{after}\n\n")


if __name__ == "__main__":
    main()
