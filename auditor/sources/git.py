"""Article text as a git revision holds it: the older side of `auditor diff --base REV FILE...`.

Runs the ``git`` program (``git show REV:./PATH``, so paths are read relative to the working directory,
as the user typed them). A file the revision holds under another name (git's rename detection, as
``git diff -M`` finds it) is read under that name, so moving a draft does not make its old claims new; a
file the revision does not hold at all is a new article: None, not an error.
"""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path

from auditor.errors import UserError
from auditor.model import SourceInfo
from auditor.sources.files import decode
from auditor.sources.pages import PageText

#: The most a revision's copy of one file may hold (twice the cap on a file read from disk, MAX_ARTICLE_BYTES).
_MAX_BYTES = 64 * 1024 * 1024


def _git(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=60, check=False)
    except FileNotFoundError:
        raise UserError("--base needs the git program, which was not found") from None
    except subprocess.TimeoutExpired:
        raise UserError(f"git {' '.join(args)}: no answer within 60 s") from None


def check_revision(revision: str) -> None:
    """Refuse a revision git cannot name, in one line (before any file is read)."""
    if revision.startswith("-"):
        raise UserError(f"--base {revision!r}: not a git revision")
    done = _git("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}", cwd=Path.cwd())
    if done.returncode != 0:
        raise UserError(f"--base {revision!r}: not a commit of the git repository here")


def read_at(revision: str, path: str) -> str | None:
    """The text of ``path`` at ``revision``, or None when the revision has no such file."""
    file = Path(path)
    folder = file.parent  # "." for a bare file name
    done = _git("show", f"{revision}:./{file.name}", cwd=folder)
    if done.returncode != 0:
        if _git("cat-file", "-e", f"{revision}^{{commit}}", cwd=folder).returncode != 0:
            raise UserError(f"{path}: not in a git repository that has {revision!r}")
        old = _renamed_from(revision, file, folder)
        if old is None:
            return None
        done = _git("show", f"{revision}:{old}", cwd=folder)
    if len(done.stdout) > _MAX_BYTES:
        raise UserError(f"{revision}:{path}: larger than {_MAX_BYTES // 2**20} MiB")
    return decode(done.stdout, f"{revision}:{path}") if done.stdout.strip() else ""


def page_at(revision: str, page: PageText, text: str, input_format: str, title: str) -> PageText:
    """A file's page as ``revision`` holds it (``text``, from read_at; "" for a file it lacks), read as
    ``input_format`` and titled ``title``: the older side of a diff, read as the newer side was."""
    return replace(page, text=text, source=SourceInfo("file", f"{revision}:{page.source.name}"),
                   input_format=input_format, title=title, titled=True)


def _renamed_from(revision: str, file: Path, folder: Path) -> str | None:
    """The path (from the repository's top) that ``file`` (in ``folder``) had at ``revision``, if git sees it
    as renamed."""
    top = _git("rev-parse", "--show-toplevel", cwd=folder)
    if top.returncode != 0:
        return None
    root = Path(top.stdout.decode().strip())
    try:
        wanted = file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None
    listing = _git("diff", "-M", "--name-status", "-z", "--diff-filter=R", revision, "--", cwd=root).stdout
    fields = listing.decode("utf-8", "replace").split("\0")
    for status, old, new in zip(fields[0::3], fields[1::3], fields[2::3]):
        if status.startswith("R") and new == wanted:
            return old
    return None
