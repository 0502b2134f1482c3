"""The command line: argument handling and exit codes only; the work happens elsewhere."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from auditor import __version__, commands
from auditor.diff import DEFAULT_FAIL_ON, DEFAULT_SIMILARITY
from auditor.errors import UserError
from auditor.output import writable

INPUT_FORMATS, OUTPUT_FORMATS = commands.INPUT_FORMATS, commands.OUTPUT_FORMATS
DIFF_FORMATS = ("text", "json", "sarif", "github", "junit")


def say(line: str) -> None:
    """One line on stderr, its control characters escaped (it may hold a title or a line of an article)."""
    from auditor.reports.terminal import escape_controls

    click.echo(escape_controls(line), err=True)


def _now() -> str:
    return commands.now()


def _run_settings(config, page_timeout: float = 60.0, timed: bool = True):
    return commands.run_settings(config, page_timeout, timed)


def _echo(text: str) -> None:
    click.echo(writable(text), nl=False)


class AuditorGroup(click.Group):
    """Ends a UserError in one line on stderr and its exit code, under main() and CliRunner alike."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except UserError as error:
            say(f"auditor: error: {error}")
            ctx.exit(error.exit_code)


@click.group(cls=AuditorGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="auditor")
def cli() -> None:
    """Audit the citations of Wikipedia articles, claim by claim."""


def _wiki_options(command):
    for option in reversed([
        click.option("--wiki", help="Wiki host, e.g. en.wikipedia.org (the default)."),
        click.option("--api", help="URL of any MediaWiki's api.php (instead of --wiki)."),
        click.option("--contact", help="Your e-mail or URL for the User-Agent (else setup.cfg, AUDITOR_CONTACT)."),
        click.option("--request-log", type=click.Path(dir_okay=False), help="Write every HTTP attempt here (JSON lines)."),
    ]):
        command = option(command)
    return command


def _common_options(command):
    for option in reversed([
        click.option("--input-format", "input_format", default="auto", type=click.Choice(INPUT_FORMATS),
                     help="How to read files; auto decides from the content."),
        click.option("--lang", metavar="CODE", help="The wiki's language (fr, de, es, ...): its flags, section "
                     "names and sentence rules (default: the wiki's or dump's own, else en)."),
        click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here."),
        click.option("--config", "config_path", type=click.Path(path_type=Path),
                     help="Config file (default: the first pyproject.toml [tool.auditor] or setup.cfg [auditor] "
                          "found from the files upwards)."),
        click.option("--weak-threshold", metavar="N", help="Claims scoring below this (0-100) are weak."),
        click.option("--exit-zero", is_flag=True, help="Exit 0 even when a threshold fails (not when incomplete)."),
        click.option("--time-budget", metavar="SECONDS",
                     help="Stop parsing an article after this long (0-3600; 0: no limit; default 5): "
                          "an incomplete audit."),
        click.option("--select", metavar="CODES", help="Check only these codes or prefixes (default: all)."),
        click.option("--ignore", metavar="CODES", help="Do not check these codes or prefixes."),
        click.option("--extend-select", metavar="CODES", help="Check these codes or prefixes too."),
        click.option("--statistics", is_flag=True, help="Print counts by code over all articles."),
        click.option("-q", "--quiet", is_flag=True, help="No report on stdout (still -o); only the reasons."),
    ]):
        command = option(command)
    return command


def _settings(config_path: Path | None, paths: tuple[str, ...], **options: str | None):
    return commands.settings(config_path, paths, **options)


def _emit(report: str, output: Path | None, quiet: bool = False) -> None:
    commands.emit(report, output, quiet, say, _echo)


def _statistics(records: list, shown: bool) -> None:
    commands.show_statistics(records, shown, _echo)


def _finish(ctx: click.Context, code: int, reasons: list[str]) -> None:
    code = commands.finish(code, reasons, say)
    if code:
        ctx.exit(code)


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(OUTPUT_FORMATS),
              help="Report format (default text; github under GitHub Actions).")
@click.option("--title", help="With PATH: the article's title. Without: the wiki page to audit.")
@click.option("--oldid", type=int, help="Audit this revision of the wiki page.")
@click.option("--titles-file", type=click.Path(dir_okay=False), help="Audit each title in FILE (one a line).")
@click.option("--category", help="Audit each article in this category.")
@click.option("--depth", type=click.IntRange(0), default=0, show_default=True, help="Subcategory depth.")
@click.option("--rendered", is_flag=True,
              help="Fetch the rendered page (Parsoid HTML through the wiki's REST API) instead of its wikitext.")
@_wiki_options
@_common_options
@click.option("--fail-under", metavar="SCORE", help="Fail when an article scores below SCORE (0-100).")
@click.option("--max-weak", metavar="N", help="Fail when an article has more than N weak claims.")
@click.option("--fail-on", metavar="CODES", help="Fail on findings with these codes or prefixes (comma list).")
@click.pass_context
def audit(ctx: click.Context, paths: tuple[str, ...], fmt: str | None, title: str | None, oldid: int | None,
          titles_file: str | None, category: str | None, depth: int, wiki: str | None, api: str | None,
          contact: str | None, request_log: str | None, input_format: str, lang: str | None, output: Path | None,
          config_path: Path | None, weak_threshold: str | None, exit_zero: bool, time_budget: str | None,
          select: str | None, ignore: str | None, extend_select: str | None, statistics: bool, quiet: bool,
          fail_under: str | None, max_weak: str | None, fail_on: str | None, rendered: bool) -> None:
    """Audit articles: PATHs (.wiki or copied .txt files, folders of them, '-' for stdin) or wiki pages.

    Exit 0 pass, 1 a threshold failed or an audit was incomplete, 2 usage or input error (or an article
    past the time budget), 3 a wiki could not be reached.
    """
    options = dict(locals())
    del options["ctx"]
    code = commands.audit_command(options, say, _echo)
    if code:
        ctx.exit(code)


@cli.command()
@click.argument("files", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(DIFF_FORMATS),
              help="Report format (default text; github under GitHub Actions).")
@click.option("--base", metavar="REV", help="Compare each FILE (folders: their article files) with its version "
                                            "at this git revision; files unchanged there are skipped.")
@click.option("--title", help="Wiki page: compare its latest revision (or --to-oldid) with the one before.")
@click.option("--from-oldid", type=int, help="The older revision (default: the newer one's parent).")
@click.option("--to-oldid", type=int, help="The newer revision (default: the latest of --title).")
@_wiki_options
@_common_options
@click.option("--fail-on-diff", metavar="CATEGORIES",
              help=f"Change categories that fail the diff (default {','.join(DEFAULT_FAIL_ON)}; also "
                   "citation-removed, flag-added).")
@click.option("--similarity", type=click.FloatRange(0.0, 1.0), default=DEFAULT_SIMILARITY, show_default=True,
              help="How alike two sentences must be to pair as one edited claim.")
@click.pass_context
def diff(ctx: click.Context, files: tuple[str, ...], fmt: str | None, base: str | None, title: str | None,
         from_oldid: int | None, to_oldid: int | None, wiki: str | None, api: str | None, contact: str | None,
         request_log: str | None, input_format: str, lang: str | None, output: Path | None, config_path: Path | None,
         weak_threshold: str | None, exit_zero: bool, time_budget: str | None, select: str | None,
         ignore: str | None, extend_select: str | None, statistics: bool, quiet: bool, fail_on_diff: str | None,
         similarity: float) -> None:
    """Compare the audits of two revisions: OLD NEW files, FILEs against a git --base, or wiki revisions.

    Exit 1 when a newer revision adds weak claims or makes claims weaker (see --fail-on-diff), else 0.
    """
    import os

    from auditor import runner
    from auditor.diff import diff_records
    from auditor.reports import render_many
    from auditor.thresholds import judge_diffs

    config = _settings(config_path, files, weak_threshold=weak_threshold, time_budget=time_budget, select=select,
                       ignore=ignore, extend_select=extend_select, fail_on_diff=fail_on_diff, lang=lang)
    settings = _run_settings(config)
    if base is not None:
        if title or from_oldid or to_oldid:
            raise UserError("--base compares files with a git revision; it takes no --title or oldids")
        pairs = list(runner.base_diff_inputs(files, base, input_format, settings))
    else:
        pairs = [runner.diff_inputs(files, input_format, (title, from_oldid, to_oldid), settings,
                                    runner.WikiOptions(wiki, api, contact, request_log,
                                                       None if quiet else say))]
    records = [diff_records(old, new, settings.generated, __version__, similarity) for old, new in pairs]
    fmt = runner.output_format(fmt, base is not None, os.environ)  # json of --base diffs: one per line
    if (records or fmt in ("sarif", "junit")) and not (statistics and output is None):
        _emit(render_many(fmt, records), output, quiet)
    _statistics(records, statistics)
    _finish(ctx, *judge_diffs(records, config.fail_on_diff or DEFAULT_FAIL_ON, exit_zero))


@cli.command()
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (a second run with the same sources resumes it).")
@click.option("--jobs", type=click.IntRange(1), help="Worker processes (default: all cores).")
@click.option("--engine", default="local", type=click.Choice(("local", "dask")), help="Where the work runs.")
@click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler (default: a LocalCluster).")
@click.option("--namespace", "namespaces", multiple=True, type=int, default=(0,), show_default=True,
              help="Namespace to audit (repeat for several).")
@click.option("--page-timeout", default=60.0, type=click.FloatRange(min=0.01), show_default=True,
              help="Seconds one page may take before it is stopped and recorded as an error.")
@click.option("--worst", default=20, type=click.IntRange(0), show_default=True,
              help="HTML reports for this many worst articles.")
@click.option("--quiet", is_flag=True, help="No progress output.")
@click.option("--wiki", help="Wiki host for titles:FILE and category:NAME sources (default en.wikipedia.org).")
@click.option("--api", help="api.php URL instead of --wiki.")
@click.option("--contact", envvar="AUDITOR_CONTACT", help="Your e-mail or URL, sent to Wikimedia wikis.")
@click.option("--depth", default=0, type=click.IntRange(0), help="Subcategory depth for category:NAME.")
@click.option("--rendered", is_flag=True, help="titles: and category: pages as rendered (Parsoid HTML, REST API).")
@click.option("--config", "config_path", type=click.Path(path_type=Path),
              help="Config file (default: found from the sources upwards, as for audit).")
@click.option("--weak-threshold", metavar="N", help="Claims scoring below this (0-100) are weak.")
@click.option("--lang", metavar="CODE", help="The wiki's language (default: each dump's or wiki's own, else en).")
def batch(sources: tuple[str, ...], out: Path, jobs: int | None, engine: str, scheduler: str | None,
          namespaces: tuple[int, ...], page_timeout: float, worst: int, quiet: bool, wiki: str | None,
          api: str | None, contact: str | None, depth: int, config_path: Path | None,
          weak_threshold: str | None, rendered: bool, lang: str | None) -> None:
    """Audit many articles: dumps (.xml, .xml.bz2, multistream, Enterprise HTML .json.tar.gz), folders,
    titles:FILE, category:NAME."""
    import os

    from auditor.batch.chunks import Plan
    from auditor.batch.run import BatchOptions, run_batch
    from auditor.sources.wikis import resolve_api_url

    local = tuple(s for s in sources if not s.startswith(("titles:", "category:", "Category:")))
    config = _settings(config_path, local, weak_threshold=weak_threshold, lang=lang)
    contact = contact or config.contact
    plan = Plan(api_url=resolve_api_url(wiki, api), contact=contact, depth=depth, rendered=rendered)
    options = BatchOptions(out=out, jobs=jobs or os.cpu_count() or 1, engine=engine, scheduler=scheduler,
                           namespaces=tuple(sorted(set(namespaces))), worst=worst, quiet=quiet, plan=plan)
    settings = _run_settings(config, page_timeout, timed=False)
    summary = run_batch(list(sources), options, settings, say)
    totals = summary["totals"]
    if not quiet:
        say(f"{totals['articles']:,} articles, {totals['claims']:,} claims, {totals['weak']:,} weak, "
                   f"{totals['errors']:,} errors; wrote {out}")


@cli.command()
@click.option("--explain", metavar="CODE", help="Print what a finding code means, with examples.")
@click.option("-q", "--quiet", is_flag=True, help="Codes only, one a line.")
def checks(explain: str | None, quiet: bool) -> None:
    """List every finding code with its name, family and weight."""
    from auditor.checks import BY_CODE, CHECKS

    if explain:
        check = BY_CODE.get(explain.strip().upper())
        if check is None:
            raise UserError(f"unknown finding code {explain!r}; `auditor checks` lists them")
        click.echo(f"{check.code} {check.name} ({check.family}, weight {check.weight})\n\n{check.doc}")
        return
    for check in CHECKS:
        click.echo(check.code if quiet else
                   f"{check.code}  {check.name:<28} {check.family:<11} {check.weight:>3}  {check.summary}")


def main() -> None:
    """Entry point: user errors end in one line on stderr and their exit code."""
    try:
        # Without standalone mode, click returns the code of ctx.exit(code) instead of exiting.
        code = cli.main(standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except UserError as error:
        say(f"auditor: error: {error}")
        sys.exit(error.exit_code)
    except click.exceptions.Abort:
        say("auditor: interrupted")
        sys.exit(130)
    except click.ClickException as error:
        say(f"auditor: error: {error.format_message()}")
        sys.exit(2)
    except click.exceptions.Exit as exit_:
        sys.exit(exit_.exit_code)
