"""Pages from Wikimedia Enterprise HTML dumps (``enwiki-NS0-YYYYMMDD-ENTERPRISE-HTML.json.tar.gz``).

A dump is a tar.gz of NDJSON files, one JSON record per article: ``name``, ``identifier`` (the page id),
``version.identifier`` (the revision), ``url``, ``namespace.identifier``, ``is_part_of.identifier`` (the
wiki), ``date_modified`` and ``article_body`` with its ``html`` (Parsoid's) and ``wikitext``. It is read as
a stream, one member and one line at a time, so memory does not grow with the dump; the HTML is audited.
A disambiguation page (Parsoid's ``mw:PageProp/disambiguation``) is reported as one, not audited.
"""

from __future__ import annotations

import json
import tarfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from auditor.errors import UserError
from auditor.model import SourceInfo
from auditor.sources.pages import PageText
from auditor.sources.siteinfo import dump_language

DISAMBIGUATION = "disambiguation page: not audited as an article"
_DISAMBIGUATION_MARK = 'property="mw:PageProp/disambiguation"'
_SUFFIXES = (".json.tar.gz", ".ndjson.tar.gz", ".ndjson", ".ndjson.gz")


def is_enterprise_path(path: Path) -> bool:
    """Whether a path names an Enterprise HTML dump (or one of its NDJSON files) by its file name."""
    return path.name.endswith(_SUFFIXES)


def iter_enterprise_pages(path: Path, namespaces: Iterable[int] = (0,)) -> Iterator[PageText]:
    """Every page of an Enterprise dump file, in the chosen namespaces."""
    wanted = frozenset(namespaces)
    try:
        if path.name.endswith(".tar.gz"):
            with tarfile.open(path, "r|gz") as archive:  # a stream: members are read in order, once
                for member in archive:
                    stream = archive.extractfile(member) if member.isfile() else None
                    if stream is not None:
                        yield from read_records(stream, f"{path.name}/{member.name}", wanted)
            return
        import gzip

        with (gzip.open(path, "rb") if path.name.endswith(".gz") else open(path, "rb")) as stream:
            yield from read_records(stream, path.name, wanted)
    except (OSError, tarfile.TarError, EOFError) as error:
        raise UserError(f"{path}: not a readable Enterprise HTML dump ({error})") from None


def read_records(stream: IO[bytes], name: str, namespaces: frozenset[int]) -> Iterator[PageText]:
    """The pages of one NDJSON stream; a line that is no record becomes an error page, the rest go on."""
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as error:
            yield PageText(key=f"{name}:{number}", title=f"{name} line {number}", text="",
                           source=SourceInfo("dump", name), error=f"not a JSON record: {error}")
            continue
        page = page_of(record, name, number)
        if page is not None and page.namespace in namespaces:
            yield page


def _identifier(record: dict[str, Any], field: str) -> Any:
    value = record.get(field)
    return value.get("identifier") if isinstance(value, dict) else None


def page_of(record: Any, name: str, number: int = 0) -> PageText | None:
    """One record as a page (None for a record without a body, a redirect stub)."""
    if not isinstance(record, dict):
        return PageText(key=f"{name}:{number}", title=f"{name} line {number}", text="",
                        source=SourceInfo("dump", name), error="not a JSON object")
    body = record.get("article_body")
    html = body.get("html") if isinstance(body, dict) else None
    if not isinstance(html, str) or not html.strip():
        return None
    wiki = _identifier(record, "is_part_of")
    page_id = record.get("identifier") if isinstance(record.get("identifier"), int) else None
    revision = _identifier(record, "version")
    namespace = _identifier(record, "namespace")
    title = str(record.get("name") or f"{name} line {number}")
    url = record.get("url") if isinstance(record.get("url"), str) else None
    language = _identifier(record, "in_language")
    source = SourceInfo("dump", name, wiki=str(wiki) if wiki else None,
                        lang=str(language) if language else dump_language(wiki, url),
                        revision=revision if isinstance(revision, int) else None,
                        timestamp=str(record["date_modified"]) if record.get("date_modified") else None,
                        page_url=url)
    return PageText(key=f"{wiki or name}:{page_id if page_id is not None else number}", title=title, text=html,
                    source=source, page_id=page_id, namespace=namespace if isinstance(namespace, int) else 0,
                    input_format="html", skipped=DISAMBIGUATION if _DISAMBIGUATION_MARK in html else None)
