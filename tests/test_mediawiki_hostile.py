"""A hostile or broken wiki, played on 127.0.0.1: a trickled body, a gzip bomb, a lying Content-Length,
a continue cursor that never ends, JSON nested past reason. Each ends in bounded time, in one line."""

from __future__ import annotations

import time
import tracemalloc

import pytest
from click.testing import CliRunner

from auditor.cli import cli
from auditor.errors import FetchError
from auditor.sources import wiki_input
from auditor.sources.mediawiki import WikiClient
from auditor.sources.transport import MIB
from mediawiki_server import Fault, ReplayWiki, douglas_adams_wiki, gzip_bomb


@pytest.fixture
def wiki():
    with douglas_adams_wiki() as replay:
        yield replay


def learned(client: WikiClient) -> WikiClient:
    assert client.site.known
    return client


def test_a_trickled_body_ends_at_the_total_time(wiki):
    """Five seconds of bytes, one each 50 ms: the read timeout never fires; the total does, at 1 s."""
    client = learned(WikiClient(wiki.api_url, None, timeout=(2.0, 2.0), total=1.0, sleep=lambda s: None))
    wiki.fail_next(Fault("trickle", delay=0.05, size=100))
    start = time.monotonic()
    with pytest.raises(FetchError, match=r"took longer than 1 s") as caught:
        client.fetch("Douglas Adams")
    assert time.monotonic() - start < 3.0
    assert "\n" not in str(caught.value)
    assert [e["outcome"] for e in client.log] == ["ok", "over-limit"]  # siteinfo, then the trickle: no retry


def test_trickled_headers_end_at_the_total_time(wiki):
    """A status line and headers sent a byte each 50 ms (about 4 s): the watchdog ends the exchange at 1 s."""
    client = learned(WikiClient(wiki.api_url, None, timeout=(2.0, 2.0), total=1.0, sleep=lambda s: None))
    wiki.fail_next(Fault("slow-headers", delay=0.05))
    start = time.monotonic()
    with pytest.raises(FetchError, match=r"took longer than 1 s"):
        client.fetch("Douglas Adams")
    assert time.monotonic() - start < 2.0
    assert client.fetch("Douglas Adams").revision == 841482403  # the client is usable afterwards


def test_a_gzip_bomb_is_not_inflated_past_the_cap(wiki):
    """64 MiB of zeros in 65 KB of gzip, against a 2 MiB cap: stopped, and memory stays near the cap."""
    client = learned(WikiClient(wiki.api_url, None, max_bytes=2 * MIB, max_retries=0))
    wiki.fail_next(Fault("bomb", size=64 * MIB))
    assert len(gzip_bomb(64 * MIB)) < 100_000  # made before measuring: the server shares this process
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match="more than the 2,097,152 bytes allowed once decompressed"):
            client.fetch("Douglas Adams")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * MIB, f"peak {peak:,} bytes"


def test_an_answer_bigger_than_the_cap_is_not_read(wiki):
    client = learned(WikiClient(wiki.api_url, None, max_bytes=10_000, max_retries=0))
    with pytest.raises(FetchError, match="more than the 10,000 bytes allowed"):
        client.fetch("Douglas Adams")


class StuckCursorWiki(ReplayWiki):
    """A category listing whose ``continue`` cursor never changes (or, with ``moving``, never ends);
    after 50 answers it gives up and ends the listing, so a client that follows it still stops."""

    def __init__(self, moving: bool = False) -> None:
        super().__init__()
        self.moving, self.served = moving, 0

    def _category_page(self, params: dict[str, str]) -> dict:
        self.served += 1
        body = {"query": {"categorymembers": [{"pageid": self.served, "ns": 0, "title": f"Page {self.served}"}]}}
        if self.served < 50:
            body["continue"] = {"cmcontinue": f"page|{self.served if self.moving else 7}", "continue": "-||"}
        return body


def test_a_repeated_continue_cursor_is_detected():
    with StuckCursorWiki() as wiki:
        client = learned(WikiClient(wiki.api_url, None))
        with pytest.raises(FetchError, match="same 'continue' cursor twice"):
            list(client.category_members("Category:Loop"))
        assert wiki.served == 2  # the first answer's cursor came back in the second


def test_a_cursor_that_never_ends_is_bounded_in_requests():
    with StuckCursorWiki(moving=True) as wiki:
        client = learned(WikiClient(wiki.api_url, None, max_list_requests=10))
        with pytest.raises(FetchError, match="still not complete after 10 requests"):
            list(client.category_members("Category:Loop"))
        assert wiki.served == 10


@pytest.mark.parametrize("depth", [100_000, 2_000_000])
def test_deeply_nested_json_is_one_line_and_exit_3(wiki, depth, tmp_path, monkeypatch):
    wiki.add_canned({"prop": "revisions"}, b"[" * depth + b"]" * depth)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(wiki_input, "sleep", lambda s: None)
    result = CliRunner().invoke(cli, ["audit", "--title", "Douglas Adams", "--api", wiki.api_url],
                                env={"AUDITOR_CACHE": str(tmp_path / "cache"), "GITHUB_ACTIONS": ""})
    assert result.exit_code == 3, result.output
    assert result.stderr.startswith("auditor: error: ") and result.stderr.count("\n") == 1
    assert "nested too deeply" in result.stderr


def test_connections_through_a_proxy_are_watched_too():
    from auditor.sources.transport import Transport

    adapter = Transport("auditor-tests")._session.get_adapter("https://wiki.example.org/w/api.php")
    for manager in (adapter.poolmanager, adapter.proxy_manager_for("http://127.0.0.1:3128")):
        assert {cls.ConnectionCls.__name__ for cls in manager.pool_classes_by_scheme.values()} == {
            "WatchedHTTPConnection", "WatchedHTTPSConnection"}
