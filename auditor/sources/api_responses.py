"""Reading MediaWiki Action API answers of every generation: revisions, errors, warnings, continuation.

Pure functions over decoded JSON and header strings, so the client in
``mediawiki.py`` stays about asking and these rules are tested without a
server. They read what real wikis answer from MediaWiki 1.25 on:

- ``pages`` as a list (formatversion 2) or an object keyed by page id or
  ``"-1"`` (formatversion 1);
- the text under ``slots.main.content``, ``slots.main.*`` (1.32 on, with
  ``rvslots``), or on the revision itself as ``content`` or ``*`` (before 1.32,
  which ignores ``rvslots`` with a warning);
- ``missing``/``invalid`` as ``true`` or ``""``; ``normalized`` and ``redirects``;
- ``warnings`` per module as ``{"warnings": text}`` or ``{"*": text}``, or a list;
- ``error`` with ``info`` and ``*`` or ``docref``, ``errors[]``, the
  ``MediaWiki-API-Error`` header;
- ``continue`` objects of any module (and old ``query-continue``).

Anything else is not guessed at: it raises FetchError with one line (exit 3).
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
#: Where a revision's text may be, newest generation first: (slot or None, key).
_TEXT_PLACES = (("main", "content"), ("main", "*"), (None, "content"), (None, "*"))


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


def _one_line(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def api_error(data: Any, header: str | None = None) -> tuple[str, str] | None:
    """(code, info) of an error answer: ``error``, the first of ``errors[]``, or only the header."""
    error = data.get("error") if isinstance(data, dict) else None
    if isinstance(error, dict):
        return _one_line(error.get("code") or header or "unknown"), _one_line(error.get("info"))
    errors = data.get("errors") if isinstance(data, dict) else None
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        first = errors[0]
        text = first.get("text", first.get("*", first.get("html", first.get("key", ""))))
        return _one_line(first.get("code") or header or "unknown"), _one_line(text)
    if header:
        return _one_line(header), ""
    return None


def raise_api_error(code: str, info: str, where: str) -> None:
    """Turn a non-retryable API error into UserError or FetchError (one line)."""
    message = f"{where}: {code}: {info}" if info else f"{where}: {code}"
    if code in USER_ERROR_CODES:
        raise UserError(message)
    raise FetchError(message)


def warnings_of(data: dict[str, Any]) -> tuple[str, ...]:
    """The answer's warnings as "module: text" lines, in either format, each once."""
    found: list[str] = []
    raw = data.get("warnings")
    if isinstance(raw, dict):
        for module, value in raw.items():
            text = value.get("warnings", value.get("*")) if isinstance(value, dict) else value
            found.extend(f"{module}: {_one_line(line)}" for line in str(text or "").splitlines() if line.strip())
    elif isinstance(raw, list):
        for value in raw:
            if isinstance(value, dict):
                text = value.get("text", value.get("*", value.get("html", value.get("code", ""))))
                found.append(f"{value.get('module', 'main')}: {_one_line(text)}")
    return tuple(dict.fromkeys(found))


def _hops(query: dict[str, Any], key: str) -> list[tuple[str, str]]:
    """The (from, to) pairs of ``normalized`` or ``redirects``; anything malformed is left out."""
    hops = query.get(key)
    if not isinstance(hops, list):
        return []
    return [(str(h["from"]), str(h.get("to", ""))) for h in hops if isinstance(h, dict) and "from" in h]


def normalized_from(query: dict[str, Any], asked: str | None = None) -> str | None:
    """The title as it was asked, when the wiki normalised it (underscores, first letter, ...)."""
    hops = _hops(query, "normalized")
    if asked is not None:
        return asked if any(source == asked for source, _ in hops) else None
    return hops[0][0] if hops else None


def redirect_source(query: dict[str, Any], asked: str | None = None) -> str | None:
    """The redirect page the API followed to reach the article, if any.

    With a chain (A -> B -> C) the API lists every hop; the one that starts at
    the asked title (after normalisation) names the redirect, else the first.
    """
    hops = _hops(query, "redirects")
    if asked is not None:
        title = dict(_hops(query, "normalized")).get(asked, asked)
        return title if any(source == title for source, _ in hops) else None
    return hops[0][0] if hops else None


def _resolved_title(query: dict[str, Any], asked: str) -> str:
    """Where ``asked`` ends after normalisation and every redirect hop."""
    title = asked
    for key in ("normalized", "redirects"):
        for source, target in _hops(query, key):
            if source == title:
                title = target
    return title


def _pages(query: dict[str, Any], where: str, asked: str) -> list[dict[str, Any]]:
    """The page entries, from a list (formatversion 2) or an object keyed by id (formatversion 1)."""
    pages = query.get("pages", [])
    if isinstance(pages, dict):
        pages = list(pages.values())
    if not isinstance(pages, list) or not all(isinstance(page, dict) for page in pages):
        raise FetchError(f"{where}: unexpected answer to {asked} ('pages' is neither a list nor an object of pages)")
    return pages


def _flag(entry: dict[str, Any], name: str) -> bool:
    """A boolean attribute: ``true`` in formatversion 2, present (as ``""``) in formatversion 1."""
    value = entry.get(name, False)
    return value is not False and value is not None


def read_revision(data: dict[str, Any], asked: str, where: str, *, title: str | None = None,
                  oldid: int | None = None) -> dict[str, Any]:
    """Extract one revision from a ``prop=revisions`` answer of any generation.

    ``asked`` describes the request for messages ("'Foo'" or "revision 12");
    ``title`` (the title asked for) or ``oldid`` picks the page when the answer
    holds several. Returns the fields title, page_id, revision, parent,
    timestamp, text; revision and timestamp are None when the wiki left them
    out. Missing pages, missing revisions, invalid titles and hidden text raise
    UserError; an answer that is not shaped like a revision raises FetchError.
    """
    query = data.get("query")
    if not isinstance(query, dict):
        raise FetchError(f"{where}: unexpected answer to {asked} (no 'query' object)")
    if query.get("badrevids"):
        raise UserError(f"{where}: {asked} does not exist (or was deleted)")
    pages = _pages(query, where, asked)
    if not pages:
        if query.get("interwiki"):
            raise UserError(f"{where}: {asked} is an interwiki title; use that wiki's --wiki")
        if title is not None and not _resolved_title(query, title).strip():
            raise UserError(f"{where}: invalid title {title!r}: it names no page")
        raise FetchError(f"{where}: unexpected answer to {asked} (no pages)")
    page = _pick_page(pages, query, title, oldid)
    _check_page(page, asked, where)
    return _revision_fields(page, oldid, asked, where)


def _pick_page(pages: list[dict[str, Any]], query: dict[str, Any], title: str | None,
               oldid: int | None) -> dict[str, Any]:
    """The page that answers the question: the asked title's target, the page holding ``oldid``, else the first."""
    if len(pages) > 1 and title is not None:
        target = _resolved_title(query, title)
        for page in pages:
            if page.get("title") == target:
                return page
    if len(pages) > 1 and oldid is not None:
        for page in pages:
            revisions = page.get("revisions")
            if isinstance(revisions, list) and any(isinstance(r, dict) and r.get("revid") == oldid
                                                   for r in revisions):
                return page
    return pages[0]


def _check_page(page: dict[str, Any], asked: str, where: str) -> None:
    """Raise UserError for an invalid, missing or special page entry; FetchError for a malformed one."""
    title = page.get("title", asked)
    if _flag(page, "invalid"):
        reason = _one_line(page.get("invalidreason")) or "invalid title"
        raise UserError(f"{where}: invalid title {title!r}: {reason}")
    ns = page.get("ns", 0)
    if not isinstance(ns, int) or isinstance(ns, bool):
        raise FetchError(f"{where}: unexpected answer to {asked} (namespace {ns!r} is not a number)")
    if _flag(page, "special") or ns < 0:
        raise UserError(f"{where}: {title!r} is a special page, not an article")
    if _flag(page, "missing"):
        raise UserError(f"{where}: no page titled {title!r}")


def _revision_fields(page: dict[str, Any], oldid: int | None, asked: str, where: str) -> dict[str, Any]:
    revisions = page.get("revisions")
    if not isinstance(revisions, list) or not revisions or not isinstance(revisions[0], dict):
        raise FetchError(f"{where}: unexpected answer to {asked} (no revisions)")
    rev = next((r for r in revisions if isinstance(r, dict) and r.get("revid") == oldid), revisions[0])
    slots = rev.get("slots")
    for slot, key in _TEXT_PLACES:
        holder = rev if slot is None else slots.get(slot) if isinstance(slots, dict) else None
        if isinstance(holder, dict) and (_flag(holder, "texthidden") or _flag(holder, "textmissing")):
            raise UserError(f"{where}: the text of revision {rev.get('revid', '?')} is hidden")
        if isinstance(holder, dict) and key in holder:
            text = holder[key]
            break
    else:  # (None, ...) places are the revision itself, so a hidden text was raised above
        raise FetchError(f"{where}: unexpected answer to {asked} (the revision has no text)")
    fields = {"title": page.get("title"), "page_id": page.get("pageid"), "revision": rev.get("revid"),
              "parent": rev.get("parentid") or None, "timestamp": rev.get("timestamp"), "text": text}
    _check_types(fields, asked, where)
    return fields


def _check_types(fields: dict[str, Any], asked: str, where: str) -> None:
    """Each field has the type the audit expects (ids may be absent when the wiki left them out)."""
    wanted = {"title": (str,), "text": (str,), "page_id": (int,), "revision": (int, type(None)),
              "parent": (int, type(None)), "timestamp": (str, type(None))}
    for name, types in wanted.items():
        value = fields[name]
        if not isinstance(value, types) or isinstance(value, bool):
            raise FetchError(f"{where}: unexpected answer to {asked} ({name} is {type(value).__name__})")


def next_continue(data: dict[str, Any], where: str) -> dict[str, str] | None:
    """The parameters that ask for the next batch, or None when the list is complete.

    ``continue`` (1.26 on) goes back whole: it may hold several modules' cursors.
    The older ``query-continue`` holds one object per module.
    """
    cursor = data.get("continue")
    if cursor is None and isinstance(data.get("query-continue"), dict):
        cursor = {}
        for module in data["query-continue"].values():
            cursor.update(module if isinstance(module, dict) else {})
    if cursor is None:
        return None
    if not isinstance(cursor, dict) or not cursor or not all(
            isinstance(v, (str, int)) and not isinstance(v, bool) for v in cursor.values()):
        raise FetchError(f"{where}: unexpected 'continue' in the answer: {str(cursor)[:80]}")
    return {str(k): str(v) for k, v in cursor.items()}


def category_members(data: dict[str, Any], where: str) -> list[tuple[int, str]]:
    """(namespace, title) of each member in one ``list=categorymembers`` answer."""
    query = data.get("query", {})
    members = query.get("categorymembers", []) if isinstance(query, dict) else None
    if not isinstance(members, list):
        raise FetchError(f"{where}: unexpected answer to a category listing ('categorymembers' is not a list)")
    found = []
    for member in members:
        ns = member.get("ns") if isinstance(member, dict) else None
        title = member.get("title") if isinstance(member, dict) else None
        if not isinstance(ns, int) or isinstance(ns, bool) or not isinstance(title, str):
            raise FetchError(f"{where}: unexpected category member {str(member)[:80]}")
        found.append((ns, title))
    return found
