"""A disk cache of fetched revisions, keyed by wiki and revision id.

A revision never changes once saved, so a cached copy is as good as a fresh
one for as long as the file exists. Only *asking for a revision id* can be
answered from here: "the latest revision of a title" changes, so the client
always asks the wiki for it (and may store what it got).

Layout: ``<root>/<wiki-slug>/<revid>.json``, one JSON object per revision, and
``<root>/<wiki-slug>/siteinfo.json``: what the wiki said of itself, kept for a
day (a wiki is upgraded now and then; its revisions never change).
Writes go through a temporary file and ``os.replace`` so a crash never
leaves half a file; an unreadable or foreign file is treated as a miss.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

SCHEMA = 1
FIELDS = ("title", "page_id", "revision", "parent", "timestamp", "text")
SITEINFO_DAYS = 1


def wiki_slug(api_url: str) -> str:
    """A directory name for one wiki: host and API path, filesystem-safe."""
    parts = urlsplit(api_url)
    return re.sub(r"[^A-Za-z0-9.-]+", "_", f"{parts.netloc}{parts.path}").strip("_")


class RevisionCache:
    """Revisions of one wiki stored under ``root``."""

    def __init__(self, root: Path, api_url: str) -> None:
        self.api_url = api_url
        self.directory = Path(root) / wiki_slug(api_url)

    def path(self, revid: int) -> Path:
        """Where revision ``revid`` is (or would be) stored."""
        return self.directory / f"{int(revid)}.json"

    def get(self, revid: int) -> dict[str, Any] | None:
        """The stored fields of ``revid``, or None when absent or unusable."""
        try:
            record = json.loads(self.path(revid).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if (
            not isinstance(record, dict)
            or record.get("schema") != SCHEMA
            or record.get("api_url") != self.api_url
            or record.get("revision") != revid
            or any(name not in record for name in FIELDS)
        ):
            return None
        return {name: record[name] for name in FIELDS}

    def put(self, fields: dict[str, Any]) -> None:
        """Store one revision's fields atomically (last writer wins, same content)."""
        record = {"schema": SCHEMA, "api_url": self.api_url}
        record.update({name: fields[name] for name in FIELDS})
        self._write(self.path(fields["revision"]), record)

    def get_site(self, now: float | None = None) -> dict[str, Any] | None:
        """The stored siteinfo record, or None when absent, foreign or older than a day."""
        try:
            record = json.loads((self.directory / "siteinfo.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        current = time.time() if now is None else now
        if (not isinstance(record, dict) or record.get("schema") != SCHEMA
                or record.get("api_url") != self.api_url or not isinstance(record.get("site"), dict)
                or not isinstance(record.get("fetched"), (int, float))
                or not 0 <= current - record["fetched"] < SITEINFO_DAYS * 86400):
            return None
        return record["site"]

    def put_site(self, site: dict[str, Any], now: float | None = None) -> None:
        """Store what the wiki said of itself, with the time it said it."""
        self._write(self.directory / "siteinfo.json", {
            "schema": SCHEMA, "api_url": self.api_url, "site": site,
            "fetched": time.time() if now is None else now})

    def _write(self, path: Path, record: dict[str, Any]) -> None:
        """Write through a temporary file and a rename, so a crash never leaves half a file."""
        self.directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".rev-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(record, handle, ensure_ascii=False, sort_keys=True)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
