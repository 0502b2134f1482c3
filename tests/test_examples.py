"""The example reports committed in reports/ are what the code now produces (issue: reports/ in the repository)."""

from __future__ import annotations

import subprocess

from examples import REPORTS, ROOT, example_files, write_examples


def test_the_committed_examples_are_fresh(tmp_path) -> None:
    """Regenerated with the fixed clock, every example is byte for byte the committed one.

    When this fails, a change altered what the reports say: run ``python scripts/regen_reports.py``
    and review the diff of reports/ with the change.
    """
    write_examples(tmp_path)
    committed, fresh = example_files(REPORTS), example_files(tmp_path)
    assert sorted(committed) == sorted(fresh)
    stale = [name for name in fresh if committed[name] != fresh[name]]
    assert not stale, f"stale examples (run python scripts/regen_reports.py): {stale}"


def test_the_examples_are_tracked_and_the_rest_of_reports_is_ignored() -> None:
    tracked = subprocess.run(["git", "ls-files", "reports"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    if not tracked:  # not a git checkout (an sdist): nothing to say about tracking
        return
    assert "reports/README.md" in tracked and "reports/balli-kombetar.html" in tracked
    ignored = subprocess.run(["git", "check-ignore", "-q", "reports/Some-article.html"], cwd=ROOT)
    assert ignored.returncode == 0, "a report a user writes under reports/ must stay ignored"
    kept = subprocess.run(["git", "check-ignore", "-q", "reports/balli-kombetar.html"], cwd=ROOT)
    assert kept.returncode == 1, "the examples must not be ignored"


def test_source_date_epoch_fixes_the_clock_and_a_bad_one_is_one_line(monkeypatch) -> None:
    import json

    from click.testing import CliRunner

    from auditor.cli import cli

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    result = CliRunner().invoke(cli, ["audit", str(ROOT / "fixtures" / "balli-kombetar-excerpt.txt"), "--format", "json"])
    record = json.loads(result.stdout)
    assert record["generated"] == "2025-12-01T00:00:00+00:00" and record["elapsed"] is None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    result = CliRunner().invoke(cli, ["audit", str(ROOT / "fixtures" / "balli-kombetar-excerpt.txt")])
    assert result.exit_code == 2 and result.stderr.strip().count("\n") == 0 and "SOURCE_DATE_EPOCH" in result.stderr
