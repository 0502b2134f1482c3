"""The time an audit runs at: the wall clock, or a fixed one for reproducible output.

``SOURCE_DATE_EPOCH`` (seconds since 1970, the reproducible-builds convention) fixes it: the record's
``generated`` time and the audit date that stale-flag checks count from both come from it, and audits are
not timed (``elapsed`` is null), so the same input gives byte-identical reports. reports/ is made so.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone

from auditor.errors import UserError

VARIABLE = "SOURCE_DATE_EPOCH"


def fixed() -> bool:
    """Whether the clock is fixed by SOURCE_DATE_EPOCH."""
    return bool(os.environ.get(VARIABLE, "").strip())


def now() -> str:
    """The audit's time, ISO 8601 in UTC to the second."""
    value = os.environ.get(VARIABLE, "").strip()
    if not value:
        return datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    try:
        return datetime.fromtimestamp(int(value), timezone.utc).isoformat()
    except (ValueError, OverflowError, OSError):
        raise UserError(f"{VARIABLE}={value!r} is not a number of seconds since 1970") from None
