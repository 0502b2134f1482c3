"""Where a cited URL really points: its host and path, with archive wrappers unwrapped.

A link to web.archive.org or archive.today is judged by the page it holds, so the reliability lookup asks
this module for the original URL first. Pure standard library; no network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qs, unquote, urlsplit

from auditor.compiled import lazy_compile

# Services whose every URL is a copy of some other page (the original may or may not be recoverable).
ARCHIVE_HOSTS = frozenset({
    "web.archive.org", "wayback.archive.org", "wayback.archive-it.org", "archive.today", "archive.ph",
    "archive.is", "archive.li", "archive.vn", "archive.fo", "archive.md", "webcitation.org",
    "ghostarchive.org", "webarchive.loc.gov", "webarchive.nationalarchives.gov.uk", "webarchive.org.uk",
    "arquivo.pt",
})
# archive.org itself hosts books and media too; only its /web/ paths are wrappers.
_WAYBACK_ON_ARCHIVE_ORG = lazy_compile(r"^/web/", re.IGNORECASE)
_EMBEDDED = lazy_compile(r"(?:https?|ftp):/+", re.IGNORECASE)
_STAMP = lazy_compile(r"^(?:\d{4,14}\*?(?:[a-z]{2}_)?|\*|newest|oldest|o)$", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_HOST = re.compile(r"^[a-z0-9_-]+(?:\.[a-z0-9_-]+)+$")
_DROPPED_LABELS = re.compile(r"^(?:www\d*|m|mobile)\.")
# A URL whose host is a dotted name written plainly (no user, port, brackets or escapes), as most cited URLs'
# are: its host runs to the first "/", "?" or "#", its path from there to the first "?" or "#" (what urlsplit
# gives, unless the URL holds a tab or line break, which urlsplit removes wherever they stand).
_PLAIN = re.compile(r"(?:https?|ftp)://([a-z0-9-]*\.[a-z0-9.-]*)(?=[/?#]|\Z)", re.IGNORECASE | re.ASCII)
_REMOVED = re.compile(r"[\t\r\n]")
_QUERY_KEYS = ("url", "term", "q")
_MAX_NESTING = 3


@dataclass(frozen=True)
class Target:
    """A URL reduced to what the lookup needs: normalised host, lowercased path, and whether it was wrapped."""

    host: str
    path: str
    archived: bool


@lru_cache(maxsize=4096)  # an article cites a host several times (United-Kingdom: 529 URLs, 235 hosts)
def normalize_host(host: str) -> str | None:
    """Lowercase, punycode and strip "www."/"m."/"mobile."; None when it is not a dotted host name.

    >>> normalize_host("WWW.BBC.co.uk.")
    'bbc.co.uk'
    """
    host = host.strip().rstrip(".").lower()
    if host.isascii():
        # What the idna codec does to an ASCII name, without importing it (5 M instructions at start-up)
        labels = host.split(".")
        if not all(0 < len(label) < 64 for label in labels[:-1]) or len(labels[-1]) >= 64:
            return None
    else:
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    if not _HOST.match(host):
        return None
    while _DROPPED_LABELS.match(host) and host.count(".") > 1:
        host = host.split(".", 1)[1]
    return host


def _split(url: str) -> tuple[str, str, str] | None:
    """(raw host, path, everything after the host) of an http(s) URL, a //x.com URL or a bare x.com/path."""
    text = url.strip()
    if text.startswith("//"):
        text = "http:" + text
    elif not _SCHEME.match(text):
        text = "http://" + text
    plain = _PLAIN.match(text)
    if plain and not _REMOVED.search(text):  # what urlsplit gives, read off (a third of its instructions)
        after = text[plain.end():]
        return plain.group(1).lower(), after.partition("#")[0].partition("?")[0], after
    return _split_generally(text)


def _split_generally(text: str) -> tuple[str, str, str] | None:
    """_split of any URL with a scheme, through urlsplit."""
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https", "ftp") or not host or " " in parts.netloc:
        return None
    after = text[text.find(parts.netloc) + len(parts.netloc):]
    return host, parts.path, after


def _original_in(after: str) -> str | None:
    """The original URL an archive URL holds, or None when it holds only an id (archive.ph/AbCd1)."""
    if "%3a%2f" in after.lower():
        after = unquote(after)
    found = _EMBEDDED.search(after)
    if found:  # the first embedded scheme starts the original, whatever its own query holds
        scheme = found.group(0).split(":", 1)[0]
        return f"{scheme}://{after[found.end():]}"
    path, _, query = after.partition("?")
    for key in _QUERY_KEYS:
        for value in parse_qs(query).get(key, []):
            if "." in value:
                return value
    segments = path.split("/")
    for index, segment in enumerate(segments[:-1]):
        rest = "/".join(segments[index + 1:])
        if _STAMP.match(segment) and "." in rest.split("/", 1)[0]:
            return "http://" + rest + (f"?{query}" if query else "")
    return None


def resolve(url: str) -> Target | None:
    """The host and path a citation's URL is judged by; None for something that is not a web URL.

    >>> resolve("https://web.archive.org/web/2020/http://www.example.com/a")
    Target(host='example.com', path='/a', archived=True)
    """
    archived = False
    for _ in range(_MAX_NESTING + 1):
        split = _split(url)
        if split is None:
            return None
        raw_host, path, after = split
        host = normalize_host(raw_host)
        if host is None:
            return None
        wrapper = host in ARCHIVE_HOSTS or (host == "archive.org" and _WAYBACK_ON_ARCHIVE_ORG.match(path))
        if not wrapper:
            return Target(host, path.lower(), archived)
        archived = True
        original = _original_in(after)
        if original is None or _split(original) is None:
            return Target(host, path.lower(), archived)
        url = original
    return Target(host, path.lower(), archived)
