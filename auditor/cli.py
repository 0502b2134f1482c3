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
@click.option("--time-budget", type=click.FloatRange(0), metavar="SECONDS",
              help="Stop parsing an article after this long (0: no limit; default 5).")
def audit(path: str, input_format: str, fmt: str, output: Path | None, title: str | None,
          config_path: Path | None, weak_threshold: int | None, time_budget: float | None) -> None:
    """Audit one article: PATH is a .wiki or copied .txt file, or '-' for stdin."""
    from auditor.audit import audit_text
    from auditor.config import load_config
    from auditor.output import safe_filename, write_atomic
    from auditor.parse import budget_exceeded
    from auditor.reports import render
    from auditor.reports.record import build_record
    from auditor.sources.files import read_source

    config = load_config(config_path).with_options(weak_threshold=weak_threshold, time_budget=time_budget)
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
    cut_short = budget_exceeded(result.article)
    if cut_short:
        raise UserError(f"{path}: {cut_short}")


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
