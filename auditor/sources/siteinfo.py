"""What a wiki speaks and where its pages live: ``meta=siteinfo``, or a guess from the API URL.

The client asks once per run (and keeps the answer beside its cached
revisions) for the MediaWiki version, the server, the article path, the
script path and the language. From the version it knows what to ask
(``formatversion=2`` from 1.25, ``rvslots`` from 1.32); from the server and
paths it builds the links reports print: the revision permalink, the page and
its edit link. A wiki that refuses siteinfo is still read: the links are then
made from the API URL itself (``index.php`` lives beside ``api.php`` on every
MediaWiki), and the request asks for the newest formats, which older wikis
ignore with a warning.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from auditor.errors import FetchError

PARAMS = {"action": "query", "meta": "siteinfo", "siprop": "general"}
_VERSION = re.compile(r"MediaWiki (\d+)\.(\d+)")
#: Characters MediaWiki leaves unescaped in page URLs (wfUrlencode).
_TITLE_SAFE = ";@$!*(),/~:"


@dataclass(frozen=True)
class SiteInfo:
    """One wiki's server, paths, version and language; ``known`` is False when guessed."""

    server: str
    article_path: str
    script: str
    version: tuple[int, int] | None = None
    generator: str | None = None
    lang: str | None = None
    known: bool = False

    def speaks(self) -> dict[str, str]:
        """The request parameters this wiki understands (the newest when the version is unknown)."""
        params = {"format": "json"}
        if self.version is None or self.version >= (1, 25):
            params["formatversion"] = "2"
        return params

    def revision_params(self) -> dict[str, str]:
        """``rvslots=main`` from MediaWiki 1.32 (where the text moved into slots), or when unknown."""
        return {"rvslots": "main"} if self.version is None or self.version >= (1, 32) else {}

    def permalink(self, revid: int) -> str:
        """The URL of one revision: ``<server><script>?oldid=N``."""
        return f"{self.server}{self.script}?oldid={int(revid)}"

    def page_url(self, title: str) -> str:
        """The page on its wiki, through the wiki's article path (``/wiki/$1``, ``/index.php?title=$1``, ...)."""
        return self.server + self.article_path.replace("$1", quote(title.replace(" ", "_"), safe=_TITLE_SAFE))

    def edit_url(self, title: str) -> str:
        """The page in the wiki's editor (add ``&section=N`` for one section)."""
        return f"{self.server}{self.script}?title={quote(title.replace(' ', '_'), safe='')}&action=edit"

    def to_json(self) -> dict[str, Any]:
        """A plain dict for the cache."""
        return asdict(self)

    @classmethod
    def from_json(cls, record: dict[str, Any]) -> SiteInfo | None:
        """Back from the cache; None when the record is not one."""
        try:
            version = record["version"]
            return cls(server=str(record["server"]), article_path=str(record["article_path"]),
                       script=str(record["script"]),
                       version=(int(version[0]), int(version[1])) if version else None,
                       generator=record.get("generator"), lang=record.get("lang"), known=bool(record["known"]))
        except (KeyError, TypeError, ValueError, IndexError):
            return None


def guessed(api_url: str) -> SiteInfo:
    """What can be known without siteinfo: the server and script path from the API URL."""
    parts = urlsplit(api_url)
    path = parts.path
    directory = path[: -len("api.php")] if path.endswith("api.php") else path.rstrip("/") + "/"
    script = f"{directory}index.php"
    return SiteInfo(server=f"{parts.scheme}://{parts.netloc}", article_path=f"{script}?title=$1", script=script)


#: Wikimedia's families: on their hosts the first label is the language (fr.wikipedia.org, de.m.wikipedia.org).
_FAMILIES = frozenset("wikipedia wiktionary wikibooks wikinews wikiquote wikisource wikiversity wikivoyage".split())
_LANGUAGE_LABEL = re.compile(r"[a-z]{2,3}(-[a-z0-9]{2,8})*")
#: Hosts whose first label is a project, not a language.
_NOT_LANGUAGES = frozenset("www m commons meta species incubator test test2".split())


def host_language(url_or_host: str) -> str | None:
    """The language of a Wikimedia wiki from its host: ``https://fr.wikipedia.org/w/api.php`` -> ``fr``.

    None for any other host: a MediaWiki elsewhere says its language only in siteinfo.

    >>> host_language("es.m.wikipedia.org"), host_language("wiki.example.org")
    ('es', None)
    """
    host = (urlsplit(url_or_host).hostname if "//" in url_or_host else url_or_host.split("/")[0].split(":")[0])
    labels = (host or "").lower().split(".")
    if len(labels) >= 3 and labels[-2] in _FAMILIES and labels[-1] == "org":
        first = labels[0]
        if first not in _NOT_LANGUAGES and _LANGUAGE_LABEL.fullmatch(first):
            return first
        if first == "simple":
            return "en"
    return None


def dump_language(dbname: Any, base: Any) -> str | None:
    """The language of a dump's wiki: from ``<base>``'s host, else from ``<dbname>`` (``frwiki`` -> ``fr``)."""
    found = host_language(base) if isinstance(base, str) and base else None
    if found is None and isinstance(dbname, str):
        match = re.fullmatch(r"([a-z]{2,3}(?:_[a-z0-9]+)*)(?:wiki|wiktionary|wikisource|wikibooks|wikiquote)", dbname)
        found = match.group(1).replace("_", "-") if match else None
    return found


def parse_version(generator: Any) -> tuple[int, int] | None:
    """(1, 30) from "MediaWiki 1.30.0-wmf.18"; None when it is not a MediaWiki version."""
    match = _VERSION.match(generator) if isinstance(generator, str) else None
    return (int(match.group(1)), int(match.group(2))) if match else None


def read_siteinfo(data: dict[str, Any], api_url: str, where: str) -> SiteInfo:
    """The SiteInfo in a ``meta=siteinfo&siprop=general`` answer (either formatversion).

    A protocol-relative server (``//en.wikipedia.org``) takes the API's scheme.
    An answer without a usable ``general`` object raises FetchError.
    """
    query = data.get("query")
    general = query.get("general") if isinstance(query, dict) else None
    if not isinstance(general, dict):
        raise FetchError(f"{where}: unexpected answer to meta=siteinfo (no 'general' object)")
    fallback = guessed(api_url)
    server = general.get("server")
    if isinstance(server, str) and server.startswith("//"):
        server = f"{urlsplit(api_url).scheme}:{server}"
    if not isinstance(server, str) or urlsplit(server).scheme not in ("http", "https"):
        server = fallback.server
    script = general.get("script")
    article_path = general.get("articlepath")
    script = script if isinstance(script, str) and script.startswith("/") else fallback.script
    if not isinstance(article_path, str) or "$1" not in article_path or not article_path.startswith("/"):
        article_path = f"{script}?title=$1"
    lang = general.get("lang")
    return SiteInfo(server=server.rstrip("/"), article_path=article_path, script=script,
                    version=parse_version(general.get("generator")),
                    generator=general.get("generator") if isinstance(general.get("generator"), str) else None,
                    lang=lang if isinstance(lang, str) else None, known=True)


def dump_links(base: Any, title: str) -> tuple[str | None, str | None]:
    """(page URL, edit URL) of ``title`` from an XML dump's ``<base>`` (the main page's URL).

    The main page's own title ends the base, as its last path segment or its
    ``title=`` value; the article path is what stands around it. (None, None)
    when the base is not an http(s) URL.
    """
    parts = urlsplit(base) if isinstance(base, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        return None, None
    if "title=" in parts.query:
        article_path = f"{parts.path}?title=$1"
    else:
        article_path = parts.path.rsplit("/", 1)[0] + "/$1"
    page = SiteInfo(server=f"{parts.scheme}://{parts.netloc}", article_path=article_path, script="").page_url(title)
    return page, page + ("&" if "?" in page else "?") + "action=edit"
