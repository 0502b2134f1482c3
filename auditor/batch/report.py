"""The end of a batch run: summary.json, and HTML reports of the worst articles with an index.

Everything here is computed by streaming articles.jsonl, so it is the same
whether the run went straight through or was resumed, and memory stays flat.
"""

from __future__ import annotations

import bisect
import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

from auditor.batch.page import PageResult, Rank, worst_key
from auditor.batch.store import ARTICLES, iter_rows
from auditor.output import safe_filename, write_atomic

RECORDS = "records"


def record_name(key: str, title: str) -> str:
    """A file name for a page's record or report: readable, and unique by the key's hash.

    The hash comes after the title is cut to length, so titles that share their first 120
    characters still get names of their own.
    """
    digest = hashlib.sha1(key.encode()).hexdigest()[:8]
    return f"{safe_filename(title, '')[:100]}-{digest}"


class Worst:
    """The N worst articles seen so far (by score, then weak claims)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: list[tuple[Rank, dict[str, Any]]] = []

    def offer(self, sort_key: Rank, row: dict[str, Any]) -> bool:
        """Keep the row if it is among the worst; say whether it was kept."""
        if self.size <= 0 or (len(self.entries) >= self.size and sort_key >= self.entries[-1][0]):
            return False
        bisect.insort(self.entries, (sort_key, row), key=lambda entry: entry[0])
        del self.entries[self.size:]
        return True

    def cutoff(self) -> Rank | None:
        """The rank a page must beat to get in: the last kept one's once the list is full, else None."""
        if self.size <= 0:
            return worst_key(float("-inf"), 0, "", "")
        return self.entries[-1][0] if len(self.entries) >= self.size else None

    def offer_row(self, row: dict[str, Any]) -> bool:
        """Offer a row of articles.jsonl (articles without claims and failed pages are not ranked)."""
        if row["error"] or not row["claims"]:
            return False
        return self.offer(worst_key(row["score"], row["weak"], row["title"], row["key"]), row)

    def offer_result(self, result: PageResult) -> bool:
        """Offer a fresh result (its record is kept on disk while it is a candidate)."""
        if result.error or not result.claims:
            return False
        return self.offer(result.badness(), {"key": result.key, "title": result.title})

    def rows(self) -> list[dict[str, Any]]:
        """The worst rows, worst first."""
        return [row for _, row in self.entries]


def save_record(folder: Path, result: PageResult) -> None:
    """Keep a candidate's full record until the end of the run."""
    write_atomic(folder / RECORDS / (record_name(result.key, result.title) + ".json"), result.record or "")


def summarise_rows(folder: Path, worst_size: int, top: int = 20) -> dict[str, Any]:
    """Totals, worst articles, most frequent findings and most cited unreliable domains."""
    totals: Counter[str] = Counter()
    codes: Counter[str] = Counter()
    domains: Counter[str] = Counter()
    worst = Worst(worst_size)
    tenths = 0  # scores carry one decimal: summed as whole tenths, the mean is the same in any order of rows
    for row in iter_rows(folder / ARTICLES):
        totals["articles"] += 1
        totals["errors"] += row["error"] is not None
        totals["skipped"] += bool(row.get("skipped"))
        for name in ("claims", "weak", "cited"):
            totals[name] += row[name]
        if row["claims"] and row["error"] is None:
            tenths += round(row["score"] * 10)
            totals["scored"] += 1
        codes.update(row["counts"])
        domains.update(row["unreliable"])
        worst.offer_row(row)
    keys = ("key", "title", "page_id", "revision", "score", "claims", "weak", "cited")
    return {
        "totals": {**{k: totals[k] for k in ("articles", "errors", "skipped", "claims", "weak", "cited")},
                   "mean_score": round(tenths / 10 / totals["scored"], 1) if totals["scored"] else None},
        "worst": [{k: row[k] for k in keys} | {"report": record_name(row["key"], row["title"]) + ".html"}
                  for row in worst.rows()],
        "findings": [{"code": c, "count": n} for c, n in sorted(codes.items(), key=lambda i: (-i[1], i[0]))[:top]],
        "unreliable_domains": [{"domain": d, "citations": n}
                               for d, n in sorted(domains.items(), key=lambda i: (-i[1], i[0]))[:top]],
    }


def index_rows(worst: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The index page's rows for the worst articles, linking to their reports."""
    return [
        {"title": row["title"], "score": row["score"], "claims": row["claims"], "weak": row["weak"],
         "share_cited": row["cited"] / row["claims"] if row["claims"] else 0.0, "href": row["report"]}
        for row in worst
    ]


def finish(folder: Path, worst_size: int) -> dict[str, Any]:
    """Write summary.json and the worst articles' HTML reports; drop records no longer needed."""
    from auditor.reports import render
    from auditor.reports.html_report import render_index

    summary = summarise_rows(folder, worst_size)
    wanted = set()
    for row in summary["worst"]:
        name = record_name(row["key"], row["title"])
        wanted.add(name + ".json")
        record_file = folder / RECORDS / (name + ".json")
        if record_file.exists():
            write_atomic(folder / "html" / row["report"], render("html", json.loads(record_file.read_text())))
    for stale in (folder / RECORDS).glob("*.json") if (folder / RECORDS).is_dir() else ():
        if stale.name not in wanted:
            stale.unlink()
    write_atomic(folder / "html" / "index.html", render_index(index_rows(summary["worst"]), "Worst articles"))
    write_atomic(folder / "summary.json", json.dumps(summary, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    return summary
