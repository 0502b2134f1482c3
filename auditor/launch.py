"""The entry point: `auditor audit FILE...` with plain options runs without importing click.

Importing click costs more than reading a short article (callgrind: 100 M instructions of a 710 M audit of a
3.4 KB article). So the launcher reads the arguments of the common audit of files itself (paths, and options
whose values are plain strings or flags) and hands them to commands.audit_command, as the click command
does; anything else (another command, --help, a wiki option, a value click would check or refuse, a short
option run together) goes to click (cli.main), which then decides and words every error as before.
"""

from __future__ import annotations

import codecs
import os
import sys
from typing import Any, TextIO

from auditor.commands import INPUT_FORMATS, OUTPUT_FORMATS

#: Options of `audit` that the launcher reads: option -> (parameter name, choices or None; "" for a flag).
_OPTIONS: dict[str, tuple[str, Any]] = {
    "--format": ("fmt", OUTPUT_FORMATS),
    "--input-format": ("input_format", INPUT_FORMATS),
    "--title": ("title", None), "--lang": ("lang", None), "--weak-threshold": ("weak_threshold", None),
    "--time-budget": ("time_budget", None), "--select": ("select", None), "--ignore": ("ignore", None),
    "--extend-select": ("extend_select", None), "--fail-under": ("fail_under", None),
    "--max-weak": ("max_weak", None), "--fail-on": ("fail_on", None),
    "-o": ("output", "path"), "--output": ("output", "path"), "--config": ("config_path", "path"),
    "--exit-zero": ("exit_zero", ""), "--statistics": ("statistics", ""), "-q": ("quiet", ""),
    "--quiet": ("quiet", ""),
}
#: The click command's defaults for every parameter.
_DEFAULTS: dict[str, Any] = {
    "paths": (), "fmt": None, "title": None, "oldid": None, "titles_file": None, "category": None, "depth": 0,
    "wiki": None, "api": None, "contact": None, "request_log": None, "input_format": "auto", "lang": None,
    "output": None, "config_path": None, "weak_threshold": None, "exit_zero": False, "time_budget": None,
    "select": None, "ignore": None, "extend_select": None, "statistics": False, "quiet": False,
    "fail_under": None, "max_weak": None, "fail_on": None, "rendered": False,
}


def _plain_path(value: str) -> bool:
    """A path value click's Path type takes as it is: not empty, and not an existing folder or unreadable file."""
    return bool(value) and not (os.path.exists(value) and (os.path.isdir(value) or not os.access(value, os.R_OK)))


def quick_options(args: list[str]) -> dict[str, Any] | None:
    """The options of ``auditor audit ...`` when the launcher can read them as click would; else None."""
    if not args or args[0] != "audit":
        return None
    options, paths, rest = dict(_DEFAULTS), [], iter(args[1:])
    for arg in rest:
        if arg == "-" or not arg.startswith("-"):
            paths.append(arg)
            continue
        name, has_value, value = arg.partition("=")
        if name not in _OPTIONS or (has_value and not name.startswith("--")):
            return None
        parameter, kind = _OPTIONS[name]
        if kind == "":
            if has_value:
                return None
            options[parameter] = True
            continue
        if not has_value:
            value = next(rest, None)
            if value is None or value.startswith("-"):
                return None
        if (kind == "path" and not _plain_path(value)) or (isinstance(kind, tuple) and value not in kind):
            return None
        options[parameter] = value
    if not paths:
        return None
    options["paths"] = tuple(paths)
    for name in ("output", "config_path"):
        if options[name] is not None:
            from pathlib import Path

            options[name] = Path(options[name])
    return options


def _write(stream: TextIO, text: str) -> None:
    """As click.echo writes: ANSI styles dropped when the stream is not a terminal, then flushed."""
    if "\x1b" in text and not stream.isatty():
        import re

        text = re.sub(r"\033\[[;?0-9]*[a-zA-Z]", "", text)
    if text:
        buffer = getattr(stream, "buffer", None)
        if buffer is not None and os.linesep == "\n" and codecs.lookup(stream.encoding).name == "utf-8":
            from auditor.output import utf8

            stream.flush()  # what the text layer holds goes first; no newline to translate on this system
            buffer.write(utf8(text))  # encoded once, lone surrogates as U+FFFD (see output.utf8)
        else:
            from auditor.output import writable

            stream.write(writable(text))
    stream.flush()


def _say(line: str) -> None:
    from auditor.reports.terminal import escape_controls

    _write(sys.stderr, escape_controls(line) + "\n")


def _plain_streams() -> bool:
    """Whether stdout and stderr are text streams click would write to as they are (not ASCII-only)."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        if not encoding or codecs.lookup(encoding).name == "ascii" or not hasattr(stream, "buffer"):
            return False
    return True


def main() -> None:
    """Entry point: the quick audit when the arguments allow it, else the click command line (cli.main)."""
    from auditor import compiled

    compiled.install()  # before any module that defines dataclasses or patterns, on either path
    options = quick_options(sys.argv[1:]) if _plain_streams() else None
    if options is None:
        from auditor.cli import main as click_main

        try:
            click_main()
        finally:
            compiled.save()
        return
    import gc

    # Start-up builds tens of thousands of objects (modules, functions, patterns), none of them garbage: the
    # collections they set off walk them all (callgrind: 6 M instructions on a 5-line file). Why the quick path
    # disables the collector and batch workers freeze start-up instead: audit.gc_paused.
    gc.disable()
    from auditor.errors import UserError
    from auditor.parse import hold_trees

    hold_trees()  # the process ends in os._exit: the last tree need not be freed (parse.hold_trees)

    try:
        code = _run(options)
        sys.stdout.flush()
        sys.stderr.flush()
        compiled.save()
    except UserError as error:
        _say(f"auditor: error: {error}")
        sys.exit(error.exit_code)
    except (KeyboardInterrupt, EOFError):
        _write(sys.stderr, "\n")
        _say("auditor: interrupted")
        sys.exit(130)
    except BrokenPipeError:
        # as click: the reader went away; nothing more is written (the flush at exit would fail too)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    # Everything is written: end without the interpreter's teardown, which would only free memory the
    # system takes back at once (callgrind: 34 M instructions after United-Kingdom.wiki).
    os._exit(code)


def _run(options: dict[str, Any]) -> int:
    from auditor.commands import audit_command

    return audit_command(options, _say, lambda text: _write(sys.stdout, text))
