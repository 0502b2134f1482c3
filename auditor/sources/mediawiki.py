"""Fetching article revisions from a MediaWiki wiki through the Action API.

The only module that imports ``requests``. It follows Wikimedia's API
etiquette: an identifying User-Agent with a contact (required for Wikimedia
wikis), ``maxlag=5`` on every request with a pause and retry when the
database is lagged, Retry-After honoured on 429 and 503, exponential backoff
for timeouts and server errors, a bounded number of attempts, gzip, and one
request at a time. Revisions asked for by id are served from a disk cache
when possible, because a saved revision never changes.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests

import auditor
from auditor.errors import FetchError, UserError
from auditor.sources import api_responses
from auditor.sources.revision_cache import RevisionCache
from auditor.sources.wikis import (
    check_contact, is_wikimedia_host, permalink, resolve_api_url,
)

__all__ = [
    "Revision", "WikiClient", "is_wikimedia_host", "permalink", "resolve_api_url", "user_agent",
]

_REVISION_PARAMS = {
    "action": "query", "prop": "revisions", "rvprop": "ids|timestamp|content",
    "rvslots": "main",
}


@dataclass(frozen=True)
class Revision:
    """One revision of one page, as fetched, with where it came from."""

    title: str
    requested_title: str
    redirected_from: str | None
    page_id: int
    revision: int
    parent: int | None
    timestamp: str
    text: str
    api_url: str
    wiki: str
    url: str


def user_agent(contact: str | None) -> str:
    """The User-Agent Wikimedia asks for: tool/version (contact) library/version."""
    if contact is None:
        return f"auditor/{auditor.__version__} requests/{requests.__version__}"
    return f"auditor/{auditor.__version__} ({contact}) requests/{requests.__version__}"


class WikiClient:
    """A polite, retrying client for one wiki's Action API.

    ``log`` gets one dict per HTTP attempt: method, url, status (None when no
    answer came), outcome ("ok", "maxlag", "http-429", "read-timeout", ...) and
    waited (seconds slept after this attempt before the next one).
    """

    def __init__(
        self, api_url: str, contact: str | None, *, cache_dir: Path | None = None,
        max_retries: int = 5, timeout: tuple[float, float] = (10.0, 60.0), maxlag: int = 5,
        sleep: Callable[[float], Any] = time.sleep, max_wait: float = 120.0,
    ) -> None:
        self.api_url = api_url
        self.wiki = urlsplit(api_url).netloc
        self.contact = check_contact(contact, self.wiki)
        self.cache = RevisionCache(cache_dir, api_url) if cache_dir is not None else None
        self.max_retries, self.timeout, self.maxlag = max_retries, timeout, maxlag
        self.sleep, self.max_wait = sleep, max_wait
        self.log: list[dict[str, Any]] = []
        # One plain Session: connection reuse, no threads, one request in flight.
        self._session = requests.Session()
        self._session.headers.update(
            {"User-Agent": user_agent(self.contact), "Accept-Encoding": "gzip"}
        )

    def close(self) -> None:
        """Close the HTTP connections."""
        self._session.close()

    def __enter__(self) -> WikiClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, title: str | None = None, oldid: int | None = None) -> Revision:
        """Fetch revision ``oldid`` (from the cache if stored) or the latest of ``title``.

        When both are given the revision id decides; ``title`` is only recorded
        as the requested title.
        """
        if oldid is not None:
            oldid = _check_oldid(oldid)
            fields = self.cache.get(oldid) if self.cache else None
            redirected_from = None
            if fields is None:
                data = self.request({**_REVISION_PARAMS, "revids": str(oldid)})
                fields = api_responses.read_revision(data, f"revision {oldid}", self.wiki)
                self._store(fields)
            requested = title.strip() if title and title.strip() else fields["title"]
        else:
            requested = _check_title(title)
            params = {**_REVISION_PARAMS, "titles": requested, "redirects": "1"}
            data = self.request(params)
            fields = api_responses.read_revision(data, repr(requested), self.wiki)
            redirected_from = api_responses.redirect_source(data["query"])
            self._store(fields)
        return Revision(
            requested_title=requested, redirected_from=redirected_from, api_url=self.api_url,
            wiki=self.wiki, url=permalink(self.api_url, fields["revision"]), **fields,
        )

    def category_members(self, category: str, depth: int = 0) -> Iterator[str]:
        """Main-namespace titles in ``category`` and its subcategories to ``depth``.

        Breadth first; every category and title is visited once, so cycles
        (A in B, B in A) end. Raises UserError when nothing is found.
        """
        root = _category_title(category)
        seen_categories, seen_titles = {root}, set()
        level = [root]
        for current_depth in range(max(0, depth) + 1):
            next_level = []
            for cat in level:
                for member in self._members(cat):
                    ns, name = member.get("ns"), member.get("title")
                    if ns == 0 and name not in seen_titles:
                        seen_titles.add(name)
                        yield name
                    elif ns == 14 and current_depth < depth and name not in seen_categories:
                        seen_categories.add(name)
                        next_level.append(name)
            level = next_level
        if not seen_titles:
            raise UserError(f"{self.wiki}: no articles in {root!r} to depth {depth} "
                            "(check the name, or raise --depth)")

    def _members(self, category: str) -> Iterator[dict[str, Any]]:
        """Every member entry of one category, following ``continue`` to the end."""
        params = {
            "action": "query", "list": "categorymembers", "cmtitle": category,
            "cmtype": "page|subcat", "cmnamespace": "0|14", "cmprop": "ids|title",
            "cmlimit": "max",
        }
        while True:
            data = self.request(params)
            yield from (data.get("query") or {}).get("categorymembers") or []
            if "continue" not in data:
                return
            # The whole object goes back: it may hold several module cursors.
            params = {**params, **data["continue"]}

    def _store(self, fields: dict[str, Any]) -> None:
        if self.cache is None:
            return
        try:
            self.cache.put(fields)
        except OSError as exc:
            raise UserError(f"cannot write the revision cache: {exc}") from None

    def request(self, params: dict[str, str]) -> dict[str, Any]:
        """GET the API with ``params``; retry what is worth retrying; return the JSON."""
        query = {**params, "format": "json", "formatversion": "2", "maxlag": str(self.maxlag)}
        url = requests.Request("GET", self.api_url, params=query).prepare().url
        attempts = self.max_retries + 1
        for attempt in range(attempts):
            entry = {"method": "GET", "url": url, "status": None, "outcome": "", "waited": 0.0}
            self.log.append(entry)
            data, wait = self._attempt(url, attempt, entry)
            if data is not None:
                return data
            if attempt + 1 == attempts:
                break
            if wait > self.max_wait:
                raise FetchError(f"{self.wiki}: asked to wait {wait:.0f} s after "
                                 f"{entry['outcome']}, more than the {self.max_wait:.0f} s allowed")
            entry["waited"] = wait
            self.sleep(wait)
        raise FetchError(f"{self.wiki}: gave up after {attempts} attempts "
                         f"(last: {entry['outcome']})")

    def _attempt(self, url: str, attempt: int, entry: dict[str, Any]) -> tuple[Any, float]:
        """One HTTP attempt: (json, 0) on success, (None, wait) to retry; raises if final."""
        backoff = min(self.max_wait, 2.0 ** attempt)
        try:
            response = self._session.get(url, timeout=self.timeout)
        except requests.Timeout as exc:
            kind = "connect" if isinstance(exc, requests.ConnectTimeout) else "read"
            entry["outcome"] = f"{kind}-timeout"
            return None, backoff
        except requests.RequestException as exc:
            entry["outcome"] = f"{type(exc).__name__}"
            return None, backoff
        entry["status"] = status = response.status_code
        retry_after = api_responses.retry_after_seconds(response.headers.get("Retry-After"))
        if status == 429 or status >= 500:
            entry["outcome"] = f"http-{status}"
            usable = retry_after if status in (429, 503) else None
            return None, backoff if usable is None else usable
        if status != 200:
            raise FetchError(f"{self.wiki}: HTTP {status} from {self.api_url}")
        return self._read_json(response, retry_after, backoff, entry)

    def _read_json(self, response: requests.Response, retry_after: float | None,
                   backoff: float, entry: dict[str, Any]) -> tuple[Any, float]:
        try:
            data = json.loads(response.content)
        except ValueError:
            if "json" not in response.headers.get("Content-Type", ""):
                raise FetchError(f"{self.api_url} did not answer with JSON; "
                                 "is it a MediaWiki api.php?") from None
            entry["outcome"] = "invalid-json"
            return None, backoff
        error = data.get("error") if isinstance(data, dict) else None
        if isinstance(error, dict) and error.get("code") == "maxlag":
            entry["outcome"] = "maxlag"
            return None, 5.0 if retry_after is None else retry_after
        if isinstance(error, dict):
            entry["outcome"] = f"error-{error.get('code')}"
            api_responses.raise_api_error(error, self.wiki)
        if not isinstance(data, dict):
            entry["outcome"] = "invalid-json"
            return None, backoff
        entry["outcome"] = "ok"
        return data, 0.0


def _check_oldid(oldid: int) -> int:
    try:
        value = int(oldid)
    except (TypeError, ValueError):
        raise UserError(f"--oldid must be a revision number, got {oldid!r}") from None
    if value <= 0:
        raise UserError(f"--oldid must be a positive revision number, got {oldid!r}")
    return value


def _check_title(title: str | None) -> str:
    if title is None or not title.strip():
        raise UserError("give a page title or a revision id (--title or --oldid)")
    if "|" in title:
        raise UserError(f"a page title may not contain '|': {title!r}")
    return title.strip()


def _category_title(category: str) -> str:
    name = category.strip()
    if not name:
        raise UserError("give a category name, e.g. 'Category:Albanian resistance'")
    return name if name.lower().startswith("category:") else f"Category:{name}"
