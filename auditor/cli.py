"""The command line: argument handling and exit codes only; the work happens elsewhere."""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

import click

from auditor import __version__
from auditor.errors import UserError

INPUT_FORMATS = ("auto", "wikitext", "text")
OUTPUT_FORMATS = ("text", "json", "html")


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="auditor")
def cli() -> None:
    """Audit the citations of Wikipedia articles, claim by claim."""


@cli.command()
@click.argument("path")
@click.option("--input-format", "input_format", default="auto", type=click.Choice(INPUT_FORMATS),
              help="How to read PATH; auto decides from the content.")
@click.option("--format", "fmt", default="text", type=click.Choice(OUTPUT_FORMATS), help="Report format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here.")
@click.option("--title", help="Article title (default: from the copy's first line or the file name).")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Config file (default setup.cfg).")
@click.option("--weak-threshold", type=click.IntRange(0, 100), help="Claims scoring below this are weak.")
def audit(path: str, input_format: str, fmt: str, output: Path | None, title: str | None,
          config_path: Path | None, weak_threshold: int | None) -> None:
    """Audit one article: PATH is a .wiki or copied .txt file, or '-' for stdin."""
    from auditor.audit import audit_text
    from auditor.config import load_config
    from auditor.output import safe_filename, write_atomic
    from auditor.reports import render
    from auditor.reports.record import build_record
    from auditor.sources.files import read_source

    config = load_config(config_path).with_options(weak_threshold=weak_threshold)
    text, source = read_source(path)
    result = audit_text(text, config, source, input_format, title, today=_now()[:10])
    report = render(fmt, build_record(result, _now(), __version__))
    if output is None and fmt == "html":
        output = Path("reports") / safe_filename(result.article.title, ".html")
    if output is None:
        click.echo(report, nl=False)
    else:
        write_atomic(output, report)
        click.echo(f"wrote {output}", err=True)


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
    settings = Settings(config, _now()[:10], _now(), __version__, page_timeout)
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
        cli.main(standalone_mode=False)
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
