"""HTML against wikitext for the same revision: claims matched, citations and flags equal, references with a domain.

Prints one line per page (the pairs of tests/test_html.py); asserts nothing.

    python benchmarks/html_consistency.py
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from auditor.audit import audit_text
from auditor.config import Config
from auditor.model import SourceInfo
from auditor.reports.record import build_record

FIXTURES = Path(__file__).parent.parent / "fixtures"


def _pairs() -> list[tuple[str, str, str]]:
    pairs = [(name, (FIXTURES / "html" / f"{name}.html").read_text("utf-8"),
              (FIXTURES / "wikitext" / f"{name}.wiki").read_text("utf-8")) for name in ("Douglas-Adams", "Blue-Train-album")]
    for name in ("William_Clark_inventor", "Mike_Potts"):
        body = json.loads((FIXTURES / "html" / f"enterprise-{name}.json").read_text("utf-8"))["article_body"]
        pairs.append((f"enterprise {name}", body["html"], body["wikitext"]))
    return pairs


def _record(text: str, fmt: str) -> dict:
    result = audit_text(text, Config(), SourceInfo("file", "x"), fmt, None, today="2026-01-01")
    return build_record(result, "2026-01-01T00:00:00+00:00", "bench")


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text.lower())[:60]


def main() -> None:
    for name, html, wikitext in _pairs():
        h, w = _record(html, "html"), _record(wikitext, "wikitext")
        wiki = {_key(c["text"]): c for c in w["claims"]}
        matched = [c for c in h["claims"] if _key(c["text"]) in wiki]
        same = [c for c in matched
                if (c["citations"], c["flags"]) == (wiki[_key(c["text"])]["citations"], wiki[_key(c["text"])]["flags"])]
        domains = (sum(bool(r.get("domain")) for r in h["references"]), sum(bool(r.get("domain")) for r in w["references"]))
        print(f"{name}: HTML claims {len(h['claims'])}, wikitext claims {len(w['claims'])}; matched {len(matched)} "
              f"({len(matched) / max(1, len(h['claims'])):.1%}); citations and flags equal {len(same)}/{len(matched)}; "
              f"references {len(h['references'])} vs {len(w['references'])}, with a domain {domains[0]} vs {domains[1]}")


if __name__ == "__main__":
    main()
