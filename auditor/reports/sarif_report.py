"""SARIF 2.1.0: the check catalogue as rules, each finding (or diff change) as a result.

Read by GitHub code scanning (github/codeql-action/upload-sarif) and other SARIF viewers, which key an alert
by rule, file and ``partialFingerprints.primaryLocationLineHash``. So every result has a region (the claim,
start to end, or the line of an article-level finding), its line hash is computed from the claim's own
text (with a counter for claims of equal text in one file), so an alert survives edits elsewhere, and
results are unique per (rule, file, region): findings of one rule on one claim (two flags, two references)
are merged into one result with their messages joined. Rules carry ``helpUri`` (the Wikipedia policy the
check names) and ``help.markdown`` from the check's docstring. Findings silenced by an ``auditor: ignore``
comment are results with an in-source ``suppressions`` entry holding the reason. Files are named by their
path relative to the working directory; wiki revisions by their permalink. Columns count Unicode code
points, as the parser does. Levels are explained in ``annotations.py``.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from auditor.checks import CHECKS
from auditor.diff import SCHEMA as DIFF_SCHEMA
from auditor.reports.annotations import Annotation, annotations, diff_rules, silenced

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"none": 0, "note": 1, "warning": 2, "error": 3}


def _rules(diff: bool) -> list[dict[str, Any]]:
    if diff:
        return [{"id": rule_id, "name": name, "shortDescription": {"text": text},
                 "fullDescription": {"text": text}, "help": {"text": text, "markdown": text},
                 "defaultConfiguration": {"level": "warning"}} for rule_id, name, text in diff_rules()]
    return [{
        "id": check.code, "name": check.name,
        "shortDescription": {"text": check.summary or check.name},
        "fullDescription": {"text": check.doc or check.name},
        "help": {"text": check.doc or check.name, "markdown": check.help_markdown},
        "helpUri": check.help_uri,
        "defaultConfiguration": {"level": check.level},
        "properties": {"family": check.family, "weight": check.weight, "tags": [check.family]},
    } for check in CHECKS]


def merged(notes: list[Annotation]) -> list[list[Annotation]]:
    """The annotations grouped by (rule, file, region, silenced or not), in the order each group first appears."""
    groups: dict[tuple[Any, ...], list[Annotation]] = {}
    for note in notes:
        groups.setdefault((note.rule, note.uri, note.region, note.suppressed is not None), []).append(note)
    return list(groups.values())


def _result(group: list[Annotation], index: dict[str, int], occurrence: int) -> dict[str, Any]:
    note = group[0]
    line, column, end_line, end_column = note.region
    messages = list(dict.fromkeys(n.message for n in group))
    result: dict[str, Any] = {
        "ruleId": note.rule, "level": max((n.level for n in group), key=_LEVELS.__getitem__),
        "message": {"text": messages[0] if len(messages) == 1 else "; ".join(messages)},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": note.uri},
            "region": {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column},
        }}],
        "partialFingerprints": {"primaryLocationLineHash": f"{note.text_hash}:{occurrence}",
                                "claimHash/v1": note.fingerprint},
    }
    if note.rule in index:
        result["ruleIndex"] = index[note.rule]
    if note.suppressed is not None:
        result["suppressions"] = [{"kind": "inSource", "justification": note.suppressed}]
    return result


def _results(records: list[dict[str, Any]], index: dict[str, int]) -> list[dict[str, Any]]:
    results = []
    seen: Counter[tuple[str, str, str]] = Counter()
    for record in records:
        for group in merged(annotations(record) + silenced(record)):
            note = group[0]
            seen[(note.uri, note.rule, note.text_hash)] += 1
            results.append(_result(group, index, seen[(note.uri, note.rule, note.text_hash)]))
    return results


def render_many(records: list[dict[str, Any]]) -> str:
    """One SARIF log with one run holding the results of every record."""
    diff = bool(records) and records[0]["schema"] == DIFF_SCHEMA
    rules = _rules(diff)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    version = records[0]["tool"]["version"] if records else ""
    log = {
        "$schema": SARIF_SCHEMA, "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "auditor", "version": version, "rules": rules,
                                "informationUri": "https://en.wikipedia.org/wiki/Wikipedia:Verifiability"}},
            "columnKind": "unicodeCodePoints",
            "results": _results(records, index),
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def render(record: dict[str, Any]) -> str:
    """A SARIF log of one record."""
    return render_many([record])
