"""The MediaWiki client against a real replay server on 127.0.0.1 (no internet)."""

from __future__ import annotations

import email.utils
import importlib.metadata
import re
import socket
import time
import tomllib
from pathlib import Path

import pytest

import auditor
from auditor.errors import FetchError, UserError
from auditor.sources import api_responses
from auditor.sources.mediawiki import (
    WikiClient, is_wikimedia_host, permalink, resolve_api_url, user_agent,
)
from mediawiki_server import Fault, ReplayWiki, douglas_adams_wiki

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"
TEXT = (ROOT / "fixtures" / "wikitext" / "Douglas-Adams.wiki").read_text(encoding="utf-8")
LATEST, OLDER = 841482403, 841482402
CONTACT = "auditor-tests@example.org"
REQUESTS_VERSION = importlib.metadata.version("requests")
ERRORS = {"UserError": UserError, "FetchError": FetchError}


def load_cases(name: str) -> list:
    cases = tomllib.loads((CASES / name).read_text(encoding="utf-8"))["case"]
    return [pytest.param(case, id=case["name"]) for case in cases]


@pytest.fixture
def wiki():
    with douglas_adams_wiki() as replay:
        yield replay


@pytest.fixture
def waits() -> list[float]:
    return []


def learned(client: WikiClient, wiki: ReplayWiki) -> WikiClient:
    """The client after it has asked what the wiki speaks, with that request forgotten on both sides,
    so a test sees only the requests its own call makes."""
    assert client.site.known
    client.log.clear()
    wiki.requests.clear()
    return client


@pytest.fixture
def client(wiki, waits, tmp_path):
    return learned(WikiClient(wiki.api_url, CONTACT, sleep=waits.append, cache_dir=tmp_path / "cache"), wiki)


# -- URLs, hosts, User-Agent ---------------------------------------------------

@pytest.mark.parametrize("wiki_arg, api, expected", [
    ("en.wikipedia.org", None, "https://en.wikipedia.org/w/api.php"),
    ("https://de.wikipedia.org/", None, "https://de.wikipedia.org/w/api.php"),
    (None, None, "https://en.wikipedia.org/w/api.php"),
    (None, "https://wiki.example.org/api.php", "https://wiki.example.org/api.php"),
    (None, "http://127.0.0.1:8080/w/api.php", "http://127.0.0.1:8080/w/api.php"),
])
def test_resolve_api_url(wiki_arg, api, expected):
    assert resolve_api_url(wiki_arg, api) == expected


@pytest.mark.parametrize("wiki_arg, api", [
    ("en.wikipedia.org", "https://en.wikipedia.org/w/api.php"),
    ("en wikipedia", None),
    (None, "ftp://en.wikipedia.org/w/api.php"),
    (None, "en.wikipedia.org/w/api.php"),
])
def test_resolve_api_url_refuses(wiki_arg, api):
    with pytest.raises(UserError):
        resolve_api_url(wiki_arg, api)


@pytest.mark.parametrize("host, expected", [
    ("en.wikipedia.org", True), ("commons.wikimedia.org", True), ("www.wikidata.org", True),
    ("www.mediawiki.org", True), ("mediawiki.org", True), ("fr.wiktionary.org", True),
    ("EN.WIKIPEDIA.ORG:443", True), ("wiki.example.org", False), ("127.0.0.1:8080", False),
    ("notwikipedia.org", False), ("wikipedia.org.evil.example", False),
])
def test_is_wikimedia_host(host, expected):
    assert is_wikimedia_host(host) is expected


def test_user_agent_names_tool_contact_and_library():
    expected = f"auditor/{auditor.__version__} ({CONTACT}) requests/{REQUESTS_VERSION}"
    assert user_agent(CONTACT) == expected


@pytest.mark.parametrize("api, expected", [
    ("https://en.wikipedia.org/w/api.php", "https://en.wikipedia.org/w/index.php?oldid=7"),
    ("https://wiki.example.org/api.php", "https://wiki.example.org/index.php?oldid=7"),
    ("https://wiki.example.org/mw", "https://wiki.example.org/mw/index.php?oldid=7"),
])
def test_permalink(api, expected):
    assert permalink(api, 7) == expected


@pytest.mark.parametrize("contact", [None, "", "   "])
def test_wikimedia_wiki_refused_without_contact(contact):
    with pytest.raises(UserError) as caught:
        WikiClient("https://en.wikipedia.org/w/api.php", contact)
    message = str(caught.value)
    assert "\n" not in message
    for how in ("--contact", "[auditor]", "setup.cfg", "AUDITOR_CONTACT"):
        assert how in message


def test_contact_with_line_break_refused():
    with pytest.raises(UserError):
        WikiClient("https://en.wikipedia.org/w/api.php", "me@example.org\r\nX-Evil: 1")


def test_other_wiki_allowed_without_contact(wiki):
    client = WikiClient(wiki.api_url, None, sleep=lambda s: None)
    assert client.fetch("Douglas Adams").revision == LATEST
    assert wiki.requests[0].headers["User-Agent"] == user_agent(None)
    assert "(" not in user_agent(None)


# -- Retry-After ---------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("5", 5.0), ("0", 0.0), (" 120 ", 120.0), (None, None), ("", None), ("soon", None),
    ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),  # a date in the past: go now
])
def test_retry_after_seconds(value, expected):
    assert api_responses.retry_after_seconds(value) == expected


def test_retry_after_http_date_in_the_future():
    now = 1_700_000_000.0
    header = email.utils.formatdate(now + 30, usegmt=True)
    assert api_responses.retry_after_seconds(header, now=now) == pytest.approx(30.0, abs=1)


# -- Fetching ------------------------------------------------------------------

def test_fetch_latest_by_title(client, wiki):
    rev = client.fetch("Douglas Adams")
    assert (rev.title, rev.page_id, rev.revision, rev.parent) == (
        "Douglas Adams", 8091, LATEST, OLDER)
    assert rev.text == TEXT
    assert rev.timestamp == "2018-05-16T09:12:44Z"
    assert rev.redirected_from is None and rev.requested_title == "Douglas Adams"
    host = wiki.api_url.split("/")[2]
    assert rev.wiki == host
    assert rev.url == f"http://{host}/w/index.php?oldid={LATEST}"


def test_request_carries_etiquette_and_query(client, wiki):
    client.fetch("Douglas Adams")
    sent = wiki.requests[0]
    assert sent.path == "/w/api.php"
    assert sent.params == {
        "action": "query", "prop": "revisions", "rvprop": "ids|timestamp|content",
        "rvslots": "main", "titles": "Douglas Adams", "redirects": "1", "format": "json",
        "formatversion": "2", "maxlag": "5",
    }
    assert sent.headers["User-Agent"] == user_agent(CONTACT)
    assert re.match(r"auditor/\S+ \(auditor-tests@example\.org\) requests/\S+$",
                    sent.headers["User-Agent"])
    assert "gzip" in sent.headers["Accept-Encoding"]


def test_maxlag_sent_on_every_request_including_retries(wiki, tmp_path):
    client = WikiClient(wiki.api_url, CONTACT, sleep=lambda s: None, cache_dir=tmp_path)
    wiki.fail_next(Fault("maxlag"), Fault("status", 503))
    client.fetch(oldid=LATEST)
    assert [r.params.get("meta") for r in wiki.requests] == ["siteinfo"] * 3 + [None]
    assert all(r.params["maxlag"] == "5" for r in wiki.requests)


def test_redirect_is_followed_and_reported(client, wiki):
    rev = client.fetch("Douglas_Noel_Adams")
    assert rev.title == "Douglas Adams" and rev.revision == LATEST
    assert rev.requested_title == "Douglas_Noel_Adams"
    assert rev.redirected_from == "Douglas Noel Adams"


def test_fetch_by_oldid_uses_revids(client, wiki):
    rev = client.fetch(oldid=OLDER)
    assert rev.revision == OLDER and rev.parent is None
    assert "{{cn|" not in rev.text and rev.text != TEXT
    params = wiki.requests[0].params
    assert params["revids"] == str(OLDER)
    assert "titles" not in params and "redirects" not in params


@pytest.mark.parametrize("case", load_cases("mediawiki_errors.toml"))
def test_user_and_fetch_errors(case, client, wiki):
    if "canned" in case:
        wiki.add_canned({"action": "query"}, case["canned"].encode())
    with pytest.raises(ERRORS[case["error"]]) as caught:
        client.fetch(case.get("title"), case.get("oldid"))
    assert type(caught.value) is ERRORS[case["error"]]
    assert case["message"] in str(caught.value)
    assert "\n" not in str(caught.value)
    assert len(wiki.requests) == (1 if case.get("asks", True) else 0)


def test_html_page_instead_of_api_fails_at_once(client, wiki, waits):
    wiki.add_canned({"action": "query"}, b"<html>Main Page</html>",
                    headers={"Content-Type": "text/html; charset=UTF-8"})
    with pytest.raises(FetchError, match="did not answer with JSON"):
        client.fetch("Douglas Adams")
    assert waits == [] and len(wiki.requests) == 1


# -- Faults, retries, waits ----------------------------------------------------

@pytest.mark.parametrize("case", load_cases("mediawiki_faults.toml"))
def test_faults(case, wiki, waits):
    client = learned(WikiClient(wiki.api_url, CONTACT, sleep=waits.append,
                                max_retries=case.get("max_retries", 5)), wiki)
    wiki.fail_next(*(Fault(**fault) for fault in case["faults"]))
    if case.get("error"):
        with pytest.raises(ERRORS[case["error"]]) as caught:
            client.fetch("Douglas Adams")
        assert "\n" not in str(caught.value)
    else:
        assert client.fetch("Douglas Adams").text == TEXT
    assert waits == case["waits"]
    assert [entry["outcome"] for entry in client.log] == case["outcomes"]
    assert [entry["waited"] for entry in client.log] == case["waits"] + [0.0] * (
        len(case["outcomes"]) - len(case["waits"]))
    assert len(wiki.requests) == len(case["outcomes"])


def test_429_with_http_date_retry_after(wiki, waits):
    client = learned(WikiClient(wiki.api_url, CONTACT, sleep=waits.append), wiki)
    when = email.utils.formatdate(time.time() + 40, usegmt=True)
    wiki.fail_next(Fault("status", 429, retry_after=when))
    client.fetch("Douglas Adams")
    assert len(waits) == 1 and 37 <= waits[0] <= 40


def test_read_timeout_is_retried(wiki, waits):
    client = learned(WikiClient(wiki.api_url, CONTACT, sleep=waits.append, timeout=(2.0, 0.3)), wiki)
    wiki.fail_next(Fault("slow", delay=1.2))
    assert client.fetch("Douglas Adams").revision == LATEST
    assert [e["outcome"] for e in client.log] == ["read-timeout", "ok"]
    assert client.log[0]["status"] is None
    assert waits == [1.0]


def test_read_timeouts_until_giving_up(wiki, waits):
    client = WikiClient(wiki.api_url, CONTACT, sleep=waits.append, timeout=(2.0, 0.2),
                        max_retries=1)
    wiki.fail_next(Fault("slow", delay=0.8), Fault("slow", delay=0.8))
    with pytest.raises(FetchError, match=r"gave up after 2 attempts \(last: read-timeout\)"):
        client.fetch("Douglas Adams")


def test_connection_refused_is_retried_then_fetch_error(waits):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = WikiClient(f"http://127.0.0.1:{port}/w/api.php", None, sleep=waits.append,
                        max_retries=2, timeout=(0.5, 0.5))
    with pytest.raises(FetchError, match="gave up after 3 attempts"):
        client.fetch("Douglas Adams")
    assert waits == [1.0, 2.0]
    assert all(entry["status"] is None for entry in client.log)


def test_backoff_is_capped_by_max_wait(wiki, waits):
    client = learned(WikiClient(wiki.api_url, CONTACT, sleep=waits.append, max_wait=3.0), wiki)
    wiki.fail_next(*[Fault("status", 503)] * 4)
    client.fetch("Douglas Adams")
    assert waits == [1.0, 2.0, 3.0, 3.0]


def test_log_entries_describe_each_attempt(wiki, waits):
    client = learned(WikiClient(wiki.api_url, CONTACT, sleep=waits.append), wiki)
    wiki.fail_next(Fault("maxlag", retry_after="5"), Fault("status", 429, retry_after="3"))
    client.fetch("Douglas Adams")
    assert [(e["method"], e["status"], e["outcome"], e["waited"]) for e in client.log] == [
        ("GET", 200, "maxlag", 5.0), ("GET", 429, "http-429", 3.0), ("GET", 200, "ok", 0.0)]
    assert all("maxlag=5" in e["url"] and "titles=Douglas+Adams" in e["url"] for e in client.log)


# -- Cache ---------------------------------------------------------------------

def test_oldid_is_served_from_cache_without_a_request(wiki, tmp_path):
    first = WikiClient(wiki.api_url, CONTACT, cache_dir=tmp_path).fetch(oldid=OLDER)
    assert [r.params.get("meta") or r.params.get("revids") for r in wiki.requests] == ["siteinfo", str(OLDER)]
    again = WikiClient(wiki.api_url, CONTACT, cache_dir=tmp_path)
    assert again.fetch(oldid=OLDER) == first  # the revision and what the wiki speaks both from the cache
    assert len(wiki.requests) == 2 and again.log == []


def test_latest_revision_always_asks_but_is_stored(client, wiki):
    client.fetch("Douglas Adams")
    client.fetch("Douglas Adams")
    assert len(wiki.requests) == 2
    rev = client.fetch(oldid=LATEST)  # stored by the title fetch
    assert len(wiki.requests) == 2 and rev.text == TEXT


def test_cache_hit_keeps_the_requested_title(client, wiki):
    client.fetch(oldid=LATEST)
    rev = client.fetch("Douglas Noel Adams", oldid=LATEST)
    assert len(wiki.requests) == 1
    assert rev.requested_title == "Douglas Noel Adams" and rev.title == "Douglas Adams"


def test_unreadable_cache_file_is_refetched(wiki, tmp_path):
    client = learned(WikiClient(wiki.api_url, CONTACT, cache_dir=tmp_path), wiki)
    client.fetch(oldid=LATEST)
    path = client.cache.path(LATEST)
    path.write_text('{"schema": 1, "revision": ', encoding="utf-8")
    assert client.fetch(oldid=LATEST).text == TEXT
    assert len(wiki.requests) == 2


def test_cache_is_separate_per_wiki(tmp_path):
    with douglas_adams_wiki() as one, douglas_adams_wiki() as two:
        WikiClient(one.api_url, CONTACT, cache_dir=tmp_path).fetch(oldid=LATEST)
        WikiClient(two.api_url, CONTACT, cache_dir=tmp_path).fetch(oldid=LATEST)
        assert len(one.requests) == 2 and len(two.requests) == 2  # siteinfo and the revision, each


# -- Category members ----------------------------------------------------------

@pytest.fixture
def category_wiki():
    with ReplayWiki(page_size=2) as replay:
        replay.add_category("Category:Novelists", [
            (0, "Douglas Adams"), (14, "Category:Science fiction novelists"),
            (0, "Terry Pratchett"), (10, "Template:Novelists"), (0, "Neil Gaiman"),
        ])
        replay.add_category("Category:Science fiction novelists", [
            (0, "Douglas Adams"), (0, "Iain Banks"), (14, "Category:Novelists"),
            (14, "Category:Space opera writers"),
        ])
        replay.add_category("Category:Space opera writers", [(0, "Alastair Reynolds")])
        yield replay


@pytest.mark.parametrize("depth, expected", [
    (0, ["Douglas Adams", "Terry Pratchett", "Neil Gaiman"]),
    (1, ["Douglas Adams", "Terry Pratchett", "Neil Gaiman", "Iain Banks"]),
    (5, ["Douglas Adams", "Terry Pratchett", "Neil Gaiman", "Iain Banks", "Alastair Reynolds"]),
])
def test_category_members_to_depth_with_a_cycle(category_wiki, depth, expected):
    client = WikiClient(category_wiki.api_url, CONTACT, sleep=lambda s: None)
    assert list(client.category_members("Category:Novelists", depth=depth)) == expected


def test_category_request_and_whole_continue_object(category_wiki):
    client = learned(WikiClient(category_wiki.api_url, CONTACT, sleep=lambda s: None), category_wiki)
    list(client.category_members("Novelists"))
    first, second, third = (r.params for r in category_wiki.requests)
    assert first["cmtitle"] == "Category:Novelists"
    assert (first["list"], first["cmtype"], first["cmlimit"], first["maxlag"]) == (
        "categorymembers", "page|subcat", "max", "5")
    assert "cmcontinue" not in first and first["continue"] == ""
    assert (second["cmcontinue"], second["continue"]) == ("page|4b4f|2", "-||")
    assert (third["cmcontinue"], third["continue"]) == ("page|4b4f|4", "-||")


def test_category_members_survive_maxlag_mid_continuation(category_wiki, waits):
    client = WikiClient(category_wiki.api_url, CONTACT, sleep=waits.append)
    members = client.category_members("Category:Novelists")
    assert next(members) == "Douglas Adams"
    category_wiki.fail_next(Fault("maxlag", retry_after="3"))
    assert list(members) == ["Terry Pratchett", "Neil Gaiman"]
    assert waits == [3.0]


def test_empty_category_is_a_user_error(category_wiki):
    client = WikiClient(category_wiki.api_url, CONTACT)
    with pytest.raises(UserError, match="no articles in 'Category:Nowhere'"):
        list(client.category_members("Category:Nowhere"))
