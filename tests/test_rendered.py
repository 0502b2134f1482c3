"""`--rendered`: the Parsoid HTML of a page from the wiki's REST API, against a replay wiki on 127.0.0.1 (issue 13)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import cli
from auditor.errors import FetchError, UserError
from auditor.sources import wiki_input
from auditor.sources.mediawiki import WikiClient
from auditor.sources.rendered import fetch_rendered
from mediawiki_server import Fault, ReplayWiki

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
RECORD = json.loads((FIXTURES / "html" / "enterprise-William_Clark_inventor.json").read_text("utf-8"))
TITLE, REVISION, PAGE_ID = "William Clark (inventor)", 1054288291, 13924699


@pytest.fixture
def wiki():
    replay = ReplayWiki()
    replay.add_rendered(TITLE, REVISION, RECORD["article_body"]["html"])
    with replay:
        yield replay


@pytest.fixture
def env(tmp_path, monkeypatch) -> dict[str, str]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(wiki_input, "sleep", lambda seconds: None)
    return {"AUDITOR_CACHE": str(tmp_path / "cache"), "AUDITOR_CONTACT": "ci-tests@example.org", "GITHUB_ACTIONS": ""}


def run(env: dict[str, str], *args: str):
    return CliRunner().invoke(cli, list(args), env=env)


def _rest(wiki: ReplayWiki) -> list[str]:
    return [r.path for r in wiki.requests if r.path.startswith("/w/rest.php")]


def test_audit_rendered_by_title(wiki, env):
    result = run(env, "audit", "--title", TITLE, "--rendered", "--api", wiki.api_url, "--format", "json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["article"]["input_format"] == "html" and record["article"]["title"] == TITLE
    assert record["article"]["source"]["revision"] == REVISION
    assert record["article"]["source"]["url"].endswith(f"oldid={REVISION}")
    assert record["summary"]["claims"] == 18  # its 18 sentences (tests/corpus/william-clark-parsoid.toml)
    assert any(r["domain"] == "books.google.com" for r in record["references"])
    assert _rest(wiki) == ["/w/rest.php/v1/page/William_Clark_%28inventor%29/html"]
    rest = next(r for r in wiki.requests if r.path.startswith("/w/rest.php"))
    assert "ci-tests@example.org" in rest.headers["User-Agent"] and "gzip" in rest.headers["Accept-Encoding"]


def test_audit_rendered_by_oldid_then_from_cache(wiki, env):
    for _ in range(2):
        result = run(env, "audit", "--oldid", str(REVISION), "--rendered", "--api", wiki.api_url, "--format", "json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["article"]["source"]["revision"] == REVISION
    assert _rest(wiki) == [f"/w/rest.php/v1/revision/{REVISION}/html"]  # the second came from the cache


def test_missing_page_exits_2(wiki, env):
    result = run(env, "audit", "--title", "No such page", "--rendered", "--api", wiki.api_url)
    assert result.exit_code == 2 and "does not exist" in result.stderr and "Traceback" not in result.output


def test_rendered_applies_to_wiki_input_only(env, tmp_path):
    (tmp_path / "a.wiki").write_text("Born in 1952.\n", "utf-8")
    result = run(env, "audit", str(tmp_path / "a.wiki"), "--rendered")
    assert result.exit_code == 2 and "--rendered applies to wiki input" in result.stderr


def test_retries_as_the_action_api_does(wiki):
    waited: list[float] = []
    wiki.fail_next(Fault("status", status=429, retry_after="3"), Fault("status", status=503))
    with WikiClient(wiki.api_url, "ci@example.org", sleep=waited.append) as client:
        revision = fetch_rendered(client, TITLE)
    assert (revision.page_id, revision.revision, revision.content_format) == (PAGE_ID, REVISION, "html")
    assert waited[0] == 3.0 and [e["outcome"] for e in client.log if "rest.php" in e["url"]][:2] == \
        ["http-429", "http-503"]


def test_bounded_in_bytes_and_refuses_what_is_not_html(wiki, monkeypatch):
    with WikiClient(wiki.api_url, "ci@example.org", sleep=lambda s: None, max_bytes=4096) as client:
        with pytest.raises(FetchError, match="more than"):
            fetch_rendered(client, TITLE)
    monkeypatch.setattr(wiki, "rest_answer", lambda path: (200, b"{}", {"Content-Type": "application/json"}))
    with WikiClient(wiki.api_url, "ci@example.org", sleep=lambda s: None) as client:
        with pytest.raises(FetchError, match="did not answer with HTML"):
            fetch_rendered(client, TITLE)


def test_missing_revision_is_a_user_error(wiki):
    with WikiClient(wiki.api_url, "ci@example.org", sleep=lambda s: None) as client:
        with pytest.raises(UserError, match="revision 5 does not exist"):
            fetch_rendered(client, oldid=5)


def test_batch_titles_rendered(wiki, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "titles.txt").write_text(f"{TITLE}\nNo such page\n", "utf-8")
    result = CliRunner().invoke(cli, ["batch", f"titles:{tmp_path / 'titles.txt'}", "--out", str(tmp_path / "out"),
                                      "--api", wiki.api_url, "--contact", "ci@example.org", "--rendered",
                                      "--jobs", "1", "--quiet"])
    assert result.exit_code == 0, result.output
    rows = {r["title"]: r for r in map(json.loads, (tmp_path / "out" / "articles.jsonl").read_text().splitlines())}
    assert rows[TITLE]["claims"] == 18 and rows[TITLE]["revision"] == REVISION
    assert "does not exist" in rows["No such page"]["error"]
