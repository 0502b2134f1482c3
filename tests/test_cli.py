"""The command line from the outside: exit codes, output, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import cli

FIXTURES = Path(__file__).parent.parent / "fixtures"
SEED = str(FIXTURES / "balli-kombetar-excerpt.txt")


def run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_text_summary_of_the_seed() -> None:
    result = run("audit", SEED)
    assert result.exit_code == 0
    assert "Balli Kombëtar" in result.output and "Weak claims" in result.output


def test_json_contract_of_the_seed() -> None:
    record = json.loads(run("audit", SEED, "--format", "json").output)
    assert record["schema"] == "auditor.audit/2"
    claim = next(c for c in record["claims"] if c["text"].startswith("The Allies too"))
    assert claim["citations"] == ["26", "27"] and claim["flags"] == ["page needed"]
    for key in ("id", "kind", "section", "text", "citations", "flags", "coverage", "score", "weak", "findings",
                "location"):
        assert key in claim
    assert "P901" in {f["code"] for f in record["findings"]}


def test_html_report_is_written(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = run("audit", SEED, "--format", "html", "-o", str(out))
    assert result.exit_code == 0
    assert "<html" in out.read_text("utf-8")


def test_stdin_and_forced_format() -> None:
    result = run("audit", "-", "--input-format", "wikitext", "--format", "json", input="Born.<ref>x</ref>\n".encode())
    assert json.loads(result.output)["article"]["input_format"] == "wikitext"


@pytest.mark.parametrize("setup, message", [
    (lambda d: str(d / "missing.wiki"), "no such file"),
    (lambda d: str(d), "no .wiki or .txt files in this folder"),
    (lambda d: _write(d / "empty.wiki", b"  \n"), "is empty"),
    (lambda d: _write(d / "bin.wiki", b"\x89PNG\x00\x00\x01"), "binary"),
    (lambda d: _write(d / "latin1.txt", "Café au lait.".encode("latin-1")), "not UTF-8"),
    (lambda d: _write(d / "redirect.wiki", b"#REDIRECT [[Toronto]]\n"), "is a redirect page"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, setup, message: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "auditor", "audit", setup(tmp_path)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert message in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert "Traceback" not in proc.stderr


def test_unknown_format_is_exit_2() -> None:
    proc = subprocess.run([sys.executable, "-m", "auditor", "audit", SEED, "--format", "pdf"],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1


def test_checks_explain() -> None:
    result = run("checks", "--explain", "c101")
    assert result.exit_code == 0 and "WP:V" in result.output and "Fails:" in result.output
    assert run("checks").output.count("\n") >= 14


def _write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


def _project(tmp_path: Path, listing: str) -> Path:
    """A folder with setup.cfg naming a WikiProject's own source list, and an article citing example.org."""
    (tmp_path / "setup.cfg").write_text("[auditor]\nsource-lists = ours.txt\n", "utf-8")
    (tmp_path / "ours.txt").write_text(listing, "utf-8")
    article = tmp_path / "a.wiki"
    article.write_text("He was born in 1952.<ref>{{cite web|url=https://www.example.org/born|title=Born"
                       "|date=2001|website=Example}}</ref>\n", "utf-8")
    return article


def test_users_source_list_from_setup_cfg_overrides_the_shipped_tiers(tmp_path: Path) -> None:
    article = _project(tmp_path, "example.org  unreliable  # our project says so\n")
    proc = subprocess.run([sys.executable, "-m", "auditor", "audit", str(article), "--format", "json"],
                          capture_output=True, text=True, cwd=tmp_path)
    record = json.loads(proc.stdout)
    assert record["references"][0]["tier"] == "generally-unreliable"
    assert "R301" in {f["code"] for f in record["claims"][0]["findings"]}


def test_malformed_source_list_is_one_line_and_exit_2(tmp_path: Path) -> None:
    article = _project(tmp_path, "example.org  bogus-tier\n")
    proc = subprocess.run([sys.executable, "-m", "auditor", "audit", str(article)],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 2 and "ours.txt, line 1" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_unknown_code_in_weights_is_a_config_error(tmp_path: Path) -> None:
    config = tmp_path / "setup.cfg"
    config.write_text("[auditor]\nweights =\n    C999 = 5\n", "utf-8")
    result = run("audit", SEED, "--config", str(config))
    assert result.exit_code == 2 and "C999" in result.output
