"""Writing reports: atomically, so a failed write never leaves half a report behind."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

from auditor.errors import UserError

_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def safe_filename(title: str, suffix: str) -> str:
    """A file name made from an article title that cannot leave its folder.

    >>> safe_filename("../../etc/passwd", ".html")
    'etc_passwd.html'
    """
    name = unicodedata.normalize("NFC", title)
    name = re.sub(r"[\x00-\x1f/\\:*?\"<>|]+", "_", name).strip(" ._")
    name = re.sub(r"_+", "_", name.replace(" ", "_"))[:120] or "article"
    if name.split(".")[0].lower() in _RESERVED:
        name = f"_{name}"
    return name + suffix


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, text: str) -> None:
    """Write text to ``path`` through a temporary file and a rename."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise UserError(f"{path}: cannot write: {error.strerror}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes 0600; a report is an ordinary file
        os.replace(temp, path)
    except OSError as error:
        Path(temp).unlink(missing_ok=True)
        raise UserError(f"{path}: cannot write: {error.strerror}") from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
