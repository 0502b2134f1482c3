"""Articles of other wikis read in their language: local flags, back-matter sections, sentences (issue 17)."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from casefiles import cases
from click.testing import CliRunner
from mediawiki_server import ReplayWiki, revision_entry

from auditor.audit import language_of
from auditor.cli import cli
from auditor.config import Config
from auditor.model import SourceInfo
from auditor.parse import parse_article
from auditor.parse.languages import base_code, language_table, rules_for
from auditor.sources.siteinfo import dump_language, host_language

ROOT = Path(__file__).parent.parent


def _read(case: dict, lang: str):
    text = (ROOT / case["file"]).read_text("utf-8")
    return parse_article(text, "auto", SourceInfo("file", case["file"]), lang=lang)


@pytest.mark.parametrize("case", cases("languages.toml"))
def test_an_article_read_in_its_language(case: dict) -> None:
    article = _read(case, case["lang"])
    assert article.lang == case["lang"]
    flagged = [c for c in article.claims if c.flags]
    assert [f.written for c in flagged for f in c.flags] == case["flags"]
    assert all(f.name == "citation needed" and f.family == "unsourced" for c in flagged for f in c.flags)
    assert [c.text for c in flagged if c.text in case["flag_text"]] == case["flag_text"]
    titles = {s.title for s in article.sections}
    assert set(case["back"]) <= titles
    assert not [c for c in article.claims if c.section in case["back"]]
    assert not [c.text for c in article.claims if c.text.startswith(tuple(case.get("absent", ())) or "\0")]


@pytest.mark.parametrize("case", cases("languages.toml"))
def test_the_same_article_read_as_english_misses_its_flags(case: dict) -> None:
    article = _read(case, "en")
    assert [f.written for c in article.claims for f in c.flags] == case["english_flags"]


@pytest.mark.parametrize(("code", "table"), [("fr", "fr"), ("pt-BR", "pt"), ("zh-hans", "zh"), ("nl", "en"),
                                             ("", "en"), ("simple", "en")])
def test_a_wiki_language_finds_its_rules(code: str, table: str) -> None:
    assert base_code(code) == table


def test_every_language_keeps_english_section_names() -> None:
    assert "references" in rules_for("fr").back and "einzelnachweise" in rules_for("de").back
    assert "einzelnachweise" not in rules_for("fr").back - rules_for("en").back


def _run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), env=env)


def test_lang_on_the_command_line_reads_a_file_in_that_language() -> None:
    result = _run("audit", str(ROOT / "fixtures/rendered/it-Gue.txt"), "--lang", "it", "--format", "json")
    record = json.loads(result.output)
    assert result.exit_code in (0, 1) and record["article"]["lang"] == "it"
    assert [f["written"] for c in record["claims"] for f in c["flag_details"]] == ["[senza fonte]"]


def test_a_bad_lang_is_one_line_and_exit_2() -> None:
    result = _run("audit", str(ROOT / "fixtures/rendered/it-Gue.txt"), "--lang", "Italian")
    assert result.exit_code == 2 and "--lang: expected a language code" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("siteinfo_lang", "expected"), [("fr", "fr"), ("en", "en")])
def test_a_wikis_language_comes_from_its_siteinfo(tmp_path: Path, monkeypatch, siteinfo_lang: str,
                                                   expected: str) -> None:
    monkeypatch.chdir(tmp_path)
    env = {"AUDITOR_CACHE": str(tmp_path / "cache"), "AUDITOR_CONTACT": "ci-tests@example.org", "GITHUB_ACTIONS": ""}
    text = (ROOT / "fixtures/wikitext/fr-Internet-Relay-Chat.wiki").read_text("utf-8")
    with ReplayWiki(lang=siteinfo_lang) as wiki:
        wiki.add_page("Internet Relay Chat", 77, [revision_entry(900, 0, "2020-06-29T00:00:00Z", text)])
        result = _run("audit", "--title", "Internet Relay Chat", "--api", wiki.api_url, "--format", "json", env=env)
    record = json.loads(result.output)
    assert record["article"]["lang"] == expected
    written = [f["written"] for c in record["claims"] for f in c["flag_details"]]
    assert written == (["Référence nécessaire", "référence souhaitée"] if expected == "fr" else [])


@pytest.mark.parametrize(("where", "lang"), [
    ("https://fr.wikipedia.org/w/api.php", "fr"), ("de.m.wikipedia.org", "de"), ("zh-yue.wikipedia.org", "zh-yue"),
    ("https://commons.wikimedia.org/w/api.php", None), ("http://127.0.0.1:8080/w/api.php", None),
    ("simple.wikipedia.org", "en"), ("www.wikipedia.org", None),
])
def test_a_wikimedia_hosts_language(where: str, lang: str | None) -> None:
    assert host_language(where) == lang


@pytest.mark.parametrize(("dbname", "base", "lang"), [
    ("frwiki", "https://fr.wikipedia.org/wiki/Wikip%C3%A9dia:Accueil_principal", "fr"),
    ("dewiki", None, "de"), ("zh_yuewiki", None, "zh-yue"), ("enwiki", "", "en"), ("mywiki", None, "my"),
    (None, None, None), ("wikidatawiki", None, None),
])
def test_a_dumps_language(dbname: str | None, base: str | None, lang: str | None) -> None:
    assert dump_language(dbname, base) == lang


def test_the_lang_given_wins_over_the_sources() -> None:
    source = SourceInfo("wiki", "X", lang="de")
    assert language_of(Config(lang="fr"), source) == "fr"
    assert language_of(Config(), source) == "de"
    assert language_of(Config(), SourceInfo("file", "x")) == "en"


@pytest.mark.parametrize(("changes", "lang"), [
    ({}, "en"),  # the record's in_language
    ({"in_language": None, "is_part_of": {"identifier": "frwiki"}, "url": "https://fr.wikipedia.org/wiki/X"}, "fr"),
    ({"in_language": {"identifier": "de"}}, "de"),
])
def test_an_enterprise_records_language(changes: dict, lang: str) -> None:
    from auditor.sources.enterprise import page_of

    record = json.loads((ROOT / "fixtures/html/enterprise-William_Clark_inventor.json").read_text("utf-8"))
    record.update(changes)
    assert page_of(record, "dump.ndjson").source.lang == lang


@pytest.mark.parametrize("furniture", ["Un article de Wikipédia, l'encyclopédie libre.",
                                       "Aus Wikipedia, der freien Enzyklopädie", "De Wikipedia, la enciclopedia libre",
                                       # eswiki hatnotes, as copies of saved eswiki pages hold them
                                       "Véanse también: Modelo de colores y Espacio de color.",
                                       "Para otros usos de este término, véase $ (desambiguación).",
                                       "[modifica | modifica wikitesto]"])
def test_a_copys_from_wikipedia_line_is_furniture_in_every_language(furniture: str) -> None:
    text = ("Gibbon à mains blanches\n\n" + furniture + "\n\n"
            "Le gibbon est l’anthropoïde le plus primitif et le plus petit. Il vit en Asie.[réf. nécessaire]\n")
    claims = parse_article(text, "text", SourceInfo("file", "x.txt"), lang="fr").claims
    assert [c.text for c in claims] == ["Le gibbon est l’anthropoïde le plus primitif et le plus petit.",
                                        "Il vit en Asie."]


def test_a_dumps_pages_carry_its_language(tmp_path: Path) -> None:
    from auditor.sources.dumps import iter_dump_pages

    text = (ROOT / "fixtures/rendered/fr-Gibbon-a-mains-blanches.txt").read_text("utf-8")
    dump = tmp_path / "frwiki.xml"
    dump.write_text(
        '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10" xml:lang="fr">\n'
        "  <siteinfo>\n    <sitename>Wikipédia</sitename>\n    <dbname>frwiki</dbname>\n"
        "    <base>https://fr.wikipedia.org/wiki/Wikip%C3%A9dia:Accueil_principal</base>\n"
        "    <generator>MediaWiki 1.42</generator>\n    <case>first-letter</case>\n"
        '    <namespaces>\n      <namespace key="0" case="first-letter" />\n    </namespaces>\n  </siteinfo>\n'
        "  <page>\n    <title>Gibbon à mains blanches</title>\n    <ns>0</ns>\n    <id>7</id>\n"
        "    <revision>\n      <id>70</id>\n      <timestamp>2024-01-01T00:00:00Z</timestamp>\n"
        f'      <text xml:space="preserve">{text}</text>\n    </revision>\n  </page>\n</mediawiki>\n', "utf-8")
    (page,) = list(iter_dump_pages(dump))
    assert page.source.lang == "fr"


#: Real lines of a copy of dewiki "Arch Linux" (fixtures/rendered/de-Arch-Linux.txt): a heading that ends with
#: its acronym, the local hatnote under it, a cited paragraph and the notes list, whose entries open with "↑";
#: before the lead, the infobox's cells (a tab before each, one of them long and cited).
_DE_COPY = (
    "Arch Linux\n\n\tAkt. Version\n\tRolling Release (monatlicher Schnappschuss zur Installation[1])\n\n"
    "Arch Linux wurde Anfang 2001 von Judd Vinet eingeführt. Sämtliche distributionsspezifische "
    "Entwicklungen werden unter der GPL veröffentlicht.[1]\n\n"
    "Arch User Repository (AUR)\n\n→ Hauptartikel: Arch User Repository\n\n"
    "Das Arch User Repository bietet der Gemeinde zahlreiche Pakete, die nicht in den offiziellen Paketquellen "
    "enthalten sind. Deren Verwendung wird von Arch Linux aber ausdrücklich nicht offiziell unterstützt.[2]\n\n"
    "Einzelnachweise\n\n"
    "↑ a b David Jenni: Mein Linux: Arch Linux. In: linux-community.de. 31. Mai 2010, abgerufen am 19. Juli 2022 "
    "(deutsch).\n\n"
    "↑ Christoph Langner: Das Arch User Repository von Arch Linux im Blick. In: LinuxUser 07/2019. Abgerufen am "
    "19. Juli 2022 (deutsch).\n"
)


def test_a_german_copy_keeps_its_sections_hatnotes_out_and_its_notes_list() -> None:
    article = parse_article(_DE_COPY, "text", SourceInfo("file", "x.txt"), lang="de")
    assert [(c.section, c.text[:22]) for c in article.claims] == [
        ("(lead)", "Arch Linux wurde Anfan"), ("(lead)", "Sämtliche distribution"),
        ("Arch User Repository (AUR)", "Das Arch User Reposito"),
        ("Arch User Repository (AUR)", "Deren Verwendung wird ")]
    assert [(r.label, r.content[:20]) for r in article.references] == [
        ("1", "David Jenni: Mein Li"), ("2", "Christoph Langner: D")]


def test_a_copys_table_of_contents_names_its_headings() -> None:
    """With the contents in the copy, the caption under "Pacman" is no heading (dewiki Arch Linux's lines)."""
    text = ("Arch Linux\n\nArch Linux wurde Anfang 2001 von Judd Vinet eingeführt.\n\nInhaltsverzeichnis\n\n"
            "1 Paketverwaltung\n\n1.1 Pacman\n\n1.2 Arch Build System (ABS)\n\n2 Einzelnachweise\n\n"
            "Paketverwaltung\n\nArch Linux ist auf den Einsatz von Binärpaketen ausgelegt.\n\n"
            "Pacman\n\nPacman-Versionsübersicht\n\nPacman ist ein speziell für Arch Linux entwickelter Paketmanager, "
            "der aber auch bei anderen Linux-Distributionen zum Einsatz kommt.\n\n"
            "Arch Build System (ABS)\n\nDas Arch Build System ist eine Ports-ähnliche Paketverwaltung.\n")
    article = parse_article(text, "text", SourceInfo("file", "x.txt"), lang="de")
    assert [(c.section, c.text[:20]) for c in article.claims] == [
        ("(lead)", "Arch Linux wurde Anf"), ("Paketverwaltung", "Arch Linux ist auf d"),
        ("Pacman", "Pacman ist ein spezi"), ("Arch Build System (ABS)", "Das Arch Build Syste")]


def test_a_saved_german_page_and_its_copy_give_the_same_claims() -> None:
    """dewiki Arch Linux, saved (HTML) and copied from it: the same claims, sections and citations; the local
    hatnote (div.hauptartikel) is furniture in both. The HTML keeps one caption the copy cannot tell apart."""
    html = parse_article((ROOT / "fixtures/html/de-Arch-Linux.html").read_text("utf-8"), "auto",
                         SourceInfo("file", "de-Arch-Linux.html"), lang="de")
    copy = _read({"file": "fixtures/rendered/de-Arch-Linux.txt"}, "de")
    seen = {c.text: (c.section, [x.label for x in c.citations]) for c in copy.claims}
    assert {c.text: (c.section, [x.label for x in c.citations]) for c in html.claims
            if c.text != "Pacman-Versionsübersicht"} == seen


def test_a_saved_spanish_page_and_its_copy_agree() -> None:
    """eswiki Síntesis aditiva de color: every claim of the copy is one of the saved page's, with its section and
    citations (eswiki prints a zero-width space after each marker); the copy reads the "↑" notes list. The page's
    short list items ("CIE UCS o CIE 1960") are read as items among the "Término: ..." lines around them."""
    html = parse_article((ROOT / "fixtures/html/es-Sintesis-aditiva-de-color.html").read_text("utf-8"), "auto",
                         SourceInfo("file", "es.html"), lang="es")
    copy = _read({"file": "fixtures/rendered/es-Sintesis-aditiva-de-color.txt"}, "es")
    seen = {c.text: (c.section, [x.label for x in c.citations]) for c in html.claims}
    assert {c.text: (c.section, [x.label for x in c.citations]) for c in copy.claims}.items() <= seen.items()
    assert len(copy.claims) == len(html.claims) == 72 and [r.content[:20] for r in copy.references] == [
        "«James Clerk Maxwell", "Robert Hirsch (2004)"]


@pytest.mark.parametrize("name, lang", [("de-Arch-Linux", "de"), ("es-Sintesis-aditiva-de-color", "es")])
def test_a_copys_list_items_are_list_items_as_on_its_saved_page(name: str, lang: str) -> None:
    """A list a copy shows one item a paragraph, without bullets: after a line ending in a colon, items of a few
    sentences ("Einfach halten, dem KISS-Prinzip folgen. Einfachheit wird ... definiert.[6]"), and runs of
    "Term: text" lines ("sRGB: Creado conjuntamente por HP y Microsoft. ..."), are list items as the page has them."""
    html = parse_article((ROOT / f"fixtures/html/{name}.html").read_text("utf-8"), "auto",
                         SourceInfo("file", f"{name}.html"), lang=lang)
    copy = _read({"file": f"fixtures/rendered/{name}.txt"}, lang)
    listed = {c.text for c in html.claims if c.kind == "list"}
    assert listed and [c.text for c in copy.claims if c.text in listed and c.kind != "list"] == []



def _as_written(code: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """last_before_capital and unit_end as they were compiled before they were found from the full stop."""
    own, base = language_table()[code], language_table()["en"]
    units = sorted({*base.get("units", ()), *own.get("units", ())}, key=len, reverse=True)
    last = re.compile(r"\b(?:" + "|".join(own.get("last_before_capital", ()) or ["(?!)"]) + r")\.")
    unit = re.compile(r"\d[\s\u00a0\u202f]?(?:" + "|".join(map(re.escape, units)) + r")\.(?=\s)")
    return last, unit


_STOP_PIECES = ["a. ", "b. The ", "x. A ", "etc. ", "usw. ", "ecc. ", "itd. ", "т. д. ", "т.д. ", "5 km. ", "5km. ",
                "30 °C. ", "2\u00a0m². ", "9%. ", "m. ", ".", " ", "'", "&", "-", "’", "\u201c", "Ab", "J. ", "A", "1"]


@pytest.mark.parametrize("code", sorted(language_table()))
def test_the_full_stop_patterns_end_where_the_patterns_as_written_end(code: str) -> None:
    """Found from each full stop, the abbreviation and unit patterns end where they ended when tried at every
    character: on every fixture text and 3,000 drawn ones (it fails when a unit's lookbehind drops its digit)."""
    rules, (last, unit) = rules_for(code), _as_written(code)
    draw = random.Random(code)
    texts = [p.read_text("utf-8") for p in sorted((ROOT / "fixtures").rglob("*")) if p.suffix in (".wiki", ".txt")]
    texts += ["".join(draw.choice(_STOP_PIECES) for _ in range(draw.randrange(1, 30))) for _ in range(3000)]
    for text in texts:
        assert [m.end() for m in rules.last_before_capital.finditer(text)] == [m.end() for m in last.finditer(text)]
        assert [m.end() for m in rules.unit_end.finditer(text)] == [m.end() for m in unit.finditer(text)]
