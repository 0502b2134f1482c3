"""Rebuild the per-wiki flag tables of auditor/data/flags.json from the wikis' APIs and Wikidata.

For each canonical flag, the English template's Wikidata item (enwiki ``prop=pageprops``,
``wikibase_item``) gives, through the item's sitelinks (``wbgetentities``), the template that stands for it
on each wiki; that wiki's API gives the template's redirects (``list=backlinks&blfilterredir=redirects``).
What the APIs cannot tell is kept from the current file: rendered forms, the parameters that hold article
text, and local templates no Wikidata item links (found by hand; see FLAGS.md). Prints the counts per wiki.

    python scripts/build_flag_tables.py --contact you@example.org            # writes auditor/data/flags.json
    python scripts/build_flag_tables.py --out /tmp/flags.json --api-pattern 'http://127.0.0.1:8080/{site}/api.php'

Uses only the standard library. Wikimedia asks for a User-Agent with a contact; one request at a time.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "auditor" / "data" / "flags.json"
WIKIS = ("fr", "de", "es", "it", "pt", "ru", "ja", "zh", "pl")
WIKIMEDIA = "https://{host}/w/api.php"
HOSTS = {"enwiki": "en.wikipedia.org", "wikidatawiki": "www.wikidata.org"}
BATCH = 50  # titles or ids per request (the API's limit for ordinary clients)


class Api:
    """GET requests to the API of each site (``enwiki``, ``frwiki``, ``wikidatawiki``), JSON answers."""

    def __init__(self, pattern: str | None, contact: str, timeout: float = 30.0) -> None:
        self.pattern = pattern
        self.agent = f"auditor-build-flag-tables/1 ({contact})"
        self.timeout = timeout

    def url(self, site: str) -> str:
        if self.pattern:
            return self.pattern.format(site=site)
        return WIKIMEDIA.format(host=HOSTS.get(site, f"{site.removesuffix('wiki')}.wikipedia.org"))

    def get(self, site: str, params: dict[str, str]) -> dict[str, Any]:
        query = urllib.parse.urlencode({**params, "format": "json", "formatversion": "2"})
        request = urllib.request.Request(f"{self.url(site)}?{query}", headers={"User-Agent": self.agent})
        with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310 (http(s) only)
            data = json.loads(answer.read().decode("utf-8"))
        if "error" in data:
            raise RuntimeError(f"{site}: {data['error'].get('code')}: {data['error'].get('info')}")
        return data


def english_title(name: str) -> str:
    """The English template of a canonical flag: "citation needed" -> "Template:Citation needed"."""
    return "Template:" + name[:1].upper() + name[1:]


def items_of(api: Api, titles: list[str]) -> dict[str, str]:
    """English template title -> its Wikidata item, for the templates that have one."""
    found: dict[str, str] = {}
    for start in range(0, len(titles), BATCH):
        data = api.get("enwiki", {"action": "query", "prop": "pageprops", "ppprop": "wikibase_item",
                                  "redirects": "1", "titles": "|".join(titles[start:start + BATCH])})
        query = data.get("query", {})
        back = {r["to"]: r["from"] for r in query.get("redirects", ())}
        back.update({n["to"]: back.get(n["from"], n["from"]) for n in query.get("normalized", ())})
        for page in query.get("pages", ()):
            item = page.get("pageprops", {}).get("wikibase_item")
            if item:
                found[back.get(page["title"], page["title"])] = item
    return found


def sitelinks_of(api: Api, items: list[str], wikis: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """Wikidata item -> {wiki code: the local template's title} for the chosen wikis."""
    links: dict[str, dict[str, str]] = {}
    sites = "|".join(f"{wiki}wiki" for wiki in wikis)
    for start in range(0, len(items), BATCH):
        data = api.get("wikidatawiki", {"action": "wbgetentities", "props": "sitelinks", "sitefilter": sites,
                                        "ids": "|".join(items[start:start + BATCH])})
        for item, entity in data.get("entities", {}).items():
            links[item] = {site.removesuffix("wiki"): link["title"]
                           for site, link in entity.get("sitelinks", {}).items()}
    return links


def redirects_of(api: Api, wiki: str, title: str) -> list[str]:
    """The titles of the redirects to a template on its wiki (following ``continue``)."""
    params = {"action": "query", "list": "backlinks", "bltitle": title, "blfilterredir": "redirects",
              "blnamespace": "10", "bllimit": "max"}
    found: list[str] = []
    while True:
        data = api.get(f"{wiki}wiki", params)
        found.extend(link["title"] for link in data.get("query", {}).get("backlinks", ()))
        if "continue" not in data:
            return found
        params = {**params, **{k: str(v) for k, v in data["continue"].items()}}


def local_name(title: str) -> str:
    """A template's name without its namespace: "Modèle:Référence nécessaire" -> "Référence nécessaire"."""
    return title.split(":", 1)[1] if ":" in title else title


def build(api: Api, data: dict[str, Any], wikis: tuple[str, ...] = WIKIS) -> dict[str, list[dict[str, Any]]]:
    """The new ``wikis`` tables: the APIs' templates and redirects, merged with what the file already holds."""
    names = [flag["name"] for flag in data["flags"]]
    items = items_of(api, [english_title(name) for name in names])
    flag_of_item = {items[english_title(name)]: name for name in names if english_title(name) in items}
    links = sitelinks_of(api, sorted(flag_of_item), wikis)
    tables: dict[str, list[dict[str, Any]]] = {}
    for wiki in wikis:
        kept = {entry["template"]: entry for entry in data.get("wikis", {}).get(wiki, ())}
        for item, flag in sorted(flag_of_item.items(), key=lambda pair: names.index(pair[1])):
            title = links.get(item, {}).get(wiki)
            if title is None:
                continue
            template = local_name(title)
            old = kept.pop(template, None) or {"template": template, "flag": flag, "aliases": [], "rendered": []}
            redirects = [local_name(t) for t in redirects_of(api, wiki, title)]
            aliases = list(dict.fromkeys([*old["aliases"], *sorted(r for r in redirects if r not in old["aliases"])]))
            tables.setdefault(wiki, []).append({**old, "flag": old.get("flag", flag), "aliases": aliases})
        tables.setdefault(wiki, []).extend(kept.values())  # found by hand, no Wikidata item links them
    return tables


def counts(tables: dict[str, list[dict[str, Any]]]) -> list[str]:
    """One line per wiki: templates, names with their redirects, rendered forms."""
    return [f"{wiki}: {len(entries)} templates, {sum(1 + len(e['aliases']) for e in entries)} names, "
            f"{sum(len(e['rendered']) for e in entries)} rendered forms" for wiki, entries in tables.items()]


def dump(data: dict[str, Any]) -> str:
    """The file as it is kept: one flag or one local template a line (diffs stay readable)."""
    lines = ["{", f'  "about": {json.dumps(data["about"], ensure_ascii=False)},', '  "flags": [',
             ",\n".join("    " + json.dumps(flag, ensure_ascii=False) for flag in data["flags"]), "  ],",
             '  "wikis": {']
    wikis = []
    for wiki, entries in data["wikis"].items():
        body = ",\n".join("      " + json.dumps(entry, ensure_ascii=False) for entry in entries)
        wikis.append(f'    "{wiki}": [\n{body}\n    ]' if entries else f'    "{wiki}": []')
    return "\n".join([*lines, ",\n".join(wikis), "  }", "}"]) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contact", required=True, help="your e-mail or URL, for the User-Agent")
    parser.add_argument("--api-pattern", help="API URL with {site} (enwiki, frwiki, wikidatawiki): another server")
    parser.add_argument("--data", type=Path, default=DATA, help="the flag table to start from")
    parser.add_argument("--out", type=Path, default=DATA, help="where to write the rebuilt table")
    parser.add_argument("--wikis", default=",".join(WIKIS), help="comma-separated wiki codes")
    options = parser.parse_args(argv)
    data = json.loads(options.data.read_text("utf-8"))
    wikis = tuple(code.strip() for code in options.wikis.split(",") if code.strip())
    try:
        tables = build(Api(options.api_pattern, options.contact), data, wikis)
    except (OSError, RuntimeError, ValueError) as error:
        print(f"build_flag_tables: {error}", file=sys.stderr)
        return 3
    options.out.write_text(dump({**data, "wikis": {**data.get("wikis", {}), **tables}}), "utf-8")
    print("\n".join(counts(tables)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
