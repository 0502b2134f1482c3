"""`auditor audit` and `auditor diff` on wiki input, through click's CliRunner, against a replay wiki on 127.0.0.1."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import cli
from auditor.sources import wiki_input
from mediawiki_server import Fault, add_writers, douglas_adams_wiki, revision_entry
from revision_edits import edited

CASES = Path(__file__).resolve().parent / "cases"
LATEST, OLDER = 841482403, 841482402
EDITED = 841482404
TEXT = (Path(__file__).resolve().parent.parent / "fixtures" / "wikitext" / "Douglas-Adams.wiki").read_text(
    encoding="utf-8")


@pytest.fixture
def waits(monkeypatch) -> list[float]:
    slept: list[float] = []
    monkeypatch.setattr(wiki_input, "sleep", slept.append)
    monkeypatch.setattr(wiki_input, "TIMEOUT", (2.0, 0.5))
    return slept


@pytest.fixture
def env(tmp_path, monkeypatch) -> dict[str, str]:
    monkeypatch.chdir(tmp_path)  # no setup.cfg: contact and cache come from the environment
    return {"AUDITOR_CACHE": str(tmp_path / "cache"), "AUDITOR_CONTACT": "ci-tests@example.org",
            "GITHUB_ACTIONS": ""}


@pytest.fixture
def wiki():
    replay = douglas_adams_wiki()
    replay.pages["Douglas Adams"].revisions.insert(
        0, revision_entry(EDITED, LATEST, "2018-05-20T10:00:00Z", edited(TEXT)))
    with add_writers(replay):
        yield replay


def run(env: dict[str, str], *args: str):
    return CliRunner().invoke(cli, list(args), env=env)


def test_audit_by_title_reports_the_revision(wiki, env, waits):
    result = run(env, "audit", "--title", "Douglas Adams", "--api", wiki.api_url, "--format", "json")
    assert result.exit_code == 0, result.output
    source = json.loads(result.stdout)["article"]["source"]
    assert source["kind"] == "wiki" and source["name"] == "Douglas Adams"
    assert source["revision"] == EDITED and source["parent"] == LATEST
    assert source["url"].endswith(f"/w/index.php?oldid={EDITED}")
    assert source["timestamp"] == "2018-05-20T10:00:00Z" and source["redirected_from"] is None


def test_audit_by_oldid_then_from_cache(wiki, env, waits):
    for _ in range(2):
        result = run(env, "audit", "--oldid", str(OLDER), "--api", wiki.api_url, "--format", "json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["article"]["source"]["revision"] == OLDER
    # The second run came from the cache: the revision and what the wiki speaks.
    assert [r.params.get("meta") or r.params.get("revids") for r in wiki.requests] == ["siteinfo", str(OLDER)]
    assert any((Path(env["AUDITOR_CACHE"])).rglob(f"{OLDER}.json"))


def test_redirect_reported_on_stderr_and_in_record(wiki, env, waits):
    result = run(env, "audit", "--title", "Douglas Noel Adams", "--api", wiki.api_url, "--format", "json")
    assert result.exit_code == 0
    assert "'Douglas Noel Adams' redirects to 'Douglas Adams'" in result.stderr
    assert json.loads(result.stdout)["article"]["source"]["redirected_from"] == "Douglas Noel Adams"


@pytest.mark.parametrize("args, message", [
    (["--title", "No Such Page"], "No Such Page"),
    (["--oldid", "999"], "999"),
    (["--title", "Bad[title]"], "invalid"),
])
def test_missing_page_or_revision_exits_2(wiki, env, waits, args, message):
    result = run(env, "audit", *args, "--api", wiki.api_url)
    assert result.exit_code == 2
    assert result.stderr.startswith("auditor: error: ") and message in result.stderr
    assert result.stdout == ""


def test_wikimedia_wiki_without_contact_exits_2_before_any_request(env, waits):
    result = run({**env, "AUDITOR_CONTACT": ""}, "audit", "--title", "Douglas Adams", "--wiki", "en.wikipedia.org")
    assert result.exit_code == 2 and "--contact" in result.stderr


def load_cases(name: str) -> list:
    return [pytest.param(c, id=c["name"]) for c in tomllib.loads((CASES / name).read_text("utf-8"))["case"]]


@pytest.mark.parametrize("case", load_cases("cli_wiki_faults.toml"))
def test_faults_end_in_success_or_exit_3(case, wiki, env, waits, tmp_path):
    wiki.fail_next(*(Fault(**fault) for fault in case["faults"]))
    log = tmp_path / "requests.jsonl"
    result = run(env, "audit", "--title", "Douglas Adams", "--api", wiki.api_url, "--request-log", str(log))
    assert result.exit_code == case["exit"], result.output
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    assert [e["outcome"] for e in entries] == case["outcomes"]
    assert waits == case["waits"]
    if case["exit"] == 3:
        *waited, last = result.stderr.splitlines()  # the waits said before the error, one line each
        assert last.startswith("auditor: error: ") and result.stdout == ""
        assert all("; retry " in line for line in waited)
    else:
        assert result.stdout.startswith("Douglas Adams (wikitext, Douglas Adams)")


def test_titles_file_gives_json_lines_and_goes_on_after_a_missing_page(wiki, env, waits, tmp_path):
    titles = tmp_path / "titles.txt"
    titles.write_text("# writers\nDouglas Adams\n\nNo Such Page\nOral history\n", encoding="utf-8")
    result = run(env, "audit", "--titles-file", str(titles), "--api", wiki.api_url, "--format", "json")
    assert result.exit_code == 2  # the missing page, after the others were audited
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["article"]["title"] for r in records] == ["Douglas Adams", "Oral history"]
    assert "No Such Page" in result.stderr


def test_category_with_depth_and_a_cycle(wiki, env, waits, tmp_path):
    out = tmp_path / "out.jsonl"
    result = run(env, "audit", "--category", "English writers", "--depth", "2", "--api", wiki.api_url,
                 "--format", "jsonl", "-o", str(out))
    assert result.exit_code == 0, result.output
    titles = [json.loads(line)["article"]["title"] for line in out.read_text().splitlines()]
    assert titles == ["Douglas Adams", "Oral history"]


def test_category_depth_0_skips_subcategories(wiki, env, waits):
    result = run(env, "audit", "--category", "Category:English writers", "--api", wiki.api_url, "--format", "jsonl")
    assert [json.loads(line)["article"]["title"] for line in result.stdout.splitlines()] == ["Douglas Adams"]


@pytest.mark.parametrize("args", [
    ["fixtures.wiki", "--title", "X", "--titles-file", "t.txt"],
    ["--titles-file", "t.txt", "--category", "C"],
    ["--title", "X", "--category", "C"],
    ["a.wiki", "--wiki", "en.wikipedia.org"],
    [],
])
def test_conflicting_inputs_are_usage_errors(env, args):
    result = run(env, "audit", *args)
    assert result.exit_code == 2 and result.stderr.startswith("auditor: error: ")


def test_wiki_diff_of_two_revisions(wiki, env, waits):
    result = run(env, "diff", "--title", "Douglas Adams", "--from-oldid", str(LATEST), "--to-oldid", str(EDITED),
                 "--api", wiki.api_url, "--format", "json")
    assert result.exit_code == 1
    record = json.loads(result.stdout)
    assert record["schema"] == "auditor.diff/1"
    assert (record["old"]["article"]["source"]["revision"], record["new"]["article"]["source"]["revision"]) == \
        (LATEST, EDITED)
    assert record["counts"]["new-weak"] == 1 and record["counts"]["citation-removed"] == 1


def test_wiki_diff_to_oldid_alone_compares_with_its_parent(wiki, env, waits):
    result = run(env, "diff", "--to-oldid", str(LATEST), "--api", wiki.api_url, "--format", "json")
    assert result.exit_code == 1  # the parent lacks the {{cn}}: the claim got weaker
    record = json.loads(result.stdout)
    assert record["old"]["article"]["source"]["revision"] == OLDER
    assert record["counts"]["flag-added"] == 1 and record["counts"]["weaker"] == 1


def test_wiki_diff_of_a_first_revision_is_a_user_error(wiki, env, waits):
    result = run(env, "diff", "--to-oldid", str(OLDER), "--api", wiki.api_url)
    assert result.exit_code == 2 and "first" in result.stderr


def test_sarif_for_wiki_input_points_at_the_permalink(wiki, env, waits):
    result = run(env, "audit", "--title", "Douglas Adams", "--api", wiki.api_url, "--format", "sarif")
    results = json.loads(result.stdout)["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == {f"{wiki.api_url[:-len('api.php')]}index.php?oldid={EDITED}"}


@pytest.mark.parametrize("quiet", [False, True])
def test_a_long_wait_for_the_wiki_is_said_on_stderr_unless_quiet(wiki, env, waits, quiet):
    """A run that waits on the wiki says for what, which retry and how long; --quiet keeps it silent."""
    wiki.fail_next(Fault(kind="status", status=503, retry_after="7"), Fault(kind="status", status=429,
                                                                           retry_after="4"))
    result = run(env, "audit", "--title", "Douglas Adams", "--api", wiki.api_url, *(["--quiet"] if quiet else []))
    assert result.exit_code in (0, 1), result.output
    said = [line for line in result.stderr.splitlines() if "retry" in line]
    host = wiki.api_url.split("/")[2]
    assert said == ([] if quiet else [f"{host}: http-503; retry 1 of 5 in 7 s", f"{host}: http-429; retry 2 of 5 in 4 s"])
    assert waits == [7.0, 4.0]


def test_a_short_wait_is_not_worth_a_line(wiki, env, waits):
    wiki.fail_next(Fault(kind="truncate"))
    result = run(env, "audit", "--title", "Douglas Adams", "--api", wiki.api_url)
    assert waits == [1.0] and "retry" not in result.stderr
