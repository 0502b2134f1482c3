"""Enterprise HTML dumps (tar.gz of NDJSON) in batch: streamed, namespace 0, disambiguation reported (issue 13)."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

from auditor.sources.enterprise import DISAMBIGUATION, iter_enterprise_pages
from batch_helpers import FIXTURES, run


def _records() -> list[dict]:
    return [json.loads((FIXTURES / "html" / f"enterprise-{name}.json").read_text("utf-8"))
            for name in ("William_Clark_inventor", "Mike_Potts")]


def write_enterprise_dump(path: Path, members: list[list[object]]) -> Path:
    """A dump as Wikimedia publishes it: a tar.gz whose members are NDJSON files (str items are raw lines)."""
    with tarfile.open(path, "w:gz") as archive:
        for number, lines in enumerate(members):
            data = "".join((line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n"
                           for line in lines).encode("utf-8")
            info = tarfile.TarInfo(f"enwiki_namespace_0_{number}.ndjson")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def _talk_page(record: dict) -> dict:
    return {**record, "identifier": 999, "name": "Talk:X", "namespace": {"identifier": 1}}


def test_pages_stream_with_their_ids_and_namespace_0_only(tmp_path: Path) -> None:
    clark, potts = _records()
    dump = write_enterprise_dump(tmp_path / "enwiki-NS0-20220420-ENTERPRISE-HTML.json.tar.gz",
                                 [[clark, _talk_page(clark)], [potts]])
    pages = list(iter_enterprise_pages(dump))
    assert [(p.title, p.page_id, p.source.revision, p.input_format) for p in pages] == [
        ("William Clark (inventor)", 13924699, 1054288291, "html"), ("Mike Potts", 31967453, 1052159182, "html")]
    assert pages[0].source.wiki == "enwiki" and pages[0].key == "enwiki:13924699"
    assert pages[0].source.page_url == "https://en.wikipedia.org/wiki/William_Clark_(inventor)"
    assert [p.skipped for p in pages] == [None, DISAMBIGUATION]


def test_batch_audits_the_html_reports_disambiguation_and_resumes(tmp_path: Path) -> None:
    clark, potts = _records()
    dump = write_enterprise_dump(tmp_path / "enwiki-NS0-20220420-ENTERPRISE-HTML.json.tar.gz",
                                 [[clark, "{not json"], [potts]])
    first = run([str(dump)], tmp_path / "out", jobs=2)
    rows = [json.loads(line) for line in (tmp_path / "out" / "articles.jsonl").read_text("utf-8").splitlines()]
    by_title = {r["title"]: r for r in rows}
    assert by_title["William Clark (inventor)"]["claims"] == 18  # its 18 sentences (tests/corpus/william-clark-parsoid.toml)
    assert (by_title["William Clark (inventor)"]["page_id"], by_title["William Clark (inventor)"]["revision"]) == \
        (13924699, 1054288291)
    assert by_title["Mike Potts"]["skipped"] == DISAMBIGUATION and by_title["Mike Potts"]["claims"] == 0
    assert sum(r["error"] is not None for r in rows) == 1  # the broken line, and the run went on
    assert first["totals"]["skipped"] == 1 and first["totals"]["articles"] == 3
    second = run([str(dump)], tmp_path / "out", jobs=2)
    assert second == first
    assert len((tmp_path / "out" / "articles.jsonl").read_text("utf-8").splitlines()) == 3
