"""What the worker processes' forkserver does once, before it forks any worker.

The forkserver takes module names to import, so this module is that step: the start-up cache
(auditor/compiled.py) first, so the audit's dataclasses and patterns come from it as in `auditor audit`,
then the modules every worker needs (the worker's loop and the readers of its chunks, batch/pool.py), then
one audit of a short article (``warm``), which imports and loads what an audit only reaches on first use:
the parse room, mwparserfromhell, the flag tables, the source lists, the citation-need model, the lazily
compiled patterns. Every worker, and every worker that replaces a killed one, starts from that state
instead of paying for it on its first page. What start-up built is frozen out of the garbage collector's
reach: it is never garbage, and a worker's collections would walk it all again, page after page.
"""

from __future__ import annotations

import gc

from auditor import compiled

compiled.install()

import auditor.audit  # noqa: E402,F401
import auditor.batch.page  # noqa: E402,F401
import auditor.batch.pool  # noqa: E402,F401
import auditor.reports.record  # noqa: E402,F401

#: The article of the warm-up audit: a heading, cited and uncited prose, a list, a flag, a cite template,
#: a shortened footnote and a references section, so each step of an audit runs once.
WARM_UP = """'''Warm''' is a word.<ref>{{cite web |url=https://www.example.org/a |title=A |website=Example \
|date=1 May 2020}}</ref> It was first written in 1200.{{citation needed|date=May 2020}}

== History ==
The word is old.{{sfn|Smith|2001|p=4}} It has [[sense|senses]]:<ref name="b">[https://example.com/b B]</ref>
* heat
* colour<ref name="b" />

== References ==
{{reflist}}
* {{cite book |last=Smith |title=Words |year=2001 |publisher=Press}}
"""


def warm() -> None:
    """Audit WARM_UP once, as a worker audits a page. It is not guarded: an audit that fails here would fail
    on the workers' pages too, so it is an internal error with its traceback, not a reason to start cold."""
    from auditor.batch.page import page_result
    from auditor.config import Config
    from auditor.model import SourceInfo
    from auditor.pipeline import Settings
    from auditor.sources.pages import PageText

    page = PageText(key="warm-up", title="Warm", text=WARM_UP, source=SourceInfo("dump", "warm-up", wiki="enwiki"))
    page_result(page, "warm-up", Settings(Config(), "2024-06-01", "2024-06-01T00:00:00+00:00", "warm-up"))


warm()
gc.freeze()
