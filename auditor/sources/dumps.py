"""Pages from MediaWiki XML dumps (export-0.10 and older; .xml and .xml.bz2).

The only module that imports ``mwxml``. A dump is read as a stream: one page
at a time, so memory does not grow with the dump. Each page yields its latest
revision; redirects and pages outside the chosen namespaces are skipped.
"""

from __future__ import annotations

import bz2
import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

import mwxml

from auditor.errors import UserError
from auditor.model import SourceInfo
from auditor.sources.multistream import READ_SIZE
from auditor.sources.pages import PageText, is_redirect_text
from auditor.sources.siteinfo import dump_language, dump_links


def is_dump_path(path: Path) -> bool:
    """Whether a path names an XML dump by its file name."""
    return path.name.endswith((".xml", ".xml.bz2"))


def open_dump(path: Path) -> IO[bytes]:
    """Open a dump file for reading, decompressing .bz2 on the fly, READ_SIZE bytes at a time."""
    try:
        if path.name.endswith(".bz2"):
            return io.BufferedReader(bz2.BZ2File(path, "rb"), READ_SIZE)  # type: ignore[arg-type]
        return open(path, "rb")
    except OSError as error:
        raise UserError(f"{path}: cannot read: {error.strerror}") from None


def iter_dump_pages(path: Path, namespaces: Iterable[int] = (0,)) -> Iterator[PageText]:
    """Every page of a whole dump file (the latest revision of each)."""
    with open_dump(path) as stream:
        yield from read_pages(stream, path.name, namespaces)


def read_pages(stream: IO[bytes], name: str, namespaces: Iterable[int] = (0,)) -> Iterator[PageText]:
    """Pages of a dump stream in the chosen namespaces, redirects skipped."""
    wanted = frozenset(namespaces)
    try:
        dump = mwxml.Dump.from_file(stream)
    except Exception as error:  # mwxml raises bare errors from its XML reader
        raise UserError(f"{name}: not a MediaWiki XML dump ({error})") from None
    wiki = dump.site_info.dbname
    lang = dump_language(wiki, dump.site_info.base)
    for page in dump:
        if page.namespace not in wanted or page.redirect:
            for _ in page:  # the reader needs the page consumed before the next one
                pass
            continue
        latest = None
        for revision in page:
            if latest is None or (revision.id or 0) >= (latest.id or 0):
                latest = revision
        if latest is None or is_redirect_text(latest.text or ""):
            continue
        page_url, edit_url = dump_links(dump.site_info.base, page.title)
        source = SourceInfo("dump", name, wiki=wiki, revision=latest.id,
                            timestamp=str(latest.timestamp) if latest.timestamp else None,
                            page_url=page_url, edit_url=edit_url, lang=lang)
        yield PageText(key=f"{wiki or name}:{page.id}", title=page.title, text=latest.text or "",
                       source=source, page_id=page.id, namespace=page.namespace)
