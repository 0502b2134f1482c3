"""Rendered pages from a wiki's REST API: the Parsoid HTML of a page's latest revision, or of one revision.

``GET {rest.php}/v1/page/{title}/html`` and ``GET {rest.php}/v1/revision/{id}/html``, where rest.php stands
beside the wiki's api.php. Fetched through the client's transport, so with the same etiquette, bounds and
retries as the Action API; a revision asked for by id is kept in the disk cache (apart from wikitext, under
the REST URL). The revision, page id, title and time come from the HTML's own head (Parsoid writes them).
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from auditor.errors import FetchError
from auditor.sources.revision_cache import RevisionCache
from auditor.sources.transport import Answer
from auditor.sources.wikis import check_oldid, check_title

if TYPE_CHECKING:
    from auditor.sources.mediawiki import Revision, WikiClient

_ABOUT = re.compile(r"<html[^>]*\sabout=\"[^\"]*/revision/(\d+)\"", re.I)
_PAGE_ID = re.compile(r"<meta[^>]*property=\"mw:pageId\"[^>]*content=\"(\d+)\"", re.I)
_MODIFIED = re.compile(r"<meta[^>]*property=\"dc:modified\"[^>]*content=\"([^\"]+)\"", re.I)
_TITLE = re.compile(r"<title>([^<]{1,500})</title>", re.I)
_HEAD = 20_000


def rest_url(api_url: str) -> str:
    """The REST API beside an api.php: ``.../w/api.php`` -> ``.../w/rest.php``."""
    return api_url.rsplit("/", 1)[0] + "/rest.php"


def head_fields(text: str, title: str | None) -> dict[str, Any]:
    """Revision, page id, title and time from a Parsoid page's head (None where it does not say)."""
    head = text[:_HEAD]

    def found(pattern: re.Pattern[str]) -> str | None:
        match = pattern.search(head)
        return match.group(1) if match else None

    revision, page_id, shown = found(_ABOUT), found(_PAGE_ID), found(_TITLE)
    return {"title": html.unescape(shown).strip() if shown else (title or ""), "page_id": int(page_id or 0),
            "revision": int(revision) if revision else None, "parent": None,
            "timestamp": found(_MODIFIED), "text": text}


def read_html(answer: Answer, _retry_after: float | None, _backoff: float, entry: dict[str, Any]) -> tuple[str, float]:
    """A REST API page: HTML in UTF-8, else the wiki does not serve rendered pages there."""
    if "html" not in (answer.header("Content-Type") or ""):
        entry["outcome"] = "not-html"
        raise FetchError(f"{entry['url'].split('/w/')[0]}: the REST API did not answer with HTML; "
                         "does the wiki have rest.php?")
    try:
        text = bytes(answer.body).decode("utf-8")
    except UnicodeDecodeError:
        entry["outcome"] = "not-utf-8"
        raise FetchError("the rendered page is not UTF-8") from None
    entry["outcome"] = "ok"
    return text, 0.0


def fetch_rendered(client: WikiClient, title: str | None = None, oldid: int | None = None) -> Revision:
    """The Parsoid HTML of revision ``oldid`` (from the cache if stored), or of the latest of ``title``."""
    from auditor.sources.mediawiki import asked_title

    base = rest_url(client.api_url)
    cache = RevisionCache(client.cache_dir, base) if client.cache_dir is not None else None
    if oldid is not None:
        oldid = check_oldid(oldid)
        fields = cache.get(oldid) if cache is not None else None
        if fields is None:
            text = client.get(f"{base}/v1/revision/{oldid}/html", f"revision {oldid}", read_html)
            fields = head_fields(text, title)
            fields["revision"] = fields["revision"] or oldid
        requested = asked_title(title, fields)
    else:
        requested = check_title(title)
        text = client.get(f"{base}/v1/page/{quote(requested.replace(' ', '_'), safe='')}/html",
                          repr(requested), read_html)
        fields = head_fields(text, requested)
    if cache is not None and fields["revision"] is not None:
        client.keep(cache.put, fields)
    return client.revision(fields, requested, content_format="html")
