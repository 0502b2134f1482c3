"""What the worker processes' forkserver imports once, before it forks any worker.

The forkserver takes module names to import, so this module is that step: the start-up cache
(auditor/compiled.py) first, so the audit's dataclasses and patterns come from it as in `auditor audit`,
then the modules every worker needs. What start-up built is frozen out of the garbage collector's
reach: it is never garbage, and a worker's collections would walk it all again, page after page.
"""

from __future__ import annotations

import gc

from auditor import compiled

compiled.install()

import auditor.audit  # noqa: E402,F401
import auditor.batch.page  # noqa: E402,F401
import auditor.reports.record  # noqa: E402,F401

gc.freeze()
