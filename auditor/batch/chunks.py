"""Splitting a batch's sources into chunks, and reading the pages of a chunk.

A chunk is the unit of work an engine hands out and the resume journal marks
done: a byte range of a multistream dump, a whole one-stream dump, a list of
files, or a list of titles. A chunk is small, picklable data: the pages are
read where the chunk is worked on, never loaded in the client.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from auditor.errors import UserError
from auditor.sources import multistream
from auditor.sources.dumps import is_dump_path, iter_dump_pages, read_pages
from auditor.sources.enterprise import is_enterprise_path, iter_enterprise_pages
from auditor.sources.files import NAMED_SUFFIXES, article_files, file_page
from auditor.sources.pages import PageText

@dataclass(frozen=True)
class Chunk:
    """One unit of work. ``pages`` is the expected page count when known (for the ETA)."""

    id: str
    kind: str  # "dump", "range", "enterprise", "files" or "titles"
    path: str = ""
    start: int = 0
    end: int = 0
    items: tuple[str, ...] = ()
    header: bytes = b""
    pages: int | None = None
    wiki: str = ""  # titles: the api.php URL
    contact: str | None = None
    rendered: bool = False  # titles: fetch the rendered pages (Parsoid HTML)
    shown: str = ""  # files: the folder (or the one file) as the command line spelt it; ``path`` is resolved


@dataclass(frozen=True)
class Plan:
    """How to split sources: chunk sizes and, for titles, which wiki to ask."""

    streams_per_chunk: int = 10
    files_per_chunk: int = 50
    titles_per_chunk: int = 50
    api_url: str = ""
    contact: str | None = None
    depth: int = 0
    rendered: bool = False


def source_key(source: str) -> str:
    """A source as a batch's store knows it, however it was spelled: paths resolved (relative, ``./x``,
    symlinks), ``titles:FILE`` with its file resolved, ``category:NAME`` as given."""
    if Path(source).exists():
        return str(Path(source).resolve())
    kind, _, name = source.partition(":")
    return f"titles:{Path(name).resolve()}" if kind == "titles" else source


def plan_chunks(sources: list[str], plan: Plan) -> list[Chunk]:
    """The chunks of every source, in order. Unknown or unreadable sources are user errors."""
    chunks: list[Chunk] = []
    for source in sources:
        if source.startswith(("titles:", "category:", "Category:")):
            chunks.extend(_title_chunks(source, plan))
            continue
        path = Path(source_key(source))  # chunk ids and page keys do not depend on the spelling
        if path.is_dir():
            chunks.extend(_file_chunks(path, plan.files_per_chunk, source))
        elif path.is_file() and is_dump_path(path):
            chunks.extend(_dump_chunks(path, plan.streams_per_chunk))
        elif path.is_file() and is_enterprise_path(path):
            chunks.append(Chunk(id=str(path), kind="enterprise", path=str(path)))
        elif path.is_file() and path.suffix in NAMED_SUFFIXES:  # one article, as `auditor audit FILE` reads it
            chunks.append(Chunk(id=str(path), kind="files", path=str(path.parent), items=(str(path),), pages=1,
                                shown=source))
        elif path.exists():
            raise UserError(f"{source}: not a dump (.xml, .xml.bz2, Enterprise .json.tar.gz), an article file "
                            "(.wiki, .txt, .html) or a folder of .wiki/.txt files")
        else:
            raise UserError(f"{source}: no such file or folder (titles:FILE and category:NAME name wiki pages)")
    return chunks


def _dump_chunks(path: Path, streams_per_chunk: int) -> Iterator[Chunk]:
    index = multistream.find_index(path) if path.name.endswith(".bz2") else None
    if index is None:
        yield Chunk(id=str(path), kind="dump", path=str(path))
        return
    streams = multistream.read_index(index, path)
    header = multistream.read_header(path, streams.offsets[0])
    for start, end, pages in streams.ranges(streams_per_chunk):
        yield Chunk(id=f"{path}@{start}-{end}", kind="range", path=str(path), start=start, end=end,
                    header=header, pages=pages)


def _file_chunks(folder: Path, size: int, shown: str) -> Iterator[Chunk]:
    files = article_files(folder)
    if not files:
        raise UserError(f"{folder}: no .wiki or .txt files in this folder")
    for number, first in enumerate(range(0, len(files), size)):
        part = tuple(files[first:first + size])
        yield Chunk(id=f"{folder}#{number}", kind="files", path=str(folder), items=part, pages=len(part),
                    shown=shown)


def read_chunk(chunk: Chunk, namespaces: tuple[int, ...]) -> Iterator[PageText]:
    """The pages of a chunk, read where the chunk is worked on."""
    if chunk.kind == "dump":
        yield from iter_dump_pages(Path(chunk.path), namespaces)
    elif chunk.kind == "enterprise":
        yield from iter_enterprise_pages(Path(chunk.path), namespaces)
    elif chunk.kind == "range":
        with multistream.open_range(Path(chunk.path), chunk.header, chunk.start, chunk.end) as stream:
            yield from read_pages(stream, Path(chunk.path).name, namespaces)
    elif chunk.kind == "files":
        for name in chunk.items:  # read and keyed by the resolved path, named as `auditor audit` names it
            page = file_page(name, in_folder=True, key=name, shown=_spelt(chunk, name))
            if page is not None:
                yield page
    else:
        yield from _title_pages(chunk)


def _spelt(chunk: Chunk, name: str) -> str:
    """A file of a chunk as the command line spelt it (its folder as given, then its path under the folder)."""
    if not chunk.shown:
        return name
    return chunk.shown if name == chunk.id else str(Path(chunk.shown) / Path(name).relative_to(chunk.path))


def _title_chunks(source: str, plan: Plan) -> Iterator[Chunk]:
    titles, key = _list_titles(source, plan), source_key(source)
    for number, first in enumerate(range(0, len(titles), plan.titles_per_chunk)):
        part = tuple(titles[first:first + plan.titles_per_chunk])
        yield Chunk(id=f"{key}#{number}", kind="titles", path=source, items=part, pages=len(part),
                    wiki=plan.api_url, contact=plan.contact, rendered=plan.rendered)


def _list_titles(source: str, plan: Plan) -> list[str]:
    """The titles named by ``titles:FILE`` (one a line, each once, # comments) or ``category:NAME``."""
    from auditor.sources.wiki_input import open_client, read_titles_file

    kind, _, name = source.partition(":")
    if kind == "titles":
        return read_titles_file(name)
    with open_client(plan.api_url, plan.contact) as client:
        return list(client.category_members(name, plan.depth))


def _title_pages(chunk: Chunk) -> Iterator[PageText]:
    """The latest revision of every title of a chunk, fetched as `auditor audit` fetches them, one request at a
    time; a title that cannot be fetched (FetchError included) is an error page and the run goes on."""
    from auditor.sources.wiki_input import fetcher, open_client, wiki_pages

    with open_client(chunk.wiki, chunk.contact) as client:
        yield from wiki_pages(fetcher(client, chunk.rendered), chunk.items, client.wiki, fatal=())
