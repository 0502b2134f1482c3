"""Configuration: where it is found, what it may hold, and one line for every bad value (fuzzed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.cli import cli
from auditor.config import MAX_TIME_BUDGET, OPTIONS, Config, load_config
from auditor.errors import UserError
from casefiles import cases

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ("Adams was born in Cambridge.\n\nHe sold 250,000 books in 1990. It was a record.<ref>{{cite book|title=T"
           "|year=2001}}</ref>\n")


@pytest.mark.parametrize("case", cases("config.toml"))
def test_config_files(case, tmp_path):
    path = tmp_path / case["file"]
    path.write_text(case["text"], "utf-8")
    if "error" in case:
        with pytest.raises(UserError) as raised:
            load_config(None, [str(tmp_path / "a.wiki")])
        message = str(raised.value)
        assert case["error"] in message and "\n" not in message and message.startswith(str(path))
        return
    config = load_config(None, [str(tmp_path / "a.wiki")])
    for field, value in case["values"].items():
        got = getattr(config, field)
        pairs = field in ("weights", "contentious_weights")
        assert (list(map(list, got)) if pairs else list(got) if isinstance(got, tuple) else got) == value, field


def _drafts(tmp_path: Path) -> Path:
    """drafts/pages/a.wiki under a project whose setup.cfg has no [auditor] and whose pyproject.toml has one."""
    (tmp_path / "pyproject.toml").write_text("[tool.auditor]\nmax-weak = 0\n", "utf-8")
    pages = tmp_path / "drafts" / "pages"
    pages.mkdir(parents=True)
    (tmp_path / "drafts" / "setup.cfg").write_text("[metadata]\nname = x\n", "utf-8")
    (pages / "a.wiki").write_text(ARTICLE, "utf-8")
    return pages / "a.wiki"


def test_found_by_walking_up_from_the_files_past_a_file_without_a_section(tmp_path):
    article = _drafts(tmp_path)
    config = load_config(None, [str(article)])
    assert config.max_weak == 0 and config.source == str(tmp_path / "pyproject.toml")
    (article.parent / "setup.cfg").write_text("[auditor]\nmax-weak = 5\n", "utf-8")
    assert load_config(None, [str(article)]).max_weak == 5  # the nearest folder with a section wins
    (article.parent / "pyproject.toml").write_text("[tool.auditor]\nmax-weak = 7\n", "utf-8")
    assert load_config(None, [str(article)]).max_weak == 7  # pyproject.toml before setup.cfg


def test_thresholds_from_the_file_gate_and_the_command_line_overrides(tmp_path):
    article = _drafts(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "auditor", "audit", str(article)], capture_output=True, text=True,
                          cwd=ROOT)
    assert proc.returncode == 1 and "more than --max-weak 0" in proc.stderr
    other = tmp_path / "other.toml"
    other.write_text("[tool.auditor]\nmax-weak = 9\n", "utf-8")
    assert CliRunner().invoke(cli, ["audit", str(article), "--config", str(other)]).exit_code == 0
    assert CliRunner().invoke(cli, ["audit", str(article), "--max-weak", "9"]).exit_code == 0


def test_select_and_ignore_decide_what_is_checked(tmp_path):
    article = _drafts(tmp_path)

    def codes(*args: str) -> set[str]:
        record = json.loads(CliRunner().invoke(cli, ["audit", str(article), "--format", "json", *args]).stdout)
        return {f["code"] for c in record["claims"] for f in c["findings"]}

    assert codes() >= {"C101", "C105", "R310"}
    assert codes("--select", "C") == {"C101", "C103", "C105"}
    assert "C101" not in codes("--ignore", "C1")
    assert codes("--ignore", "C1", "--extend-select", "C105") == {"C105", "R310", "R314"}  # the closer match wins
    assert codes("--select", "R") == {"R310", "R314"}
    assert codes("--select", "page-missing,C101") == {"R310", "C101"}


@pytest.mark.parametrize("where, value, message", [
    ("file", "time-budget = abc", "time-budget: expected a number from 0 to 3600, got 'abc'"),
    ("file", "time-budget = 1e10", "got '1e10'"),
    ("file", "weak-threshold = 500", "got '500'"),
    ("file", "contact = 100% sure", None),
    ("cli", "--time-budget=abc", "--time-budget: expected a number from 0 to 3600, got 'abc'"),
    ("cli", "--time-budget=1e10", "--time-budget: expected a number from 0 to 3600, got '1e10'"),
    ("cli", "--time-budget=inf", "got 'inf'"),
    ("cli", "--weak-threshold=500", "--weak-threshold: expected a whole number from 0 to 100, got '500'"),
    ("cli", "--max-weak=-1", "--max-weak: expected a whole number of at least 0, got '-1'"),
    ("cli", "--fail-under=nan", "--fail-under: expected a number from 0 to 100, got 'nan'"),
])
def test_bad_values_are_one_line_and_exit_2(tmp_path, where, value, message):
    article = tmp_path / "a.wiki"
    article.write_text(ARTICLE, "utf-8")
    args = [str(article)]
    if where == "file":
        (tmp_path / "setup.cfg").write_text(f"[auditor]\n{value}\n", "utf-8")
    else:
        args.append(value)
    commands = ("audit",) if value.startswith(("--max-weak", "--fail-under")) else ("audit", "diff")
    for command in commands:  # diff compares the article with itself
        extra = args[:1] if command == "diff" else []
        proc = subprocess.run([sys.executable, "-m", "auditor", command, *args, *extra],
                              capture_output=True, text=True, cwd=tmp_path)
        if message is None:
            assert proc.returncode == 0, proc.stderr
            continue
        assert proc.returncode == 2 and "Traceback" not in proc.stderr
        assert proc.stderr.count("\n") == 1 and message in proc.stderr, proc.stderr


# Fuzzing: any key (known or not) with any value, in setup.cfg or pyproject.toml, gives a Config whose values
# are in range or a one-line UserError, never another exception.

_KEYS = st.sampled_from(sorted(OPTIONS) + ["bogus", "max_weak", ""])
_SCALARS = st.one_of(
    st.integers(-10**12, 10**12), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
    st.text(max_size=30), st.sampled_from(["60", "1e10", "abc", "%", "%(x)s", "C101 = 5", "F2, R3", "-0", "nan",
                                           "new-weak", "C105", "0x10", "1_000", " 7 "]),
)
_VALUES = st.one_of(_SCALARS, st.lists(_SCALARS, max_size=3), st.dictionaries(st.sampled_from(["C101", "x"]),
                                                                             _SCALARS, max_size=2))


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "nan" if value != value else ("inf" if value == float("inf") else "-inf" if value == float("-inf")
                                             else repr(value))
    if isinstance(value, list):
        return "[" + ", ".join(map(_toml, value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value.items()) + "}"
    return json.dumps(value) if isinstance(value, str) else str(value)


def _cfg(value: object) -> str:
    return str(value).replace("\n", "\n  ").replace("\r", "")


def _check(config: Config) -> None:
    assert 0 <= config.weak_threshold <= 100
    assert 0 <= config.time_budget <= MAX_TIME_BUDGET
    assert config.max_weak is None or config.max_weak >= 0
    assert config.fail_under is None or 0 <= config.fail_under <= 100
    assert all(0 <= weight <= 100 for _, weight in config.weights)
    config.codes  # every selection resolves


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=_KEYS, value=_VALUES, toml=st.booleans())
def test_config_fuzz(tmp_path, key, value, toml):
    if toml:
        path = tmp_path / "pyproject.toml"
        path.write_text(f"[tool.auditor]\n{json.dumps(key)} = {_toml(value)}\n", "utf-8")
    else:
        path = tmp_path / "setup.cfg"
        path.write_text(f"[auditor]\n{key} = {_cfg(value)}\n", "utf-8")
    try:
        config = load_config(path)
    except UserError as error:
        assert "\n" not in str(error) and str(error).startswith(str(path))
    else:
        _check(config)


@settings(max_examples=200, deadline=None)
@given(key=st.sampled_from(["weak_threshold", "time_budget", "fail_under", "max_weak", "fail_on", "select",
                            "ignore", "extend_select", "fail_on_diff"]), value=st.text(max_size=20))
def test_command_line_fuzz(key, value):
    try:
        config = Config().with_command_line(**{key: value})
    except UserError as error:
        assert "\n" not in str(error) and str(error).startswith(f"--{key.replace('_', '-')}: ")
    else:
        _check(config)


def test_the_need_rules_are_the_settings_of_their_names_with_the_same_defaults() -> None:
    """audit.judged builds NeedRules from the Config fields of its field names: each must be one, and the
    rules' own defaults (their doctests use them) the shipped settings."""
    from auditor.config import Config
    from auditor.need import NeedRules

    shipped = Config()
    assert NeedRules(**{name: getattr(shipped, name) for name in NeedRules._fields}) == NeedRules()
