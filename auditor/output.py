"""Writing reports: atomically, so a failed write never leaves half a report behind."""

from __future__ import annotations

import os
import re
from pathlib import Path

from auditor.errors import UserError

_DIGITS = [*"123456789", "\u00b9", "\u00b2", "\u00b3"]  # Windows reserves COM\u00b9 too
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in _DIGITS), *(f"lpt{i}" for i in _DIGITS)}
#: Bytes a name may take: file systems allow 255, and write_atomic's temporary name adds about 20.
_MAX_BYTES = 200
_SURROGATE = re.compile("[\ud800-\udfff]")


def utf8(text: str) -> bytes:
    """A report's bytes. A lone surrogate, which no UTF-8 can carry (Python keeps an undecodable byte of a
    file name as one; a wiki's JSON may escape one), is written as U+FFFD, as a decoder shows a bad byte:
    written through a stream with surrogateescape (stdout in a C.UTF-8 locale), it would have put the raw
    byte into the report, and JSON, SARIF and HTML readers refuse a file that is not UTF-8."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text).encode("utf-8")


def writable(text: str) -> str:
    """``text`` as utf8 writes it, for a stream that takes text."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text


def safe_filename(title: str, suffix: str) -> str:
    """A file name made from an article title that cannot leave its folder.

    >>> safe_filename("../../etc/passwd", ".html")
    'etc_passwd.html'
    """
    import unicodedata

    name = unicodedata.normalize("NFC", title)
    # Format characters (bidi overrides, zero-width) could disguise a name's real extension.
    name = "".join("_" if unicodedata.category(ch) == "Cf" else ch for ch in name)
    name = re.sub(r"[\x00-\x1f\x7f/\\:*?\"<>|]+", "_", name).strip(" ._")
    name = re.sub(r"_+", "_", name.replace(" ", "_"))[:120]
    name = utf8(name)[:_MAX_BYTES].decode("utf-8", "ignore").rstrip(" ._") or "article"
    if name.split(".")[0].lower() in _RESERVED:
        name = f"_{name}"
    return name + suffix


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, text: str) -> None:
    """Write text to ``path`` through a temporary file and a rename."""
    import tempfile  # here: it imports shutil, random and the compressors, which only writing needs

    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise UserError(f"{path}: cannot write: {error.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(utf8(text))
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes 0600; a report is an ordinary file
        os.replace(temp, path)
    except OSError as error:
        Path(temp).unlink(missing_ok=True)
        raise UserError(f"{path}: cannot write: {error.strerror}") from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
