"""Article text -> model, whichever form it comes in (wikitext, copied text or rendered HTML)."""

from __future__ import annotations

import re

from auditor.compiled import lazy_compile
from auditor.errors import UserError
from auditor.model import Article, ParseCode, Problem, SourceInfo
from auditor.parse.flagnames import load_flag_table

FORMATS = ("auto", "wikitext", "text", "html")
# Every branch opens with a plain character (a heading's first "=" and a table's "{" are tied to the line start by
# a lookbehind, not by "^"), so the engine finds the next candidate by its set of first characters and skips plain
# text in one tight loop; with "^" in front of two branches it tried every position of the text (callgrind,
# United-Kingdom.wiki: detect_format 16.9 M instructions). Same matches: (?<![^\n]=) after the "=" holds where the
# "=" opens the text or a line, as ^ does under re.M.
_WIKI_SIGNS = re.compile(r"\{\{|\}\}|\[\[|<ref[\s>/]|=(?<![^\n]=)=*[^=\n]+=+\s*$|'''|\{(?<![^\n]\{)\||&lt;ref", re.M)
_ESCAPED_MARKUP = lazy_compile(r"&lt;/?(ref|references|blockquote|small|br|div|span|sup|nowiki)\b", re.I)
_COPY_SIGNS = re.compile(r"(?<!\[)\[(\d{1,4}|[a-z]|note \d+)\](?!\])|\[citation needed\]|\[page needed\]")
_HTML_START = re.compile(r"\s*(<!doctype html|<html[\s>]|<div class=\"mw-parser-output\"|<section data-mw)", re.I)
_HTML_BLOCKS = re.compile(r"</p>|</li>|</h[1-6]>|<sup [^>]*class=\"[^\"]*reference", re.I)
_WIKI_ONLY = re.compile(r"\{\{|\[\[|=(?<![^\n]=)=*[^=\n]+=+\s*$", re.M)  # its heading read as _WIKI_SIGNS reads it
#: A marker standing in text, not inside a tag's text (">[1]<"): a copy's, never rendered HTML's.
_BARE_MARKER = lazy_compile(r"(?<![>\w])\[\d{1,4}\](?!<)")


#: What the last wikitext parse built (its tokens, tree and readers), when trees are held: see hold_trees.
_held: list[object] | None = None


def hold_trees() -> None:
    """Keep what each wikitext parse builds (tokens, tree, the readers' state) until the next parse replaces
    it, instead of freeing it once the article's model is read.

    For a process that ends in os._exit (launch's quick path), whose last article's tree is then never freed:
    freeing a large tree node by node is work the system would do at once with the process's memory (callgrind,
    United-Kingdom.wiki: 38 M instructions of 1,818 M). One parse is held at a time, so a run of many files
    holds no more than its largest; batch workers and library callers free each tree as before.
    """
    global _held
    _held = []


def hold(*objects: object) -> None:
    """Hold ``objects`` in place of the last parse's, where trees are held (hold_trees); else nothing."""
    if _held is not None:
        _held[:] = objects


def unescape_markup(text: str) -> str:
    """Wikitext saved still XML-escaped, as some dump exports are: ``&lt;ref&gt;`` for ``<ref>``.

    Only a text with no ``<`` at all and escaped tags is read so; its offsets are then those of the
    unescaped text (lines stay where they were).
    """
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")


def detect_format(text: str) -> str:
    """Decide from the content whether text is HTML, wikitext or a copy of a rendered page.

    HTML opens with a doctype, <html>, a parser-output division or a Parsoid section, or holds more
    closed paragraphs, items and headings than wikitext's templates, links and headings, and than markers
    outside tags (a copy of an article about HTML quotes "<p>Hello world!</p>" among its "[70]"s); wikitext
    shows templates, links, refs or == headings ==; a copy shows bracketed markers and none of those.
    """
    sample = text[:200_000]
    if _HTML_START.match(sample[:2000]):
        return "html"
    blocks = len(_HTML_BLOCKS.findall(sample))
    if blocks > 4 and blocks > 2 * len(_WIKI_ONLY.findall(sample)) and blocks > len(_BARE_MARKER.findall(sample)):
        return "html"
    # Counting stops once the verdict is settled: a copy's marker holds a "[", so its markers number at most
    # the "["s, and wiki signs past a quarter of those make it wikitext whatever the markers' count (on
    # United-Kingdom.wiki this reads 514 signs of 2,307 and no copy markers: 18 ms -> 2 ms).
    bound = max(2, sample.count("[") // 4)
    wiki = 0
    for wiki, _ in enumerate(_WIKI_SIGNS.finditer(sample), start=1):
        if wiki > bound:
            return "wikitext"
    copy = len(_COPY_SIGNS.findall(sample))
    return "wikitext" if wiki > max(2, copy // 4) or (wiki and not copy) else "text"


def parse_article(text: str, input_format: str, source: SourceInfo, title: str | None = None,
                  today: str = "", lang: str = "en") -> Article:
    """Parse one article's text into the model (``today``, the audit date, is what {{age}} counts to).

    ``lang`` is the wiki's language: its flag templates, section names and sentence rules.

    Line ends may be LF, CRLF or a lone CR (old Mac files, some copies): they become LF here, keeping
    every offset where it was (CRLF becomes a space and LF).
    """
    if "\r" in text:
        text = text.replace("\r\n", " \n").replace("\r", "\n")
    if "<" not in text and _ESCAPED_MARKUP.search(text):
        text = unescape_markup(text)
    if input_format == "auto":
        input_format = detect_format(text)
    flags = load_flag_table(lang)
    if input_format == "wikitext":
        from auditor.parse.text import guess_title
        from auditor.parse.wikitext import parse_wikitext

        sections, claims, orphans, references, problems, templates = parse_wikitext(text, flags, today, lang)
        title = title or guess_title("", source.name)
    elif input_format == "text":
        from auditor.parse.text import guess_title, parse_text
        from auditor.parse.textrefs import copied_references

        title = title or guess_title(text, source.name)
        sections, claims, orphans, problems = parse_text(text, title, flags, lang)
        references = copied_references(claims, text, orphans)
        templates = (0, 0)
    elif input_format == "html":
        from auditor.parse.html import html_title, parse_html
        from auditor.parse.text import guess_title

        sections, claims, orphans, references, problems, templates = parse_html(text, flags, lang)
        title = title or html_title(text) or guess_title("", source.name)
    else:
        raise UserError(f"unknown input format {input_format!r} (choose from {', '.join(FORMATS)})")
    return Article(
        title=title, input_format=input_format, source=source, sections=sections, claims=claims,
        references=references, orphans=orphans, problems=problems, size=len(text),
        inline_templates=templates[0], rendered_templates=templates[1], lang=lang,
    )


def parse_within(text: str, input_format: str, source: SourceInfo, title: str | None = None,
                 seconds: float = 0, today: str = "", lang: str = "en") -> Article:
    """Parse one article within a time budget (0: none).

    Past the budget the article comes back without claims and with a P904
    problem that says so, rather than hanging the run.
    """
    from auditor.parse import wikitext  # noqa: F401  (imported before a worker is forked)
    from auditor.parse.budget import BudgetExceeded, run_within
    from auditor.parse.text import guess_title

    try:
        return run_within(seconds, lambda: parse_article(text, input_format, source, title, today, lang))
    except BudgetExceeded:
        pass
    detected = detect_format(text) if input_format == "auto" else input_format
    message = (f"not parsed within the time budget of {seconds:g} s: no claims were read "
               "(raise time-budget in setup.cfg or --time-budget to try longer)")
    return Article(title=title or guess_title("" if detected == "wikitext" else text, source.name),
                   input_format=detected, source=source, problems=(Problem(ParseCode.TIME_BUDGET_EXCEEDED, message),),
                   size=len(text), lang=lang)


def budget_exceeded(article: Article) -> str | None:
    """The message of the article's time-budget problem, if its parse was cut short."""
    return next((p.message for p in article.problems if p.code == ParseCode.TIME_BUDGET_EXCEEDED), None)
