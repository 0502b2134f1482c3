"""Audits as the CLI runs them: inputs in, records out, one article at a time.

An input that cannot be read (a missing file, a missing page) is reported and
skipped so the rest of a batch still runs; the run's exit code remembers it.
A wiki that cannot be reached (FetchError) stops the run at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from auditor import clock
from auditor.audit import audit_text
from auditor.config import Config
from auditor.errors import FetchError, UserError
from auditor.model import SourceInfo
from auditor.reports.record import build_record
from auditor.sources.files import expand_paths, read_source
from auditor.sources.pages import is_redirect_text


@dataclass(frozen=True)
class Input:
    """One article to audit: its text, where it came from and how to read it."""

    text: str
    source: SourceInfo
    input_format: str = "auto"
    title: str | None = None


def file_inputs(paths: tuple[str, ...], input_format: str, title: str | None) -> Iterator[Input | UserError]:
    """Files (or '-' for stdin) in the order given, each folder's article files in its place.

    A redirect page named on the command line is an error; one found in a folder is skipped, as batch does.
    """
    for path, in_folder in expand_paths(paths):
        try:
            text, source = read_source(path)
        except FetchError:
            raise
        except UserError as error:
            yield error
            continue
        if is_redirect_text(text):
            if not in_folder:
                yield UserError(f"{path}: is a redirect page ({text.strip().splitlines()[0][:80]}), not an article")
            continue
        yield Input(text, source, input_format, title)


def wiki_inputs(revisions: Iterable[Any]) -> Iterator[Input | UserError]:
    """Fetched revisions (or the errors met fetching them) as inputs."""
    from auditor.sources.wiki_input import source_of

    for revision in revisions:
        if isinstance(revision, UserError):
            yield revision
        else:
            yield Input(revision.text, source_of(revision), revision.content_format, revision.title)


def audit_input(item: Input, config: Config, today: str, generated: str, version: str) -> dict[str, Any]:
    """Audit one input and build its record (with the seconds the audit took: an input, as time is)."""
    started = time.perf_counter()
    result = audit_text(item.text, config, item.source, item.input_format, item.title, today=today)
    return build_record(result, generated, version, None if clock.fixed() else time.perf_counter() - started)


def audit_inputs(inputs: Iterable[Input | UserError], config: Config, today: str, generated: str,
                 version: str, warn: Callable[[str], None]) -> tuple[list[dict[str, Any]], int]:
    """Audit every input in turn; return the records and the exit code of the inputs (0 or 2)."""
    records, code = [], 0
    shown: set[str] = set()
    for item in inputs:
        if isinstance(item, UserError):
            warn(f"auditor: error: {item}")
            code = max(code, item.exit_code)
            continue
        report_source(item.source, warn, shown)
        records.append(audit_input(item, config, today, generated, version))
    return records, code


def report_source(source: SourceInfo, warn: Callable[[str], None], shown: set[str]) -> None:
    """What the wiki did with the title (normalised it, followed a redirect) and its warnings, each warning once."""
    if source.normalized_from:
        asked = source.redirected_from or source.name
        warn(f"auditor: {source.normalized_from!r} is read as {asked!r}")
    if source.redirected_from:
        warn(f"auditor: {source.redirected_from!r} redirects to {source.name!r}")
    for warning in source.warnings:
        if warning not in shown:
            shown.add(warning)
            warn(f"auditor: warning from {source.wiki}: {warning}")


class WikiOptions(NamedTuple):
    """Where and how to reach a wiki: --wiki host or --api URL, --contact, --request-log; ``notify`` gets a
    line when the client waits for the wiki (None: it waits in silence, as with --quiet)."""

    host: str | None = None
    api: str | None = None
    contact: str | None = None
    request_log: str | None = None
    notify: Callable[[str], None] | None = None


def _session(wiki: WikiOptions, config: Config):
    """A wiki client for the length of a command (see sources/wiki_input.session)."""
    from auditor.sources import wiki_input

    return wiki_input.session(wiki.host, wiki.api, wiki.contact, config, wiki.request_log, wiki.notify)


@dataclass(frozen=True)
class Request:
    """What an `auditor audit` command asks for: files, one page, a titles file or a category."""

    mode: str
    paths: tuple[str, ...] = ()
    input_format: str = "auto"
    title: str | None = None
    oldid: int | None = None
    titles_file: str | None = None
    category: str | None = None
    depth: int = 0
    rendered: bool = False  # fetch the rendered page (Parsoid HTML, REST API) instead of the wikitext


def audit_request(request: Request, config: Config, now: str, version: str, wiki: WikiOptions,
                  warn: Callable[[str], None]) -> tuple[list[dict[str, Any]], int]:
    """Read what the request names, audit each article; return the records and the inputs' exit code."""
    if request.mode == "files":
        items = file_inputs(request.paths, request.input_format, request.title)
        return audit_inputs(items, config, now[:10], now, version, warn)
    from auditor.sources import wiki_input

    with _session(wiki, config) as client:
        fetch = wiki_input.fetcher(client, request.rendered)
        if request.mode == "page":
            revisions: Iterable[Any] = [fetch(title=request.title, oldid=request.oldid)]
        else:
            titles = (wiki_input.read_titles_file(request.titles_file) if request.mode == "titles"
                      else client.category_members(request.category, request.depth))
            revisions = wiki_input.fetch_each(fetch, titles)
        return audit_inputs(wiki_inputs(revisions), config, now[:10], now, version, warn)


def diff_inputs(files: tuple[str, ...], input_format: str, revisions: tuple[Any, ...], config: Config, now: str,
                version: str, wiki: WikiOptions) -> tuple[dict[str, Any], dict[str, Any]]:
    """The records of the two revisions a diff compares: two files, or (title, from, to) on a wiki."""
    if files and (len(files) != 2 or any(revisions)):
        raise UserError("give two files (OLD NEW), or wiki revisions (--title, --from-oldid, --to-oldid), "
                        "or --base REV with the files to compare with their version there")
    if files:
        items = list(file_inputs(files, input_format, None))
    else:
        from auditor.sources import wiki_input

        with _session(wiki, config) as client:
            items = list(wiki_inputs(wiki_input.fetch_pair(client, *revisions)))
    for item in items:
        if isinstance(item, UserError):
            raise item
    old, new = (audit_input(item, config, now[:10], now, version) for item in items)
    return old, new


def base_diff_inputs(files: tuple[str, ...], base: str, input_format: str, config: Config, now: str,
                     version: str) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(old, new) records of each file (folders: their article files) that differs from its version at git ``base``.

    A file the base revision does not hold is compared with an empty article, so all its weak claims are new.
    """
    from auditor.sources import git

    git.check_revision(base)
    for item in file_inputs(files or (".",), input_format, None):
        if isinstance(item, UserError):
            raise item
        before = git.read_at(base, item.source.name)
        if before == item.text:
            continue
        new = audit_input(item, config, now[:10], now, version)
        article = new["article"]  # the older side is read as the newer was, under the same title
        old = Input(before or "", SourceInfo("file", f"{base}:{item.source.name}"), article["input_format"],
                    article["title"])
        yield audit_input(old, config, now[:10], now, version), new


def input_mode(paths: tuple[str, ...], title: str | None, titles_file: str | None, category: str | None,
               oldid: int | None, wiki_options: dict[str, Any]) -> str:
    """Which input an audit reads: "files", "page", "titles" or "category".

    With PATHs, --title only names the article; without, it names the page to fetch.
    """
    given = [name for name, on in (("PATH", paths), ("--titles-file", titles_file), ("--category", category))
             if on]
    if not paths and (title or oldid) and not given:
        return "page"
    if len(given) != 1 or (given[0] != "PATH" and (title or oldid)):
        raise UserError("give exactly one of PATH, --title, --titles-file or --category")
    if paths:
        extra = [name for name, value in {**wiki_options, "--oldid": oldid}.items() if value]
        if extra:
            raise UserError(f"{extra[0]} applies to wiki input (--title, --titles-file, --category), not to files")
        if title and len(paths) > 1:
            raise UserError("--title names one article; give one PATH with it")
        return "files"
    return "titles" if titles_file else "category"


def output_format(fmt: str | None, batch: bool, environ: Mapping[str, str]) -> str:
    """The report format: as asked; else github under GitHub Actions; else text, however many articles.

    JSON asked for a batch becomes JSON lines, one record per line.
    """
    if fmt is None:
        fmt = "github" if environ.get("GITHUB_ACTIONS") == "true" else "text"
    if fmt == "json" and batch:
        return "jsonl"
    if fmt == "html" and batch:
        raise UserError("--format html writes one article; audit the articles one at a time")
    return fmt
