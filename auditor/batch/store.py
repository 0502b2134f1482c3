"""The output folder of a batch run: appended JSON lines, made durable by a journal.

articles.jsonl and claims.jsonl only grow by whole lines, flushed and fsynced
before the journal records their new sizes and the chunks now complete. On
start, both files are cut back to the sizes the journal last recorded, so a
run killed at any moment (Ctrl-C, a crash, kill -9) resumes with nothing lost
and nothing written twice. The journal's first line fingerprints the run, so
a folder is never resumed with different sources.

On open the journal and the files are checked against each other: a file
shorter than the journal says (cut by a crash of the machine, a full disk, a
copy) is cut back to the last commit it holds whole, never padded; a journal
line that is not an entry is skipped with a message; either way the journal is
rewritten to what the files hold, and the chunks concerned are read again
(pages already written skipped by key).
"""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from auditor.errors import UserError

ARTICLES, CLAIMS, JOURNAL = "articles.jsonl", "claims.jsonl", "journal.jsonl"
#: What writing to a folder that cannot take it fails with.
_WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EFBIG}


def _read_journal(path: Path, warn: Callable[[str], None]) -> tuple[list[dict[str, Any]], int, int]:
    """Whole journal lines, their size in bytes, and how many lines were skipped.

    A line cut short by a kill is dropped; a line that is not a journal entry
    (garbage) is skipped with a message: the chunks it marked done are read
    again, their pages already written skipped, so nothing is written twice.
    """
    entries, size, skipped = [], 0, 0
    if path.exists():
        with open(path, "rb") as lines:
            for number, line in enumerate(lines, 1):
                if not line.endswith(b"\n"):
                    break
                size += len(line)
                entry = _entry(line, first=number == 1)
                if entry is None and number == 1:
                    raise UserError(f"{path}: line 1 is not the fingerprint of a batch run; "
                                    "give another --out folder")
                if entry is None:
                    warn(f"auditor batch: {path}: line {number} is not a journal entry; skipped")
                    skipped += 1
                    continue
                entries.append(entry)
    return entries, size, skipped


def _entry(line: bytes, first: bool) -> dict[str, Any] | None:
    """A journal line read and checked: the run's fingerprint first, then commits; None for anything else."""
    try:
        entry = json.loads(line)
    except ValueError:
        return None
    if not isinstance(entry, dict):
        return None
    if first:
        return entry if isinstance(entry.get("run"), dict) else None
    sizes_ok = all(isinstance(entry.get(k), int) and entry[k] >= 0 for k in ("articles", "claims"))
    done = entry.get("done")
    return entry if sizes_ok and isinstance(done, list) and all(isinstance(c, str) for c in done) else None


def _consistent(folder: Path, entries: list[dict[str, Any]]) -> int:
    """How many journal entries the files still hold whole (a file cut below a commit loses it and later ones).

    A commit records sizes at line ends, so cutting the files back to the last
    commit they hold gives whole records only: never padding, never half a line.
    """
    held = {name: (folder / name).stat().st_size if (folder / name).exists() else 0 for name in (ARTICLES, CLAIMS)}
    kept = len(entries)
    while kept > 1 and (entries[kept - 1]["articles"] > held[ARTICLES] or entries[kept - 1]["claims"] > held[CLAIMS]):
        kept -= 1
    return kept


def iter_rows(path: Path) -> Iterator[dict[str, Any]]:
    """The records of a JSON-lines file, one at a time."""
    if path.exists():
        with open(path, encoding="utf-8", errors="replace") as lines:
            for number, line in enumerate(lines, 1):
                try:
                    yield json.loads(line)
                except ValueError:
                    raise UserError(f"{path}: line {number} is not a record (the file is damaged); "
                                    "move it away or give another --out folder") from None


class Store:
    """Append-only, resumable output of one run in ``folder``."""

    def __init__(self, folder: Path, fingerprint: dict[str, Any], warn: Callable[[str], None]) -> None:
        self.folder = folder
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UserError(f"{folder}: cannot create the output folder: {error.strerror}") from None
        entries, journal_size, skipped = _read_journal(folder / JOURNAL, warn)
        if entries and entries[0].get("run") != fingerprint:
            raise UserError(f"{folder}: holds the output of a different run; give another --out folder")
        kept, journal_entries = _consistent(folder, entries), len(entries)
        if kept < journal_entries:
            warn(f"auditor batch: {folder}: {ARTICLES} or {CLAIMS} is shorter than its journal says (cut?); "
                 f"resuming from the last commit they hold whole ({len(entries) - kept} of {len(entries) - 1} "
                 "commits read again)")
            entries = entries[:kept]
        sizes = entries[-1] if len(entries) > 1 else {"articles": 0, "claims": 0}
        self.done_chunks: set[str] = {c for e in entries[1:] for c in e.get("done", ())}
        self.resumed = len(entries) > 1
        self._articles = self._open(ARTICLES, sizes["articles"])
        self._claims = self._open(CLAIMS, sizes["claims"])
        if skipped or kept < journal_entries:
            journal_size = self._rewrite_journal(entries)
        self._journal = self._open(JOURNAL, journal_size)
        if not entries:
            self._append_journal({"run": fingerprint})

    def _rewrite_journal(self, entries: list[dict[str, Any]]) -> int:
        """Replace the journal by the entries the files hold (through a temporary file and a rename)."""
        data = b"".join(json.dumps(entry).encode() + b"\n" for entry in entries)
        temp = self.folder / (JOURNAL + ".tmp")
        with open(temp, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, self.folder / JOURNAL)
        return len(data)

    def _open(self, name: str, size: int) -> BinaryIO:
        handle = open(self.folder / name, "ab")
        handle.truncate(size)  # drop whatever was written after the last journal entry
        handle.seek(size)
        return handle

    def _append_journal(self, entry: dict[str, Any]) -> None:
        self._journal.write(json.dumps(entry).encode() + b"\n")
        self._journal.flush()
        os.fsync(self._journal.fileno())

    def open_chunk_keys(self) -> dict[str, set[str]]:
        """Keys of the pages already written, by chunk, for chunks not yet complete."""
        keys: dict[str, set[str]] = {}
        for row in iter_rows(self.folder / ARTICLES):
            if row["chunk"] not in self.done_chunks:
                keys.setdefault(row["chunk"], set()).add(row["key"])
        return keys

    def write(self, article_lines: list[str], claim_lines: list[str]) -> None:
        """Append lines (not yet durable: ``commit`` makes them so)."""
        self._articles.write("".join(line + "\n" for line in article_lines).encode())
        self._claims.write("".join(claim_lines).encode())

    def commit(self, done: list[str]) -> None:
        """Make everything written durable, and record the chunks now complete."""
        for handle in (self._articles, self._claims):
            handle.flush()
            os.fsync(handle.fileno())
        self._append_journal({"articles": self._articles.tell(), "claims": self._claims.tell(), "done": done})
        self.done_chunks.update(done)

    def close(self) -> None:
        """Close the files (after a last commit by the caller); every one, even when one fails."""
        failed = None
        for handle in (self._articles, self._claims, self._journal):
            try:
                handle.close()
            except OSError as error:
                failed = failed or error
        if failed:
            raise failed


@contextmanager
def writing(folder: Path) -> Iterator[None]:
    """Turn a failure to write the output (read-only folder, full disk, quota) into one line and exit 2."""
    try:
        yield
    except OSError as error:
        if error.errno not in _WRITE_ERRORS:
            raise
        raise UserError(f"{folder}: cannot write the batch output: {error.strerror}") from None
