"""Build auditor/data/reliability.json from the public source-reliability lists.

Usage: python scripts/build_reliability.py FOLDER [--out auditor/data/reliability.json]

FOLDER holds the raw lists (they stay out of the project): perennial-sources.csv (WP:RSP, 2021-03-17),
cite-unseen_categorizedDomains_2025-06-13.json, wikipedia_unreliable_sources.json and, optionally,
wikipedia-reliable-sources.goggle. Precedence for a domain's tier, lowest first (a later layer overwrites an
earlier one): goggle (fills gaps only) < RSP 2021 < STORM list < cite-unseen 2025: newer and finer wins.
See auditor/data/RELIABILITY.md for the tiers, the source types and the decisions taken here.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

TIER_ORDER = ("blacklisted", "deprecated", "generally-unreliable", "no-consensus", "generally-reliable")
RSP_WORDS = {
    "generally reliable": "generally-reliable",
    "no consensus": "no-consensus",
    "generally unreliable": "generally-unreliable",
    "deprecated": "deprecated",
    "blacklisted": "blacklisted",
}
CITE_UNSEEN_TIERS = {
    "rspBlacklisted": "blacklisted",
    "rspDeprecated": "deprecated",
    "rspGenerallyUnreliable": "generally-unreliable",
    "rspMarginallyReliable": "no-consensus",
    "rspGenerallyReliable": "generally-reliable",
}
# cite-unseen category -> source type; tvPrograms has no counterpart and is left out.
CATEGORY_TYPES = {
    "blogs": "self-published",
    "editable": "user-generated",
    "social": "user-generated",
    "community": "user-generated",
    "press": "press-release",
    "predatory": "predatory",
    "tabloids": "tabloid",
    "sponsored": "sponsored",
    "government": "government",
    "advocacy": "advocacy",
    "news": "news",
    "books": "books",
    "opinions": "opinion",
    "satire": "satire",
}
# Labels that mark a kind of publisher wherever a registry puts them: as the top-level domain (when "tld") or
# as the second-level label under a two-letter country code (gov.uk, gouv.fr, go.jp, ac.uk, edu.au).
SUFFIX_LABELS = {
    "gov": (["government"], True), "mil": (["government"], True), "edu": (["academic"], True),
    "gob": (["government"], False), "gouv": (["government"], False), "govt": (["government"], False),
    "gub": (["government"], False), "go": (["government"], False), "gc": (["government"], False),
    "gv": (["government"], False), "ac": (["academic"], False),
}
# Hand-added by this project: types the lists above miss or get only for one path.
HAND_TYPES = {
    "self-published": "blogspot.com wordpress.com medium.com substack.com blogger.com livejournal.com typepad.com "
    "wixsite.com weebly.com github.io sites.google.com lulu.com",
    "user-generated": "imdb.com fandom.com wikia.com reddit.com twitter.com x.com facebook.com youtube.com "
    "youtu.be instagram.com tiktok.com quora.com stackexchange.com stackoverflow.com goodreads.com "
    "findagrave.com answers.com flickr.com tvtropes.org knowyourmeme.com linkedin.com pinterest.com "
    "threads.net bsky.app t.me vk.com discogs.com wikidata.org",
    "wikipedia": "wikipedia.org wikiwand.com wikizero.com wiki2.org wikimili.com infogalactic.com everipedia.org "
    "dbpedia.org en-academic.com enacademic.com wikivisually.com howlingpixel.com alchetron.com kiddle.co "
    "unionpedia.org justapedia.org encyclopedia.thefreedictionary.com",
    "press-release": "businesswire.com prnewswire.com prnewswire.co.uk globenewswire.com prweb.com einpresswire.com "
    "accesswire.com newswire.ca marketwired.com newswire.com",
    "academic": "doi.org jstor.org ncbi.nlm.nih.gov europepmc.org springer.com sciencedirect.com wiley.com "
    "tandfonline.com nature.com science.org sciencemag.org cambridge.org oup.com jamanetwork.com thelancet.com "
    "nejm.org bmj.com plos.org pnas.org muse.jhu.edu semanticscholar.org arxiv.org biorxiv.org medrxiv.org "
    "ieee.org acm.org sagepub.com degruyter.com brill.com annualreviews.org cell.com mdpi.com frontiersin.org "
    "journals.uchicago.edu",
}
# A goggle tier is not applied to these kinds: the goggle boosts, say, businesswire.com.
CAUTION_TYPES = {"self-published", "user-generated", "wikipedia", "press-release", "predatory", "tabloid",
                 "sponsored", "satire"}
# Hosts the RSP CSV lists that are catalogues or references about an outlet, not the outlet itself.
CSV_STOP_HOSTS = {"wikipedia.org", "wiktionary.org", "wikisource.org", "youtube.com", "toolforge.org",
                  "nasdaq.com", "nyse.com", "fubo.tv", "hotstar.com", "loc.gov", "psu.edu", "ub.edu",
                  "washington.edu", "github.io", "issn.org", "nih.gov", "jstor.org", "ams.org", "cas.org",
                  "scopus.com", "qc.ca", "google.com"}
PROVENANCE = [
    {"file": "perennial-sources.csv", "what": "WP:RSP perennial sources: name, status, outlet URLs",
     "repository": "https://github.com/Kudusch/wikipedia-perennial-sources", "snapshot": "2021-03-17",
     "licence": "CC BY-SA 3.0 (Wikipedia content)", "origin": "rsp-2021"},
    {"file": "cite-unseen_categorizedDomains_2025-06-13.json",
     "what": "domains by RSP tier (incl. rspMulti) and by category", "repository":
     "https://github.com/KevinPayravi/cite-unseen (main.js)", "snapshot": "2025-06-13",
     "licence": "CC BY-SA 4.0", "origin": "cite-unseen-2025"},
    {"file": "wikipedia_unreliable_sources.json",
     "what": "unreliable, deprecated and blacklisted RSP sources with domain globs",
     "repository": "https://github.com/stanford-oval/storm", "snapshot": "not recorded",
     "licence": "repository MIT; content from WP:RSP, CC BY-SA", "origin": "storm"},
    {"file": "wikipedia-reliable-sources.goggle",
     "what": "whole-site boost/downrank/discard rules from RSP, WikiProject source lists, FA/GA use",
     "repository": "https://github.com/kynoptic/wikipedia-reliable-sources", "snapshot": "not recorded",
     "licence": "repository MIT; content from Wikipedia pages, CC BY-SA", "origin": "goggle"},
    {"file": "scripts/build_reliability.py", "what": "hand-added source types (HAND_TYPES, SUFFIX_LABELS)",
     "repository": "this project", "snapshot": "see git log", "licence": "project licence", "origin": "auditor"},
]


def normalize_key(raw: str) -> str | None:
    """Turn a list entry (URL, glob, host or host/path) into a table key, or None when it is no domain."""
    text = raw.strip().lower()
    text = re.sub(r"^[a-z]+://", "", text).lstrip("/")
    text = text.removeprefix("*.").split("?", 1)[0].split("#", 1)[0].rstrip("/")
    host, _, path = text.partition("/")
    host = host.split(":", 1)[0].rstrip(".")
    while host.startswith(("www.", "m.")) and host.count(".") > 1:
        host = host.split(".", 1)[1]
    if "." not in host or not re.fullmatch(r"[\w.-]+", host):
        return None
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    return f"{host}/{path}" if path else host


def cautious(tiers: set[str]) -> str:
    """The most cautious of several tiers (blacklisted before deprecated before ...)."""
    return min(tiers, key=TIER_ORDER.index)


class Table:
    """Entries under construction: key -> {tier, origin, source, types, tiers}."""

    def __init__(self) -> None:
        self.rows: dict[str, dict] = {}

    def row(self, key: str) -> dict:
        return self.rows.setdefault(key, {"types": set()})

    def set_tier(self, key: str, tier: str, origin: str, tiers: set[str] | None = None) -> None:
        row = self.row(key)
        row.update(tier=tier, origin=origin)
        if origin != "goggle":  # the tiers RSP-derived lists gave, kept to explain a "multi"
            row.setdefault("seen", set()).update(tiers or {tier})
        row["tiers"] = sorted(tiers, key=TIER_ORDER.index) if tiers else None

    def name(self, key: str, source: str) -> None:
        self.row(key).setdefault("source", source)


def read_goggle(folder: Path, table: Table) -> None:
    """Whole-site goggle rules fill tiers nobody else gives (applied first, so anything later overwrites)."""
    path = folder / "wikipedia-reliable-sources.goggle"
    if not path.exists():
        return
    actions = {"$boost=2": "generally-reliable", "$downrank=2": "no-consensus", "$discard": "generally-unreliable"}
    for line in path.read_text(encoding="utf-8").splitlines():
        action, _, site = line.partition(",site=")
        key = normalize_key(site) if action in actions else None
        if key:
            table.set_tier(key, actions[action], "goggle")


def read_rsp_csv(folder: Path, table: Table) -> None:
    """WP:RSP 2021: one row per source; several rows on one domain make it "multi"."""
    by_key: dict[str, list[tuple[str, str]]] = {}
    with open(folder / "perennial-sources.csv", encoding="utf-8", newline="") as handle:
        for rec in csv.DictReader(handle):
            tiers = {RSP_WORDS[s.lower()] for s in json.loads(rec["status"]) if s.lower() in RSP_WORDS}
            if not tiers:
                continue  # "under discussion" rows carry no verdict
            for url in json.loads(rec["urls"]):
                key = csv_host(url)
                if key:
                    by_key.setdefault(key, []).append((cautious(tiers), rec["name"].strip()))
    for key, entries in by_key.items():
        tiers = {tier for tier, _ in entries}
        names = sorted({name for _, name in entries})
        if len(names) > 1 and len(tiers) > 1:
            table.set_tier(key, "multi", "rsp-2021", tiers)
        else:
            table.set_tier(key, cautious(tiers), "rsp-2021")
        table.row(key)["source"] = " / ".join(names)


def csv_host(url: str) -> str | None:
    """The outlet's host from an RSP CSV URL; catalogue links and deep links give None."""
    key = normalize_key(url)
    if not key or "?" in url or key.count("/") > 1:
        return None
    host = key.split("/", 1)[0]
    if any(host == stop or host.endswith("." + stop) for stop in CSV_STOP_HOSTS):
        return None
    return host


def read_storm(folder: Path, table: Table) -> None:
    """STORM's copy of the RSP unreliable side: globs like *.example.com and *.example.com/path."""
    for rec in json.loads((folder / "wikipedia_unreliable_sources.json").read_text(encoding="utf-8")):
        tier = RSP_WORDS.get(rec["Status"].lower())
        for glob in rec["Use"]:
            key = normalize_key(glob) if glob.startswith("*.") and tier else None
            if key:
                table.set_tier(key, tier, "storm")
                table.name(key, rec["Source"].replace("_", " "))


def read_cite_unseen(folder: Path, table: Table) -> None:
    """cite-unseen 2025: RSP tiers (the newest verdicts) and categories (mapped to source types)."""
    data = json.loads((folder / "cite-unseen_categorizedDomains_2025-06-13.json").read_text(encoding="utf-8"))
    found: dict[str, set[str]] = {}
    for category, tier in CITE_UNSEEN_TIERS.items():
        for key in filter(None, map(normalize_key, data[category])):
            found.setdefault(key, set()).add(tier)
    for key, tiers in found.items():
        table.set_tier(key, cautious(tiers), "cite-unseen-2025")
    for key in filter(None, map(normalize_key, data["rspMulti"])):
        known = table.rows.get(key, {}).get("seen", set()) - {"multi"}
        table.set_tier(key, "multi", "cite-unseen-2025", known | found.get(key, set()))
    for category, kind in CATEGORY_TYPES.items():
        for raw in data[category]:
            key = normalize_key(raw)
            if key and not (kind == "government" and key.split(".")[0] in SUFFIX_LABELS):
                table.row(key)["types"].add(kind)


def add_hand_types(table: Table) -> None:
    """Types this project adds; "wikipedia" replaces the open-wiki type for Wikipedia and its mirrors."""
    for kind, hosts in HAND_TYPES.items():
        for host in hosts.split():
            types = table.row(host)["types"]
            if kind == "wikipedia":
                types.discard("user-generated")
            types.add(kind)


def drop_shadowed_goggle(table: Table) -> None:
    """A goggle tier fills gaps only: not under a domain another list rates, nor on or under press wires,
    blogs, open wikis and the like (the goggle boosts, say, businesswire.com)."""
    for key, row in table.rows.items():
        if row.get("origin") != "goggle":
            continue
        parts = key.split("/", 1)[0].split(".")
        parents = [table.rows.get(".".join(parts[i:]), {}) for i in range(len(parts) - 1)]
        rated = any(p.get("origin") not in (None, "goggle") for p in parents[1:])
        if rated or any(CAUTION_TYPES & p.get("types", set()) for p in parents):
            for field in ("tier", "origin", "tiers", "seen"):
                row.pop(field, None)


def render(table: Table) -> str:
    """The JSON text: sorted keys, one domain per line so that diffs stay readable."""
    lines = []
    for key in sorted(table.rows):
        row = table.rows[key]
        out = {k: row[k] for k in ("tier", "tiers", "source", "origin") if row.get(k)}
        if row["types"]:
            out["types"] = sorted(row["types"])
        if out:
            lines.append(f"    {json.dumps(key)}: {json.dumps(out, ensure_ascii=False, sort_keys=True)}")
    head = {"schema": 1, "provenance": PROVENANCE, "tiers": list(TIER_ORDER) + ["multi"],
            "suffix_labels": {k: {"types": v[0], "tld": v[1]} for k, v in sorted(SUFFIX_LABELS.items())}}
    text = json.dumps(head, indent=1, ensure_ascii=False, sort_keys=True)
    return text[:-2] + ',\n "domains": {\n' + ",\n".join(lines) + "\n }\n}\n"


def build(folder: Path) -> Table:
    """Read every list in its precedence order and return the merged table."""
    table = Table()
    read_goggle(folder, table)
    read_rsp_csv(folder, table)
    read_storm(folder, table)
    read_cite_unseen(folder, table)
    add_hand_types(table)
    drop_shadowed_goggle(table)
    return table


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: build and write the JSON, print counts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent.parent / "auditor/data/reliability.json")
    args = parser.parse_args(argv)
    table = build(args.folder)
    text = render(table)
    json.loads(text)  # refuse to write a file the loader could not read
    args.out.write_text(text, encoding="utf-8")
    counts: dict[str, int] = {}
    for row in (r for r in table.rows.values() if r.get("tier") or r["types"]):
        counts[row.get("tier") or "(type only)"] = counts.get(row.get("tier") or "(type only)", 0) + 1
    print(f"{sum(counts.values())} entries, {len(text)} bytes -> {args.out}", file=sys.stderr)
    for tier, n in sorted(counts.items()):
        print(f"  {tier}: {n}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
