"""Article text from a file or stdin, with one clear error for every bad input.

Every local file the auditor reads as text (articles, titles files, source
lists, the files of a batch folder) goes through ``read_file``: regular files
only (a FIFO, a device such as /dev/zero or a socket is refused before a byte
is read, so none can hang a run or fill memory), at most a fixed number of
bytes (stdin too), decoded by ``decode``.
"""

from __future__ import annotations

import codecs
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from auditor.errors import UserError
from auditor.model import SourceInfo
from auditor.sources.pages import PageText, error_page, is_redirect_text

#: The largest article read, file or stdin. The longest Wikipedia articles are about 1.5 MB of wikitext.
MAX_ARTICLE_BYTES = 32 << 20
#: The largest list read (a titles file, a source list): every title of the English Wikipedia fits.
MAX_LIST_BYTES = 512 << 20

#: The files a folder given as input holds articles in (each read as its content says, whatever its name).
ARTICLE_SUFFIXES = (".wiki", ".txt")
#: The article files a batch takes by name: a saved page too (a folder's .html files are not read: they are as
#: likely reports as articles).
NAMED_SUFFIXES = (*ARTICLE_SUFFIXES, ".html", ".htm")


def article_files(folder: Path) -> list[str]:
    """The article files under a folder, sorted; hidden folders (.git, .venv) are skipped."""
    found = []
    for path in folder.rglob("*"):
        parts = path.relative_to(folder).parts
        if path.suffix in ARTICLE_SUFFIXES and not any(p.startswith(".") for p in parts[:-1]) and path.is_file():
            found.append(str(path))
    return sorted(found)


def expand_paths(paths: tuple[str, ...]) -> list[tuple[str, bool]]:
    """(path, found in a folder) for the paths given, each folder replaced by its article files.

    A folder without any is an error.
    """
    expanded = []
    for path in paths:
        if path != "-" and Path(path).is_dir():
            files = article_files(Path(path))
            if not files:
                raise UserError(f"{path}: no {' or '.join(ARTICLE_SUFFIXES)} files in this folder")
            expanded += [(file, True) for file in files]
        else:
            expanded.append((path, False))
    return expanded


#: Byte order marks, UTF-32 before UTF-16 (whose little-endian mark begins UTF-32's).
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
         (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"), (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
         (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"))


def decode(data: bytes, name: str) -> str:
    """Decode article bytes: UTF-8, or UTF-8/16/32 with a BOM (dropped); refuse binary and other encodings."""
    if not data.strip():
        raise UserError(f"{name}: the file is empty")
    codec, label = next(((c, label) for bom, c, label in _BOMS if data.startswith(bom)), ("utf-8", "UTF-8"))
    if codec == "utf-8" and b"\x00" in data[:8192]:
        hint = (" (it looks like UTF-16 without a byte order mark: convert it with "
                "`iconv -f UTF-16LE -t UTF-8`)" if _looks_like_utf16(data) else "")
        raise UserError(f"{name}: looks like a binary file, not article text{hint}")
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        raise UserError(
            f"{name}: not {label} text (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "save it as UTF-8 and try again"
        ) from None
    if not text.strip():
        raise UserError(f"{name}: the file is empty")
    return text


def _looks_like_utf16(data: bytes) -> bool:
    """Most odd (or even) bytes of the start are NUL: ASCII text saved as UTF-16."""
    sample = data[:4096]
    return len(sample) >= 4 and max(sample[0::2].count(0), sample[1::2].count(0)) >= len(sample) // 2 * 0.9


def read_file(path: str, what: str = "an article file", limit: int = MAX_ARTICLE_BYTES) -> str:
    """The text of a regular file of at most ``limit`` bytes; anything else is one clear UserError."""
    return decode(read_file_bytes(path, what, limit), path)


def read_file_bytes(path: str, what: str = "an article file", limit: int = MAX_ARTICLE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    The file is opened without waiting (O_NONBLOCK: a FIFO with no writer
    would block ``open`` itself), then refused unless it is a regular file.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UserError(f"{path}: is a directory, not {what}") from None
    except OSError as error:
        raise UserError(f"{path}: cannot read: {error.strerror}") from None
    kind = _not_regular(os.fstat(fd).st_mode)
    if kind:
        os.close(fd)
        raise UserError(f"{path}: is {kind}, not {what}" + ("" if kind == "a directory" else
                                                            " (only regular files are read)"))
    with os.fdopen(fd, "rb") as handle:
        return read_capped(handle, path, limit)


def read_capped(handle: BinaryIO, name: str, limit: int) -> bytes:
    """At most ``limit`` bytes of ``handle``; more is one clear UserError, never a full memory."""
    try:
        data = handle.read(limit + 1)
    except OSError as error:
        raise UserError(f"{name}: cannot read: {error.strerror}") from None
    if len(data) > limit:
        raise UserError(f"{name}: larger than {limit >> 20} MiB; not read")
    return data


def _not_regular(mode: int) -> str | None:
    """What a file that is not a regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    kinds = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def file_source(path: str) -> SourceInfo:
    """Where an article read from a path came from: the file as named, or stdin for '-'."""
    return SourceInfo("stdin", "<stdin>") if path == "-" else SourceInfo("file", path)


def read_source(path: str) -> tuple[str, SourceInfo]:
    """Read an article from a path, or from stdin when the path is '-'."""
    if path == "-":
        return decode(read_capped(sys.stdin.buffer, "<stdin>", MAX_ARTICLE_BYTES), "<stdin>"), file_source(path)
    return read_file(path), file_source(path)


def file_page(path: str, in_folder: bool = False, input_format: str = "auto", title: str | None = None,
              key: str | None = None, shown: str | None = None) -> PageText | None:
    """An article file (or '-', stdin) as a page; its record names it ``shown``, the path as the command
    line spelt it (default: ``path``, the path read).

    A file that cannot be read is an error page. A redirect page is one too when named, and skipped (None)
    when found in a folder. ``title`` names the article; without it the audit titles it (``titled``).
    ``key`` names the page within a batch run (default: the path).
    """
    key, source = key or path, file_source(shown or path)
    try:
        text, _ = read_source(path)
    except UserError as error:
        return error_page(key, title or Path(path).stem, source, str(error))
    if is_redirect_text(text):
        if in_folder:
            return None
        return error_page(key, title or Path(path).stem, source,
                          f"{path}: is a redirect page ({text.strip().splitlines()[0][:80]}), not an article")
    return PageText(key=key, title=title or Path(path).stem, text=text, source=source, input_format=input_format,
                    titled=title is not None)


def file_pages(paths: tuple[str, ...], input_format: str = "auto", title: str | None = None) -> Iterator[PageText]:
    """The pages of files (or '-' for stdin) in the order given, each folder's article files in its place."""
    for path, in_folder in expand_paths(paths):
        page = file_page(path, in_folder, input_format, title)
        if page is not None:
            yield page
