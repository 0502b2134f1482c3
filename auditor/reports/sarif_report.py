"""SARIF 2.1.0: the check catalogue as rules, each finding (or diff change) as a result.

Read by GitHub code scanning (github/codeql-action/upload-sarif) and other
SARIF viewers. Files are named by their path relative to the working
directory; wiki revisions by their permalink. Columns count Unicode code
points, as the parser does. Levels are explained in ``annotations.py``.
"""

from __future__ import annotations

import json
from typing import Any

from auditor.checks import CHECKS
from auditor.diff import SCHEMA as DIFF_SCHEMA
from auditor.reports.annotations import Annotation, annotations, diff_rules

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _rules(diff: bool) -> list[dict[str, Any]]:
    if diff:
        return [{"id": rule_id, "name": name, "shortDescription": {"text": text},
                 "fullDescription": {"text": text}, "help": {"text": text},
                 "defaultConfiguration": {"level": "warning"}} for rule_id, name, text in diff_rules()]
    return [{
        "id": check.code, "name": check.name,
        "shortDescription": {"text": check.summary or check.name},
        "fullDescription": {"text": check.doc or check.name},
        "help": {"text": check.doc or check.name},
        "defaultConfiguration": {"level": "note" if check.code.startswith("P") else "warning"},
        "properties": {"family": check.family, "weight": check.weight, "tags": [check.family]},
    } for check in CHECKS]


def _result(note: Annotation, index: dict[str, int]) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": note.uri}}
    if note.line:
        physical["region"] = {"startLine": note.line, "startColumn": max(1, note.column or 1)}
    result = {
        "ruleId": note.rule, "level": note.level, "message": {"text": note.message},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {"claimHash/v1": note.fingerprint},
    }
    if note.rule in index:
        result["ruleIndex"] = index[note.rule]
    return result


def render_many(records: list[dict[str, Any]]) -> str:
    """One SARIF log with one run holding the results of every record."""
    diff = bool(records) and records[0]["schema"] == DIFF_SCHEMA
    rules = _rules(diff)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    version = records[0]["tool"]["version"] if records else ""
    results = [_result(note, index) for record in records for note in annotations(record)]
    log = {
        "$schema": SARIF_SCHEMA, "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "auditor", "version": version, "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def render(record: dict[str, Any]) -> str:
    """A SARIF log of one record."""
    return render_many([record])
