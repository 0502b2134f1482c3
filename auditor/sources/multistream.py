"""Multistream bz2 dumps: the index, and reading the pages of one byte range.

A multistream dump (``*-multistream.xml.bz2``) is many bz2 streams laid end to
end: the first holds the ``<mediawiki><siteinfo>`` header, then each stream
holds about 100 pages, then a last one holds ``</mediawiki>``. Its index
(``*-multistream-index.txt[.bz2]``, lines ``offset:page_id:title``) gives the
byte offset where each page stream starts, so work can be split by byte ranges
and a range read without decompressing anything before it.
"""

from __future__ import annotations

import bz2
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO

from auditor.errors import UserError

FOOTER = b"</mediawiki>\n"
#: Bytes of XML decompressed at a time. The XML reader asks for 16 KB; decompressed 64 KB at a time, between
#: the audits of pages, the benchmark dump's pages took 5.2-6.3 ms each to read, and 3.2-4.3 ms at 4 MB:
#: libbz2 goes through a 900 KB block in one go instead of coming back to it after each page, its tables
#: gone from the cache.
READ_SIZE = 1 << 22


@dataclass(frozen=True)
class StreamIndex:
    """Where the page streams of a multistream dump start and end."""

    offsets: tuple[int, ...]
    pages: tuple[int, ...]
    end: int

    def ranges(self, streams_per_chunk: int) -> Iterator[tuple[int, int, int]]:
        """(start, end, pages) byte ranges of ``streams_per_chunk`` streams each."""
        bounds = (*self.offsets, self.end)
        for first in range(0, len(self.offsets), streams_per_chunk):
            last = min(first + streams_per_chunk, len(self.offsets))
            yield bounds[first], bounds[last], sum(self.pages[first:last])


def find_index(dump: Path) -> Path | None:
    """The index file next to a multistream dump, if there is one."""
    stem = dump.name.removesuffix(".xml.bz2")
    for suffix in ("-index.txt.bz2", "-index.txt"):
        candidate = dump.with_name(stem + suffix)
        if candidate.is_file():
            return candidate
    return None


def read_index(index: Path, dump: Path) -> StreamIndex:
    """Read an index into its stream offsets and page counts, and find where the last stream ends."""
    counts: dict[int, int] = {}
    opener = bz2.open if index.name.endswith(".bz2") else open
    try:
        with opener(index, "rt", encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                offset, sep, _ = line.partition(":")
                if not sep or not offset.isdigit():
                    raise UserError(f"{index}:{number}: expected 'offset:page_id:title', got {line.strip()!r}")
                counts[int(offset)] = counts.get(int(offset), 0) + 1
    except OSError as error:
        raise UserError(f"{index}: cannot read: {error.strerror or error}") from None
    if not counts:
        raise UserError(f"{index}: the index is empty")
    offsets = tuple(sorted(counts))
    end = _stream_end(dump, offsets[-1])
    return StreamIndex(offsets, tuple(counts[o] for o in offsets), end)


def _stream_end(dump: Path, start: int) -> int:
    """Where the bz2 stream that starts at ``start`` ends (the footer stream follows it).

    The footer stream is found from the end of the file; only when it is not there as expected, or another
    stream may start before it, is the stream decompressed to find its end (about 5 ms a page, before any
    worker can start).
    """
    with open(dump, "rb") as handle:
        footer = _footer_start(handle, start)
        if footer is not None and not _streams_between(handle, start, footer):
            return footer
    return _decompressed_end(dump, start)


def _streams_between(handle: BinaryIO, start: int, footer: int) -> bool:
    """Whether a bz2 stream may start between the one at ``start`` and the footer: an index that stops short
    of the dump (a partial or stale one) lists none of them, and they are not its pages. A stream's start
    found by chance inside compressed data only costs the decompression that finds the true end."""
    handle.seek(start + 1)
    return _STREAM_START.search(handle.read(footer - start - 1)) is not None


def _decompressed_end(dump: Path, start: int) -> int:
    """Where the bz2 stream that starts at ``start`` ends, by decompressing it."""
    decompressor = bz2.BZ2Decompressor()
    consumed = 0
    with open(dump, "rb") as handle:
        handle.seek(start)
        while not decompressor.eof:
            block = handle.read(1 << 16)
            if not block:
                raise UserError(f"{dump}: truncated bz2 stream at byte {start}")
            decompressor.decompress(block)
            consumed += len(block) - len(decompressor.unused_data)
    return start + consumed


#: The start of a bz2 stream: its magic, a block size, and the first block's magic (pi in BCD).
_STREAM_START = re.compile(rb"BZh[1-9]1AY&SY")
#: How far from the end of the file the footer stream is looked for.
_FOOTER_SPAN = 1 << 12


def _footer_start(handle: BinaryIO, after: int) -> int | None:
    """Where the last bz2 stream of the dump starts, if it begins after ``after`` and is the footer alone:
    one whole stream running to the end of the file, holding ``</mediawiki>`` and no page. Else None."""
    size = handle.seek(0, io.SEEK_END)
    first = max(after + 1, size - _FOOTER_SPAN)
    if first >= size:
        return None
    handle.seek(first)
    tail = handle.read()
    for found in reversed([m.start() for m in _STREAM_START.finditer(tail)]):
        decompressor = bz2.BZ2Decompressor()
        try:
            text = decompressor.decompress(tail[found:])
        except (OSError, ValueError):  # not a stream: a chance match inside compressed data
            continue
        if decompressor.eof and not decompressor.unused_data and b"</mediawiki>" in text and b"<page" not in text:
            return first + found
        return None
    return None


def read_header(dump: Path, first_offset: int) -> bytes:
    """The dump's header stream: ``<mediawiki ...><siteinfo>...</siteinfo>``."""
    with open(dump, "rb") as handle:
        return bz2.decompress(handle.read(first_offset))


class _Range(io.RawIOBase):
    """A read-only view of bytes [start, end) of a file."""

    def __init__(self, handle: IO[bytes], start: int, end: int) -> None:
        super().__init__()
        self._handle, self._left = handle, end - start
        handle.seek(start)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._handle.read(min(len(buffer), self._left))
        self._left -= len(data)
        buffer[: len(data)] = data
        return len(data)


class _Chain(io.RawIOBase):
    """Several readable streams read one after the other."""

    def __init__(self, *parts: IO[bytes], owned: IO[bytes] | None = None) -> None:
        super().__init__()
        self._parts, self._owned = list(parts), owned

    def close(self) -> None:
        if self._owned is not None:
            self._owned.close()
        super().close()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while self._parts:
            data = self._parts[0].read(len(buffer))
            if data:
                buffer[: len(data)] = data
                return len(data)
            self._parts.pop(0)
        return 0


def open_range(dump: Path, header: bytes, start: int, end: int) -> IO[bytes]:
    """A readable, well-formed XML document of the pages in bytes [start, end), streamed.

    The caller closes it (which closes the dump file).
    """
    handle = open(dump, "rb")
    pages = bz2.BZ2File(_Range(handle, start, end))
    return io.BufferedReader(_Chain(io.BytesIO(header), pages, io.BytesIO(FOOTER), owned=handle), READ_SIZE)
