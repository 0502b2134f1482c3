"""Writing MediaWiki XML dumps: plain, bz2, and multistream bz2 with its index.

For tests and benchmarks (dumps built from real pages), and for anyone who
wants to batch-audit their own wikitext as a dump. Writes the export-0.10
shape that ``dumps.py`` reads.
"""

from __future__ import annotations

import bz2
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

HEADER = ('<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10" xml:lang="en">\n'
          "  <siteinfo>\n    <sitename>Wikipedia</sitename>\n    <dbname>{dbname}</dbname>\n"
          "    <base>https://en.wikipedia.org/wiki/Main_Page</base>\n"
          "    <generator>MediaWiki 1.42</generator>\n    <case>first-letter</case>\n"
          '    <namespaces>\n      <namespace key="0" case="first-letter" />\n'
          '      <namespace key="1" case="first-letter">Talk</namespace>\n    </namespaces>\n'
          "  </siteinfo>\n")
FOOTER = "</mediawiki>\n"


@dataclass(frozen=True)
class DumpPage:
    """A page to write: one revision."""

    title: str
    page_id: int
    revision: int
    text: str
    namespace: int = 0
    redirect: str | None = None
    timestamp: str = "2024-01-01T00:00:00Z"


def page_xml(page: DumpPage) -> str:
    """The ``<page>`` element of one page."""
    redirect = f"    <redirect title={quoteattr(page.redirect)} />\n" if page.redirect else ""
    return (f"  <page>\n    <title>{escape(page.title)}</title>\n    <ns>{page.namespace}</ns>\n"
            f"    <id>{page.page_id}</id>\n{redirect}    <revision>\n      <id>{page.revision}</id>\n"
            f"      <timestamp>{page.timestamp}</timestamp>\n      <model>wikitext</model>\n"
            f"      <format>text/x-wiki</format>\n"
            f'      <text xml:space="preserve" bytes="{len(page.text.encode())}">{escape(page.text)}</text>\n'
            f"    </revision>\n  </page>\n")


def write_dump(pages: Iterable[DumpPage], path: Path, dbname: str = "enwiki") -> None:
    """Write a one-stream dump (.xml, or .xml.bz2 compressed)."""
    opener = bz2.open if path.name.endswith(".bz2") else open
    with opener(path, "wt", encoding="utf-8") as out:
        out.write(HEADER.format(dbname=dbname))
        for page in pages:
            out.write(page_xml(page))
        out.write(FOOTER)


def write_multistream(pages: Iterable[DumpPage], path: Path, index: Path, per_stream: int = 100,
                      dbname: str = "enwiki") -> None:
    """Write a multistream .xml.bz2 (``per_stream`` pages a stream) and its index."""
    with open(path, "wb") as out, open(index, "w", encoding="utf-8") as lines:
        out.write(bz2.compress(HEADER.format(dbname=dbname).encode()))
        batch: list[DumpPage] = []
        for page in pages:
            batch.append(page)
            if len(batch) == per_stream:
                _write_stream(batch, out, lines)
                batch = []
        if batch:
            _write_stream(batch, out, lines)
        out.write(bz2.compress(FOOTER.encode()))


def _write_stream(batch: list[DumpPage], out, lines) -> None:
    offset = out.tell()
    out.write(bz2.compress("".join(page_xml(p) for p in batch).encode()))
    lines.writelines(f"{offset}:{p.page_id}:{p.title}\n" for p in batch)
