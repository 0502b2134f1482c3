"""The CI formats: SARIF against the 2.1.0 schema, GitHub workflow commands' escaping, JUnit XML."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from auditor.checks import CHECKS
from auditor.cli import cli
from auditor.config import Config
from auditor.model import SourceInfo
from auditor.reports import render, render_many
from auditor.reports.github_report import escape_data, escape_property
from auditor.pipeline import Settings, audit_page
from auditor.sources.pages import PageText
from revision_edits import edited

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((Path(__file__).resolve().parent / "schemas" / "sarif-schema-2.1.0.json").read_text("utf-8"))
ADAMS = "fixtures/wikitext/Douglas-Adams.wiki"
HOSTILE = ("Line one\nline two\r\n100% sure :: ::error file=x.py::pwned, a, b <b>&amp;</b> \x07\x1b[31m"
           " ]]> \"quotes\"")


def audit(*args: str, env: dict | None = None):
    return CliRunner().invoke(cli, ["audit", *args], env={"GITHUB_ACTIONS": "", **(env or {})})


def record_of(text: str, name: str = "drafts/Hostile, page: one.wiki") -> dict:
    page = PageText(name, Path(name).stem, text, SourceInfo("file", name), input_format="wikitext", titled=False)
    return audit_page(page, Settings(Config(), "2024-01-01", "2024-01-01T00:00:00+00:00", "0.0-test"))


@pytest.fixture(scope="module")
def hostile() -> dict:
    return record_of(f"== Section ==\n{HOSTILE.replace(chr(10), ' ')}. Another unsourced claim, 50% of it.\n")


def test_schema_copy_is_a_valid_draft7_schema_with_resolvable_refs():
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    refs = set(re.findall(r"#/definitions/(\w+)", json.dumps(SCHEMA)))
    assert refs <= set(SCHEMA["definitions"]) and len(SCHEMA["definitions"]) == 52


def test_schema_rejects_what_it_should():
    validator = jsonschema.Draft7Validator(SCHEMA)
    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}},
                                         "results": [{"message": {"text": "m"}, "level": "fatal"}]}]}
    assert not validator.is_valid(bad)
    assert not validator.is_valid({"version": "2.0.0", "runs": []})


@pytest.mark.parametrize("args", [
    [ADAMS],
    [ADAMS, "fixtures/balli-kombetar-excerpt.txt"],
])
def test_sarif_audit_is_valid_and_complete(args):
    result = audit(*args, "--format", "sarif")
    assert result.exit_code == 0
    log = json.loads(result.stdout)
    jsonschema.validate(log, SCHEMA)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [c.code for c in CHECKS]
    assert all(r["fullDescription"]["text"] and r["shortDescription"]["text"] for r in rules)
    results = run["results"]
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results} == set(args) - \
        ({"fixtures/balli-kombetar-excerpt.txt"} if len(args) == 1 else set())
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
    assert {r["level"] for r in results} <= {"warning", "note"}
    first = results[0]["locations"][0]["physicalLocation"]["region"]
    assert first["startLine"] >= 1 and first["startColumn"] >= 1


def test_sarif_levels_follow_weakness(hostile):
    log = json.loads(render("sarif", hostile))
    jsonschema.validate(log, SCHEMA)
    weak = {c["id"] for c in hostile["claims"] if c["weak"]}
    assert weak and {r["level"] for r in log["runs"][0]["results"]} >= {"warning"}
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "drafts/Hostile, page: one.wiki"


def test_sarif_diff_is_valid(tmp_path):
    old, new = tmp_path / "old.wiki", tmp_path / "new.wiki"
    text = (ROOT / ADAMS).read_text("utf-8")
    old.write_text(text, "utf-8")
    new.write_text(edited(text), "utf-8")
    result = CliRunner().invoke(cli, ["diff", str(old), str(new), "--format", "sarif"], env={"GITHUB_ACTIONS": ""})
    log = json.loads(result.stdout)
    jsonschema.validate(log, SCHEMA)
    rules = {r["ruleId"] for r in log["runs"][0]["results"]}
    assert rules == {"new-weak", "weaker", "citation-removed", "flag-added"}


def test_sarif_with_no_records_is_still_valid():
    jsonschema.validate(json.loads(render_many("sarif", [])), SCHEMA)


@pytest.mark.parametrize("raw, data, prop", [
    ("plain", "plain", "plain"),
    ("a\nb", "a%0Ab", "a%0Ab"),
    ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
    ("100%", "100%25", "100%25"),
    ("%0A", "%250A", "%250A"),
    ("a::b", "a::b", "a%3A%3Ab"),
    ("x,y:z", "x,y:z", "x%2Cy%3Az"),
])
def test_github_escaping(raw, data, prop):
    assert escape_data(raw) == data
    assert escape_property(raw) == prop


def test_github_commands_of_a_hostile_article(hostile):
    lines = render("github", hostile).splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert commands and len(lines) == len(commands) + 1  # one plain summary line
    for line in commands:
        match = re.fullmatch(r"::(warning|notice|error) ([^:]*)::(.*)", line)
        assert match, line
        props = dict(part.split("=", 1) for part in match.group(2).split(","))
        assert set(props) <= {"file", "line", "col", "title"}
        assert props["file"] == "drafts/Hostile%2C page%3A one.wiki"
        assert "\n" not in match.group(3) and "\r" not in match.group(3)
    message = next(c for c in commands if "Line one" in c)
    assert "Line one" in message and "100%25 sure" in message


def test_github_is_the_default_under_actions():
    result = audit(ADAMS, env={"GITHUB_ACTIONS": "true"})
    assert re.match(r"::(warning|notice) file=fixtures/wikitext/Douglas-Adams\.wiki,line=", result.stdout)
    assert audit(ADAMS, "--format", "text", env={"GITHUB_ACTIONS": "true"}).stdout.startswith("Douglas Adams")


def test_junit_parses_and_counts(hostile):
    records = [hostile, record_of((ROOT / ADAMS).read_text("utf-8"), ADAMS)]
    root = ET.fromstring(render_many("junit", records))
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["Hostile, page: one", "Douglas Adams"]
    for suite, record in zip(suites, records):
        cases = suite.findall("testcase")
        assert len(cases) == int(suite.get("tests")) == len(record["claims"])
        failed = [c for c in cases if c.find("failure") is not None]
        assert len(failed) == int(suite.get("failures")) == record["summary"]["weak"]
    assert int(root.get("failures")) == sum(r["summary"]["weak"] for r in records)
    body = "".join(f.text or "" for f in root.iter("failure"))
    assert "\x07" not in body and "\x1b" not in body and "]]> \"quotes\"" in body and "b & " in body


def test_json_lines_for_several_files():
    result = audit(ADAMS, "fixtures/balli-kombetar-excerpt.txt", "--format", "json")
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and all(json.loads(line)["schema"] == "auditor.audit/2" for line in lines)


def test_html_refuses_several_articles():
    result = audit(ADAMS, "fixtures/balli-kombetar-excerpt.txt", "--format", "html")
    assert result.exit_code == 2 and "one article" in result.stderr


# Code scanning keys an alert by rule, file and primaryLocationLineHash: results must be kept apart.

def _key(result: dict) -> tuple:
    return result["ruleId"], json.dumps(result["locations"][0]["physicalLocation"], sort_keys=True)


def test_sarif_of_douglas_adams_has_one_result_per_rule_and_location():
    log = json.loads(audit(ADAMS, "--format", "sarif").stdout)
    jsonschema.validate(log, SCHEMA)
    results = log["runs"][0]["results"]
    assert len(results) > 200
    assert len({_key(r) for r in results}) == len(results)
    for result in results:
        region = result["locations"][0]["physicalLocation"]["region"]
        assert set(region) == {"startLine", "startColumn", "endLine", "endColumn"}
        assert (region["endLine"], region["endColumn"]) > (region["startLine"], region["startColumn"])
    hashes = [(r["ruleId"], r["partialFingerprints"]["primaryLocationLineHash"]) for r in results]
    assert len(set(hashes)) == len(hashes)
    for rule in log["runs"][0]["tool"]["driver"]["rules"]:
        assert rule["helpUri"].startswith("https://en.wikipedia.org/wiki/WP:")
        assert rule["help"]["markdown"].startswith(f"**{rule['id']} {rule['name']}**") and "**Fails:** `" in rule["help"]["markdown"]


def test_sarif_region_spans_the_claim_and_the_line_hash_survives_an_edit_above(tmp_path):
    text = (ROOT / ADAMS).read_text("utf-8")
    before, after = tmp_path / "before.wiki", tmp_path / "after.wiki"
    before.write_text(text, "utf-8")
    after.write_text("A new opening paragraph, added above everything else.\n\n" + text, "utf-8")

    def hashes(path: Path) -> dict:
        results = json.loads(audit(str(path), "--format", "sarif").stdout)["runs"][0]["results"]
        return {(r["ruleId"], r["partialFingerprints"]["primaryLocationLineHash"]):
                r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results}

    old, new = hashes(before), hashes(after)
    assert set(old) <= set(new) and all(new[key] == old[key] + 2 for key in old)
    record = record_of("== A ==\nFirst claim here. Second claim, right after it.\n")
    regions = [note.region for note in __import__("auditor.reports.annotations", fromlist=["x"]).annotations(record)
               if note.rule == "C101"]
    assert sorted(regions) == [(2, 1, 2, 18), (2, 19, 2, 48)]


SILENCED = ("== Sales ==\nThe books sold more than 15 million copies.<!-- auditor: ignore C105 -- the figure is the"
            " next sentence's --> It was a record.<ref>{{cite web|url=https://example.org/a|title=A|date=2001"
            "|website=E}}</ref>\n<!-- auditor: ignore no-citation -->Nobody doubts this.\n\nHe was born in Cambridge.\n")


def test_an_ignore_comment_silences_one_finding_on_one_claim_with_its_reason():
    record = record_of(SILENCED)
    claims = {c["text"]: c for c in record["claims"]}
    sold = claims["The books sold more than 15 million copies."]
    assert {f["code"] for f in sold["findings"]} == {"C103"}  # C105 silenced, C103 (paragraph coverage) kept
    assert [(f["code"], f["reason"]) for f in sold["suppressed"]] == [("C105", "the figure is the next sentence's")]
    assert [f["code"] for f in claims["Nobody doubts this."]["suppressed"]] == ["C101"]
    assert claims["Nobody doubts this."]["score"] == 100 and not claims["Nobody doubts this."]["weak"]
    assert "C101" in {f["code"] for f in claims["He was born in Cambridge."]["findings"]}
    assert "the figure is the next sentence's" in render("text", record)
    results = json.loads(render("sarif", record))["runs"][0]["results"]
    quiet = [r for r in results if "suppressions" in r]
    assert [(r["ruleId"], r["suppressions"][0]["justification"]) for r in quiet] == [
        ("C105", "the figure is the next sentence's"), ("C101", "auditor: ignore comment")]
    assert not any("15 million" in line for line in render("github", record).splitlines() if "C105" in line)


def test_junit_has_time_and_an_incomplete_audit_is_an_error(hostile):
    unread = {**hostile, "elapsed": 0.25, "findings": hostile["findings"] + [
        {"code": "P903", "name": "nesting-too-deep", "message": "too deep", "location": None}]}
    root = ET.fromstring(render_many("junit", [unread, hostile]))
    suites = root.findall("testsuite")
    assert [s.get("time") for s in suites] == ["0.250", f"{hostile['elapsed'] or 0:.3f}"]
    assert root.get("time") == f"{0.25 + (hostile['elapsed'] or 0):.3f}"
    assert suites[0].get("errors") == "1" and suites[1].get("errors") == "0" and root.get("errors") == "1"
    case = next(c for c in suites[0].iter("testcase") if c.get("name") == "parse")
    assert case.find("error") is not None and case.find("failure") is None


def test_junit_time_comes_from_the_audit():
    root = ET.fromstring(audit(ADAMS, "--format", "junit").stdout)
    assert float(root.find("testsuite").get("time")) > 0


def test_text_for_several_files_is_a_summary_each_then_totals(tmp_path):
    result = audit(ADAMS, "fixtures/balli-kombetar-excerpt.txt")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Douglas Adams (wikitext") and "Weak claims" not in result.stdout
    assert lines[-1].startswith("2 articles: ") and len(result.stdout) < 2000


def test_a_folder_is_its_article_files_and_statistics_count_them(tmp_path):
    (tmp_path / "pages" / ".hidden").mkdir(parents=True)
    (tmp_path / "pages" / "a.wiki").write_text("Born in 1952.\n", "utf-8")
    (tmp_path / "pages" / "b.txt").write_text("Died in 2001.[1]\n", "utf-8")
    (tmp_path / "pages" / "r.wiki").write_text("#REDIRECT [[A]]\n", "utf-8")
    (tmp_path / "pages" / ".hidden" / "c.wiki").write_text("Hidden.\n", "utf-8")
    (tmp_path / "pages" / "notes.html").write_text("<p>Not an article.</p>\n", "utf-8")
    result = audit(str(tmp_path / "pages"), "--statistics")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "3 findings in 2 articles"  # C101, R319 twice (both read as copies)
    assert "C101     no-citation" in result.stdout
    quiet = audit(str(tmp_path / "pages"), "--quiet", "--max-weak", "0")
    assert quiet.exit_code == 1 and quiet.stdout == "" and "a.wiki: 1 weak claims" in quiet.stderr
