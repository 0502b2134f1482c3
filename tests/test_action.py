"""The GitHub Action (action.yml) run as GitHub runs a composite action, in a scratch git repository.

Each ``run:`` step is executed with ``bash --noprofile --norc -eo pipefail``, its ``${{ ... }}`` expressions
replaced from the inputs (or their defaults) and a pull request's context; ``uses:`` steps (setup-python)
are left out, the test's Python standing in. The install step really installs auditor from the action's
checkout, into a fresh virtual environment whose dependencies come from the test's own (pip is offline).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ADAMS = (ROOT / "fixtures" / "wikitext" / "Douglas-Adams.wiki").read_text("utf-8")
ANCHOR = "==Early life==\n"
WEAK = "Adams kept a tortoise called Marvin in the garden of the animal shelter for many years.\n\n"
CITED = ("Adams kept a tortoise called Marvin in the garden of the animal shelter for many years.<ref>{{cite book"
         "|last=Webb|first=Nick|title=Wish You Were Here|publisher=Headline|year=2005|page=33}}</ref>\n\n")
_EXPRESSION = re.compile(r"\$\{\{\s*([\w.-]+)\s*\}\}")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    """A fresh virtual environment that sees the test environment's packages (so pip needs no index)."""
    folder = tmp_path_factory.mktemp("runner") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    purelib = subprocess.run([str(folder / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                             check=True, capture_output=True, text=True).stdout.strip()
    Path(purelib, "test-deps.pth").write_text(sysconfig.get_path("purelib") + "\n", "utf-8")
    return folder


def scratch_repository(tmp_path: Path, change: str) -> tuple[Path, str]:
    """A drafts repository: a base commit with Douglas Adams (many old weak claims), a head commit changing it."""
    repo = tmp_path / "drafts"
    (repo / "pages").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "t@example.org")
    git(repo, "config", "user.name", "t")
    page = repo / "pages" / "Douglas_Adams.wiki"
    page.write_text(ADAMS, "utf-8")
    (repo / "README.md").write_text("Drafts.\n", "utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    base = git(repo, "rev-parse", "HEAD").strip()
    page.write_text(ADAMS.replace(ANCHOR, ANCHOR + change, 1), "utf-8")
    (repo / "README.md").write_text("Drafts, changed.\n", "utf-8")
    git(repo, "commit", "-q", "-am", "head")
    return repo, base


def substitute(text: str, context: dict[str, str]) -> str:
    def value(match: re.Match) -> str:
        if match.group(1) not in context:
            raise KeyError(f"expression not in the test's context: {match.group(0)}")
        return context[match.group(1)]

    return _EXPRESSION.sub(value, text)


def run_action(repo: Path, venv: Path, base: str, inputs: dict[str, str]) -> list[subprocess.CompletedProcess]:
    """Run action.yml's steps in ``repo``, as on a pull request whose base commit is ``base``; stop at a failure."""
    action = yaml.safe_load((ROOT / "action.yml").read_text("utf-8"))
    assert action["runs"]["using"] == "composite"
    unknown = set(inputs) - set(action["inputs"])
    assert not unknown, unknown
    context = {"github.action_path": str(ROOT), "github.event.pull_request.base.sha": base}
    for name, spec in action["inputs"].items():
        context[f"inputs.{name}"] = substitute(str(inputs.get(name, spec.get("default", ""))), context)
    output = repo.parent / "github_output"
    env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}", "VIRTUAL_ENV": str(venv),
           "GITHUB_OUTPUT": str(output), "GITHUB_ACTIONS": "true", "PIP_NO_INDEX": "1",
           "PIP_NO_BUILD_ISOLATION": "0"}
    done = []
    for step in action["runs"]["steps"]:
        if "uses" in step:
            assert step["uses"] == "actions/setup-python@v5"
            continue
        assert step["shell"] == "bash"
        step_env = {**env, **{k: substitute(str(v), context) for k, v in step.get("env", {}).items()}}
        script = repo.parent / "step.sh"
        script.write_text(substitute(step["run"], context), "utf-8")
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=repo,
                              env=step_env, capture_output=True, text=True, timeout=300)
        done.append(proc)
        if proc.returncode:
            break
    return done


def test_the_change_gates_the_pull_request_with_one_annotation_for_the_one_new_weak_claim(tmp_path, venv):
    repo, base = scratch_repository(tmp_path, WEAK)
    install, audit = run_action(repo, venv, base, {"paths": "pages README.md"})
    assert install.returncode == 0, install.stderr
    assert (venv / "bin" / "auditor").exists()
    assert audit.returncode == 1, audit.stdout + audit.stderr
    commands = [line for line in audit.stdout.splitlines() if line.startswith("::")]
    line = ADAMS[:ADAMS.index(ANCHOR)].count("\n") + 2
    assert len(commands) == 1
    assert re.fullmatch(rf"::warning file=pages/Douglas_Adams.wiki,line={line},col=1,title=new-weak::new claim "
                        r"scores \d+ \(C101[^)]*\): “Adams kept a tortoise called Marvin in the garden of the animal "
                        r"shelter for many years.”", commands[0]), commands[0]
    assert "pages/Douglas_Adams.wiki: 1 new-weak" in audit.stderr
    log = json.loads((repo / "auditor.sarif").read_text("utf-8"))
    [result] = log["runs"][0]["results"]
    assert result["ruleId"] == "new-weak" and result["locations"][0]["physicalLocation"]["region"]["startLine"] == line
    assert "sarif=auditor.sarif" in (tmp_path / "github_output").read_text("utf-8")


def test_a_cited_addition_passes_and_a_whole_audit_still_fails_the_old_claims(tmp_path, venv):
    repo, base = scratch_repository(tmp_path, CITED)
    install, audit = run_action(repo, venv, base, {"paths": "pages"})
    assert audit.returncode == 0, audit.stdout + audit.stderr
    assert not [line for line in audit.stdout.splitlines() if line.startswith("::")]
    assert json.loads((repo / "auditor.sarif").read_text("utf-8"))["runs"][0]["results"] == []
    whole = run_action(repo, venv, "", {"paths": "pages", "base": "", "max-weak": "10", "format": "text"})[-1]
    assert whole.returncode == 1 and "more than --max-weak 10" in whole.stderr


def test_no_changed_article_passes_without_running_the_audit(tmp_path, venv):
    repo, _ = scratch_repository(tmp_path, "")
    head = git(repo, "rev-parse", "HEAD").strip()
    audit = run_action(repo, venv, head, {})[-1]
    assert audit.returncode == 0 and "no article file (.wiki, .txt) changed" in audit.stdout


def test_the_example_workflow_uses_the_action_with_the_permissions_upload_sarif_documents():
    workflow = yaml.safe_load((ROOT / "docs" / "github-actions.yml").read_text("utf-8"))
    assert workflow["permissions"] == {"contents": "read", "actions": "read", "security-events": "write"}
    steps = workflow["jobs"]["audit"]["steps"]
    uses = [step.get("uses", "") for step in steps]
    assert uses[0] == "actions/checkout@v4" and uses[-1] == "github/codeql-action/upload-sarif@v3"
    mine = next(step for step in steps if step.get("id") == "auditor")
    action = yaml.safe_load((ROOT / "action.yml").read_text("utf-8"))
    assert mine["uses"].split("@")[0].endswith("/auditor") and set(mine.get("with", {})) <= set(action["inputs"])
    assert steps[-1]["with"]["sarif_file"] == "${{ steps.auditor.outputs.sarif }}"
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert [h["entry"] for h in hooks] == ["auditor audit", "auditor diff --base HEAD"]
    assert all(h["pass_filenames"] and h["require_serial"] for h in hooks)
