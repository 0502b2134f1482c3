"""The work of `auditor audit` behind its arguments, without click.

The click command (cli.py) and the quick launcher (launch.py) both call ``audit_command`` with the options
as parsed, and a ``say`` and an ``echo`` that write to stderr and stdout; it returns the exit code.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from auditor import __version__

#: What `--input-format` and `--format` of `audit` take: the click command and the launcher both read these.
INPUT_FORMATS = ("auto", "wikitext", "text", "html")
OUTPUT_FORMATS = ("text", "json", "jsonl", "html", "sarif", "github", "junit")


def settings(config_path: Path | None, paths: tuple[str, ...], **options: str | None):
    """The run's Config: the config file's, then the command line's values (validated alike)."""
    from auditor.config import load_config

    return load_config(config_path, paths).with_command_line(**options)


def emit(report: str, output: Path | None, quiet: bool, say: Callable[[str], None],
         echo: Callable[[str], None]) -> None:
    """The report on stdout, or written to ``output`` (said on stderr unless quiet)."""
    from auditor.output import write_atomic

    if output is None:
        if not quiet:
            echo(report)
    else:
        write_atomic(output, report)
        if not quiet:
            say(f"wrote {output}")


def show_statistics(records: list, shown: bool, echo: Callable[[str], None]) -> None:
    """Counts by code over the records, on stdout, when asked for."""
    if shown:
        from auditor.reports.statistics import render

        echo(render(records))


def finish(code: int, reasons: list[str], say: Callable[[str], None]) -> int:
    """Say why the run fails; return its exit code."""
    for reason in reasons:
        say(f"auditor: {reason}")
    return code


def now() -> str:
    """The audit's clock (SOURCE_DATE_EPOCH fixes it)."""
    from auditor.clock import now as clock_now

    return clock_now()


def run_settings(config, page_timeout: float = 60.0, timed: bool = True):
    """What every article of the command is audited with: the config, today, this moment, the version."""
    from auditor.pipeline import Settings

    moment = now()
    return Settings(config, moment[:10], moment, __version__, page_timeout, timed)


def audit_command(options: dict[str, Any], say: Callable[[str], None], echo: Callable[[str], None]) -> int:
    """Run `auditor audit` with its options (as named by the click command's parameters); return the exit code."""
    from auditor import runner
    from auditor.output import safe_filename
    from auditor.reports import render_many
    from auditor.thresholds import Thresholds, judge

    o = options
    paths, title, oldid, output = o["paths"], o["title"], o["oldid"], o["output"]
    wiki_options = {"--wiki": o["wiki"], "--api": o["api"], "--contact": o["contact"],
                    "--request-log": o["request_log"], "--rendered": o["rendered"]}
    mode = runner.input_mode(paths, title, o["titles_file"], o["category"], oldid, wiki_options)
    fmt = runner.output_format(o["fmt"], mode in ("titles", "category") or len(paths) > 1, os.environ)
    config = settings(o["config_path"], paths, **{name: o[name] for name in (
        "weak_threshold", "time_budget", "select", "ignore", "extend_select", "fail_under", "max_weak", "fail_on",
        "lang")})
    request = runner.Request(mode, paths, o["input_format"], title, oldid, o["titles_file"], o["category"],
                             o["depth"], o["rendered"])
    wiki = runner.WikiOptions(o["wiki"], o["api"], o["contact"], o["request_log"], None if o["quiet"] else say)
    records, code = runner.audit_request(request, run_settings(config), wiki, say)
    if output is None and fmt == "html" and records:
        output = Path("reports") / safe_filename(records[0]["article"]["title"], ".html")
    if (records or fmt in ("sarif", "junit")) and not (o["statistics"] and output is None):
        emit(render_many(fmt, records), output, o["quiet"], say, echo)
    show_statistics(records, o["statistics"], echo)
    verdict, reasons = judge(records, Thresholds.of(config, o["exit_zero"]))
    return finish(max(code, verdict), reasons, say)
