"""Hostile articles through the command line: each ends as tests/cases/hostile.toml says, within the budget."""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

import pytest

from auditor.cli import main

ROOT = Path(__file__).parent.parent
CASES = tomllib.loads((ROOT / "tests" / "cases" / "hostile.toml").read_text(encoding="utf-8"))["case"]


def run_main(args: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    """Run the entry point in-process; return its exit code."""
    monkeypatch.setattr(sys, "argv", ["auditor", *args])
    try:
        main()
    except SystemExit as stop:
        return int(stop.code or 0)
    return 0


def _input(case: dict, tmp_path: Path) -> Path:
    if "file" in case:
        return ROOT / "fixtures" / "hostile" / case["file"]
    path = tmp_path / "hostile.wiki"
    path.write_text(case["text"] * case["times"] + case.get("tail", "") + case.get("close", "") * case["times"], encoding="utf-8")
    return path


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_hostile_input_ends_as_expected(case: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    """Exit code, finding codes in the JSON report, and a one-line error where expected."""
    args = ["audit", str(_input(case, tmp_path)), "--format", "json", "--time-budget", case.get("budget", "5"),
            "--input-format", case.get("format", "auto")]
    code = run_main(args, monkeypatch)
    out, err = capsys.readouterr()
    assert code == case["exit"], err
    if "error" in case:
        assert case["error"] in err and err.count("\n") == 1 and "Traceback" not in err
    if case.get("codes") is not None and out:
        record = json.loads(out)
        found = {f["code"] for f in record["findings"]}
        found |= {f["code"] for claim in record["claims"] for f in claim["findings"]}
        assert set(case["codes"]) <= found, found
