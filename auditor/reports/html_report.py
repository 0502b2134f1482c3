"""The HTML report: one self-contained file per article, and an index page. The only importer of jinja2.

Autoescape is on for every template: article text, titles, URLs and template
parameters may hold anything a vandal typed. Only http and https URLs become
links. The page's own script is inlined and allowed by its hash in a strict
Content-Security-Policy, so no other script can run and nothing is fetched.
"""

from __future__ import annotations

import base64
import hashlib
import os
import sys
from functools import lru_cache
from importlib import resources
from typing import Any

import jinja2

from auditor.compiled import CACHE_DIRECTORY
from auditor.reports import html_view as view
from auditor.reports.html_view import safe_url

__all__ = ["render", "render_index", "safe_url"]


#: Where compiled templates are kept: beside the package's .pyc files, with the start-up cache.
TEMPLATE_CACHE = CACHE_DIRECTORY


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Templates compiled once and kept, as .pyc files are: compiling the report's templates is about 40 ms
    a process (measured), more than rendering a report of a mid-sized article. jinja2 checks each kept template
    against its source and Python's version, and compiles again when either differs. Written only when bytecode
    may be (not under PYTHONDONTWRITEBYTECODE), and never an error when it cannot be."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if sys.dont_write_bytecode:
            return
        try:
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("auditor", "reports/templates"),
        autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
        bytecode_cache=_TemplateCache(TEMPLATE_CACHE, "jinja2-%s.cache"),
    )
    env.filters["safe_url"] = safe_url
    env.filters["safe_href"] = view.safe_href
    env.filters["band"] = view.score_band
    env.globals["assets"] = _assets()
    return env


def _assets() -> dict[str, str]:
    """The inline stylesheet and script, and the CSP that allows exactly that script."""
    folder = resources.files("auditor.reports") / "templates"
    script = (folder / "report.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = ("default-src 'none'; style-src 'unsafe-inline'; "
           f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'")
    return {"css": (folder / "report.css").read_text(encoding="utf-8"), "script": script, "csp": csp}


def render(record: dict[str, Any]) -> str:
    """Render one article's record as a self-contained HTML page."""
    numbers = view.section_numbers(record["sections"])
    codes = sorted(record["summary"]["counts"])
    context = {
        "record": record,
        "catalogue": view.catalogue(),
        "weak": view.weak_claims(record["claims"]),
        "groups": view.claims_by_section(record),
        "numbers": numbers,
        "edit": view.edit_links(record),
        "source_link": view.source_link(record["article"]["source"]),
        "refs": view.reference_index(record["references"]),
        "problems": view.reference_problems(record),
        "score_bars": view.score_histogram(record["claims"]),
        "family_bars": view.family_chart(record["summary"]["counts"]),
        "codes": codes,
        "families": sorted({view.family_of(code) for code in codes}),
        "filters": lambda claim: view.claim_filters(claim, numbers),
        "ref_link": view.reference_link,
        "ref_domain": view.reference_domain,
        "ref_title": view.reference_title,
        "ref_details": view.reference_details,
        "pieces": view.claim_pieces,
        "fix_pieces": view.fix_pieces,
        "marker_words": view.marker_words,
        "legend": view.legend(record),
        "family_of": view.family_of,
    }
    return _environment().get_template("report.html.j2").render(**context)


def render_index(rows: list[dict[str, Any]], title: str = "Citation audits") -> str:
    """Render the index of many audited articles: one sortable row per article.

    A row is {title, score, claims, weak, share_cited, href, error?}; a row with
    an error shows it instead of figures. ``href`` may be relative.
    """
    return _environment().get_template("index.html.j2").render(rows=rows, title=title)
