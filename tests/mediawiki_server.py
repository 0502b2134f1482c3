"""A replay MediaWiki Action API on 127.0.0.1 for tests, with scripted faults.

``ReplayWiki`` is a real HTTP server (``http.server`` in a thread) that answers
``action=query`` like a MediaWiki of a chosen ``version`` would: siteinfo,
revisions by title (with normalisation and redirects) or by ``revids``, missing
pages, invalid titles, bad revision ids, and ``list=categorymembers`` pages with
a ``continue`` object. It speaks each generation: formatversion 2 (raw UTF-8)
when asked and the version has it (1.25 on), else formatversion 1 (``pages``
keyed by id or ``"-1"``, ``""`` for true, ``*`` for text, non-ASCII escaped);
the text under ``slots`` when ``rvslots`` is asked and the version has it (1.32
on), else on the revision with the warning that version gives. Errors carry
``docref`` (or ``*``) and a ``MediaWiki-API-Error`` header. ``siteinfo=None``
makes a wiki that refuses ``meta=siteinfo``.

Faults queued with ``fail_next`` are played first, one per request: the maxlag
error, an HTTP status with Retry-After, a slow answer (for read timeouts),
truncated JSON, a dropped connection, a body trickled a byte at a time, a gzip
bomb. ``add_canned`` answers a given set of parameters with a fixed body (and
headers), for recorded answers and anything the simulation lacks.

Every request is recorded in ``requests`` (params and headers), so a test can
assert on what the client actually sent. Reusable from CLI tests::

    from mediawiki_server import ReplayWiki, douglas_adams_wiki
    with douglas_adams_wiki() as wiki:
        ... --api wiki.api_url ...
"""

from __future__ import annotations

import functools
import gzip
import json
import sys
import threading
import time
import zlib
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
_INVALID_CHARS = set("#<>[]{}|")


@dataclass
class Fault:
    """One scripted misbehaviour, played instead of (or before) a normal answer.

    kind: "maxlag" (HTTP 200 + API error), "status" (HTTP ``status``, HTML body),
    "slow" (sleep ``delay`` s, then answer normally), "truncate" (half the JSON,
    consistent Content-Length), "drop" (promise more bytes than sent, then close),
    "trickle" (the first ``size`` bytes of the answer, or all when 0, one every ``delay`` s,
    then the rest), "slow-headers" (the status line and headers one byte every ``delay`` s),
    "bomb" (``size`` zero bytes,
    gzipped, sent as the answer with Content-Encoding: gzip).
    """

    kind: str
    status: int = 200
    retry_after: str | None = None
    delay: float = 0.0
    size: int = 0


@dataclass
class Recorded:
    """What the client sent."""

    path: str
    params: dict[str, str]
    headers: dict[str, str]
    fault: str | None = None


@dataclass
class _Page:
    title: str
    pageid: int
    revisions: list[dict[str, Any]] = field(default_factory=list)  # newest first


def revision_entry(revid: int, parentid: int, timestamp: str, text: str) -> dict[str, Any]:
    """A ``revisions[]`` entry as formatversion=2 returns it with rvslots=main."""
    return {
        "revid": revid, "parentid": parentid, "timestamp": timestamp,
        "slots": {"main": {"contentmodel": "wikitext", "contentformat": "text/x-wiki",
                           "content": text}},
    }


def maxlag_body(lag: float = 6.2) -> dict[str, Any]:
    """The maxlag error as the API sends it (formatversion=2: ``docref``)."""
    return {
        "error": {
            "code": "maxlag", "info": f"Waiting for 10.64.48.35: {lag} seconds lagged.",
            "host": "10.64.48.35", "lag": lag, "type": "db",
            "docref": "See https://en.wikipedia.org/w/api.php for API usage.",
        },
        "servedby": "mw2291",
    }


def normalise(title: str) -> str:
    """MediaWiki's basic title normalisation: underscores, spaces, first letter."""
    title = " ".join(title.replace("_", " ").split())
    if ":" in title:
        ns, _, rest = title.partition(":")
        if ns.lower() == "category" and rest:
            return f"Category:{rest[0].upper()}{rest[1:]}"
    return title[:1].upper() + title[1:]


class ReplayWiki:
    """A canned Action API at ``api_url``; use as a context manager."""

    def __init__(self, page_size: int = 500, version: str = "1.43.0",
                 siteinfo: dict[str, Any] | None | bool = True, lang: str = "en") -> None:
        self.version = version
        self.lang = lang  # the language siteinfo gives
        self.siteinfo = siteinfo  # True: a general object of this wiki; None: refused; a dict: that answer
        self.pages: dict[str, _Page] = {}
        self.redirects: dict[str, str] = {}
        self.categories: dict[str, list[dict[str, Any]]] = {}
        self.canned: list[tuple[dict[str, str], int, bytes, dict[str, str]]] = []
        self.rendered: dict[str, str] = {}  # "page/Title" or "revision/N" -> Parsoid HTML (the REST API)
        self.faults: deque[Fault] = deque()
        self.requests: list[Recorded] = []
        self.page_size = page_size
        self._server: ThreadingHTTPServer | None = None

    # -- content -------------------------------------------------------------
    def add_page(self, title: str, pageid: int, revisions: list[dict[str, Any]]) -> None:
        """A page with its revisions (``revision_entry`` dicts, newest first)."""
        self.pages[title] = _Page(title, pageid, list(revisions))

    def add_redirect(self, source: str, target: str) -> None:
        """``source`` redirects to the page ``target``."""
        self.redirects[source] = target

    def add_category(self, title: str, members: list[tuple[int, str]]) -> None:
        """Category ``title`` holds ``members`` as (namespace, title) pairs."""
        self.categories[title] = [
            {"pageid": 1000 + i, "ns": ns, "title": name} for i, (ns, name) in enumerate(members)
        ]

    def add_rendered(self, title: str, revid: int, html: str) -> None:
        """Serve ``html`` as the REST API's rendered page of ``title`` (latest) and of revision ``revid``."""
        self.rendered[f"page/{normalise(title)}"] = self.rendered[f"revision/{revid}"] = html

    def rest_answer(self, path: str) -> tuple[int, bytes, dict[str, str]]:
        """``/w/rest.php/v1/page/{title}/html`` and ``/w/rest.php/v1/revision/{id}/html``, or 404 as MediaWiki."""
        from urllib.parse import unquote

        parts = path.removeprefix("/w/rest.php/v1/").split("/")
        key = f"{parts[0]}/{normalise(unquote(parts[1]))}" if len(parts) == 3 and parts[2] == "html" else ""
        if key in self.rendered:
            return 200, self.rendered[key].encode("utf-8"), {"Content-Type": "text/html; charset=utf-8"}
        body = {"messageTranslations": {"en": "The specified page does not exist."}, "httpCode": 404,
                "httpReason": "Not Found"}
        return 404, json.dumps(body).encode(), {"Content-Type": "application/json"}

    def add_canned(self, match: dict[str, str], body: Any, status: int = 200,
                   headers: dict[str, str] | None = None) -> None:
        """Answer requests whose params include ``match`` with ``body`` (dict or bytes)."""
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.canned.append((dict(match), status, raw, dict(headers or {})))

    def fail_next(self, *faults: Fault) -> None:
        """Play these faults, in order, on the next requests."""
        self.faults.extend(faults)

    # -- server --------------------------------------------------------------
    @property
    def api_url(self) -> str:
        assert self._server is not None, "start the ReplayWiki first"
        return f"http://127.0.0.1:{self._server.server_address[1]}/w/api.php"

    def __enter__(self) -> ReplayWiki:
        self._server = _QuietServer(("127.0.0.1", 0), type("Handler", (_Handler,), {"wiki": self}))
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()

    # -- answers -------------------------------------------------------------
    @property
    def release(self) -> tuple[int, int]:
        major, minor = self.version.split(".")[:2]
        return int(major), int(minor)

    def answer(self, params: dict[str, str]) -> tuple[int, bytes, dict[str, str]]:
        """The normal (fault-free) answer to ``params``, in the generation this wiki speaks."""
        for match, status, raw, headers in self.canned:
            if all(params.get(k) == v for k, v in match.items()):
                return status, raw, {"Content-Type": "application/json; charset=utf-8", **headers}
        warnings: dict[str, str] = {}
        if params.get("meta") == "siteinfo":
            body = self._siteinfo()
        elif params.get("list") == "categorymembers":
            body = self._category_page(params)
        elif params.get("prop") == "revisions":
            body = self._revisions(params)
            body = _place_text(body, "rvslots" in params and self.release >= (1, 32))
            if "rvslots" in params and self.release < (1, 32):
                warnings["main"] = "Unrecognized parameter: rvslots."
            elif "rvslots" not in params and self.release >= (1, 32):
                warnings["revisions"] = ('Because "rvslots" was not specified, a legacy format has been used '
                                         "for the output. This format is deprecated, and in the future the new "
                                         "format will always be used.")
        else:
            body = {"error": {"code": "badvalue", "info": "Unsupported by ReplayWiki.",
                              "docref": f"See {self.api_url} for API usage."}}
        if "formatversion" in params and self.release < (1, 25):
            warnings["main"] = "\n".join(filter(None, [warnings.get("main"), "Unrecognized parameter: formatversion."]))
        if warnings:
            body = {"warnings": {m: {"warnings": t} for m, t in warnings.items()}, **body}
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if "error" in body:
            headers["MediaWiki-API-Error"] = body["error"]["code"]
        if params.get("formatversion") == "2" and self.release >= (1, 25):
            return 200, json.dumps(body, ensure_ascii=False).encode("utf-8"), headers
        return 200, json.dumps(formatversion_1(body)).encode("ascii"), headers

    def _siteinfo(self) -> dict[str, Any]:
        if self.siteinfo is None:
            return {"error": {"code": "unknown_meta", "info": 'Unrecognized value for parameter "meta": siteinfo.',
                              "docref": f"See {self.api_url} for API usage."}}
        if isinstance(self.siteinfo, dict):
            return self.siteinfo
        server = self.api_url.rsplit("/w/api.php", 1)[0]
        return {"batchcomplete": True, "query": {"general": {
            "mainpage": "Main Page", "base": f"{server}/wiki/Main_Page", "sitename": "ReplayWiki",
            "generator": f"MediaWiki {self.version}", "lang": self.lang, "articlepath": "/wiki/$1",
            "scriptpath": "/w", "script": "/w/index.php", "server": server, "servername": "127.0.0.1"}}}

    def _revisions(self, params: dict[str, str]) -> dict[str, Any]:
        if "revids" in params:
            revid = int(params["revids"])
            for page in self.pages.values():
                for rev in page.revisions:
                    if rev["revid"] == revid:
                        return {"batchcomplete": True, "query": {"pages": [_page_json(page, rev)]}}
            return {"batchcomplete": True,
                    "query": {"badrevids": {str(revid): {"revid": revid, "missing": True}}}}
        asked = params["titles"]
        query: dict[str, Any] = {}
        title = normalise(asked)
        if title != asked:
            query["normalized"] = [{"fromencoded": False, "from": asked, "to": title}]
        if _INVALID_CHARS & set(title) or not title:
            bad = "".join(sorted(_INVALID_CHARS & set(title)))
            reason = f'The requested page title contains invalid characters: "{bad}".'
            query["pages"] = [{"title": asked, "invalidreason": reason, "invalid": True}]
            return {"batchcomplete": True, "query": query}
        if title in self.redirects and params.get("redirects"):
            query["redirects"] = [{"from": title, "to": self.redirects[title]}]
            title = self.redirects[title]
        page = self.pages.get(title)
        if page is None:
            query["pages"] = [{"ns": 0, "title": title, "missing": True}]
        else:
            query["pages"] = [_page_json(page, page.revisions[0])]
        return {"batchcomplete": True, "query": query}

    def _category_page(self, params: dict[str, str]) -> dict[str, Any]:
        members = self.categories.get(normalise(params["cmtitle"]), [])
        start = int(params.get("cmcontinue", "page|0").rsplit("|", 1)[1])
        chunk = members[start:start + self.page_size]
        body: dict[str, Any] = {"batchcomplete": True, "query": {"categorymembers": chunk}}
        if start + self.page_size < len(members):
            body["continue"] = {"cmcontinue": f"page|4b4f|{start + self.page_size}",
                                "continue": "-||"}
            del body["batchcomplete"]
        return body


@functools.lru_cache(maxsize=4)
def gzip_bomb(size: int) -> bytes:
    """``size`` zero bytes, gzipped (about a thousandth of the size), made a MiB at a time."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(min(size, 1 << 20))
    parts = [packer.compress(zeros[: min(len(zeros), size - done)]) for done in range(0, size, len(zeros))]
    return b"".join(parts) + packer.flush()


def _page_json(page: _Page, rev: dict[str, Any]) -> dict[str, Any]:
    return {"pageid": page.pageid, "ns": 0, "title": page.title, "revisions": [rev]}


def _place_text(body: dict[str, Any], slots: bool) -> dict[str, Any]:
    """Revisions with their text under ``slots`` (1.32 on, asked with rvslots) or on the revision itself."""
    if slots:
        return body
    body = json.loads(json.dumps(body))
    for page in (body.get("query") or {}).get("pages") or []:
        for rev in page.get("revisions", []):
            rev.update(rev.pop("slots", {}).get("main", {}))
    return body


def formatversion_1(body: Any, key: str | None = None) -> Any:
    """An answer as formatversion 1 gives it: ``pages`` keyed by id (``-1``, ``-2`` ... when there is none),
    ``""`` for true and nothing for false, text and messages under ``*``."""
    if isinstance(body, list):
        if key == "pages":
            keyed, missing = {}, 0
            for page in body:
                if "pageid" not in page:
                    missing -= 1
                keyed[str(page.get("pageid", missing))] = formatversion_1(page)
            return keyed
        return [formatversion_1(item) for item in body]
    if not isinstance(body, dict):
        return "" if body is True else body
    out: dict[str, Any] = {}
    for name, value in body.items():
        if value is False:
            continue
        if name in ("content", "docref", "warnings") and isinstance(value, str):
            name = "*"
        out[name] = formatversion_1(value, name)
    return out


class _QuietServer(ThreadingHTTPServer):
    """A client that hangs up mid-answer (as the client does on a bomb or a trickle) is no error here."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    """Serves one ReplayWiki (set as the ``wiki`` class attribute of a subclass)."""

    wiki: ReplayWiki
    protocol_version = "HTTP/1.1"
    wbufsize = -1  # one write per answer: avoids Nagle + delayed-ACK stalls

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        params = dict(parse_qsl(parts.query, keep_blank_values=True))
        fault = self.wiki.faults.popleft() if self.wiki.faults else None
        kind = fault.kind if fault else None
        self.wiki.requests.append(Recorded(parts.path, params, dict(self.headers), kind))
        if fault and fault.kind == "slow":
            time.sleep(fault.delay)
        if fault and fault.kind in ("maxlag", "status"):
            self._fault(fault)
            return
        if parts.path.startswith("/w/rest.php/"):
            status, raw, headers = self.wiki.rest_answer(parts.path)
        else:
            status, raw, headers = self.wiki.answer(params)
        if fault and fault.kind == "truncate":
            raw = raw[: len(raw) // 2]
        if fault and fault.kind == "bomb":
            self._send_raw(200, gzip_bomb(fault.size),
                           {**headers, "Content-Encoding": "gzip"})
            return
        if fault and fault.kind == "slow-headers":
            self._slow_headers(raw, headers, fault.delay)
            return
        if fault and fault.kind == "trickle":
            self._trickle(raw, headers, fault.delay, fault.size or len(raw))
            return
        self._send(status, raw, headers, drop=bool(fault and fault.kind == "drop"))

    def _send_raw(self, status: int, raw: bytes, headers: dict[str, str]) -> None:
        """Send ``raw`` as it is (no gzip of our own)."""
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _slow_headers(self, raw: bytes, headers: dict[str, str], delay: float) -> None:
        """The status line and headers a byte every ``delay`` s (each read gets a byte in time), then the body."""
        head = "HTTP/1.1 200 OK\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        head += f"Content-Length: {len(raw)}\r\n\r\n"
        try:
            for byte in head.encode("latin-1"):
                time.sleep(delay)
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            self.wfile.write(raw)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True

    def _trickle(self, raw: bytes, headers: dict[str, str], delay: float, slow: int) -> None:
        """The headers at once, then ``slow`` bytes one every ``delay`` s, then the rest (or the client hangs up)."""
        try:
            self.send_response(200)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.flush()
            for byte in raw[:slow]:
                time.sleep(delay)
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            self.wfile.write(raw[slow:])
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True

    def _fault(self, fault: Fault) -> None:
        headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
        if fault.kind == "maxlag":
            headers.update({"Content-Type": "application/json; charset=utf-8",
                            "X-Database-Lag": "6", "MediaWiki-API-Error": "maxlag"})
            self._send(200, json.dumps(maxlag_body()).encode(), headers)
            return
        headers["Content-Type"] = "text/html; charset=utf-8"
        page = f"<!DOCTYPE html><html><body><h1>Error {fault.status}</h1></body></html>"
        self._send(fault.status, page.encode(), headers)

    def _send(self, status: int, raw: bytes, headers: dict[str, str],
              drop: bool = False) -> None:
        if "gzip" in self.headers.get("Accept-Encoding", ""):
            raw = gzip.compress(raw)
            headers = {**headers, "Content-Encoding": "gzip"}
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(raw) * 2 if drop else len(raw)))
            self.end_headers()
            self.wfile.write(raw)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (read timeout); nothing to answer
        if drop:
            self.close_connection = True


def douglas_adams_wiki(page_size: int = 500) -> ReplayWiki:
    """A ReplayWiki holding enwiki "Douglas Adams" (see fixtures/ATTRIBUTION.md).

    Revision 841482403 (the page's lastrevid in the recorded query) carries the
    real wikitext; its parent 841482402 is a test construct: the same text
    without the one {{cn}} flag. "Douglas Noel Adams" redirects to the page.
    """
    recorded = json.loads((FIXTURES / "api" / "query_Douglas_Adams.action_query.json")
                          .read_text(encoding="utf-8"))["response"]["query"]["pages"][0]
    text = (FIXTURES / "wikitext" / "Douglas-Adams.wiki").read_text(encoding="utf-8")
    older = text.replace("{{cn|date=October 2016}}", "", 1)
    wiki = ReplayWiki(page_size=page_size)
    wiki.add_page(recorded["title"], recorded["pageid"], [
        revision_entry(recorded["lastrevid"], recorded["lastrevid"] - 1,
                       "2018-05-16T09:12:44Z", text),
        revision_entry(recorded["lastrevid"] - 1, 0, "2018-05-02T21:40:03Z", older),
    ])
    wiki.add_redirect("Douglas Noel Adams", recorded["title"])
    return wiki


def add_writers(wiki: ReplayWiki) -> ReplayWiki:
    """Add a second article ("Oral history") and two categories that contain each other (a cycle)."""
    wiki.add_page("Oral history", 4242, [revision_entry(5001, 0, "2018-01-01T00:00:00Z",
                                                        "'''Oral history''' is the collection of memories.\n")])
    wiki.add_category("Category:English writers", [(0, "Douglas Adams"), (14, "Category:Humourists")])
    wiki.add_category("Category:Humourists", [(0, "Oral history"), (14, "Category:English writers")])
    return wiki
