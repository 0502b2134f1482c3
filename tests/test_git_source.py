"""`auditor diff --base REV`: files read as a git revision holds them (renamed, added, unchanged)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from click.testing import CliRunner

from auditor.cli import cli

ROOT = Path(__file__).resolve().parent.parent
PEAR = (ROOT / "fixtures" / "wikitext" / "Pear.wiki").read_text("utf-8")
NEW = "\n\nPears were a favourite of the Roman emperor Tiberius, who ate them daily.\n"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "drafts"
    (repo / "old").mkdir(parents=True)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.email", "t@example.org")
    _git(repo, "config", "user.name", "t")
    (repo / "old" / "Pear.wiki").write_text(PEAR, "utf-8")
    (repo / "same.wiki").write_text(PEAR, "utf-8")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "base")
    return repo


def _diff(repo: Path, *args: str):
    import os

    here = os.getcwd()
    os.chdir(repo)
    try:
        return CliRunner().invoke(cli, ["diff", "--base", "HEAD", "--format", "json", *args],
                                  env={"GITHUB_ACTIONS": ""})
    finally:
        os.chdir(here)


def test_a_moved_draft_is_compared_with_its_old_name_and_unchanged_files_are_skipped(tmp_path):
    repo = _repo(tmp_path)
    (repo / "pages").mkdir()
    _git(repo, "mv", "old/Pear.wiki", "pages/Pear.wiki")
    (repo / "pages" / "Pear.wiki").write_text(PEAR.replace("\n==", NEW + "\n==", 1), "utf-8")
    _git(repo, "add", "-A")
    result = _diff(repo, ".")
    assert result.exit_code in (0, 1), result.output
    import json

    [record] = [json.loads(line) for line in result.stdout.splitlines()]  # same.wiki is unchanged: skipped
    assert record["old"]["summary"]["claims"] + 1 == record["new"]["summary"]["claims"]
    assert record["counts"].get("new-weak", 0) <= 1


def test_a_new_file_is_compared_with_an_empty_page_and_a_bad_revision_is_one_line(tmp_path):
    repo = _repo(tmp_path)
    (repo / "fresh.wiki").write_text("Born in 1952. He wrote books.\n\nMore text here, unsourced.\n", "utf-8")
    result = _diff(repo, "fresh.wiki")
    assert result.exit_code == 1 and "fresh.wiki: 3 new-weak" in result.stderr
    bad = CliRunner().invoke(cli, ["diff", "--base", "no-such-rev", str(repo / "fresh.wiki")])
    assert bad.exit_code == 2 and bad.stderr.count("\n") == 1
