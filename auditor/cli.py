"""The command line: argument handling and exit codes only; the work happens elsewhere."""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

import click

from auditor import __version__
from auditor.diff import DEFAULT_FAIL_ON, DEFAULT_SIMILARITY
from auditor.errors import UserError

INPUT_FORMATS = ("auto", "wikitext", "text")
OUTPUT_FORMATS = ("text", "json", "jsonl", "html", "sarif", "github", "junit")
DIFF_FORMATS = ("text", "json", "sarif", "github", "junit")


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


class AuditorGroup(click.Group):
    """Ends a UserError in one line on stderr and its exit code, under main() and CliRunner alike."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except UserError as error:
            click.echo(f"auditor: error: {error}", err=True)
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
        click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here."),
        click.option("--config", "config_path", type=click.Path(path_type=Path), help="Config file (default setup.cfg)."),
        click.option("--weak-threshold", type=click.IntRange(0, 100), help="Claims scoring below this are weak."),
        click.option("--exit-zero", is_flag=True, help="Exit 0 even when a threshold fails (not when incomplete)."),
        click.option("--time-budget", type=click.FloatRange(0), metavar="SECONDS",
                     help="Stop parsing an article after this long: an incomplete audit (0: no limit; default 5)."),
    ]):
        command = option(command)
    return command


def _emit(report: str, output: Path | None) -> None:
    from auditor.output import write_atomic

    if output is None:
        click.echo(report, nl=False)
    else:
        write_atomic(output, report)
        click.echo(f"wrote {output}", err=True)


def _finish(ctx: click.Context, code: int, reasons: list[str]) -> None:
    for reason in reasons:
        click.echo(f"auditor: {reason}", err=True)
    if code:
        ctx.exit(code)


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(OUTPUT_FORMATS),
              help="Report format (default text; github under GitHub Actions; jsonl for lists).")
@click.option("--title", help="With PATH: the article's title. Without: the wiki page to audit.")
@click.option("--oldid", type=int, help="Audit this revision of the wiki page.")
@click.option("--titles-file", type=click.Path(dir_okay=False), help="Audit each title in FILE (one a line).")
@click.option("--category", help="Audit each article in this category.")
@click.option("--depth", type=click.IntRange(0), default=0, show_default=True, help="Subcategory depth.")
@_wiki_options
@_common_options
@click.option("--fail-under", type=click.FloatRange(0, 100), help="Fail when an article scores below SCORE.")
@click.option("--max-weak", type=click.IntRange(0), help="Fail when an article has more than N weak claims.")
@click.option("--fail-on", metavar="CODES", help="Fail on findings with these codes or prefixes (comma list).")
@click.pass_context
def audit(ctx: click.Context, paths: tuple[str, ...], fmt: str | None, title: str | None, oldid: int | None,
          titles_file: str | None, category: str | None, depth: int, wiki: str | None, api: str | None,
          contact: str | None, request_log: str | None, input_format: str, output: Path | None,
          config_path: Path | None, weak_threshold: int | None, exit_zero: bool, time_budget: float | None,
          fail_under: float | None, max_weak: int | None, fail_on: str | None) -> None:
    """Audit articles: PATHs (.wiki or copied .txt files, '-' for stdin) or wiki pages.

    Exit 0 pass, 1 a threshold failed or an audit was incomplete, 2 usage or input error (or an article
    past the time budget), 3 a wiki could not be reached.
    """
    import os

    from auditor import runner
    from auditor.config import load_config
    from auditor.output import safe_filename
    from auditor.reports import render_many
    from auditor.thresholds import Thresholds, judge, parse_fail_on

    wiki_options = {"--wiki": wiki, "--api": api, "--contact": contact, "--request-log": request_log}
    mode = runner.input_mode(paths, title, titles_file, category, oldid, wiki_options)
    fmt = runner.output_format(fmt, mode in ("titles", "category") or len(paths) > 1, os.environ)
    thresholds = Thresholds(fail_under, max_weak, parse_fail_on(fail_on), exit_zero)
    config = load_config(config_path).with_options(weak_threshold=weak_threshold, time_budget=time_budget)
    now = _now()
    request = runner.Request(mode, paths, input_format, title, oldid, titles_file, category, depth)
    records, code = runner.audit_request(request, config, now, __version__,
                                         runner.WikiOptions(wiki, api, contact, request_log),
                                         lambda line: click.echo(line, err=True))
    if output is None and fmt == "html" and records:
        output = Path("reports") / safe_filename(records[0]["article"]["title"], ".html")
    if records or fmt in ("sarif", "junit"):
        _emit(render_many(fmt, records), output)
    verdict, reasons = judge(records, thresholds)
    _finish(ctx, max(code, verdict), reasons)


@cli.command()
@click.argument("files", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(DIFF_FORMATS),
              help="Report format (default text; github under GitHub Actions).")
@click.option("--title", help="Wiki page: compare its latest revision (or --to-oldid) with the one before.")
@click.option("--from-oldid", type=int, help="The older revision (default: the newer one's parent).")
@click.option("--to-oldid", type=int, help="The newer revision (default: the latest of --title).")
@_wiki_options
@_common_options
@click.option("--fail-on-diff", default=",".join(DEFAULT_FAIL_ON), show_default=True, metavar="CATEGORIES",
              help="Change categories that fail the diff (new-weak, weaker, citation-removed, flag-added, ...).")
@click.option("--similarity", type=click.FloatRange(0.0, 1.0), default=DEFAULT_SIMILARITY, show_default=True,
              help="How alike two sentences must be to pair as one edited claim.")
@click.pass_context
def diff(ctx: click.Context, files: tuple[str, ...], fmt: str | None, title: str | None,
         from_oldid: int | None, to_oldid: int | None, wiki: str | None, api: str | None, contact: str | None,
         request_log: str | None, input_format: str, output: Path | None, config_path: Path | None,
         weak_threshold: int | None, exit_zero: bool, time_budget: float | None, fail_on_diff: str, similarity: float) -> None:
    """Compare the audits of two revisions: OLD NEW files, or wiki revisions.

    Exit 1 when the newer revision adds weak claims or makes claims weaker (see --fail-on-diff), else 0.
    """
    import os

    from auditor import runner
    from auditor.config import load_config
    from auditor.diff import diff_records
    from auditor.reports import render
    from auditor.thresholds import judge_diff, parse_categories

    categories = parse_categories(fail_on_diff)
    fmt = runner.output_format(fmt, False, os.environ)
    config = load_config(config_path).with_options(weak_threshold=weak_threshold, time_budget=time_budget)
    now = _now()
    old, new = runner.diff_inputs(files, input_format, (title, from_oldid, to_oldid), config, now, __version__,
                                  runner.WikiOptions(wiki, api, contact, request_log))
    record = diff_records(old, new, now, __version__, similarity)
    _emit(render(fmt, record), output)
    _finish(ctx, *judge_diff(record, categories, exit_zero))


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
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Config file (default setup.cfg).")
@click.option("--weak-threshold", type=click.IntRange(0, 100), help="Claims scoring below this are weak.")
def batch(sources: tuple[str, ...], out: Path, jobs: int | None, engine: str, scheduler: str | None,
          namespaces: tuple[int, ...], page_timeout: float, worst: int, quiet: bool, wiki: str | None,
          api: str | None, contact: str | None, depth: int, config_path: Path | None,
          weak_threshold: int | None) -> None:
    """Audit many articles: dumps (.xml, .xml.bz2, multistream), folders, titles:FILE, category:NAME."""
    import os

    from auditor.batch.chunks import Plan
    from auditor.batch.page import Settings
    from auditor.batch.run import BatchOptions, run_batch
    from auditor.config import load_config
    from auditor.sources.wikis import resolve_api_url

    config = load_config(config_path).with_options(weak_threshold=weak_threshold)
    contact = contact or config.contact
    plan = Plan(api_url=resolve_api_url(wiki, api), contact=contact, depth=depth)
    options = BatchOptions(out=out, jobs=jobs or os.cpu_count() or 1, engine=engine, scheduler=scheduler,
                           namespaces=tuple(sorted(set(namespaces))), worst=worst, quiet=quiet, plan=plan)
    now = _now()
    settings = Settings(config, now[:10], now, __version__, page_timeout)
    summary = run_batch(list(sources), options, settings)
    totals = summary["totals"]
    if not quiet:
        click.echo(f"{totals['articles']:,} articles, {totals['claims']:,} claims, {totals['weak']:,} weak, "
                   f"{totals['errors']:,} errors; wrote {out}", err=True)


@cli.command()
@click.option("--explain", metavar="CODE", help="Print what a finding code means, with examples.")
def checks(explain: str | None) -> None:
    """List every finding code with its name, family and weight."""
    from auditor.checks import BY_CODE, CHECKS

    if explain:
        check = BY_CODE.get(explain.strip().upper())
        if check is None:
            raise UserError(f"unknown finding code {explain!r}; `auditor checks` lists them")
        click.echo(f"{check.code} {check.name} ({check.family}, weight {check.weight})\n\n{check.doc}")
        return
    for check in CHECKS:
        click.echo(f"{check.code}  {check.name:<28} {check.family:<11} {check.weight:>3}  {check.summary}")


def main() -> None:
    """Entry point: user errors end in one line on stderr and their exit code."""
    try:
        # Without standalone mode, click returns the code of ctx.exit(code) instead of exiting.
        code = cli.main(standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except UserError as error:
        click.echo(f"auditor: error: {error}", err=True)
        sys.exit(error.exit_code)
    except click.exceptions.Abort:
        click.echo("auditor: interrupted", err=True)
        sys.exit(130)
    except click.ClickException as error:
        click.echo(f"auditor: error: {error.format_message()}", err=True)
        sys.exit(2)
    except click.exceptions.Exit as exit_:
        sys.exit(exit_.exit_code)
