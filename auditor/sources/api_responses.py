"""Reading MediaWiki Action API answers: revisions, errors, Retry-After.

Pure functions over already-decoded JSON (``formatversion=2``) and header
strings, so the HTTP client in ``mediawiki.py`` stays about transport and
these rules can be tested without a server.
"""

from __future__ import annotations

import email.utils
import time
from typing import Any

from auditor.errors import FetchError, UserError

#: API error codes that mean the user asked for something that is not there.
USER_ERROR_CODES = frozenset(
    {"invalidtitle", "missingtitle", "nosuchrevid", "invalidcategory", "badvalue",
     "baddatatype", "nosuchpageid"}
)


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), or None.

    A date in the past means "now" (0). An unreadable value is treated as absent.
    """
    if value is None or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT; a naive one is taken as such
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


def raise_api_error(error: dict[str, Any], where: str) -> None:
    """Turn a non-retryable ``error`` object into UserError or FetchError (one line)."""
    code = str(error.get("code", "unknown"))
    info = " ".join(str(error.get("info", "")).split())
    message = f"{where}: {code}: {info}" if info else f"{where}: {code}"
    if code in USER_ERROR_CODES:
        raise UserError(message)
    raise FetchError(message)


def redirect_source(query: dict[str, Any]) -> str | None:
    """The redirect page the API followed to reach the article, if any.

    With a chain (A -> B -> C) the API lists every hop; the first ``from`` is
    the title that was asked for (after normalisation).
    """
    redirects = query.get("redirects") or []
    if redirects and isinstance(redirects[0], dict):
        return redirects[0].get("from")
    return None


def read_revision(data: dict[str, Any], asked: str, where: str) -> dict[str, Any]:
    """Extract one revision from a ``prop=revisions`` answer.

    ``asked`` describes the request for messages ("'Foo'" or "revision 12").
    Returns the fields title, page_id, revision, parent, timestamp, text.
    Missing pages, missing revisions, invalid titles and hidden text raise
    UserError; an answer that is not shaped like a revision raises FetchError.
    """
    query = data.get("query")
    if not isinstance(query, dict):
        raise FetchError(f"{where}: unexpected answer to {asked} (no 'query' object)")
    if query.get("badrevids"):
        raise UserError(f"{where}: {asked} does not exist (or was deleted)")
    pages = query.get("pages") or []
    if not pages:
        if query.get("interwiki"):
            raise UserError(f"{where}: {asked} is an interwiki title; use that wiki's --wiki")
        raise FetchError(f"{where}: unexpected answer to {asked} (no pages)")
    page = pages[0]
    _check_page(page, asked, where)
    try:
        rev = page["revisions"][0]
        slot = rev["slots"]["main"]
        if slot.get("texthidden") or "content" not in slot:
            raise UserError(f"{where}: the text of revision {rev['revid']} is hidden")
        return {
            "title": page["title"],
            "page_id": int(page["pageid"]),
            "revision": int(rev["revid"]),
            "parent": int(rev["parentid"]) if rev.get("parentid") else None,
            "timestamp": rev["timestamp"],
            "text": slot["content"],
        }
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        raise FetchError(f"{where}: unexpected answer to {asked} (missing {exc})") from None


def _check_page(page: dict[str, Any], asked: str, where: str) -> None:
    """Raise UserError for an invalid, missing or special page entry."""
    title = page.get("title", asked)
    if page.get("invalid"):
        reason = page.get("invalidreason", "invalid title")
        raise UserError(f"{where}: invalid title {title!r}: {reason}")
    if page.get("special") or page.get("ns", 0) < 0:
        raise UserError(f"{where}: {title!r} is a special page, not an article")
    if page.get("missing"):
        raise UserError(f"{where}: no page titled {title!r}")
