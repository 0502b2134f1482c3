"""HTTP for the MediaWiki client: one GET at a time, bounded in time and in bytes.

The only module that imports ``requests`` (and the ``urllib3`` beneath it).
Every request is bounded three ways, because a wiki can be slow, broken or
hostile:

- **time**: connecting may take ``connect`` seconds, a single read may wait
  ``read`` seconds, and the whole exchange, request to last byte, must end
  within ``total`` seconds: a watchdog shuts the socket at the deadline, so
  headers or a body trickled a byte a second end there too;
- **bytes on the wire**: at most ``max_wire`` bytes are read, whatever
  Content-Length says;
- **bytes once decompressed**: gzip and deflate are inflated here, a chunk at
  a time, and stop at ``max_body`` bytes, so a gzip bomb never grows past it
  in memory.

What is worth another attempt (timeouts, refused or dropped connections)
raises ``Retry`` with the word the request log records; what is not (too big,
too slow, an encoding nobody asked for) raises ``FetchError``.
"""

from __future__ import annotations

import socket
import threading
import time
import zlib
from dataclasses import dataclass
from typing import Any, Callable

import requests
import requests.adapters
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import ProtocolError, ReadTimeoutError

from auditor.errors import FetchError

_CHUNK = 64 * 1024
MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """How long and how big one HTTP answer may be (seconds, bytes)."""

    connect: float = 10.0
    read: float = 60.0
    total: float = 120.0
    max_wire: int = 32 * MIB
    max_body: int = 32 * MIB


@dataclass(frozen=True)
class Answer:
    """One HTTP answer: status, headers (names lower-cased) and the decoded body."""

    status: int
    headers: dict[str, str]
    body: bytes | bytearray

    def header(self, name: str) -> str | None:
        """A header's value, or None."""
        return self.headers.get(name.lower())


class Retry(Exception):
    """This attempt failed in a way worth retrying; ``outcome`` names how (``read-timeout``, ...)."""

    def __init__(self, outcome: str) -> None:
        super().__init__(outcome)
        self.outcome = outcome


def query_url(base: str, params: dict[str, str]) -> str:
    """``base`` with ``params`` as its query string, encoded as requests sends it."""
    return str(requests.Request("GET", base, params=params).prepare().url)


class _Watchdog:
    """The connection in flight, and a timer that shuts its socket when the exchange runs past its time.

    Read timeouts bound each wait for a byte, not their sum; shutting the socket
    down wakes the blocked read at once, wherever it is (status line, headers, body).
    """

    def __init__(self) -> None:
        self.connection: HTTPConnection | None = None
        self.fired = False
        self._timer: threading.Timer | None = None

    def start(self, seconds: float) -> None:
        self.connection, self.fired = None, False
        self._timer = threading.Timer(seconds, self._cut)
        self._timer.daemon = True
        self._timer.start()

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()

    def _cut(self) -> None:
        self.fired = True
        sock = getattr(self.connection, "sock", None)
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed


def _watched_session(watchdog: _Watchdog) -> requests.Session:
    """A Session whose connections (direct or through a proxy) tell ``watchdog`` when they send a request."""

    def watched(base: type[HTTPConnection]) -> type[HTTPConnection]:
        def request(self: HTTPConnection, *args: Any, **kwargs: Any) -> None:
            watchdog.connection = self
            base.request(self, *args, **kwargs)

        return type(f"Watched{base.__name__}", (base,), {"request": request})

    pools = {"http": type("WatchedPool", (HTTPConnectionPool,), {"ConnectionCls": watched(HTTPConnection)}),
             "https": type("WatchedHTTPSPool", (HTTPSConnectionPool,), {"ConnectionCls": watched(HTTPSConnection)})}

    class WatchedAdapter(requests.adapters.HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = pools

        def proxy_manager_for(self, *args: Any, **kwargs: Any) -> Any:
            manager = super().proxy_manager_for(*args, **kwargs)
            manager.pool_classes_by_scheme = pools
            return manager

    session = requests.Session()
    for prefix in ("http://", "https://"):
        session.mount(prefix, WatchedAdapter())
    return session


class Transport:
    """A plain requests Session (connection reuse, one request at a time) that reads answers within ``limits``."""

    def __init__(self, user_agent: str, limits: Limits = Limits(),
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limits, self.clock = limits, clock
        self._watchdog = _Watchdog()
        self._session = _watched_session(self._watchdog)
        self._session.headers.update({"User-Agent": user_agent, "Accept-Encoding": "gzip"})

    def close(self) -> None:
        """Close the connections."""
        self._session.close()

    def get(self, url: str, where: str) -> Answer:
        """GET ``url``; ``where`` names the wiki in error messages."""
        self._watchdog.start(self.limits.total)
        try:
            return self._get(url, where)
        except Retry:
            if self._watchdog.fired:
                raise self._too_slow(where) from None
            raise
        finally:
            self._watchdog.stop()

    def _too_slow(self, where: str, wire: int | None = None) -> FetchError:
        had = "" if wire is None else f" ({wire:,} bytes had come)"
        return FetchError(f"{where}: the answer took longer than {self.limits.total:g} s{had}")

    def _get(self, url: str, where: str) -> Answer:
        limits = self.limits
        deadline = self.clock() + limits.total
        try:
            response = self._session.get(url, timeout=(limits.connect, limits.read), stream=True)
        except requests.Timeout as exc:
            raise Retry("connect-timeout" if isinstance(exc, requests.ConnectTimeout) else "read-timeout") from None
        except requests.RequestException as exc:
            raise Retry(type(exc).__name__) from None
        try:
            headers = {name.lower(): value for name, value in response.headers.items()}
            body = self._read_body(response, headers, deadline, where)
        finally:
            response.close()
        return Answer(response.status_code, headers, body)

    def _read_body(self, response: requests.Response, headers: dict[str, str], deadline: float,
                   where: str) -> bytearray:
        """The whole body, decompressed, within the deadline and both size caps (kept in one growing buffer)."""
        limits = self.limits
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limits.max_wire:
            raise FetchError(f"{where}: the answer would be {int(declared):,} bytes, "
                             f"more than the {limits.max_wire:,} bytes allowed")
        inflater = _inflater(headers.get("content-encoding", ""), where)
        body = bytearray()
        wire = 0
        while True:
            if self.clock() > deadline or self._watchdog.fired:
                raise self._too_slow(where, wire)
            chunk = _read_chunk(response.raw)
            if not chunk:
                break
            wire += len(chunk)
            if wire > limits.max_wire:
                raise FetchError(f"{where}: the answer is more than the {limits.max_wire:,} bytes allowed")
            if inflater is not None:
                inflater.feed(chunk, body, limits.max_body)
            else:
                body += chunk
            if len(body) > limits.max_body:
                raise FetchError(f"{where}: the answer is more than the {limits.max_body:,} bytes "
                                 "allowed once decompressed")
        if self._watchdog.fired:  # the socket was shut mid-body: what came is not the answer
            raise self._too_slow(where, wire)
        return body


def _read_chunk(raw: Any) -> bytes:
    """What the socket has now (up to 64 KiB), undecoded; read1 returns as soon as a byte is there."""
    try:
        return bytes(raw.read1(_CHUNK, decode_content=False))
    except ReadTimeoutError:
        raise Retry("read-timeout") from None
    except (ProtocolError, OSError):
        raise Retry("dropped-connection") from None
    except Urllib3Error as exc:
        raise Retry(type(exc).__name__) from None


class _Inflater:
    """gzip or zlib data inflated into a buffer a MiB at a time, so no piece of output outgrows the cap."""

    def __init__(self) -> None:
        self._z = zlib.decompressobj(32 + zlib.MAX_WBITS)  # reads a gzip or a zlib header

    def feed(self, chunk: bytes, body: bytearray, cap: int) -> None:
        """Inflate ``chunk`` onto ``body``; stop as soon as ``body`` is longer than ``cap``."""
        data = chunk
        while data and len(body) <= cap:
            try:
                body += self._z.decompress(data, MIB)
            except zlib.error:
                raise Retry("bad-compression") from None
            data = self._z.unconsumed_tail


def _inflater(encoding: str, where: str) -> _Inflater | None:
    """An inflater for the Content-Encoding, None for identity; other encodings are refused."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return None
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(f"{where}: the answer is encoded as {encoding!r}, which was not asked for")
    return _Inflater()


def requests_version() -> str:
    """The version of requests, for the User-Agent."""
    return str(requests.__version__)
