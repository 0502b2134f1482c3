"""Article text from a file or stdin, with one clear error for every bad input."""

from __future__ import annotations

import sys
from pathlib import Path

from auditor.errors import UserError
from auditor.model import SourceInfo

#: The files a folder given as input holds articles in, and how each is read.
ARTICLE_SUFFIXES = {".wiki": "wikitext", ".txt": "auto"}


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


def decode(data: bytes, name: str) -> str:
    """Decode article bytes as UTF-8 (a BOM is dropped); refuse binary and other encodings."""
    if not data.strip():
        raise UserError(f"{name}: the file is empty")
    if b"\x00" in data[:8192]:
        raise UserError(f"{name}: looks like a binary file, not article text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UserError(
            f"{name}: not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "save it as UTF-8 and try again"
        ) from None


def read_source(path: str) -> tuple[str, SourceInfo]:
    """Read an article from a path, or from stdin when the path is '-'."""
    if path == "-":
        return decode(sys.stdin.buffer.read(), "<stdin>"), SourceInfo("stdin", "<stdin>")
    file = Path(path)
    if file.is_dir():
        raise UserError(f"{path}: is a directory, not an article file")
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except OSError as error:
        raise UserError(f"{path}: cannot read: {error.strerror}") from None
    return decode(data, path), SourceInfo("file", path)
