"""Golden records: whole articles audited with fixed time and version.

Regenerate with `python scripts/regen_golden.py` and review the diff; never edit by hand.
"""

from __future__ import annotations

from pathlib import Path

from auditor.audit import audit_text
from auditor.config import Config
from auditor.model import SourceInfo
from auditor.reports.json_report import render
from auditor.reports.record import build_record

ROOT = Path(__file__).parent.parent
GOLDEN = ROOT / "fixtures" / "golden"
#: input file (relative to the project) -> golden file name
ARTICLES = {
    "fixtures/balli-kombetar-excerpt.txt": "balli-kombetar-excerpt.json",
    "fixtures/wikitext/Douglas-Adams.wiki": "Douglas-Adams.wiki.json",
    "fixtures/rendered/Douglas-Adams.txt": "Douglas-Adams.txt.json",
    "fixtures/wikitext/fr-Internet-Relay-Chat.wiki": "fr-Internet-Relay-Chat.wiki.json",
    "fixtures/wikitext/de-Postbank-Hochhaus.wiki": "de-Postbank-Hochhaus.wiki.json",
    "fixtures/rendered/es-Musica-electronica-de-baile.txt": "es-Musica-electronica-de-baile.txt.json",
    "fixtures/rendered/it-Gue.txt": "it-Gue.txt.json",
    "fixtures/rendered/fr-Gibbon-a-mains-blanches.txt": "fr-Gibbon-a-mains-blanches.txt.json",
    "fixtures/wikitext/es-Macbeth.wiki": "es-Macbeth.wiki.json",
    "fixtures/wikitext/it-Cesio.wiki": "it-Cesio.wiki.json",
    "fixtures/wikitext/it-Cavareno.wiki": "it-Cavareno.wiki.json",
    "fixtures/rendered/de-Arch-Linux.txt": "de-Arch-Linux.txt.json",
    "fixtures/html/de-Arch-Linux.html": "de-Arch-Linux.html.json",
    "fixtures/html/es-Sintesis-aditiva-de-color.html": "es-Sintesis-aditiva-de-color.html.json",
    "fixtures/rendered/es-Sintesis-aditiva-de-color.txt": "es-Sintesis-aditiva-de-color.txt.json",
}
#: The language each non-English fixture is read in (as --lang gives it).
LANGS = {
    "fixtures/wikitext/fr-Internet-Relay-Chat.wiki": "fr",
    "fixtures/wikitext/de-Postbank-Hochhaus.wiki": "de",
    "fixtures/rendered/es-Musica-electronica-de-baile.txt": "es",
    "fixtures/rendered/it-Gue.txt": "it",
    "fixtures/rendered/fr-Gibbon-a-mains-blanches.txt": "fr",
    "fixtures/wikitext/es-Macbeth.wiki": "es",
    "fixtures/wikitext/it-Cesio.wiki": "it",
    "fixtures/wikitext/it-Cavareno.wiki": "it",
    "fixtures/rendered/de-Arch-Linux.txt": "de",
    "fixtures/html/de-Arch-Linux.html": "de",
    "fixtures/html/es-Sintesis-aditiva-de-color.html": "es",
    "fixtures/rendered/es-Sintesis-aditiva-de-color.txt": "es",
}


def golden_json(path: str) -> str:
    """The JSON report of one fixture, as the golden file holds it."""
    text = (ROOT / path).read_text("utf-8")
    result = audit_text(text, Config(lang=LANGS.get(path)), SourceInfo("file", path), today="2026-11-26")
    return render(build_record(result, "2026-11-26T00:00:00+00:00", "golden"))
