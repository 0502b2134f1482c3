"""Fetching article revisions from any MediaWiki through its Action API.

The client learns once what the wiki speaks (``meta=siteinfo``: version,
server, article path; kept beside the cached revisions) and asks accordingly.
It follows Wikimedia's API etiquette: an identifying User-Agent with a contact
(required for Wikimedia wikis), ``maxlag=5`` on every request with a pause and
retry when the database is lagged, Retry-After honoured on 429 and 503,
exponential backoff for timeouts and server errors, a bounded number of
attempts, gzip, and one request at a time. HTTP itself, bounded in time and
bytes, is ``transport.py``; reading the answers of every MediaWiki generation
is ``api_responses.py``. Revisions asked for by id are served from a disk
cache when possible, because a saved revision never changes.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import auditor
from auditor.errors import FetchError, UserError
from auditor.sources import api_responses, siteinfo
from auditor.sources.revision_cache import RevisionCache
from auditor.sources.siteinfo import SiteInfo
from auditor.sources.transport import MIB, Answer, Limits, Retry, Transport, query_url, requests_version
from auditor.sources.wikis import (
    category_title, check_contact, check_oldid, check_title, is_wikimedia_host, permalink, resolve_api_url,
)

__all__ = [
    "Revision", "WikiClient", "is_wikimedia_host", "permalink", "resolve_api_url", "user_agent",
]

_REVISION_PARAMS = {"action": "query", "prop": "revisions", "rvprop": "ids|timestamp|content"}
_CATEGORY_PARAMS = {"action": "query", "list": "categorymembers", "cmtype": "page|subcat",
                    "cmnamespace": "0|14", "cmprop": "ids|title", "cmlimit": "max"}


@dataclass(frozen=True)
class Revision:
    """One revision of one page, as fetched, with where it came from and what the wiki said of it.

    ``revision``, ``timestamp`` and ``url`` are None when the wiki left the ids out.
    """

    title: str
    requested_title: str
    redirected_from: str | None
    page_id: int
    revision: int | None
    parent: int | None
    timestamp: str | None
    text: str
    api_url: str
    wiki: str
    url: str | None
    normalized_from: str | None = None
    warnings: tuple[str, ...] = ()
    page_url: str | None = None
    edit_url: str | None = None
    content_format: str = "wikitext"  # "html": the rendered page (Parsoid HTML from the REST API)
    lang: str | None = None  # the wiki's language: siteinfo's, else read from the host


def asked_title(title: str | None, fields: dict[str, Any]) -> str:
    """The title a revision asked for by id was requested as: the one given with it, else its own."""
    return title.strip() if title and title.strip() else fields["title"]


def user_agent(contact: str | None) -> str:
    """The User-Agent Wikimedia asks for: tool/version (contact) library/version."""
    if contact is None:
        return f"auditor/{auditor.__version__} requests/{requests_version()}"
    return f"auditor/{auditor.__version__} ({contact}) requests/{requests_version()}"


#: Seconds of waiting for the wiki after which the client says what it waits for (when it has a ``notify``).
NOTICE_AFTER = 3.0


class WikiClient:
    """A polite, retrying, bounded client for one wiki's Action API.

    ``log`` gets one dict per HTTP attempt: method, url, status (None when no
    answer came), outcome ("ok", "maxlag", "http-429", "read-timeout", ...) and
    waited (seconds slept after this attempt before the next one). Each answer
    is bounded by ``timeout`` (connect, read), ``total`` seconds and
    ``max_bytes`` (on the wire and once decompressed); a category listing by
    ``max_list_requests`` requests. ``notify`` gets one line before each wait for a retry once the
    request has taken, or would take with the wait, ``NOTICE_AFTER`` seconds or more: what failed, which
    retry of how many, and the wait.
    """

    def __init__(
        self, api_url: str, contact: str | None, *, cache_dir: Path | None = None,
        max_retries: int = 5, timeout: tuple[float, float] = (10.0, 60.0), maxlag: int = 5,
        sleep: Callable[[float], Any] = time.sleep, max_wait: float = 120.0, total: float = 120.0,
        max_bytes: int = 32 * MIB, max_list_requests: int = 1000, notify: Callable[[str], Any] | None = None,
    ) -> None:
        self.api_url = api_url
        self.wiki = urlsplit(api_url).netloc
        self.contact = check_contact(contact, self.wiki)
        self.cache_dir = cache_dir
        self.cache = RevisionCache(cache_dir, api_url) if cache_dir is not None else None
        self.max_retries, self.maxlag = max_retries, maxlag
        self.sleep, self.max_wait, self.max_list_requests = sleep, max_wait, max_list_requests
        self.log: list[dict[str, Any]] = []
        self.notify = notify
        limits = Limits(connect=timeout[0], read=timeout[1], total=total, max_wire=max_bytes, max_body=max_bytes)
        self.transport = Transport(user_agent(self.contact), limits)
        self._site: SiteInfo | None = None

    def close(self) -> None:
        """Close the HTTP connections."""
        self.transport.close()

    def __enter__(self) -> WikiClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def site(self) -> SiteInfo:
        """What the wiki speaks, asked once (or read from the cache); guessed when the wiki refuses."""
        if self._site is None:
            self._site = self._learn_site()
        return self._site

    def _learn_site(self) -> SiteInfo:
        stored = self.cache.get_site() if self.cache else None
        site = SiteInfo.from_json(stored) if stored else None
        if site is not None:
            return site
        data = self.request(siteinfo.PARAMS, speaks={"format": "json", "formatversion": "2"}, errors=False)
        if api_responses.api_error(data) is not None:
            return siteinfo.guessed(self.api_url)  # a wiki that refuses siteinfo is still read
        try:
            site = siteinfo.read_siteinfo(data, self.api_url, self.wiki)
        except FetchError:
            return siteinfo.guessed(self.api_url)
        if self.cache is not None:
            self.keep(self.cache.put_site, site.to_json())
        return site

    def fetch(self, title: str | None = None, oldid: int | None = None) -> Revision:
        """Fetch revision ``oldid`` (from the cache if stored) or the latest of ``title``.

        When both are given the revision id decides; ``title`` is only recorded
        as the requested title.
        """
        redirected = normalized = None
        warnings: tuple[str, ...] = ()
        if oldid is not None:
            oldid = check_oldid(oldid)
            fields = self.cache.get(oldid) if self.cache else None
            if fields is None:
                data = self._revisions({"revids": str(oldid)})
                fields = api_responses.read_revision(data, f"revision {oldid}", self.wiki, oldid=oldid)
                warnings = api_responses.warnings_of(data)
                self._store(fields)
            requested = asked_title(title, fields)
        else:
            requested = check_title(title)
            data = self._revisions({"titles": requested, "redirects": "1"})
            fields = api_responses.read_revision(data, repr(requested), self.wiki, title=requested)
            redirected = api_responses.redirect_source(data["query"], requested)
            normalized = api_responses.normalized_from(data["query"], requested)
            warnings = api_responses.warnings_of(data)
            self._store(fields)
        return self.revision(fields, requested, redirected_from=redirected, normalized_from=normalized,
                             warnings=warnings)

    def revision(self, fields: dict[str, Any], requested: str, content_format: str = "wikitext",
                 redirected_from: str | None = None, normalized_from: str | None = None,
                 warnings: tuple[str, ...] = ()) -> Revision:
        """A fetched revision's fields (title, page_id, revision, parent, timestamp, text) as a Revision, with
        this wiki's links and language: the one builder of the Action API's and the REST API's revisions."""
        site = self.site
        return Revision(
            requested_title=requested, redirected_from=redirected_from, normalized_from=normalized_from,
            warnings=warnings, api_url=self.api_url, wiki=self.wiki,
            url=site.permalink(fields["revision"]) if fields["revision"] else None,
            page_url=site.page_url(fields["title"]), edit_url=site.edit_url(fields["title"]),
            lang=site.lang or siteinfo.host_language(self.api_url), content_format=content_format, **fields,
        )

    def _revisions(self, which: dict[str, str]) -> dict[str, Any]:
        return self.request({**_REVISION_PARAMS, **self.site.revision_params(), **which})

    def category_members(self, category: str, depth: int = 0) -> Iterator[str]:
        """Main-namespace titles in ``category`` and its subcategories to ``depth``.

        Breadth first; every category and title is visited once, so cycles
        (A in B, B in A) end. Raises UserError when nothing is found.
        """
        root = category_title(category)
        seen_categories, seen_titles = {root}, set()
        level = [root]
        for current_depth in range(max(0, depth) + 1):
            next_level = []
            for cat in level:
                for ns, name in self._members(cat):
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

    def _members(self, category: str) -> Iterator[tuple[int, str]]:
        """Every member of one category, following ``continue`` until it ends, repeats, or runs too long."""
        base = {**_CATEGORY_PARAMS, "cmtitle": category}
        params = {**base, "continue": ""}  # "" asks 1.21-1.25 for the new-style continuation
        seen: set[tuple[tuple[str, str], ...]] = set()
        for _ in range(self.max_list_requests):
            data = self.request(params)
            yield from api_responses.category_members(data, self.wiki)
            cursor = api_responses.next_continue(data, self.wiki)
            if cursor is None:
                return
            key = tuple(sorted(cursor.items()))
            if key in seen:
                raise FetchError(f"{self.wiki}: the wiki sent the same 'continue' cursor twice "
                                 f"listing {category!r}; stopped")
            seen.add(key)
            # The whole object goes back: it may hold several module cursors.
            params = {**base, **cursor}
        raise FetchError(f"{self.wiki}: {category!r} was still not complete after "
                         f"{self.max_list_requests} requests; stopped")

    def _store(self, fields: dict[str, Any]) -> None:
        if self.cache is not None and fields["revision"] is not None:
            self.keep(self.cache.put, fields)

    @staticmethod
    def keep(put: Callable[[dict[str, Any]], None], record: dict[str, Any]) -> None:
        """Write a record to the disk cache; a cache that cannot be written is the user's to fix."""
        try:
            put(record)
        except OSError as exc:
            raise UserError(f"cannot write the revision cache: {exc}") from None

    def request(self, params: dict[str, str], *, speaks: dict[str, str] | None = None,
                errors: bool = True) -> dict[str, Any]:
        """GET the API with ``params``; retry what is worth retrying; return the JSON object.

        ``speaks`` overrides the format parameters the wiki is known to speak;
        with ``errors=False`` an API error answer is returned instead of raised.
        """
        fmt = self.site.speaks() if speaks is None else speaks
        url = query_url(self.api_url, {**params, **fmt, "maxlag": str(self.maxlag)})
        return self._retrying(url, lambda answer, retry_after, backoff, entry:
                              self._read_json(answer, retry_after, backoff, entry, errors))

    def get(self, url: str, what: str, read: Callable[..., tuple[Any, float]]) -> Any:
        """GET another of the wiki's APIs (REST) with the same retries and bounds; 404 and 410: ``what`` is missing.

        ``read(answer, retry_after, backoff, log_entry)`` turns a 200 answer into (value, 0) or (None, wait).
        """
        return self._retrying(url, read, missing=f"{self.wiki}: {what} does not exist (or was deleted)")

    def _retrying(self, url: str, read: Callable[..., tuple[Any, float]], missing: str | None = None) -> Any:
        """GET ``url`` until ``read`` accepts an answer, waiting as the wiki asks; bounded in attempts and waits."""
        attempts = self.max_retries + 1
        started = time.monotonic()
        for attempt in range(attempts):
            entry = {"method": "GET", "url": url, "status": None, "outcome": "", "waited": 0.0}
            self.log.append(entry)
            data, wait = self._attempt(url, attempt, entry, read, missing)
            if data is not None:
                return data
            if attempt + 1 == attempts:
                break
            if wait > self.max_wait:
                raise FetchError(f"{self.wiki}: asked to wait {wait:.0f} s after "
                                 f"{entry['outcome']}, more than the {self.max_wait:.0f} s allowed")
            entry["waited"] = wait
            if self.notify is not None and time.monotonic() - started + wait >= NOTICE_AFTER:
                self.notify(f"{self.wiki}: {entry['outcome']}; retry {attempt + 1} of {self.max_retries} "
                            f"in {wait:.0f} s")
            self.sleep(wait)
        raise FetchError(f"{self.wiki}: gave up after {attempts} attempts "
                         f"(last: {entry['outcome']})")

    def _attempt(self, url: str, attempt: int, entry: dict[str, Any], read: Callable[..., tuple[Any, float]],
                 missing: str | None) -> tuple[Any, float]:
        """One HTTP attempt: (what ``read`` made of it, 0) on success, (None, wait) to retry; raises if final."""
        backoff = min(self.max_wait, 2.0 ** attempt)
        try:
            answer = self.transport.get(url, self.wiki)
        except Retry as retry:
            entry["outcome"] = retry.outcome
            return None, backoff
        except FetchError:
            entry["outcome"] = "over-limit"
            raise
        entry["status"] = status = answer.status
        retry_after = api_responses.retry_after_seconds(answer.header("Retry-After"))
        if status == 429 or status >= 500:
            entry["outcome"] = f"http-{status}"
            usable = retry_after if status in (429, 503) else None
            return None, backoff if usable is None else usable
        if status in (404, 410) and missing is not None:
            entry["outcome"] = f"http-{status}"
            raise UserError(missing)
        if status != 200:
            raise FetchError(f"{self.wiki}: HTTP {status} from {url.split('?')[0]}")
        return read(answer, retry_after, backoff, entry)

    def _read_json(self, answer: Answer, retry_after: float | None, backoff: float,
                   entry: dict[str, Any], errors: bool) -> tuple[Any, float]:
        try:
            data = json.loads(answer.body)
        except RecursionError:
            entry["outcome"] = "too-deep"
            raise FetchError(f"{self.wiki}: the answer is JSON nested too deeply to be an API answer") from None
        except ValueError:
            if "json" not in (answer.header("Content-Type") or ""):
                raise FetchError(f"{self.api_url} did not answer with JSON; "
                                 "is it a MediaWiki api.php?") from None
            entry["outcome"] = "invalid-json"
            return None, backoff
        if not isinstance(data, dict):
            entry["outcome"] = "not-an-object"
            raise FetchError(f"{self.wiki}: unexpected answer (JSON {type(data).__name__}, not an object)")
        error = api_responses.api_error(data, answer.header("MediaWiki-API-Error"))
        if error is not None and error[0] == "maxlag":
            entry["outcome"] = "maxlag"
            return None, 5.0 if retry_after is None else retry_after
        if error is not None:
            entry["outcome"] = f"error-{error[0]}"
            if errors:
                api_responses.raise_api_error(*error, self.wiki)
            return data, 0.0
        entry["outcome"] = "ok"
        return data, 0.0
