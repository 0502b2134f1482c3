"""Extract distantly supervised rows for the citation-need model from real articles (Redi et al. 2019's way).

    python scripts/extract_need_rows.py SOURCES.tsv > fixtures/citation-need/extra_rows.tsv

SOURCES.tsv names one article a line: its file, its title, its format (wikitext, html or text) and where
it came from. Each article is parsed by auditor itself (auditor.parse.parse_article), so the rows are the
claims the auditor sees at run time, with their section. A prose claim that a citation closes is a row of
label 1 (``cited``); one whose citation sits inside it gives its text up to that citation (``partial``, a
span cut at the reference, like the statements' cited rows); a claim with no citation of its own and none
later in its paragraph is a row of label 0: the last claim of a paragraph without any citation (``last``),
an earlier one of such a paragraph (``earlier``), or one after the last citation of a paragraph
(``tail``). Claims that lean on a later citation (coverage ``paragraph``) and claims tagged with a flag
are left out: what an editor wanted there is not known. The trainer chooses which kinds to use, and their
weight, by cross-validation on the statements.

Articles whose text is not English, and articles that cite too little to count as sourced (fewer than
MIN_REFERENCES references or under MIN_CITED of their prose claims covered), give no rows. Neither does an
article whose title is the title of any of the Citation Needed statements (either half), so nothing of the
held-out articles comes in and cross-validation grouped by title stays grouped; nor a second copy of an
article already read (the first source listed wins).
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.model import FULL, NONE, PARAGRAPH, PARTIAL, PROSE, SourceInfo  # noqa: E402
from auditor.parse import parse_article  # noqa: E402

MIN_REFERENCES = 5
MIN_CITED = 0.4
_ENGLISH = frozenset("the of and in to a is was for that with by as on his her it from at which were are".split())
COLUMNS = ("title", "source", "section", "kind", "label", "text")
STATEMENTS = ROOT / "fixtures" / "citation-need" / "english_short.tsv"


def title_key(title: str) -> str:
    """A title as compared across sources: case, spaces, underscores and punctuation folded."""
    return re.sub(r"[\W_]+", "", title.casefold())


def english(text: str) -> bool:
    """Whether a text reads as English: a fifth of its words or more are common English words."""
    words = re.findall(r"[a-z]+", text.lower())
    return bool(words) and sum(w in _ENGLISH for w in words) / len(words) >= 0.2


def article_rows(claims, title: str, source: str) -> list[dict]:
    """The rows of one article's prose claims (see the module docstring)."""
    paragraphs: dict[tuple[str, int], list] = defaultdict(list)
    for claim in claims:
        if claim.kind == PROSE:
            paragraphs[claim.section, claim.paragraph].append(claim)
    rows = []
    for (section, _), members in paragraphs.items():
        uncited = all(c.coverage == NONE for c in members)
        for index, claim in enumerate(members):
            if claim.flags or claim.coverage == PARAGRAPH:
                continue
            if claim.coverage == FULL:
                kind, text = "cited", claim.text
            elif claim.coverage == PARTIAL:
                kind, text = "partial", claim.text[:claim.cited_until]
            else:
                kind = ("last" if index == len(members) - 1 else "earlier") if uncited else "tail"
                text = claim.text
            text = " ".join(text.split())
            if len(text) >= 20:
                rows.append({"title": title, "source": source, "section": section, "kind": kind,
                             "label": int(kind in ("cited", "partial")), "text": text})
    return rows


def sourced(claims, references) -> bool:
    """Whether an article cites enough to stand for a well-sourced one."""
    prose = [c for c in claims if c.kind == PROSE]
    covered = sum(c.coverage != NONE for c in prose)
    return len(references) >= MIN_REFERENCES and bool(prose) and covered / len(prose) >= MIN_CITED


def main() -> None:
    print("\t".join(COLUMNS))
    seen = {title_key(line.split("\t")[3]) for line in STATEMENTS.read_text(encoding="utf-8").splitlines()}
    for line in Path(sys.argv[1]).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        path, title, input_format, source = line.split("\t")
        if title_key(title) in seen:
            print(f"skipped {title} (a statement's article, or read already)", file=sys.stderr)
            continue
        seen.add(title_key(title))
        text = (ROOT / path if not Path(path).is_absolute() else Path(path)).read_text(encoding="utf-8")
        article = parse_article(text, input_format, SourceInfo("file", path), title=title)
        prose_text = " ".join(c.text for c in article.claims if c.kind == PROSE)
        if not english(prose_text) or not sourced(article.claims, article.references):
            print(f"skipped {title}", file=sys.stderr)
            continue
        rows = article_rows(article.claims, title, source)
        print(f"{title}: {len(rows)} rows", file=sys.stderr)
        for row in rows:
            print("\t".join(str(row[c]).replace("\t", " ") for c in COLUMNS))


if __name__ == "__main__":
    main()
