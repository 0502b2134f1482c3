"""The HTML report: one self-contained file. The only importer of jinja2."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import jinja2


def safe_url(url: str | None) -> str | None:
    """Only http and https URLs become links; anything else (javascript:, data:) does not."""
    if not url:
        return None
    scheme = urlsplit(url.strip()).scheme.lower()
    return url.strip() if scheme in ("http", "https") else None


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("auditor", "reports/templates"),
        autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
    )
    env.filters["safe_url"] = safe_url
    return env


def render(record: dict[str, Any]) -> str:
    """Render one article's record as a self-contained HTML page."""
    weak = sorted((c for c in record["claims"] if c["weak"]), key=lambda c: (c["score"], c["location"]["line"]))
    return _environment().get_template("report.html.j2").render(record=record, weak=weak)
