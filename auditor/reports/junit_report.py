"""JUnit XML: a testsuite per article, a testcase per claim, a failure for each weak claim.

CI systems that read test reports (GitLab, Jenkins, Azure) show weak claims as
failed tests. An incomplete audit (a finding the catalogue marks ``incomplete``:
P902-P904) adds a "parse" testcase with an ``<error>``: the test could not run,
rather than failed. A diff becomes one testsuite whose testcases are its changes,
the bad-news ones failing. Each testsuite has the ``time`` its audit took (the
record's ``elapsed``; 0 when it was not timed), and ``<testsuites>`` their sum.
Characters XML 1.0 cannot hold are dropped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from auditor.diff import BAD_NEWS
from auditor.diff import SCHEMA as DIFF_SCHEMA
from auditor.thresholds import is_incomplete_code
from auditor.reports.annotations import snippet

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    """Text XML 1.0 can hold: control characters (other than tab and newlines) dropped."""
    return _NOT_XML.sub("", text)


def _case(suite: ET.Element, classname: str, name: str, failure: tuple[str, str, str] | None,
          element: str = "failure") -> None:
    case = ET.SubElement(suite, "testcase", classname=clean(classname), name=clean(name))
    if failure:
        kind, message, body = failure
        ET.SubElement(case, element, type=kind, message=clean(message)).text = clean(body)


def _suite(root: ET.Element, name: str, record: dict[str, Any]) -> ET.Element:
    return ET.SubElement(root, "testsuite", name=clean(name), time=f"{record.get('elapsed') or 0:.3f}")


def _audit_suite(root: ET.Element, record: dict[str, Any]) -> None:
    article = record["article"]
    suite = _suite(root, article["title"], record)
    ET.SubElement(ET.SubElement(suite, "properties"), "property", name="source",
                  value=clean(article["source"].get("url") or article["source"]["name"]))
    for claim in record["claims"]:
        failure = None
        if claim["weak"]:
            codes = ", ".join(f"{f['code']} {f['name']}" for f in claim["findings"])
            body = "\n".join(f"{f['code']} {f['name']}: {f['message']}" for f in claim["findings"])
            failure = ("weak-claim", f"score {claim['score']}: {codes}",
                       f"line {claim['location']['line']}: {claim['text']}\n{body}")
        _case(suite, f"{article['title']}.{claim['section']}", f"{claim['id']}: {snippet(claim['text'])}",
              failure)
    unread = [f for f in record["findings"] if is_incomplete_code(f["code"])]
    if unread:
        body = "\n".join(f"{f['code']} {f['name']}: {f['message']}" for f in unread)
        _case(suite, article["title"], "parse", ("incomplete-audit", "the article was not fully parsed", body),
              "error")


def _diff_suite(root: ET.Element, record: dict[str, Any]) -> None:
    old, new = record["old"]["article"], record["new"]["article"]
    name = f"diff {new['title']}: {old['source']['name']} -> {new['source']['name']}"
    suite = _suite(root, name, record)
    for change in record["changes"]:
        claim = change["claim"] or change["old_claim"]
        failure = None
        if change["category"] in BAD_NEWS:
            failure = (change["category"], change["message"], f"{claim['section']}: {claim['text']}")
        _case(suite, f"{new['title']}.{change['category']}", f"{claim['id']}: {snippet(claim['text'])}", failure)


def render_many(records: list[dict[str, Any]]) -> str:
    """One <testsuites> document for all records."""
    root = ET.Element("testsuites", name="auditor")
    for record in records:
        (_diff_suite if record["schema"] == DIFF_SCHEMA else _audit_suite)(root, record)
    for suite in root.iter("testsuite"):
        cases = suite.findall("testcase")
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(sum(1 for c in cases if c.find("failure") is not None)))
        suite.set("errors", str(sum(1 for c in cases if c.find("error") is not None)))
    for total in ("tests", "failures", "errors"):
        root.set(total, str(sum(int(s.get(total, "0")) for s in root)))
    root.set("time", f"{sum(float(s.get('time', '0')) for s in root):.3f}")
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def render(record: dict[str, Any]) -> str:
    """A JUnit XML document of one record."""
    return render_many([record])
