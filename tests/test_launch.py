"""The launcher (auditor/launch.py) runs the common audit without click, and says and exits as click would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import cli
from auditor.launch import quick_options

ROOT = Path(__file__).parent.parent
PEAR, BODMIN = "fixtures/wikitext/Pear.wiki", "fixtures/wikitext/Bodmin.wiki"
COPY = "fixtures/balli-kombetar-excerpt.txt"
#: Argument lists the launcher reads itself: each must give click's stdout, stderr and exit code.
QUICK = [
    ["audit", PEAR, "--format", "json"],
    ["audit", PEAR],
    ["audit", PEAR, "--format=sarif", "--max-weak", "0"],
    ["audit", PEAR, BODMIN, "--format", "json", "--statistics"],
    ["audit", COPY, "--format", "github", "-q", "--fail-under", "90"],
    ["audit", PEAR, "--format", "junit", "--select", "C1", "--ignore", "C105", "--extend-select", "C105"],
    ["audit", "no-such-file.wiki"],
    ["audit", "fixtures/wikitext/redirect.wiki"],
    ["audit", PEAR, "--time-budget", "soon"],
    ["audit", PEAR, "--lang", "fr", "--input-format", "wikitext", "--exit-zero", "--max-weak", "0"],
    ["audit", PEAR, "--config", "no-such.cfg"],
    ["audit", PEAR, "--title", "Some title", "--format", "text"],
    ["audit", PEAR, BODMIN, "--title", "X"],
]
#: Argument lists left to click: another command, help, wiki options, values click checks, short options run together.
CLICK = [
    [], ["--version"], ["checks"], ["audit"], ["audit", "--help"], ["audit", PEAR, "--format", "xml"],
    ["audit", PEAR, "--oldid", "5"], ["audit", "--title", "T"], ["audit", PEAR, "-qo", "x"],
    ["audit", PEAR, "-o", "."], ["audit", PEAR, "--format"], ["audit", PEAR, "--", "-x"], ["audit", PEAR, "-x"],
    ["audit", PEAR, "--quiet=1"], ["diff", PEAR, BODMIN],
]


@pytest.mark.parametrize("args", QUICK, ids=" ".join)
def test_the_launcher_says_what_click_says(args: list[str]) -> None:
    assert quick_options(args) is not None
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764547200"}
    env.pop("GITHUB_ACTIONS", None)
    done = subprocess.run([sys.executable, "-m", "auditor", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, encoding="utf-8")
    old = os.getcwd()
    os.chdir(ROOT)
    try:
        clicked = CliRunner().invoke(cli, args, env={"SOURCE_DATE_EPOCH": "1764547200", "GITHUB_ACTIONS": None})
    finally:
        os.chdir(old)
    assert (done.returncode, done.stdout, done.stderr) == (clicked.exit_code, clicked.stdout, clicked.stderr)


@pytest.mark.parametrize("args", CLICK, ids=" ".join)
def test_the_launcher_leaves_the_rest_to_click(args: list[str]) -> None:
    assert quick_options(args) is None


def test_the_quick_audit_imports_neither_click_nor_jinja2() -> None:
    code = ("import sys; from auditor.launch import _run, quick_options; "
            f"_run(quick_options(['audit', {PEAR!r}, '--format', 'json', '-q'])); "
            "print(sorted(m for m in ('click', 'jinja2', 'importlib.metadata') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


IMPORTED = """
import os, sys
end = os._exit
os._exit = lambda code: (print(sorted(m for m in ("ast", "dis", "tokenize") if m in sys.modules)), end(code))
sys.argv = ["auditor", "audit", sys.argv[1], "--format", "json", "-q"]
from auditor import launch
launch.main()
"""


def test_the_quick_audit_does_not_import_inspect() -> None:
    """compiled.defer: inspect (with ast, dis and tokenize) is not needed to audit an article."""
    done = subprocess.run([sys.executable, "-c", IMPORTED, PEAR], cwd=ROOT, capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"


def test_the_launchers_defaults_and_options_are_the_click_commands() -> None:
    """launch.py spells the audit command's parameters a second time; this holds the two spellings together."""
    from auditor.launch import _DEFAULTS, _OPTIONS

    import click

    command = cli.commands["audit"]
    params = {p.name: p for p in command.params}
    with command.make_context("audit", [PEAR], obj=click.Context(cli)) as context:  # click's values when not given
        assert _DEFAULTS == {**context.params, "paths": ()}
    for option, (name, kind) in _OPTIONS.items():
        assert option in params[name].opts
        if isinstance(kind, tuple):
            assert kind == tuple(params[name].type.choices)


COLLECTOR = """
import gc, os, sys
from auditor import launch
end = os._exit
def exit(code):
    print(gc.isenabled(), gc.collect(), file=sys.stderr)
    end(0)
os._exit = exit
sys.argv = ["auditor", "audit", *sys.argv[1:], "--format", "json"]
launch.main()
"""


def test_the_quick_path_runs_without_the_collector_and_leaves_no_more_to_collect_for_more_files() -> None:
    """audit.gc_paused: the quick path may leave the collector off because an audit leaves no cyclic garbage."""
    def left(*paths: str) -> list[str]:
        done = subprocess.run([sys.executable, "-c", COLLECTOR, *paths], cwd=ROOT, capture_output=True, text=True,
                              check=True)
        return done.stderr.split()

    one = left(PEAR)
    assert one[0] == "False" and int(one[1]) > 0
    assert left(PEAR, BODMIN, COPY, "fixtures/wikitext/United-Kingdom.wiki") == one


def test_batch_workers_collect_with_start_up_frozen() -> None:
    """audit.gc_paused: a worker keeps its collector on between pages, start-up's objects frozen out of reach."""
    import gc

    from auditor.batch import pool

    with pool._context().Pool(1) as workers:
        assert workers.apply(gc.isenabled) is True
        assert workers.apply(gc.get_freeze_count) > 10_000


def _loaded(names: tuple[str, ...]) -> list[str]:
    return [name for name in names if name in sys.modules]


def test_batch_workers_start_with_the_audit_and_the_chunk_readers_loaded() -> None:
    """batch/preload.py: the forkserver audits a short article before it forks, so a worker's first page
    imports and loads nothing the ones after it do not (each worker paid ~90 ms for that, measured)."""
    from auditor.batch import pool

    wanted = ("mwparserfromhell", "auditor.parse.wikitext.prose", "auditor.need", "auditor.reliability", "mwxml",
              "auditor.batch.tasks")
    with pool._context().Pool(1) as workers:
        assert workers.apply(_loaded, (wanted,)) == list(wanted)


def _largest_young_generation(path: str) -> int:
    """The most objects the youngest generation held when a collection began, over one page's result."""
    import gc

    from auditor.batch.page import page_result
    from auditor.config import Config
    from auditor.pipeline import Settings
    from auditor.sources.files import file_page

    page = file_page(path)
    settings = Settings(Config(), "2024-06-01", "2024-06-01T00:00:00+00:00", "test")
    page_result(page, "chunk", settings)  # start-up's first-use loading is not the page's
    seen = [0]

    def watch(phase: str, info: dict) -> None:
        if phase == "start":
            seen[0] = max(seen[0], len(gc.get_objects(generation=0)))

    gc.enable()
    gc.callbacks.append(watch)
    try:
        page_result(page, "chunk", settings)
        gc.collect(0)
    finally:
        gc.callbacks.remove(watch)
    return seen[0]


def test_a_batch_page_leaves_its_record_to_reference_counting_not_to_the_collector() -> None:
    """batch.page.page_result: the record is freed before the collector resumes; alive then, the youngest
    generation's next collection walked what was left of it (2,338 objects here; 20 now)."""
    from auditor.batch import pool

    with pool._context().Pool(1) as workers:
        assert workers.apply(_largest_young_generation, ("fixtures/wikitext/Douglas-Adams.wiki",)) < 500
