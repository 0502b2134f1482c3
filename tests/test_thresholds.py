"""Thresholds and exit codes, table-driven from tests/cases/thresholds.toml."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.audit import audit_article
from auditor.cli import cli
from auditor.model import Problem
from auditor.parse import parse_article
from auditor.thresholds import Thresholds, is_incomplete_code, judge

ROOT = Path(__file__).resolve().parent.parent
TABLE = tomllib.loads((Path(__file__).resolve().parent / "cases" / "thresholds.toml").read_text("utf-8"))


def _incomplete_audit(text, config, source, input_format="auto", title=None, today=""):
    article = parse_article(text, input_format, source, title)
    article = replace(article, problems=(Problem("P903", "template nesting too deep to read"),))
    return audit_article(article, config, today)


@pytest.mark.parametrize("case", [pytest.param(c, id=c["name"]) for c in TABLE["case"]])
def test_cli_thresholds(case, monkeypatch):
    path = str(ROOT / "fixtures" / case["file"])
    if case["file"] == "incomplete":
        path = str(ROOT / "fixtures" / "wikitext" / "Douglas-Adams.wiki")
        monkeypatch.setattr("auditor.audit.audit_text", _incomplete_audit)
    result = CliRunner().invoke(cli, ["audit", path, *case["args"]], env={"GITHUB_ACTIONS": ""})
    assert result.exit_code == case["exit"], result.output
    assert case.get("stderr", "") in result.stderr


def _record(score: float, weak: int, codes: list[str]) -> dict:
    findings = [{"code": code, "name": code.lower(), "message": "m", "location": None} for code in codes]
    return {"article": {"title": "T", "source": {"kind": "wiki", "name": "T"}},
            "summary": {"score": score, "weak": weak}, "claims": [], "findings": findings}


@pytest.mark.parametrize("case", [pytest.param(c, id=c["name"]) for c in TABLE["record"]])
def test_judge_records(case):
    args = {**case["args"]}
    args["fail_on"] = tuple(args.get("fail_on", ()))
    code, reasons = judge([_record(case["score"], case["weak"], case["codes"])], Thresholds(**args))
    assert code == case["exit"]
    assert bool(reasons) == (code != 0)


@pytest.mark.parametrize("code, incomplete", [
    ("P901", False), ("P902", True), ("P903", True), ("P904", True), ("P905", False), ("C101", False),
    ("F299", False),
])
def test_incomplete_codes(code, incomplete):
    assert is_incomplete_code(code) is incomplete
