"""A hostile or odd wiki, played by the replay server on 127.0.0.1, met through `auditor audit`.

For each probe: the exit code, the seconds, the peak Python memory (tracemalloc, server thread included) and
the last line on stderr. Asserts nothing.

    python benchmarks/hostile_wiki.py          # FULL=1 adds a whole body trickled at 1 byte/s (120 s)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from click.testing import CliRunner  # noqa: E402

from auditor.cli import cli  # noqa: E402
from auditor.sources import wiki_input  # noqa: E402
from mediawiki_server import Fault, ReplayWiki, douglas_adams_wiki, gzip_bomb  # noqa: E402

RECORDED = ROOT / "fixtures" / "api" / "recorded"
MIB = 1 << 20


class StuckCursor(ReplayWiki):
    """A category listing that sends the same ``continue`` cursor 400 times before it ends."""

    served = 0

    def _category_page(self, params: dict[str, str]) -> dict[str, Any]:
        self.served += 1
        body: dict[str, Any] = {"query": {"categorymembers": [{"pageid": 1, "ns": 0, "title": "Douglas Adams"}]}}
        if self.served < 400:
            body["continue"] = {"cmcontinue": "page|7", "continue": "-||"}
        return body


def canned(body: bytes, match: dict[str, str] | None = None) -> Callable[[ReplayWiki], None]:
    return lambda wiki: wiki.add_canned(match or {"prop": "revisions"}, body)


def probe(name: str, wiki: ReplayWiki, args: list[str], setup: Callable[[ReplayWiki], None], env: dict) -> None:
    with wiki as live:
        setup(live)
        tracemalloc.start()
        start = time.monotonic()
        result = CliRunner().invoke(cli, ["audit", *args, "--api", live.api_url, "--format", "json"], env=env)
        seconds, peak = time.monotonic() - start, tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    last = (result.stderr.strip().splitlines() or [""])[-1][:110]
    if result.exception and not isinstance(result.exception, SystemExit):
        last = f"traceback: {type(result.exception).__name__}: {str(result.exception)[:60]}"
    requests = f", {wiki.served} requests" if isinstance(wiki, StuckCursor) else ""
    print(f"{name} | exit {result.exit_code} | {seconds:.1f} s | peak {peak / MIB:.0f} MiB{requests} | {last}")


def main() -> None:
    wiki_input.sleep = lambda seconds: None
    env = {"AUDITOR_CACHE": tempfile.mkdtemp() + "/cache", "GITHUB_ACTIONS": ""}
    page = ["--title", "Douglas Adams"]
    revision = b'{"query":{"pages":[{"pageid":8091,"ns":%s,"title":"Douglas Adams","revisions":[{"revid":5,' \
               b'"timestamp":"2018-01-01T00:00:00Z","slots":{"main":{"content":%s}}}]}]}}'
    probe("pages as an object (liquipedia, formatversion 1)", ReplayWiki(siteinfo=None), ["--title", "Team_Liquid"],
          canned((RECORDED / "liquipedia-fv1-no-slots-rvslots-warning.json").read_bytes()), env)
    probe("content null", douglas_adams_wiki(), page, canned(revision % (b"0", b"null")), env)
    probe("ns a string", douglas_adams_wiki(), page, canned(revision % (b'"0"', b'"x"')), env)
    probe("JSON nested 2,000,000 deep", douglas_adams_wiki(), page, canned(b"[" * 2_000_000 + b"]" * 2_000_000), env)
    probe("a title normalised to nothing", douglas_adams_wiki(), ["--title", "#"], canned(
        b'{"batchcomplete":true,"query":{"normalized":[{"fromencoded":false,"from":"#","to":""}]}}', {"titles": "#"}),
        env)
    probe("the same continue cursor (400 times)", StuckCursor(), ["--category", "Loop"], lambda wiki: None, env)
    gzip_bomb(256 * MIB)  # made before measuring
    probe("gzip bomb, 256 MiB of zeros", douglas_adams_wiki(), page,
          lambda wiki: wiki.fail_next(*[Fault("bomb", size=256 * MIB)] * 7), env)
    probe("20 bytes trickled at 1 byte/s", douglas_adams_wiki(), page,
          lambda wiki: wiki.fail_next(Fault("trickle", delay=1.0, size=20)), env)
    if os.environ.get("FULL"):
        probe("the whole body trickled at 1 byte/s", douglas_adams_wiki(), page,
              lambda wiki: wiki.fail_next(Fault("trickle", delay=1.0)), env)


if __name__ == "__main__":
    main()
