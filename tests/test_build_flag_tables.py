"""scripts/build_flag_tables.py against answers replayed on 127.0.0.1 (never the live wikis)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from mediawiki_server import ReplayWiki

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = json.loads((ROOT / "fixtures" / "api" / "flag-tables" / "answers.json").read_text("utf-8"))["answers"]
SHIPPED = ROOT / "auditor" / "data" / "flags.json"
_spec = importlib.util.spec_from_file_location("build_flag_tables", ROOT / "scripts" / "build_flag_tables.py")
build_flag_tables = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_flag_tables)  # type: ignore[union-attr]


@pytest.fixture
def wiki():
    with ReplayWiki() as replay:
        for answer in ANSWERS:
            replay.add_canned(answer["match"], answer["body"])
        yield replay


def _pattern(wiki: ReplayWiki) -> str:
    return wiki.api_url.rsplit("/w/api.php", 1)[0] + "/{site}/api.php"


def _run(wiki: ReplayWiki, start: dict, tmp_path: Path, capsys) -> tuple[int, dict, object]:
    given = tmp_path / "flags.json"
    given.write_text(build_flag_tables.dump(start), "utf-8")
    out = tmp_path / "out.json"
    code = build_flag_tables.main(["--contact", "ci-tests@example.org", "--api-pattern", _pattern(wiki),
                                   "--data", str(given), "--out", str(out)])
    return code, json.loads(out.read_text("utf-8")) if out.exists() else {}, capsys.readouterr()


def test_from_no_local_tables_the_apis_give_each_wikis_template_and_its_redirects(wiki, tmp_path, capsys) -> None:
    shipped = json.loads(SHIPPED.read_text("utf-8"))
    code, built, captured = _run(wiki, {**shipped, "wikis": {}}, tmp_path, capsys)
    assert code == 0
    fr = built["wikis"]["fr"]
    assert [(e["template"], e["flag"], e["aliases"]) for e in fr] == [
        ("Référence nécessaire", "citation needed", ["Citation nécessaire", "refnec"])]
    assert built["wikis"]["pt"][0]["aliases"] == sorted(shipped["wikis"]["pt"][0]["aliases"])  # across continue
    assert built["wikis"]["de"] == []  # no sitelink on dewiki
    assert "fr: 1 templates, 3 names, 0 rendered forms" in captured.out
    paths = {r.path for r in wiki.requests}
    assert {"/enwiki/api.php", "/wikidatawiki/api.php", "/frwiki/api.php", "/ptwiki/api.php"} <= paths
    assert all(r.headers.get("User-Agent", "").endswith("(ci-tests@example.org)") for r in wiki.requests)


def test_rebuilding_the_shipped_tables_keeps_them(wiki, tmp_path, capsys) -> None:
    shipped = json.loads(SHIPPED.read_text("utf-8"))
    code, built, _ = _run(wiki, shipped, tmp_path, capsys)
    assert code == 0
    for name, entries in shipped["wikis"].items():
        assert sorted(map(json.dumps, built["wikis"][name])) == sorted(map(json.dumps, entries)), name


def test_the_shipped_file_is_in_the_scripts_layout() -> None:
    text = SHIPPED.read_text("utf-8")
    assert build_flag_tables.dump(json.loads(text)) == text


def test_an_api_error_is_one_line_and_exit_3(tmp_path, capsys) -> None:
    with ReplayWiki() as replay:  # answers nothing it is asked here
        code, _, captured = _run(replay, json.loads(SHIPPED.read_text("utf-8")), tmp_path, capsys)
    assert code == 3 and captured.err.startswith("build_flag_tables: enwiki: badvalue")
