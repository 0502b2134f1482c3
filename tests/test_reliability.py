"""Tests for the source-reliability lookup: shipped table, archive unwrapping, users' lists."""

from __future__ import annotations

import json
import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.errors import UserError
from auditor.reliability import TIERS, DomainInfo, load_reliability, parse_source_list

CASES = tomllib.loads((Path(__file__).parent / "cases" / "reliability.toml").read_text(encoding="utf-8"))
SOURCE_TYPES = {"self-published", "user-generated", "wikipedia", "press-release", "predatory", "tabloid",
                "sponsored", "government", "advocacy", "news", "books", "opinion", "satire", "academic"}


def _none(value: object) -> object:
    return None if value == "none" else value


@pytest.mark.parametrize("case", CASES["url"], ids=[c["name"] for c in CASES["url"]])
def test_classify(case: dict) -> None:
    info = load_reliability().classify(case["url"])
    assert info.url == case["url"]
    for field in ("domain", "matched", "tier", "archived"):
        if field in case:
            assert getattr(info, field) == _none(case[field]), field
    if "types" in case:
        assert info.types == tuple(case["types"])
    assert set(case.get("tiers", ())) <= set(info.tiers)


@pytest.mark.parametrize("case", CASES["list_line"], ids=[c["line"] for c in CASES["list_line"]])
def test_list_line(case: dict) -> None:
    entries = parse_source_list(case["line"] + "\n", "wp-sources.txt")
    assert list(entries) == [case["key"]]
    assert entries[case["key"]]["tier"] == case["tier"]
    if "source" in case:
        assert entries[case["key"]]["source"] == case["source"]


@pytest.mark.parametrize("case", CASES["bad_line"], ids=[c["text"] for c in CASES["bad_line"]])
def test_bad_line(case: dict) -> None:
    with pytest.raises(UserError, match=case["error"]):
        parse_source_list(case["text"], "wp-sources.txt")


def test_user_list_overrides_shipped_tier(tmp_path: Path) -> None:
    first = tmp_path / "project.txt"
    first.write_text("# WikiProject sources\ndailymail.co.uk  reliable  # for our football scores\n"
                     "someone.blogspot.com  generally reliable\nexample.org unreliable\n", encoding="utf-8")
    second = tmp_path / "later.txt"
    second.write_text("example.org deprecated\n", encoding="utf-8")
    table = load_reliability([first, second])
    mail = table.classify("https://www.dailymail.co.uk/sport/x.html")
    assert (mail.tier, mail.matched, mail.source) == ("generally-reliable", "dailymail.co.uk", "for our football scores")
    assert mail.types == ("tabloid",)  # types still come from the shipped data
    blog = table.classify("https://someone.blogspot.com/2010/x.html")
    assert (blog.tier, blog.matched, blog.types) == ("generally-reliable", "someone.blogspot.com", ("self-published",))
    assert table.classify("https://sub.example.org/").tier == "deprecated"  # later list wins
    assert load_reliability().classify("https://www.dailymail.co.uk/x").tier == "deprecated"  # shipped untouched


def test_unreadable_list_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="missing.txt: no such file"):
        load_reliability([tmp_path / "missing.txt"])


def test_malformed_list_file_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "sources.txt"
    path.write_text("example.com reliable\nexample.net\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"sources\.txt, line 2"):
        load_reliability([path])


def test_shipped_data_is_well_formed() -> None:
    data = json.loads(resources.files("auditor").joinpath("data/reliability.json").read_text(encoding="utf-8"))
    assert data["schema"] == 1
    assert all(p["snapshot"] and p["licence"] for p in data["provenance"])
    assert len(data["domains"]) > 1000
    for key, entry in data["domains"].items():
        assert key == key.lower() and not key.startswith("www.") and "." in key.split("/")[0], key
        assert entry.get("tier") is None or entry["tier"] in TIERS, key
        assert set(entry.get("types", ())) <= SOURCE_TYPES, key
        assert entry.get("tier") or entry.get("types"), key
    assert list(data["domains"]) == sorted(data["domains"])


def test_domain_info_is_frozen() -> None:
    info = load_reliability().classify("https://www.bbc.co.uk/news")
    assert isinstance(info, DomainInfo)
    with pytest.raises(AttributeError):
        info.tier = "blacklisted"  # type: ignore[misc]


def test_the_shipped_domains_read_line_by_line_are_the_whole_files() -> None:
    """The table looks keys up by bisection in the file's lines (reliability.ShippedDomains): every key gives
    its entry, and a key next to one (a prefix, a longer name, a neighbour) gives none."""
    from auditor.reliability import ShippedDomains, _shipped

    whole = json.loads(resources.files("auditor").joinpath("data/reliability.json").read_text(encoding="utf-8"))
    domains, suffix_labels = _shipped()
    assert isinstance(domains, ShippedDomains) and suffix_labels == whole["suffix_labels"]
    assert list(domains) == list(whole["domains"]) and len(domains) == len(whole["domains"])
    for key, entry in whole["domains"].items():
        assert key in domains and domains[key] == entry, key
    for near in ("", "a", "bbc", "bbc.co", "bbc.co.uk.x", "zzzz.zz", "112", "0.com", "bbc.co.uk/", "BBC.co.uk",
                 "münchen.de", 'a"b.com', "bbc.co.uk\\"):
        assert (near in domains) == (near in whole["domains"]), near



def _host_by_codec(host: str) -> str | None:
    """normalize_host as it was written with the idna codec for every host."""
    from auditor import urlhost

    host = host.strip().rstrip(".").lower()
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    if not urlhost._HOST.match(host):
        return None
    while urlhost._DROPPED_LABELS.match(host) and host.count(".") > 1:
        host = host.split(".", 1)[1]
    return host


@pytest.mark.parametrize("host", ["a..b.com", "x" * 64 + ".com", "www." + "a" * 63 + ".com", "a.com." + "b" * 64,
                                  "a.b" + "c" * 62, "a.b" + "c" * 61, "...", ".a.com", "BBC.co.uk.", "münchen.de",
                                  "a" * 63 + ".org", "", " www.x.org ", "m.a..b"])
def test_ascii_hosts_are_checked_as_the_idna_codec_checks_them(host: str) -> None:
    from auditor.urlhost import normalize_host

    assert normalize_host(host) == _host_by_codec(host)


@lru_cache(maxsize=1)
def _fixture_urls() -> list[str]:
    """Every URL cited in the fixture articles (wikitext and saved pages)."""
    from auditor.checks.base import reference_url
    from auditor.parse import parse_article
    from auditor.sources.files import file_page

    root = Path(__file__).parent.parent / "fixtures"
    urls = []
    for path in sorted([*root.glob("wikitext/*.wiki"), *root.glob("html/*.html")]):
        item = file_page(str(path))
        article = parse_article(item.text, item.input_format, item.source, None, "", "en")
        urls += [url for url in map(reference_url, article.references) if url]
    return urls


URL_PIECES = ["http://", "https://", "HTTPS://", "ftp://", "//", "www.", "Example", "a-b", ".com", ".", "/", "?",
              "#", ":80", "@", "user:pw@", "[::1]", "%2F", "\t", "\n", "\r", " ", "\x01", "\u212a", "ſ", "é", "_",
              "web.archive.org/web/2020/", "p", "ttp", "q=", "&", "\\", "0", "-", "..", "http:x.org", "mailto:"]


@settings(max_examples=1000, deadline=None)
@given(pieces=st.lists(st.sampled_from(URL_PIECES), max_size=10))
def test_a_url_s_host_and_path_are_read_as_urlsplit_reads_them(pieces: list[str]) -> None:
    """urlhost._split reads a plainly written URL off without urlsplit: the same host, path and rest."""
    _split_alike("".join(pieces))


def test_every_fixture_url_s_host_and_path_are_read_as_urlsplit_reads_them() -> None:
    urls = _fixture_urls()
    assert len(urls) > 500
    for url in urls:
        _split_alike(url)


def _split_alike(url: str) -> None:
    from auditor import urlhost

    text = url.strip()
    text = "http:" + text if text.startswith("//") else text if urlhost._SCHEME.match(text) else "http://" + text
    assert urlhost._split(url) == urlhost._split_generally(text), url


def test_a_host_s_path_keys_are_tried_only_where_the_table_has_some() -> None:
    """The table skips the host/path keys of a host under which it holds none: for every shipped key (as a URL
    with a longer path) and every fixture URL, with and without a user list of path keys, it finds the entries
    that trying every key finds."""
    from auditor.reliability import ReliabilityTable, ShippedDomains, _shipped, candidate_keys
    from auditor.urlhost import resolve

    domains, suffix_labels = _shipped()
    assert isinstance(domains, ShippedDomains)
    urls = [*_fixture_urls(), *(f"http://{key}/x/y" for key in domains), "http://www.example.com/blog/1"]
    targets = list(filter(None, map(resolve, urls)))
    user = {"example.com/blog": {"tier": "generally-unreliable", "source": "u"}, "bbc.co.uk": {"tier": "deprecated"}}
    for overrides in ({}, user):
        table = ReliabilityTable(domains, suffix_labels, overrides)
        tables = (overrides, domains)
        pruned = 0
        for target in targets:
            every = [(key, t[key]) for key in candidate_keys(target) for t in tables if key in t]
            assert list(table._entries(target)) == every, target
            pruned += len(list(candidate_keys(target, table._has_paths))) < len(list(candidate_keys(target)))
        assert pruned > len(targets) // 2
