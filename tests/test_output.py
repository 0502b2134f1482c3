"""Safe output: file names from titles stay in their folder; JSON stays valid; writes are atomic."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.audit import audit_text
from auditor.config import Config
from auditor.errors import UserError
from auditor.model import SourceInfo
from auditor.output import safe_filename, write_atomic
from auditor.reports import json_report, render
from auditor.reports.record import build_record

ROOT = Path(__file__).parent.parent
NAMES = tomllib.loads((ROOT / "tests" / "cases" / "safe_filename.toml").read_text(encoding="utf-8"))["case"]


@pytest.mark.parametrize("case", NAMES, ids=[c["name"] for c in NAMES])
def test_safe_filename(case: dict) -> None:
    assert safe_filename(case["title"], ".html") == case["name"]


@settings(max_examples=200, deadline=None)
@given(title=st.one_of(st.text(max_size=400), st.text(alphabet="./\\:_ CONUL\u202e\u200b日", max_size=300)))
def test_any_title_gives_a_name_inside_the_folder(title: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Whatever the title: one path component, not hidden, short enough to create, and writable."""
    folder = tmp_path_factory.mktemp("out")
    name = safe_filename(title, ".html")
    assert "/" not in name and "\\" not in name and "\x00" not in name and not name.startswith(".")
    assert len(name.encode("utf-8")) <= 230
    write_atomic(folder / name, "x")
    assert [p.name for p in folder.iterdir()] == [name]


def test_json_report_of_a_hostile_article_is_valid_and_exact() -> None:
    """Quotes, </script>, control and separator characters survive JSON as the same strings."""
    hostile = "\"</script><script>alert(1)</script>\\ \u2028\u2029 \x07\x1b \u202e text"
    shown = "\"&lt;/script&gt;\\ \x07\x1b \u202e text"  # in a claim: wikitext has no raw <script>
    text = f"{shown} is a claim with a \"quote\".{{{{cn|reason={hostile}}}}}\n"
    result = audit_text(text, Config(), SourceInfo("file", "h.wiki"), "wikitext", title=hostile)
    out = render("json", build_record(result, "2024-01-01T00:00:00+00:00", "0"))
    record = json.loads(out)
    assert record["article"]["title"] == hostile
    assert "\"</script>\\ \x07\x1b \u202e text" in record["claims"][0]["text"]
    assert not any(ord(ch) < 0x20 and ch != "\n" for ch in out), "a raw control character in the JSON"


def test_the_record_lists_its_items_keys_in_the_order_the_json_writes_them() -> None:
    """Claims, references, findings, citations, flags and locations are built with sorted keys, so the JSON
    writer's sort of each is one pass (record.py); a key added out of order fails here."""
    text = ("Adams was born in 1952.<ref>{{cite book |title=H |isbn=1-932112-17-0}}</ref>{{page needed}} "
            "He sold 15 million books.{{cn|date=May 2015}}\n\n<references/>\n")
    record = build_record(audit_text(text, Config(), SourceInfo("file", "a.wiki"), "wikitext"), "", "0")
    items = [*record["claims"], *record["references"], *record["findings"]]
    items += [d for claim in record["claims"] for key in ("citation_details", "flag_details", "findings")
              for d in claim[key]]
    items += [d["location"] for d in items if d.get("location")]
    assert len(items) > 8
    for item in items:
        assert list(item) == sorted(item), list(item)


@pytest.mark.parametrize("target", ["/proc/auditor/report.json", "{file}/report.json", "{readonly}/report.json"])
def test_unwritable_output_is_one_user_error_and_leaves_nothing(target: str, tmp_path: Path) -> None:
    """A path through a file, a read-only folder, /proc: UserError, no file and no temporary left."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    readonly = tmp_path / "ro"
    readonly.mkdir()
    readonly.chmod(0o500)
    path = Path(target.format(file=blocker, readonly=readonly))
    if os.geteuid() == 0 and "readonly" in target:
        pytest.skip("root writes to read-only folders")
    with pytest.raises(UserError, match="cannot write"):
        write_atomic(path, "report")
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["file", "ro"]


def test_failed_write_removes_its_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A full disk (ENOSPC at the rename) leaves the old report untouched and no temporary file."""
    report = tmp_path / "report.json"
    report.write_text("old")

    def full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(UserError, match="No space left on device"):
        write_atomic(report, "new")
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"] and report.read_text() == "old"


GOLDEN_RECORDS = sorted((ROOT / "fixtures" / "golden").glob("*.json"))


@pytest.mark.parametrize("path", GOLDEN_RECORDS, ids=lambda p: p.name)
def test_orjson_writes_each_golden_item_as_the_json_module_does(path: Path) -> None:
    """The JSON report writes a large record with orjson and a small one with the json module: the same bytes
    for every value of every golden record (its floats as Python's repr prints them, its strings escaped alike)."""
    record = json.loads(path.read_text("utf-8"))
    values = [item for value in record.values() for item in (value if isinstance(value, list) else [value])]
    for value in values:
        assert json_report._orjson()(value) == json_report._JSON.encode(value)


@settings(max_examples=500, deadline=None)
@given(number=st.floats(min_value=-1e15, max_value=1e15), places=st.integers(min_value=0, max_value=4),
       text=st.text())
def test_orjson_writes_a_record_s_numbers_and_strings_as_python_does(number: float, places: int,
                                                                      text: str) -> None:
    """Scores, shares, needs and seconds are rounded to at most four places; text is any string."""
    value = {"x": round(number, places), "t": text, "n": [1, None, True, -0.0]}
    assert json_report._orjson()(value) == json_report._JSON.encode(value)


def test_what_orjson_refuses_the_json_module_writes() -> None:
    """A lone surrogate (a file name's undecodable byte, as Python keeps it) and a big integer."""
    value = {"name": "f\udcffx.wiki", "size": 2**70}
    assert json_report._orjson()(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def test_a_small_record_is_written_without_importing_orjson() -> None:
    """Importing orjson costs more than the json module spends writing a short article's record."""
    import subprocess
    import sys

    code = ("import sys; from auditor.reports import json_report; "
            "json_report.render({'claims': [{'id': 'c1'}] * 49, 'schema': 'x'}); print('orjson' in sys.modules); "
            "json_report.render({'claims': [{'id': 'c1'}] * 50, 'schema': 'x'}); print('orjson' in sys.modules)")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert found.stdout.split() == ["False", "True"]
