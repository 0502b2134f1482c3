"""What `auditor audit` and `auditor diff` ask for, run through the one pipeline (auditor/pipeline.py).

The sources turn a request into pages, the sequential engine audits them in
turn. A page that cannot be read (a missing file, a missing page) is reported
and skipped so the rest still run; the run's exit code remembers it. A wiki
that cannot be reached (FetchError) stops the run at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from auditor.errors import UserError
from auditor.model import SourceInfo
from auditor.pipeline import Settings, audit_page, run_sequential
from auditor.sources.files import file_pages
from auditor.sources.pages import PageText


def audit_pages(pages: Iterable[PageText], settings: Settings,
                warn: Callable[[str], None]) -> tuple[list[dict[str, Any]], int]:
    """Audit every page in turn (the sequential engine); return the records and the exit code of the pages
    (0, or 2 when one could not be read: it is said on stderr and the rest still run)."""
    records, code = [], 0
    shown: set[str] = set()
    for page, record in run_sequential(pages, settings):
        if record is None:
            warn(f"auditor: error: {page.error or page.skipped}")
            code = max(code, UserError.exit_code)
            continue
        report_source(page.source, warn, shown)
        records.append(record)
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


def audit_request(request: Request, settings: Settings, wiki: WikiOptions,
                  warn: Callable[[str], None]) -> tuple[list[dict[str, Any]], int]:
    """Read what the request names, audit each article; return the records and the inputs' exit code."""
    if request.mode == "files":
        return audit_pages(file_pages(request.paths, request.input_format, request.title), settings, warn)
    from auditor.sources import wiki_input

    with _session(wiki, settings.config) as client:
        fetch = wiki_input.fetcher(client, request.rendered)
        if request.mode == "page":
            pages: Iterable[PageText] = [wiki_input.page_of(fetch(title=request.title, oldid=request.oldid))]
        else:
            titles = (wiki_input.read_titles_file(request.titles_file) if request.mode == "titles"
                      else client.category_members(request.category, request.depth))
            pages = wiki_input.wiki_pages(fetch, titles, client.wiki)
        return audit_pages(pages, settings, warn)


def _readable(pages: Iterable[PageText]) -> Iterator[PageText]:
    """The pages a diff compares; one that cannot be read ends the command (a UserError)."""
    for page in pages:
        if page.error is not None:
            raise UserError(page.error)
        yield page


def diff_inputs(files: tuple[str, ...], input_format: str, revisions: tuple[Any, ...], settings: Settings,
                wiki: WikiOptions) -> tuple[dict[str, Any], dict[str, Any]]:
    """The records of the two revisions a diff compares: two files, or (title, from, to) on a wiki."""
    if files and (len(files) != 2 or any(revisions)):
        raise UserError("give two files (OLD NEW), or wiki revisions (--title, --from-oldid, --to-oldid), "
                        "or --base REV with the files to compare with their version there")
    if files:
        pages = list(_readable(file_pages(files, input_format)))
    else:
        from auditor.sources import wiki_input

        with _session(wiki, settings.config) as client:
            pages = [wiki_input.page_of(revision) for revision in wiki_input.fetch_pair(client, *revisions)]
    old, new = (audit_page(page, settings) for page in pages)
    return old, new


def base_diff_inputs(files: tuple[str, ...], base: str, input_format: str,
                     settings: Settings) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(old, new) records of each file (folders: their article files) that differs from its version at git ``base``.

    A file the base revision does not hold is compared with an empty article, so all its weak claims are new.
    """
    from auditor.sources import git

    git.check_revision(base)
    for page in _readable(file_pages(files or (".",), input_format)):
        before = git.read_at(base, page.source.name)
        if before == page.text:
            continue
        new = audit_page(page, settings)
        article = new["article"]  # the older side is read as the newer was, under the same title
        old = git.page_at(base, page, before or "", article["input_format"], article["title"])
        yield audit_page(old, settings), new


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
