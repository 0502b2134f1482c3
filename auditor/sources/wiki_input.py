"""Articles from a live wiki, for `auditor audit` and `auditor batch` alike: contact, cache, client, pages.

Holds no HTTP itself (that is ``mediawiki.py``); it decides where the contact
and the cache directory come from, opens the one kind of client both commands
use, reads titles files, and turns fetched revisions into the pages
(sources/pages.py) every command audits.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from time import sleep
from typing import Any

from auditor.config import Config
from auditor.errors import FetchError, UserError
from auditor.model import SourceInfo
from auditor.sources.mediawiki import Revision, WikiClient, resolve_api_url
from auditor.sources.pages import PageText, error_page

#: (connect, read) timeouts in seconds; tests shorten them.
TIMEOUT = (10.0, 60.0)
DEFAULT_CACHE = "~/.cache/auditor"


def resolve_contact(option: str | None, config: Config) -> str | None:
    """The contact: --contact, else setup.cfg [auditor] contact, else $AUDITOR_CONTACT."""
    return option or config.contact or os.environ.get("AUDITOR_CONTACT") or None


def resolve_cache_dir(config: Config) -> Path:
    """The revision cache: setup.cfg cache-dir, else $AUDITOR_CACHE, else ~/.cache/auditor."""
    return Path(config.cache_dir or os.environ.get("AUDITOR_CACHE") or DEFAULT_CACHE).expanduser()


def open_client(api_url: str, contact: str | None, cache_dir: Path | None = None,
                notify: Callable[[str], Any] | None = None) -> WikiClient:
    """The one way a command opens a wiki client: the api.php URL, the contact, the revision cache (None:
    none); ``notify`` is told what the client waits for when it waits long (WikiClient)."""
    # `sleep` is looked up at call time so tests can replace it on this module.
    return WikiClient(api_url, contact, cache_dir=cache_dir, timeout=TIMEOUT, sleep=sleep, notify=notify)


def configured_client(wiki: str | None, api: str | None, contact: str | None, config: Config,
                      notify: Callable[[str], Any] | None = None) -> WikiClient:
    """A client for the wiki named by --wiki or --api, with the contact and cache resolved from the config."""
    return open_client(resolve_api_url(wiki, api), resolve_contact(contact, config), resolve_cache_dir(config),
                       notify)


def source_of(revision: Revision) -> SourceInfo:
    """Where a fetched revision came from, as the record reports it."""
    return SourceInfo(kind="wiki", name=revision.title, wiki=revision.wiki, revision=revision.revision,
                      url=revision.url, timestamp=revision.timestamp,
                      redirected_from=revision.redirected_from, parent=revision.parent or None,
                      normalized_from=revision.normalized_from, page_url=revision.page_url,
                      edit_url=revision.edit_url, warnings=revision.warnings, lang=revision.lang)


def page_of(revision: Revision) -> PageText:
    """A fetched revision as a page, keyed by its wiki and page id."""
    return PageText(key=f"{revision.wiki}:{revision.page_id}", title=revision.title, text=revision.text,
                    source=source_of(revision), page_id=revision.page_id, input_format=revision.content_format)


def read_titles_file(path: str) -> list[str]:
    """Titles one per line, each once; blank lines and lines starting with '#' are skipped."""
    from auditor.sources.files import MAX_LIST_BYTES, read_file

    lines = read_file(path, "a titles file", MAX_LIST_BYTES).splitlines()
    titles = list(dict.fromkeys(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")))
    if not titles:
        raise UserError(f"{path}: no titles in the file")
    return titles


def fetcher(client: WikiClient, rendered: bool = False) -> Callable[..., Revision]:
    """How to fetch a revision: its wikitext (Action API) or its rendered page (Parsoid HTML, REST API)."""
    if not rendered:
        return client.fetch
    from auditor.sources.rendered import fetch_rendered

    return lambda title=None, oldid=None: fetch_rendered(client, title, oldid)


def wiki_pages(fetch: Callable[..., Revision], titles: Iterable[str], wiki: str,
               fatal: tuple[type[Exception], ...] = (FetchError,)) -> Iterator[PageText]:
    """Fetch each title's latest revision in turn, as pages.

    A title that cannot be audited (missing, invalid) is an error page, so the rest still run; a wiki
    that cannot be reached (FetchError) stops the run, unless ``fatal`` is () (batch: one page's error).
    """
    for title in titles:
        try:
            revision = fetch(title=title)
        except fatal:
            raise
        except UserError as error:
            yield error_page(f"{wiki}:{title}", title, SourceInfo("wiki", title, wiki=wiki), str(error))
            continue
        yield page_of(revision)


def fetch_parent(client: WikiClient, revision: Revision) -> Revision:
    """The revision before ``revision`` (what --to-oldid alone compares against)."""
    if not revision.parent:
        raise UserError(f"revision {revision.revision} of {revision.title!r} is the page's first; "
                        "give --from-oldid")
    return client.fetch(title=revision.title, oldid=revision.parent)


def fetch_pair(client: WikiClient, title: str | None, from_oldid: int | None,
               to_oldid: int | None) -> tuple[Revision, Revision]:
    """The two revisions a wiki diff compares: (older, newer).

    The newer is --to-oldid, else the latest of --title; the older is
    --from-oldid, else the newer one's parent.
    """
    if to_oldid is None and not title:
        raise UserError("give --to-oldid, or --title for the latest revision")
    newer = client.fetch(title=title, oldid=to_oldid)
    older = client.fetch(title=newer.title, oldid=from_oldid) if from_oldid else fetch_parent(client, newer)
    return older, newer


@contextmanager
def session(wiki: str | None, api: str | None, contact: str | None, config: Config,
            request_log: str | None, notify: Callable[[str], Any] | None = None) -> Iterator[WikiClient]:
    """A client for the length of a command; its request log is written at the end, even after a failure."""
    client = configured_client(wiki, api, contact, config, notify)
    try:
        yield client
    finally:
        client.close()
        if request_log:
            write_request_log(Path(request_log), client.log)


def write_request_log(path: Path, log: list[dict[str, Any]]) -> None:
    """Every HTTP attempt, one JSON object per line."""
    try:
        path.write_text("".join(json.dumps(entry, sort_keys=True) + "\n" for entry in log), encoding="utf-8")
    except OSError as error:
        raise UserError(f"{path}: cannot write the request log: {error.strerror}") from None
