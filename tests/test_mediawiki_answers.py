"""The client reads what real wikis answer: recorded answers of three MediaWiki generations and real
error and missing-page answers (tests/cases/mediawiki_recorded.toml), and every generation the replay
wiki plays (tests/cases/mediawiki_generations.toml), all on 127.0.0.1."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import cli
from auditor.errors import FetchError, UserError
from auditor.sources import wiki_input
from auditor.sources.mediawiki import WikiClient
from mediawiki_server import ReplayWiki, douglas_adams_wiki

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"
RECORDED = ROOT / "fixtures" / "api" / "recorded"
TEXT = (ROOT / "fixtures" / "wikitext" / "Douglas-Adams.wiki").read_text(encoding="utf-8")
LATEST = 841482403
ERRORS = {"UserError": UserError, "FetchError": FetchError}


def load_cases(name: str) -> list:
    return [pytest.param(c, id=c["name"]) for c in tomllib.loads((CASES / name).read_text("utf-8"))["case"]]


def recorded_wiki(case: dict) -> ReplayWiki:
    """A replay wiki that answers the revision request with the recorded answer of ``case``."""
    siteinfo = None if case["siteinfo"] == "refused" else json.loads((RECORDED / case["siteinfo"]).read_bytes())
    wiki = ReplayWiki(siteinfo=siteinfo)
    wiki.add_canned({"prop": "revisions"}, (RECORDED / case["answer"]).read_bytes(), headers=case.get("headers"))
    return wiki


@pytest.mark.parametrize("case", load_cases("mediawiki_recorded.toml"))
def test_recorded_answers(case, tmp_path):
    with recorded_wiki(case) as wiki:
        client = WikiClient(wiki.api_url, None, cache_dir=tmp_path, sleep=lambda s: None)
        if "error" in case:
            with pytest.raises(ERRORS[case["error"]]) as caught:
                client.fetch(case["title"])
            assert type(caught.value) is ERRORS[case["error"]]
            assert case["message"] in str(caught.value) and "\n" not in str(caught.value)
            return
        rev = client.fetch(case["title"])
    expect = case["expect"]
    assert (rev.title, rev.page_id) == (expect["title"], expect["page_id"])
    assert rev.text == expect["text"] if "text" in expect else rev.text.startswith(expect["text_starts"])
    assert rev.normalized_from == expect.get("normalized_from")
    assert rev.redirected_from == expect.get("redirected_from")
    if expect.get("no_ids"):
        assert rev.revision is None and rev.url is None and rev.timestamp is None
    else:
        assert rev.timestamp == expect["timestamp"]
    if "warning" in expect:
        assert expect["warning"] in rev.warnings


@pytest.fixture
def env(tmp_path, monkeypatch) -> dict[str, str]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(wiki_input, "sleep", lambda s: None)
    return {"AUDITOR_CACHE": str(tmp_path / "cache"), "AUDITOR_CONTACT": "ci-tests@example.org",
            "GITHUB_ACTIONS": ""}


@pytest.mark.parametrize("case", load_cases("mediawiki_recorded.toml"))
def test_recorded_answers_end_in_the_documented_exit_code(case, env):
    with recorded_wiki(case) as wiki:
        result = CliRunner().invoke(cli, ["audit", "--title", case["title"], "--api", wiki.api_url,
                                          "--format", "json"], env=env)
    assert result.exit_code == case["exit"], result.output
    if case["exit"]:
        assert result.stdout == "" and result.stderr.startswith("auditor: error: ")
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    else:
        source = json.loads(result.stdout)["article"]["source"]
        assert source["name"] == case["expect"]["title"]
        assert source["normalized_from"] == case["expect"].get("normalized_from")
        if "warning" in case["expect"]:
            assert case["expect"]["warning"] in source["warnings"]
            assert result.stderr.count(case["expect"]["warning"]) == 1


def test_recorded_siteinfo_decides_what_is_asked_and_the_links(tmp_path):
    """enwiki's real siteinfo of MediaWiki 1.30: formatversion 2 but no rvslots; links on its own server."""
    siteinfo = json.loads((RECORDED / "enwiki-siteinfo-fv2-mw1.30.json").read_bytes())
    with douglas_adams_wiki() as wiki:
        wiki.siteinfo, wiki.version = siteinfo, "1.30.0"
        rev = WikiClient(wiki.api_url, None, cache_dir=tmp_path).fetch("Douglas Adams")
        asked = wiki.requests[-1].params
    assert asked["formatversion"] == "2" and "rvslots" not in asked
    assert rev.text == TEXT
    assert rev.url == f"http://en.wikipedia.org/w/index.php?oldid={LATEST}"  # "//en.wikipedia.org" + the API's scheme
    assert rev.page_url == "http://en.wikipedia.org/wiki/Douglas_Adams"
    assert rev.edit_url == "http://en.wikipedia.org/w/index.php?title=Douglas_Adams&action=edit"


def test_recorded_category_listing_formatversion_1(tmp_path):
    with ReplayWiki(siteinfo=None) as wiki:
        wiki.add_canned({"list": "categorymembers"}, (RECORDED / "enwiki-fv1-categorymembers.json").read_bytes())
        titles = list(WikiClient(wiki.api_url, None).category_members("Human rights by issue"))
    assert len(titles) == 68 and titles[0] == "Academic freedom in the Middle East"


# -- Every generation, played by the replay wiki -----------------------------------------------------------

@pytest.mark.parametrize("case", load_cases("mediawiki_generations.toml"))
def test_generations(case, tmp_path):
    replay = douglas_adams_wiki()
    replay.version = case["version"]
    if case.get("refuses_siteinfo"):
        replay.siteinfo = None
    with replay as wiki:
        client = WikiClient(wiki.api_url, None, cache_dir=tmp_path)
        rev = client.fetch("Douglas_Noel_Adams")
        asked = wiki.requests[-1].params
        with pytest.raises(UserError, match="no page titled 'Douglas Adamz'"):
            client.fetch("Douglas_Adamz")
        with pytest.raises(UserError, match="invalid title"):
            client.fetch("Douglas <Adams>")
        by_id = client.fetch(oldid=LATEST - 1)
    assert rev.text == TEXT and rev.revision == LATEST and rev.parent == LATEST - 1
    assert (rev.normalized_from, rev.redirected_from) == ("Douglas_Noel_Adams", "Douglas Noel Adams")
    assert by_id.revision == LATEST - 1 and by_id.parent is None
    assert asked.get("formatversion") == case.get("formatversion")
    assert asked.get("rvslots") == case.get("rvslots")
    assert [w for w in rev.warnings if "rvslots" in w or "formatversion" in w] == case.get("warnings", [])
    body = wiki.answer(asked)[1]
    assert (b'"pages": [' in body) is (case["answers"] == 2)  # the formatversion the wiki really answered in


def test_a_title_normalised_to_nothing_is_a_bad_title(tmp_path):
    with douglas_adams_wiki() as wiki:
        wiki.add_canned({"titles": "#"}, b'{"batchcomplete":true,"query":{"normalized":'
                                         b'[{"fromencoded":false,"from":"#","to":""}]}}')
        with pytest.raises(UserError, match="invalid title '#'"):
            WikiClient(wiki.api_url, None).fetch("#")


def test_siteinfo_is_asked_once_and_kept_with_the_revisions(tmp_path):
    with douglas_adams_wiki() as wiki:
        for _ in range(2):
            client = WikiClient(wiki.api_url, None, cache_dir=tmp_path)
            client.fetch("Douglas Adams")
            client.fetch("Douglas Adams")
        metas = [r.params.get("meta") for r in wiki.requests]
    assert metas == ["siteinfo", None, None, None, None]
    assert (tmp_path / next(tmp_path.iterdir()).name / "siteinfo.json").is_file()


def test_a_wiki_that_refuses_siteinfo_is_still_read(tmp_path):
    with douglas_adams_wiki() as wiki:
        wiki.siteinfo = None
        rev = WikiClient(wiki.api_url, None, cache_dir=tmp_path).fetch("Douglas Adams")
        asked = wiki.requests[-1].params
    base = wiki.api_url[: -len("api.php")]
    assert rev.text == TEXT and asked["formatversion"] == "2" and asked["rvslots"] == "main"
    assert rev.url == f"{base}index.php?oldid={LATEST}"
    assert rev.page_url == f"{base}index.php?title=Douglas_Adams"
    assert not list(tmp_path.rglob("siteinfo.json"))  # a guess is not kept: the next run asks again


def test_links_follow_the_wikis_own_server_and_article_path(tmp_path):
    with douglas_adams_wiki() as wiki:
        wiki.siteinfo = {"batchcomplete": True, "query": {"general": {
            "generator": "MediaWiki 1.39.5", "server": "https://wiki.example.org", "articlepath": "/view/$1",
            "script": "/mw/index.php", "lang": "de"}}}
        client = WikiClient(wiki.api_url, None, cache_dir=tmp_path)
        rev = client.fetch("Douglas Adams")
    assert client.site.lang == "de" and client.site.version == (1, 39)
    assert rev.url == f"https://wiki.example.org/mw/index.php?oldid={LATEST}"
    assert rev.page_url == "https://wiki.example.org/view/Douglas_Adams"
    assert rev.edit_url == "https://wiki.example.org/mw/index.php?title=Douglas_Adams&action=edit"


@pytest.mark.parametrize("base, title, page, edit", [
    ("https://en.wikipedia.org/wiki/Main_Page", "Pear", "https://en.wikipedia.org/wiki/Pear",
     "https://en.wikipedia.org/wiki/Pear?action=edit"),
    ("http://wiki.example.org/index.php?title=Main_Page", "Ça va", "http://wiki.example.org/index.php?title=%C3%87a_va",
     "http://wiki.example.org/index.php?title=%C3%87a_va&action=edit"),
    ("https://wiki.example.org/index.php/Hauptseite", "A/B", "https://wiki.example.org/index.php/A/B",
     "https://wiki.example.org/index.php/A/B?action=edit"),
    ("enwiki", "Pear", None, None),
    (None, "Pear", None, None),
])
def test_dump_base_gives_the_links_of_its_own_wiki(base, title, page, edit):
    from auditor.sources.siteinfo import dump_links

    assert dump_links(base, title) == (page, edit)


def test_the_wikis_warnings_are_shown_once_a_run_and_kept_in_each_record(env, tmp_path):
    replay = douglas_adams_wiki()
    replay.version, replay.siteinfo = "1.31.0", None  # refuses siteinfo, then ignores rvslots with a warning
    titles = tmp_path / "titles.txt"
    titles.write_text("Douglas_Noel_Adams\nDouglas Adams\n", encoding="utf-8")
    with replay as wiki:
        result = CliRunner().invoke(cli, ["audit", "--titles-file", str(titles), "--api", wiki.api_url,
                                          "--format", "json"], env=env)
    assert result.exit_code == 0, result.output
    warning = "main: Unrecognized parameter: rvslots."
    assert result.stderr.count(warning) == 1
    assert "'Douglas_Noel_Adams' is read as 'Douglas Noel Adams'" in result.stderr
    sources = [json.loads(line)["article"]["source"] for line in result.stdout.splitlines()]
    assert [warning in s["warnings"] for s in sources] == [True, True]
    assert [s["normalized_from"] for s in sources] == ["Douglas_Noel_Adams", None]


def test_html_edit_links_come_from_the_wikis_siteinfo(env, tmp_path):
    replay = douglas_adams_wiki()
    replay.siteinfo = {"query": {"general": {"generator": "MediaWiki 1.41.0", "server": "https://wiki.example.org",
                                             "articlepath": "/view/$1", "script": "/mw/index.php"}}}
    with replay as wiki:
        result = CliRunner().invoke(cli, ["audit", "--title", "Douglas Adams", "--api", wiki.api_url,
                                          "--format", "html", "-o", str(tmp_path / "out.html")], env=env)
    assert result.exit_code == 0, result.output
    html = (tmp_path / "out.html").read_text(encoding="utf-8")
    assert "https://wiki.example.org/mw/index.php?title=Douglas_Adams&amp;action=edit&amp;section=1" in html
    assert f"https://wiki.example.org/mw/index.php?oldid={LATEST}" in html
    assert "/w/index.php" not in html


@pytest.mark.parametrize("answer, expected", [
    ({"batchcomplete": "", "query": {}}, None),
    ({"continue": {"cmcontinue": "page|4b4f|2", "continue": "-||"}}, {"cmcontinue": "page|4b4f|2", "continue": "-||"}),
    ({"batchcomplete": True, "continue": {"rvcontinue": 12, "continue": "||"}}, {"rvcontinue": "12", "continue": "||"}),
    ({"query-continue": {"categorymembers": {"cmcontinue": "page|A|9"}}}, {"cmcontinue": "page|A|9"}),
])
def test_continuation_of_any_module_and_generation(answer, expected):
    from auditor.sources.api_responses import next_continue

    assert next_continue(answer, "wiki") == expected


@pytest.mark.parametrize("cursor", [[], "x", {}, {"cmcontinue": None}, {"cmcontinue": {"a": 1}}, {"c": True}])
def test_a_continue_of_another_shape_is_one_line(cursor):
    from auditor.sources.api_responses import next_continue

    with pytest.raises(FetchError, match="unexpected 'continue'"):
        next_continue({"continue": cursor}, "wiki")
