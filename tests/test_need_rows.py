"""The distant rows of the citation-need model: how scripts/extract_need_rows.py labels claims, and that
the shipped rows hold nothing of the statements' articles."""

from __future__ import annotations

import csv
import importlib.util
import re
from pathlib import Path

from auditor.model import SourceInfo
from auditor.parse import parse_article

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "fixtures" / "citation-need"
_spec = importlib.util.spec_from_file_location("extract_need_rows", ROOT / "scripts" / "extract_need_rows.py")
extract_need_rows = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(extract_need_rows)  # type: ignore[union-attr]

ARTICLE = """'''Pear''' is a tree of the rose family. It grows in temperate regions.

==History==
The pear was grown in Roman times.<ref>{{cite book|title=Fruit|year=1990}}</ref> It came to England later.

Monks kept orchards of it. Their [[records]] name {{convert|20|ha}} of trees.

It was a staple in 1800,<ref>{{cite web|title=Staple}}</ref> when prices fell. A later writer praised it.{{cn}}
"""


def _rows(text: str) -> list[tuple[str, str, str, int, str]]:
    article = parse_article(text, "wikitext", SourceInfo("file", "pear.wiki"), title="Pear")
    return [(r["section"], r["kind"], r["title"], r["label"], r["text"])
            for r in extract_need_rows.article_rows(article.claims, "Pear", "a test")]


def test_claims_are_labelled_by_the_citation_that_follows_them() -> None:
    assert _rows(ARTICLE) == [
        ("(lead)", "earlier", "Pear", 0, "Pear is a tree of the rose family."),
        ("(lead)", "last", "Pear", 0, "It grows in temperate regions."),
        ("History", "cited", "Pear", 1, "The pear was grown in Roman times."),
        ("History", "tail", "Pear", 0, "It came to England later."),
        ("History", "earlier", "Pear", 0, "Monks kept orchards of it."),
        ("History", "last", "Pear", 0, "Their records name 20 hectares (49 acres) of trees."),
        ("History", "partial", "Pear", 1, "It was a staple in 1800,"),  # cut at its citation; the flagged claim is left out
    ]


def test_a_claim_leaning_on_a_later_citation_gives_no_row() -> None:
    rows = _rows("==Life==\nHe was born in Leeds in 1901. He studied law in York.<ref>{{cite book|title=Life}}</ref>\n")
    assert [(kind, label) for _, kind, _, label, _ in rows] == [("cited", 1)]


def test_english_is_told_from_other_languages() -> None:
    assert extract_need_rows.english("The pear is a tree of the rose family, and it was grown in Rome.")
    assert not extract_need_rows.english("Die Birne ist ein Baum aus der Familie der Rosengewächse.")


def _key(title: str) -> str:
    return re.sub(r"[\W_]+", "", title.casefold())


def test_the_shipped_rows_hold_no_article_of_the_statements() -> None:
    """Nothing of the held-out half's articles (nor of the training half's, whose folds group by title)."""
    statements = {_key(line.split("\t")[3])
                  for line in (DATA / "english_short.tsv").read_text(encoding="utf-8").splitlines()}
    with (DATA / "distant_rows.tsv").open(encoding="utf-8", newline="") as lines:
        rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert len(rows) > 10_000 and {r["label"] for r in rows} == {"0", "1"}
    assert statements.isdisjoint({_key(r["title"]) for r in rows})
    assert all(r["source"] for r in rows)
