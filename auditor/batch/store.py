"""The output folder of a batch run: appended JSON lines, made durable by a journal.

articles.jsonl and claims.jsonl only grow by whole lines, flushed and fsynced
before the journal records their new sizes and the chunks now complete. On
start, both files are cut back to the sizes the journal last recorded, so a
run killed at any moment (Ctrl-C, a crash, kill -9) resumes with nothing lost
and nothing written twice. The journal's first line fingerprints the run, so
a folder is never resumed with different sources.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from auditor.errors import UserError

ARTICLES, CLAIMS, JOURNAL = "articles.jsonl", "claims.jsonl", "journal.jsonl"


def _read_journal(path: Path) -> tuple[list[dict[str, Any]], int]:
    """Whole journal lines and their size in bytes; a line cut short by a kill is dropped."""
    entries, size = [], 0
    if path.exists():
        with open(path, "rb") as lines:
            for line in lines:
                if not line.endswith(b"\n"):
                    break
                entries.append(json.loads(line))
                size += len(line)
    return entries, size


def iter_rows(path: Path) -> Iterator[dict[str, Any]]:
    """The records of a JSON-lines file, one at a time."""
    if path.exists():
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                yield json.loads(line)


class Store:
    """Append-only, resumable output of one run in ``folder``."""

    def __init__(self, folder: Path, fingerprint: dict[str, Any]) -> None:
        self.folder = folder
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UserError(f"{folder}: cannot create the output folder: {error.strerror}") from None
        entries, journal_size = _read_journal(folder / JOURNAL)
        if entries and entries[0].get("run") != fingerprint:
            raise UserError(f"{folder}: holds the output of a different run; give another --out folder")
        sizes = entries[-1] if len(entries) > 1 else {"articles": 0, "claims": 0}
        self.done_chunks: set[str] = {c for e in entries[1:] for c in e.get("done", ())}
        self.resumed = len(entries) > 1
        self._articles = self._open(ARTICLES, sizes["articles"])
        self._claims = self._open(CLAIMS, sizes["claims"])
        self._journal = self._open(JOURNAL, journal_size)
        if not entries:
            self._append_journal({"run": fingerprint})

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
        """Close the files (after a last commit by the caller)."""
        for handle in (self._articles, self._claims, self._journal):
            handle.close()
