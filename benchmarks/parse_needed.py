"""What parsing only what the audit needs could gain: MB/s of lighter passes against the full parse.

Prototype figures for docs/parsing-only-what-is-needed.md. On one article (default United-Kingdom.wiki),
in one process with the garbage collector paused, the median of the runs of:

- the full parse: ``mwparserfromhell.parse`` (C tokenizer and the library's Python builder);
- the audit's parse: the guard's pre-scan, the C tokenizer and auditor's builder (parse/wikitext/build.py);
- the C tokenizer alone (the floor of any tree built from its tokens);
- the tokenizer and builder, and the C tokenizer alone, on the text with tables, infoboxes and navboxes blanked (spaces, same length), their
  <ref>...</ref> and flag templates kept: what the tokenizer would read if those held no nodes;
- a regular-expression scan of what the audit needs from the markup: refs (with their span), the names of
  templates, headings, links' brackets, list markers and sentence ends; no tree, only (kind, offset) pairs.

Asserts nothing about time.

    python benchmarks/parse_needed.py [ARTICLE] [--runs N]
    valgrind --tool=callgrind python benchmarks/parse_needed.py --once K   # pass K alone, once (-1: none)
"""

from __future__ import annotations

import argparse
import gc
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import mwparserfromhell

from auditor.parse import guard
from auditor.parse.wikitext.build import _Builder, _tokenizer

ROOT = Path(__file__).parent.parent
DEFAULT = ROOT / "fixtures" / "wikitext" / "United-Kingdom.wiki"
#: What the audit reads from the markup, as one scan: each alternative a kind of mark.
NEEDED = re.compile(
    r"(?P<ref><ref\b[^>]*?/>|<ref\b[^>]*>.*?</ref\s*>)"
    r"|(?P<template>\{\{\s*[^{}|]+)"
    r"|(?P<heading>^=+[^=\n]+=+[ \t]*$)"
    r"|(?P<link>\[\[|\]\])"
    r"|(?P<item>^[*#:;]+)"
    r"|(?P<end>[.!?][\"')\]]*(?=\s))",
    re.S | re.M | re.I,
)
_BLOCK_TEMPLATE = re.compile(r"\{\{\s*(infobox|navbox|sidebar)[^{}|]*", re.I)
_KEEP = re.compile(r"<ref\b[^>]*?/>|<ref\b[^>]*>.*?</ref\s*>|\{\{\s*(?:citation needed|cn|fact|better source)[^{}]*\}\}",
                   re.S | re.I)


def _template_end(text: str, start: int) -> int:
    """Where the template opening at ``start`` closes (braces counted; the end of the text if never)."""
    depth, at = 0, start
    while at < len(text) - 1:
        pair = text[at:at + 2]
        if pair == "{{":
            depth, at = depth + 1, at + 2
            continue
        if pair == "}}":
            depth, at = depth - 1, at + 2
            if depth == 0:
                return at
            continue
        at += 1
    return len(text)


def blank_furniture(text: str) -> str:
    """``text`` with top-level tables and infobox/navbox/sidebar templates turned to spaces (newlines and
    offsets kept), except the refs and flag templates inside them."""
    spans = []
    for match in re.finditer(r"^\{\|.*?^\|\}", text, re.S | re.M):
        spans.append((match.start(), match.end()))
    for match in _BLOCK_TEMPLATE.finditer(text):
        spans.append((match.start(), _template_end(text, match.start())))
    out = list(text)
    for start, end in spans:
        keep = [m.span() for m in _KEEP.finditer(text, start, end)]
        at = start
        for keep_start, keep_end in keep + [(end, end)]:
            for i in range(at, keep_start):
                if out[i] != "\n":
                    out[i] = " "
            at = keep_end
    return "".join(out)


def _median_seconds(thunk: Callable[[], object], runs: int) -> float:
    thunk()
    spent = []
    for _ in range(runs):
        start = time.perf_counter()
        thunk()
        spent.append(time.perf_counter() - start)
    return statistics.median(spent)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--once", type=int, metavar="K", help="run pass K once and print nothing (for callgrind)")
    args = parser.parse_args()
    text = args.article.read_text("utf-8")
    tokenizer = _tokenizer(mwparserfromhell.__version__)
    guarded = guard.defuse(text).text
    blanked = blank_furniture(guarded)
    megabytes = len(text.encode("utf-8")) / 1e6
    passes = [
        ("full parse (mwparserfromhell.parse)", lambda: mwparserfromhell.parse(text, skip_style_tags=True)),
        ("audit's parse (guard, tokenizer, builder)",
         lambda: _Builder(tokenizer().tokenize(guard.defuse(text).text, 0, True)).build()),
        ("tokenizer and builder", lambda: _Builder(tokenizer().tokenize(guarded, 0, True)).build()),
        ("tokenizer and builder, furniture blanked", lambda: _Builder(tokenizer().tokenize(blanked, 0, True)).build()),
        ("C tokenizer alone", lambda: tokenizer().tokenize(guarded, 0, True)),
        ("C tokenizer, furniture blanked", lambda: tokenizer().tokenize(blanked, 0, True)),
        ("regex scan of the needed marks", lambda: [(m.lastgroup, m.start()) for m in NEEDED.finditer(text)]),
    ]
    gc.disable()
    if args.once is not None:
        if args.once >= 0:
            passes[args.once][1]()
        return
    print(f"article {args.article.name} ({megabytes * 1000:.0f} KB; "
          f"{sum(1 for a, b in zip(guarded, blanked) if a != b) / len(text):.1%} of it blanked as furniture), "
          f"{args.runs} runs, medians, garbage collector paused")
    full = None
    for name, thunk in passes:
        seconds = _median_seconds(thunk, args.runs)
        full = full or seconds
        print(f"{name:<44}{seconds * 1000:9.1f} ms{megabytes / seconds:9.1f} MB/s{full / seconds:7.1f}x")
    marks = NEEDED.findall(text)
    print(f"marks found by the scan: {len(marks)}")
    gc.enable()


if __name__ == "__main__":
    main()
