"""The example reports committed in reports/: what a newcomer sees before running anything.

Each is made by the released command line, run from the repository's root with a fixed clock
(SOURCE_DATE_EPOCH) so that the same code gives the same bytes. ``scripts/regen_reports.py`` writes them;
tests/test_examples.py fails when a committed example differs from what the code now produces.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).parent.parent
REPORTS = ROOT / "reports"
#: 2025-12-01T00:00:00Z: the fixed clock of every example (the README's first command uses it too).
EPOCH = "1764547200"
#: The batch example: a handful of real pages from fixtures/dumps.
BATCH_DUMPS = ("fixtures/dumps/article-pear-0.10.xml", "fixtures/dumps/pair-0.10.xml")
#: file name in reports/ -> the command's arguments after ``auditor``; "{out}" is the file itself.
COMMANDS = {
    "balli-kombetar.html": ("audit", "fixtures/balli-kombetar-excerpt.txt", "--format", "html", "-o", "{out}"),
    "balli-kombetar.txt": ("audit", "fixtures/balli-kombetar-excerpt.txt", "--format", "text"),
    "balli-kombetar.json": ("audit", "fixtures/balli-kombetar-excerpt.txt", "--format", "json"),
    "douglas-adams.sarif": ("audit", "fixtures/wikitext/Douglas-Adams.wiki", "--format", "sarif"),
    "douglas-adams.github.txt": ("audit", "fixtures/wikitext/Douglas-Adams.wiki", "--format", "github"),
}
#: What the batch example keeps of its run (the rest is the resumable store: journal, jsonl files).
BATCH_KEEP = ("summary.json", "html")


def _auditor(*args: str) -> str:
    """Run the command line as a user would, from the repository's root, with the fixed clock."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(ROOT)}
    env.pop("GITHUB_ACTIONS", None)  # the default format must not follow the machine that runs this
    done = subprocess.run([sys.executable, "-c", "from auditor.launch import main; main()", *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8")
    if done.returncode not in (0, 1):
        raise RuntimeError(f"auditor {' '.join(args)} exited {done.returncode}: {done.stderr}")
    return done.stdout


def write_examples(target: Path) -> list[Path]:
    """Write every example into ``target`` (reports/ or a scratch folder); return the files written."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, command in COMMANDS.items():
        path = target / name
        out = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
        stdout = _auditor(*(arg.replace("{out}", out) for arg in command))
        if "{out}" not in command:
            path.write_text(stdout, "utf-8")
        written.append(path)
    with tempfile.TemporaryDirectory() as scratch:
        _auditor("batch", *BATCH_DUMPS, "--out", scratch, "--jobs", "1", "--quiet")
        batch = target / "batch"
        shutil.rmtree(batch, ignore_errors=True)
        batch.mkdir()
        for keep in BATCH_KEEP:
            source = Path(scratch) / keep
            if source.is_dir():
                shutil.copytree(source, batch / keep)
            else:
                shutil.copy(source, batch / keep)
    written.extend(sorted(p for p in (target / "batch").rglob("*") if p.is_file()))
    return written


def example_files(folder: Path) -> dict[str, bytes]:
    """The examples under ``folder``, by path relative to it (README.md is written by hand, not compared)."""
    names = [*COMMANDS, *(f"batch/{k}" for k in BATCH_KEEP)]
    files: dict[str, bytes] = {}
    for name in names:
        path = folder / name
        for item in ([path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())):
            files[str(item.relative_to(folder))] = item.read_bytes()
    return files
