"""Batch audits of wiki titles and categories, against the replay wiki on 127.0.0.1 (no internet)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.batch.chunks import Plan
from batch_helpers import run
from mediawiki_server import add_writers, douglas_adams_wiki


@pytest.fixture
def wiki():
    with add_writers(douglas_adams_wiki()) as replay:
        yield replay


def _articles(out: Path) -> dict[str, dict]:
    return {row["title"]: row for row in map(json.loads, (out / "articles.jsonl").read_text("utf-8").splitlines())}


def test_titles_file_is_audited_page_by_page(wiki, tmp_path: Path) -> None:
    titles = tmp_path / "titles.txt"
    titles.write_text("# a WikiProject's list\nDouglas Noel Adams\nOral history\nNo such page\n", "utf-8")
    plan = Plan(api_url=wiki.api_url, contact="ci-tests@example.org")
    run([f"titles:{titles}"], tmp_path / "out", jobs=1, plan=plan)
    rows = _articles(tmp_path / "out")
    assert rows["Douglas Adams"]["revision"] == 841482403 and rows["Douglas Adams"]["claims"] > 200
    assert rows["Oral history"]["claims"] == 1
    errors = [row for row in rows.values() if row["error"]]
    assert len(errors) == 1 and "No such page" in json.dumps(errors[0])


def test_category_with_a_cycle_audits_each_article_once(wiki, tmp_path: Path) -> None:
    plan = Plan(api_url=wiki.api_url, contact="ci-tests@example.org", depth=3)
    run(["category:Category:English writers"], tmp_path / "out", jobs=1, plan=plan)
    lines = (tmp_path / "out" / "articles.jsonl").read_text("utf-8").splitlines()
    assert sorted(json.loads(line)["title"] for line in lines) == ["Douglas Adams", "Oral history"]
